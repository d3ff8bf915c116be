"""What an image looks like to a person: its main colours, by name, and how light it is.

The planner answers "the blue one" or "the dark one" from these words, so they are the
names a person would use for the whole picture (scene, product and text together), read
from the pixels: a downscaled copy is quantised to a small palette, each palette colour is
named by the nearest of a few reference colours per name in CIELAB, colours of the same
name are merged, and names covering less than :data:`MIN_SHARE` of the image are dropped.
"""

from __future__ import annotations

import cv2
import numpy as np
from PIL import Image

from core.schemas import ColorName, ImageLook, Tone

WORK_SIDE = 96
"""Longest side of the copy the look is read from, in pixels."""
PALETTE_SIZE = 16
"""Colours the copy is quantised to before they are named."""
MIN_SHARE = 0.08
"""A colour name covering less of the image than this is not named."""
MAX_COLORS = 3
LIGHT_FROM = 60.0
"""Mean CIELAB lightness (0..100) from which an image is ``light``."""
DARK_BELOW = 36.0
"""Mean CIELAB lightness below which an image is ``dark``."""
BACKDROP_BAND = 0.08
"""Width of the band (share of the long side) the backdrop's colour is read from."""
SALIENCE_CHROMA = 50.0
"""Colours catch the eye: a name's share counts ``1 + chroma / 50`` times when names are
ranked (a saturated red product before the beige floor it stands on)."""
ACHROMATIC_CHROMA = 5.0
"""Colours with less CIELAB chroma than this are white, grey or black, whatever their hue."""

# Reference colours of each name (sRGB hex), muted and light variants included: a colour
# is given the name of its nearest reference. White, grey and black are also references,
# so a faintly tinted grey stays grey.
_REFERENCES: dict[ColorName, tuple[str, ...]] = {
    "red": ("#D32F2F", "#B71C1C", "#E53935", "#F44336", "#C0392B", "#FF5252", "#A93226"),
    "orange": (
        "#F57C00", "#FF9800", "#E65100", "#FB8C00", "#FFA040", "#F4A261", "#E8A06A",
        "#FFB27A", "#E67E22", "#D9874A", "#F7C48C", "#F0B27A",
    ),
    "yellow": (
        "#FFEB3B", "#FDD835", "#FFF176", "#FFE066", "#F6D860", "#FFD54F", "#FCDD96",
        "#F7E3A1", "#FFF59D", "#E0C47A", "#EECB6E",
    ),
    "gold": ("#D4AF37", "#C9A227", "#B8860B", "#DAA520", "#CFAE5A"),
    "green": (
        "#4CAF50", "#2E7D32", "#8BC34A", "#1B5E20", "#81C784", "#6B8E23", "#556B2F",
        "#9CAF88", "#7D8F74", "#A9BFA0", "#5E7356", "#C5D6BC", "#3E5238",
    ),
    "teal": ("#009688", "#00796B", "#26A69A", "#004D40", "#4DB6AC", "#2A9D8F", "#80CBC4"),
    "blue": (
        "#1E88E5", "#1565C0", "#42A5F5", "#90CAF9", "#64B5F6", "#87CEEB", "#4682B4",
        "#BBDEFB", "#0D47A1", "#2962FF", "#A8D8F0", "#0000FF", "#7A9CB0", "#A9C4D4",
        "#5B86A8", "#D4E6F1",
    ),
    "navy": ("#0D1B4C", "#1A237E", "#000080", "#14213D", "#1F2A50", "#232B5C", "#2C3E66"),
    "purple": (
        "#7B1FA2", "#9C27B0", "#4A148C", "#B39DDB", "#673AB7", "#5E35B1", "#3A1F5D",
        "#8E7CC3", "#6A4C93", "#C9B6E4", "#2E1A47", "#E3DAF5",
    ),
    "pink": (
        "#E91E63", "#F48FB1", "#F8BBD0", "#FF80AB", "#EC407A", "#FF4FA3", "#F5C6CB",
        "#E8A0B4", "#FF00FF", "#F9DDE3", "#D88C9A",
    ),
    "brown": (
        "#795548", "#5D4037", "#8D6E63", "#A0522D", "#6F4E37", "#3E2723", "#A47551",
        "#4E342E", "#8B5A2B", "#2B1B12", "#7A5C45", "#857A66",
    ),
    "beige": (
        "#D8C3A5", "#E8D8C0", "#C8B08A", "#D2B48C", "#E3CBA8", "#CDBBA7", "#BFA888", "#A89A80",
    ),
    "cream": ("#FFF8E1", "#FDF5E6", "#F5EBD0", "#FAF0D7", "#FFF3D6"),
    "black": ("#000000", "#111111", "#1C1C1C"),
    "white": ("#FFFFFF", "#F5F5F5", "#EBEBEB", "#E2E2E2", "#EEF2EA", "#EEF3F7", "#F5F0F4"),
    "grey": ("#CFCFCF", "#C0C0C0", "#B0B0B0", "#A0A0A0", "#808080", "#6A6A6A", "#5A5A5A",
             "#464646", "#3A3A3A"),
}
_ACHROMATIC: tuple[ColorName, ...] = ("white", "grey", "black")
_L_WEIGHT = 0.6
"""Lightness counts for less than hue and chroma when a colour is named."""


def to_lab(rgb: np.ndarray) -> np.ndarray:
    """CIELAB (D65; L 0..100) of sRGB values 0..255, any shape ending in 3, as float32."""
    flat = np.asarray(rgb, np.float32).reshape(-1, 1, 3) / np.float32(255.0)
    lab: np.ndarray = cv2.cvtColor(flat, cv2.COLOR_RGB2LAB)
    return lab.reshape(np.shape(rgb))


def _hex_rgb(color: str) -> tuple[int, int, int]:
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)


def _reference_table() -> tuple[list[ColorName], np.ndarray]:
    names = [name for name, refs in _REFERENCES.items() for _ in refs]
    rgb = np.array([_hex_rgb(c) for refs in _REFERENCES.values() for c in refs], np.float32)
    return names, to_lab(rgb)


_NAMES, _LAB = _reference_table()
_CHROMATIC = np.array([name not in _ACHROMATIC for name in _NAMES])


def name_colors(lab: np.ndarray) -> list[ColorName]:
    """The colour name of each CIELAB colour (an N x 3 array).

    Args:
        lab: Colours in CIELAB, one per row.

    Returns:
        One name per row: the name of its nearest reference colour (lightness weighted by
        :data:`_L_WEIGHT`); colours with less chroma than :data:`ACHROMATIC_CHROMA` are
        only compared with white, grey and black.
    """
    lab = np.asarray(lab, np.float32).reshape(-1, 3)
    diff = lab[:, None, :] - _LAB[None, :, :]
    diff[..., 0] *= _L_WEIGHT
    dist = (diff**2).sum(axis=2)
    grey = np.hypot(lab[:, 1], lab[:, 2]) < ACHROMATIC_CHROMA
    dist[np.ix_(grey, _CHROMATIC)] = np.inf
    return [_NAMES[i] for i in dist.argmin(axis=1)]


def small_copy(image: Image.Image) -> Image.Image:
    """An RGB copy of at most :data:`WORK_SIDE` pixels a side (box-filtered)."""
    small = image.convert("RGB")
    small.thumbnail((WORK_SIDE, WORK_SIDE), Image.Resampling.BOX)
    return small


def _palette(small: Image.Image) -> tuple[np.ndarray, np.ndarray]:
    """The quantised palette of an image: (colours N x 3 sRGB, share of each)."""
    quantised = small.quantize(PALETTE_SIZE, method=Image.Quantize.MEDIANCUT)
    counts = np.bincount(np.asarray(quantised).ravel(), minlength=PALETTE_SIZE)
    palette = np.array(quantised.getpalette() or [], np.float32)[: 3 * len(counts)]
    colors = palette.reshape(-1, 3)
    used = counts[: len(colors)] > 0
    shares = counts[: len(colors)][used] / counts.sum()
    return colors[used], shares


def tone_of(lightness: float) -> Tone:
    """``light``, ``mid`` or ``dark`` for a mean CIELAB lightness (0..100)."""
    if lightness >= LIGHT_FROM:
        return "light"
    return "dark" if lightness < DARK_BELOW else "mid"


def image_look(image: Image.Image) -> ImageLook:
    """The main colour names and the tone of an image, as a person would put them.

    Args:
        image: Any image; transparency is ignored (the colours are read as drawn).

    Returns:
        Up to :data:`MAX_COLORS` names, most of the image first, each covering at least
        :data:`MIN_SHARE` of it, and the tone from the mean lightness.
    """
    small = small_copy(image)
    colors, shares = _palette(small)
    lab = to_lab(colors)
    salience = shares * (1.0 + np.hypot(lab[:, 1], lab[:, 2]) / SALIENCE_CHROMA)
    totals: dict[ColorName, float] = {}
    weights: dict[ColorName, float] = {}
    for name, share, weight in zip(name_colors(lab), shares, salience, strict=True):
        totals[name] = totals.get(name, 0.0) + float(share)
        weights[name] = weights.get(name, 0.0) + float(weight)
    ranked = sorted(weights, key=lambda name: -weights[name])
    names = [name for name in ranked if totals[name] >= MIN_SHARE][:MAX_COLORS]
    lightness = float(to_lab(np.asarray(small))[..., 0].mean())
    return ImageLook(colors=names, tone=tone_of(lightness), lightness=round(lightness, 1),
                     backdrop=backdrop_of(small))


def backdrop_of(small: Image.Image) -> str:
    """The colour round the top of a picture, as ``#RRGGBB``: an ad's backdrop wall.

    The median of a band along the top and down the sides of the upper half, where a scene
    shows its wall; the headline or a product reaching into the band is outvoted.
    """
    pixels = np.asarray(small.convert("RGB"))
    h, w = pixels.shape[:2]
    band = max(1, round(BACKDROP_BAND * max(h, w)))
    upper = pixels[: max(band, h // 2)]
    strip = np.concatenate([pixels[:band].reshape(-1, 3), upper[:, :band].reshape(-1, 3),
                            upper[:, -band:].reshape(-1, 3)])
    r, g, b = (int(v) for v in np.median(strip, axis=0))
    return f"#{r:02X}{g:02X}{b:02X}"

