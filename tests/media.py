"""Image helpers for tests: the real photos, saving JPEGs, mask overlap and perceptual hashes.

The drawn product photos with known masks (``bottle_on_white``, ``white_mug_on_white``...)
live in :mod:`evals.recipes`, because evaluation scenarios upload them too; tests import
them from there.
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
from PIL import Image


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
