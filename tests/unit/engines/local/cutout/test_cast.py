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


def test_a_paper_white_product_shaded_like_a_cast_shadow_keeps_its_shade() -> None:
    # a white sneaker on white: its face is the paper's own white and its lower right side
    # is the paper scaled down, exactly where a shadow would fall; but the product along
    # that shade is as pale as the paper, which no cast shadow's product is
    product, crescent = _tube()
    white = _colour(product, PAPER)
    photo, paper, paper_lab, lab = _scene(product, white, crescent)
    mask = product | crescent  # all of it is product here
    assert not cast_shadow(mask, photo, paper, lab, paper_lab).any()


def test_a_shadow_fading_softly_past_the_outline_is_no_hard_shadow() -> None:
    # a floor shadow the network cut across: even where the mask holds it, but going on
    # past the mask's outline, dimming the paper there, with no crisp step onto clean paper
    product, crescent = _tube()
    mask = product | crescent
    distance = cv2.distanceTransform((~mask).astype(np.uint8), cv2.DIST_L2, 3)
    halo = (distance < 25) & ~mask
    halo &= cv2.dilate(crescent.astype(np.uint8), np.ones((51, 51), np.uint8)).astype(bool)
    photo, paper, paper_lab, lab = _scene(product, _colour(product, (200, 30, 40)), crescent)
    fade = (0.7 + 0.3 * np.clip(distance / 25.0, 0, 1))[..., None]
    soft = np.where(halo[..., None], paper * fade, photo).astype(np.uint8)
    lab = classical.to_lab(soft)
    assert not cast_shadow(mask, soft, paper, lab, paper_lab).any()


def test_no_shadow_is_taken_from_a_product_the_frame_cuts() -> None:
    # a held product: its arm runs off the frame; whatever looks cast beside it stays
    product, crescent = _tube()
    photo, paper, paper_lab, lab = _scene(product, _colour(product, (200, 30, 40)), crescent)
    mask = product | crescent
    mask[240:, 100:120] = True  # the wrist, running off the bottom edge
    assert not cast_shadow(mask, photo, paper, lab, paper_lab).any()


def test_the_shadow_tinted_by_the_product_beside_it_goes_too() -> None:
    # a JPEG bleeds the red product's colour a pixel into its shadow: that rim is no longer
    # the paper's proportions exactly, but is as dark as the shadow and lies along it
    product, shadow = _tube()
    photo, paper, paper_lab, lab = _scene(product, _colour(product, (200, 30, 40)), shadow)
    beside = cv2.dilate(product.astype(np.uint8), np.ones((3, 3), np.uint8)).astype(bool)
    rim = shadow & beside
    tinted = photo.astype(np.float32)
    tinted[rim] = paper[rim] * 0.7 * np.float32([1.04, 0.98, 0.98])  # a little redder
    photo = tinted.astype(np.uint8)
    lab = classical.to_lab(photo)
    found = cast_shadow(product | shadow, photo, paper, lab, paper_lab)
    assert found[rim].mean() > 0.95 and found[shadow].mean() > 0.95
    assert not found[product].any()


def test_a_pale_label_walled_in_by_the_product_is_no_shadow() -> None:
    # a grey-cream label on the tube is the paper scaled down too, and the tube moved by
    # the sun's offset covers it; but it is walled in by the tube's red, and a cast
    # shadow lies outside the product, reaching the mask's outline
    product, shadow = _tube()
    label = np.zeros_like(product)
    label[150:170, 100:130] = True
    photo, paper, paper_lab, lab = _scene(product & ~label, _colour(product, (200, 30, 40)),
                                          shadow | label)
    found = cast_shadow(product | shadow, photo, paper, lab, paper_lab)
    assert found[shadow].mean() > 0.95
    assert not found[product].any()


def test_the_grey_seam_where_a_white_upper_meets_a_black_sole_stays() -> None:
    # a white sneaker with a black sole in the sun: the photo blurs the upper's white into
    # the sole's black over a row of grey, the paper's proportions scaled down, lying under
    # the shoe moved by the sun and running to the outline at both ends; but a shadow is at
    # least as wide as its blurred edge, and that seam is one pixel high
    upper_white, sole_black = np.float32([244, 243, 240]), np.float32([34, 34, 36])
    upper = np.zeros((300, 300), bool)
    upper[100:190, 60:240] = True
    seam = np.zeros_like(upper)
    seam[190, 60:240] = True
    sole = np.zeros_like(upper)
    sole[191:215, 50:250] = True
    product = upper | seam | sole
    moved = np.zeros_like(product)
    moved[12:, 9:] = product[:-12, :-9]  # the sun: 9 px right, 12 px down
    shadow = moved & ~product
    colour = np.zeros(product.shape + (3,), np.float32)
    colour[upper], colour[sole] = upper_white, sole_black
    colour[seam] = (upper_white + sole_black) / 2
    photo, paper, paper_lab, lab = _scene(product, colour, shadow)
    found = cast_shadow(product | shadow, photo, paper, lab, paper_lab)
    assert found[shadow].mean() > 0.95
    assert not found[product].any()
