"""Everyday phrasings: questions, adjectives standing for images, several asks, undo-then-edit.

Each expected call is read from what the message asks in the suite's known conversations
(``ads4``: #1 hiking trail, #2 summer (yellow), #3 water splash (blue), #4 industrial loft
(dark); ``ads8`` adds #5 studio, #6 marble, #7 beach, #8 city night (dark); ``ads4_edit``
adds #5, a warmer version of #2).
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import pytest
from langchain_core.messages import AIMessage

from agent.planner.language import LEXICON, read
from agent.planner.local import plan
from agent.planner.naming import product_phrase
from evals.language.contexts import PHOTO, build_context
from tests.unit.agent.planner.talk import TOOLS, calls, turn

ADS = build_context("ads4").images
ADS8 = build_context("ads8").images
EDITED = build_context("ads4_edit").images


@pytest.mark.parametrize(
    ("context", "text"),
    [("storyboard", "¿cuánto tarda el video en renderizarse?"),
     ("storyboard", "wird das Video Musik haben?"),
     ("asked_product", "pourquoi tu veux savoir ça? c'est sur la photo"),
     ("ads4", "secondo te quale va meglio per facebook?")],
)
def test_a_question_in_any_language_changes_nothing(context: str, text: str) -> None:
    reply = turn(context, text)
    assert not reply.tool_calls and reply.text


@pytest.mark.parametrize(
    ("context", "text", "expected"),
    [("ads4", "la amarilla en formato historia", [("edit_image", {"asset_id": ADS[1],
                                                                   "placement": "story"})]),
     ("ads4", "la jaune, mets-la en story", [("edit_image", {"asset_id": ADS[1],
                                                             "placement": "story"})]),
     ("ads8", "borra las oscuras", [("delete_images", {"asset_ids": [ADS8[3], ADS8[7]]})]),
     ("ads4", "das dunkle bitte löschen", [("delete_images", {"asset_ids": [ADS[3]]})]),
     ("ads8", "supprime les deux dernières", [("delete_images",
                                               {"asset_ids": [ADS8[6], ADS8[7]]})])],
)
def test_an_adjective_standing_for_an_image_names_it(
        context: str, text: str, expected: list[tuple[str, dict[str, Any]]]) -> None:
    assert calls(turn(context, text)) == expected


def test_a_count_after_the_adjective_is_the_count_of_images() -> None:
    assert read("lösch die letzten beiden").text == "delete the last two"


def test_an_interjection_before_and_starts_the_next_ask() -> None:
    made = calls(turn("ads4", "#3 is too cold, warm it up - oh and 2 more on marble"))
    assert made[0] == ("edit_image", {"asset_id": ADS[2], "warmth": 0.35})
    assert made[1][0] == "generate_ad_images"
    assert made[1][1]["n"] == 2 and made[1][1]["theme"] == "marble"
    assert len(made) == 2


def test_an_ask_before_the_brand_colours_is_kept() -> None:
    made = calls(turn("ads4", "cut out the bottle please, and our brand colours are #112233 "
                              "and #FFEEDD"))
    assert [name for name, _ in made] == ["remove_background", "save_brand_kit"]
    assert made[1][1]["colors"] == ["#112233", "#FFEEDD"]


def test_after_an_undo_it_is_the_version_brought_back() -> None:
    made = calls(turn("ads4_edit", "undo that and make it cooler instead"))
    assert made == [("revert_image", {"asset_id": EDITED[4]}),
                    ("edit_image", {"asset_id": EDITED[1], "warmth": -0.35})]


def test_leave_the_others_alone_is_no_ask() -> None:
    made = calls(turn("ads4", "yellow one darker, dark one warmer, the others are fine"))
    assert made == [("edit_image", {"asset_id": ADS[1], "brightness": -0.3}),
                    ("edit_image", {"asset_id": ADS[3], "warmth": 0.35})]


def test_the_scene_that_names_an_image_is_not_a_change_of_it() -> None:
    made = calls(turn("ads8", "put the beach one in story format please"))
    assert made == [("edit_image", {"asset_id": ADS8[6], "placement": "story"})]


@pytest.mark.parametrize(("text", "theme"),
                         [("3 more like the splashy one", "water-splash"),
                          ("2 more like the city at nigth one", "city-night-bokeh")])
def test_more_like_a_described_image_takes_its_scene(text: str, theme: str) -> None:
    (made,) = calls(turn("ads8", text))
    assert made[0] == "generate_ad_images" and made[1]["theme"] == theme


def test_the_same_ask_twice_in_one_message_is_one_call() -> None:
    made = calls(turn("photo_brief", "can you cut out the product? I need it without a "
                                     "background"))
    assert [name for name, _ in made] == ["remove_background"]


def test_both_bright_ones_cooled_down() -> None:
    made = calls(turn("ads4", "both of the bright ones are a bit much, cool them down"))
    assert made == [("edit_image", {"asset_id": ADS[1], "warmth": -0.35}),
                    ("edit_image", {"asset_id": ADS[2], "warmth": -0.35})]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Produktbild anbei", ""), ("hola! acá está la foto", ""),
     ("can you make 4 ads for my new yoga mat? its cork, non slip", "yoga mat"),
     ("scusa, è una lampada da tavolo in ottone", "lampada da tavolo in ottone")],
)
def test_words_around_an_upload_name_nothing_and_its_lists_properties(
        text: str, expected: str) -> None:
    assert product_phrase(text) == expected


def test_a_misspelt_colour_is_read_as_the_colour() -> None:
    assert "purple" in read("the purpel one, bigger bottle").text


def test_every_lexicon_phrase_is_listed_once_per_language() -> None:
    language = ""
    keys: Counter[tuple[str, str]] = Counter()
    for line in LEXICON.read_text(encoding="utf-8").splitlines():
        if re.match(r"^  [a-z]{2}:\s*$", line):
            language = line.strip(" :")
        elif re.match(r"^    [^#\s]", line) and ":" in line:
            keys[(language, line.strip().split(":")[0])] += 1
    assert keys and [key for key, n in keys.items() if n > 1] == []


@pytest.mark.parametrize("text", ["remove the hand", "can you get rid of my hand in the photo",
                                  "Hand entfernen bitte", "enlève la main stp", "quitá la mano"])
def test_remove_the_hand_asks_the_engine_to_take_it_out_of_the_photo(text: str) -> None:
    assert calls(turn("photo_brief", text)) == [("remove_hand", {"product_image": PHOTO})]


@pytest.mark.parametrize(("context", "text"), [("photo_brief", "it's a hand cream for dry skin"),
                                               ("ads4", "remove the hand on #3")])
def test_a_hand_product_or_a_hand_on_an_ad_is_no_photo_hand_removal(context: str,
                                                                    text: str) -> None:
    assert "remove_hand" not in [name for name, _ in calls(turn(context, text))]


def test_the_photo_without_the_hand_is_the_product_photo_of_later_ads() -> None:
    from langchain_core.messages import ToolMessage

    convo = build_context("photo_brief")
    asked = AIMessage("", tool_calls=[{"name": "remove_hand", "id": "h1",
                                       "args": {"product_image": PHOTO}}])
    done = ToolMessage("done", tool_call_id="h1", name="remove_hand",
                       artifact={"asset_id": "img_0000000abc", "parent_id": PHOTO,
                                 "notes": []})
    history = [*convo.messages, convo.user("remove the hand"), asked, done]
    reply = plan(history, TOOLS)
    assert "without the hand" in reply.text and not reply.tool_calls
    assert "img_0000000abc" not in reply.text  # the photo is named, not its asset id
    (made,) = calls(plan([*history, reply, convo.user("now 2 ads please")], TOOLS))
    assert made[0] == "generate_ad_images" and made[1]["product_image"] == "img_0000000abc"


@pytest.mark.parametrize(("text", "headline"),
                         [('make the headline of #2 "The rest is fine print"',
                           "The rest is fine print"),
                          ('headline on #2: "others are fine, ours are great"',
                           "others are fine, ours are great")])
def test_quoted_copy_keeps_words_that_elsewhere_ask_nothing(text: str, headline: str) -> None:
    assert calls(turn("ads4", text)) == [("edit_image", {"asset_id": ADS[1],
                                                         "headline": headline})]


@pytest.mark.parametrize(("context", "text"),
                         [("ads4", "make 2 more without hands"),
                          ("photo_brief", "4 ads beside a chair without arms, modern living room"),
                          ("photo_brief", "make 4 ads of my hand cream, no hands in the shot")])
def test_no_hands_in_a_request_for_ads_is_no_hand_removal(context: str, text: str) -> None:
    made = [name for name, _ in calls(turn(context, text))]
    assert "remove_hand" not in made and "generate_ad_images" in made


def test_a_question_followed_by_an_ask_is_an_ask() -> None:
    assert calls(turn("ads4", "why is #4 so dark? make it brighter")) == [
        ("edit_image", {"asset_id": ADS[3], "brightness": 0.3})]


@pytest.mark.parametrize("text", ["delete one", "pick one for instagram"])
def test_a_verb_before_one_names_no_image(text: str) -> None:
    reply = turn("ads4", text)
    assert "the delete one" not in reply.text and "the pick one" not in reply.text


def test_a_real_word_one_letter_off_a_scene_is_no_typo_of_it() -> None:
    # "peach" is a colour, not "beach" typed wrong: #7 (beach) is not the image it names
    made = calls(turn("ads8", "the peach one, bigger bottle"))
    assert ("edit_image", {"asset_id": ADS8[6], "product_scale": 1.2}) not in made


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        ("Make 4 ads. Summer hiking campaign for young adults", "auto"),  # a season: varied
        ("Easter campaign for our bottle, make 4 ads", "easter"),  # an occasion is the concept
        ("make 4 summer ads", "summer"),
        ("4 ads on marble please", "marble"),
    ],
)
def test_a_season_describing_the_campaign_varies_the_scenes_an_asked_theme_pins_them(
    text: str, theme: str
) -> None:
    assert [(name, args["theme"]) for name, args in calls(turn("photo_brief", text))] == [
        ("generate_ad_images", theme)]


@pytest.mark.parametrize(("text", "n"), [("some ads for our bottle please", 4),
                                         ("christmas ads for our bottle please", 4),
                                         ("a couple of ads pls", 2)])
def test_ads_for_our_product_are_made_and_the_product_is_no_audience(text: str, n: int) -> None:
    made = calls(turn("photo_brief", text))
    assert [(name, args["n"]) for name, args in made] == [("generate_ad_images", n)]


def test_images_said_to_look_wrong_are_no_order_for_new_ones() -> None:
    assert not turn("photo_brief", "some images look too dark").tool_calls


@pytest.mark.parametrize("text", ["some ads for our mug please", "make 2 more for our hoodie",
                                  "ads for our dresses please, 3 of them"])
def test_ads_for_another_product_than_the_photo_ask_for_its_photo(text: str) -> None:
    reply = turn("photo_brief", text)  # the photo is of a water bottle
    assert not reply.tool_calls
    assert "photo" in str(reply.content).lower()


def test_ads_for_the_product_in_the_photo_are_made() -> None:
    assert calls(turn("photo_brief", "make 4 ads for the new bottle"))[0][0] == "generate_ad_images"
