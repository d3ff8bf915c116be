"""Ad composition: product fidelity, layout, typography and the recipe."""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from pydantic import ValidationError

import engines.local.typography.blocks as typography
from core.placements import resolve_placement
from engines.local.ad.compose import SceneRequest, compose_ad
from engines.local.ad.recipe import FORMATS, Recipe
from engines.local.ad.staging import staged_theme
from engines.local.cutout import cut_out
from engines.local.themes import load_themes
from engines.local.typography import fonts, lettering
from evals import recipes
from policy.contrast import contrast, luminance


@cache
def bottle_cutout() -> Image.Image:
    return cut_out(recipes.bottle_on_white()[0]).image


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
    boxes = lettering.draw_text(
        image, area, "Big summer sale this week", None, None, typography.TextStyle()
    )
    ((x0, y0, x1, y1),) = boxes
    lum = luminance(np.asarray(image)[y0:y1, x0:x1].reshape(-1, 3))
    background = float(np.median(lum))
    ink = float(lum.min() if background > 0.18 else lum.max())  # the glyphs' colour
    assert float(contrast(background, ink)) >= 4.5
    # nothing outside the text area changed
    original = Image.fromarray(noise).resize((1080, 1080), Image.Resampling.NEAREST)
    assert np.array_equal(np.asarray(image)[:80], np.asarray(original)[:80])


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
    for field, bad in (
        ("product_scale", 1.8),
        ("product_scale", 0.4),
        ("product_shift", (0.5, 0.0)),
        ("backdrop_color", "blue"),
    ):
        with pytest.raises(ValidationError):
            Recipe.model_validate({field: bad})
    assert Recipe(font="Manrope").font == "manrope"
    assert Recipe(font="Comic Sans").font == "lato"  # unknown → default, never an error
    assert Recipe(backdrop_color="#aabbcc").backdrop_color == "#AABBCC"
    assert Recipe(format="feed").format == Recipe(format="1:1").format == "square"


def test_old_recipe_json_still_loads_and_renders() -> None:
    stored = (
        '{"theme": "studio", "format": "9:16", "seed": 3, "variation": 1, "headline": "Hello",'
        ' "subline": null, "cta": null, "warmth": 0.0, "brand_colors": [], "context": ""}'
    )
    recipe = Recipe.model_validate_json(stored)
    assert recipe.format == "story" and recipe.font == "lato" and recipe.product_scale == 1.0
    assert Recipe.model_validate_json(recipe.model_dump_json()) == recipe
    result = compose_ad(bottle_cutout(), recipe)
    assert result.image.size == FORMATS["9:16"] == (1080, 1920)
    assert result.placement is not None and result.placement.id == "story"


# --------------------------------------------------------------------------- fonts


@pytest.mark.parametrize("family", sorted(fonts.FONT_FAMILIES))
def test_fonts_come_from_pip_packages(family: str) -> None:
    fam = fonts.FONT_FAMILIES[family]
    for role in ("headline", "bold", "regular"):
        path = fonts.font_path(family, role)
        package = fam.package if role == "headline" else fam.body_package or fam.package
        assert path.is_file()
        assert "site-packages" in path.parts
        assert path.parts[path.parts.index("site-packages") + 1] == package
        face = fonts.font(family, role, 40)
        assert face is fonts.font(family, role, 40)  # cached
        assert face.getlength("Shop now") > 40


def test_no_vendored_fonts_and_unknown_family_uses_the_default() -> None:
    fonts_dir = Path(fonts.__file__).with_name("fonts")
    assert not list(fonts_dir.glob("*.ttf")) and not list(fonts_dir.glob("*.otf"))
    assert fonts.font_family("nope").id == fonts.DEFAULT_FONT == "lato"
    assert fonts.font_family("Fjalla One").id == "fjalla-one"


def test_recipe_font_changes_the_typeface() -> None:
    renders = {
        font: np.asarray(
            compose_ad(bottle_cutout(), Recipe(theme="studio", font=font, **RECIPE_TEXT)).image
        )
        for font in ("lato", "fjalla-one")
    }
    assert not np.array_equal(renders["lato"], renders["fjalla-one"])


# --------------------------------------------------------------------------- product framing


def test_product_scale_and_shift_move_the_box_and_keep_the_pixels() -> None:
    cutout = bottle_cutout()
    base = compose_ad(cutout, Recipe(theme="studio", **RECIPE_TEXT))
    heights = {}
    for scale in (0.6, 1.0, 1.3):
        result = compose_ad(cutout, Recipe(theme="studio", product_scale=scale, **RECIPE_TEXT))
        p = result.product_box
        heights[scale] = p[3] - p[1]
        check_invariant(result.image, result.product, p)
        assert result.ok, result.checks
    assert heights[0.6] < heights[1.0] < heights[1.3]
    assert abs(heights[0.6] / heights[1.0] - 0.6) < 0.03
    assert heights[1.0] == base.product_box[3] - base.product_box[1]

    shifted = compose_ad(cutout, Recipe(theme="studio", product_shift=(0.1, -0.05), **RECIPE_TEXT))
    dx = shifted.product_box[0] - base.product_box[0]
    dy = shifted.product_box[3] - base.product_box[3]
    assert abs(dx - 108) <= 1 and abs(dy + 54) <= 1
    check_invariant(shifted.image, shifted.product, shifted.product_box)

    extreme = compose_ad(
        cutout,
        Recipe(theme="studio", product_scale=1.6, product_shift=(0.3, 0.3), **RECIPE_TEXT),
    )
    p = extreme.product_box
    assert 0 <= p[0] < p[2] <= 1080 and 0 <= p[1] < p[3] <= 1080  # clamped inside
    check_invariant(extreme.image, extreme.product, p)
    for item in extreme.texts:  # text gives way to the bigger product
        b = item.box
        assert b[2] <= p[0] or p[2] <= b[0] or b[3] <= p[1] or p[3] <= b[1]
    assert extreme.ok, extreme.checks


def test_backdrop_color_recolours_the_scene_not_the_product() -> None:
    cutout = bottle_cutout()
    plain = compose_ad(cutout, Recipe(theme="studio"))
    blue = compose_ad(cutout, Recipe(theme="studio", backdrop_color="#2050C0"))
    check_invariant(blue.image, blue.product, blue.product_box)
    assert blue.product_box == plain.product_box
    mask = np.ones((1080, 1080), bool)
    left, top, right, bottom = blue.product_box
    mask[top:bottom, left:right] = False
    before = np.asarray(plain.image)[mask].mean(axis=0)
    after = np.asarray(blue.image)[mask].mean(axis=0)
    assert after[2] - after[0] > before[2] - before[0] + 40  # clearly bluer


def test_backdrop_color_recolours_a_painted_scene_too() -> None:
    cutout = bottle_cutout()

    def grey_model(request: SceneRequest) -> Image.Image:  # a model painting a grey studio
        return Image.new("RGB", request.size, (140, 140, 140))

    grey = compose_ad(cutout, Recipe(theme="studio"), scene_source=grey_model)
    blue = compose_ad(cutout, Recipe(theme="studio", backdrop_color="#2050C0"),
                      scene_source=grey_model)
    check_invariant(blue.image, blue.product, blue.product_box)
    mask = np.ones((1080, 1080), bool)
    left, top, right, bottom = blue.product_box
    mask[top:bottom, left:right] = False
    assert np.ptp(np.asarray(grey.image)[mask].mean(axis=0)) < 1  # the model's grey
    after = np.asarray(blue.image)[mask].mean(axis=0)
    assert after[2] - after[0] > 40  # clearly blue now


# --------------------------------------------------------------------------- logo


def logo_image() -> Image.Image:
    logo = Image.new("RGBA", (400, 140), (0, 0, 0, 0))
    logo.paste((200, 30, 160, 255), (10, 10, 390, 130))
    return logo


@pytest.mark.parametrize("fmt", ["1:1", "9:16", "leaderboard", "half-page"])
def test_logo_sits_in_a_free_corner_of_the_safe_zone(fmt: str) -> None:
    result = compose_ad(bottle_cutout(), Recipe(format=fmt, **RECIPE_TEXT), logo=logo_image())
    placement = resolve_placement(fmt)
    assert result.logo_box is not None
    lx0, ly0, lx1, ly1 = result.logo_box
    sx0, sy0, sx1, sy1 = placement.safe_box()
    assert sx0 <= lx0 < lx1 <= sx1 and sy0 <= ly0 < ly1 <= sy1
    corners_x = {sx0, sx1}
    corners_y = {sy0, sy1}
    assert (lx0 in corners_x or lx1 in corners_x) and (ly0 in corners_y or ly1 in corners_y)
    for box in [result.product_box, *result.text_boxes]:
        assert lx1 <= box[0] or box[2] <= lx0 or ly1 <= box[1] or box[3] <= ly0
    inner = np.asarray(result.image)[(ly0 + ly1) // 2, (lx0 + lx1) // 2]
    assert np.abs(inner.astype(int) - (200, 30, 160)).max() <= 2
    check_invariant(result.image, result.product, result.product_box)
    assert result.ok, result.checks


def test_logo_is_skipped_where_the_placement_forbids_it() -> None:
    for fmt in ("mobile-banner", "amazon-sb-custom-image"):
        result = compose_ad(bottle_cutout(), Recipe(format=fmt, **RECIPE_TEXT), logo=logo_image())
        assert result.logo_box is None
        (check,) = [c for c in result.checks if c.rule == "logo"]
        assert check.ok and check.fixed and "logo left out" in check.message
    off = compose_ad(bottle_cutout(), Recipe(logo=False), logo=logo_image())
    assert off.logo_box is None


def test_composition_with_logo_is_deterministic() -> None:
    recipe = Recipe(theme="studio", format="billboard", variation=1, **RECIPE_TEXT)
    pngs = []
    for _ in range(2):
        buf = io.BytesIO()
        compose_ad(bottle_cutout(), recipe, logo=logo_image()).image.save(buf, "PNG")
        pngs.append(buf.getvalue())
    assert pngs[0] == pngs[1]


def test_a_scene_source_draws_the_scene_and_the_product_stays_exact() -> None:
    seen: list[SceneRequest] = []

    def model_scene(request: SceneRequest) -> Image.Image:
        seen.append(request)
        return Image.new("RGB", (512, 512), (20, 60, 200))  # any size: compose resizes it

    recipe = Recipe(headline="Stay cold.", format="square")
    result = compose_ad(bottle_cutout(), recipe, scene_source=model_scene)
    assert seen and seen[0].size == (1080, 1080) and seen[0].product_box == result.product_box
    assert result.image.getpixel((5, 1075)) == (20, 60, 200)  # the model's scene, no shadow
    check_invariant(result.image, result.product, result.product_box)
    assert result.texts and all(c.ok for c in result.checks if c.rule == "contrast")


# --------------------------------------------------------------------------- cropped products


@cache
def held_cutout() -> Image.Image:
    return cut_out(recipes.hand_holding_product()[0]).image


@pytest.mark.parametrize("fmt", ["square", "story", "16:9"])
@pytest.mark.parametrize("variation", [0, 1, 2, 3])
def test_a_product_cut_at_the_bottom_leaves_through_the_ads_bottom_under_no_text(
    fmt: str, variation: int
) -> None:
    recipe = Recipe(format=fmt, variation=variation, product_cropped=["bottom"], **RECIPE_TEXT)
    result = compose_ad(held_cutout(), recipe)
    width, height = result.image.size
    left, top, right, bottom = result.product_box
    assert bottom == height  # the arm leaves the frame, it does not stand on a floor
    assert 0 <= left and right <= width
    for box in result.text_boxes:  # no text is squeezed under the product
        assert box[1] < top or box[2] <= left or box[0] >= right


def test_a_product_cut_at_the_right_edge_touches_the_right_side() -> None:
    recipe = Recipe(format="square", product_cropped=["right"])
    result = compose_ad(held_cutout(), recipe)
    assert result.product_box[2] == result.image.width


def test_a_held_product_is_not_stood_on_the_themes_podium() -> None:
    theme = load_themes()["geometric-podium"]
    kinds = [accent.kind for accent in theme.accents]
    assert "podium" in kinds
    box = (700, 300, 1080, 640)  # a product held in from the right
    held = staged_theme(theme, box, (1080, 1080), 0, held=True)
    assert [accent.kind for accent in held.accents] == [k for k in kinds if k != "podium"]
    assert staged_theme(theme, box, (1080, 1080), 0).accents == theme.accents


def test_an_uncropped_product_stands_above_the_bottom_with_its_shadow() -> None:
    result = compose_ad(bottle_cutout(), Recipe(format="square", **RECIPE_TEXT))
    assert result.product_box[3] < result.image.height
