"""Drawn product photos with known masks, for measuring the local image engine.

The drawing helpers live in :mod:`evals.recipes` (evaluation scenarios use them too) and
are re-exported here unchanged; each is deterministic in its seed and returns
``(photo, mask)`` where ``mask`` is a boolean array (True = product) of the photo's size.
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
from PIL import Image

from evals.recipes import (
    SS,
    Box,
    bottle_on_white,
    coverage,
    glass_on_white,
    hand_holding_product,
    jpeg_roundtrip,
    product_on_busy_background,
    product_with_alpha,
    white_mug_on_white,
)

__all__ = [
    "SS",
    "TEST_PHOTOS",
    "Box",
    "bottle_on_white",
    "coverage",
    "glass_on_white",
    "hand_holding_product",
    "iou",
    "jpeg_roundtrip",
    "phash",
    "phash_distance",
    "product_on_busy_background",
    "product_with_alpha",
    "save_jpeg",
    "white_mug_on_white",
]

TEST_PHOTOS = Path(__file__).parent / "data" / "photos"  # real photos (BSD-3, see SOURCE.md)


def save_jpeg(img: Image.Image, path: str | Path, quality: int = 80) -> Path:
    """Save ``img`` as a JPEG (RGB) and return the path."""
    out = Path(path)
    img.convert("RGB").save(out, "JPEG", quality=quality)
    return out


def iou(a: np.ndarray, b: np.ndarray) -> float:
    """Intersection over union of two boolean masks."""
    union = np.logical_or(a, b).sum()
    return float(np.logical_and(a, b).sum() / union) if union else 1.0


def phash(image: Image.Image) -> np.ndarray:
    """64-bit perceptual hash (DCT of a 32x32 grey thumbnail), as booleans."""
    grey = np.asarray(image.convert("L").resize((32, 32), Image.Resampling.LANCZOS), np.float32)
    low = cv2.dct(grey)[:8, :8]
    return (low > np.median(low)).ravel()


def phash_distance(a: Image.Image, b: Image.Image) -> int:
    """How many of the 64 perceptual-hash bits differ (0 = look alike)."""
    return int(np.count_nonzero(phash(a) != phash(b)))
