"""Reading messages into the planner's English: languages, typos, colours, platforms, requests."""

from __future__ import annotations

import pytest

from agent.planner.language import basic_colour, colour_hex, detect, platform_placement, read
from agent.planner.segments import split_requests


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Peux-tu rendre la deuxième image plus lumineuse ?", "fr"),
        ("Haz la cuarta en formato historia", "es"),
        ("Bitte die Überschrift bei Bild 1 ändern", "de"),
        ("scrivi il titolo in italiano per la seconda", "it"),
        ("thrid one is perfect, make it a 728 banner", "en"),
        ("make the bottle pop more", "en"),
    ],
)
def test_the_language_is_recognised(text: str, lang: str) -> None:
    assert detect(text) == lang


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Peux-tu rendre la deuxième image plus lumineuse ?", ["second", "brighter"]),
        ("Haz la cuarta en formato historia", ["fourth", "story"]),
        ("Bitte die Überschrift bei Bild 1 ändern", ["headline", "image 1", "change"]),
        ("secnd one warmr pls", ["second", "warmer"]),
        ("make the backround navy", ["background", "navy"]),
    ],
)
def test_other_languages_and_typos_read_as_english(text: str, words: list[str]) -> None:
    english = read(text).text
    assert all(word in english for word in words), english


def test_quoted_copy_is_never_translated_or_corrected() -> None:
    reading = read("Bitte die Überschrift bei Bild 1 ändern: 'Kalt bis zum Gipfel'")
    assert "'Kalt bis zum Gipfel'" in reading.text
    assert "headline" in reading.text


def test_a_known_word_is_not_corrected_into_another() -> None:
    assert read("make it lighter").text == "make it lighter"  # not "brighter" by edit distance


@pytest.mark.parametrize(
    ("name", "family"),
    [("navy", "navy"), ("forest green", "green"), ("dark blue", "navy"), ("burgundy", "red"),
     ("turquoise", "teal"), ("off-white", "white"), ("mustard", "gold")],
)
def test_every_css_name_and_the_extras_are_colours(name: str, family: str) -> None:
    value = colour_hex(name)
    assert value is not None and value.startswith("#") and len(value) == 7
    assert basic_colour(value) in {family, {"red": "brown"}.get(family, family)}


def test_platforms_map_to_placements() -> None:
    assert platform_placement("one for tiktok, one for linkedin and a pinterest pin") == [
        "story", "landscape", "pin",
    ]
    assert platform_placement("make it for the insta story") == ["story"]


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("make #2 warmer and give me 2 more", 2),
        ("first and third: change the button to 'Get yours'", 1),
        ('add the headline "Stay cold. Go far." to #1', 1),
        ("make #3 a story. also make #1 brighter", 2),
        ("the splash one, but make the whole thing feel more premium", 1),
    ],
)
def test_a_message_splits_into_its_requests(text: str, count: int) -> None:
    assert len(split_requests(read(text).text)) == count
