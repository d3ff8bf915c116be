"""The image policy on real composed ads and on drawn bad cases."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from PIL import Image, ImageFilter

from core.errors import CapabilityError
from core.placements import resolve_placement
from engines.local.ad.compose import compose_ad
from engines.local.ad.composition import Composition, ad_layout
from engines.local.ad.recipe import Recipe
from engines.local.ad.staging import trim
from engines.local.cutout import cut_out
from evals.recipes import bottle_on_white
from policy.images import (
    AdLayout,
    TextBox,
    check_ad,
    check_image,
    check_upload,
    fidelity_scores,
)


@pytest.fixture(scope="module")
def cutout() -> Image.Image:
    return cut_out(bottle_on_white()[0]).image


def _ad(cutout: Image.Image, placement: str = "square", variation: int = 0) -> Composition:
    recipe = Recipe(format=placement, variation=variation, seed=3, headline="Cold for 24 hours.",
                    subline="Double-wall steel, 750 ml", cta="Shop now")
    return compose_ad(cutout, recipe)


def _rules(findings: list) -> set[tuple[str, str]]:
    return {(f.rule_id, f.severity) for f in findings}


def _layout(placement: str = "square", texts: tuple[TextBox, ...] = (),
            backplate: Image.Image | None = None,
            product_box: tuple[int, int, int, int] = (400, 400, 600, 700)) -> AdLayout:
    """A drawn layout: a flat opaque product in ``product_box``."""
    size = (product_box[2] - product_box[0], product_box[3] - product_box[1])
    return AdLayout(placement=resolve_placement(placement), product_box=product_box,
                    product=Image.new("RGBA", size, (30, 90, 160, 255)), texts=texts,
                    backplate=backplate)


def _draw(layout: AdLayout, color: tuple[int, int, int] = (250, 250, 250)) -> Image.Image:
    """The layout's canvas in ``color`` with its product pasted where the layout says."""
    image = Image.new("RGB", layout.placement.size, color)
    image.paste(layout.product, layout.product_box[:2], layout.product)
    return image


# --------------------------------------------------------------------------- real ads


@pytest.mark.parametrize(("placement", "variation"), [
    ("square", 0), ("square", 1), ("story", 2), ("widescreen", 3), ("leaderboard", 0),
    ("wide-skyscraper", 1), ("amazon-sb-custom-image", 0),
])
def test_ordinary_composed_ads_pass_every_check(
    cutout: Image.Image, placement: str, variation: int
) -> None:
    ad = _ad(cutout, placement, variation)
    assert check_ad(ad.image, ad_layout(ad, cutout)) == []


def test_the_placed_product_is_the_cutout_resized_and_pasted_exactly(cutout: Image.Image) -> None:
    ad = _ad(cutout)
    left, top, right, bottom = ad.product_box
    expected = trim(cutout).resize((right - left, bottom - top), Image.Resampling.LANCZOS)
    assert np.array_equal(np.asarray(ad.product), np.asarray(expected))
    scores = fidelity_scores(ad.image, ad_layout(ad, cutout))
    assert (scores.changed, scores.mean_difference, scores.region) == (0.0, 0.0, None)
    assert scores.cutout_difference < 3.0


def _altered(ad: Composition, change: str) -> Image.Image:
    box = ad.product_box
    image = ad.image.copy()
    region = image.crop(box)
    if change == "blur":
        region = region.filter(ImageFilter.GaussianBlur(3))
    else:  # recolour: swap red and blue
        region = Image.fromarray(np.asarray(region)[..., ::-1].copy())
    image.paste(region, box[:2])
    return image


@pytest.mark.parametrize("change", ["blur", "recolour"])
def test_an_altered_product_is_blocked(cutout: Image.Image, change: str) -> None:
    ad = _ad(cutout)
    findings = check_ad(_altered(ad, change), ad_layout(ad, cutout))
    assert _rules(findings) == {("image.fidelity", "block")}
    region = findings[0].region
    assert region is not None and findings[0].span == (0, 0)
    left, top, right, bottom = ad.product_box
    assert left <= region[0] < region[2] <= right and top <= region[1] < region[3] <= bottom


def test_a_small_touch_on_the_product_warns(cutout: Image.Image) -> None:
    ad = _ad(cutout)
    pixels = np.array(ad.image)
    left, top, right, bottom = ad.product_box
    cx, cy = (left + right) // 2, (top + bottom) // 2
    pixels[cy - 6 : cy + 6, cx - 6 : cx + 6] = (255, 0, 255)  # a small stamp on the product
    findings = check_ad(Image.fromarray(pixels), ad_layout(ad, cutout))
    assert _rules(findings) == {("image.fidelity", "warn")}
    assert findings[0].region == (cx - 6, cy - 6, cx + 6, cy + 6)


def test_a_compositor_that_swapped_the_product_is_caught_by_the_cutout(
    cutout: Image.Image,
) -> None:
    ad = _ad(cutout)
    swapped = Image.fromarray(np.asarray(ad.product)[..., [2, 1, 0, 3]].copy(), "RGBA")
    image = ad.image.copy()
    image.paste(swapped, ad.product_box[:2], swapped)
    faithful_to_its_own_product = dataclasses.replace(ad, product=swapped, image=image)
    findings = check_ad(image, ad_layout(faithful_to_its_own_product, cutout))
    assert _rules(findings) == {("image.fidelity", "block")}
    assert check_ad(image, ad_layout(faithful_to_its_own_product)) == []  # no cutout: blind


def test_an_upscaled_ad_is_checked_against_the_cutout_at_its_new_size(
    cutout: Image.Image,
) -> None:
    ad = _ad(cutout)
    big = ad.image.resize((2160, 2160), Image.Resampling.LANCZOS)
    layout = ad_layout(ad, cutout, scale=2)
    # the product enlarged from the 1x ad, not from the cutout, is a little softer
    assert _rules(check_ad(big, layout)) == {("image.fidelity", "warn")}
    box = [v * 2 for v in ad.product_box]
    placed = trim(cutout).resize((box[2] - box[0], box[3] - box[1]), Image.Resampling.LANCZOS)
    big.paste(placed, (box[0], box[1]), placed)  # what edit_image does after an upscale
    assert check_ad(big, layout) == []
    with pytest.raises(ValueError, match="cutout"):
        ad_layout(ad, scale=2)


# --------------------------------------------------------------------------- drawn layouts


def test_low_contrast_text_warns_and_legible_text_does_not() -> None:
    grey = Image.new("RGB", (1080, 1080), (128, 128, 128))
    headline_box = (100, 100, 900, 200)
    mid = _layout(texts=(TextBox("headline", headline_box, (150, 150, 150)),), backplate=grey)
    findings = check_ad(_draw(mid, (128, 128, 128)), mid)
    contrast = [f for f in findings if f.rule_id == "image.contrast"]
    assert [(f.severity, f.excerpt, f.region) for f in contrast] == [
        ("warn", "headline", headline_box)
    ]
    assert "1.3:1" in contrast[0].reason and contrast[0].fix
    white = Image.new("RGB", (1080, 1080), (250, 250, 250))
    legible = _layout(texts=(TextBox("headline", headline_box, (20, 20, 22)),
                             TextBox("cta", (400, 800, 680, 880), (255, 255, 255), (20, 60, 140))),
                      backplate=white)
    assert check_ad(_draw(legible), legible) == []
    pale_button = _layout(texts=(TextBox("cta", (400, 800, 680, 880), (255, 255, 255),
                                         (200, 200, 200)),))
    assert {(f.rule_id, f.excerpt) for f in check_ad(_draw(pale_button), pale_button)} == {
        ("image.contrast", "cta")
    }


def test_text_covering_much_of_a_feed_ad_warns_but_a_banner_may_be_text() -> None:
    heavy = (TextBox("headline", (60, 60, 1020, 500), (0, 0, 0), (255, 255, 255)),)
    findings = check_ad(_draw(_layout(texts=heavy)), _layout(texts=heavy))
    assert ("image.text_area", "warn") in _rules(findings)
    assert "36%" in next(f.reason for f in findings if f.rule_id == "image.text_area")
    light = (TextBox("headline", (60, 60, 1020, 200), (0, 0, 0), (255, 255, 255)),)
    assert check_ad(_draw(_layout(texts=light)), _layout(texts=light)) == []
    banner_text = (TextBox("headline", (100, 15, 500, 75), (0, 0, 0), (255, 255, 255)),)
    banner = _layout("leaderboard", banner_text, product_box=(20, 5, 80, 85))
    assert check_ad(_draw(banner), banner) == []


def test_text_and_product_outside_a_story_safe_zone_warn() -> None:
    caption_bar = (TextBox("headline", (100, 1700, 900, 1800), (0, 0, 0), (255, 255, 255)),)
    layout = _layout("story", caption_bar, product_box=(300, 1400, 800, 1900))
    findings = check_ad(_draw(layout), layout)
    assert {(f.rule_id, f.excerpt) for f in findings} == {
        ("image.safe_zone", "headline"), ("image.safe_zone", "product")
    }
    inside = _layout("story", (), product_box=(300, 700, 800, 1400))
    assert check_ad(_draw(inside), inside) == []


def test_text_on_a_placement_that_allows_none_is_blocked() -> None:
    texts = (TextBox("headline", (100, 100, 600, 160), (0, 0, 0), (255, 255, 255)),)
    layout = _layout("amazon-sb-custom-image", texts, product_box=(400, 100, 700, 550))
    assert _rules(check_ad(_draw(layout), layout)) == {("image.text_not_allowed", "block")}


# --------------------------------------------------------------------------- any image


@pytest.mark.parametrize(("size", "placement", "expected"), [
    ((1080, 1080), None, set()),  # a square feed ad by its size
    ((300, 250), None, set()),  # an IAB medium rectangle by its size
    ((1500, 1000), None, set()),  # no placement has that size: large enough in general
    ((50, 30), None, {("image.resolution", "warn")}),
    ((900, 900), "square", {("image.resolution", "warn")}),
    ((500, 500), "1:1", {("image.resolution", "block")}),
    ((1080, 1350), "square", {("image.aspect", "warn")}),
    ((2160, 3840), "story", set()),
    ((4000, 10), "leaderboard", {("image.aspect", "warn"), ("image.resolution", "block")}),
    ((1, 1), "story", {("image.resolution", "block"), ("image.aspect", "warn")}),
])
def test_check_image_on_odd_sizes(
    size: tuple[int, int], placement: str | None, expected: set[tuple[str, str]]
) -> None:
    findings = check_image(Image.new("RGB", size, "white"), placement=placement)
    assert _rules(findings) == expected
    assert all(f.region == (0, 0, *size) and f.excerpt == "image" and f.fix for f in findings)


def test_check_image_refuses_an_unknown_placement() -> None:
    with pytest.raises(CapabilityError, match="no ad placement called 'tiktok-ultra'"):
        check_image(Image.new("RGB", (100, 100)), placement="tiktok-ultra")


# --------------------------------------------------------------------------- uploads


def test_an_ordinary_product_photo_passes_the_upload_checks() -> None:
    assert check_upload(bottle_on_white()[0]) == []


def test_small_stretched_and_blank_uploads_warn() -> None:
    photo = bottle_on_white()[0]
    small = photo.resize((200, 250))
    assert _rules(check_upload(small)) == {("upload.small", "warn")}
    assert "soft" in check_upload(small)[0].reason
    strip = photo.crop((0, 400, 800, 560)).resize((1500, 300))
    assert _rules(check_upload(strip)) == {("upload.aspect", "warn")}
    blank = Image.new("RGB", (900, 900), (240, 240, 240))
    assert _rules(check_upload(blank)) == {("upload.blank", "warn")}
