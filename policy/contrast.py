"""WCAG colour maths: relative luminance of sRGB pixels and the contrast ratio of two."""

from __future__ import annotations

import numpy as np

_WEIGHTS = np.array([0.2126, 0.7152, 0.0722], dtype=np.float32)
_C = np.arange(256, dtype=np.float64) / 255.0
_LINEAR = np.where(_C <= 0.04045, _C / 12.92, ((_C + 0.055) / 1.055) ** 2.4).astype(np.float32)


def luminance(rgb: np.ndarray) -> np.ndarray:
    """WCAG relative luminance of sRGB values 0..255 (last axis = channels).

    Values are rounded to whole 8-bit levels (what an image can hold) and looked up.
    """
    levels = np.clip(np.rint(np.asarray(rgb, dtype=np.float32)), 0, 255).astype(np.uint8)
    return np.asarray(_LINEAR[levels] @ _WEIGHTS)


def contrast(l1: float | np.ndarray, l2: float | np.ndarray) -> np.ndarray:
    """WCAG contrast ratio of two relative luminances (elementwise)."""
    hi, lo = np.maximum(l1, l2), np.minimum(l1, l2)
    return np.asarray((hi + 0.05) / (lo + 0.05))
