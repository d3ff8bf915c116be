"""Ambient particles of live images: dust, bokeh, snow, steam, sparkles and leaves.

Every particle lives once per loop on a periodic path, so the loop stays seamless. Which
kind suits an ad follows its theme (:func:`auto_particles`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import cv2
import numpy as np

from engines.local.easing import ease
from engines.local.raster import hex_rgb
from engines.local.themes import Theme, load_themes

ParticleKind = Literal["none", "dust", "bokeh", "snow", "steam", "sparkles", "leaves"]
Box = tuple[int, int, int, int]
RGB = tuple[int, int, int]


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


def _colors(kind: str, theme_id: str) -> tuple[RGB, ...]:
    """Colours of the particles: the theme's matching accent colours, else defaults."""
    theme = _theme(theme_id)
    kinds = _ACCENT_COLORS.get(kind, ())
    for accent in theme.accents if theme else ():
        if accent.kind in kinds:
            return tuple(hex_rgb(c) for c in accent.colors)
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
        fade = ease(life / 0.22) * ease((1.0 - life) / 0.22)
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
