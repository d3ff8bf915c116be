"""Ad composition: stage a cut-out product in a themed scene with shadows, text and a logo.

The product's own pixels are sacred: it is resized once (LANCZOS) and pasted last, after
grading, shadows, reflections, text and logo, so every opaque product pixel of the result is
exactly the resized product's pixel. Text and logo never overlap the product's box, stay in
the placement's safe zone and are checked (:func:`validate`) on every render.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Annotated, Literal

import cv2
import numpy as np
from PIL import Image
from pydantic import BaseModel, ConfigDict, Field, field_validator

from core.errors import CapabilityError
from core.placements import Placement, load_placements, resolve_placement
from engines import AdLayers
from engines.local import typography
from engines.local.scene import Scene, hex_rgb, render_scene
from engines.local.themes import Theme, resolve_theme
from engines.local.typography import MIN_CONTRAST, WHITE, TextBlock, TextItem, TextStyle
from policy.images import AdLayout, TextBox

Box = tuple[int, int, int, int]
Frac = tuple[float, float, float, float]
Role = Literal["headline", "subline", "cta"]
Corner = Literal["auto", "top-left", "top-right", "bottom-left", "bottom-right"]
ShiftFrac = Annotated[float, Field(ge=-0.3, le=0.3)]

CLASSIC_FORMATS = ("1:1", "4:5", "9:16", "16:9")
FORMATS: dict[str, tuple[int, int]] = {
    name: resolve_placement(name).size for name in CLASSIC_FORMATS
}
"""The four classic aspect-ratio aliases and their sizes; every placement is in
:func:`~core.placements.load_placements`."""
FORMATS_BY_ID: dict[str, tuple[int, int]] = {p.id: p.size for p in load_placements().values()}
_MAX_UPSCALE = 3.0


def _hex(color: str) -> str:
    value = color.strip()
    if (
        len(value) != 7
        or value[0] != "#"
        or any(c not in "0123456789abcdefABCDEF" for c in value[1:])
    ):
        raise ValueError(f"colour {color!r} is not a #RRGGBB hex colour")
    return value.upper()


class Recipe(BaseModel):
    """Everything needed to re-render an ad exactly; stored as JSON in asset metadata.

    Attributes:
        theme: Theme id or label, any words (mapped to the nearest theme), or ``auto``.
        format: Placement id, alias (``"1:1"``, ``"9:16"``, ``"feed"``) or ``WxH``; stored as
            the placement id.
        seed: Randomness of the scene (accent placement, textures).
        variation: 0..n; changes layout, light direction and, for ``auto``, the theme.
        headline: Main line of text.
        subline: Supporting line.
        cta: Call-to-action button label.
        warmth: Colour grading of the scene, -1 (cool) .. 1 (warm).
        brand_colors: ``#RRGGBB`` colours that tint the scene and colour the button.
        context: Product and brief text used by ``theme="auto"``.
        font: Font family id (``lato``, ``manrope``, ``hanken-grotesk``, ``source-sans``,
            ``fjalla-one``); unknown names fall back to ``lato``.
        logo: Whether to place the brand logo when one is given to :func:`compose_ad`.
        logo_position: Preferred corner of the safe zone, or ``auto``.
        product_scale: Multiplies the layout's product size, 0.5..1.6.
        product_shift: Moves the product by fractions of the canvas (x, y), -0.3..0.3.
        backdrop_color: ``#RRGGBB`` the scene's backdrop and floor are recoloured towards.
    """

    model_config = ConfigDict(extra="forbid")

    theme: str = "auto"
    format: str = "square"
    seed: int = 0
    variation: Annotated[int, Field(ge=0)] = 0
    headline: Annotated[str, Field(max_length=200)] | None = None
    subline: Annotated[str, Field(max_length=300)] | None = None
    cta: Annotated[str, Field(max_length=40)] | None = None
    warmth: Annotated[float, Field(ge=-1.0, le=1.0)] = 0.0
    brand_colors: list[str] = []
    context: str = ""
    font: str = typography.DEFAULT_FONT
    logo: bool = True
    logo_position: Corner = "auto"
    product_scale: Annotated[float, Field(ge=0.5, le=1.6)] = 1.0
    product_shift: tuple[ShiftFrac, ShiftFrac] = (0.0, 0.0)
    backdrop_color: str | None = None

    @field_validator("format")
    @classmethod
    def _placement_id(cls, name: str) -> str:
        try:
            return resolve_placement(name).id
        except CapabilityError as error:
            raise ValueError(str(error)) from None

    @field_validator("font")
    @classmethod
    def _font_id(cls, name: str) -> str:
        return typography.font_family(name).id

    @field_validator("brand_colors")
    @classmethod
    def _hex_colors(cls, colors: list[str]) -> list[str]:
        try:
            return [_hex(color) for color in colors]
        except ValueError as error:
            raise ValueError(f"brand {error}") from None

    @field_validator("backdrop_color")
    @classmethod
    def _backdrop_hex(cls, color: str | None) -> str | None:
        return _hex(color) if color is not None else None

    @field_validator("headline", "subline", "cta")
    @classmethod
    def _blank_is_none(cls, text: str | None) -> str | None:
        return text.strip() or None if text is not None else None


@dataclass(frozen=True)
class Check:
    """The outcome of one composition rule.

    Attributes:
        rule: Rule id (``size``, ``text-in-safe-zone``, ``text-off-product``, ``contrast``,
            ``headline-length``, ``text-allowed``, ``logo``, ``product-in-canvas``,
            ``text-fit``).
        ok: Whether the finished ad satisfies the rule.
        message: What was checked or what is wrong.
        fixed: Whether :func:`compose_ad` changed something to satisfy the rule.
    """

    rule: str
    ok: bool
    message: str
    fixed: bool = False


@dataclass
class Composition:
    """A finished ad and where its parts are.

    Attributes:
        image: The RGB ad.
        theme: The resolved theme.
        product_box: (left, top, right, bottom) of the placed product.
        product: The RGBA product at its final scale, exactly as pasted.
        text_boxes: Boxes of the headline, subline and button, in that order.
        placement: Where the ad runs (size, safe zone, rules).
        texts: What text was drawn, where, in which colour and at what contrast.
        logo_box: Where the logo went, if one was placed.
        checks: Rule checks of the finished ad, including what was fixed to pass them.
        backplate: The ad just before glyphs were drawn (scene, shadows, scrims), for
            measuring contrast against the actual pixels behind the text.
    """

    image: Image.Image
    theme: Theme
    product_box: Box
    product: Image.Image
    text_boxes: list[Box]
    placement: Placement | None = None
    texts: list[TextItem] = field(default_factory=list)
    logo_box: Box | None = None
    checks: list[Check] = field(default_factory=list)
    backplate: Image.Image | None = None

    @property
    def ok(self) -> bool:
        """Whether every check passed."""
        return all(c.ok for c in self.checks)


# --------------------------------------------------------------------------- layouts


@dataclass(frozen=True)
class _Slot:
    area: Frac
    roles: tuple[Role, ...] = ("headline", "subline", "cta")
    align: Literal["left", "center", "right"] = "center"
    valign: Literal["top", "center", "bottom"] = "top"


@dataclass(frozen=True)
class _Layout:
    product: Frac
    slots: tuple[_Slot, ...] = ()
    kind: str = "stack"


def _classic(
    product: Frac,
    text: Frac,
    align: Literal["left", "center"] = "center",
    valign: Literal["top", "center", "bottom"] = "top",
) -> _Layout:
    return _Layout(product, (_Slot(text, align=align, valign=valign),))


# Hand-tuned layouts of the classic formats (by placement id); others are generated.
_CLASSIC: dict[str, tuple[_Layout, ...]] = {
    "square": (
        _classic((0.20, 0.35, 0.80, 0.91), (0.08, 0.07, 0.92, 0.31)),
        _classic((0.04, 0.16, 0.54, 0.90), (0.58, 0.12, 0.94, 0.88), "left", "center"),
        _classic((0.22, 0.06, 0.78, 0.63), (0.08, 0.68, 0.92, 0.94), "center", "bottom"),
        _classic((0.46, 0.16, 0.96, 0.90), (0.06, 0.12, 0.42, 0.88), "left", "center"),
    ),
    "portrait": (
        _classic((0.16, 0.33, 0.84, 0.91), (0.08, 0.06, 0.92, 0.29)),
        _classic((0.04, 0.20, 0.56, 0.88), (0.60, 0.16, 0.94, 0.84), "left", "center"),
        _classic((0.18, 0.06, 0.82, 0.65), (0.08, 0.70, 0.92, 0.94), "center", "bottom"),
        _classic((0.44, 0.20, 0.96, 0.88), (0.06, 0.16, 0.40, 0.84), "left", "center"),
    ),
    # text stays out of the top 14% and bottom 20% (platform UI): the safe zone
    "story": (
        _classic((0.10, 0.38, 0.90, 0.80), (0.08, 0.14, 0.92, 0.34)),
        _classic((0.10, 0.15, 0.90, 0.58), (0.08, 0.62, 0.92, 0.80), "center", "top"),
        _classic((0.02, 0.40, 0.80, 0.80), (0.08, 0.14, 0.92, 0.36), "left", "top"),
        _classic((0.20, 0.16, 0.98, 0.58), (0.08, 0.62, 0.92, 0.80), "left", "top"),
    ),
    "widescreen": (
        _classic((0.50, 0.08, 0.94, 0.92), (0.06, 0.14, 0.46, 0.86), "left", "center"),
        _classic((0.06, 0.08, 0.50, 0.92), (0.54, 0.14, 0.94, 0.86), "left", "center"),
        _classic((0.56, 0.14, 0.92, 0.92), (0.08, 0.18, 0.50, 0.82), "left", "center"),
        _classic((0.30, 0.31, 0.70, 0.94), (0.10, 0.05, 0.90, 0.27), "center", "top"),
    ),
}
_CLASSIC_NO_TEXT: dict[str, Frac] = {
    "square": (0.14, 0.10, 0.86, 0.90),
    "portrait": (0.12, 0.12, 0.88, 0.90),
    "story": (0.08, 0.20, 0.92, 0.80),
    "widescreen": (0.25, 0.08, 0.75, 0.92),
}


def _safe(p: Placement) -> Frac:
    z = p.safe_zone
    return (z.left, z.top, 1.0 - z.right, 1.0 - z.bottom)


def _no_text_layout(p: Placement, variation: int) -> _Layout:
    shift = (0.0, -0.05, 0.05, 0.0)[variation % 4]
    if p.id in _CLASSIC_NO_TEXT:
        left, top, right, bottom = _CLASSIC_NO_TEXT[p.id]
        return _Layout((left + shift, top, right + shift, bottom), (), "scene")
    aspect = p.width / p.height
    half = min(0.36, 0.42 / aspect)
    # wide canvases put the product on a third; narrow ones keep it centred
    cx = 0.5 + (0.0, -1 / 6, 1 / 6, 0.0)[variation % 4] * min(1.0, max(0.0, aspect - 1.0))
    cx = min(max(cx, half + 0.03), 0.97 - half)
    return _Layout((cx - half, 0.10, cx + half, 0.92), (), "scene")


def _side_layout(p: Placement, variation: int) -> _Layout:
    left, top, right, bottom = _safe(p)
    width = right - left
    split = (0.46, 0.46, 0.42, 0.5)[variation % 4]
    text_first = variation % 2 == 0
    if text_first:
        text = (left, top, left + split * width, bottom)
        product = (left + (split + 0.05) * width, 0.07, min(0.97, right + 0.02), 0.94)
    else:
        text = (right - split * width, top, right, bottom)
        product = (max(0.03, left - 0.02), 0.07, right - (split + 0.05) * width, 0.94)
    return _Layout(product, (_Slot(text, align="left", valign="center"),), "side")


def _banner_layout(p: Placement, variation: int) -> _Layout:
    left, top, right, bottom = _safe(p)
    w, h = p.size
    product_w = min(0.22, 1.05 * h / w)
    cta_w = min(0.27, max(0.15, 1.6 * h / w))
    gap = 0.015
    cta = _Slot((right - cta_w, top, right, bottom), ("cta",), "right", "center")
    if variation % 2 == 0:
        product = (left, 0.04, left + product_w, 0.96)
        text = (left + product_w + gap, top, right - cta_w - gap, bottom)
    else:
        text = (left, top, right - cta_w - product_w - 2 * gap, bottom)
        product = (text[2] + gap, 0.04, text[2] + gap + product_w, 0.96)
    slot = _Slot(text, ("headline", "subline"), "left", "center")
    return _Layout(product, (slot, cta), "banner")


def _skyscraper_layout(p: Placement, variation: int) -> _Layout:
    left, top, right, bottom = _safe(p)
    height = bottom - top
    cta_h = 0.1 * height
    cta = _Slot((left, bottom - cta_h, right, bottom), ("cta",), "center", "center")
    if variation % 2 == 0:
        text = (left, top, right, top + 0.3 * height)
        product = (0.06, top + 0.34 * height, 0.94, bottom - cta_h - 0.04 * height)
    else:
        product = (0.06, top + 0.02 * height, 0.94, top + 0.56 * height)
        text = (left, top + 0.6 * height, right, bottom - cta_h - 0.03 * height)
    slot = _Slot(text, ("headline", "subline"), "center", "top" if variation % 2 == 0 else "center")
    return _Layout(product, (slot, cta), "skyscraper")


def _stack_layout(p: Placement, variation: int) -> _Layout:
    left, top, right, bottom = _safe(p)
    height = bottom - top
    if variation % 2 == 0:
        text = (left, top, right, top + 0.3 * height)
        product = (0.15, top + 0.34 * height, 0.85, min(0.95, bottom + 0.03))
        return _Layout(product, (_Slot(text),), "stack")
    text = (left, bottom - 0.3 * height, right, bottom)
    product = (0.15, max(0.04, top), 0.85, bottom - 0.34 * height)
    return _Layout(product, (_Slot(text, valign="bottom"),), "stack")


def _layout(p: Placement, variation: int, has_text: bool) -> _Layout:
    if not has_text or not p.allows_text or p.layout == "scene":
        return _no_text_layout(p, variation)
    if p.id in _CLASSIC:
        options = _CLASSIC[p.id]
        return options[variation % len(options)]
    make = {
        "side": _side_layout,
        "banner": _banner_layout,
        "skyscraper": _skyscraper_layout,
        "stack": _stack_layout,
    }[p.layout]
    return make(p, variation)


def _px(frac: Frac, size: tuple[int, int]) -> Box:
    w, h = size
    return (round(frac[0] * w), round(frac[1] * h), round(frac[2] * w), round(frac[3] * h))


def trim(cutout: Image.Image) -> Image.Image:
    """The cutout cropped to its visible pixels (what compose_ad scales and places)."""
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


def _product_area(frac: Frac, size: tuple[int, int], recipe: Recipe) -> Box:
    """The layout's product area scaled about its base and shifted, no larger than the canvas."""
    w, h = size
    left, top, right, bottom = _px(frac, size)
    scale = recipe.product_scale
    aw, ah = min(w, (right - left) * scale), min(h, (bottom - top) * scale)
    cx = (left + right) / 2 + recipe.product_shift[0] * w
    base = bottom + recipe.product_shift[1] * h
    return (round(cx - aw / 2), round(base - ah), round(cx + aw / 2), round(base))


def _clamp_into(box: Box, size: tuple[int, int]) -> Box:
    """Move ``box`` (no larger than the canvas) so it lies inside the canvas."""
    w, h = size
    dx = max(-box[0], 0) - max(box[2] - w, 0)
    dy = max(-box[1], 0) - max(box[3] - h, 0)
    return (box[0] + dx, box[1] + dy, box[2] + dx, box[3] + dy)


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


# --------------------------------------------------------------------------- text


def _accent(theme: Theme, recipe: Recipe) -> tuple[int, int, int]:
    brand = recipe.brand_colors
    return hex_rgb(brand[recipe.variation % len(brand)] if brand else theme.palette.accent)


def _slot_style(slot: _Slot, layout: _Layout, area: Box, theme: Theme, recipe: Recipe) -> TextStyle:
    w, h = FORMATS_BY_ID[recipe.format]
    area_w, area_h = area[2] - area[0], area[3] - area[1]
    base = math.sqrt(w * h)
    min_size = max(11, round(min(w, h) * 0.026))
    if slot.roles == ("cta",):  # a button on its own: sized by its band, not the headline
        pill = min(area_h * 0.62, base * 0.075, area_w * 0.4)
        max_size = max(min_size, round(pill / (2.3 * 0.36)))
    elif layout.kind == "banner":
        max_size = round(area_h * 0.46)
    elif layout.kind == "skyscraper":
        max_size = round(w * 0.13)
    else:
        max_size = round(min(w, h) * 0.085)
    return TextStyle(
        align=slot.align,
        valign=slot.valign,
        dark=hex_rgb(theme.palette.text),
        accent=_accent(theme, recipe),
        max_size=max(min_size, max_size),
        min_size=min_size,
        font=recipe.font,
        max_lines=2 if layout.kind == "banner" else 3,
    )


def _avoid(area: Box, obstacle: Box, gap: int) -> Box:
    """The largest part of ``area`` that keeps ``gap`` pixels away from ``obstacle``."""
    o = (obstacle[0] - gap, obstacle[1] - gap, obstacle[2] + gap, obstacle[3] + gap)
    if not _intersects(area, o):
        return area
    left, top, right, bottom = area
    parts = [
        (left, top, min(right, o[0]), bottom),
        (max(left, o[2]), top, right, bottom),
        (left, top, right, min(bottom, o[1])),
        (left, max(top, o[3]), right, bottom),
    ]
    return max(parts, key=lambda b: max(0, b[2] - b[0]) * max(0, b[3] - b[1]))


def _intersect(a: Box, b: Box) -> Box:
    return (max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3]))


def _intersects(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _inside(inner: Box, outer: Box) -> bool:
    return (
        outer[0] <= inner[0]
        and outer[1] <= inner[1]
        and inner[2] <= outer[2]
        and inner[3] <= outer[3]
    )


def _plan_text(
    layout: _Layout,
    placement: Placement,
    texts: dict[Role, str | None],
    product_box: Box,
    theme: Theme,
    recipe: Recipe,
) -> list[TextBlock]:
    """Fit every slot of the layout into its area, kept inside the safe zone and off the product."""
    safe = placement.safe_box()
    gap = max(4, round(min(placement.size) * 0.025))
    blocks = []
    for slot in layout.slots:
        parts = {role: texts[role] if role in slot.roles else None for role in texts}
        if not any(parts.values()):
            continue
        area = _intersect(_px(slot.area, placement.size), safe)
        if layout.kind == "banner" and "headline" in slot.roles:  # close up to the product
            if product_box[2] <= area[0]:
                area = (max(safe[0], product_box[2] + gap), area[1], area[2], area[3])
            elif product_box[0] >= area[2]:
                area = (area[0], area[1], min(safe[2], product_box[0] - gap), area[3])
        area = _avoid(area, product_box, gap)
        style = _slot_style(slot, layout, area, theme, recipe)
        blocks.append(
            typography.fit(area, parts["headline"], parts["subline"], parts["cta"], style)
        )
    return blocks


# --------------------------------------------------------------------------- logo, colour


def _logo_size(logo: Image.Image, size: tuple[int, int]) -> tuple[int, int]:
    w, h = size
    base = math.sqrt(w * h)
    max_h = min(0.42 * h, 0.07 * base * max(1.0, math.sqrt(w / h) / 1.4))
    max_w = min(0.3 * w, 0.22 * base)
    scale = min(max_w / logo.width, max_h / logo.height)
    return max(1, round(logo.width * scale)), max(1, round(logo.height * scale))


_CORNERS: tuple[Corner, ...] = ("top-left", "top-right", "bottom-right", "bottom-left")


def _place_logo(
    logo: Image.Image, placement: Placement, obstacles: list[Box], corner: Corner
) -> tuple[Image.Image, Box] | None:
    """The scaled logo in the first free corner of the safe zone (preferred corner first)."""
    rgba = logo if logo.mode == "RGBA" else logo.convert("RGBA")
    bbox = rgba.getchannel("A").getbbox()
    if bbox is None:
        return None
    rgba = rgba.crop(bbox)
    left, top, right, bottom = placement.safe_box()
    gap = max(4, round(min(placement.size) * 0.03))
    order = _CORNERS if corner == "auto" else (corner, *(c for c in _CORNERS if c != corner))
    for shrink in (1.0, 0.75, 0.55):
        lw, lh = _logo_size(rgba, placement.size)
        lw, lh = max(1, round(lw * shrink)), max(1, round(lh * shrink))
        for name in order:
            x = left if name.endswith("left") else right - lw
            y = top if name.startswith("top") else bottom - lh
            box = (x, y, x + lw, y + lh)
            padded = (x - gap, y - gap, x + lw + gap, y + lh + gap)
            if not any(_intersects(padded, o) for o in obstacles):
                return rgba.resize((lw, lh), Image.Resampling.LANCZOS), box
    return None


# --------------------------------------------------------------------------- validation


def validate(composition: Composition, placement: Placement) -> list[Check]:
    """Check a finished ad against the composition rules and the placement's rules.

    Args:
        composition: The ad (its ``texts`` and ``backplate`` are used for contrast).
        placement: Where it runs.

    Returns:
        One :class:`Check` per rule: size, product-in-canvas, text-allowed, logo,
        headline-length, text-in-safe-zone, text-off-product and contrast.
    """
    w, h = placement.size
    image = composition.image
    texts = composition.texts
    checks = [
        Check("size", image.size == placement.size, f"{image.width}x{image.height}, needs {w}x{h}")
    ]
    p = composition.product_box
    checks.append(
        Check("product-in-canvas", _inside(p, (0, 0, w, h)), f"product box {p} in {w}x{h}")
    )
    checks.append(
        Check(
            "text-allowed",
            placement.allows_text or not texts,
            "text allowed" if placement.allows_text else f"{placement.id} allows no text",
        )
    )
    logo = composition.logo_box
    logo_ok = logo is None or (
        placement.allows_logo
        and _inside(logo, placement.safe_box())
        and not _intersects(logo, p)
        and not any(_intersects(logo, t.box) for t in texts)
    )
    checks.append(Check("logo", logo_ok, f"logo at {logo}" if logo else "no logo"))
    headline = next((t.text for t in texts if t.role == "headline"), None)
    limit = placement.max_headline_chars
    checks.append(
        Check(
            "headline-length",
            limit is None or headline is None or len(headline) <= limit,
            f"headline {len(headline or '')} characters"
            + (f", at most {limit}" if limit else ", no limit"),
        )
    )
    safe = placement.safe_box()
    outside = [t.role for t in texts if not _inside(t.box, safe)]
    checks.append(
        Check(
            "text-in-safe-zone",
            not outside,
            f"outside the safe zone {safe}: {', '.join(outside)}" if outside else "inside",
        )
    )
    on_product = [t.role for t in texts if _intersects(t.box, p)]
    checks.append(
        Check(
            "text-off-product",
            not on_product,
            f"over the product: {', '.join(on_product)}" if on_product else "clear",
        )
    )
    ratios = {t.role: _contrast(t, composition.backplate) for t in texts}
    low = {role: r for role, r in ratios.items() if r < MIN_CONTRAST}
    checks.append(
        Check(
            "contrast",
            not low,
            ", ".join(f"{role} {r:.1f}:1" for role, r in ratios.items()) or "no text",
        )
    )
    return checks


def _contrast(item: TextItem, backplate: Image.Image | None) -> float:
    if item.background is not None or backplate is None:
        return item.contrast
    return typography.worst_contrast(np.asarray(backplate.crop(item.box)), item.ink)


def _fixed(checks: list[Check], fixes: dict[str, list[str]]) -> list[Check]:
    out = []
    for check in checks:
        notes = fixes.pop(check.rule, [])
        out.append(
            replace(check, fixed=True, message=f"{check.message}; fixed: {'; '.join(notes)}")
            if notes
            else check
        )
    out += [Check(rule, True, "; ".join(notes), fixed=True) for rule, notes in fixes.items()]
    return out


# --------------------------------------------------------------------------- compose


@dataclass(frozen=True)
class SceneRequest:
    """What an image model needs to draw the scene around an already placed product.

    Attributes:
        size: Canvas size.
        theme: The resolved theme (for the art direction).
        recipe: The ad's recipe.
        product: The product at its final scale (RGBA).
        product_box: Where it stands on the canvas.
        local_scene: The local engine's render of the scene (a reference or a fallback).
    """

    size: tuple[int, int]
    theme: Theme
    recipe: Recipe
    product: Image.Image
    product_box: Box
    local_scene: Image.Image


SceneSource = Callable[[SceneRequest], Image.Image]


def compose_ad(
    cutout: Image.Image,
    recipe: Recipe,
    logo: Image.Image | None = None,
    scene_source: SceneSource | None = None,
) -> Composition:
    """Render an ad: scene, grounded product, text and logo; deterministic in the inputs.

    Args:
        cutout: The product with transparency (e.g. ``Cutout.image``); transparent margins
            are trimmed.
        recipe: Theme, placement, variation, texts, font, product framing and colours.
        logo: The brand logo (transparency respected); placed in a free corner of the safe
            zone when the recipe and the placement allow it.
        scene_source: Draws the scene instead of the local renderer (an image model
            outpainting around the product). Its picture already grounds the product, so
            no local shadows are added; the product's own pixels and the text are still
            put on by this function.

    Returns:
        The ad, where its parts are and the rule checks (``checks``), including what was
        fixed (headline shortened, subline dropped...).

    Raises:
        ValueError: The cutout is fully transparent.
    """
    return _compose(cutout, recipe, logo, scene_source).composition


@dataclass(frozen=True)
class _Parts:
    """A finished ad and what it was drawn from (for :func:`compose_layers`)."""

    composition: Composition
    scene: Image.Image
    blocks: list[TextBlock]
    logo: tuple[Image.Image, Box] | None


def _compose(
    cutout: Image.Image,
    recipe: Recipe,
    logo: Image.Image | None,
    scene_source: SceneSource | None,
) -> _Parts:
    """Render the ad (see :func:`compose_ad`), keeping the scene, text blocks and logo."""
    placement = resolve_placement(recipe.format)
    size = placement.size
    fixes: dict[str, list[str]] = {}
    texts: dict[Role, str | None] = {
        "headline": recipe.headline,
        "subline": recipe.subline,
        "cta": recipe.cta,
    }
    if any(texts.values()) and not placement.allows_text:
        fixes["text-allowed"] = [f"text left out: {placement.label} allows no text"]
        texts = {"headline": None, "subline": None, "cta": None}
    limit = placement.max_headline_chars
    headline = texts["headline"]
    if headline and limit and len(headline) > limit:
        short = typography.shorten(headline, limit)
        texts["headline"] = short or None
        fixes["headline-length"] = [
            f"headline shortened to {short!r} ({limit} characters at most)"
            if short
            else f"headline left out (longer than {limit} characters)"
        ]
    layout = _layout(placement, recipe.variation, any(texts.values()))
    theme = resolve_theme(recipe.theme, recipe.context, recipe.variation)
    area = _product_area(layout.product, size, recipe)
    product, box = _place(trim(cutout), area)
    box = _clamp_into(box, size)
    staged = _staged_theme(theme, box, size, recipe.variation)
    scene = render_scene(
        staged,
        size,
        recipe.seed * 1_000_003 + recipe.variation,
        recipe.brand_colors,
        recipe.warmth,
        backdrop_color=recipe.backdrop_color,
        stage=(box[0], box[2], box[3]),
    )
    if scene_source is not None:
        drawn = scene_source(SceneRequest(size, theme, recipe, product, box, scene.image))
        canvas = np.asarray(
            drawn.convert("RGB").resize(size, Image.Resampling.LANCZOS), dtype=np.float32
        )
    else:
        canvas = np.asarray(scene.image, dtype=np.float32)
        alpha = np.asarray(product.getchannel("A"), dtype=np.float32) / 255.0
        canvas = _shadows(canvas, alpha, box, scene)
        canvas = _reflection(canvas, product, box, scene)
    image = Image.fromarray(np.clip(canvas + 0.5, 0, 255).astype(np.uint8), "RGB")
    scene_image = image.copy()

    blocks = _plan_text(layout, placement, texts, box, theme, recipe)
    for block in blocks:
        if block.fixes:
            fixes.setdefault("text-fit", []).extend(block.fixes)
        typography.prepare(image, block)
    backplate = image.copy() if blocks else None
    items = [item for block in blocks for item in typography.render(image, block)]

    logo_box = None
    placed = None
    if logo is not None and recipe.logo:
        if not placement.allows_logo:
            fixes["logo"] = [f"logo left out: {placement.label} allows no logo"]
        else:
            placed = _place_logo(
                logo, placement, [box, *(t.box for t in items)], recipe.logo_position
            )
            if placed is None:
                fixes["logo"] = ["logo left out: no free corner in the safe zone"]
            else:
                mark, logo_box = placed
                image.paste(mark, logo_box[:2], mark)

    pixels = _paste_exact(np.array(image), product, box)
    composition = Composition(
        image=Image.fromarray(pixels, "RGB"),
        theme=theme,
        product_box=box,
        product=product,
        text_boxes=[t.box for t in items],
        placement=placement,
        texts=items,
        logo_box=logo_box,
        backplate=backplate,
    )
    composition.checks = _fixed(validate(composition, placement), fixes)
    return _Parts(composition, scene_image, blocks, placed)


# --------------------------------------------------------------------------- layers


def compose_layers(
    cutout: Image.Image,
    recipe: Recipe,
    logo: Image.Image | None = None,
    scene_source: SceneSource | None = None,
) -> tuple[Composition, AdLayers]:
    """Render an ad like :func:`compose_ad` and also return the layers it is made of.

    The overlay (scrims, glyphs, button, logo) is separated by difference matting: the
    same drawing operations, with the choices made on the real ad (ink, scrim opacity,
    logo corner), are replayed on a black and on a white canvas, which gives each pixel's
    exact alpha and colour. Putting ``overlay`` over ``scene`` and pasting ``product`` at
    ``product_box`` reproduces ``composition.image`` within 8-bit rounding.

    Args:
        cutout: The product with transparency.
        recipe: The ad's recipe.
        logo: The brand logo, if any.
        scene_source: An image model drawing the scene, if any (see :func:`compose_ad`).

    Returns:
        The composition (identical to :func:`compose_ad`'s) and its layers.

    Raises:
        ValueError: The cutout is fully transparent.
    """
    parts = _compose(cutout, recipe, logo, scene_source)
    composition = parts.composition
    layers = AdLayers(
        scene=parts.scene,
        product=composition.product,
        product_box=composition.product_box,
        overlay=_overlay(parts.scene.size, parts.blocks, parts.logo),
        theme=composition.theme.id,
    )
    return composition, layers


def _overlay(
    size: tuple[int, int], blocks: list[TextBlock], logo: tuple[Image.Image, Box] | None
) -> Image.Image:
    """The text and logo layer (straight RGBA) by drawing it on black and on white."""
    on_black, on_white = Image.new("RGB", size, (0, 0, 0)), Image.new("RGB", size, WHITE)
    for canvas in (on_black, on_white):
        for block in blocks:
            typography.paint_scrim(canvas, block)
        for block in blocks:
            typography.render(canvas, block)
        if logo is not None:
            canvas.paste(logo[0], logo[1][:2], logo[0])
    black = np.asarray(on_black, dtype=np.float32)
    white = np.asarray(on_white, dtype=np.float32)
    # drawn over background B, a pixel is alpha * colour + (1 - alpha) * B
    alpha = np.rint(np.clip(255.0 - (white - black).mean(axis=2), 0.0, 255.0))
    color = np.clip(np.rint(black * 255.0 / np.maximum(alpha, 1.0)[..., None]), 0, 255)
    return Image.fromarray(np.dstack([color, alpha]).astype(np.uint8), "RGBA")


def ad_layout(
    composition: Composition, cutout: Image.Image | None = None, scale: int = 1
) -> AdLayout:
    """The layout of a composition, for the image policy; ``cutout`` is the stored product.

    The ad's product pixels are compared exactly with the product the compositor placed,
    and that product (as a thumbnail) with ``cutout``. An ad enlarged by ``scale`` is
    compared with the cutout freshly resized to the enlarged box.

    Raises:
        ValueError: The composition knows no placement, or ``scale`` > 1 without ``cutout``.
    """
    if composition.placement is None:
        raise ValueError("the composition has no placement")
    if scale > 1 and cutout is None:
        raise ValueError("an enlarged ad is checked against its cutout; give it")
    texts = tuple(TextBox(t.role, t.box, t.ink, t.background) for t in composition.texts)
    return AdLayout(
        placement=composition.placement,
        product_box=composition.product_box,
        product=trim(cutout) if cutout is not None and scale > 1 else composition.product,
        texts=texts,
        logo_box=composition.logo_box,
        backplate=composition.backplate,
        scale=scale,
        cutout=cutout,
    )
