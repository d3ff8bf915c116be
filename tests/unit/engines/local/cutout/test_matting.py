"""Edge colours: a light backdrop does not bleed round a dark product onto a dark scene."""

from __future__ import annotations

import cv2
import numpy as np
from PIL import Image

from engines.local.cutout import cut_out
from engines.local.cutout.matting import settle_edges

NAVY = np.array((22, 34, 96), np.float32)
PAPER = np.array((248, 248, 246), np.float32)


def _navy_on_white(size: int = 600) -> tuple[np.ndarray, np.ndarray]:
    """A navy hoodie-like shape (body, two sleeves, an armpit gap) on white paper.

    Drawn at 4x and averaged down, so its edge pixels mix navy and paper as a camera's do.
    Returns the photo and the true coverage 0..1.
    """
    ss = 4
    big = np.zeros((size * ss, size * ss), np.uint8)
    s = size * ss / 600
    body = np.array([(200, 120), (400, 120), (420, 520), (180, 520)], np.float32) * s
    left = np.array([(200, 130), (90, 420), (130, 440), (205, 230)], np.float32) * s
    right = np.array([(400, 130), (510, 420), (470, 440), (395, 230)], np.float32) * s
    for shape in (body, left, right):
        cv2.fillPoly(big, [shape.astype(np.int32)], 255)
    cover = cv2.resize(big.astype(np.float32) / 255.0, (size, size), interpolation=cv2.INTER_AREA)
    rgb = PAPER * (1 - cover[..., None]) + NAVY * cover[..., None]
    return np.clip(rgb + 0.5, 0, 255).astype(np.uint8), cover


def _on_black(rgba: np.ndarray) -> np.ndarray:
    a = rgba[..., 3:4].astype(np.float32) / 255.0
    return rgba[..., :3].astype(np.float32) * a


def test_a_navy_product_on_white_has_no_light_ring_on_black() -> None:
    photo, cover = _navy_on_white()
    found = cut_out(Image.fromarray(photo))
    rgba = np.zeros((*photo.shape[:2], 4), np.uint8)
    left, top, right, bottom = found.box
    rgba[top:bottom, left:right] = np.asarray(found.image.convert("RGBA"))
    shown = _on_black(rgba)
    ring = (rgba[..., 3] > 0) & (cover < 0.999)  # every visible pixel at or past the edge
    assert ring.sum() > 500
    brightest = shown[ring].max(axis=0)
    # nothing at the edge shows more paper than a solid pixel may hold: one at least 85%
    # product is the product's own, left as it is (1 level slack)
    assert (brightest <= NAVY + 0.15 * (PAPER - NAVY) + 1.5).all(), brightest
    inside = cover > 0.999
    assert (rgba[inside, 3] == 255).all()  # the product itself stays solid


def test_mixed_edge_pixels_are_unmixed_to_the_products_colour() -> None:
    photo, cover = _navy_on_white(200)
    mask = cover >= 0.5
    alpha = np.where(mask, 255, 0).astype(np.uint8)
    band = (cover > 0.05) & (cover < 0.95)
    alpha[band] = 128  # a guess that is wrong on purpose: the colours must still be navy
    out = settle_edges(photo, alpha, mask, lambda ys, xs: np.tile(PAPER, (ys.size, 1)))
    visible = band & (alpha > 12) & (alpha < 250)
    assert visible.sum() > 50
    error = np.abs(out[visible].astype(np.float32) - NAVY).max(axis=1)
    assert np.percentile(error, 95) <= 12  # the paper is gone from their colour
    assert (alpha[band & (cover < 0.5)] < 255).all()  # half-paper pixels are not made solid


def test_a_white_product_on_white_keeps_its_edge_as_it_was() -> None:
    rgb = np.full((60, 60, 3), 250, np.uint8)
    rgb[20:40, 20:40] = 238  # white on white: too close to the paper to unmix by colour
    rgb[19, 20:40] = 244  # a soft row just outside its top edge
    mask = np.zeros((60, 60), bool)
    mask[20:40, 20:40] = True
    alpha = np.where(mask, 255, 0).astype(np.uint8)
    alpha[19, 20:40] = 100
    out = settle_edges(rgb, alpha, mask, lambda ys, xs: np.tile((250.0, 250, 250), (ys.size, 1)))
    assert (alpha[19, 20:40] == 100).all()
    # unmixed by its alpha: (244 - (1 - 100/255) * 250) / (100/255) = 234.7
    assert (np.abs(out[19, 20:40].astype(int) - 235) <= 1).all()


def _navy_square(edge: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A navy square on paper whose last solid column (x = 59) is ``edge``.

    Column 60 is a soft, half-paper pixel the guided filter left. Returns the photo, its
    alpha and the mask.
    """
    rgb = np.empty((80, 80, 3), np.uint8)
    rgb[:] = PAPER.astype(np.uint8)
    rgb[20:60, 20:60] = NAVY.astype(np.uint8)
    rgb[20:60, 59] = edge
    rgb[20:60, 60] = np.round((NAVY + PAPER) / 2).astype(np.uint8)
    mask = np.zeros((80, 80), bool)
    mask[20:60, 20:60] = True
    alpha = np.where(mask, 255, 0).astype(np.uint8)
    alpha[20:60, 60] = 128
    return rgb, alpha, mask


def _paper_at(ys: np.ndarray, xs: np.ndarray) -> np.ndarray:
    return np.tile(PAPER, (ys.size, 1))


def test_a_solid_mostly_product_edge_pixel_keeps_its_alpha_and_colour() -> None:
    mostly = np.round(0.9 * NAVY + 0.1 * PAPER).astype(np.uint8)  # 90% navy, alpha 255
    rgb, alpha, mask = _navy_square(mostly)
    out = settle_edges(rgb, alpha, mask, _paper_at)
    assert (alpha[20:60, 59] == 255).all()
    assert (out[20:60, 59] == mostly).all()  # the product's own pixels are untouched
    assert (out[20:60, 20:59] == NAVY.astype(np.uint8)).all()


def test_white_piping_along_a_navy_edge_stays() -> None:
    piping = np.array((250, 250, 250), np.uint8)  # white trim: as light as the paper
    rgb, alpha, mask = _navy_square(piping)
    rgb[20:60, 57:59] = piping  # three pixels wide
    rgb[20:60, 56] = np.round((NAVY + piping) / 2).astype(np.uint8)  # its inner edge
    before = rgb.copy()
    out = settle_edges(rgb, alpha, mask, _paper_at)
    assert (alpha[20:60, 57:60] == 255).all()  # the piping, to the outline's corners
    assert (out[20:60, 57:60] == before[20:60, 57:60]).all()
    # its half-navy inner edge too, but where it meets the paper at the top and bottom
    # outline it is a half-paper pixel on the outline, as a light halo would be
    inner = (slice(21, 59), slice(20, 57))
    assert (alpha[inner] == 255).all()
    assert (out[inner] == before[inner]).all()


def _navy_disc(
    size: int, centre: tuple[float, float], radius: float
) -> tuple[np.ndarray, np.ndarray]:
    """A navy disc on white paper, anti-aliased; the photo and the true coverage 0..1."""
    ss = 4
    big = np.zeros((size * ss, size * ss), np.uint8)
    cv2.circle(big, (round(centre[0] * ss), round(centre[1] * ss)), round(radius * ss), 255, -1)
    cover = cv2.resize(big.astype(np.float32) / 255.0, (size, size), interpolation=cv2.INTER_AREA)
    rgb = PAPER * (1 - cover[..., None]) + NAVY * cover[..., None]
    return np.clip(rgb + 0.5, 0, 255).astype(np.uint8), cover


def _settled(photo: np.ndarray, cover: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    alpha = np.where(cover >= 0.5, 255, 0).astype(np.uint8)
    rgb = settle_edges(photo, alpha, cover >= 0.5, lambda ys, xs: np.tile(PAPER, (ys.size, 1)))
    return rgb, alpha


def test_a_product_running_off_the_frame_is_settled_whole() -> None:
    # settling works on the box round the product: one cut by the frame's left edge keeps
    # its solid pixels up to that edge, and nothing past its outline shows
    photo, cover = _navy_disc(300, (20.0, 150.0), 90.0)
    rgb, alpha = _settled(photo, cover)
    assert (alpha[cover > 0.999] == 255).all()
    assert (alpha[cover[:, 0] > 0.999, 0] == 255).all()  # the column the frame cuts
    assert (alpha[cover == 0.0] == 0).all()
    assert rgb.shape == photo.shape
    assert (rgb[cover > 0.999] == photo[cover > 0.999]).all()  # solid pixels keep their colour


def test_a_product_filling_the_photo_is_settled_whole() -> None:
    photo, cover = _navy_disc(200, (100.0, 100.0), 400.0)
    assert (cover == 1.0).all()
    rgb, alpha = _settled(photo, cover)
    assert (alpha == 255).all()
    assert (rgb == photo).all()
