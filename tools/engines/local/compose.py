"""Ad composition: stage a cut-out product in a themed scene with shadows and text.

The product's own pixels are sacred: it is resized once (LANCZOS) and pasted last, after
grading, shadows, reflections and text, so every opaque product pixel of the result is
exactly the resized product's pixel. Text areas never overlap the product's box.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Annotated, Literal

import cv2
import numpy as np
from PIL import Image
from pydantic import BaseModel, ConfigDict, Field, field_validator

from tools.engines.local.scene import Scene, hex_rgb, render_scene
from tools.engines.local.themes import Theme, resolve_theme
from tools.engines.local.typography import TextStyle, draw_text

Box = tuple[int, int, int, int]
Frac = tuple[float, float, float, float]
FormatName = Literal["1:1", "4:5", "9:16", "16:9"]

FORMATS: dict[str, tuple[int, int]] = {
    "1:1": (1080, 1080),
    "4:5": (1080, 1350),
    "9:16": (1080, 1920),
    "16:9": (1920, 1080),
}
_MAX_UPSCALE = 3.0


class Recipe(BaseModel):
    """Everything needed to re-render an ad exactly; stored as JSON in asset metadata.

    Attributes:
        theme: Theme id or label, any words (mapped to the nearest theme), or ``auto``.
        format: Aspect ratio of the ad.
        seed: Randomness of the scene (accent placement, textures).
        variation: 0..n; changes layout, light direction and, for ``auto``, the theme.
        headline: Main line of text.
        subline: Supporting line.
        cta: Call-to-action button label.
        warmth: Colour grading of the scene, -1 (cool) .. 1 (warm).
        brand_colors: ``#RRGGBB`` colours that tint the scene and colour the button.
        context: Product and brief text used by ``theme="auto"``.
    """

    model_config = ConfigDict(extra="forbid")

    theme: str = "auto"
    format: FormatName = "1:1"
    seed: int = 0
    variation: Annotated[int, Field(ge=0)] = 0
    headline: Annotated[str, Field(max_length=200)] | None = None
    subline: Annotated[str, Field(max_length=300)] | None = None
    cta: Annotated[str, Field(max_length=40)] | None = None
    warmth: Annotated[float, Field(ge=-1.0, le=1.0)] = 0.0
    brand_colors: list[str] = []
    context: str = ""

    @field_validator("brand_colors")
    @classmethod
    def _hex_colors(cls, colors: list[str]) -> list[str]:
        out = []
        for color in colors:
            value = color.strip()
            if (
                len(value) != 7
                or value[0] != "#"
                or any(c not in "0123456789abcdefABCDEF" for c in value[1:])
            ):
                raise ValueError(f"brand colour {color!r} is not a #RRGGBB hex colour")
            out.append(value.upper())
        return out

    @field_validator("headline", "subline", "cta")
    @classmethod
    def _blank_is_none(cls, text: str | None) -> str | None:
        return text.strip() or None if text is not None else None


@dataclass
class Composition:
    """A finished ad and where its parts are.

    Attributes:
        image: The RGB ad.
        theme: The resolved theme.
        product_box: (left, top, right, bottom) of the placed product.
        product: The RGBA product at its final scale, exactly as pasted.
        text_boxes: Boxes of the headline, subline and button.
    """

    image: Image.Image
    theme: Theme
    product_box: Box
    product: Image.Image
    text_boxes: list[Box]


@dataclass(frozen=True)
class _Layout:
    product: Frac
    text: Frac | None
    align: Literal["left", "center"] = "center"
    valign: Literal["top", "center", "bottom"] = "top"


_LAYOUTS: dict[str, tuple[_Layout, ...]] = {
    "1:1": (
        _Layout((0.20, 0.35, 0.80, 0.91), (0.08, 0.07, 0.92, 0.31)),
        _Layout((0.04, 0.16, 0.54, 0.90), (0.58, 0.12, 0.94, 0.88), "left", "center"),
        _Layout((0.22, 0.06, 0.78, 0.63), (0.08, 0.68, 0.92, 0.94), "center", "bottom"),
        _Layout((0.46, 0.16, 0.96, 0.90), (0.06, 0.12, 0.42, 0.88), "left", "center"),
    ),
    "4:5": (
        _Layout((0.16, 0.33, 0.84, 0.91), (0.08, 0.06, 0.92, 0.29)),
        _Layout((0.04, 0.20, 0.56, 0.88), (0.60, 0.16, 0.94, 0.84), "left", "center"),
        _Layout((0.18, 0.06, 0.82, 0.65), (0.08, 0.70, 0.92, 0.94), "center", "bottom"),
        _Layout((0.44, 0.20, 0.96, 0.88), (0.06, 0.16, 0.40, 0.84), "left", "center"),
    ),
    # 9:16 keeps text out of the top 14% and bottom 20% (platform UI)
    "9:16": (
        _Layout((0.10, 0.38, 0.90, 0.80), (0.08, 0.14, 0.92, 0.34)),
        _Layout((0.10, 0.15, 0.90, 0.58), (0.08, 0.62, 0.92, 0.80), "center", "top"),
        _Layout((0.02, 0.40, 0.80, 0.80), (0.08, 0.14, 0.92, 0.36), "left", "top"),
        _Layout((0.20, 0.16, 0.98, 0.58), (0.08, 0.62, 0.92, 0.80), "left", "top"),
    ),
    "16:9": (
        _Layout((0.50, 0.08, 0.94, 0.92), (0.06, 0.14, 0.46, 0.86), "left", "center"),
        _Layout((0.06, 0.08, 0.50, 0.92), (0.54, 0.14, 0.94, 0.86), "left", "center"),
        _Layout((0.56, 0.14, 0.92, 0.92), (0.08, 0.18, 0.50, 0.82), "left", "center"),
        _Layout((0.30, 0.31, 0.70, 0.94), (0.10, 0.05, 0.90, 0.27), "center", "top"),
    ),
}
_NO_TEXT: dict[str, Frac] = {
    "1:1": (0.14, 0.10, 0.86, 0.90),
    "4:5": (0.12, 0.12, 0.88, 0.90),
    "9:16": (0.08, 0.20, 0.92, 0.80),
    "16:9": (0.25, 0.08, 0.75, 0.92),
}


def _layout(fmt: str, variation: int, has_text: bool) -> _Layout:
    if has_text:
        options = _LAYOUTS[fmt]
        return options[variation % len(options)]
    left, top, right, bottom = _NO_TEXT[fmt]
    shift = (0.0, -0.05, 0.05, 0.0)[variation % 4]
    return _Layout((left + shift, top, right + shift, bottom), None)


def _px(frac: Frac, size: tuple[int, int]) -> Box:
    w, h = size
    return (round(frac[0] * w), round(frac[1] * h), round(frac[2] * w), round(frac[3] * h))


def _trim(cutout: Image.Image) -> Image.Image:
    rgba = cutout if cutout.mode == "RGBA" else cutout.convert("RGBA")
    bbox = rgba.getchannel("A").getbbox()
    if bbox is None:
        raise ValueError("the cutout is fully transparent")
    return rgba.crop(bbox) if bbox != (0, 0, *rgba.size) else rgba


def _place(cutout: Image.Image, area: Box) -> tuple[Image.Image, Box]:
    """Resize the product once to fit ``area``; stand it on the area's bottom, centred."""
    left, top, right, bottom = area
    cw, ch = cutout.size
    scale = min((right - left) / cw, (bottom - top) / ch, _MAX_UPSCALE)
    pw, ph = max(1, round(cw * scale)), max(1, round(ch * scale))
    product = cutout.resize((pw, ph), Image.Resampling.LANCZOS)
    x0 = left + ((right - left) - pw) // 2
    return product, (x0, bottom - ph, x0 + pw, bottom)


def _staged_theme(theme: Theme, box: Box, size: tuple[int, int], variation: int) -> Theme:
    """The theme with its horizon behind the product and the light mirrored on odd variations."""
    h = size[1]
    ph = box[3] - box[1]
    horizon = min(max(box[3] - 0.4 * ph, 0.22 * h), box[3] - 0.06 * ph) / h
    direction = theme.lighting.direction
    if variation % 2:
        direction = (360.0 - direction) % 360.0
    surface = theme.surface.model_copy(update={"horizon": float(np.clip(horizon, 0.2, 0.95))})
    lighting = theme.lighting.model_copy(update={"direction": direction})
    return theme.model_copy(update={"surface": surface, "lighting": lighting})


def _footprint(alpha: np.ndarray) -> tuple[float, float]:
    """Left and right of the product's base (columns opaque in its bottom rows)."""
    ph = alpha.shape[0]
    base = alpha[max(0, ph - max(3, ph // 25)) :]
    cols = np.flatnonzero(base.max(axis=0) > 0.5)
    if cols.size == 0:
        cols = np.flatnonzero(alpha.max(axis=0) > 0.5)
    return float(cols[0]), float(cols[-1] + 1)


_SHADOW_SCALE = 4  # soft shadows are computed at a quarter of the resolution


def _ellipse_shadow(
    shape: tuple[int, int], center: tuple[float, float], axes: tuple[float, float], sigma: float
) -> np.ndarray:
    """A blurred filled ellipse (0..1) on a float canvas of ``shape``."""
    layer = np.zeros(shape, dtype=np.float32)
    c = (round(center[0]), round(center[1]))
    ax = (max(1, round(axes[0])), max(1, round(axes[1])))
    cv2.ellipse(layer, c, ax, 0, 0, 360, 1.0, -1, cv2.LINE_AA)
    return cv2.GaussianBlur(layer, (0, 0), max(sigma, 0.5))


def _cast_shadow(
    alpha: np.ndarray, shape: tuple[int, int], origin: tuple[float, float], scene: Scene
) -> np.ndarray:
    """The product's silhouette laid on the floor away from the light, softening with distance.

    All arguments are in the (reduced) shadow resolution.
    """
    ph = alpha.shape[0]
    lx = math.sin(math.radians(scene.light_direction))
    shear, k = -0.85 * lx, 0.26
    ox, oy = origin
    # product (x, y) -> canvas (ox + x + shear * (ph - y), oy + ph - k * (ph - y))
    matrix = np.array(
        [[1.0, -shear, ox + shear * ph], [0.0, k, oy + (1 - k) * ph]], dtype=np.float32
    )
    flat = cv2.warpAffine(alpha, matrix, (shape[1], shape[0]), flags=cv2.INTER_LINEAR)
    near = cv2.GaussianBlur(flat, (0, 0), 0.6 + 0.01 * ph)
    far = cv2.GaussianBlur(flat, (0, 0), (0.03 + 0.05 * scene.light_softness) * ph)
    rows = np.arange(shape[0], dtype=np.float32)[:, None]
    t = np.clip((oy + ph - rows) / max(k * ph, 1.0), 0.0, 1.0)
    return (near * (1 - t) + far * t) * (1.0 - 0.55 * t)


def _soft_shadows(alpha: np.ndarray, box: Box, size: tuple[int, int], scene: Scene) -> np.ndarray:
    """Ambient occlusion and cast shadow as a darkening factor (0..1) at full resolution."""
    w, h = size
    f = _SHADOW_SCALE
    shape = (h // f + 1, w // f + 1)
    left, top, right, bottom = box
    small = cv2.resize(
        alpha,
        (max(1, (right - left) // f), max(1, (bottom - top) // f)),
        interpolation=cv2.INTER_AREA,
    )
    fl, fr = _footprint(alpha)
    fw = max(fr - fl, 4.0) / f
    cx = (left + (fl + fr) / 2) / f
    strength = 0.55 + 0.45 * scene.light_intensity
    ambient = _ellipse_shadow(shape, (cx, bottom / f), (fw * 0.66, 0.1 * fw), 0.06 * fw)
    cast = _cast_shadow(small, shape, (left / f, bottom / f - small.shape[0]), scene)
    cast_strength = (0.38 - 0.18 * scene.light_softness) * strength
    dark = 1.0 - (1 - 0.3 * strength * ambient) * (1 - cast_strength * cast)
    return cv2.resize(dark, (shape[1] * f, shape[0] * f), interpolation=cv2.INTER_LINEAR)[:h, :w]


def _contact_shadow(
    alpha: np.ndarray, box: Box, size: tuple[int, int], scene: Scene
) -> tuple[np.ndarray, Box]:
    """The tight dark line where the product touches the floor, on a small region."""
    w, h = size
    left, _, _, bottom = box
    fl, fr = _footprint(alpha)
    fw = max(fr - fl, 4.0)
    pad = round(0.12 * fw) + 8
    region = (
        max(0, round(left + fl) - pad),
        max(0, bottom - pad),
        min(w, round(left + fr) + pad),
        min(h, bottom + pad),
    )
    shape = (region[3] - region[1], region[2] - region[0])
    center = (left + (fl + fr) / 2 - region[0], bottom - 0.004 * fw - region[1])
    sigma = max(1.5, 0.012 * fw)
    layer = _ellipse_shadow(shape, center, (fw * 0.5, max(2.0, 0.025 * fw)), sigma)
    return 0.6 * (0.55 + 0.45 * scene.light_intensity) * layer, region


def _shadows(canvas: np.ndarray, alpha: np.ndarray, box: Box, scene: Scene) -> np.ndarray:
    """Darken the floor under the product: contact, ambient occlusion and cast shadow."""
    h, w = canvas.shape[:2]
    dark = _soft_shadows(alpha, box, (w, h), scene)
    contact, (x0, y0, x1, y1) = _contact_shadow(alpha, box, (w, h), scene)
    dark[y0:y1, x0:x1] = 1.0 - (1.0 - dark[y0:y1, x0:x1]) * (1.0 - contact)
    return canvas * (1.0 - np.clip(dark, 0, 0.85))[..., None]


def _reflection(canvas: np.ndarray, product: Image.Image, box: Box, scene: Scene) -> np.ndarray:
    """A faint mirror image under the product on glossy floors."""
    if scene.reflectivity < 0.05:
        return canvas
    h = canvas.shape[0]
    left, _, right, bottom = box
    rows = min(h - bottom, round((box[3] - box[1]) * 0.45))
    if rows <= 0:
        return canvas
    flipped = np.asarray(product.transpose(Image.Transpose.FLIP_TOP_BOTTOM), dtype=np.float32)[
        :rows
    ]
    fade = np.linspace(1.0, 0.0, rows, dtype=np.float32)[:, None] ** 1.6
    a = cv2.GaussianBlur(flipped[..., 3] / 255.0 * fade * 0.45 * scene.reflectivity, (0, 0), 1.5)
    region = canvas[bottom : bottom + rows, left:right]
    region[:] = region * (1 - a[..., None]) + flipped[..., :3] * a[..., None]
    return canvas


def _paste_exact(canvas: np.ndarray, product: Image.Image, box: Box) -> np.ndarray:
    """Alpha-blend the product; opaque pixels come out exactly equal to the product's."""
    rgba = np.asarray(product, dtype=np.uint32)
    left, top, right, bottom = box
    a = rgba[..., 3:4]
    under = canvas[top:bottom, left:right].astype(np.uint32)
    blended = (rgba[..., :3] * a + under * (255 - a) + 127) // 255
    canvas[top:bottom, left:right] = blended.astype(np.uint8)
    return canvas


def _text_style(theme: Theme, layout: _Layout, recipe: Recipe, size: tuple[int, int]) -> TextStyle:
    brand = recipe.brand_colors
    accent = brand[recipe.variation % len(brand)] if brand else theme.palette.accent
    return TextStyle(
        align=layout.align,
        valign=layout.valign,
        dark=hex_rgb(theme.palette.text),
        accent=hex_rgb(accent),
        max_size=round(min(size) * 0.085),
    )


def _text(
    image: Image.Image, theme: Theme, layout: _Layout, recipe: Recipe, product_box: Box
) -> list[Box]:
    if layout.text is None or not (recipe.headline or recipe.subline or recipe.cta):
        return []
    area = _px(layout.text, image.size)
    boxes = draw_text(
        image,
        area,
        recipe.headline,
        recipe.subline,
        recipe.cta,
        _text_style(theme, layout, recipe, image.size),
    )
    assert all(not _intersects(b, product_box) for b in boxes), "text overlaps the product"
    return boxes


def _intersects(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def compose_ad(cutout: Image.Image, recipe: Recipe) -> Composition:
    """Render an ad: scene, grounded product, text; deterministic in (cutout, recipe).

    Args:
        cutout: The product with transparency (e.g. ``Cutout.image``); transparent margins
            are trimmed.
        recipe: Theme, format, variation, texts, grading and brand colours.

    Returns:
        The ad with the resolved theme, the pasted product and where things are.

    Raises:
        ValueError: The cutout is fully transparent.
    """
    size = FORMATS[recipe.format]
    has_text = bool(recipe.headline or recipe.subline or recipe.cta)
    layout = _layout(recipe.format, recipe.variation, has_text)
    theme = resolve_theme(recipe.theme, recipe.context, recipe.variation)
    product, box = _place(_trim(cutout), _px(layout.product, size))
    staged = _staged_theme(theme, box, size, recipe.variation)
    scene = render_scene(
        staged, size, recipe.seed * 1_000_003 + recipe.variation, recipe.brand_colors, recipe.warmth
    )
    canvas = np.asarray(scene.image, dtype=np.float32)
    alpha = np.asarray(product.getchannel("A"), dtype=np.float32) / 255.0
    canvas = _shadows(canvas, alpha, box, scene)
    canvas = _reflection(canvas, product, box, scene)
    image = Image.fromarray(np.clip(canvas + 0.5, 0, 255).astype(np.uint8), "RGB")
    text_boxes = _text(image, theme, layout, recipe, box)
    pixels = _paste_exact(np.array(image), product, box)
    return Composition(
        image=Image.fromarray(pixels, "RGB"),
        theme=theme,
        product_box=box,
        product=product,
        text_boxes=text_boxes,
    )
