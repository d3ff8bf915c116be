"""Issue 19: the planner asks instead of guessing (no silent wrong actions).

Conversations are the language suite's (``ads4``: #1 hiking trail, #2 summer (yellow), #3
water splash (blue), #4 industrial loft; ``ads8`` adds #5 studio, #6 marble, #7 beach, #8
city night; ``ads4_edit`` adds #5, a warmer version of #2). Every check is on tool calls,
never on the planner's sentences, beyond the candidates a question names.
"""

from __future__ import annotations

import pytest

from agent.planner.caution import _SPLIT_AT, live_image_limits
from agent.planner.intents import _SAVED_AS
from agent.planner.segments import _BRAND_STATEMENT
from evals.language.contexts import build_context
from tests.unit.agent.planner.talk import calls, turn

ADS = build_context("ads4").images
ADS8 = build_context("ads8").images
EDITED = build_context("ads4_edit").images


@pytest.mark.parametrize("copy", ["Cold for 24 hours", "A cool treat on the trail",
                                  "Prevents leaks, keeps cold"])
def test_copy_is_set(copy: str) -> None:
    assert calls(turn("ads4", f"headline on #3: '{copy}'")) == [
        ("edit_image", {"asset_id": ADS[2], "headline": copy})]


@pytest.mark.parametrize("copy", ["Digital detox weekend", "Retail therapy for the trail",
                                  "Give your water the VIP treatment", "No more packing anxiety"])
def test_everyday_words_near_health_are_ordinary_copy(copy: str) -> None:
    # the ad policy guardrails judge claims; the planner refuses no word on its own
    assert calls(turn("ads4", f"headline on #1: '{copy}'")) == [
        ("edit_image", {"asset_id": ADS[0], "headline": copy})]


def test_a_live_image_longer_than_it_can_loop_is_asked_about() -> None:
    assert not turn("ads4", "animate #2, 10 seconds").tool_calls
    assert live_image_limits("animate it, 2 seconds") is not None
    assert calls(turn("ads4", "animate #2, 5 seconds")) == [
        ("animate_image", {"asset_id": ADS[1], "seconds": 5.0})]
    assert not turn("ads4", "make #2 an 8 second live image").tool_calls
    assert not turn("ads4", "animate #1 and make it loop for 10s").tool_calls


@pytest.mark.parametrize(("text", "index"), [("animate #2 with 2 s fade", 1),
                                             ("animate #1, 1 sec zoom then hold", 0)])
def test_seconds_of_a_move_are_not_the_loop_length(text: str, index: int) -> None:
    made = calls(turn("ads4", text))
    assert [(name, args["asset_id"]) for name, args in made] == [("animate_image", ADS[index])]
    assert "seconds" not in made[0][1]


def test_a_long_run_of_spaces_between_the_words_is_no_statement() -> None:
    # the bounded patterns answer at once; the unbounded ones took seconds to minutes here
    text = "save" + " " * 5000 + "navy"
    assert _SAVED_AS.search(text) is None
    assert _BRAND_STATEMENT.search(text) is None
    assert _SPLIT_AT.split("and" + " " * 5000 + "navy") == ["and" + " " * 5000 + "navy"]


@pytest.mark.parametrize(("text", "expected"), [
    ("the beach one cooler please and from the marble one i'd like a version for stories",
     [("edit_image", {"asset_id": ADS8[6], "warmth": -0.35}),
      ("edit_image", {"asset_id": ADS8[5], "placement": "story"})]),
    ("#2 a bit brighter and from #4 i'd love a story version",
     [("edit_image", {"asset_id": ADS8[1], "brightness": 0.3}),
      ("edit_image", {"asset_id": ADS8[3], "placement": "story"})]),
])
def test_each_image_gets_only_its_own_change(text: str, expected: list) -> None:
    assert calls(turn("ads8", text)) == expected


def test_the_same_change_for_several_images_stays_shared() -> None:
    made = calls(turn("ads4", "make #2 and #3 warmer and brighter"))
    assert [args["asset_id"] for _, args in made] == [ADS[1], ADS[2]]
    assert all(args.keys() == {"asset_id", "warmth", "brightness"} for _, args in made)


def test_more_images_than_compare_shows_are_asked_about_not_cut() -> None:
    assert not turn("ads8", "compare all of them").tool_calls


def test_numbers_joined_by_vs_are_all_compared() -> None:
    assert calls(turn("ads8", "compare 2 vs 5 vs 6")) == [
        ("compare_images", {"asset_ids": [ADS8[1], ADS8[4], ADS8[5]]})]


def test_a_count_more_than_the_images_that_fit_is_asked_about() -> None:
    reply = turn("ads4", "download the three blue ones")
    assert not reply.tool_calls
    assert "#3" in reply.text


def test_a_count_of_images_not_recognised_is_not_every_image() -> None:
    assert not turn("ads8", "download the two shiny ones").tool_calls


def test_an_ask_not_understood_is_not_dropped_while_the_rest_is_done() -> None:
    reply = turn("ads4", "make #3 pretty and give me 2 more for pinterest")
    assert not reply.tool_calls
    assert "#3" in reply.text


def test_praise_beside_an_ask_is_no_ask() -> None:
    made = calls(turn("ads4", "love the blue one! make #2 warmer"))
    assert made == [("edit_image", {"asset_id": ADS[1], "warmth": 0.35})]


def test_a_changed_version_of_a_named_image_is_an_edit_not_new_ads() -> None:
    made = calls(turn("ads4", "make me a cooler version of the yellow one"))
    assert [name for name, _ in made] == ["edit_image"]
    assert made[0][1]["asset_id"] == ADS[1] and made[0][1]["warmth"] < 0


def test_a_size_after_an_edit_of_one_image_is_asked_about() -> None:
    # #2 resized, or a new ad for linkedin: both fit
    assert not turn("ads4", "make #2 warmer and then give me one for linkedin").tool_calls


def test_a_colour_named_after_a_scene_is_a_colour() -> None:
    made = calls(turn("ads4", "#2 background forest green please"))
    assert [name for name, _ in made] == ["edit_image"]
    assert "theme" not in made[0][1] and made[0][1]["backdrop_color"]


def test_a_change_after_an_undo_is_made_to_the_version_brought_back() -> None:
    assert calls(turn("ads4_edit", "undo, then make it brighter instead")) == [
        ("revert_image", {"asset_id": EDITED[4]}),
        ("edit_image", {"asset_id": EDITED[1], "brightness": 0.3})]


def test_it_and_the_original_are_both_meant() -> None:
    assert calls(turn("ads4_edit", "download it and the original")) == [
        ("download_images", {"asset_ids": [EDITED[4], EDITED[1]]})]


def test_a_size_with_a_german_suffix_is_read() -> None:
    assert calls(turn("ads8", "the beach one as a 300x250er banner")) == [
        ("edit_image", {"asset_id": ADS8[6], "placement": "medium-rectangle"})]


def test_a_new_size_right_after_naming_one_image_is_asked_about() -> None:
    # "a banner too" after naming #5: #5 as a banner, or new banner ads?
    assert not turn("ads4_edit", "download that one, and also make a 728x90 banner").tool_calls


def test_new_ads_with_a_count_are_still_made_after_naming_an_image() -> None:
    made = calls(turn("ads4", "download #2, then 3 more for stories"))
    assert [name for name, _ in made] == ["download_images", "generate_ad_images"]


def test_a_note_about_an_ad_is_not_a_brief_update() -> None:
    # a copy slot without the words in quotes: asked, never recorded as a brief fact
    assert not turn("ads4", "pop our discount code in the subline of the blue one").tool_calls


def test_carousel_cards_keep_the_words_as_typed() -> None:
    made = calls(turn("ads4", "un carrousel de 3 cartes : fraîcheur, légèreté, solidité"))
    assert made[0][0] == "make_carousel"
    assert [c.lower() for c in made[0][1]["cards"]] == ["fraîcheur", "légèreté", "solidité"]


def test_the_camera_move_replaced_is_not_the_new_one() -> None:
    made = calls(turn("storyboard", "shot 2: swap the pan for a zoom"))
    assert made[0][0] == "revise_storyboard" and made[0][1]["camera"] == "push_in"


def test_a_video_shorter_than_a_video_can_be_is_asked_about() -> None:
    assert not turn("ads4", "make a 3 second video").tool_calls


def test_both_edges_named_are_both_meant() -> None:
    made = calls(turn("ads8", "compare the first two and the last two"))
    assert made == [("compare_images", {"asset_ids": [ADS8[0], ADS8[1], ADS8[6], ADS8[7]]})]


def test_a_brief_that_says_not_yet_makes_no_ads() -> None:
    made = [name for name, _ in calls(turn(
        "asked_product", "it's a bamboo toothbrush for eco shoppers. no ads yet, just note it"))]
    assert "generate_ad_images" not in made and "extract_features" in made


def test_a_filler_word_is_no_product_name() -> None:
    assert not turn("asked_product", "hm, just do something nice").tool_calls


def test_with_our_colours_uses_the_kit() -> None:
    made = calls(turn("ads4_logo", "make 3 more with our colours"))
    assert made[0][0] == "generate_ad_images" and made[0][1].get("brand_colors")


@pytest.mark.parametrize("text", ["I like Manrope", "Manrope looks nice", "use Manrope"])
def test_a_font_mentioned_is_not_saved_to_the_brand_kit(text: str) -> None:
    assert "save_brand_kit" not in [name for name, _ in calls(turn("ads4", text))]


def test_a_font_stated_as_the_brand_font_is_saved() -> None:
    assert calls(turn("ads4", "our font is Manrope")) == [
        ("save_brand_kit", {"font": "manrope"})]


def test_a_font_for_everything_is_set_on_every_ad() -> None:
    made = calls(turn("ads4_logo", "put the font lato everywhere"))
    assert [args["asset_id"] for _, args in made] == ADS
    assert all(name == "edit_image" and args["font"] == "lato" for name, args in made)


def test_a_correction_replaces_the_size_it_corrects() -> None:
    assert calls(turn("ads4", "make #2 a story. no wait, make it a pin")) == [
        ("edit_image", {"asset_id": ADS[1], "placement": "pin"})]


def test_two_sizes_of_one_image_are_two_versions() -> None:
    assert calls(turn("ads4", "#2 as a 970x250 and also a 300x600")) == [
        ("edit_image", {"asset_id": ADS[1], "placement": "billboard"}),
        ("edit_image", {"asset_id": ADS[1], "placement": "half-page"})]


def test_an_image_number_before_more_is_no_count() -> None:
    made = calls(turn("ads4", "make #2 more beachy"))
    assert [name for name, _ in made] == ["edit_image"]


def test_too_much_of_a_scene_is_not_that_scene() -> None:
    made = calls(turn("ads4", "the yellow one feels too summery for our winter sale"))
    assert all(args.get("theme") != "summer" for _, args in made)


def test_a_question_whether_a_change_would_work_changes_nothing() -> None:
    assert not turn("ads4", "would a darker background work for #3?").tool_calls


def test_an_occasion_beside_a_change_is_no_new_scene() -> None:
    assert calls(turn("ads4", "#3 needs a warmer tone, it's for autumn")) == [
        ("edit_image", {"asset_id": ADS[2], "warmth": 0.35})]
    made = calls(turn("ads4", "make #1 darker, halloween style"))
    assert made[0][1]["theme"] == "halloween"


def test_a_count_after_generate_is_how_many() -> None:
    made = calls(turn("ads4", "generate 2 in the style of a magazine cover"))
    assert made[0][0] == "generate_ad_images" and made[0][1]["n"] == 2


def test_every_image_named_after_except_is_kept() -> None:
    made = calls(turn("ads8", "delete everything except the beach one and the marble one"))
    assert made == [("delete_images", {"asset_ids": [ADS8[n] for n in (0, 1, 2, 3, 4, 7)]})]
    made = calls(turn("ads8", "delete all but the first and the last"))
    assert made == [("delete_images", {"asset_ids": ADS8[1:7]})]


def test_make_that_one_is_no_correction() -> None:
    made = calls(turn("ads4_edit", "scrap that, go back to the one before and make that one "
                                   "cooler instead"))
    assert made[-1] == ("edit_image", {"asset_id": EDITED[1], "warmth": -0.35})


@pytest.mark.parametrize(("text", "name"), [
    ("oops wrong photo, it's actually a backpack", "backpack"),
    ("a ceramic mug... actually no, it's a teapot", "teapot"),
    ("c'est une gaufre... non je rigole, c'est une bouilloire en fonte", "bouilloire"),
    ("es un gofre... no, es broma, es una tetera de hierro", "tetera"),
])
def test_the_product_named_after_a_correction_is_the_product(text: str, name: str) -> None:
    made = dict(calls(turn("asked_product", text)))
    assert name in made["update_brief"]["product_name"].lower()


def test_a_photo_said_not_to_be_the_product_names_nothing() -> None:
    assert not turn("asked_product", "not the product, just a test photo").tool_calls


def test_an_image_number_before_more_makes_no_new_ads() -> None:
    made = [name for name, _ in calls(turn("ads4", "make the text on #1 more readable"))]
    assert "generate_ad_images" not in made


def test_counted_versions_of_an_image_take_its_scene() -> None:
    made = calls(turn("ads4", "make 2 more versions of #3"))
    assert made[0][0] == "generate_ad_images"
    assert made[0][1]["n"] == 2 and made[0][1]["theme"] == "water-splash"


def test_a_font_name_with_a_number_word_is_no_count() -> None:
    assert calls(turn("ads4", "please use Fjalla One for all future ads")) == [
        ("save_brand_kit", {"font": "fjalla-one"})]


def test_colours_saved_as_brand_colours_are_saved_not_applied() -> None:
    made = calls(turn("ads4_logo", "put our logo on the blue one and save navy and gold as "
                                   "brand colours"))
    assert [name for name, _ in made] == ["edit_image", "save_brand_kit"]
    assert made[0][1].keys() == {"asset_id", "logo"}
    assert len(made[1][1]["colors"]) == 2


def test_a_new_logo_attached_is_the_logo() -> None:
    made = calls(turn("new_photo", "new logo, please replace the old one"))
    assert [name for name, _ in made] == ["save_brand_kit"]


@pytest.mark.parametrize("text", ["can you make videos too?",
                                  "how would a 9:16 version of #1 look?"])
def test_a_question_about_what_could_be_done_does_nothing(text: str) -> None:
    assert not turn("ads4", text).tool_calls


def test_an_ask_about_it_not_understood_stops_the_rest() -> None:
    reply = turn("ads4", "remove the background from #2 and make it white")
    assert not reply.tool_calls
    assert "#2" in reply.text


def test_none_of_them_on_a_scene_is_not_that_scene() -> None:
    made = calls(turn("ads4", "a few more, none of them on the beach"))
    assert made[0][0] == "generate_ad_images" and made[0][1]["theme"] != "beach"


def test_the_background_colour_is_the_one_named_with_the_background() -> None:
    made = calls(turn("ads4", "give #1 a navy backdrop and a white headline"))
    assert made == [("edit_image", {"asset_id": ADS[0], "backdrop_color": "#1F2A44"})]
