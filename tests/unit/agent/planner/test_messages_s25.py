"""Classes of everyday phrasing the language suite's ``fresh10`` found the planner getting wrong.

Each test is a rule, checked on sentences written for it (not the suite's) and on paraphrases
in other words and languages. Conversations are the suite's (``ads4``: #1 hiking trail,
#2 summer, #3 water splash, #4 industrial loft; ``ads8`` adds #5 studio, #6 marble, #7 beach,
#8 city night; ``ads4_edit`` adds #5, a warmer version of #2). The comment says what happened
before.
"""

from __future__ import annotations

from typing import Any

import pytest

from agent.planner.intents import find_theme
from evals.language.contexts import build_context
from tests.unit.agent.planner.talk import asks, calls, only, turn

ADS = build_context("ads8").images
EDITED = build_context("ads4_edit").images


# 1. A video's length said in minutes, or in seconds in another language

@pytest.mark.parametrize("text", [
    "can you do a 3 minute video from these",  # a storyboard of the default length
    "un vídeo de 5 minutos para youtube, porfa",
    "a one minute and a half video please",
])
def test_a_video_longer_than_a_minute_is_asked_not_shortened(text: str) -> None:
    assert "60 seconds" in asks("ads4", text)


@pytest.mark.parametrize(("text", "seconds"), [
    ("a half a minute video for the summer launch", 30),
    ("Maak een filmpje, een video van 20 seconden", 20),  # no length
    ("Une vidéo de 12 secondes svp", 12),
])
def test_the_video_length_said_is_the_storyboards(text: str, seconds: int) -> None:
    (args,) = only("ads4", text, "write_storyboard")
    assert args["seconds"] == seconds


# 2. A live photo, a live pic: an animated ad; "5 sec" after it is its length

@pytest.mark.parametrize(("text", "number"), [
    ("turn #6 into a live photo pls", 6),  # asked what to change
    ("the beach one as a live pic?", 7),
    ("can #3 be a live picture", 3),
])
def test_a_live_photo_is_an_animated_ad(text: str, number: int) -> None:
    (args,) = only("ads8", text, "animate_image")
    assert args["asset_id"] == ADS[number - 1]


def test_seconds_after_an_image_word_are_the_loops_length_not_an_image() -> None:
    # edit_image(#2, theme sparkles) and edit_image(#4, …): "image 4 sec" read as #4
    (args,) = only("ads8", "#2 live image 4 sec with sparkles", "animate_image")
    assert args["asset_id"] == ADS[1]
    assert args["seconds"] == 4
    assert args["particles"] == "sparkles"


# 3. "I preferred it before", "put it back": the edit is undone

@pytest.mark.parametrize("text", [
    "hmm I preferred it before you changed it, put it back please",  # a warmer edit again
    "can you put it back the way it was?",  # asked what to change
    "we prefer it before the edit tbh",
])
def test_preferring_the_image_before_reverts_the_edit(text: str) -> None:
    assert calls(turn("ads4_edit", text)) == [("revert_image", {"asset_id": EDITED[4]})]


def test_putting_a_thing_back_somewhere_is_no_undo() -> None:
    made = calls(turn("ads4_edit", "put it back on the left side of the table"))
    assert all(name != "revert_image" for name, _ in made)


# 4. A reason in brackets is why, not a change

@pytest.mark.parametrize("text", [
    "delete #1 and #5 (too bright for the brand) and make 2 more on marble",  # #5 darkened
    "bin #1 and #5 (way too bright imo), then 2 more on marble",
])
def test_a_reason_in_brackets_after_a_deletion_changes_nothing(text: str) -> None:
    made = calls(turn("ads8", text))
    assert [name for name, _ in made] == ["delete_images", "generate_ad_images"]
    assert made[0][1]["asset_ids"] == [ADS[0], ADS[4]]
    assert made[1][1]["n"] == 2 and made[1][1]["theme"] == "marble"


def test_a_reason_in_brackets_after_an_edit_leaves_the_next_ask() -> None:
    made = calls(turn("ads8", "remove #2 (because it looks cheap) and make #6 cooler"))
    assert made == [("delete_images", {"asset_ids": [ADS[1]]}),
                    ("edit_image", {"asset_id": ADS[5], "warmth": pytest.approx(-0.35)})]


# 5. Health and expert claims in new copy are asked about, never put on the ad

@pytest.mark.parametrize("text", [
    "headline on #2: 'Clinically tested to stop migraines'",  # the headline was set
    "subline for #1: 'Recommended by dentists'",
    "make the headline of #4 'Cures your hangover headaches'",
    "Überschrift für #3: 'Von Ärzten empfohlen'",
    "Sul titolo della #2 scrivi 'Consigliata dai medici'",
])
def test_a_health_or_expert_claim_is_asked_about(text: str) -> None:
    assert "claim" in asks("ads4", text)


@pytest.mark.parametrize(("text", "headline"), [
    ("headline on #1: 'Clinically cool.'", "Clinically cool."),
    ("headline on #1: 'Doctor's orders: stay hydrated'", "Doctor's orders: stay hydrated"),
])
def test_copy_that_only_borrows_a_medical_word_is_applied(text: str, headline: str) -> None:
    (args,) = only("ads4", text, "edit_image")
    assert args == {"asset_id": ADS[0], "headline": headline}


# 6. "How much does it cost? Just asking" in other languages: a question, no action

@pytest.mark.parametrize("text", [
    "quanto costa un video di 20 secondi? chiedo solo",  # a storyboard was written
    "¿cuánto cuesta un video de 15 segundos? solo pregunto",
    "Was kostet ein Video von 20 Sekunden? Ich frag nur",
])
def test_a_price_question_just_asked_is_answered_without_acting(text: str) -> None:
    asks("ads4", text)


# 7. "Everything, the old one included": every version

@pytest.mark.parametrize("text", [
    "zip up everything, the old summer one included",  # only the old one
    "download all of them, the original #2 too",
])
def test_everything_with_one_named_downloads_every_version(text: str) -> None:
    assert calls(turn("ads4_edit", text)) == [("download_images", {})]


# 8. A size said right before "feed" is the feed's size

@pytest.mark.parametrize("text", [
    "Handmade soy candle, vanilla. 3 ads for 4:5 feed",  # portrait and square
    "Handmade soy candle, vanilla. 3 ads, 4:5 insta feed",
])
def test_a_sized_feed_is_only_that_size(text: str) -> None:
    made = calls(turn("new_photo", text))
    generated = [args for name, args in made if name == "generate_ad_images"]
    briefed = [args for name, args in made if name == "update_brief"]
    placements = (generated or briefed)[0]["placements"]
    assert placements == ["portrait"]


# 9. Portuguese: "pro feed" (para o), "a azul" (the blue one), warm and dark in diminutives

@pytest.mark.parametrize(("text", "number", "placement"), [
    ("a verde em 4:5 pro feed", 1, "portrait"),  # es: every ad, square and portrait
    ("a azul pro story, por favor", 3, "story"),
])
def test_portuguese_sizes_for_the_feed_or_story(text: str, number: int, placement: str) -> None:
    assert calls(turn("ads4", text)) == [
        ("edit_image", {"asset_id": ADS[number - 1], "placement": placement})]


@pytest.mark.parametrize(("text", "number", "key", "sign"), [
    ("deixa a primeira mais quentinha", 1, "warmth", 1),  # asked what to change
    ("a da praia tá muito escura, clareia um pouco", 7, "brightness", 1),
    ("a do mármore tá muito clara, escurece", 6, "brightness", -1),
])
def test_portuguese_everyday_edits(text: str, number: int, key: str, sign: int) -> None:
    (args,) = only("ads8", text, "edit_image")
    assert args["asset_id"] == ADS[number - 1]
    assert args[key] * sign > 0


def test_french_chaleureuse_is_warmer() -> None:
    (args,) = only("ads4", "Pourriez-vous rendre la quatrième plus chaleureuse ?", "edit_image")
    assert args["asset_id"] == ADS[3] and args["warmth"] > 0


# 10. German compounds naming an image by its scene

@pytest.mark.parametrize(("text", "number"), [
    ("Die Strand-Variante bitte wärmer", 7),  # asked which image
    ("Mach das Marmor-Motiv etwas wärmer", 6),
])
def test_a_german_scene_compound_names_the_image(text: str, number: int) -> None:
    (args,) = only("ads8", text, "edit_image")
    assert args["asset_id"] == ADS[number - 1] and args["warmth"] > 0


def test_a_german_live_picture_is_still_an_animation() -> None:
    (args,) = only("ads4", "Mach aus der Loft-Anzeige ein Live-Bild", "animate_image")
    assert args["asset_id"] == ADS[3]


# 11. Dutch and Flemish (before: read as English or German and asked, or read as Spanish)

@pytest.mark.parametrize(("text", "expected"), [
    ("Kun je de derde wat koeler maken?", ("edit_image", {"asset_id": ADS[2]})),
    ("Verwijder de eerste aub", ("delete_images", {"asset_ids": [ADS[0]]})),
    ("De derde als story voor Instagram graag", ("edit_image", {"asset_id": ADS[2],
                                                                "placement": "story"})),
    ("Vergelijk de #1 en de #4 aub", ("compare_images", {"asset_ids": [ADS[0], ADS[3]]})),
    ("Knop op #3 moet 'Koop nu' worden", ("edit_image", {"asset_id": ADS[2], "cta": "Koop nu"})),
])
def test_dutch_requests_on_the_ads(text: str, expected: tuple[str, dict[str, Any]]) -> None:
    ((name, args),) = calls(turn("ads4", text))
    assert name == expected[0]
    assert {k: args[k] for k in expected[1]} == expected[1]


def test_dutch_cooler_lowers_the_warmth() -> None:
    (args,) = only("ads4", "Kun je de derde wat koeler maken?", "edit_image")
    assert args["warmth"] < 0


def test_dutch_more_like_an_image() -> None:
    (args,) = only("ads4", "Maak er nog 3 bij zoals de zomerfoto", "generate_ad_images")
    assert args["n"] == 3


def test_dutch_undo_of_the_last_change() -> None:
    assert calls(turn("ads4_edit", "Maak het ongedaan aub")) == [
        ("revert_image", {"asset_id": EDITED[4]})]


def test_dutch_video_length() -> None:
    (args,) = only("ads4", "Maak een video van 10 seconden aub", "write_storyboard")
    assert args["seconds"] == 10


@pytest.mark.parametrize(("text", "expected"), [
    ("Mach die dritte bitte kühler", "edit_image"),
    ("Borra la segunda, por favor", "delete_images"),
    ("delete the last one please", "delete_images"),
])
def test_german_spanish_and_english_are_not_read_as_dutch(text: str, expected: str) -> None:
    assert [name for name, _ in calls(turn("ads4", text))] == [expected]


# An occasion's scene comes only when the message names the occasion (a new user's
# "cosy autumn coffee promo" got Black Friday's neon; "for the promo" picked it too)

@pytest.mark.parametrize("text", [
    "Make 3 ads for the promo", "Ads for the sale please", "2 more for the promo",
    "Make two ads for a gift", "4 ads for love",
])
def test_a_sale_or_a_gift_names_no_occasion(text: str) -> None:
    assert find_theme(text)[0] is None


@pytest.mark.parametrize(("text", "occasion"), [
    ("2 more for black friday", "black-friday"), ("4 ads for valentines day", "valentines-day"),
    ("4 ads for halloween", "halloween"), ("3 for the holiday season", "winter-holidays"),
])
def test_a_named_occasion_is_its_scene(text: str, occasion: str) -> None:
    assert find_theme(text)[0] == occasion
    made = only("photo_brief", text, "generate_ad_images")
    assert {args.get("theme") for args in made} == {occasion}


# Asides that name an image or an edit but ask nothing of it (a reviewer's silent wrong actions)

@pytest.mark.parametrize(("text", "number"), [
    ("make #4 darker and keep #3 as is", 4),  # made 4 new ads of the photo "as is" too
    ("darken #4 but leave #3 alone", 4),
    ("make #1 brighter (like #3)", 1),  # brightened #3 too
    ("make #2 brighter (same as #4)", 2),
])
def test_an_image_named_only_as_kept_or_as_a_model_is_not_changed(text: str, number: int) -> None:
    made = only("ads4", text, "edit_image")
    assert [args["asset_id"] for args in made] == [ADS[number - 1]]


@pytest.mark.parametrize("text", [
    "I preferred #2 before you made it warmer",  # made it warmer still
    "liked #2 better before you made it brighter",
])
def test_an_edit_named_as_the_one_regretted_is_not_made_again(text: str) -> None:
    made = calls(turn("ads4_edit", text))
    assert not [args for name, args in made if name == "edit_image"], made


@pytest.mark.parametrize(("text", "occasion"), [
    ("2 nieuwe voor Moederdag", "mothers-day"), ("3 nieuwe voor kerst", "winter-holidays"),
])
def test_a_dutch_occasion_is_its_scene(text: str, occasion: str) -> None:
    made = only("ads4", text, "generate_ad_images")
    assert {args["theme"] for args in made} == {occasion}


@pytest.mark.parametrize("text", [
    "ein Video von anderthalb Minuten", "een video van anderhalve minuut",
])
def test_a_minute_and_a_half_in_german_or_dutch_is_asked(text: str) -> None:
    assert "90 s" in asks("ads4", text)
