"""Text that sets well: line breaks a designer would make, and panels with room around text."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from engines.local.ad.compose import compose_ad
from engines.local.ad.recipe import Recipe
from engines.local.cutout import cut_out
from engines.local.typography import lettering
from engines.local.typography.blocks import TextStyle, fit, panel_pad
from engines.local.typography.fonts import font
from engines.local.typography.wrapping import set_lines
from evals import recipes

HEADLINES = (
    "Stay cold. Go far.",
    "Ready for the new term",
    "Made to carry the everyday",
    "Meet the red canvas tote bag",
    "Room for your laptop and more",
    "Soft and warm on the inside",
    "Keeps drinks ice-cold for hours",
)


def test_a_short_headline_of_two_sentences_breaks_where_the_first_ends() -> None:
    face = font("lato", "headline", 80)
    one_line = face.getlength("Stay cold. Go far.")
    lines = set_lines("Stay cold. Go far.", face, one_line * 0.7, 3)
    assert lines == ["Stay cold.", "Go far."]  # never "Stay / cold. / Go far."
    assert set_lines("Stay cold. Go far.", face, one_line + 1, 3) == ["Stay cold. Go far."]


def test_a_line_never_ends_on_an_article() -> None:
    face = font("lato", "headline", 80)
    width = face.getlength("Ready for the new term") * 0.75
    lines = set_lines("Ready for the new term", face, width, 3)
    assert lines is not None and len(lines) == 2
    assert not any(line.split()[-1] in ("the", "a", "your") for line in lines)


def test_no_lone_word_when_a_smaller_size_avoids_it() -> None:
    face = font("lato", "headline", 80)
    text = "Ready for the new term"
    narrow = face.getlength("Ready for") + 2  # at this size only "Ready for / the new / term"
    assert set_lines(text, face, narrow, 3, lone_words=False) is None
    assert set_lines(text, face, narrow, 3) is not None  # accepted only when asked


@pytest.mark.parametrize("headline", HEADLINES)
@pytest.mark.parametrize("area", [(626, 180, 1015, 900), (80, 60, 1000, 330), (60, 300, 460, 800)])
def test_fitted_headlines_and_sublines_have_no_line_of_one_word(
    headline: str, area: tuple[int, int, int, int]
) -> None:
    style = TextStyle(align="left", valign="center", max_size=92, min_size=28)
    block = fit(area, headline, "Made to carry the everyday", "Shop now", style)
    assert block.plan is not None
    for lines in (block.plan.head, block.plan.sub):
        if sum(len(line.split()) for line in lines) >= 3:
            assert all(len(line.split()) > 1 for line in lines), lines


def _busy(size: tuple[int, int]) -> Image.Image:
    rng = np.random.default_rng(3)
    noise = rng.integers(40, 220, (size[1] // 12, size[0] // 12, 3)).astype(np.uint8)
    return Image.fromarray(noise).resize(size, Image.Resampling.NEAREST)


@pytest.mark.parametrize(
    ("area", "align", "valign"),
    [
        ((626, 180, 1015, 900), "left", "center"),  # a side layout's column
        ((80, 60, 1000, 330), "center", "top"),
        ((86, 700, 994, 1015), "center", "bottom"),
    ],
)
def test_a_panel_leaves_the_same_room_around_its_text_on_every_side(
    area: tuple[int, int, int, int], align: str, valign: str
) -> None:
    image = _busy((1080, 1080))
    style = TextStyle(align=align, valign=valign, max_size=92, min_size=28)  # type: ignore[arg-type]
    block = fit(area, "Ready for the new term", "Made to carry the everyday", "Shop now", style)
    lettering.prepare(image, block)
    assert block.scrim and block.panel is not None and block.plan is not None
    text = block.text_box()
    assert text is not None
    pad = panel_pad(block.plan.size)
    margins = (
        text[0] - block.panel[0],
        text[1] - block.panel[1],
        block.panel[2] - text[2],
        block.panel[3] - text[3],
    )
    assert min(margins) >= pad - 1, margins  # never flush against its text, nor offset
    assert max(margins) <= pad + 1, margins
    x0, y0, x1, y1 = area
    assert x0 <= block.panel[0] and y0 <= block.panel[1]
    assert block.panel[2] <= x1 and block.panel[3] <= y1
    # the subline is inside the same panel as the headline, not below it
    sub = next(b for r, b in block.boxes() if r == "subline")
    assert block.panel[1] < sub[1] and sub[3] < block.panel[3]


def test_an_ads_recorded_panels_hold_their_text_with_a_margin() -> None:
    product = cut_out(recipes.bottle_on_white()[0]).image
    found = 0
    for variation in range(4):
        recipe = Recipe(theme="city night bokeh", variation=variation, format="square",
                        headline="Ready for the new term", subline="Insulated steel, 750 ml",
                        cta="Shop now")
        ad = compose_ad(product, recipe)
        texts = [t.box for t in ad.texts if t.role != "cta"]
        for panel in ad.panels:
            found += 1
            inside = [b for b in texts if panel[0] <= b[0] and b[2] <= panel[2]
                      and panel[1] <= b[1] and b[3] <= panel[3]]
            assert inside
            left = min(b[0] for b in inside) - panel[0]
            top = min(b[1] for b in inside) - panel[1]
            right = panel[2] - max(b[2] for b in inside)
            bottom = panel[3] - max(b[3] for b in inside)
            assert min(left, top, right, bottom) >= 6, (variation, panel, inside)
    assert found  # a busy night scene gets panels


def test_a_setting_without_a_lone_word_is_kept_however_many_sentences_it_has() -> None:
    # sentence-end penalties once added up past the lone-word mark: no setting was returned
    face = font("lato", "headline", 40)
    text = " ".join(["Go now."] * 7)
    lines = set_lines(text, face, face.getlength(text) / 2 + 80, 2, lone_words=False)
    assert lines is not None and len(lines) == 2
    assert all(len(line.split()) > 1 for line in lines)
