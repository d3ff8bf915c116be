"""Repeating an edit, counting from the end, lists of images named by what they show.

Each expected call is read from what the message asks in the suite's known conversations
(``ads4``: #1 hiking trail (green), #2 summer (yellow), #3 water splash (blue), #4
industrial loft (dark); ``ads8`` adds #5 studio, #6 marble, #7 beach, #8 city night;
``ads4_edit`` adds #5, a warmer version of #2 made last turn; ``storyboard`` has four shots).
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


def test_the_same_again_repeats_the_last_edit_of_the_conversation() -> None:
    # last turn made #2 warmer; "the same" on the blue one is #3 warmer
    reply = turn("ads4_edit", "love it!! do the same to the blue one too, and change the "
                              "headline on the new one to 'Ice cold till sunset'")
    edits = {a["asset_id"]: a for a in _named(calls(reply), "edit_image")}
    assert edits[EDITED[2]]["warmth"] > 0
    assert edits[EDITED[4]] == {"asset_id": EDITED[4], "headline": "Ice cold till sunset"}


def test_the_same_again_repeats_an_edit_of_the_same_message() -> None:
    reply = turn("ads4", "make #2 cooler and do the same for #4")
    edits = {a["asset_id"]: a for a in _named(calls(reply), "edit_image")}
    assert set(edits) == {ADS[1], ADS[3]}
    assert edits[ADS[3]]["warmth"] < 0


def test_same_text_on_another_image_copies_the_copy() -> None:
    reply = turn("ads4", "headline on the third should be 'Trail tested' and the cta 'Grab "
                         "yours' - also the loft one, same text pls")
    edits = {a["asset_id"]: a for a in _named(calls(reply), "edit_image")}
    for asset in (ADS[2], ADS[3]):
        assert (edits[asset]["headline"], edits[asset]["cta"]) == ("Trail tested", "Grab yours")


def test_the_same_with_nothing_done_before_is_not_an_edit_of_nothing() -> None:
    reply = turn("ads4", "do the same to the blue one")
    assert not any(args.get("asset_id") == ADS[2] and len(args) == 1
                   for args in _named(calls(reply), "edit_image"))


@pytest.mark.parametrize(("text", "number"), [
    ("the thrid last one, more contrast", 6),
    ("second to last one, more contrast", 7),
    ("more contrast on the fourth from last", 5),
])
def test_places_counted_from_the_end(text: str, number: int) -> None:
    edits = _named(calls(turn("ads8", text)), "edit_image")
    assert [a["asset_id"] for a in edits] == [ADS8[number - 1]]
    assert edits[0]["contrast"] > 0


def test_a_count_at_the_end_of_a_request_is_how_many() -> None:
    made = _named(calls(turn("photo_brief", "try something on a mossy forest floor, 3 please")),
                  "generate_ad_images")
    assert [(a["n"], a["theme"]) for a in made] == [(3, "forest")]


def test_cut_out_the_product_from_the_photo_and_a_carousel_are_two_asks() -> None:
    names = [name for name, _ in calls(turn(
        "ads8", "cut out the bottle from the product pic and also make me a carousel w/ 3 "
                "cards: cold 24h, 750ml, leakproof"))]
    assert names == ["remove_background", "make_carousel"]


def test_a_change_taken_back_mid_message_is_not_made() -> None:
    reply = turn("ads4", "1st one bigger bottle, 2nd one darker background, and 4th one... "
                         "nah leave 4 as is. and make 2 more like the first")
    edited = {a["asset_id"] for a in _named(calls(reply), "edit_image")}
    assert edited == {ADS[0], ADS[1]}
    made = _named(calls(reply), "generate_ad_images")
    assert [(a["n"], a["theme"]) for a in made] == [(2, "hiking-trail")]


def test_a_platform_and_its_own_size_are_one_placement() -> None:
    edits = _named(calls(turn("ads8", "la de estudio para Amazon 1200x628")), "edit_image")
    assert [(a["asset_id"], a["placement"]) for a in edits] == [(ADS8[4], "amazon-display")]


@pytest.mark.parametrize(("context", "text", "numbers"), [
    ("ads4", "borrá la de verano y la del loft", [2, 4]),
    ("ads4", "lösch bite das mit dem Wasser", [3]),
    ("ads4_edit", "delete the old yellow one, keep the new", [2]),
    ("ads8", "remove the lst 3", [6, 7, 8]),
])
def test_removing_images_named_by_what_they_show_deletes_them(
        context: str, text: str, numbers: list[int]) -> None:
    images = build_context(context).images
    deleted = _named(calls(turn(context, text)), "delete_images")
    assert [sorted(a["asset_ids"]) for a in deleted] == [sorted(images[n - 1] for n in numbers)]


def test_removing_something_in_an_image_is_still_a_retouch() -> None:
    reply = turn("ads4", "remove the leaf in the top left of #2")
    assert not _named(calls(reply), "delete_images")


@pytest.mark.parametrize(("context", "text", "n", "theme"), [
    ("ads4", "few more pls but on a kitchen counter", None, "kitchen-counter"),
    ("ads4", "need a black friday batch, 4 for tiktok", 4, "black-friday"),
    ("ads4", "quiero más para San Valentín ❤️", None, "valentines-day"),
    ("ads8", "me ne fai altre due tipo quella col marmo?", 2, "marble"),
    ("ads4", "Gebts ma bitte noch a paar fürs Weihnachtsgeschäft", None, "winter-holidays"),
])
def test_more_images_asked_for_in_everyday_words(
        context: str, text: str, n: int | None, theme: str) -> None:
    made = _named(calls(turn(context, text)), "generate_ad_images")
    assert len(made) == 1 and made[0]["theme"] == theme
    if n is not None:
        assert made[0]["n"] == n


def test_a_french_colour_after_the_noun_names_the_image() -> None:
    animated = _named(calls(turn("ads4", "fais bouger l'image jaune, genre un zoom doux")),
                      "animate_image")
    assert [a["asset_id"] for a in animated] == [ADS[1]]


def test_a_shot_change_then_render_in_swiss_german_and_italian() -> None:
    made = whole_turn("storyboard", "Chönd Sie de zweiti Shot uf 5 Sekunde mache und dänn grad "
                                    "rendere?")
    assert [(n, a.get("shot"), a.get("seconds")) for n, a in made] == [
        ("revise_storyboard", 2, 5), ("generate_video", None, None)]
    made = whole_turn("storyboard", "togli la scena 3 e poi fai partire il video")
    assert [(n, a.get("shot"), a.get("action")) for n, a in made] == [
        ("revise_storyboard", 3, "remove"), ("generate_video", None, None)]


@pytest.mark.parametrize("text", ["make the blue and the yellow warmer",
                                  "make the blue and the yellow one warmer",
                                  "make the blue and the yelow one warmer"])
def test_two_images_named_by_colour_both_change(text: str) -> None:
    edits = _named(calls(turn("ads4", text)), "edit_image")
    assert sorted(a["asset_id"] for a in edits) == sorted([ADS[1], ADS[2]])
    assert all(a["warmth"] > 0 for a in edits)


def test_two_colours_before_a_noun_are_not_two_images() -> None:
    edits = _named(calls(turn("ads4", "swap the blue and the green background")), "edit_image")
    assert [a["asset_id"] for a in edits] == [ADS[2]]


def test_less_warm_is_cooler() -> None:
    edits = _named(calls(turn("ads4", "la 2 un peu moins chaude stp")), "edit_image")
    assert [a["asset_id"] for a in edits] == [ADS[1]] and edits[0]["warmth"] < 0


def test_undo_then_a_banner_in_spanish() -> None:
    made = calls(turn("ads4_edit", "deshaz eso y pásame la 3 a banner de 728"))
    assert ("revert_image", {"asset_id": EDITED[4]}) in made
    assert ("edit_image", {"asset_id": EDITED[2], "placement": "leaderboard"}) in made


def test_the_logo_please_on_two_images() -> None:
    made = _named(calls(turn("ads4_logo", "logo bitte auf #1 und #3, und vom zweiten eine "
                                          "300x250 version")), "edit_image")
    logo = build_context("ads4_logo")
    assert sorted(a["asset_id"] for a in made if "logo" in a) == [logo.images[0], logo.images[2]]
    assert [a["placement"] for a in made if "placement" in a] == ["medium-rectangle"]


def test_remembering_for_the_future_is_no_audience() -> None:
    made = calls(turn("ads4", "fyi our brand voice is playful, a bit cheeky. remember "
                              "that for future stuff"))
    assert all("audience" not in a for a in _named(made, "update_brief"))
    assert _named(made, "save_brand_kit") == [{"tone": "playful"}]  # the brand's voice, kept


@pytest.mark.parametrize("text", ["make #2 warmer " + "hmm " * 60,
                                  "nah, " * 80 + "leave it",
                                  "delete " + "the blue one " * 60 + "?",
                                  "delete " + "one " * 200 + "?"])
def test_long_repetitive_messages_are_read_in_linear_time(text: str) -> None:
    # a regex that backtracks exponentially would hang here (pytest's timeout fails it)
    assert turn("ads4", text) is not None


@pytest.mark.parametrize("text", ["make 3 more with the same look as #2",
                                  "download the blue one with the same wording",
                                  "animate the blue one with the same look"])
def test_same_look_or_wording_in_other_asks_repeats_no_edit(text: str) -> None:
    assert not _named(calls(turn("ads4_edit", text)), "edit_image")


def test_same_text_after_a_colour_edit_copies_no_colour() -> None:
    reply = turn("ads4_edit", "same text for the blue one")
    assert not any("warmth" in a for a in _named(calls(reply), "edit_image"))
    assert not _named(calls(reply), "update_brief")


@pytest.mark.parametrize("text", ["cut out the logo from the product image",
                                  "cut out the text from the product photo"])
def test_cutting_copy_out_of_a_photo_is_no_background_removal(text: str) -> None:
    assert not _named(calls(turn("ads4", text)), "remove_background")


def test_show_me_a_count_is_how_many() -> None:
    made = _named(calls(turn("ads4", "show me 3 for instagram")), "generate_ad_images")
    assert [a["n"] for a in made] == [3]


def test_a_batch_of_copy_ideas_makes_no_images() -> None:
    assert not _named(calls(turn("ads4", "we need a new batch of copy ideas")),
                      "generate_ad_images")


@pytest.mark.parametrize(("context", "text", "numbers"), [
    ("ads8", "beach vs marble side by side", [7, 6]),
    ("ads8", "vergleich mal strand und marmor nebenenander", [7, 6]),
    ("ads4", "zeig mir bitte das Berg-Motiv und das Loft nebeneinander", [1, 4]),
    ("ads4_edit", "show me befor and after of the warm edit", [2, 5]),
    ("ads4_edit", "show me the new warm one next to the og", [2, 5]),
])
def test_compare_by_scene_words_and_before_after(
        context: str, text: str, numbers: list[int]) -> None:
    images = build_context(context).images
    compared = _named(calls(turn(context, text)), "compare_images")
    assert [a["asset_ids"] for a in compared] == [[images[n - 1] for n in numbers]]


def test_an_indefinite_image_with_a_colour_is_no_reference() -> None:
    from agent.planner.language import read
    assert "the red one" not in read("fais-moi une image rouge").text


def test_look_words_are_not_scene_names() -> None:
    # "bright" and "white" describe a look; the scenes' keywords must not pick images
    reply = turn("ads8", "the two bright white ones side by side pls")
    assert not any(ADS8[1] in a["asset_ids"] for a in _named(calls(reply), "compare_images"))


def test_ads_and_a_video_in_one_message_are_both_made() -> None:
    names = [n for n, _ in calls(turn("photo_brief", "make 4 ads for instagram and a 15s youtube "
                                                     "video"))]
    assert names == ["generate_ad_images", "write_storyboard"]


def test_a_question_about_two_things_is_not_split_into_asks() -> None:
    reply = turn("ads4", "c'est quoi la différence entre une image animée et une vidéo ?")
    assert not reply.tool_calls


@pytest.mark.parametrize(("context", "text", "n", "theme"), [
    ("photo_brief", "génère-en cinq, ambiance coucher de soleil", 5, "golden-hour"),
    ("ads4", "elimina la quarta, e fammene altre 3 con atmosfera autunnale", 3, "autumn"),
    ("ads8", "elimina la 8 e fammene altre due in spiaggia, grazie", 2, "beach"),
])
def test_counts_and_scenes_in_french_and_italian(
        context: str, text: str, n: int, theme: str) -> None:
    made = _named(calls(turn(context, text)), "generate_ad_images")
    assert [(a["n"], a["theme"]) for a in made] == [(n, theme)]


def test_a_count_then_a_sign_off_is_still_the_count() -> None:
    made = _named(whole_turn("new_photo", "hiya! these are our handmade soy candles (lavender "
                                          "+ cedar), need ads that feel cosy, 6 please x"),
                  "generate_ad_images")
    assert [a["n"] for a in made] == [6]


@pytest.mark.parametrize(("text", "changes"), [
    ("change shot 3 to a beach scene, shot 1 camera to static",
     [(3, "theme", "beach"), (1, "camera", "static")]),
    ("le plan 3 à la montagne enneigée et le plan 2 seulement 2 secondes",
     [(3, "theme", "snowy-mountain"), (2, "seconds", 2)]),
])
def test_each_shot_keeps_its_own_change(text: str, changes: list[tuple[int, str, Any]]) -> None:
    revised = _named(calls(turn("storyboard", text)), "revise_storyboard")
    assert [(a["shot"], key, a[key]) for a, (_, key, _) in zip(revised, changes, strict=True)
            ] == changes
    assert all(len(set(a) - {"storyboard_id", "shot"}) == 1 for a in revised)
