"""Several asks, images named by what they show, copy without quotes, and likeness.

Each expected call is read from what the message asks in the suite's known conversations
(``ads4``: #1 hiking trail (green), #2 summer (yellow), #3 water splash (blue), #4
industrial loft (dark); ``ads8`` adds #5 studio, #6 marble, #7 beach, #8 city night;
``ads4_edit`` adds #5, a warmer version of #2; ``storyboard`` has a four-shot storyboard).
"""

from __future__ import annotations

from typing import Any

import pytest
from PIL import ImageColor

from agent.planner.local import plan
from evals.language.contexts import build_context
from tests.unit.agent.planner.talk import TOOLS, calls, turn

ADS = build_context("ads4").images
ADS8 = build_context("ads8").images
EDITED = build_context("ads4_edit").images


def _named(reply_calls: list[tuple[str, dict[str, Any]]], tool: str) -> list[dict[str, Any]]:
    return [args for name, args in reply_calls if name == tool]


def test_more_like_an_image_two_fit_asks_which() -> None:
    reply = turn("ads8", "more like the white one pls")
    assert not reply.tool_calls
    assert "#5" in reply.text and "#6" in reply.text


@pytest.mark.parametrize(
    ("context", "text", "theme"),
    [("ads8", "Zehn weitere im Stil vom Strandbild", "beach"),
     ("ads8", "2 more like the last one", "city-night-bokeh"),
     ("ads4", "then do 3 more in the style of the splashy one", "water-splash")],
)
def test_new_images_take_the_scene_of_the_image_they_are_like(
        context: str, text: str, theme: str) -> None:
    made = _named(calls(turn(context, text)), "generate_ad_images")
    assert made and all(args["theme"] == theme for args in made)


def test_counts_per_platform_after_more_share_one_likeness() -> None:
    made = _named(calls(turn("ads4", "3 more for linkdin + 3 for youtube pls, same vibe as the "
                                     "mountain one")), "generate_ad_images")
    assert sorted((a["n"], a["placements"][0], a["theme"]) for a in made) == [
        (3, "landscape", "hiking-trail"), (3, "widescreen", "hiking-trail")]


def test_each_image_keeps_its_own_change() -> None:
    reply = turn("ads4", 'ok so: #1 needs a bigger bottle, #2 should say "Summer\'s calling", '
                         "and can you download the loft one as is")
    edits = {a["asset_id"]: a for a in _named(calls(reply), "edit_image")}
    assert edits[ADS[0]]["product_scale"] > 1 and "headline" not in edits[ADS[0]]
    assert edits[ADS[1]] == {"asset_id": ADS[1], "headline": "Summer's calling"}


def test_a_clause_leaving_images_alone_changes_nothing() -> None:
    reply = turn("ads8", "all the bright ones -> warmer pls, the dark ones are fine as is")
    edited = {a["asset_id"] for a in _named(calls(reply), "edit_image")}
    assert edited and ADS8[3] not in edited and ADS8[7] not in edited
    assert not _named(calls(reply), "generate_ad_images")


@pytest.mark.parametrize(
    ("context", "text", "asset", "placement"),
    [("ads4", "need #3 in 16:9 for a youtube companion spot", 2, "widescreen"),
     ("ads4", "need the green one as one of those tall skinny skyscrapper banners", 0,
      "wide-skyscraper"),
     ("ads8", "#1 bitte für nen facebook-linkpost", 0, "landscape")],
)
def test_an_image_named_for_another_size_is_resized(
        context: str, text: str, asset: int, placement: str) -> None:
    images = build_context(context).images
    assert calls(turn(context, text)) == [
        ("edit_image", {"asset_id": images[asset], "placement": placement})]


def test_an_unclear_image_to_resize_is_asked_about() -> None:
    reply = turn("ads4_logo", "can u make the brown one into a banner")
    assert not reply.tool_calls


def test_a_spot_with_seconds_is_still_a_video() -> None:
    assert [name for name, _ in calls(turn("ads4", "a 15 s spot for youtube from #3"))] == [
        "write_storyboard"]


@pytest.mark.parametrize(
    ("text", "changes"),
    [('headline on all of them should be "Ice cold at the summit" and swap the button to '
      "Grab yours", {"headline": "Ice cold at the summit", "cta": "Grab yours"}),
     ("sacale el botón de 'Shop now' a la segunda", {"cta": ""}),
     ("cta on 3 to shop the drop pls", {"cta": "Shop the drop"})],
)
def test_button_words_without_quotes_and_removing_a_named_button(
        text: str, changes: dict[str, Any]) -> None:
    for args in _named(calls(turn("ads4", text)), "edit_image"):
        assert {k: v for k, v in args.items() if k != "asset_id"} == changes


def test_a_colour_is_no_button_text() -> None:
    assert not turn("ads4", "change the button on #2 to red").tool_calls


def test_quoted_copy_named_as_the_subline_of_new_ads() -> None:
    made = _named(calls(turn("ads4", "can u make a few for black friday with 'Up to 40% off' as "
                                     "the subline")), "generate_ad_images")
    assert made[0]["subline"] == "Up to 40% off" and made[0]["theme"] == "black-friday"


@pytest.mark.parametrize(
    ("context", "text", "tool", "args"),
    [("ads4", "can the blue one move? like a slow zoom in", "animate_image",
      {"asset_id": ADS[2], "motion": "push"}),
     ("storyboard", "lose the feature shot, its redundant w the headline", "revise_storyboard",
      {"shot": 2, "action": "remove"}),
     ("photo_brief", "can we do one of those swipe thru things, each card one feature",
      "make_carousel", {}),
     ("storyboard", "while we're at it can i get 2 stills for instagarm stories",
      "generate_ad_images", {"n": 2, "placements": ["story"]})],
)
def test_everyday_words_for_motion_carousels_and_stills(
        context: str, text: str, tool: str, args: dict[str, Any]) -> None:
    made = calls(turn(context, text))
    assert [name for name, _ in made] == [tool]
    assert args.items() <= made[0][1].items()


def test_a_font_said_with_named_images_is_their_font_not_the_kit() -> None:
    reply = turn("ads4_logo", "sur la première et la deuxième, ajoute le logo et mets la police "
                              "en Lato")
    assert [name for name, _ in calls(reply)] == ["edit_image", "edit_image"]
    assert all(a["font"] == "lato" and a["logo"] for a in _named(calls(reply), "edit_image"))


def test_our_font_saved_and_every_ad_updated() -> None:
    made = calls(turn("ads4", "our font is Manrope, save that and update everything"))
    assert made[0] == ("save_brand_kit", {"font": "manrope"})
    assert sorted(a["asset_id"] for a in _named(made, "edit_image")) == sorted(ADS)


def test_the_newer_of_two_images_that_fit() -> None:
    assert calls(turn("ads4_edit", "the newer of the two orange ones -> make it a story")) == [
        ("edit_image", {"asset_id": EDITED[4], "placement": "story"})]


def test_a_version_undone_is_not_also_deleted() -> None:
    made = calls(turn("ads4_edit", "actually scrap that, go back to the one before you warmed "
                                   "it and make THAT one cooler instead"))
    assert "delete_images" not in [name for name, _ in made]
    assert _named(made, "edit_image")[0]["asset_id"] == EDITED[1]
    assert _named(made, "edit_image")[0]["warmth"] < 0


@pytest.mark.parametrize("answer", ["#2", "the second one", "2"])
def test_an_answer_naming_the_image_carries_out_the_change_that_was_asked(answer: str) -> None:
    convo = build_context("ads4")
    asked = [*convo.messages, convo.user("can you do a version with a darker background")]
    question = plan(asked, TOOLS)
    assert not question.tool_calls  # which image? (four fit)
    reply = plan([*asked, question, convo.user(answer)], TOOLS)
    assert [(c["name"], c["args"]["asset_id"]) for c in reply.tool_calls] == [
        ("edit_image", convo.images[1])]
    darker = reply.tool_calls[0]["args"]["backdrop_color"]
    assert sum(ImageColor.getrgb(darker)[:3]) < 3 * 128  # a dark backdrop, not the old one


@pytest.mark.parametrize(
    ("answer", "meant"),
    [("the second one", [5]), ("the last one", [6]), ("the middle one", [5]),
     ("the second to last", [5]), ("the first two", [3, 5]), ("the first and the last", [3, 6]),
     ("the first 2", [3, 5]), ("go with the last one please", [6]),
     ("die zweite bitte", [5]), ("le dernier", [6]), ("#2", [2]), ("2", [2]),
     ("the studio one, like last time", [5])],  # more than a place: read as before
)
def test_an_answer_by_place_counts_in_the_list_the_question_showed(
    answer: str, meant: list[int]
) -> None:
    convo = build_context("ads8")
    asked = [*convo.messages, convo.user("make the white one warmer")]
    question = plan(asked, TOOLS)
    assert not question.tool_calls
    listed = [question.text.index(f"#{n} ") for n in (3, 5, 6)]  # the white ones, in order
    assert listed == sorted(listed)
    reply = plan([*asked, question, convo.user(answer)], TOOLS)
    assert [(c["name"], c["args"]["asset_id"]) for c in reply.tool_calls] == [
        ("edit_image", ADS8[n - 1]) for n in meant]  # a number typed is the gallery's


def test_a_new_request_while_a_question_waits_keeps_the_gallerys_places() -> None:
    convo = build_context("ads8")
    asked = [*convo.messages, convo.user("make the white one warmer")]
    question = plan(asked, TOOLS)
    reply = plan([*asked, question, convo.user("never mind, delete the last one")], TOOLS)
    assert [(c["name"], c["args"]) for c in reply.tool_calls] == [
        ("delete_images", {"asset_ids": [ADS8[7]]})]  # the gallery's last, #8


@pytest.mark.parametrize(
    "text",
    ["make a version with a darker background", "mach eine Version mit dunklerem Hintergrund",
     "fais une version avec un fond plus sombre", "quiero una versión con el fondo más oscuro"],
)
def test_a_version_with_a_darker_background_is_a_version_of_an_image_not_new_ads(
    text: str
) -> None:
    made = calls(turn("ads4_edit", text))  # #5 was made last: the image meant
    assert [name for name, _ in made] == ["edit_image"]
    assert made[0][1]["asset_id"] == EDITED[4]
    assert sum(ImageColor.getrgb(made[0][1]["backdrop_color"])[:3]) < 3 * 128
    assert not turn("ads4", text).tool_calls  # four ads, none made last: which one?


def test_an_order_hoping_for_a_better_look_asks_what_to_change_on_that_image() -> None:
    reply = turn("ads4", "make #3 look better")
    assert not reply.tool_calls
    assert "#3" in str(reply.content)  # a question about #3, not general advice


@pytest.mark.parametrize("text", ["Headline: make it bigger", "headline: too long, shorter"])
def test_a_labelled_instruction_about_the_headline_is_no_new_copy(text: str) -> None:
    made = calls(turn("ads4_edit", text))  # #5 was just made: "it" would be edited
    assert all(args.get("headline") not in ("make it bigger", "too long, shorter")
               for _, args in made)
