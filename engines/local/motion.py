"""Live images: a short seamless loop of subtle motion made from an ad's layers.

The ad's layers (:class:`~engines.AdLayers`: scene, product, overlay) move apart:

* the scene is resampled every frame (bilinear, 1/32 px precision) by a gentle camera move:
  a push (zoom about the product's base), a drift or a parallax (a ground-plane shear that
  keeps the floor under the product still, so shadows stay attached to it);
* ambient particles (dust, bokeh, snow, steam, sparkles, leaves) float between the scene
  and the product, on periodic paths that fade in and out within the loop;
* the product is pasted unmoved and unresampled, so its opaque pixels are exactly the
  original ones in every frame; only the optional sheen (a soft light sweep that is zero
  at the loop's start and end) touches them;
* text, scrims and logo are composited last, static and crisp.

Every motion is periodic in the loop length, so the frame after the last is the first.
Frames are generated lazily and encoded by :func:`~engines.local.encode.write_video`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

import cv2
import numpy as np

from core.schemas import AnimateImageRequest
from engines import AdLayers, RenderedVideo
from engines.local.encode import write_video
from engines.local.themes import Theme, load_themes

Camera = Literal["push", "drift", "parallax"]
ParticleKind = Literal["none", "dust", "bokeh", "snow", "steam", "sparkles", "leaves"]
Box = tuple[int, int, int, int]
RGB = tuple[int, int, int]

PUSH_ZOOM = 0.045
"""How far the push zooms the scene in at mid-loop (4.5%)."""
MAX_COVER_ZOOM = 1.06
"""Most zoom used to keep the canvas covered while the scene drifts."""

THEME_PARTICLES: dict[str, ParticleKind] = {
    **dict.fromkeys(("snowy-mountain", "winter-holidays"), "snow"),
    **dict.fromkeys(("cafe-table", "kitchen-counter"), "steam"),
    **dict.fromkeys(
        ("new-year", "sparkles", "confetti", "black-friday", "valentines-day"), "sparkles"
    ),
    **dict.fromkeys(
        ("autumn", "forest", "hiking-trail", "halloween", "botanical-shadows"), "leaves"
    ),
    **dict.fromkeys(
        (
            "city-night-bokeh",
            "studio-dark",
            "neon-glow",
            "marble",
            "silk-drape",
            "mothers-day",
            "geometric-podium",
        ),
        "bokeh",
    ),
    **dict.fromkeys(
        (
            "studio",
            "sunlit-window",
            "golden-hour",
            "wooden-table",
            "living-room",
            "scandinavian",
            "industrial-loft",
            "boho",
            "minimalist-concrete",
            "desk",
            "desert-dunes",
            "smoke-mist",
            "spa",
            "back-to-school",
        ),
        "dust",
    ),
}
"""The particles ``auto`` picks per theme id; themes not listed (bright, graphic or watery
scenes: pastel, gradient-pop, poolside, beach...) get none unless their accents suggest some."""

_ACCENT_PARTICLES: dict[str, ParticleKind] = {
    "snow": "snow",
    "bokeh": "bokeh",
    "sparkles": "sparkles",
    "fireworks": "sparkles",
    "trees": "leaves",
    "window_light": "dust",
    "sun_flare": "dust",
}


# --------------------------------------------------------------------------- choices


def _theme(theme_id: str) -> Theme | None:
    return load_themes().get(theme_id)


def auto_particles(theme_id: str) -> ParticleKind:
    """The particle kind that suits a theme (``none`` when none would).

    Args:
        theme_id: A theme id from ``themes.yaml``.

    Returns:
        The kind from :data:`THEME_PARTICLES`, else one suggested by the theme's accents.
    """
    if theme_id in THEME_PARTICLES:
        return THEME_PARTICLES[theme_id]
    theme = _theme(theme_id)
    for accent in theme.accents if theme else ():
        if accent.kind in _ACCENT_PARTICLES:
            return _ACCENT_PARTICLES[accent.kind]
    return "none"


def auto_camera(layers: AdLayers) -> Camera:
    """The camera move that suits the ad: drift for wide formats, parallax outdoors, else push.

    Args:
        layers: The ad's layers (size and theme are used).

    Returns:
        ``drift``, ``parallax`` or ``push``.
    """
    w, h = layers.scene.size
    if w / h > 1.2:
        return "drift"
    theme = _theme(layers.theme)
    if theme is not None and theme.backdrop.style == "sky":
        return "parallax"
    return "push"


# --------------------------------------------------------------------------- even size


def _even_layers(layers: AdLayers) -> AdLayers:
    """Crop one row or column off odd sides (yuv420p), on the side away from the product."""
    w, h = layers.scene.size
    left, top, right, bottom = layers.product_box
    cut_x = 0 if w % 2 == 0 else (1 if right >= w and left > 0 else 0)
    cut_y = 0 if h % 2 == 0 else (1 if bottom >= h and top > 0 else 0)
    canvas = (cut_x, cut_y, cut_x + w - w % 2, cut_y + h - h % 2)
    if canvas == (0, 0, w, h):
        return layers
    box = (left - cut_x, top - cut_y, right - cut_x, bottom - cut_y)
    inner = (
        max(box[0], 0),
        max(box[1], 0),
        min(box[2], canvas[2] - cut_x),
        min(box[3], canvas[3] - cut_y),
    )
    product = layers.product.crop(
        (inner[0] - box[0], inner[1] - box[1], inner[2] - box[0], inner[3] - box[1])
    )
    return replace(
        layers,
        scene=layers.scene.crop(canvas),
        overlay=layers.overlay.crop(canvas),
        product=product,
        product_box=inner,
    )


# --------------------------------------------------------------------------- camera


def _ease(t: float) -> float:
    """0 at the loop's start and end, 1 at its middle, with zero speed at both (cosine)."""
    return 0.5 - 0.5 * math.cos(2.0 * math.pi * t)


@dataclass(frozen=True)
class _Camera:
    """A periodic scene move: zoom about the product's base and a depth-weighted pan."""

    size: tuple[int, int]
    anchor: tuple[float, float]
    zoom: float
    pan: float
    depth: np.ndarray  # per row: pan weight (0 at the product's base, -1 far behind)

    @classmethod
    def build(cls, kind: Camera, size: tuple[int, int], box: Box, seed: int) -> _Camera:
        """The move of ``kind`` for a canvas of ``size`` with the product at ``box``."""
        w, h = size
        ax, ay = min(max((box[0] + box[2]) / 2, 0.0), w - 1.0), min(float(box[3]), h - 1.0)
        if kind == "push":
            return cls(size, (ax, ay), PUSH_ZOOM, 0.0, np.zeros(h, np.float32))
        near = 0.6 if kind == "drift" else 1.4
        depth = _ground_depth(h, box, near)
        reach = max(float(np.abs(depth).max()), 1e-3)
        room = min(ax, w - 1 - ax) * (1 - 1 / MAX_COVER_ZOOM) / reach
        want = (0.014 if kind == "drift" else 0.02) * w
        direction = 1.0 if seed % 2 == 0 else -1.0
        zoom = 0.01 if kind == "drift" else 0.02
        return cls(size, (ax, ay), zoom, direction * min(want, room), depth)

    def maps(self, t: float) -> tuple[float, np.ndarray | None]:
        """The zoom and per-row horizontal shift (source pixels) at loop time ``t``."""
        u = _ease(t)
        shift = self.depth * (self.pan * u) if self.pan else None
        zoom = 1.0 + self.zoom * u
        if shift is not None:
            zoom = max(zoom, self._cover(shift))
        return zoom, shift

    def _cover(self, shift: np.ndarray) -> float:
        """The least zoom about the anchor that keeps the shifted scene covering the canvas."""
        w = self.size[0]
        ax = self.anchor[0]
        need = max(float(shift.max()) / max(ax, 1.0), float(-shift.min()) / max(w - 1 - ax, 1.0))
        need = min(max(need, 0.0) * 1.03, 1 - 1 / MAX_COVER_ZOOM)  # 3% to spare
        return 1.0 / (1.0 - need)

    def warp(self, scene: np.ndarray, t: float) -> np.ndarray:
        """The scene as the camera sees it at loop time ``t`` (a new RGB array).

        Args:
            scene: The scene as RGBA with an opaque alpha channel: OpenCV resamples four
                channels about three times faster than three.
            t: Loop time, 0..1.

        The scene behind the product is resampled bilinearly, as the video's stages are;
        the product itself is pasted unresampled on top.
        """
        zoom, shift = self.maps(t)
        if zoom == 1.0 and (shift is None or not shift.any()):
            return cv2.cvtColor(scene, cv2.COLOR_RGBA2RGB)
        w, h = self.size
        ax, ay = self.anchor
        if shift is None:
            matrix = np.array([[zoom, 0, ax * (1 - zoom)], [0, zoom, ay * (1 - zoom)]])
            seen = cv2.warpAffine(
                scene, matrix, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT_101
            )
            return cv2.cvtColor(seen, cv2.COLOR_RGBA2RGB)
        xs = np.arange(w, dtype=np.float32) / zoom
        ys = np.arange(h, dtype=np.float32)
        row_x = (ax - ax / zoom - shift).astype(np.float32)
        map_x = xs[None, :] + row_x[:, None]
        map_y = np.broadcast_to((ay + (ys - ay) / zoom)[:, None], (h, w))
        fixed, frac = cv2.convertMaps(map_x, np.ascontiguousarray(map_y), cv2.CV_16SC2)
        seen = cv2.remap(scene, fixed, frac, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT_101)
        return cv2.cvtColor(seen, cv2.COLOR_RGBA2RGB)


def _ground_depth(h: int, box: Box, near: float) -> np.ndarray:
    """Pan weight per row for a floor seen in perspective, relative to the product's base.

    Floor rows move in proportion to their distance below the horizon (what a ground plane
    does), so the floor under the product stays put and its shadow stays attached; rows
    above the horizon (the backdrop) move together by -1; the nearest floor by at most
    ``near``.
    """
    base = float(box[3])
    ph = box[3] - box[1]
    horizon = min(max(base - 0.4 * ph, 0.22 * h), base - 0.06 * ph)  # as compose stages it
    horizon = min(max(horizon, 0.2 * h), 0.95 * h)
    rows = np.arange(h, dtype=np.float32)
    depth = np.clip((rows - base) / max(base - horizon, 0.08 * h), -1.0, near)
    sigma = max(1.0, 0.02 * h)
    taps = np.arange(-math.ceil(3 * sigma), math.ceil(3 * sigma) + 1, dtype=np.float32)
    kernel = np.exp(-0.5 * (taps / sigma) ** 2)
    padded = np.pad(depth, taps.size // 2, mode="edge")
    smooth = np.convolve(padded, kernel / kernel.sum(), mode="valid")
    return np.asarray(smooth - np.interp(base, rows, smooth), dtype=np.float32)


# --------------------------------------------------------------------------- particles


@dataclass(frozen=True)
class _Style:
    """How one particle kind looks and moves (sizes in px at a 1080 px short side)."""

    count: int
    size: tuple[float, float]
    opacity: tuple[float, float]
    travel: tuple[float, float]  # (dx, dy) per life as fractions of the canvas
    sway: float
    blend: Literal["screen", "over"]
    spin: float = 0.0
    twinkle: bool = False


_STYLES: dict[str, _Style] = {
    "dust": _Style(34, (1.0, 3.4), (0.22, 0.55), (0.02, -0.07), 10.0, "screen"),
    "bokeh": _Style(11, (26.0, 64.0), (0.05, 0.13), (0.03, -0.05), 14.0, "screen"),
    "snow": _Style(64, (1.4, 5.0), (0.45, 0.9), (0.03, 0.42), 16.0, "over"),
    "steam": _Style(9, (12.0, 24.0), (0.1, 0.2), (0.0, -0.2), 14.0, "screen"),
    "sparkles": _Style(16, (5.0, 15.0), (0.5, 0.9), (0.0, -0.02), 3.0, "screen", twinkle=True),
    "leaves": _Style(9, (8.0, 16.0), (0.85, 0.95), (0.06, 0.55), 34.0, "over", spin=1.0),
}
_DEFAULT_COLORS: dict[str, tuple[RGB, ...]] = {
    "dust": ((255, 246, 226),),
    "bokeh": ((255, 236, 200), (255, 255, 255)),
    "snow": ((255, 255, 255),),
    "steam": ((255, 255, 255),),
    "sparkles": ((255, 240, 200), (255, 255, 255)),
    "leaves": ((200, 96, 42), (224, 138, 58), (158, 61, 30), (212, 160, 58)),
}
_ACCENT_COLORS: dict[str, tuple[str, ...]] = {
    "bokeh": ("bokeh",),
    "sparkles": ("sparkles", "fireworks"),
    "leaves": ("petals",),
}


def _hex_rgb(value: str) -> RGB:
    return (int(value[1:3], 16), int(value[3:5], 16), int(value[5:7], 16))


def _colors(kind: str, theme_id: str) -> tuple[RGB, ...]:
    """Colours of the particles: the theme's matching accent colours, else defaults."""
    theme = _theme(theme_id)
    kinds = _ACCENT_COLORS.get(kind, ())
    for accent in theme.accents if theme else ():
        if accent.kind in kinds:
            return tuple(_hex_rgb(c) for c in accent.colors)
    if kind == "dust" and theme is not None and theme.lighting.warmth < 0:
        return ((240, 246, 255),)
    return _DEFAULT_COLORS[kind]


def _grid(radius: int) -> tuple[np.ndarray, np.ndarray]:
    r = np.arange(-radius, radius + 1, dtype=np.float32)
    return np.meshgrid(r, r)


def _sprite(kind: str, size: float, blur: float, rng: np.random.Generator) -> np.ndarray:
    """One particle's alpha (0..1, float32, square, centred), drawn once."""
    reach = {"sparkles": 1.6, "leaves": 1.6, "steam": 3.0}.get(kind, 1.0)
    radius = math.ceil(size * reach + 3 * blur + 2)
    x, y = _grid(radius)
    d = np.hypot(x, y)
    if kind == "bokeh":
        edge = np.clip(size - d + 0.5, 0.0, 1.0)
        alpha = edge * (0.8 + 0.2 * np.clip((d / size) ** 4, 0.0, 1.0))
    elif kind == "sparkles":
        arms = np.exp(-((y / 0.7) ** 2)) * np.exp(-np.abs(x) / (0.45 * size))
        arms = np.maximum(arms, arms.T)
        alpha = np.maximum(arms, np.exp(-((d / (0.3 * size)) ** 2)))
    elif kind == "leaves":
        half = size
        width = half * rng.uniform(0.38, 0.5)
        inside = width * (1 - (x / half) ** 2) - np.abs(y)
        alpha = np.clip(inside + 0.5, 0.0, 1.0) * (np.abs(x) <= half)
        alpha *= 1.0 - 0.35 * np.exp(-((y / 0.6) ** 2)) * (np.abs(x) < 0.85 * half)  # midrib
    elif kind == "steam":
        alpha = np.exp(-((x / size) ** 2) - ((y / (1.5 * size)) ** 2))
    else:  # dust, snow: soft discs
        alpha = np.clip(size - d + 0.5, 0.0, 1.0)
    if blur > 0.3:
        alpha = cv2.GaussianBlur(alpha.astype(np.float32), (0, 0), blur)
    return np.asarray(alpha, dtype=np.float32)


@dataclass(frozen=True)
class _Particle:
    """One particle: where it starts, how it moves within its life, how it looks."""

    start: tuple[float, float]
    travel: tuple[float, float]
    sway: float
    sway_freq: int
    phase: float
    offset: float
    opacity: float
    color: np.ndarray
    sprite: np.ndarray
    spin: float
    grow: float


class Particles:
    """A few soft particles on periodic paths, drawn onto frames between scene and product.

    Every particle lives once per loop: it fades in, travels, sways and fades out, and
    starts again where it started, so the loop is seamless. Depth (0 far .. 1 near)
    scales size, speed, softness and opacity together.

    Args:
        kind: The particle kind (``none`` draws nothing).
        size: Canvas size.
        product_box: Where the product stands (steam rises from its top).
        theme_id: Theme of the ad (particle colours).
        seed: Randomness of the placement.
    """

    def __init__(
        self, kind: ParticleKind, size: tuple[int, int], product_box: Box, theme_id: str, seed: int
    ) -> None:
        self.kind = kind
        self.size = size
        self.items: list[_Particle] = []
        if kind != "none":
            rng = np.random.default_rng([seed, len(kind), sum(map(ord, kind))])
            self.items = [
                self._make(kind, rng, product_box, _colors(kind, theme_id))
                for _ in range(self._count(kind))
            ]
        self.blend = _STYLES[kind].blend if kind != "none" else "over"

    def _count(self, kind: str) -> int:
        w, h = self.size
        area = (w * h) / (1080.0 * 1080.0)
        return max(3, round(_STYLES[kind].count * min(max(area, 0.35), 1.8)))

    def _make(
        self, kind: str, rng: np.random.Generator, box: Box, colors: tuple[RGB, ...]
    ) -> _Particle:
        style = _STYLES[kind]
        w, h = self.size
        unit = min(w, h) / 1080.0
        depth = float(rng.uniform(0.0, 1.0) ** 1.6)  # mostly far: few big near ones
        size = (style.size[0] + (style.size[1] - style.size[0]) * depth) * unit
        blur = {"dust": 2.2, "snow": 2.4, "leaves": 1.6}.get(kind, 0.0) * max(depth - 0.55, 0.0)
        blur = blur * size
        speed = 0.45 + 0.55 * depth
        travel = (
            style.travel[0] * w * speed * rng.uniform(-1.0, 1.0),
            style.travel[1] * h * speed * rng.uniform(0.7, 1.0),
        )
        start = self._start(kind, rng, box, travel)
        opacity = style.opacity[0] + (style.opacity[1] - style.opacity[0]) * rng.uniform()
        if kind in ("dust", "snow"):
            opacity *= 1.0 - 0.35 * max(depth - 0.7, 0.0) / 0.3  # near ones are softer
        color = np.array(colors[int(rng.integers(len(colors)))], dtype=np.float32)
        return _Particle(
            start=start,
            travel=travel,
            sway=style.sway * unit * (0.5 + 0.5 * depth) * rng.uniform(0.6, 1.0),
            sway_freq=int(rng.integers(1, 3)),
            phase=float(rng.uniform(0.0, 2 * math.pi)),
            offset=float(rng.uniform()),
            opacity=float(opacity),
            color=color,
            sprite=_sprite(kind, size, blur, rng),
            spin=style.spin * float(rng.choice([-1.0, 1.0])) * rng.uniform(0.5, 1.0),
            grow=1.2 if kind == "steam" else 0.0,
        )

    def _start(
        self, kind: str, rng: np.random.Generator, box: Box, travel: tuple[float, float]
    ) -> tuple[float, float]:
        w, h = self.size
        if kind == "steam":
            cx, pw = (box[0] + box[2]) / 2, box[2] - box[0]
            return (cx + rng.uniform(-0.18, 0.18) * pw, box[1] + rng.uniform(0.0, 0.08) * pw)
        x = rng.uniform(-0.05, 1.05) * w - travel[0] / 2
        y = rng.uniform(-0.05, 1.05) * h - travel[1] / 2
        return (float(x), float(y))

    def draw(self, frame: np.ndarray, t: float) -> None:
        """Draw every particle onto ``frame`` (uint8 RGB, in place) at loop time ``t``."""
        for p in self.items:
            self._draw_one(frame, p, t)

    def _state(self, p: _Particle, t: float) -> tuple[float, float, float, float, float]:
        """Position, opacity, angle and scale of a particle at loop time ``t``."""
        life = (t + p.offset) % 1.0
        wave = 2 * math.pi * p.sway_freq * t + p.phase
        x = p.start[0] + p.travel[0] * life + p.sway * math.sin(wave)
        y = p.start[1] + p.travel[1] * life + 0.35 * p.sway * math.sin(2 * wave + 1.0)
        fade = _smoothstep(life / 0.22) * _smoothstep((1.0 - life) / 0.22)
        if self.kind == "sparkles":
            fade = max(math.sin(2 * math.pi * (p.sway_freq * t) + p.phase), 0.0) ** 3
        angle = 360.0 * p.spin * life
        return x, y, p.opacity * fade, angle, 1.0 + p.grow * life

    def _draw_one(self, frame: np.ndarray, p: _Particle, t: float) -> None:
        x, y, opacity, angle, scale = self._state(p, t)
        if opacity < 0.004:
            return
        half = math.ceil(p.sprite.shape[0] / 2 * scale) + 1
        x0, y0 = math.floor(x) - half, math.floor(y) - half
        side = 2 * half + 1
        h, w = frame.shape[:2]
        if x0 >= w or y0 >= h or x0 + side <= 0 or y0 + side <= 0:
            return
        c = (p.sprite.shape[0] - 1) / 2
        matrix = cv2.getRotationMatrix2D((c, c), angle, scale)
        matrix[:, 2] += (x - x0 - c, y - y0 - c)
        alpha = cv2.warpAffine(p.sprite, matrix, (side, side), flags=cv2.INTER_LINEAR)
        _blend(frame, alpha * opacity, p.color, (x0, y0), self.blend)


def _smoothstep(v: float) -> float:
    v = min(max(v, 0.0), 1.0)
    return v * v * (3 - 2 * v)


def _blend(
    frame: np.ndarray, alpha: np.ndarray, color: np.ndarray, at: tuple[int, int], mode: str
) -> None:
    """Blend a colour through ``alpha`` onto ``frame`` at ``at`` (clipped to the frame)."""
    h, w = frame.shape[:2]
    x0, y0 = at
    ah, aw = alpha.shape
    fx0, fy0, fx1, fy1 = max(x0, 0), max(y0, 0), min(x0 + aw, w), min(y0 + ah, h)
    a = alpha[fy0 - y0 : fy1 - y0, fx0 - x0 : fx1 - x0, None]
    base = frame[fy0:fy1, fx0:fx1].astype(np.float32)
    if mode == "screen":
        out = base + (255.0 - base) * a * (color / 255.0)
    else:
        out = base + (color - base) * a
    frame[fy0:fy1, fx0:fx1] = np.clip(out + 0.5, 0, 255).astype(np.uint8)


# --------------------------------------------------------------------------- product, overlay


class _Paste:
    """Straight RGBA pixels laid over frames at a fixed place, with exact integer rounding.

    ``(rgb * a + under * (255 - a) + 127) // 255`` as :func:`compose._paste_exact` does:
    opaque pixels come out exactly equal to ``rgb``. Work is limited to bands of rows that
    hold visible pixels.
    """

    def __init__(self, rgba: np.ndarray, at: tuple[int, int]) -> None:
        self.at = at
        self.rgb = rgba[..., :3]
        self.alpha = rgba[..., 3]
        self.bands = [
            (y0, y1, x0, x1, *self._weights(rgba[y0:y1, x0:x1]))
            for y0, y1, x0, x1 in _bands(self.alpha > 0)
        ]

    @staticmethod
    def _weights(rgba: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        a = rgba[..., 3:4].astype(np.uint16)
        return rgba[..., :3].astype(np.uint16) * a + 127, 255 - a

    def apply(self, frame: np.ndarray) -> None:
        """Lay the pixels onto ``frame`` (in place)."""
        ox, oy = self.at
        for y0, y1, x0, x1, premul, inv in self.bands:
            region = frame[oy + y0 : oy + y1, ox + x0 : ox + x1]
            region[:] = (premul + region * inv) // 255


def _bands(mask: np.ndarray) -> list[Box]:
    """(top, bottom, left, right) of each run of rows holding True, cropped to its columns."""
    rows = np.flatnonzero(mask.any(axis=1))
    if rows.size == 0:
        return []
    breaks = np.flatnonzero(np.diff(rows) > 1)
    out = []
    for first, last in zip(
        np.r_[rows[0], rows[breaks + 1]], np.r_[rows[breaks], rows[-1]], strict=True
    ):
        cols = np.flatnonzero(mask[first : last + 1].any(axis=0))
        out.append((int(first), int(last) + 1, int(cols[0]), int(cols[-1]) + 1))
    return out


class _Sheen:
    """A soft diagonal band of light that sweeps across the product once per loop.

    It brightens (screen) the product's pixels after they are pasted, in proportion to
    their alpha, only while ``START < t < END``: frames outside the sweep, and so the
    loop's first and last frames, keep the product's exact pixels.
    """

    START, END, STRENGTH, WIDTH = 0.18, 0.62, 0.2, 0.1

    def __init__(self, product: np.ndarray, at: tuple[int, int], width: int) -> None:
        ys, xs = np.nonzero(product[..., 3] > 0)
        angle = math.radians(68.0)
        coord = xs * math.cos(angle) + ys * math.sin(angle)
        lo, hi = (float(coord.min()), float(coord.max())) if coord.size else (0.0, 1.0)
        order = np.argsort(coord, kind="stable")
        self.coord = ((coord - lo) / max(hi - lo, 1.0))[order].astype(np.float32)
        self.flat = ((ys + at[1]) * width + xs + at[0])[order]
        self.alpha = product[ys, xs, 3][order].astype(np.float32) / 255.0

    def strength(self, t: float) -> tuple[float, float]:
        """Where the band's centre is (0..1 across the product) and how bright, at ``t``."""
        if not self.START < t < self.END:
            return 0.0, 0.0
        s = (t - self.START) / (self.END - self.START)
        return -0.25 + 1.5 * _smoothstep(s), self.STRENGTH * math.sin(math.pi * s) ** 2

    def apply(self, frame: np.ndarray, t: float) -> None:
        """Brighten the product's pixels under the band on ``frame`` (in place)."""
        center, strength = self.strength(t)
        if strength <= 0.0:
            return
        reach = self.WIDTH * 2.4  # beyond it the light rounds to nothing
        lo, hi = np.searchsorted(self.coord, (center - reach, center + reach))
        if hi <= lo:
            return
        idx = self.flat[lo:hi]
        pixels = frame.reshape(-1, 3)
        px = pixels[idx].astype(np.float32)
        light = np.exp(-(((self.coord[lo:hi] - center) / self.WIDTH) ** 2))
        light *= strength * self.alpha[lo:hi]
        px += (255.0 - px) * light[:, None]
        pixels[idx] = (px + 0.5).astype(np.uint8)


# --------------------------------------------------------------------------- the loop


class LiveLoop:
    """The frames of a live image, computed one at a time (frame ``total`` is frame 0).

    Args:
        layers: The ad's layers; odd canvas sides are cropped by one pixel, away from the
            product.
        seconds: Loop length.
        fps: Frames per second.
        camera: ``push``, ``drift``, ``parallax`` or ``auto``.
        particles: A particle kind, or ``auto`` (from the theme).
        sheen: Sweep a soft light across the product once per loop.
        seed: Randomness of particles and of the drift's direction.
    """

    def __init__(
        self,
        layers: AdLayers,
        seconds: float = 4.0,
        fps: int = 24,
        camera: Camera | Literal["auto"] = "auto",
        particles: ParticleKind | Literal["auto"] = "auto",
        sheen: bool = True,
        seed: int = 0,
    ) -> None:
        self.layers = _even_layers(layers)
        self.size = self.layers.scene.size
        self.total = max(2, round(seconds * fps))
        self.fps = fps
        self.camera: Camera = auto_camera(self.layers) if camera == "auto" else camera
        kind = auto_particles(self.layers.theme) if particles == "auto" else particles
        box = self.layers.product_box
        self.particle_kind: ParticleKind = kind
        self.particles = Particles(kind, self.size, box, self.layers.theme, seed)
        self._camera = _Camera.build(self.camera, self.size, box, seed)
        self._scene = np.ascontiguousarray(np.asarray(self.layers.scene.convert("RGBA")))
        product = np.asarray(self.layers.product.convert("RGBA"))
        self._product = _Paste(product, box[:2])
        self._sheen = _Sheen(product, box[:2], self.size[0]) if sheen else None
        self._overlay = _Paste(np.asarray(self.layers.overlay.convert("RGBA")), (0, 0))

    def frame(self, index: int) -> np.ndarray:
        """Frame ``index`` (any integer; the loop repeats every ``total`` frames) as RGB uint8."""
        t = (index % self.total) / self.total
        frame = self._camera.warp(self._scene, t)
        self.particles.draw(frame, t)
        self._product.apply(frame)
        if self._sheen is not None:
            self._sheen.apply(frame, t)
        self._overlay.apply(frame)
        return frame

    def frames(self) -> Iterator[np.ndarray]:
        """Every frame of one loop, in order, one at a time."""
        for index in range(self.total):
            yield self.frame(index)


def render_live_image(
    layers: AdLayers,
    request: AnimateImageRequest,
    out_dir: Path,
    progress: Callable[[int, int, str], None],
    cancelled: Callable[[], bool],
    seed: int = 0,
    stem: str = "live",
) -> RenderedVideo:
    """Render a live image: a seamless loop of the ad with subtle motion, as MP4 + previews.

    Args:
        layers: The ad's layers (from :func:`~engines.local.compose.compose_layers`).
        request: Loop length, frame rate, camera move, particles and sheen.
        out_dir: Directory of ``<stem>.mp4``, ``<stem>.webp`` and ``<stem>.png``.
        progress: Called with (frames done, total, message).
        cancelled: Checked before every frame.
        seed: Randomness of particles and drift direction.
        stem: File name without extension.

    Returns:
        The written video; its poster is the first frame (the ad itself, plus particles).

    Raises:
        RenderCancelled: ``cancelled()`` returned True; nothing is left in ``out_dir``.
    """
    loop = LiveLoop(
        layers,
        seconds=request.seconds,
        fps=request.fps,
        camera=request.motion,
        particles=request.particles,
        sheen=request.sheen,
        seed=seed,
    )
    progress(0, loop.total, f"live image: {loop.camera}, {loop.particle_kind} particles")
    return write_video(
        loop.frames(),
        total=loop.total,
        fps=loop.fps,
        out_dir=out_dir,
        stem=stem,
        progress=progress,
        cancelled=cancelled,
        poster_index=0,
    )
