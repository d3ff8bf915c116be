"""The AI label keeps clear of the ad's text, button and product (issue 22).

An art director's review: on a 728x90 banner the "AI-generated" pill touched the headline's
panel.

On every placement that shows text, in every variation, the label's pill keeps at least the
layout's own margin (the room its text, button and product keep between them) from each
text box, each text panel and every opaque pixel of the product; on the banners it is
still there.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pytest
from PIL import Image

from core.placements import load_placements
from engines.local.ad.boxes import Box
from engines.local.ad.compose import compose_ad
from engines.local.ad.composition import Composition
from engines.local.ad.layouts import BANNER_GAP, layout_margin
from engines.local.ad.recipe import Recipe
from engines.local.cutout import cut_out
from evals import recipes

WITH_TEXT = sorted(pid for pid, p in load_placements().items() if p.allows_text)
BANNERS = ("leaderboard", "billboard")


@cache
def bottle() -> Image.Image:
    return cut_out(recipes.bottle_on_white()[0]).image


@cache
def ad(placement: str, variation: int) -> Composition:
    recipe = Recipe(theme="snowy-mountain", format=placement, variation=variation,
                    headline="Cosy mornings at home", subline="Ceramic, 350 ml",
                    cta="Shop now", context="black ceramic mug", disclosure="AI-generated")
    return compose_ad(bottle(), recipe)


def _gap(a: Box, b: Box) -> int:
    """Pixels between two boxes (0 when they touch or overlap)."""
    return max(b[0] - a[2], a[0] - b[2], b[1] - a[3], a[1] - b[3], 0)


def _product_gap(label: Box, composition: Composition) -> int:
    """Pixels between the label and the nearest opaque product pixel."""
    ys, xs = np.nonzero(np.asarray(composition.product.getchannel("A")) > 0)
    xs, ys = xs + composition.product_box[0], ys + composition.product_box[1]
    dx = np.maximum(np.maximum(label[0] - xs - 1, xs - label[2]), 0)
    dy = np.maximum(np.maximum(label[1] - ys - 1, ys - label[3]), 0)
    return int(np.maximum(dx, dy).min())


@pytest.mark.parametrize("placement", WITH_TEXT)
@pytest.mark.parametrize("variation", range(4))
def test_the_label_keeps_the_layouts_margin_from_text_panels_button_and_product(
    placement: str, variation: int
) -> None:
    composition = ad(placement, variation)
    label = composition.disclosure_box
    if label is None:
        assert placement not in BANNERS, "the banner lost its AI label"
        return
    margin = layout_margin(composition.placement)
    for item in composition.texts:
        assert _gap(label, item.box) >= margin, f"label {label} near the {item.role} {item.box}"
    for panel in composition.panels:
        assert _gap(label, panel) >= margin, f"label {label} near a text panel {panel}"
    assert _product_gap(label, composition) >= margin


@pytest.mark.parametrize("placement", BANNERS)
def test_a_banners_margin_is_at_least_the_gap_between_its_columns(placement: str) -> None:
    p = load_placements()[placement]
    assert layout_margin(p) >= round(BANNER_GAP * p.size[0])
