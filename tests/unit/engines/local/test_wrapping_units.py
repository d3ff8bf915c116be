"""A number and its unit stay on one line wherever text is wrapped (issue 22).

A video's feature card read "Fits a 15" on one line and "inch laptop" on the next. Every
wrap (video cards, image ads' typesetting, shortened lines) keeps "15 inch", "350 ml",
"24 h" or "£ 20" together, at any width the text is set in.
"""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest

from engines.local.typography.blocks import _candidates
from engines.local.typography.fonts import DEFAULT_FONT, font
from engines.local.typography.wrapping import set_lines, shorten, wrap
from engines.local.video.cards import fit_lines

TEXTS = ["Fits a 15 inch laptop and a charger", "Holds 350 ml of your morning coffee",
         "Keeps drinks cold for 24 h on the trail", "Now only £ 20 for the whole set"]
_NUMBER_END = re.compile(r"(?:^|\s)\d+$")
_UNIT_START = re.compile(r"^(?:inch|ml|h)\b")


def _parted(lines: list[str]) -> bool:
    """Whether a line ends on a number whose unit opens the next, or on a currency sign."""
    return any(
        (_NUMBER_END.search(line) and _UNIT_START.match(after)) or line.endswith("£")
        for line, after in zip(lines, lines[1:], strict=False)
    )


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("width", range(120, 420, 15))
def test_wraps_never_part_a_number_from_its_unit(text: str, width: int) -> None:
    face = font(DEFAULT_FONT, "bold", 40)
    for lines in (wrap(text, face, width, 8), set_lines(text, face, width, 8)):
        if lines is not None:
            assert not _parted(lines), lines


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("width", range(160, 520, 20))
def test_video_cards_keep_a_number_with_its_unit(text: str, width: int) -> None:
    look = SimpleNamespace(font=DEFAULT_FONT)
    lines, _ = fit_lines(text, look, "bold", 44, width, 3)  # type: ignore[arg-type]
    assert not _parted(lines), lines


def test_a_shortened_line_keeps_the_unit_of_its_last_number() -> None:
    assert not shorten("Fits a 15 inch laptop and a charger", 10).endswith("15")
    assert shorten("Fits a 15 inch laptop and a charger", 15) == "Fits a 15 inch"


def test_an_image_ads_shortened_headline_never_ends_on_a_number_without_its_unit() -> None:
    shortened = [c[0] for c in _candidates("Fits a 15 inch laptop and a charger", None, "Shop")]
    assert shortened and not any(h and h.endswith(" 15") for h in shortened), shortened
