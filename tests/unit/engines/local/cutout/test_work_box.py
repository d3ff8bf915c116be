"""The learned cutout's rules near the product run on a box round it (``learned._work_box``).

Products the frame cuts, and products filling the frame, reach the box's edge, which is then
the photo's own: they must come out whole, as when the rules read the whole photo.
"""

from __future__ import annotations

import cv2
import numpy as np
from PIL import Image

from engines.local.cutout import Cutout, cut_out, learned
from tests import media

PAPER = (238, 236, 231)


def _photo(draw_product: np.ndarray) -> Image.Image:
    """Light paper, a little noise, the product (bool, the photo's size) in a deep red."""
    h, w = draw_product.shape
    rng = np.random.default_rng(7)
    rgb = np.empty((h, w, 3), np.float32)
    rgb[:] = PAPER
    rgb[draw_product] = (150, 28, 40)
    # the product's own shading, top to bottom, so it is no flat sticker
    shade = np.linspace(1.0, 0.8, h, dtype=np.float32)[:, None]
    rgb[draw_product] *= np.repeat(shade, w, axis=1)[draw_product][:, None]
    rgb += rng.normal(0.0, 1.5, rgb.shape).astype(np.float32)
    return Image.fromarray(np.clip(rgb, 0, 255).astype(np.uint8))


def _mask_of(found: Cutout, photo: Image.Image) -> np.ndarray:
    """The cutout's matte (alpha >= 128) placed back at its box in the photo."""
    mask = np.zeros((photo.height, photo.width), bool)
    left, top, right, bottom = found.box
    mask[top:bottom, left:right] = np.asarray(found.image)[..., 3] >= 128
    return mask


def _rounded(shape: tuple[int, int], box: tuple[int, int, int, int], radius: int) -> np.ndarray:
    """A rounded rectangle (left, top, right, bottom; may run past the frame) as a mask."""
    canvas = np.zeros(shape, np.uint8)
    left, top, right, bottom = box
    cv2.rectangle(canvas, (left + radius, top), (right - radius, bottom), 1, -1)
    cv2.rectangle(canvas, (left, top + radius), (right, bottom - radius), 1, -1)
    for x in (left + radius, right - radius):
        for y in (top + radius, bottom - radius):
            cv2.circle(canvas, (x, y), radius, 1, -1)
    return canvas.astype(bool)


def test_a_product_the_frame_cuts_comes_out_whole_up_to_the_edge() -> None:
    truth = _rounded((1200, 900), (300, 260, 620, 1400), 80)  # runs off the bottom
    photo = _photo(truth)
    found = cut_out(photo)
    mask = _mask_of(found, photo)
    assert media.iou(mask, truth) >= 0.97
    assert mask[-1].sum() >= 0.95 * truth[-1].sum()  # kept right down to the frame's edge
    assert "bottom" in found.cropped


def test_a_product_filling_the_photo_comes_out_whole() -> None:
    truth = _rounded((900, 1200), (40, 30, 1160, 870), 120)  # 96% of the width
    photo = _photo(truth)
    found = cut_out(photo)
    assert media.iou(_mask_of(found, photo), truth) >= 0.97
    assert not found.doubtful


def test_the_work_box_holds_the_mask_with_its_margin_or_reaches_the_frame() -> None:
    mask = np.zeros((1000, 800), bool)
    mask[400:600, 10:300] = True  # 10 px from the left edge: the box reaches that edge
    rows, cols = learned._work_box(mask)
    margin = 0.1 * 1000
    assert cols.start == 0 and rows.start <= 400 - margin and rows.stop >= 600 + margin
    assert cols.stop >= 300 + margin
    assert learned._work_box(np.zeros((50, 60), bool)) == (slice(0, 50), slice(0, 60))
