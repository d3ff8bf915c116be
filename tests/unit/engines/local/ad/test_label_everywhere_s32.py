"""Every ad carries its AI disclosure, legible and clear of the text and product (issue 22).

An art director's review: the 320x50 mobile banner and the 160x600 wide skyscraper came out
with no "AI-generated" label at all (no free corner), though every AI-made ad must say so
(EU AI Act art. 50). On every placement that shows text, in every variation and for two
real product photos, the label is there; its letters are at least the ad's smallest text
size (measured from the pixels: the height of its light letters inside the dark pill);
and it keeps clear of every text box, text panel and opaque product pixel.
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
from engines.local.ad.recipe import Recipe
from engines.local.cutout import cut_out
from engines.local.typography.fonts import MIN_TEXT_SIZE
from tests.paths import PHOTOS

WITH_TEXT = sorted(pid for pid, p in load_placements().items() if p.allows_text)
CAP_HEIGHT = 0.68
"""A capital letter is about this share of the font size (Lato's is 0.72): "AI" set at the
smallest text size shows letters at least this share of it tall."""
PRODUCTS = {
    "tote_red.png": ("Room for your laptop and more", "Made to carry the everyday",
                     "Red canvas tote bag, reinforced handles"),
    "mug_black.jpg": ("Straight into the dishwasher", "Your new favourite mug",
                      "Black ceramic mug, 350 ml"),
}


@cache
def cutout(photo: str) -> Image.Image:
    return cut_out(Image.open(PHOTOS / photo).convert("RGB")).image


@cache
def ad(photo: str, placement: str, variation: int) -> Composition:
    headline, subline, context = PRODUCTS[photo]
    recipe = Recipe(theme="auto", format=placement, variation=variation, headline=headline,
                    subline=subline, cta="Shop now", context=context,
                    disclosure="AI-generated")
    return compose_ad(cutout(photo), recipe)


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def letter_height(composition: Composition, box: Box) -> int:
    """Rows of the label's box that hold its light letters (brighter than the dark pill)."""
    pill = np.asarray(composition.image.convert("L").crop(box), dtype=np.float32)
    letters = pill > np.median(pill) + 100
    return int(np.count_nonzero(letters.any(axis=1)))


@pytest.mark.parametrize("photo", sorted(PRODUCTS))
@pytest.mark.parametrize("placement", WITH_TEXT)
@pytest.mark.parametrize("variation", range(4))
def test_every_ad_carries_a_legible_ai_label_clear_of_text_and_product(
    photo: str, placement: str, variation: int
) -> None:
    composition = ad(photo, placement, variation)
    label = composition.disclosure_box
    assert label is not None, f"{placement} #{variation} has no AI label"
    assert letter_height(composition, label) >= CAP_HEIGHT * MIN_TEXT_SIZE
    for item in composition.texts:
        assert not _overlaps(label, item.box), f"label {label} on the {item.role}"
    for panel in composition.panels:
        assert not _overlaps(label, panel), f"label {label} on a text panel {panel}"
    x0, y0 = composition.product_box[:2]
    alpha = np.asarray(composition.product.getchannel("A")) > 0
    ys, xs = np.nonzero(alpha)
    under = (xs + x0 >= label[0]) & (xs + x0 < label[2]) & (ys + y0 >= label[1]) \
        & (ys + y0 < label[3])
    assert not under.any(), f"label {label} on the product"
