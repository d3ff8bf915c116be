"""Where a weak reading used to become an action, the planner asks (session 21).

Each section is one mechanism that turned an unsure reading into a silent wrong action,
checked on paraphrases in several languages, with a control that a clear ask still acts.
Conversations are the language suite's (``ads4``: #1 hiking trail, #2 summer, #3 water
splash, #4 industrial loft; ``ads8`` adds #5 studio, #6 marble, #7 beach, #8 city night;
``ads4_edit`` adds #5, a warmer version of #2; ``storyboard`` has four ads and a
storyboard of four shots; ``new_text`` is a new chat with no photo).
"""

from __future__ import annotations

from typing import Any

import pytest

from evals.language.contexts import STORYBOARD, build_context
from tests.unit.agent.planner.talk import calls, turn

ADS = build_context("ads8").images


def _names(context: str, text: str) -> list[str]:
    return [name for name, _ in calls(turn(context, text))]


def _asks(context: str, text: str) -> None:
    reply = turn(context, text)
    assert not reply.tool_calls and reply.content, calls(reply)


def _only(context: str, text: str, tool: str) -> list[dict[str, Any]]:
    made = calls(turn(context, text))
    assert made and {name for name, _ in made} == {tool}, made
    return [args for _, args in made]


# 1. A sentence is no product name: a question or a clause with a subject names nothing,
#    and a shop's range ("we sell soaps" after "ads for my little shop") is no one product

@pytest.mark.parametrize("text", [
    "Je souhaite lancer une campagne pour notre nouvelle montre connectée.",
    "oye necesito unos anuncios pa mi marca de ropa, ¿cómo empezamos?",
    "hola, ¿por dónde empezamos?",
    "Ich hätte gerne Werbung für meinen kleinen Laden, wir verkaufen handgemachte Seifen. "
    "Können Sie da etwas machen?",
    "we need ads for our little shop, we sell handmade candles",
])
def test_a_sentence_starts_no_brief(text: str) -> None:
    assert "extract_features" not in _names("new_text", text)


@pytest.mark.parametrize(("text", "word"), [
    ("Wir verkaufen handgemachte Seifen, brauchen Anzeigen für Instagram", "seife"),
    ("we sell bamboo toothbrushes, compostable handle", "toothbrush"),
])
def test_a_product_said_plainly_still_starts_the_brief(text: str, word: str) -> None:
    made = calls(turn("new_text", text))
    assert [name for name, _ in made][:2] == ["update_brief", "extract_features"]
    assert word in made[0][1]["product_name"].lower()


def test_an_answer_naming_the_product_is_still_the_name() -> None:
    made = calls(turn("asked_product", "son zapatillas de running para mujer, campaña de "
                                       "verano, tono enérgico"))
    assert made and made[0][0] == "update_brief"
    assert "zapatillas" in made[0][1]["product_name"].lower()


# 2. A choice left open ("or both? idk yet") is asked, not settled on the last word said

@pytest.mark.parametrize("text", [
    "4 ads, story, no wait landscape, or both? idk yet",
    "3 ads for pinterest or instagram or both?",
    "2 for instagram and maybe one for pinterest, not sure",
    "make #2 a story, idk which size yet",
])
def test_an_open_choice_is_asked(text: str) -> None:
    context = "ads4" if "#" in text else "photo_brief"
    _asks(context, text)


def test_a_decided_ask_still_acts() -> None:
    (args,) = _only("photo_brief", "4 ads, story, no wait, landscape", "generate_ad_images")
    assert args["n"] == 4 and args["placements"] == ["landscape"]


def test_cant_decide_with_a_comparison_compares() -> None:
    (args,) = _only("ads4", "compare 1 and 3 for me, cant decide", "compare_images")
    assert args["asset_ids"] == [ADS[0], ADS[2]]


# 3. "The last picture" beside a storyboard: the last ad or the last shot?

@pytest.mark.parametrize("text", [
    "Könnten Sie bitte im letzten Bild den Text „Jetzt bestellen“ verwenden?",
    "in the last picture use the text 'Order now'",
    "put 'Shop the drop' on the first image",
])
def test_a_picture_named_by_place_beside_a_storyboard_is_asked(text: str) -> None:
    _asks("storyboard", text)


def test_the_last_shot_is_still_revised() -> None:
    (args,) = _only("storyboard", "the last shot should say 'Order now'", "revise_storyboard")
    assert args["storyboard_id"] == STORYBOARD and args["shot"] == 4


def test_the_last_picture_without_a_storyboard_is_the_last_ad() -> None:
    (args,) = _only("ads4", "in the last picture use the headline 'Order now'", "edit_image")
    assert args["asset_id"] == ADS[3]


# 4. "The video", changed in words that name no setting: not the same storyboard again,
#    nor a render

@pytest.mark.parametrize("text", [
    "ponle más rollo al vídeo",
    "give the video more punch",
    "make the video better",
    "mach das Video etwas spannender",
])
def test_a_vague_change_to_the_video_is_asked(text: str) -> None:
    _asks("storyboard", text)


def test_a_named_change_to_the_video_still_acts() -> None:
    (args,) = _only("storyboard", "make the whole thing 8 seconds", "write_storyboard")
    assert args["seconds"] == 8
    (args,) = _only("storyboard", "make the video now", "generate_video")
    assert args["storyboard_id"] == STORYBOARD


# 5. Images listed by their scenes ("the beach and marble"): the scene word names an image,
#    it asks no new scene

def test_images_kept_by_scene_are_not_deleted_with_the_rest() -> None:
    (args,) = _only("ads8", "keep the beach and marble, delete the rest", "delete_images")
    assert set(args["asset_ids"]) == {ADS[n - 1] for n in (1, 2, 3, 4, 5, 8)}


@pytest.mark.parametrize("text", [
    "the beach and the marble, put them in pinterest format",
    "la plage et le marbre, mettez-les en format Pinterest",
    "the beach and marble as pins",
])
def test_images_listed_by_scene_are_each_changed(text: str) -> None:
    made = _only("ads8", text, "edit_image")
    assert {a["asset_id"] for a in made} == {ADS[6], ADS[5]}
    assert all(a.get("placement") == "pin" and "theme" not in a for a in made)


def test_a_scene_asked_for_one_image_is_still_a_scene() -> None:
    (args,) = _only("ads8", "put the beach one on marble", "edit_image")
    assert args == {"asset_id": ADS[6], "theme": "marble"}


# 6. "The new version next to the old one": the latest edit beside its original

@pytest.mark.parametrize("text", [
    "show the new version next to the old one",
    "put the old one next to the new one",
])
def test_the_new_version_beside_the_old_one_is_compared(text: str) -> None:
    (args,) = _only("ads4_edit", text, "compare_images")
    edits = build_context("ads4_edit").images
    assert args["asset_ids"] == [edits[1], edits[4]]
