"""Everyday messages a blind writer typed (the language suite's ``fresh3``), as calls.

Expected calls come from what each message asks for in the suite's known conversations
(``ads4``: #1 hiking trail, #2 summer, #3 water splash, #4 industrial loft; ``ads8`` adds #5
studio, #6 marble, #7 beach, #8 city night). Each was answered wrongly before: the comment
says how.
"""

from __future__ import annotations

import pytest

from evals.language.contexts import build_context
from tests.unit.agent.planner.talk import calls, turn

ADS = build_context("ads8").images


def test_a_question_that_says_not_to_act_yet_is_not_acted_on() -> None:
    # #2 was made warmer
    assert calls(turn("ads4", "could you make #2 warmer? just asking if thats possible, dont "
                              "do it yet")) == []


def test_an_ask_that_only_keeps_the_rest_as_is_is_acted_on() -> None:
    made = calls(turn("ads4", "make #2 warmer, don't change anything else"))
    assert [(n, a["asset_id"]) for n, a in made] == [("edit_image", ADS[1])]


def test_a_remark_between_a_list_and_the_next_ask_keeps_the_list_whole() -> None:
    # only the studio one was deleted
    made = calls(turn("ads8", "delete the studio one and the marble one, they look the same, "
                              "then 2 more on the beach"))
    assert made[0] == ("delete_images", {"asset_ids": [ADS[4], ADS[5]]})
    assert made[1][0] == "generate_ad_images"
    assert made[1][1]["n"] == 2 and made[1][1]["theme"] == "beach"


@pytest.mark.parametrize("text", ["compare #2 and #3 then download them all",
                                  "compare la 2 et la 3 puis télécharge-les toutes"])
def test_a_compared_pair_then_another_ask_both_happen(text: str) -> None:
    made = calls(turn("ads4", text))  # only a download of #3
    assert made == [("compare_images", {"asset_ids": [ADS[1], ADS[2]]}),
                    ("download_images", {})]  # all of them: the whole gallery


@pytest.mark.parametrize("text", ["#1 and #2, one warmer one cooler",
                                  "#1 and #2: one brighter, the other darker"])
def test_opposite_changes_without_saying_which_image_gets_which_are_asked(text: str) -> None:
    assert calls(turn("ads4", text)) == []  # both were made cooler


@pytest.mark.parametrize("text", ["2 para navidad", "2 for christmas"])
def test_a_bare_number_and_a_season_asks_new_ads_or_that_image(text: str) -> None:
    assert calls(turn("ads4", text)) == []  # #2 was put in a christmas scene


def test_a_spanish_diminutive_and_numero_name_the_change_and_the_image() -> None:
    made = calls(turn("ads4", "la número 4 más clarita porfa"))  # four new ads were made
    assert len(made) == 1 and made[0][0] == "edit_image"
    assert made[0][1]["asset_id"] == ADS[3] and made[0][1]["brightness"] > 0


def test_forest_green_in_spanish_is_a_colour_not_the_forest_scene() -> None:
    made = calls(turn("ads4", "fondo verde bosque en la 1"))  # theme forest was added
    assert made == [("edit_image", {"asset_id": ADS[0], "backdrop_color": "#228B22"})]


def test_a_carousel_takes_the_cards_typed_in_quotes() -> None:
    # the features' lines were used instead
    made = calls(turn("ads4", "haz un carrusel con 'Aventura', 'Frío 24 h', 'Pídela hoy'"))
    assert made[0][0] == "make_carousel"
    assert made[0][1]["cards"] == ["Aventura", "Frío 24 h", "Pídela hoy"]


def test_a_carousel_of_more_cards_than_it_takes_is_asked() -> None:
    assert calls(turn("ads4", "carousel, 12 cards, one per month")) == []  # 4 cards made


def test_downloading_a_video_before_any_is_made_packs_nothing() -> None:
    assert calls(turn("ads4", "download the video")) == []  # the images were packed


def test_where_the_ads_run_is_not_the_product() -> None:
    made = calls(turn("new_text", "make me some ads for my shop"))  # product "Shop"
    assert not any(a.get("product_name") or a.get("title") for _, a in made)


@pytest.mark.parametrize(("text", "number"), [
    ("make the first one warmer, hold off on the rest", 1),  # a hold on part of it only
    ("make #2 warmer but hold off on the headline", 2),
])
def test_holding_off_on_part_of_the_ads_still_does_the_rest(text: str, number: int) -> None:
    made = calls(turn("ads4", text))
    assert [(n, a["asset_id"]) for n, a in made] == [("edit_image", ADS[number - 1])]


@pytest.mark.parametrize(("text", "args"), [
    ("download #2 for reels", {"asset_ids": [ADS[1]]}),  # a purpose, not a video to pack
    ("download all, I'll make the video myself", {}),
])
def test_a_video_named_as_the_purpose_does_not_stop_a_download(
        text: str, args: dict[str, list[str]]) -> None:
    assert calls(turn("ads4", text)) == [("download_images", args)]


def test_downloading_an_unrendered_storyboards_video_offers_to_render_it() -> None:
    reply = turn("storyboard", "download the video")
    assert reply.tool_calls == [] and "render" in str(reply.content)


@pytest.mark.parametrize(("text", "cards"), [
    ("carousel with cards: 'Hot days', 'Cold water', 'Don't wait'",
     ["Hot days", "Cold water", "Don't wait"]),
    ("a carousel: \u2018It\u2019s cold\u2019, \u2018Order now\u2019",
     ["It\u2019s cold", "Order now"]),
])
def test_an_apostrophe_inside_a_quoted_card_stays_in_it(text: str, cards: list[str]) -> None:
    made = calls(turn("ads4", text))
    assert made[0][0] == "make_carousel" and made[0][1]["cards"] == cards


@pytest.mark.parametrize("text", ["two more, one brighter one darker",
                                  "make 2 versions of #1, one bigger one smaller"])
def test_one_each_way_for_new_ads_or_versions_is_not_asked_which_image(text: str) -> None:
    assert calls(turn("ads4", text)) != []
