"""Whole-image colour grading: warmth, brightness and saturation.

Used for edits of finished images that have no recipe, and by the scene renderer to grade
its backdrop (never the product). Every parameter runs from -1 to 1 and 0 leaves the
image unchanged.
"""

from __future__ import annotations

import numpy as np
from PIL import Image

# Channel gains at full warmth (+1): red up, blue down, a touch of green for golden light.
_WARM_GAINS = np.array([0.10, 0.025, -0.13], dtype=np.float32)
_LUMA = np.array([0.2126, 0.7152, 0.0722], dtype=np.float32)


def _check_range(name: str, value: float) -> None:
    if not -1.0 <= value <= 1.0:
        raise ValueError(f"{name} must be between -1 and 1, got {value}")


def grade_array(
    rgb: np.ndarray, warmth: float = 0.0, brightness: float = 0.0, saturation: float = 0.0
) -> np.ndarray:
    """Grade a float RGB array (values 0..255, shape HxWx3) and return a new float32 array.

    Args:
        rgb: The pixels, 0..255, any float or integer dtype.
        warmth: > 0 warmer (more red/yellow), < 0 cooler (more blue).
        brightness: > 0 lifts the tones towards white, < 0 darkens them.
        saturation: > 0 more colourful, -1 greyscale.

    Returns:
        The graded pixels as float32 (not clipped, so callers can add grain before rounding).

    Raises:
        ValueError: A parameter is outside [-1, 1].
    """
    for name, value in (("warmth", warmth), ("brightness", brightness), ("saturation", saturation)):
        _check_range(name, value)
    out: np.ndarray = rgb.astype(np.float32, copy=True)
    if warmth:
        out *= 1.0 + _WARM_GAINS * np.float32(warmth)
    if brightness > 0:
        out += (255.0 - out) * np.float32(0.45 * brightness)
    elif brightness < 0:
        out *= np.float32(1.0 + 0.55 * brightness)
    if saturation:
        luma = (out @ _LUMA)[..., None]
        out = luma + (out - luma) * np.float32(1.0 + saturation)
    return out


def adjust(
    image: Image.Image, warmth: float = 0.0, brightness: float = 0.0, saturation: float = 0.0
) -> Image.Image:
    """Return a graded copy of an image.

    Args:
        image: The image; converted to RGB if it is not.
        warmth: -1 (cool) .. 1 (warm); 0 leaves colour balance alone.
        brightness: -1 (darker) .. 1 (lighter).
        saturation: -1 (greyscale) .. 1 (twice as colourful).

    Returns:
        A new RGB image; pixel-identical to the input when every parameter is 0.

    Raises:
        ValueError: A parameter is outside [-1, 1].
    """
    rgb = image if image.mode == "RGB" else image.convert("RGB")
    if warmth == 0 and brightness == 0 and saturation == 0:
        return rgb.copy()
    graded = grade_array(np.asarray(rgb), warmth, brightness, saturation)
    return Image.fromarray(np.clip(graded + 0.5, 0, 255).astype(np.uint8), "RGB")
