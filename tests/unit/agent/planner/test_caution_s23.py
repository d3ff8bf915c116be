"""Where a weak reading used to become an action, the planner asks (session 23).

Each section is one cause of a silent wrong action found on the fresh8 split, checked with
utterances of our own in several languages (typos included), with a control that a clear
ask still acts. Conversations are the language suite's (``ads4``: #1 hiking trail, #2
summer, #3 water splash, #4 industrial loft; ``ads8`` adds #5 studio, #6 marble, #7 beach,
#8 city night; ``new_text`` is an empty chat, no photo).
"""

from __future__ import annotations

from typing import Any

import pytest

from evals.language.contexts import build_context
from tests.unit.agent.planner.talk import calls, turn

ADS = build_context("ads8").images


def _asks(context: str, text: str) -> str:
    reply = turn(context, text)
    assert not reply.tool_calls and reply.content, calls(reply)
    return str(reply.content)


def _only(context: str, text: str, tool: str) -> list[dict[str, Any]]:
    made = calls(turn(context, text))
    assert made and {name for name, _ in made} == {tool}, made
    return [args for _, args in made]


# 1. "and 2 for christmas" after a filler word: two new ads, or #2 in that scene? Both fit.

@pytest.mark.parametrize("text", [
    "ok and 3 for halloween",
    "alright, 2 for valentines",
    "also 3 for christmas",
    "ok und 2 für weihnachten",
    "vale y 2 para navidad",
])
def test_a_bare_count_with_a_scene_after_a_filler_is_asked(text: str) -> None:
    _asks("ads4", text)


def test_a_count_with_more_still_generates() -> None:
    (args,) = _only("ads4", "ok and 2 more for christmas", "generate_ad_images")
    assert args["n"] == 2


# 2. Two opposite changes offered as a choice decide nothing

@pytest.mark.parametrize("text", [
    "#2 warmer or cooler, not sure",
    "the summer one brighter or darker? idk",
    "le #3 plus clair ou plus sombre, je sais pas",
    "die #1 wärmer oder kühler, weiß nicht",
    "la #4 más cálida o más fría, no sé",
])
def test_opposite_changes_offered_as_a_choice_are_asked(text: str) -> None:
    _asks("ads4", text)


def test_one_clear_change_still_acts() -> None:
    (args,) = _only("ads4", "#2 a bit warmer please", "edit_image")
    assert args["asset_id"] == ADS[1] and args["warmth"] > 0


# 3. Thinking aloud, deciding later: nothing is done yet

@pytest.mark.parametrize("text", [
    "could #3 be cooler? only wondering for now, I won't decide until Monday",
    "maybe the beach one on marble, I'll decide later",
    "would #1 look better warmer? just thinking out loud for now",
])
def test_deciding_later_does_nothing(text: str) -> None:
    _asks("ads8", text)


# 4. A live image in Spanish / Portuguese ("en vivo", "ao vivo") is a live image, never new ads

@pytest.mark.parametrize("text", [
    "haz una imagen en vivo de la segunda",
    "una foto en vivo de la #2 porfa",
    "faz uma imagem ao vivo da segunda",
])
def test_a_live_image_in_other_words_animates(text: str) -> None:
    (args,) = _only("ads4", text, "animate_image")
    assert args["asset_id"] == ADS[1]


def test_a_live_image_too_long_is_asked_not_generated() -> None:
    _asks("ads4", "haz una imagen en vivo de doce segundos de la primera")


# 5. A mood word beside spelled-out changes is no new scene; a mood alone over many ads is asked

@pytest.mark.parametrize("text", [
    "#1: moodier. a bit darker and cooler",
    "#1 more moody - darker, less warm",
])
def test_a_mood_spelled_out_changes_only_the_look(text: str) -> None:
    (args,) = _only("ads4", text, "edit_image")
    assert args["asset_id"] == ADS[0]
    assert "theme" not in args and args["brightness"] < 0 and args["warmth"] < 0


@pytest.mark.parametrize("text", [
    "the light ones, more premium",
    "all of them more luxurious",
    "todas más elegantes",
])
def test_a_vague_mood_over_several_ads_is_asked(text: str) -> None:
    _asks("ads8", text)


def test_a_mood_on_one_ad_still_acts() -> None:
    (args,) = _only("ads4", "the splash one, make it feel more premium", "edit_image")
    assert args["asset_id"] == ADS[2]


# 6. Ads asked for a client or a campaign, or a bare word while no photo exists yet: asked

@pytest.mark.parametrize("text", [
    "need 4 ads for the shoe client, feed",
    "make 6 variants for the spring campaign",
    "could you do some adverts for my mugs? I don't have a photo yet",
    "ads for my candles pls, haven't got a picture yet",
])
def test_no_product_described_asks_for_it(text: str) -> None:
    _asks("new_text", text)


def test_a_described_product_is_still_briefed() -> None:
    made = calls(turn("new_text", "we sell handmade ceramic mugs, dishwasher safe, for coffee "
                                  "lovers"))
    assert [name for name, _ in made][:2] == ["update_brief", "extract_features"]


# 7. A size named for a place ("4:5 for feed") is that size, not also the feed's square

@pytest.mark.parametrize("text", [
    "4 ads, 4:5 for the feed and 9:16 for stories",
    "4 anuncios, 4:5 para el feed y 9:16 para historias",
])
def test_a_ratio_named_for_the_feed_is_the_only_feed_size(text: str) -> None:
    made = calls(turn("photo_brief", text))
    placements = [args["placements"] for name, args in made if name == "generate_ad_images"]
    assert placements and sorted(placements[0]) == ["portrait", "story"], made


# 8. An exception after a comma narrows the ask before it; it is no request of its own

@pytest.mark.parametrize("text", [
    "all the light ones cooler, except the marble one",
    "todas las claras más frías, excepto la de mármol",
    "alle hellen kühler, außer #6",
])
def test_an_exception_after_a_comma_is_left_out(text: str) -> None:
    made = _only("ads8", text, "edit_image")
    assert sorted(args["asset_id"] for args in made) == [ADS[1], ADS[2], ADS[4], ADS[6]]
    assert all(args["warmth"] < 0 for args in made)


# 9. "spin up 2", "crank out 3": a count of new ads, never the default four

@pytest.mark.parametrize(("text", "count"), [
    ("spin up 2 for pinterest", 2),
    ("crank out 3 for tiktok pls", 3),
    ("churn out 2 more for pinterest", 2),
    ("spin up 5 more for the feed", 5),
])
def test_spin_up_counts_new_ads(text: str, count: int) -> None:
    (args,) = _only("ads4", text, "generate_ad_images")
    assert args["n"] == count
