"""Whole-image colour grading: warmth, brightness, contrast and saturation.

Used for edits of finished images that have no recipe, by the scene renderer (the warmth of
its light) and by the ad composer (the finished scene, never the product). Every parameter
runs from -1 to 1 and 0 leaves the image unchanged. Warmth is channel gains plus a tint of
the shadows, so a dark scene warms as visibly as a light one: gains alone barely move dark
pixels. An asked-for change ("warmer" is +0.35) uses 2.7 times the gains of a theme's own light
temperature: with the theme's gains a black mug's ads moved by 3 to 4 CIELAB units, which
side by side reads as "did anything change?"; at twice them real photos' ads (a black
hoodie, a black mug, a blue tee) still moved only 9.6 to 11.4 b* units on the scene; now
12.8 to 15.3, a clearly icy or clearly golden version that stays a tint, and the themes'
own looks are unchanged. Brightness and contrast are tone curves on each channel, sized so
that 0.3 is a change anyone sees side by side (7.9 to 18 CIELAB lightness units for
brightness on those photos' scenes, 6.8 to 14 before), and no setting pushes a
value out of range.
"""

from __future__ import annotations

import numpy as np
from PIL import Image

# Channel gains at full warmth (+1): red up, blue down, a touch of green for golden light.
_WARM_GAINS = np.array([0.10, 0.025, -0.13], dtype=np.float32)
"""A theme's light temperature (its ``lighting.warmth``)."""
_EDIT_GAINS = 2.7 * _WARM_GAINS
"""An asked-for warmer or cooler edit: 2.7 times a theme's, so one step is seen at a glance."""
_WARM_SHADOWS = np.array([30.0, 11.0, -26.0], dtype=np.float32)
"""Added to a black pixel by a full warmer edit (0..255 units); less towards white, none on it.
Amber rather than red, so a navy night scene turns golden instead of grey."""
_LUMA = np.array([0.2126, 0.7152, 0.0722], dtype=np.float32)
_BRIGHTNESS_CURVE = 2.1
"""Added to the tone curve's exponent per unit of brightness (mid-tones move most)."""
_BRIGHTNESS_ENDS = 0.2
"""How far black (brighter) or white (darker) moves per unit of brightness."""
_CONTRAST_CURVE = 2.6
"""Added to the S-curve's slope at its pivot per unit of contrast."""
_PIVOT_RANGE = (0.1, 0.9)
"""The contrast pivot (the image's mean luma, 0..1) is kept inside this range."""


def _check_range(name: str, value: float) -> None:
    if not -1.0 <= value <= 1.0:
        raise ValueError(f"{name} must be between -1 and 1, got {value}")


def warm_gains(warmth: float) -> np.ndarray:
    """The RGB gains of a theme's light temperature ``warmth`` (-1..1): red up, blue down."""
    return (1.0 + _WARM_GAINS * np.float32(warmth)).astype(np.float32)


def warm_shadows(rgb: np.ndarray, warmth: float) -> np.ndarray:
    """The tint an edit's ``warmth`` adds to ``rgb`` (0..255, HxWx3): most on black."""
    shade = np.float32(1.0) - np.clip(rgb @ _LUMA, 0.0, 255.0)[..., None] / np.float32(255.0)
    return (_WARM_SHADOWS * np.float32(warmth) * shade**2).astype(np.float32)


def warmer(rgb: np.ndarray, warmth: float) -> np.ndarray:
    """``rgb`` (float32, 0..255, HxWx3) after an asked-for warmer (> 0) or cooler (< 0) edit.

    The edit's gains on every pixel plus the tint of the shadows, so light and dark scenes
    both show the step. Returns a new array, not clipped.
    """
    tint = warm_shadows(rgb, warmth)
    return (rgb * (1.0 + _EDIT_GAINS * np.float32(warmth)) + tint).astype(np.float32)


def brightness_curve(u: np.ndarray, amount: float) -> np.ndarray:
    """Lighter (``amount`` > 0) or darker (< 0) tones, values 0..1 in and out.

    Brighter is ``1 - (1 - u)^g * e``, darker ``u^g * e``, with ``g = 1 + 2.1 |amount|``
    and ``e = 1 - 0.2 |amount|``: mid-tones move most, and white (darker) or black
    (brighter) move a little too, so a white studio visibly greys and a night scene lifts.
    """
    u = np.clip(u, 0.0, 1.0)
    g = np.float32(1.0 + _BRIGHTNESS_CURVE * abs(amount))
    ends = np.float32(1.0 - _BRIGHTNESS_ENDS * abs(amount))
    if amount > 0:
        return np.float32(1.0) - (np.float32(1.0) - u) ** g * ends
    return u**g * ends


def contrast_curve(u: np.ndarray, amount: float, pivot: float) -> np.ndarray:
    """More (``amount`` > 0) or less (< 0) contrast around ``pivot``, values 0..1.

    A two-sided power S-curve through (0, 0), (pivot, pivot) and (1, 1) whose slope at the
    pivot is ``1 + 2.6 amount`` (more) or ``1 / (1 + 2.6 |amount|)`` (less): tones spread
    away from the pivot or gather towards it, and none leaves the 0..1 range.
    """
    u = np.clip(u, 0.0, 1.0)
    scale = 1.0 + _CONTRAST_CURVE * abs(amount)
    g = np.float32(scale if amount > 0 else 1.0 / scale)
    p = np.float32(pivot)
    below = p * (np.minimum(u, p) / p) ** g
    above = np.float32(1.0) - (np.float32(1.0) - p) * (
        (np.float32(1.0) - np.maximum(u, p)) / (np.float32(1.0) - p)
    ) ** g
    return np.where(u < p, below, above)


def grade_array(
    rgb: np.ndarray,
    warmth: float = 0.0,
    brightness: float = 0.0,
    saturation: float = 0.0,
    contrast: float = 0.0,
) -> np.ndarray:
    """Grade a float RGB array (values 0..255, shape HxWx3) and return a new float32 array.

    Args:
        rgb: The pixels, 0..255, any float or integer dtype.
        warmth: > 0 warmer (more red/yellow), < 0 cooler (more blue).
        brightness: > 0 lighter tones, < 0 darker (see :func:`brightness_curve`).
        saturation: > 0 more colourful, -1 greyscale.
        contrast: > 0 punchier, < 0 flatter, around the image's mean luma (see
            :func:`contrast_curve`).

    Returns:
        The graded pixels as float32 (not clipped, so callers can add grain before rounding).

    Raises:
        ValueError: A parameter is outside [-1, 1].
    """
    for name, value in (
        ("warmth", warmth),
        ("brightness", brightness),
        ("saturation", saturation),
        ("contrast", contrast),
    ):
        _check_range(name, value)
    out: np.ndarray = rgb.astype(np.float32, copy=True)
    if warmth:
        out = warmer(out, warmth)
    if brightness:
        out = brightness_curve(out / np.float32(255.0), brightness) * np.float32(255.0)
    if contrast:
        unit = np.clip(out / np.float32(255.0), 0.0, 1.0)
        pivot = float(np.clip(float((unit @ _LUMA).mean()), *_PIVOT_RANGE))
        out = contrast_curve(unit, contrast, pivot) * np.float32(255.0)
    if saturation:
        luma = (out @ _LUMA)[..., None]
        out = luma + (out - luma) * np.float32(1.0 + saturation)
    return out.astype(np.float32, copy=False)


def adjust(
    image: Image.Image,
    warmth: float = 0.0,
    brightness: float = 0.0,
    saturation: float = 0.0,
    contrast: float = 0.0,
) -> Image.Image:
    """Return a graded copy of an image.

    Args:
        image: The image; converted to RGB if it is not.
        warmth: -1 (cool) .. 1 (warm); 0 leaves colour balance alone.
        brightness: -1 (darker) .. 1 (lighter).
        saturation: -1 (greyscale) .. 1 (twice as colourful).
        contrast: -1 (flat) .. 1 (punchy).

    Returns:
        A new RGB image; pixel-identical to the input when every parameter is 0.

    Raises:
        ValueError: A parameter is outside [-1, 1].
    """
    rgb = image if image.mode == "RGB" else image.convert("RGB")
    if warmth == 0 and brightness == 0 and saturation == 0 and contrast == 0:
        return rgb.copy()
    graded = grade_array(np.asarray(rgb), warmth, brightness, saturation, contrast)
    return Image.fromarray(np.clip(graded + 0.5, 0, 255).astype(np.uint8), "RGB")
