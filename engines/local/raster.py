"""Float32 pixel-array helpers the scene renderer is built from: colour, blends, blur, noise.

Arrays hold RGB (or single-channel) values in 0..255 as float32; every helper is
deterministic in its inputs.
"""

from __future__ import annotations

import cv2
import numpy as np

Array = np.ndarray
Rng = np.random.Generator
F32 = np.float32


def hex_rgb(color: str) -> tuple[int, int, int]:
    """Return the (r, g, b) of a ``#RRGGBB`` string."""
    value = color.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def rgb(color: str) -> Array:
    """The float32 RGB of a ``#RRGGBB`` string."""
    return np.array(hex_rgb(color), dtype=F32)


def seeded_rng(seed: int, *salt: int) -> np.random.Generator:
    """A generator seeded by a 64-bit ``seed`` and salt integers (one stream per purpose)."""
    return np.random.default_rng([seed & 0xFFFFFFFF, (seed >> 32) & 0xFFFFFFFF, *salt])


def smoothstep(edge0: float, edge1: float, x: Array) -> Array:
    """Hermite step from 0 at ``edge0`` to 1 at ``edge1`` (element-wise).

    Reversed edges (``edge0 > edge1``) give the falling step, 1 at ``edge1`` or below and
    0 at ``edge0`` or above; equal edges give a hard step at that value.
    """
    span = edge1 - edge0
    if abs(span) < 1e-9:
        return (np.asarray(x) >= edge0).astype(np.float32)
    t = np.clip((x - edge0) / span, 0.0, 1.0)
    return t * t * (3.0 - 2.0 * t)


def mix(a: Array, b: Array, t: Array | float) -> Array:
    """Linear interpolation from ``a`` (t = 0) to ``b`` (t = 1)."""
    return a + (b - a) * t


def screen(base: Array, light: Array) -> Array:
    """Screen blend (both 0..255): brightens like light does, never exceeds white."""
    return 255.0 - (255.0 - base) * (255.0 - np.clip(light, 0, 255)) * F32(1 / 255.0)


def add_light(img: Array, light: Array) -> Array:
    """Screen a (possibly low-resolution) RGB light layer onto ``img`` in place."""
    h, w = img.shape[:2]
    light = np.clip(light, 0, 255).astype(F32)
    keep = 1.0 - light * F32(1 / 255.0)
    if light.shape[:2] != (h, w):
        light, keep = resize(light, w, h), resize(keep, w, h)
    img *= keep
    img += light
    return img


def blur(img: Array, sigma: float) -> Array:
    """Gaussian blur of ``sigma`` pixels; a no-op below 0.3."""
    if sigma < 0.3:
        return img
    return cv2.GaussianBlur(img, (0, 0), sigmaX=sigma, sigmaY=sigma)


def blur_cheap(img: Array, sigma: float) -> Array:
    """Gaussian blur for large radii: blur a downscaled copy, then scale back up."""
    if sigma < 4:
        return blur(img, sigma)
    factor = max(1, int(sigma // 2))
    h, w = img.shape[:2]
    small = cv2.resize(
        img, (max(1, w // factor), max(1, h // factor)), interpolation=cv2.INTER_AREA
    )
    small = blur(small, sigma / factor)
    return cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR)


def resize(img: Array, w: int, h: int) -> Array:
    """Bilinear resize to ``w`` x ``h`` (at least 1 x 1)."""
    return cv2.resize(img, (max(w, 1), max(h, 1)), interpolation=cv2.INTER_LINEAR)


def noise_2d(rng: np.random.Generator, w: int, h: int, cells: int, octaves: int = 3) -> Array:
    """Smooth 2-D fractal value noise of shape (h, w), roughly in [-1, 1]."""
    out = np.zeros((h, w), dtype=F32)
    amp, total = 1.0, 0.0
    big = max(w, h)
    for o in range(octaves):
        n = cells * 2**o
        grid = rng.random((max(2, round(n * h / big)), max(2, round(n * w / big)))).astype(F32)
        out += amp * (cv2.resize(grid, (w, h), interpolation=cv2.INTER_CUBIC) * 2 - 1)
        total, amp = total + amp, amp * 0.5
    return out / F32(total)
