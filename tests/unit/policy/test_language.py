"""The language of ad text, for the wording of suggestions and which rules run."""

from __future__ import annotations

import pytest

from policy.language import detect_language, plausible_languages


@pytest.mark.parametrize(("text", "lang"), [
    ("Die beste Flasche der Welt, garantiert die Nummer 1", "de"),
    ("Le meilleur sérum au monde pour votre peau", "fr"),
    ("El mejor colchón del mundo para tu descanso", "es"),
    ("The best bottle for your next hike", "en"),
    ("", "en"),
    ("4K 120 Hz", "en"),
])
def test_the_language_is_told_by_its_frequent_words(text: str, lang: str) -> None:
    assert detect_language(text) == lang


def test_a_plainly_english_text_skips_the_other_languages() -> None:
    assert plausible_languages("Keep your drinks cold for 24 hours with the new lid") == {"en"}


def test_a_short_headline_keeps_every_language() -> None:
    assert plausible_languages("H3ilt N3urodermitis!") == {"en", "de", "fr", "es", "it"}
