"""Words on the local engine's video cards read as a person would set them (issue 22).

No line ends on an article or a short preposition when another setting avoids it, a
shortened caption is a phrase that names something, and a product's name is kept whole
when it fits, else cut where a descriptor ends, never inside a phrase.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from engines.local.typography.fonts import DEFAULT_FONT, font
from engines.local.video.cards import fit_lines

LEANING_ENDS = ("a", "an", "the", "for", "of", "to", "der", "die", "das", "le", "la", "les",
                "el", "un", "une")
CAPTIONS = [
    "Room for a 15 inch laptop",
    "Room for a 15 inch laptop and your things",
    "Made of the softest organic cotton",
    "Keeps coffee hot for the whole morning",
    "Platz für einen 15 Zoll Laptop und die Bücher",
    "Assez de place pour un ordinateur de 15 pouces",
]


def _leaning_end(lines: list[str]) -> bool:
    """Whether a line other than the last ends on an article or a short preposition."""
    return any(line.split()[-1].lower() in LEANING_ENDS for line in lines[:-1])


@pytest.mark.parametrize("text", CAPTIONS)
@pytest.mark.parametrize("width", range(260, 700, 20))
def test_a_card_line_never_ends_on_an_article_or_preposition(text: str, width: int) -> None:
    """From 260 px on, every caption here fits three lines without such a break."""
    look = SimpleNamespace(font=DEFAULT_FONT)
    lines, _ = fit_lines(text, look, "headline", 44, width, 3)  # type: ignore[arg-type]
    assert not _leaning_end(lines), lines


def test_room_for_a_laptop_keeps_the_article_with_the_laptop() -> None:
    face = font(DEFAULT_FONT, "headline", 44)
    width = round(face.getlength("Room for a 15")) + 4  # the greedy wrap breaks after "a"
    look = SimpleNamespace(font=DEFAULT_FONT)
    lines, _ = fit_lines("Room for a 15 inch laptop", look, "headline", 44, width, 3)  # type: ignore[arg-type]
    assert "Room for a" not in lines, lines
    assert any("15 inch" in line for line in lines), lines
