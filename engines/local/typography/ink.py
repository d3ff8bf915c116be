"""Text colour for ads: WCAG contrast of ink against the pixels behind it, button colours."""

from __future__ import annotations

import numpy as np

from policy.contrast import contrast, luminance

MIN_CONTRAST = 4.5
CONTRAST_PERCENTILE = 1.0  # worst case over the pixels behind the text, ignoring 1% outliers
WHITE = (255, 255, 255)
NEAR_BLACK = (20, 20, 22)

RGB = tuple[int, int, int]


def _extremes(region: np.ndarray) -> tuple[float, float]:
    """Darkest and lightest luminance of a region, ignoring 1% outliers at each end."""
    lum = luminance(np.asarray(region).reshape(-1, 3))
    if lum.size == 0:
        return 0.0, 1.0
    lo, hi = np.percentile(lum, [CONTRAST_PERCENTILE, 100 - CONTRAST_PERCENTILE])
    return float(lo), float(hi)


def _worst(extremes: tuple[float, float], ink: RGB) -> float:
    lc = float(luminance(np.array(ink)))
    return float(min(contrast(lc, extremes[0]), contrast(lc, extremes[1])))


def worst_contrast(region: np.ndarray, ink: RGB) -> float:
    """WCAG contrast of ``ink`` against the darkest/lightest pixels of ``region`` (1% trimmed)."""
    if np.asarray(region).size == 0:
        return 21.0
    return _worst(_extremes(region), ink)


def pick_ink(region: np.ndarray, dark: RGB) -> tuple[RGB, float]:
    """The text colour with the best worst-case contrast over the region, and that contrast."""
    extremes = _extremes(region)
    best: tuple[RGB, float] = (dark, -1.0)
    for color in (dark, WHITE, NEAR_BLACK):
        worst = _worst(extremes, color)
        if worst > best[1] + 1e-6:
            best = (color, worst)
    return best


def cta_colors(accent: RGB) -> tuple[RGB, RGB]:
    """Button fill and label colour with at least 4.5:1 contrast between them."""
    fill = np.array(accent, dtype=np.float32)
    for _ in range(20):
        lum = float(luminance(fill))
        for label in (WHITE, NEAR_BLACK):
            if float(contrast(lum, float(luminance(np.array(label))))) >= MIN_CONTRAST:
                return (int(fill[0]), int(fill[1]), int(fill[2])), label
        fill *= 0.88
    return (int(fill[0]), int(fill[1]), int(fill[2])), WHITE
