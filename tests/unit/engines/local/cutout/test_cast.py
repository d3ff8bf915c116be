"""A hard cast shadow (direct sun) goes; a glass's grey walls and a black product stay."""

from __future__ import annotations

import cv2
import numpy as np

from engines.local.cutout import classical
from engines.local.cutout.cast import cast_shadow

PAPER = (238.0, 236.0, 230.0)  # off-white


def _scene(
    product: np.ndarray, colour: np.ndarray, shadow: np.ndarray, factor: float = 0.7
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The photo (uint8), the paper's RGB and Lab, and the photo's Lab.

    ``product`` (bool) is painted ``colour`` (H x W x 3) over paper darkened by ``factor``
    where ``shadow`` is True.
    """
    paper = np.empty(product.shape + (3,), np.float32)
    paper[:] = PAPER
    rgb = np.where(shadow[..., None], paper * factor, paper)
    rgb = np.where(product[..., None], colour, rgb)
    photo = np.clip(rgb, 0, 255).astype(np.uint8)
    return photo, paper, classical.to_lab(paper.astype(np.uint8)), classical.to_lab(photo)


def _tube() -> tuple[np.ndarray, np.ndarray]:
    """A tube and, apart, its cap (bool), and the hard shadow they cast down-right."""
    product = np.zeros((300, 300), bool)
    product[60:240, 80:140] = True  # the tube
    product[200:240, 170:260] = True  # its cap, lying beside it
    moved = np.zeros_like(product)
    moved[12:, 9:] = product[:-12, :-9]  # the sun: 9 px right, 12 px down
    return product, moved & ~product


def _colour(product: np.ndarray, rgb: tuple[float, float, float]) -> np.ndarray:
    colour = np.zeros(product.shape + (3,), np.float32)
    colour[product] = rgb
    return colour


def test_the_hard_shadow_a_tube_and_its_cap_cast_goes_and_they_stay() -> None:
    product, shadow = _tube()
    photo, paper, paper_lab, lab = _scene(product, _colour(product, (200, 30, 40)), shadow)
    mask = product | shadow  # the network kept the crisp shadow as part of the object
    found = cast_shadow(mask, photo, paper, lab, paper_lab)
    assert found[shadow].mean() > 0.95
    assert not found[product].any()


def test_a_glass_with_grey_walls_on_both_sides_keeps_them() -> None:
    body = np.zeros((300, 300), bool)
    body[60:240, 100:200] = True
    walls = body & ~cv2.erode(body.astype(np.uint8), np.ones((19, 19), np.uint8)).astype(bool)
    # the walls are the paper seen darker through the glass; the inside is a coloured drink
    photo, paper, paper_lab, lab = _scene(body & ~walls, _colour(body, (180, 120, 60)), walls)
    assert not cast_shadow(body, photo, paper, lab, paper_lab).any()


def test_a_black_product_is_no_shadow() -> None:
    product, shadow = _tube()
    photo, paper, paper_lab, lab = _scene(product, _colour(product, (20, 20, 20)), shadow)
    found = cast_shadow(product | shadow, photo, paper, lab, paper_lab)
    assert not found[product].any()


def test_a_grey_band_shaded_along_its_length_is_no_shadow() -> None:
    product, shadow = _tube()
    blue = _colour(product, (40, 90, 200))
    photo, paper, paper_lab, _ = _scene(product, blue, np.zeros_like(shadow))
    # where the shadow would be, a grey band shaded from dark to light: a steel part's grey
    light = np.linspace(0.45, 0.95, 300, dtype=np.float32)[None, :, None]
    grey = (np.asarray(PAPER, np.float32) * light).astype(np.uint8)
    photo = np.where(shadow[..., None], np.broadcast_to(grey, photo.shape), photo)
    lab = classical.to_lab(photo)
    assert not cast_shadow(product | shadow, photo, paper, lab, paper_lab).any()
