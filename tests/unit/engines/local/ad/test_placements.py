"""Placements as data, and every placement rendered by the composer within its rules."""

from __future__ import annotations

from functools import cache

import numpy as np
import pytest
from PIL import Image
from pydantic import ValidationError

import engines.local.typography.blocks as typography
from core.errors import CapabilityError
from core.placements import (
    Placement,
    load_placements,
    resolve_placement,
    validate_catalog,
)
from engines.local.ad.compose import compose_ad
from engines.local.ad.composition import Composition
from engines.local.ad.recipe import Recipe
from engines.local.cutout import cut_out
from engines.local.typography import wrapping
from evals import recipes

TEXT = {
    "headline": "Cold for 24 hours, anywhere you go, from summit to city streets",
    "subline": "Insulated stainless steel, 750 ml",
    "cta": "Shop now",
}
REQUIRED = {
    "square": (1080, 1080),
    "landscape": (1200, 628),
    "widescreen": (1920, 1080),
    "portrait": (1080, 1350),
    "story": (1080, 1920),
    "medium-rectangle": (300, 250),
    "leaderboard": (728, 90),
    "wide-skyscraper": (160, 600),
    "half-page": (300, 600),
    "billboard": (970, 250),
    "mobile-banner": (320, 50),
    "amazon-sb-custom-image": (1200, 628),
}


@cache
def bottle() -> Image.Image:
    return cut_out(recipes.bottle_on_white()[0]).image


# --------------------------------------------------------------------------- catalog


def test_catalog_has_the_standard_placements() -> None:
    placements = load_placements()
    for pid, size in REQUIRED.items():
        assert placements[pid].size == size
    sb = placements["amazon-sb-custom-image"]
    assert not sb.allows_text and not sb.allows_logo and sb.layout == "scene"
    amazon_text = [p for p in placements.values() if p.group == "Amazon" and p.allows_text]
    assert amazon_text and all(p.max_headline_chars == 50 for p in amazon_text)
    story = placements["story"]
    assert story.safe_zone.top == 0.14 and story.safe_zone.bottom == 0.20
    assert story.safe_box() == (65, 269, 1015, 1536)


@pytest.mark.parametrize(
    ("name", "pid"),
    [
        ("1:1", "square"),
        ("Feed", "square"),
        ("4:5", "portrait"),
        ("9:16", "story"),
        ("16:9", "widescreen"),
        ("728x90", "leaderboard"),
        (" 320 X 50 ", "mobile-banner"),
        ("160×600", "wide-skyscraper"),
        ("Amazon SB", "amazon-sb-custom-image"),
        ("HALF_PAGE", "half-page"),
        ("1200x628", "landscape"),  # a shared size picks the first in the catalog
    ],
)
def test_resolve_by_id_alias_or_size(name: str, pid: str) -> None:
    assert resolve_placement(name).id == pid


def test_unknown_placement_lists_the_valid_names() -> None:
    with pytest.raises(CapabilityError) as info:
        resolve_placement("3:2")
    assert "3:2" in info.value.message
    for name in ("square", "9:16", "leaderboard", "728x90", "amazon-sb-custom-image"):
        assert name in info.value.hint


def test_catalog_validator_rejects_bad_data() -> None:
    good = {"id": "a", "label": "A", "size": [100, 100]}
    assert list(validate_catalog({"placements": [good]})) == ["a"]
    bad_entries = [
        [good, {**good, "id": "b", "aliases": ["A"]}],  # alias collides with an id
        [{**good, "size": [0, 100]}],
        [{**good, "safe_zone": {"left": 0.5}}],
        [{**good, "safe_zone": {"top": 0.4, "bottom": 0.4}}],
        [{**good, "layout": "diagonal"}],
        [{**good, "aliases": ["300x250"]}],
        [{**good, "unknown": 1}],
        [],
    ]
    for entries in bad_entries:
        with pytest.raises(ValidationError):
            validate_catalog({"placements": entries})


# --------------------------------------------------------------------------- rendering


def _lum(rgb: np.ndarray) -> np.ndarray:
    c = rgb.reshape(-1, 3).astype(np.float64) / 255.0
    lin = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return lin @ np.array([0.2126, 0.7152, 0.0722])


def _ratio(a: float, b: float) -> float:
    return (max(a, b) + 0.05) / (min(a, b) + 0.05)


def check_ad(result: Composition, placement: Placement) -> None:
    """Size, product invariant, safe zone, off-product, contrast on the real pixels."""
    image = np.asarray(result.image)
    assert result.image.size == placement.size and result.image.mode == "RGB"
    left, top, right, bottom = p = result.product_box
    assert 0 <= left < right <= placement.width and 0 <= top < bottom <= placement.height
    rgba = np.asarray(result.product)
    opaque = rgba[..., 3] == 255
    assert opaque.mean() > 0.3
    assert np.array_equal(image[top:bottom, left:right][opaque], rgba[..., :3][opaque])
    sx0, sy0, sx1, sy1 = placement.safe_box()
    assert result.text_boxes == [t.box for t in result.texts]
    for item in result.texts:
        x0, y0, x1, y1 = item.box
        assert sx0 <= x0 < x1 <= sx1 and sy0 <= y0 < y1 <= sy1, (item.role, item.box)
        assert x1 <= p[0] or p[2] <= x0 or y1 <= p[1] or p[3] <= y0, (item.role, item.box)
        ink = np.array(item.ink)
        drawn = image[y0:y1, x0:x1].reshape(-1, 3)
        assert (np.abs(drawn.astype(int) - ink).max(axis=1) <= 12).sum() >= 5  # glyphs there
        ink_lum = float(_lum(ink[None])[0])
        if item.role == "cta":
            assert item.background is not None
            assert _ratio(ink_lum, float(_lum(np.array(item.background)[None])[0])) >= 4.5
        else:
            assert result.backplate is not None
            behind = _lum(np.asarray(result.backplate)[y0:y1, x0:x1])
            lo, hi = np.percentile(behind, [1, 99])
            assert min(_ratio(ink_lum, lo), _ratio(ink_lum, hi)) >= 4.5, item
    if result.backplate is not None:  # outside text, product and logo nothing moved
        changed = np.abs(image.astype(int) - np.asarray(result.backplate)).max(axis=2) > 0
        allowed = np.zeros(changed.shape, bool)
        for box in [p, *(t.box for t in result.texts), result.logo_box]:
            if box is not None:
                allowed[box[1] : box[3], box[0] : box[2]] = True
        assert not (changed & ~allowed).any()
    assert all(c.ok for c in result.checks), [c for c in result.checks if not c.ok]
    rules = {c.rule for c in result.checks}
    assert {
        "size",
        "text-in-safe-zone",
        "text-off-product",
        "contrast",
        "headline-length",
        "text-allowed",
        "product-in-canvas",
    } <= rules


@pytest.mark.parametrize("pid", list(load_placements()))
def test_every_placement_renders_within_its_rules(pid: str) -> None:
    placement = load_placements()[pid]
    variations = (0, 1) if min(placement.size) < 300 else (0,)
    for variation in variations:
        recipe = Recipe(
            theme="auto", context="hiking", format=pid, variation=variation, seed=5, **TEXT
        )
        result = compose_ad(bottle(), recipe)
        check_ad(result, placement)
        if placement.allows_text:
            roles = [t.role for t in result.texts]
            assert "headline" in roles
            if placement.layout in ("banner", "skyscraper"):
                assert roles[-1] == "cta"  # the button comes last
                cta = result.texts[-1].box
                if placement.layout == "banner":  # at the end of the row
                    assert cta[2] >= placement.width * 0.85
                else:
                    assert cta[1] >= placement.height * 0.75
        limit = placement.max_headline_chars
        headline = next((t.text for t in result.texts if t.role == "headline"), "")
        assert limit is None or len(headline) <= limit


def test_banner_puts_product_headline_and_button_in_a_row() -> None:
    result = compose_ad(bottle(), Recipe(format="728x90", **TEXT))
    product = result.product_box
    head = next(t.box for t in result.texts if t.role == "headline")
    cta = next(t.box for t in result.texts if t.role == "cta")
    assert product[2] <= head[0] and head[2] <= cta[0]


def test_amazon_headline_is_shortened_at_a_word_boundary() -> None:
    long = "Cold for twenty-four hours anywhere you go, from the summit to the streets"
    result = compose_ad(bottle(), Recipe(format="amazon-display", headline=long, cta="Shop"))
    headline = next(t.text for t in result.texts if t.role == "headline")
    assert 0 < len(headline) <= 50
    assert headline == "Cold for twenty-four hours anywhere you go"  # ends at the clause
    assert long.startswith(headline) and long[len(headline)] in " ,"  # whole words only
    (check,) = [c for c in result.checks if c.rule == "headline-length"]
    assert check.ok and check.fixed
    check_ad(result, resolve_placement("amazon-display"))


def test_mobile_banner_shortens_the_headline_at_a_word_boundary() -> None:
    long = "Cold for twenty-four hours anywhere you go"
    result = compose_ad(bottle(), Recipe(format="320x50", headline=long, cta="Shop now"))
    headline = next(t.text for t in result.texts if t.role == "headline")
    words = headline.split()
    assert words == long.split()[: len(words)] and len(words) < len(long.split())
    assert any(c.fixed and "shortened" in c.message for c in result.checks)
    check_ad(result, resolve_placement("mobile-banner"))


def test_no_text_on_the_amazon_sponsored_brands_custom_image() -> None:
    placement = resolve_placement("amazon-sb")
    result = compose_ad(bottle(), Recipe(format="amazon-sb", **TEXT))
    assert result.texts == [] and result.text_boxes == []
    (check,) = [c for c in result.checks if c.rule == "text-allowed"]
    assert check.ok and check.fixed and "no text" in check.message
    plain = compose_ad(bottle(), Recipe(format="amazon-sb"))
    assert np.array_equal(np.asarray(result.image), np.asarray(plain.image))
    check_ad(result, placement)


def test_shorten_never_cuts_a_word() -> None:
    text = "Cold for 24 hours, anywhere you go with our insulated bottle"
    assert wrapping.shorten(text, 100) == text
    assert wrapping.shorten(text, 30) == "Cold for 24 hours"  # clause end preferred
    assert wrapping.shorten("Stay cold and go farther than ever", 14) == "Stay cold"
    for limit in range(5, len(text)):
        short = wrapping.shorten(text, limit)
        assert len(short) <= limit
        assert text.startswith(short)
        rest = text[len(short) :]
        assert rest == "" or rest[0] in " ,"


def test_text_that_cannot_fit_degrades_in_order() -> None:
    style = typography.TextStyle(max_size=40, min_size=14)
    full = typography.fit((0, 0, 600, 400), "Big summer sale", "All week long", "Shop", style)
    assert full.fixes == [] and full.subline == "All week long"
    tight = typography.fit(
        (0, 0, 240, 40), "Big summer sale on every bottle", "All week long", "Shop now", style
    )
    assert tight.subline is None and "subline dropped: no room" in tight.fixes
    assert tight.headline is not None
    assert "Big summer sale on every bottle".startswith(tight.headline)
    nothing = typography.fit((0, 0, 30, 10), "Big summer sale", None, "Shop", style)
    assert nothing.empty and nothing.fixes == ["text dropped: no room"]
