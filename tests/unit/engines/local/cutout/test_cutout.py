"""The product cutout, and whole-image grading."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from core.errors import InvalidImageError
from engines.local import grading
from engines.local.cutout import Cutout, cut_out
from evals import recipes
from tests import media
from tests.paths import PHOTOS


def full_mask(cutout: Cutout, shape: tuple[int, ...]) -> np.ndarray:
    """The cutout's matte (alpha >= 128) placed back at its box in the source frame."""
    mask = np.zeros(shape[:2], dtype=bool)
    left, top, right, bottom = cutout.box
    mask[top:bottom, left:right] = np.asarray(cutout.image)[..., 3] >= 128
    return mask


def alpha_at(cutout: Cutout, x: int, y: int) -> int:
    left, top, right, bottom = cutout.box
    if not (left <= x < right and top <= y < bottom):
        return 0
    return int(np.asarray(cutout.image)[y - top, x - left, 3])


# --------------------------------------------------------------------------- cutout


def test_bottle_on_white_matches_known_mask_and_drops_the_floor_shadow() -> None:
    photo, mask = recipes.bottle_on_white()
    cutout = cut_out(photo)
    assert cutout.method == "learned"
    assert not cutout.doubtful and cutout.cropped == frozenset()
    assert media.iou(full_mask(cutout, mask.shape), mask) >= 0.97
    # the soft shadow spreads right of the base (x 520..690, y 890..905): all background
    assert max(alpha_at(cutout, x, y) for x in range(520, 690, 5) for y in (890, 898, 905)) == 0
    assert cutout.image.mode == "RGBA"


def test_white_mug_on_white_is_found_and_its_handle_hole_is_background() -> None:
    photo, mask = recipes.white_mug_on_white()
    cutout = cut_out(photo)
    assert media.iou(full_mask(cutout, mask.shape), mask) >= 0.93  # measured 0.955
    assert alpha_at(cutout, 600, 430) == 0  # inside the handle
    assert alpha_at(cutout, 430, 420) == 255  # the white body


def test_busy_background_is_cut_out_by_the_learned_model() -> None:
    photo, mask = recipes.product_on_busy_background()
    cutout = cut_out(photo)
    assert cutout.method == "learned"
    assert media.iou(full_mask(cutout, mask.shape), mask) >= 0.95  # measured 0.985


def test_hand_holding_product_keeps_product_and_hand_and_knows_the_arm_is_cropped() -> None:
    photo, mask = recipes.hand_holding_product()
    cutout = cut_out(photo)
    assert media.iou(full_mask(cutout, mask.shape), mask) >= 0.95  # measured 0.995
    assert cutout.cropped == frozenset({"bottom"})  # the arm leaves the frame at the bottom


def test_alpha_png_is_used_as_it_is() -> None:
    photo, mask = recipes.product_with_alpha()
    cutout = cut_out(photo)
    assert cutout.method == "alpha"
    left, top, right, bottom = cutout.box
    source = np.asarray(photo.convert("RGBA"))[top:bottom, left:right]
    assert np.array_equal(np.asarray(cutout.image), source)
    assert media.iou(full_mask(cutout, mask.shape), mask) == 1.0


def test_palette_png_with_transparency_is_converted_not_recut() -> None:
    photo = Image.open(PHOTOS / "tote_red.png")
    assert photo.mode == "P"
    cutout = cut_out(photo)
    assert cutout.method == "alpha"
    alpha = np.asarray(cutout.image)[..., 3]
    assert alpha[0, 0] == 0 and 0.3 < (alpha > 127).mean() < 0.95


def test_real_mug_photo_gives_a_plausible_matte() -> None:
    photo = Image.open(PHOTOS / "mug_black.jpg")
    cutout = cut_out(photo)
    assert cutout.method == "learned"
    share = (np.asarray(cutout.image)[..., 3] > 127).sum() / (photo.width * photo.height)
    assert 0.07 < share < 0.16
    alpha = np.asarray(cutout.image)[..., 3]
    assert alpha[0, 0] == 0 and alpha[-1, 0] < 30
    left, top, right, bottom = cutout.box
    assert right - left > 0.3 * photo.width and bottom - top > 0.3 * photo.height


def test_real_polo_keeps_its_white_sleeve() -> None:
    photo = Image.open(PHOTOS / "polo_red.jpg")
    cutout = cut_out(photo)
    # the left (white) sleeve around x=300, y=350 of the photo belongs to the product
    assert alpha_at(cutout, 300, 350) == 255
    assert alpha_at(cutout, 40, 40) == 0


def test_exif_orientation_is_honoured() -> None:
    photo, _ = recipes.bottle_on_white()
    rotated = photo.transpose(Image.Transpose.ROTATE_90)  # stored sideways
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90 CW to display"
    buf = io.BytesIO()
    rotated.save(buf, "JPEG", quality=90, exif=exif.tobytes())
    cutout = cut_out(Image.open(io.BytesIO(buf.getvalue())))
    assert cutout.image.height > 2 * cutout.image.width  # upright bottle


def test_blank_photo_raises_a_helpful_error() -> None:
    blank = Image.new("RGB", (640, 480), (250, 250, 248))
    with pytest.raises(InvalidImageError) as info:
        cut_out(blank)
    assert "could not find a product" in info.value.message
    assert "plain backdrop" in info.value.hint
    with pytest.raises(InvalidImageError):
        cut_out(Image.new("RGBA", (64, 64), (0, 0, 0, 0)))


# --------------------------------------------------------------------------- grading & recipe


def test_grading_identity_and_warmth() -> None:
    photo, _ = recipes.bottle_on_white()
    assert np.array_equal(np.asarray(grading.adjust(photo)), np.asarray(photo))
    warm = np.asarray(grading.adjust(photo, warmth=0.6), dtype=float)
    base = np.asarray(photo, dtype=float)
    assert (warm[..., 0] - warm[..., 2]).mean() > (base[..., 0] - base[..., 2]).mean() + 5
    grey = np.asarray(grading.adjust(photo, saturation=-1.0)).astype(int)
    assert np.abs(grey[..., 0] - grey[..., 2]).max() <= 1
    assert np.asarray(grading.adjust(photo, brightness=0.5)).mean() > base.mean()
    with pytest.raises(ValueError):
        grading.adjust(photo, warmth=1.5)


def test_transparent_glass_reads_as_product_not_background() -> None:
    photo, mask = recipes.glass_on_white()
    cutout = cut_out(photo)
    assert media.iou(full_mask(cutout, mask.shape), mask) >= 0.97  # measured 0.998
    assert alpha_at(cutout, 350, 500) == 255  # the middle of the glass, backdrop behind it
