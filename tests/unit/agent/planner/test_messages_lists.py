"""Lists of images and asks in one message: "and the other two", questions beside asks, "ok, …".

Each expected call is read from what the message asks in the suite's known conversations
(``ads4``: #1 hiking trail (green), #2 summer (yellow), #3 water splash (blue), #4
industrial loft (dark); ``ads8`` adds #5 studio, #6 marble, #7 beach, #8 city night; the
light ones are #2, #3, #5, #6 and #7, #1 is mid-toned; ``ads4_edit`` adds #5, a warmer version of #2
made last turn; ``storyboard`` has four shots; ``photo_brief`` has a photo and a brief).
"""

from __future__ import annotations

from typing import Any

import pytest

from evals.language.contexts import build_context
from tests.unit.agent.planner.talk import calls, turn
from tests.unit.agent.planner.test_messages_split import whole_turn

ADS = build_context("ads4").images
ADS8 = build_context("ads8").images
EDITED = build_context("ads4_edit").images


def _named(reply_calls: list[tuple[str, dict[str, Any]]], tool: str) -> list[dict[str, Any]]:
    return [args for name, args in reply_calls if name == tool]


@pytest.mark.parametrize("text", ["delete #5 and #6", "remove #5 and #6 please",
                                  "supprime la 5 et la 6"])
def test_a_list_of_images_to_delete_deletes_every_one(text: str) -> None:
    assert _named(calls(turn("ads8", text)), "delete_images") == [
        {"asset_ids": [ADS8[4], ADS8[5]]}]


def test_the_other_two_are_the_images_the_message_did_not_name() -> None:
    made = calls(turn("ads4", "can you turn #3 into a story and #4 into a pin, then bin the "
                              "other two"))
    assert _named(made, "delete_images") == [{"asset_ids": [ADS[0], ADS[1]]}]
    assert {a["asset_id"]: a["placement"] for a in _named(made, "edit_image")} == {
        ADS[2]: "story", ADS[3]: "pin"}


def test_the_other_ones_get_the_second_change() -> None:
    edits = {a["asset_id"]: a for a in _named(calls(turn("ads4", "#2 cooler, the other ones "
                                                                  "warmer")), "edit_image")}
    assert edits[ADS[1]]["warmth"] < 0
    assert all(edits[a]["warmth"] > 0 for a in (ADS[0], ADS[2], ADS[3]))


@pytest.mark.parametrize("text", ["make 2 other like the blue one",
                                  "put 3 and 4 next to each other"])
def test_other_without_the_is_not_the_rest(text: str) -> None:
    made = calls(turn("ads4", text))
    assert not _named(made, "delete_images")
    assert len(made) == 1


def test_a_question_beside_an_ask_changes_nothing_itself() -> None:
    made = calls(turn("ads4", "make the blue one brighter please. btw which size works best "
                              "for tiktok?"))
    assert made == [("edit_image", {"asset_id": ADS[2], "brightness": pytest.approx(0.3)})]


def test_all_of_a_kind_except_one_is_that_kind_without_it() -> None:
    edits = _named(calls(turn("ads8", "every bright one apart from the marble one: cooler")),
                   "edit_image")
    assert {a["asset_id"] for a in edits} == {ADS8[1], ADS8[2], ADS8[4], ADS8[6]}
    assert all(a["warmth"] < 0 for a in edits)


def test_everything_except_a_bare_number_keeps_that_image() -> None:
    made = _named(calls(turn("ads8", "delete everything except 2, final answer")),
                  "delete_images")
    assert made == [{"asset_ids": [a for a in ADS8 if a != ADS8[1]]}]


def test_button_text_in_quotes_is_the_button_only() -> None:
    made = calls(turn("ads4", "on #3 set the button text to 'Grab it'"))
    assert made == [("edit_image", {"asset_id": ADS[2], "cta": "Grab it"})]


def test_a_reel_made_out_of_an_ad_is_a_vertical_video() -> None:
    boards = _named(calls(turn("ads8", "could you make a quick reel from the marble one")),
                    "write_storyboard")
    assert boards and boards[0]["size"] == "1080x1920"


def test_reels_as_a_size_is_still_a_resize() -> None:
    made = calls(turn("ads8", "the marble one for reels"))
    assert made == [("edit_image", {"asset_id": ADS8[5], "placement": "story"})]


@pytest.mark.parametrize("text", ["hi! no idea how any of this works", "you decide"])
def test_a_lost_user_is_not_a_product_brief(text: str) -> None:
    assert not calls(turn("new_text", text))


def test_the_newest_one_is_the_last_image() -> None:
    made = calls(turn("ads8", "the newest one, but with a navy backdrop"))
    assert [a["asset_id"] for a in _named(made, "edit_image")] == [ADS8[7]]


@pytest.mark.parametrize("text", ["i think i liked it better before", "it looked better before"])
def test_liking_it_better_before_takes_the_edit_back(text: str) -> None:
    assert calls(turn("ads4_edit", text)) == [("revert_image", {"asset_id": EDITED[4]})]


@pytest.mark.parametrize(("text", "n", "placement"), [
    ("gimme 3 for pinterest", 3, "pin"),
    ("alright show me what you can do, 2 for stories please", 2, "story"),
])
def test_a_count_for_a_placement_makes_ads(text: str, n: int, placement: str) -> None:
    made = _named(calls(turn("photo_brief", text)), "generate_ad_images")
    assert [(a["n"], a["placements"]) for a in made] == [(n, [placement])]


def test_some_for_an_occasion_then_a_count_is_one_generation() -> None:
    made = _named(calls(turn("ads4", "make some for valentines, maybe 3, headline 'Be mine'")),
                  "generate_ad_images")
    assert [(a["n"], a["theme"], a["headline"]) for a in made] == [
        (3, "valentines-day", "Be mine")]


def test_cutting_the_product_out_beside_a_resize_is_two_asks() -> None:
    made = calls(turn("ads4", "the green one as a 728x90 and also cut the bottle out for "
                              "our shop"))
    assert ("edit_image", {"asset_id": ADS[0], "placement": "leaderboard"}) in made
    assert [n for n, _ in made].count("remove_background") == 1


def test_ok_then_shot_changes_then_render_does_all_three() -> None:
    made = whole_turn("storyboard", "ok, change the text of shot 1 to 'Hello cold' and remove "
                                    "4, then generate the video")
    revisions = _named(made, "revise_storyboard")
    assert [(r["shot"], r.get("text"), r.get("action")) for r in revisions] == [
        (1, "Hello cold", None), (4, None, "remove")]
    assert [n for n, _ in made][-1] == "generate_video"


def test_numbered_steps_are_asks_not_image_numbers() -> None:
    made = whole_turn("ads4", "first: the blue one, the bottle bigger. second: the yellow one "
                              "warmer. third: zip everything")
    assert _named(made, "edit_image") == [
        {"asset_id": ADS[2], "product_scale": pytest.approx(1.2)},
        {"asset_id": ADS[1], "warmth": pytest.approx(0.35)}]
    assert [n for n, _ in made].count("download_images") == 1
    assert not any(a.get("asset_ids") == [ADS[2]] for a in _named(made, "download_images"))


def test_an_image_named_without_an_ask_does_not_take_the_ask_before_it() -> None:
    edits = _named(calls(turn("ads4", "make the mountain one pop more, and the loft one feels "
                                      "flat, maybe more contrast?")), "edit_image")
    by_image = {a["asset_id"]: a for a in edits}
    assert by_image[ADS[3]]["contrast"] > 0 and "product_scale" not in by_image[ADS[3]]


def test_delete_said_last_with_please_first() -> None:
    assert _named(calls(turn("ads4", "please the third image delete")), "delete_images") == [
        {"asset_ids": [ADS[2]]}]


def test_the_night_one_is_the_night_scene_not_every_dark_image() -> None:
    assert _named(calls(turn("ads8", "remove the night one")), "delete_images") == [
        {"asset_ids": [ADS8[7]]}]


def test_a_count_of_themed_ones_is_new_ads() -> None:
    made = _named(calls(turn("ads4", "three halloween ones please")), "generate_ad_images")
    assert [(a["n"], a["theme"]) for a in made] == [(3, "halloween")]


def test_the_camera_move_replaced_is_not_the_one_asked_for() -> None:
    made = _named(calls(turn("storyboard", "shot 2: pan to the left instead of to the right")),
                  "revise_storyboard")
    assert [(r["shot"], r["camera"]) for r in made] == [(2, "pan_left")]


def test_the_theme_named_after_a_surface_wins() -> None:
    made = _named(calls(turn("ads4", "two more on concrete")), "generate_ad_images")
    assert [a["theme"] for a in made] == ["minimalist-concrete"]


def test_is_the_x_one_too_dark_is_a_question() -> None:
    assert not calls(turn("ads8", "is the loft one too dark for a story, what do you reckon?"))


def test_a_3d_depth_effect_is_parallax() -> None:
    made = _named(calls(turn("ads4", "animate #2 with a 3d depth effect")), "animate_image")
    assert [a.get("motion") for a in made] == ["parallax"]


def test_a_long_list_of_images_is_read_without_stalling() -> None:
    text = "make them warmer. " + " ".join(f"#{n % 8 + 1}" for n in range(40)) + " hmm"
    assert isinstance(turn("ads8", text).content, str)


@pytest.mark.parametrize(("context", "text", "edited"), [
    ("ads4_logo", "make #1 warmer and #2 the other way round, cooler", 2),
    ("ads4_logo", "put the logo on #1, and on #2 put it in the other corner", 2),
])
def test_the_other_way_or_corner_is_not_the_other_images(context: str, text: str,
                                                         edited: int) -> None:
    images = {a["asset_id"] for a in _named(calls(turn(context, text)), "edit_image")}
    assert len(images) <= edited and ADS[3] not in images


def test_yes_with_a_question_still_accepts_the_offer() -> None:
    made = calls(turn("photo_brief", "yes. which size works best for tiktok?"))
    assert [n for n, _ in made] == ["generate_ad_images"]


@pytest.mark.parametrize("text", ["you pick the colours, it's a yoga mat for beginners",
                                  "hi! no idea how this works. it's a vegan protein bar"])
def test_a_hand_off_with_a_product_is_a_brief(text: str) -> None:
    names = [n for n, _ in calls(turn("asked_product", text))]
    assert names[:2] == ["update_brief", "extract_features"]


@pytest.mark.parametrize("text", ["cut the music out", "cut the shadow out"])
def test_cutting_out_what_is_no_product_is_no_background_removal(text: str) -> None:
    assert "remove_background" not in [n for n, _ in calls(turn("storyboard", text))]


def test_the_move_replaced_can_come_first() -> None:
    made = _named(calls(turn("storyboard", "instead of the zoom on shot 1, pan right")),
                  "revise_storyboard")
    assert [(r["shot"], r["camera"]) for r in made] == [(1, "pan_right")]


def test_a_count_of_ones_with_a_change_is_no_new_ads() -> None:
    assert not _named(calls(turn("ads8", "2 dark ones brighter")), "generate_ad_images")


def test_the_other_one_among_several_is_asked_about() -> None:
    reply = turn("ads4", "make #1 a story and the other one a pin")
    assert not reply.tool_calls
    assert all(f"#{n}" in str(reply.content) for n in (2, 3, 4))


def test_the_other_one_when_one_is_left_is_that_one() -> None:
    edits = _named(calls(turn("ads4", "#1, #2 and #3 warmer, and the other one a pin")),
                   "edit_image")
    assert {"asset_id": ADS[3], "placement": "pin"} in edits


def test_the_other_two_with_nothing_named_before_is_asked_about() -> None:
    reply = turn("ads4_edit", "the other two as stories")
    assert not reply.tool_calls and "#1" in str(reply.content)


def test_a_list_to_delete_said_after_a_question_deletes_every_one() -> None:
    made = _named(calls(turn("asked_which", "borra la 2 y la 3")), "delete_images")
    assert made == [{"asset_ids": [ADS[1], ADS[2]]}]
