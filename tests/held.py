"""Frame checks for a product held in a hand: its cut edge on the frame's side, no shadow.

The photo (:func:`evals.recipes.hand_holding_product`) is a tube held by a hand whose arm
leaves the photo at the bottom; turned a quarter, the arm leaves at the left or the right.
"""

from __future__ import annotations

from functools import cache

import cv2
import numpy as np
from PIL import Image

from engines.local.cutout import cut_out
from evals import recipes

_TURNS = {"bottom": None, "right": Image.Transpose.ROTATE_90, "left": Image.Transpose.ROTATE_270}


@cache
def held(side: str = "bottom") -> Image.Image:
    """The held product's cutout, turned so that its arm runs off ``side``."""
    found = cut_out(recipes.hand_holding_product()[0])
    assert found.cropped == {"bottom"}  # the photo's ground truth: the arm leaves there
    turn = _TURNS[side]
    return found.image if turn is None else found.image.transpose(turn)


def palette(cutout: Image.Image) -> np.ndarray:
    """The product's own colours: a 32-level RGB lookup of its opaque, coloured pixels.

    Only colours with some chroma (the pink tube, the skin) count, so a grey or white
    scene never passes for the product; each colour's neighbouring bins count too.
    """
    rgba = np.asarray(cutout.convert("RGBA")).reshape(-1, 4).astype(np.int16)
    rgb = rgba[rgba[:, 3] == 255, :3]
    rgb = rgb[rgb.max(axis=1) - rgb.min(axis=1) >= 40]
    lut = np.zeros((32, 32, 32), bool)
    lut[rgb[:, 0] // 8, rgb[:, 1] // 8, rgb[:, 2] // 8] = True
    grown = lut.copy()
    for axis in range(3):
        ahead = [slice(None)] * 3
        behind = [slice(None)] * 3
        ahead[axis], behind[axis] = slice(1, None), slice(None, -1)
        grown[tuple(ahead)] |= lut[tuple(behind)]
        grown[tuple(behind)] |= lut[tuple(ahead)]
    return grown


def _line(image: np.ndarray, side: str, inset: int) -> np.ndarray:
    """The row or column ``inset`` pixels in from ``side``."""
    if side == "bottom":
        return image[-1 - inset]
    if side == "top":
        return image[inset]
    if side == "right":
        return image[:, -1 - inset]
    return image[:, inset]


def edge_run(frame: np.ndarray, colours: np.ndarray, side: str, inset: int = 0) -> int:
    """The longest run of the product's colours (a :func:`palette`) along ``side``."""
    line = _line(frame, side, inset)[:, :3] // 8
    hits = colours[line[:, 0], line[:, 1], line[:, 2]]
    best = run = 0
    for hit in hits:
        run = run + 1 if hit else 0
        best = max(best, run)
    return best


def shade(
    image: np.ndarray, unshaded: np.ndarray, box: tuple[int, int, int, int], alpha: np.ndarray
) -> np.ndarray:
    """How much darker ``image`` is than ``unshaded`` (the same scene drawn without shadows).

    Args:
        image: The scene as rendered (RGB).
        unshaded: The same scene with no contact, cast or reflected shadow drawn.
        box: Where the product lies on both.
        alpha: The product's alpha at ``box``: it and a 4-pixel rim around it are left out.

    Returns:
        The darkening in levels (mean of the channels) of every pixel beside the product.
    """
    h, w = image.shape[:2]
    x0, y0 = box[:2]
    ys, xs = np.nonzero(alpha > 0)
    ys, xs = ys + y0, xs + x0
    inside = (ys >= 0) & (ys < h) & (xs >= 0) & (xs < w)
    mask = np.zeros((h, w), np.uint8)
    mask[ys[inside], xs[inside]] = 1
    beside = cv2.dilate(mask, np.ones((9, 9), np.uint8)) == 0
    lum = unshaded[..., :3].astype(np.float32).mean(axis=2)
    return (lum - image[..., :3].astype(np.float32).mean(axis=2))[beside]
