"""The offline image engine: cutout, themes, scenes, composition, typography, grading."""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from pydantic import ValidationError

from tests import media
from tools.engines.local import grading, typography
from tools.engines.local.compose import FORMATS, Recipe, compose_ad
from tools.engines.local.cutout import Cutout, cut_out
from tools.engines.local.scene import render_scene
from tools.engines.local.themes import load_themes, resolve_theme
from tools.errors import InvalidImageError

PHOTOS = Path(__file__).resolve().parents[1] / "data" / "photos"


def full_mask(cutout: Cutout, shape: tuple[int, ...]) -> np.ndarray:
    """The cutout's matte (alpha >= 128) placed back at its box in the source frame."""
    mask = np.zeros(shape[:2], dtype=bool)
    left, top, right, bottom = cutout.box
    mask[top:bottom, left:right] = np.asarray(cutout.image)[..., 3] >= 128
    return mask


def alpha_at(cutout: Cutout, x: int, y: int) -> int:
    left, top, right, bottom = cutout.box
    if not (left <= x < right and top <= y < bottom):
        return 0
    return int(np.asarray(cutout.image)[y - top, x - left, 3])


@cache
def bottle_cutout() -> Image.Image:
    return cut_out(media.bottle_on_white()[0]).image


# --------------------------------------------------------------------------- cutout


def test_bottle_on_white_matches_known_mask_and_drops_the_floor_shadow() -> None:
    photo, mask = media.bottle_on_white()
    cutout = cut_out(photo)
    assert cutout.method == "plain-background"
    assert media.iou(full_mask(cutout, mask.shape), mask) >= 0.97
    # the soft shadow spreads right of the base (x 520..690, y 890..905): all background
    assert max(alpha_at(cutout, x, y) for x in range(520, 690, 5) for y in (890, 898, 905)) == 0
    assert cutout.image.mode == "RGBA"


def test_white_mug_on_white_is_found_and_its_handle_hole_is_background() -> None:
    photo, mask = media.white_mug_on_white()
    cutout = cut_out(photo)
    assert media.iou(full_mask(cutout, mask.shape), mask) >= 0.95
    assert alpha_at(cutout, 600, 430) == 0  # inside the handle
    assert alpha_at(cutout, 430, 420) == 255  # the white body


def test_busy_background_uses_grabcut() -> None:
    photo, mask = media.product_on_busy_background()
    cutout = cut_out(photo)
    assert cutout.method == "grabcut"
    assert media.iou(full_mask(cutout, mask.shape), mask) >= 0.9  # measured 0.95


def test_hand_holding_product_keeps_product_and_hand() -> None:
    photo, mask = media.hand_holding_product()
    cutout = cut_out(photo)
    assert media.iou(full_mask(cutout, mask.shape), mask) >= 0.93  # measured 0.97


def test_alpha_png_is_used_as_it_is() -> None:
    photo, mask = media.product_with_alpha()
    cutout = cut_out(photo)
    assert cutout.method == "alpha"
    left, top, right, bottom = cutout.box
    source = np.asarray(photo.convert("RGBA"))[top:bottom, left:right]
    assert np.array_equal(np.asarray(cutout.image), source)
    assert media.iou(full_mask(cutout, mask.shape), mask) == 1.0


def test_palette_png_with_transparency_is_converted_not_recut() -> None:
    photo = Image.open(PHOTOS / "tote_red.png")
    assert photo.mode == "P"
    cutout = cut_out(photo)
    assert cutout.method == "alpha"
    alpha = np.asarray(cutout.image)[..., 3]
    assert alpha[0, 0] == 0 and 0.3 < (alpha > 127).mean() < 0.95


def test_real_mug_photo_gives_a_plausible_matte() -> None:
    photo = Image.open(PHOTOS / "mug_black.jpg")
    cutout = cut_out(photo)
    assert cutout.method == "plain-background"
    share = (np.asarray(cutout.image)[..., 3] > 127).sum() / (photo.width * photo.height)
    assert 0.07 < share < 0.16
    alpha = np.asarray(cutout.image)[..., 3]
    assert alpha[0, 0] == 0 and alpha[-1, 0] < 30
    left, top, right, bottom = cutout.box
    assert right - left > 0.3 * photo.width and bottom - top > 0.3 * photo.height


def test_real_polo_keeps_its_white_sleeve() -> None:
    photo = Image.open(PHOTOS / "polo_red.jpg")
    cutout = cut_out(photo)
    # the left (white) sleeve around x=300, y=350 of the photo belongs to the product
    assert alpha_at(cutout, 300, 350) == 255
    assert alpha_at(cutout, 40, 40) == 0


def test_exif_orientation_is_honoured() -> None:
    photo, _ = media.bottle_on_white()
    rotated = photo.transpose(Image.Transpose.ROTATE_90)  # stored sideways
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90 CW to display"
    buf = io.BytesIO()
    rotated.save(buf, "JPEG", quality=90, exif=exif.tobytes())
    cutout = cut_out(Image.open(io.BytesIO(buf.getvalue())))
    assert cutout.image.height > 2 * cutout.image.width  # upright bottle


def test_blank_photo_raises_a_helpful_error() -> None:
    blank = Image.new("RGB", (640, 480), (250, 250, 248))
    with pytest.raises(InvalidImageError) as info:
        cut_out(blank)
    assert "could not find a product" in info.value.message
    assert "plain backdrop" in info.value.hint
    with pytest.raises(InvalidImageError):
        cut_out(Image.new("RGBA", (64, 64), (0, 0, 0, 0)))


# --------------------------------------------------------------------------- themes


def test_catalog_has_the_required_themes() -> None:
    themes = load_themes()
    assert len(themes) >= 16
    required = {
        "studio",
        "pastel",
        "kitchen-counter",
        "marble",
        "wooden-table",
        "scandinavian",
        "industrial-loft",
        "beach",
        "hiking-trail",
        "city-night-bokeh",
        "spa",
        "desk",
        "summer",
        "autumn",
        "winter-holidays",
        "confetti",
        "neon-glow",
        "botanical-shadows",
    }
    assert required <= set(themes)
    assert {t.group for t in themes.values()} == {
        "Studio",
        "Events & Seasons",
        "Interior design styles",
        "Locations",
        "Visual accents",
    }


@pytest.mark.parametrize(
    ("context", "expected"),
    [
        ("Insulated bottle for hiking and camping trips", "hiking-trail"),
        ("Fresh coffee every morning", "kitchen-counter"),
        ("Our summer collection", "summer"),
        ("Luxury face serum for your spa night", "spa"),
    ],
)
def test_auto_picks_from_the_brief(context: str, expected: str) -> None:
    assert resolve_theme("auto", context).id == expected
    assert resolve_theme(None, context).id == expected


def test_auto_variations_differ() -> None:
    ids = [resolve_theme("auto", "hiking bottle", v).id for v in range(4)]
    assert ids[0] == "hiking-trail" and len(set(ids)) == 4
    assert len({resolve_theme("", "", v).id for v in range(4)}) == 4


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Hiking Trail", "hiking-trail"),
        ("kitchen_counter", "kitchen-counter"),
        ("CITY-NIGHT bokeh", "city-night-bokeh"),
        ("Marble luxe", "marble"),
        ("xmas", "winter-holidays"),
        ("mountain lake", "hiking-trail"),
        ("beech", "beach"),
        ("zzqx", "studio"),
    ],
)
def test_names_resolve_exactly_or_to_the_nearest(name: str, expected: str) -> None:
    assert resolve_theme(name, "anything", variation=3).id == expected


def test_every_theme_renders_deterministically() -> None:
    for theme in load_themes().values():
        scene = render_scene(theme, (216, 270), seed=7)
        pixels = np.asarray(scene.image)
        assert scene.image.mode == "RGB" and scene.image.size == (216, 270)
        assert pixels.std() > 2.0, theme.id  # not a flat fill
        assert 0 < scene.horizon_y < 270
    theme = load_themes()["confetti"]
    first = np.asarray(render_scene(theme, (300, 300), seed=3, brand_colors=["#0055FF"]).image)
    again = np.asarray(render_scene(theme, (300, 300), seed=3, brand_colors=["#0055FF"]).image)
    other = np.asarray(render_scene(theme, (300, 300), seed=4, brand_colors=["#0055FF"]).image)
    assert np.array_equal(first, again) and not np.array_equal(first, other)


def test_scene_warmth_grades_warmer_and_cooler() -> None:
    theme = load_themes()["studio"]
    warm = np.asarray(render_scene(theme, (200, 200), 1, warmth=0.8).image, dtype=float)
    cool = np.asarray(render_scene(theme, (200, 200), 1, warmth=-0.8).image, dtype=float)
    balance = lambda a: (a[..., 0] - a[..., 2]).mean()  # noqa: E731
    assert balance(warm) > balance(cool) + 10


# --------------------------------------------------------------------------- compose


RECIPE_TEXT = {
    "headline": "Cold for 24 hours, anywhere you go",
    "subline": "Insulated stainless steel, 750 ml",
    "cta": "Shop now",
}


def check_invariant(result_image: Image.Image, product: Image.Image, box: tuple[int, ...]) -> None:
    left, top, right, bottom = box
    out = np.asarray(result_image)[top:bottom, left:right]
    rgba = np.asarray(product)
    opaque = rgba[..., 3] == 255
    assert opaque.mean() > 0.3
    assert np.array_equal(out[opaque], rgba[..., :3][opaque])


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_product_pixels_are_never_altered(fmt: str) -> None:
    cutout = bottle_cutout()
    for variation in range(4):
        recipe = Recipe(
            theme="auto",
            context="hiking",
            format=fmt,
            variation=variation,
            warmth=0.4,
            brand_colors=["#FF6600"],
            **RECIPE_TEXT,
        )
        result = compose_ad(cutout, recipe)
        assert result.image.size == FORMATS[fmt] and result.image.mode == "RGB"
        assert result.product.size == (
            result.product_box[2] - result.product_box[0],
            result.product_box[3] - result.product_box[1],
        )
        check_invariant(result.image, result.product, result.product_box)
        width, height = result.image.size
        assert len(result.text_boxes) == 3
        for box in result.text_boxes:
            assert 0 <= box[0] < box[2] <= width and 0 <= box[1] < box[3] <= height
            p = result.product_box
            assert box[2] <= p[0] or p[2] <= box[0] or box[3] <= p[1] or p[3] <= box[1]
            if fmt == "9:16":  # platform UI zones stay free of text
                assert box[1] >= 0.14 * height - 1 and box[3] <= 0.80 * height + 1


def test_variations_change_layout() -> None:
    boxes = {
        compose_ad(bottle_cutout(), Recipe(theme="studio", variation=v, **RECIPE_TEXT)).product_box
        for v in range(4)
    }
    assert len(boxes) == 4


def test_product_is_the_lanczos_resize_of_the_cutout_and_edges_blend() -> None:
    cutout = bottle_cutout()
    result = compose_ad(cutout, Recipe(theme="marble"))
    expected = cutout.resize(result.product.size, Image.Resampling.LANCZOS)
    assert np.array_equal(np.asarray(result.product), np.asarray(expected))
    check_invariant(result.image, result.product, result.product_box)
    rgba = np.asarray(result.product).astype(int)
    ys, xs = np.nonzero((rgba[..., 3] > 0) & (rgba[..., 3] < 100))
    assert ys.size > 50  # anti-aliased edge pixels exist ...
    left, top = result.product_box[:2]
    out = np.asarray(result.image).astype(int)[ys + top, xs + left]
    blended = np.abs(out - rgba[ys, xs, :3]).max(axis=1) > 3
    assert blended.mean() > 0.5  # ... and are mixed with the scene, not pasted opaque
    assert result.text_boxes == []


def test_composition_is_deterministic() -> None:
    recipe = Recipe(theme="confetti", format="4:5", seed=11, variation=2, **RECIPE_TEXT)
    pngs = []
    for _ in range(2):
        buf = io.BytesIO()
        compose_ad(bottle_cutout(), recipe).image.save(buf, "PNG")
        pngs.append(buf.getvalue())
    assert pngs[0] == pngs[1]


def test_headline_has_enough_contrast_even_on_a_busy_background() -> None:
    rng = np.random.default_rng(0)
    noise = rng.integers(60, 200, (90, 120, 3)).astype(np.uint8)
    image = Image.fromarray(noise).resize((1080, 1080), Image.Resampling.NEAREST)
    area = (80, 80, 1000, 400)
    boxes = typography.draw_text(
        image, area, "Big summer sale this week", None, None, typography.TextStyle()
    )
    ((x0, y0, x1, y1),) = boxes
    lum = typography.luminance(np.asarray(image)[y0:y1, x0:x1].reshape(-1, 3))
    background = float(np.median(lum))
    ink = float(lum.min() if background > 0.18 else lum.max())  # the glyphs' colour
    assert float(typography.contrast(background, ink)) >= 4.5
    # nothing outside the text area changed
    original = Image.fromarray(noise).resize((1080, 1080), Image.Resampling.NEAREST)
    assert np.array_equal(np.asarray(image)[:80], np.asarray(original)[:80])


# --------------------------------------------------------------------------- grading & recipe


def test_grading_identity_and_warmth() -> None:
    photo, _ = media.bottle_on_white()
    assert np.array_equal(np.asarray(grading.adjust(photo)), np.asarray(photo))
    warm = np.asarray(grading.adjust(photo, warmth=0.6), dtype=float)
    base = np.asarray(photo, dtype=float)
    assert (warm[..., 0] - warm[..., 2]).mean() > (base[..., 0] - base[..., 2]).mean() + 5
    grey = np.asarray(grading.adjust(photo, saturation=-1.0)).astype(int)
    assert np.abs(grey[..., 0] - grey[..., 2]).max() <= 1
    assert np.asarray(grading.adjust(photo, brightness=0.5)).mean() > base.mean()
    with pytest.raises(ValueError):
        grading.adjust(photo, warmth=1.5)


def test_recipe_validation() -> None:
    recipe = Recipe(brand_colors=["#ff6600"], warmth=-1.0)
    assert recipe.brand_colors == ["#FF6600"]
    assert Recipe.model_validate_json(recipe.model_dump_json()) == recipe
    for bad in (["red"], ["#FF66"], ["#GG0000"], ["FF6600"]):
        with pytest.raises(ValidationError):
            Recipe(brand_colors=bad)
    with pytest.raises(ValidationError):
        Recipe(warmth=1.5)
    with pytest.raises(ValidationError):
        Recipe.model_validate({"format": "3:2"})
