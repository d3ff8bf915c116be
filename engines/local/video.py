"""Storyboard videos on this machine: every shot staged by the local engine, then animated.

Each shot's still layers are rendered once at full size (the scene with the grounded
product from :func:`~engines.local.compose.compose_ad`, a high-resolution copy of
the product, text cards drawn with the ad typography); frames are then made by warping the
scene and the product with eased camera moves (``cv2.warpAffine``) and compositing the text
at whole-pixel offsets, so glyphs are never resampled. Where the camera rests at 1:1 the
product's pixels are exactly the resized product's. Frames are generated lazily and
streamed into :func:`~engines.local.encode.write_video`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from core.errors import RenderCancelled
from core.placements import resolve_placement
from engines import AdLayers, RenderedVideo
from engines.local import typography
from engines.local.compose import Recipe, compose_ad, trim
from engines.local.encode import write_video
from engines.local.scene import hex_rgb
from engines.local.themes import AUTO_NAMES, normalize, resolve_theme

if TYPE_CHECKING:
    from core.schemas import AnimateImageRequest, Shot, Storyboard

RGB = tuple[int, int, int]
Box = tuple[int, int, int, int]
ProgressFn = Callable[[int, int, str], None]
CancelFn = Callable[[], bool]

TRANSITION_SECONDS = 0.45
TEXT_IN_SECONDS = 0.2  # text starts appearing this long after its shot has fully entered
TEXT_FADE_SECONDS = 0.4
PUSH = 0.08  # push-in / pull-out zoom range
PAN_ZOOM, PAN_RANGE = 1.1, 0.07
DETAIL_ZOOM = 1.5
INK: RGB = (22, 22, 26)
WHITE: RGB = (255, 255, 255)


def ease(t: float) -> float:
    """Smoothstep easing of ``t`` clamped to 0..1 (gentle start and stop)."""
    t = min(max(t, 0.0), 1.0)
    return t * t * (3.0 - 2.0 * t)


# --------------------------------------------------------------------------- look


@dataclass(frozen=True)
class Look:
    """What every shot of one video shares: size, safe zone, colours and type.

    Attributes:
        width: Frame width.
        height: Frame height.
        fps: Frames per second.
        safe: Box text must stay inside (the format's safe zone).
        accent: Brand colour of buttons, bars and step numbers.
        vertical: Whether the frame is 9:16.
        font: Font family id.
        theme: Scene theme id.
        seed: Scene randomness.
        brand_colors: ``#RRGGBB`` brand colours.
    """

    width: int
    height: int
    fps: int
    safe: Box
    accent: RGB
    vertical: bool
    font: str
    theme: str
    seed: int
    brand_colors: tuple[str, ...] = ()

    @property
    def unit(self) -> int:
        """The short side: type and spacing scale with it."""
        return min(self.width, self.height)


def make_look(storyboard: Storyboard, seed: int = 0) -> Look:
    """The look of a storyboard's video (safe zone of its format, brand accent, theme)."""
    width, height = storyboard.dimensions
    vertical = height > width
    placement = resolve_placement("story" if vertical else "widescreen")
    sx, sy = width / placement.width, height / placement.height
    box = placement.safe_box()
    safe = (round(box[0] * sx), round(box[1] * sy), round(box[2] * sx), round(box[3] * sy))
    theme = resolve_theme(storyboard.theme, storyboard.title)
    accent = storyboard.brand_colors[0] if storyboard.brand_colors else theme.palette.accent
    return Look(
        width, height, storyboard.fps, safe, hex_rgb(accent), vertical,
        typography.DEFAULT_FONT, theme.id, seed, tuple(storyboard.brand_colors),
    )


# --------------------------------------------------------------------------- layers


@dataclass
class Overlay:
    """A still RGBA layer (text card, button, logo) composited at whole-pixel offsets.

    Attributes:
        x: Left edge on the frame.
        y: Top edge on the frame.
        rgb: Premultiplied colour, uint8 (h, w, 3).
        alpha: Coverage, uint8 (h, w).
        start: Seconds into the shot when it starts fading in.
        rise: Pixels it slides up while fading in.
    """

    x: int
    y: int
    rgb: np.ndarray
    alpha: np.ndarray
    start: float = TEXT_IN_SECONDS
    rise: int = 0

    @classmethod
    def from_image(cls, image: Image.Image, x: int, y: int, start: float, rise: int) -> Overlay:
        """Premultiply an RGBA image once."""
        rgba = np.asarray(image.convert("RGBA"), dtype=np.float32)
        rgb = rgba[..., :3] * (rgba[..., 3:] / 255.0) + 0.5
        alpha = np.ascontiguousarray(rgba[..., 3].astype(np.uint8))
        return cls(x, y, rgb.astype(np.uint8), alpha, start, rise)

    @property
    def box(self) -> Box:
        """Where the layer rests on the frame."""
        h, w = self.alpha.shape[:2]
        return (self.x, self.y, self.x + w, self.y + h)

    def draw(self, frame: np.ndarray, seconds: float) -> None:
        """Composite onto ``frame`` (uint8, in place) as it looks ``seconds`` into the shot."""
        t = ease((seconds - self.start) / TEXT_FADE_SECONDS)
        if t <= 0.0:
            return
        dy = round(self.rise * (1.0 - t))
        x0, y0, x1, y1 = self.box
        y0, y1 = y0 + dy, y1 + dy
        fh, fw = frame.shape[:2]
        cx0, cy0, cx1, cy1 = max(x0, 0), max(y0, 0), min(x1, fw), min(y1, fh)
        if cx0 >= cx1 or cy0 >= cy1:
            return
        src = (slice(cy0 - y0, cy1 - y0), slice(cx0 - x0, cx1 - x0))
        rgb, alpha = self.rgb[src], self.alpha[src]
        if t < 1.0:
            rgb, alpha = cv2.convertScaleAbs(rgb, alpha=t), cv2.convertScaleAbs(alpha, alpha=t)
        _over(frame, (cx0, cy0), np.ascontiguousarray(rgb), np.ascontiguousarray(alpha))


def _mask(size: tuple[int, int], box: Box, radius: float) -> Image.Image:
    """An anti-aliased rounded-rectangle coverage mask (drawn 4x, then reduced)."""
    w, h = size
    big = Image.new("L", (w * 4, h * 4), 0)
    scaled = tuple(v * 4 for v in box)
    ImageDraw.Draw(big).rounded_rectangle(scaled, radius=radius * 4, fill=255)
    return big.resize((w, h), Image.Resampling.LANCZOS)


def _solid(
    size: tuple[int, int], color: RGB, mask: Image.Image, opacity: float = 1.0
) -> Image.Image:
    """A flat colour layer whose alpha is ``mask`` times ``opacity``."""
    alpha = mask if opacity >= 1.0 else mask.point(lambda v: round(v * opacity))
    layer = Image.new("RGBA", size, (*color, 0))
    layer.putalpha(alpha)
    return layer


def _label_color(fill: RGB) -> RGB:
    """White or near-black, whichever reads better on ``fill``."""
    lum = float(typography.luminance(np.array(fill)))
    white = float(typography.contrast(lum, 1.0))
    dark = float(typography.contrast(lum, float(typography.luminance(np.array(INK)))))
    return WHITE if white >= dark else INK


def _fit_lines(
    text: str, look: Look, role: typography.FontRole, size: int, width: int, max_lines: int
) -> tuple[list[str], int]:
    """Wrap ``text`` into ``width``, shrinking the type down to 60% when needed."""
    floor = max(12, round(size * 0.6))
    while size > floor:
        face = typography.font(look.font, role, size)
        lines = typography.wrap(text, face, width, max_lines)
        if lines:
            return _balance(text, face, width, lines), size
        size = round(size * 0.92)
    face = typography.font(look.font, role, floor)
    short = typography.shorten(text, max(8, int(width * max_lines / (floor * 0.55))))
    return typography.wrap(short, face, width, max_lines) or [short], floor


def _balance(
    text: str, face: typography.ImageFont.FreeTypeFont, width: int, lines: list[str]
) -> list[str]:
    """The narrowest wrap with the same number of lines (no lone last word)."""
    lo, hi, best = width * 0.5, float(width), lines
    for _ in range(7):
        mid = (lo + hi) / 2
        attempt = typography.wrap(text, face, mid, len(lines))
        if attempt is not None and len(attempt) == len(lines):
            best, hi = attempt, mid
        else:
            lo = mid
    return best


@dataclass
class _Card:
    """Text lines on a soft white card with an accent bar, laid out before drawing."""

    lines: list[tuple[str, typography.FontRole, int]]
    width: int
    height: int
    pad: int
    bar: int
    gap: int
    numbers: bool = False
    rows: list[int] = field(default_factory=list)


def _plan_card(
    parts: list[tuple[str, typography.FontRole, int, int]], look: Look, max_width: int,
    numbers: bool = False,
) -> _Card:
    """Size a card holding ``parts`` (text, face, size, max lines) within ``max_width``."""
    pad = round(look.unit * 0.035)
    bar = 0 if numbers else max(4, round(look.unit * 0.009))
    gap = round(look.unit * 0.018)
    lines: list[tuple[str, typography.FontRole, int]] = []
    rows, widths, height = [], [0.0], pad
    for n, (text, role, size, max_lines) in enumerate(parts):
        badge = round(size * 1.5) if numbers and n > 0 else 0
        inner = max_width - 2 * pad - bar - (badge + gap if badge else 0)
        wrapped, used = _fit_lines(text, look, role, size, inner, max_lines)
        face = typography.font(look.font, role, used)
        rows.append(len(lines))
        height += gap if n else 0
        for line in wrapped:
            lines.append((line, role, used))
            widths.append(face.getlength(line) + (badge + gap if badge else 0))
            height += round(used * 1.22)
    width = min(max_width, round(max(widths)) + 2 * pad + bar + (bar and gap))
    return _Card(lines, width, height + pad, pad, bar, gap, numbers, rows)


def _draw_card(card: _Card, look: Look) -> Image.Image:
    """Render a planned card (with its soft drop shadow) as an RGBA image."""
    margin = round(look.unit * 0.02)
    size = (card.width + 2 * margin, card.height + 2 * margin)
    body = (margin, margin, margin + card.width, margin + card.height)
    radius = round(look.unit * 0.018)
    drop = margin // 3
    shadow_mask = _mask(size, (body[0], body[1] + drop, body[2], body[3] + drop), radius)
    shadow_mask = shadow_mask.filter(ImageFilter.GaussianBlur(margin / 2.5))
    image = _solid(size, (0, 0, 0), shadow_mask, 0.22)
    image.alpha_composite(_solid(size, WHITE, _mask(size, body, radius), 0.95))
    x = margin + card.pad
    if card.bar:
        bar = (x, margin + card.pad, x + card.bar, margin + card.height - card.pad)
        image.alpha_composite(_solid(size, look.accent, _mask(size, bar, card.bar / 2)))
        x += card.bar + card.gap
    _draw_lines(image, card, look, x, margin + card.pad)
    return image


def _draw_lines(image: Image.Image, card: _Card, look: Look, x: int, y: int) -> None:
    """Draw the card's lines (and step number badges) onto ``image``."""
    ink = Image.new("L", image.size, 0)
    draw = ImageDraw.Draw(ink)
    badges: list[tuple[Box, str, int]] = []
    for i, (line, role, size) in enumerate(card.lines):
        face = typography.font(look.font, role, size)
        step = card.rows.index(i) if i in card.rows else -1
        offset = 0
        if card.numbers and step > 0:
            d = round(size * 1.5)
            top = y + round(size * 0.61) - d // 2
            badges.append(((x, top, x + d, top + d), str(step), size))
        if card.numbers and i >= (card.rows[1] if len(card.rows) > 1 else len(card.lines)):
            offset = round(size * 1.5) + card.gap
        draw.text((x + offset, y + round(size * 0.61)), line, font=face, fill=255, anchor="lm")
        y += round(size * 1.22)
        if i + 1 in card.rows:
            y += card.gap
    image.alpha_composite(_solid(image.size, INK, ink))
    label = _label_color(look.accent)
    for box, number, size in badges:
        image.alpha_composite(_solid(image.size, look.accent, _mask(image.size, box, size)))
        glyph = Image.new("L", image.size, 0)
        face = typography.font(look.font, "bold", round(size * 0.8))
        centre = ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)
        ImageDraw.Draw(glyph).text(centre, number, font=face, fill=255, anchor="mm")
        image.alpha_composite(_solid(image.size, label, glyph))


def card_overlay(
    parts: list[tuple[str, typography.FontRole, int, int]], look: Look, area: Box,
    anchor: tuple[float, float], numbers: bool = False, start: float = TEXT_IN_SECONDS,
) -> Overlay:
    """A text card placed inside ``area`` (a part of the safe zone).

    Args:
        parts: (text, font role, size in px, max lines) of each paragraph.
        look: The video's look.
        area: Box the whole card, shadow included, must stay inside.
        anchor: Where the card sits in the area, (0..1, 0..1): 0 = left/top, 1 = right/bottom.
        numbers: Number the paragraphs after the first (a steps panel).
        start: Seconds into the shot when the card fades in.

    Returns:
        The overlay; it slides up into place, never leaving ``area``.
    """
    margin = round(look.unit * 0.02)
    for _ in range(4):
        card = _plan_card(parts, look, area[2] - area[0] - 2 * margin, numbers)
        if card.height + 2 * margin <= area[3] - area[1]:
            break
        parts = [(text, role, round(size * 0.85), lines) for text, role, size, lines in parts]
    image = _draw_card(card, look)
    free_w, free_h = area[2] - area[0] - image.width, area[3] - area[1] - image.height
    x = area[0] + round(max(free_w, 0) * anchor[0])
    y = area[1] + round(max(free_h, 0) * anchor[1])
    rise = max(0, min(round(look.unit * 0.03), area[3] - (y + image.height)))
    return Overlay.from_image(image, x, y, start, rise)


# --------------------------------------------------------------------------- stages


@dataclass
class Stage:
    """A scene with the grounded product, at frame size, plus the product's own layers.

    Attributes:
        plate: RGB uint8 scene with the product, its shadows and reflection.
        product: The product at 1:1 (RGBA uint8), exactly as shown when the camera rests.
        box: Where ``product`` stands on the plate.
        source: The trimmed cutout, resampled once per zoom level into ``details``.
        details: Premultiplied uint8 RGBA copies of the product by enlargement factor.
    """

    plate: np.ndarray
    product: np.ndarray
    box: Box
    source: Image.Image
    details: dict[float, np.ndarray] = field(default_factory=dict)
    _rgba: np.ndarray | None = field(default=None, repr=False)

    @property
    def rgba_plate(self) -> np.ndarray:
        """The plate with an opaque alpha channel (warped 2.5 times faster than RGB)."""
        if self._rgba is None:
            self._rgba = cv2.cvtColor(self.plate, cv2.COLOR_RGB2RGBA)
        return self._rgba

    @property
    def centre(self) -> tuple[float, float]:
        """The product's centre on the plate."""
        x0, y0, x1, y1 = self.box
        return (x0 + x1) / 2, (y0 + y1) / 2

    def detail(self, zoom: float) -> tuple[np.ndarray, float]:
        """The product enlarged ``zoom`` times (LANCZOS, once): premultiplied RGBA, factor."""
        k = round(max(1.0, zoom), 3)
        h, w = self.product.shape[:2]
        if k not in self.details:
            big = self.source.resize((round(w * k), round(h * k)), Image.Resampling.LANCZOS)
            rgba = np.asarray(big, dtype=np.float32)
            rgba[..., :3] *= rgba[..., 3:] / 255.0
            self.details[k] = (rgba + 0.5).astype(np.uint8)
        rgba = self.details[k]
        return rgba, rgba.shape[1] / w


def build_stage(
    cutout: Image.Image, look: Look, variation: int, scale: float, shift: tuple[float, float],
    theme: str | None = None,
) -> Stage:
    """Compose the product on the theme's scene once and keep its layers for animation.

    Args:
        cutout: The product with transparency.
        look: The video's look (size, theme, brand colours, seed).
        variation: Scene variation (light direction, layout).
        scale: Product size relative to the format's layout (0.5..1.6).
        shift: Product offset as fractions of the frame (-0.3..0.3).
        theme: The shot's own scene theme id (None: the video's).

    Returns:
        The stage; at 1920x1080 and 1080x1920 its plate is the composed ad itself.
    """
    fmt = "story" if look.vertical else "widescreen"
    recipe = Recipe(
        theme=theme or look.theme, format=fmt, seed=look.seed, variation=variation,
        brand_colors=list(look.brand_colors), product_scale=scale, product_shift=shift,
        logo=False,
    )
    comp = compose_ad(cutout, recipe)
    plate = np.asarray(comp.image)
    size = (look.width, look.height)
    source = trim(cutout)
    product, box = comp.product, comp.product_box
    if comp.image.size != size:
        f = look.width / comp.image.width
        plate = cv2.resize(plate, size, interpolation=cv2.INTER_AREA)
        pw, ph = max(1, round(product.width * f)), max(1, round(product.height * f))
        x0, y1 = round(box[0] * f), round(box[3] * f)
        box = (x0, y1 - ph, x0 + pw, y1)
        product = source.resize((pw, ph), Image.Resampling.LANCZOS)
    return Stage(np.ascontiguousarray(plate), np.asarray(product.convert("RGBA")), box, source)


def _paste_exact(frame: np.ndarray, product: np.ndarray, box: Box) -> None:
    """Alpha-blend the 1:1 product; opaque pixels come out exactly equal to it."""
    x0, y0, x1, y1 = box
    h, w = frame.shape[:2]
    cx0, cy0, cx1, cy1 = max(x0, 0), max(y0, 0), min(x1, w), min(y1, h)
    if cx0 >= cx1 or cy0 >= cy1:
        return
    rgba = product[cy0 - y0 : cy1 - y0, cx0 - x0 : cx1 - x0].astype(np.uint32)
    a = rgba[..., 3:4]
    under = frame[cy0:cy1, cx0:cx1].astype(np.uint32)
    frame[cy0:cy1, cx0:cx1] = ((rgba[..., :3] * a + under * (255 - a) + 127) // 255).astype(
        np.uint8
    )


@dataclass(frozen=True)
class View:
    """A camera position: zoom ``s`` about plate point ``src`` shown at frame point ``dst``."""

    s: float
    src: tuple[float, float]
    dst: tuple[float, float]

    def matrix(self, size: tuple[int, int]) -> np.ndarray:
        """The plate-to-frame affine matrix, the plate kept covering the whole frame."""
        w, h = size
        s = max(self.s, 1.0)
        tx = _clamp(self.dst[0] - s * self.src[0], w - s * w, 0.0)
        ty = _clamp(self.dst[1] - s * self.src[1], h - s * h, 0.0)
        return np.array([[s, 0.0, tx], [0.0, s, ty]], dtype=np.float64)


def _clamp(value: float, lo: float, hi: float) -> float:
    return min(max(value, lo), hi)


def render_stage(stage: Stage, view: View, size: tuple[int, int], zoom: float) -> np.ndarray:
    """One frame of a stage seen through ``view``.

    At zoom 1 the product's pixels are exactly its 1:1 pixels; zoomed, the product is
    drawn from a copy enlarged ``zoom`` times, so it is never blown up from fewer pixels.
    """
    m = view.matrix(size)
    if abs(m[0, 0] - 1.0) < 1e-9:
        frame = stage.plate.copy()
        _paste_exact(frame, stage.product, stage.box)
        return frame
    warped = cv2.warpAffine(
        stage.rgba_plate, m, size, flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE
    )
    frame = cv2.cvtColor(warped, cv2.COLOR_RGBA2RGB)
    rgba, k = stage.detail(zoom)
    _warp_product(frame, stage.box, rgba, k, m)
    return frame


def _warp_product(
    frame: np.ndarray, box: Box, rgba: np.ndarray, k: float, m: np.ndarray
) -> None:
    """Draw the enlarged premultiplied product ``rgba`` through ``m`` onto ``frame``.

    Bicubic: the product keeps its texture through sub-pixel camera moves, where bilinear
    would lose a third of its fine detail (the scene behind it is warped bilinearly).
    """
    h, w = frame.shape[:2]
    s = m[0, 0]
    x0, y0, x1, y1 = box
    fx0, fy0 = s * x0 + m[0, 2], s * y0 + m[1, 2]
    fx1, fy1 = s * x1 + m[0, 2], s * y1 + m[1, 2]
    rx0, ry0 = max(0, math.floor(fx0) - 1), max(0, math.floor(fy0) - 1)
    rx1, ry1 = min(w, math.ceil(fx1) + 1), min(h, math.ceil(fy1) + 1)
    if rx0 >= rx1 or ry0 >= ry1:
        return
    a = s / k
    local = np.array([[a, 0.0, fx0 - rx0], [0.0, a, fy0 - ry0]], dtype=np.float64)
    warped = cv2.warpAffine(
        rgba, local, (rx1 - rx0, ry1 - ry0), flags=cv2.INTER_CUBIC,
        borderMode=cv2.BORDER_CONSTANT, borderValue=0,
    )
    rgb = cv2.cvtColor(warped, cv2.COLOR_RGBA2RGB)
    alpha = np.ascontiguousarray(warped[..., 3])
    _over(frame, (rx0, ry0), rgb, alpha, clamp=True)


def _over(
    frame: np.ndarray, xy: tuple[int, int], rgb: np.ndarray, alpha: np.ndarray,
    clamp: bool = False,
) -> None:
    """Composite premultiplied uint8 ``rgb`` with coverage ``alpha`` at ``xy`` (in place).

    Args:
        frame: The frame (uint8 RGB).
        xy: Where the layer's top-left corner goes.
        rgb: Premultiplied colour, ``(h, w, 3)``.
        alpha: Coverage, ``(h, w)``.
        clamp: Clip ``rgb`` to ``alpha`` first (bicubic overshoot can exceed it).
    """
    x, y = xy
    h, w = alpha.shape[:2]
    region = frame[y : y + h, x : x + w]
    alpha3 = cv2.cvtColor(alpha, cv2.COLOR_GRAY2RGB)
    if clamp:
        rgb = cv2.min(rgb, alpha3)
    under = cv2.multiply(region, cv2.bitwise_not(alpha3), scale=1 / 255)
    frame[y : y + h, x : x + w] = cv2.add(under, rgb)


# --------------------------------------------------------------------------- shots


class Clip:
    """One shot, ready to draw any of its frames.

    Attributes:
        shot: The storyboard shot.
        overlays: Its text cards, button and logo layers (for checks and drawing).
        lead: Seconds the shot is visible before its own start (its entering transition).
    """

    def __init__(
        self, shot: Shot, look: Look, background: Callable[[float], np.ndarray],
        overlays: list[Overlay], lead: float = 0.0, moving: bool = True,
    ) -> None:
        """Keep the shot's background function and still layers.

        Args:
            shot: The storyboard shot.
            look: The video's look.
            background: The shot's background at eased time 0..1 (a new array each call).
            overlays: Text cards, button and logo layers drawn on top.
            lead: Seconds the shot is visible before its own start.
            moving: Whether the background changes over time; a still background with
                every overlay settled gives the same frame, which is drawn only once.
        """
        self.shot = shot
        self.look = look
        self.background = background
        self.overlays = overlays
        self.lead = lead
        self.moving = moving
        self._held: np.ndarray | None = None

    @property
    def settles(self) -> float | None:
        """Seconds after which every frame is the same (None while the camera moves)."""
        if self.moving:
            return None
        ends = [o.start + TEXT_FADE_SECONDS for o in self.overlays]
        return self.lead + max(ends, default=0.0)

    def frame(self, seconds: float) -> np.ndarray:
        """The frame ``seconds`` after the shot became visible (uint8 RGB).

        Once the shot has settled, the same read-only array is returned for every frame.
        """
        settles = self.settles
        if settles is not None and seconds >= settles and self._held is not None:
            return self._held
        duration = self.shot.seconds + self.lead
        frame = self.background(ease(seconds / max(duration, 1e-6)))
        for overlay in self.overlays:
            overlay.draw(frame, seconds - self.lead)
        if settles is not None and seconds >= settles:
            frame.flags.writeable = False
            self._held = frame
        return frame


def _camera(shot: Shot, stage: Stage, look: Look, base: float, dst: tuple[float, float],
            src: tuple[float, float] | None = None) -> Callable[[float], View]:
    """The eased camera path of a shot, as a function of eased time 0..1."""
    cx, cy = src or stage.centre
    span = PAN_RANGE * look.width

    def view(e: float) -> View:
        if shot.camera == "push_in":
            return View(base * (1 + PUSH * e), (cx, cy), dst)
        if shot.camera == "pull_out":
            return View(base * (1 + PUSH * (1 - e)), (cx, cy), dst)
        if shot.camera in ("pan_left", "pan_right"):
            sign = 1.0 if shot.camera == "pan_right" else -1.0
            return View(base * PAN_ZOOM, (cx + sign * span * (e - 0.5), cy), dst)
        return View(base, (cx, cy), dst)

    return view


class _Builder:
    """Builds each kind of shot for one video, sharing stages between shots."""

    def __init__(self, storyboard: Storyboard, cutout: Image.Image, logo: Image.Image | None,
                 look: Look) -> None:
        self.board = storyboard
        self.cutout = cutout
        self.logo = logo
        self.look = look
        self.stages: dict[tuple[object, ...], Stage] = {}
        self.features = 0

    def stage(
        self, variation: int, scale: float, shift: tuple[float, float], theme: str | None = None
    ) -> Stage:
        key = (variation, scale, shift, theme or self.look.theme)
        if key not in self.stages:
            self.stages[key] = build_stage(self.cutout, self.look, variation, scale, shift, theme)
        return self.stages[key]

    def theme(self, shot: Shot) -> str:
        """The shot's scene theme id: its own when it has one, else the video's."""
        if shot.theme and normalize(shot.theme) not in AUTO_NAMES:
            return resolve_theme(shot.theme, self.board.title).id
        return self.look.theme

    @property
    def size(self) -> tuple[int, int]:
        return self.look.width, self.look.height

    def text_area(self) -> Box:
        """Where captions go: the left column (16:9) or the top of the safe zone (9:16)."""
        x0, y0, x1, y1 = self.look.safe
        if self.look.vertical:
            return (x0, y0, x1, y0 + round((y1 - y0) * 0.42))
        return (x0, y0, x0 + round((x1 - x0) * 0.42), y1)

    def caption(self, text: str, size: float, anchor: tuple[float, float]) -> list[Overlay]:
        if not text.strip():
            return []
        px = round(self.look.unit * size)
        return [card_overlay([(text, "headline", px, 3)], self.look, self.text_area(), anchor)]

    def _hero_stage(self, shot: Shot) -> Stage:
        theme = self.theme(shot)
        if self.look.vertical:
            return self.stage(0, 0.78, (0.0, 0.07), theme)
        return self.stage(0, 0.95, (0.17, 0.0), theme)

    def _stage_clip(
        self, shot: Shot, stage: Stage, view: Callable[[float], View], overlays: list[Overlay],
        lead: float,
    ) -> Clip:
        top = max(view(0.0).s, view(0.5).s, view(1.0).s)

        def background(e: float) -> np.ndarray:
            return render_stage(stage, view(e), self.size, top)

        moving = view(0.0) != view(1.0)
        return Clip(shot, self.look, background, overlays, lead, moving=moving)

    def _anchor(self, bottom: bool = False) -> tuple[float, float]:
        if self.look.vertical:
            return (0.5, 0.0)
        return (0.0, 0.88 if bottom else 0.5)

    def hero(self, shot: Shot, lead: float) -> Clip:
        """Product push-in on the theme's scene, its name on a card."""
        stage = self._hero_stage(shot)
        view = _camera(shot, stage, self.look, 1.0, stage.centre)
        overlays = self.caption(shot.text, 0.075, self._anchor())
        return self._stage_clip(shot, stage, view, overlays, lead)

    def feature(self, shot: Shot, lead: float) -> Clip:
        """A zoomed detail of the product (top, middle, bottom in turn) beside a callout."""
        w, h = self.size
        stage = self._hero_stage(shot)
        x0, y0, x1, y1 = stage.box
        depth = (0.28, 0.5, 0.72)[self.features % 3]
        self.features += 1
        src = ((x0 + x1) / 2, y0 + depth * (y1 - y0))
        dst = (0.5 * w, 0.64 * h) if self.look.vertical else (0.7 * w, 0.5 * h)
        view = _camera(shot, stage, self.look, DETAIL_ZOOM, dst, src)
        overlays = self.caption(shot.text, 0.062, self._anchor())
        return self._stage_clip(shot, stage, view, overlays, lead)

    def lifestyle(self, shot: Shot, lead: float) -> Clip:
        """A wider scene with a smaller product, the camera panning across it."""
        theme = self.theme(shot)
        if self.look.vertical:
            stage = self.stage(1, 0.7, (0.0, 0.09), theme)
        else:
            stage = self.stage(1, 0.72, (0.2, 0.02), theme)
        view = _camera(shot, stage, self.look, 1.0, stage.centre)
        overlays = self.caption(shot.text, 0.058, self._anchor(bottom=True))
        return self._stage_clip(shot, stage, view, overlays, lead)

    def how_it_works(self, shot: Shot, lead: float) -> Clip:
        """The product beside a numbered steps card."""
        if self.look.vertical:
            stage = self.stage(0, 0.6, (0.0, 0.1), self.theme(shot))
        else:
            stage = self._hero_stage(shot)
        view = _camera(shot, stage, self.look, 1.0, stage.centre)
        return self._stage_clip(shot, stage, view, self.steps(shot), lead)

    def steps(self, shot: Shot) -> list[Overlay]:
        """A numbered steps card (title = the first part when there are several)."""
        parts = [p.strip() for p in _split(shot.text) if p.strip()]
        if not parts:
            return []
        u = self.look.unit
        title = self.board.title or "How it works"
        rows: list[tuple[str, typography.FontRole, int, int]] = [
            (title, "headline", round(u * 0.058), 2)
        ]
        rows += [(p, "bold", round(u * 0.045), 2) for p in parts[:3]]
        return [card_overlay(rows, self.look, self.text_area(), self._anchor(), numbers=True)]

    def end_card(self, shot: Shot, lead: float) -> Clip:
        card = EndCard(self.board, shot, self.cutout, self.logo, self.look)
        return Clip(shot, self.look, card.background, card.overlays, lead, moving=False)

    def build(self, shot: Shot, lead: float) -> Clip:
        make = {
            "hero": self.hero,
            "feature": self.feature,
            "lifestyle": self.lifestyle,
            "how_it_works": self.how_it_works,
            "end_card": self.end_card,
        }[shot.kind]
        return make(shot, lead)


def _split(text: str) -> list[str]:
    for sep in (";", "\n", "·", "|", " / "):
        if sep in text:
            return text.split(sep)
    return [text]


# --------------------------------------------------------------------------- end card


def _mix(a: RGB, b: RGB, t: float) -> np.ndarray:
    return np.array(a, dtype=np.float32) * (1 - t) + np.array(b, dtype=np.float32) * t


class EndCard:
    """Logo, product, headline and CTA button, centred on a calm gradient in brand colours."""

    def __init__(self, board: Storyboard, shot: Shot, cutout: Image.Image,
                 logo: Image.Image | None, look: Look) -> None:
        """Lay out and draw every element once."""
        self.look = look
        w, h = look.width, look.height
        top = _mix(look.accent, WHITE, 0.9)
        bottom = _mix(look.accent, WHITE, 0.72)
        ramp = np.linspace(0.0, 1.0, h, dtype=np.float32)[:, None, None]
        self.plate = np.broadcast_to(top * (1 - ramp) + bottom * ramp, (h, w, 3))
        self.plate = np.ascontiguousarray((self.plate + 0.5).astype(np.uint8))
        x0, y0, x1, y1 = look.safe
        bands = (0.0, 0.14, 0.56, 0.8, 1.0) if logo is not None else (0.0, 0.0, 0.52, 0.78, 1.0)
        edges = [y0 + round((y1 - y0) * b) for b in bands]
        self.overlays: list[Overlay] = []
        if logo is not None:
            self._logo(logo, (x0, edges[0], x1, edges[1]))
        self._product(cutout, (x0, edges[1], x1, edges[2]))
        headline = board.headline or shot.text or board.title
        if headline:
            self._text(headline, (x0, edges[2], x1, edges[3]))
        if board.cta:
            self._button(board.cta, (x0, edges[3], x1, edges[4]))

    def background(self, e: float) -> np.ndarray:
        """The still gradient (the elements animate in on top)."""
        return self.plate.copy()

    def _logo(self, logo: Image.Image, area: Box) -> None:
        rgba = trim(logo)
        pad = round(self.look.unit * 0.015)
        f = min((area[2] - area[0]) * 0.4 / rgba.width, (area[3] - area[1] - pad) / rgba.height)
        mark = rgba.resize(
            (max(1, round(rgba.width * f)), max(1, round(rgba.height * f))),
            Image.Resampling.LANCZOS,
        )
        x = (area[0] + area[2] - mark.width) // 2
        self.overlays.append(Overlay.from_image(mark, x, area[1], 0.0, 0))

    def _product(self, cutout: Image.Image, area: Box) -> None:
        rgba = trim(cutout)
        pad = round(self.look.unit * 0.03)
        f = min((area[2] - area[0]) * 0.6 / rgba.width, (area[3] - area[1] - 2 * pad) / rgba.height)
        f = min(f, 3.0)
        product = rgba.resize(
            (max(1, round(rgba.width * f)), max(1, round(rgba.height * f))),
            Image.Resampling.LANCZOS,
        )
        x = (area[0] + area[2] - product.width) // 2
        y = area[3] - pad - product.height
        shadow = _contact_shadow(product, self.look)
        sx = x + (product.width - shadow.width) // 2
        sy = y + product.height - shadow.height // 2
        self.overlays.append(Overlay.from_image(shadow, sx, sy, 0.05, 0))
        self.overlays.append(Overlay.from_image(product, x, y, 0.05, 0))

    def _text(self, text: str, area: Box) -> None:
        size = round(self.look.unit * (0.07 if self.look.vertical else 0.08))
        width = area[2] - area[0]
        lines, used = _fit_lines(text, self.look, "headline", size, width, 2)
        face = typography.font(self.look.font, "headline", used)
        step = round(used * 1.16)
        mask = Image.new("L", (width, max(1, step * len(lines) + used // 3)), 0)
        draw = ImageDraw.Draw(mask)
        for i, line in enumerate(lines):
            draw.text((width / 2, i * step + used * 0.5), line, font=face, fill=255, anchor="mm")
        ink = _label_color(tuple(int(v) for v in self.plate[area[1], area[0]]))  # type: ignore[arg-type]
        bbox = mask.getbbox() or (0, 0, width, mask.height)
        mask = mask.crop((0, bbox[1], width, bbox[3]))
        y = area[1] + max(0, (area[3] - area[1] - mask.height) // 2)
        rise = max(0, min(round(self.look.unit * 0.03), area[3] - (y + mask.height)))
        self.overlays.append(
            Overlay.from_image(_solid(mask.size, ink, mask), area[0], y, 0.25, rise)
        )

    def _button(self, label: str, area: Box) -> None:
        size = round(self.look.unit * 0.042)
        face = typography.font(self.look.font, "bold", size)
        width = min(area[2] - area[0], round(face.getlength(label) + size * 2.4))
        height = min(area[3] - area[1], round(size * 2.3))
        image = _solid((width, height), self.look.accent, _mask((width, height),
                       (0, 0, width, height), height / 2))
        glyph = Image.new("L", (width, height), 0)
        ImageDraw.Draw(glyph).text((width / 2, height / 2), label, font=face, fill=255, anchor="mm")
        image.alpha_composite(_solid((width, height), _label_color(self.look.accent), glyph))
        x = (area[0] + area[2] - width) // 2
        y = area[1] + max(0, (area[3] - area[1] - height) // 2)
        rise = max(0, min(round(self.look.unit * 0.02), area[3] - (y + height)))
        self.overlays.append(Overlay.from_image(image, x, y, 0.45, rise))


def _contact_shadow(product: Image.Image, look: Look) -> Image.Image:
    """A soft elliptical shadow as wide as the product, to ground it on the end card."""
    w = max(8, round(product.width * 1.1))
    h = max(4, round(look.unit * 0.05))
    mask = Image.new("L", (w, h), 0)
    ImageDraw.Draw(mask).ellipse((w * 0.1, h * 0.3, w * 0.9, h * 0.7), fill=255)
    mask = mask.filter(ImageFilter.GaussianBlur(h / 5))
    return _solid((w, h), (0, 0, 0), mask, 0.3)


def build_clip(
    storyboard: Storyboard, index: int, cutout: Image.Image, logo: Image.Image | None = None,
    seed: int = 0,
) -> Clip:
    """Build one shot on its own (to inspect its layers or draw single frames).

    Args:
        storyboard: The storyboard.
        index: 0-based shot index.
        cutout: The product with transparency.
        logo: The brand logo for the end card, if any.
        seed: Scene randomness.

    Returns:
        The shot's clip, exactly as the video draws it.
    """
    builder = _Builder(storyboard, cutout, logo, make_look(storyboard, seed))
    builder.features = sum(s.kind == "feature" for s in storyboard.shots[:index])
    lead = timeline(storyboard)[index].overlap / storyboard.fps
    return builder.build(storyboard.shots[index], lead)


# --------------------------------------------------------------------------- timeline


@dataclass(frozen=True)
class Span:
    """Where a shot lies on the video's frame timeline.

    Attributes:
        start: First frame of the shot proper (its cut point).
        end: One past its last frame (the next shot's cut point).
        overlap: Frames before ``start`` during which it enters over the previous shot.
    """

    start: int
    end: int
    overlap: int


def timeline(storyboard: Storyboard) -> list[Span]:
    """Frame spans of the shots; they add up to ``round(seconds × fps)`` frames exactly."""
    fps = storyboard.fps
    cuts, total = [0], 0.0
    for shot in storyboard.shots:
        total += shot.seconds
        cuts.append(round(total * fps))
    spans = []
    for i, shot in enumerate(storyboard.shots):
        overlap = 0
        if i > 0 and shot.transition != "cut":
            overlap = min(
                round(TRANSITION_SECONDS * fps),
                (cuts[i] - cuts[i - 1]) // 2,
                (cuts[i + 1] - cuts[i]) // 2,
            )
        spans.append(Span(cuts[i], cuts[i + 1], overlap))
    return spans


def blend(a: np.ndarray, b: np.ndarray, p: float, kind: str) -> np.ndarray:
    """The transition frame from ``a`` to ``b`` at progress ``p`` (0..1, eased here)."""
    e = ease(p)
    if kind == "slide":
        w = a.shape[1]
        x = round(w * e)
        return np.concatenate([a[:, x:], b[:, : x]], axis=1) if 0 < x < w else (b if x else a)
    return cv2.addWeighted(a, 1.0 - e, b, e, 0.0)


def frames(
    storyboard: Storyboard,
    cutout: Image.Image,
    logo: Image.Image | None = None,
    seed: int = 0,
    cancelled: CancelFn | None = None,
    on_shot: Callable[[int], None] | None = None,
) -> Iterator[np.ndarray]:
    """Generate the video's frames one by one (at most two shots are held at a time).

    Args:
        storyboard: The shots to render.
        cutout: The product with transparency.
        logo: The brand logo for the end card, if any.
        seed: Scene randomness.
        cancelled: Checked before each shot is built; True raises ``RenderCancelled``.
        on_shot: Told the index of the shot being drawn (for progress messages).

    Yields:
        ``round(seconds × fps)`` RGB uint8 frames.
    """
    look = make_look(storyboard, seed)
    builder = _Builder(storyboard, cutout, logo, look)
    spans = timeline(storyboard)
    clips: dict[int, Clip] = {}
    fps = storyboard.fps

    def clip(i: int) -> Clip:
        if i not in clips:
            if cancelled is not None and cancelled():
                raise RenderCancelled(
                    "The render was cancelled; nothing was saved.",
                    hint="Ask again when you want it.",
                )
            clips[i] = builder.build(storyboard.shots[i], spans[i].overlap / fps)
        return clips[i]

    for i, span in enumerate(spans):
        for old in [k for k in clips if k < i]:
            del clips[old]
        if on_shot is not None:
            on_shot(i)
        nxt = spans[i + 1] if i + 1 < len(spans) else None
        for f in range(span.start, span.end):
            frame = clip(i).frame((f - span.start + span.overlap) / fps)
            if nxt is not None and nxt.overlap and f >= nxt.start - nxt.overlap:
                k = f - (nxt.start - nxt.overlap)
                incoming = clip(i + 1).frame(k / fps)
                kind = storyboard.shots[i + 1].transition
                frame = blend(frame, incoming, (k + 0.5) / nxt.overlap, kind)
            yield frame


# --------------------------------------------------------------------------- renderer


class LocalVideoRenderer:
    """Renders storyboards (and live images) into MP4 files on this machine."""

    name = "local"

    def animate(
        self,
        layers: AdLayers,
        request: AnimateImageRequest,
        out_dir: Path,
        progress: ProgressFn,
        cancelled: CancelFn,
        seed: int = 0,
    ) -> RenderedVideo:
        """Render a seamless live-image loop of ``layers`` (see ``motion.render_live_image``)."""
        from engines.local.motion import render_live_image

        return render_live_image(layers, request, out_dir, progress, cancelled, seed=seed)

    def render(
        self,
        storyboard: Storyboard,
        cutout: Image.Image,
        logo: Image.Image | None,
        out_dir: Path,
        progress: ProgressFn,
        cancelled: CancelFn,
        seed: int = 0,
        min_kbps: int | None = None,
    ) -> RenderedVideo:
        """Render every shot of ``storyboard`` into ``out_dir/video.mp4`` (+ preview, poster).

        Args:
            storyboard: The shots, size and frame rate.
            cutout: The product with transparency.
            logo: The brand logo for the end card, if any.
            out_dir: Directory of the output files.
            progress: Called with (frames done, total, message).
            cancelled: Checked before every frame and every shot.
            seed: Scene randomness.
            min_kbps: The placement's least video bitrate: encode at a constant bitrate
                above it (None: constant quality, the smallest file that looks right).

        Returns:
            The written files; ``seconds`` equals ``storyboard.seconds``.

        Raises:
            RenderCancelled: ``cancelled()`` returned True; no video file is left.
        """
        total = round(storyboard.seconds * storyboard.fps)
        shots = storyboard.shots
        current = [0]

        def on_shot(i: int) -> None:
            current[0] = i

        def report(done: int, count: int, message: str) -> None:
            i = current[0]
            progress(done, count, f"shot {i + 1} of {len(shots)} ({shots[i].kind}): {message}")

        first = timeline(storyboard)[0]
        return write_video(
            frames(storyboard, cutout, logo, seed, cancelled, on_shot),
            total=total, fps=storyboard.fps, out_dir=out_dir, stem="video",
            progress=report, cancelled=cancelled,
            poster_index=first.start + round((first.end - first.start) * 0.7),
            min_kbps=min_kbps,
        )
