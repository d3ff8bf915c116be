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


def test_a_png_trimmed_to_its_product_is_not_cut_by_the_frame() -> None:
    photo, _ = recipes.product_with_alpha()
    rgba = photo.convert("RGBA")
    trimmed = rgba.crop(rgba.getchannel("A").getbbox())
    assert cut_out(trimmed).cropped == frozenset()
    bottom_cut = rgba.crop((0, 0, rgba.width, rgba.getchannel("A").getbbox()[3] - 40))
    assert cut_out(bottom_cut).cropped == frozenset({"bottom"})


def test_a_large_photo_keeps_the_products_own_pixels_solid_up_to_its_edge() -> None:
    photo = np.full((3000, 4000, 3), 246, np.uint8)
    photo[900:2100, 1500:2500] = (30, 60, 160)  # a hard-edged blue box on white paper
    cutout = cut_out(Image.fromarray(photo))
    left, top, right, bottom = cutout.box
    assert abs(left - 1500) <= 2 and abs(top - 900) <= 2
    assert abs(right - 2500) <= 2 and abs(bottom - 2100) <= 2
    rgba = np.asarray(cutout.image)
    inside = rgba[900 - top : 2100 - top, 1500 - left : 2500 - left]
    assert (inside[..., 3] == 255).all()  # no soft band eating into the product
    assert (inside[..., :3] == (30, 60, 160)).all()  # and its colours untouched
    # the crop is tight to alpha > 4 and within 2 px of the box: no halo of paper around it


def _white_logo_opaque_share(cutout: Cutout, photo: Image.Image, box: tuple[int, ...]) -> float:
    """Of the white pixels of the photo inside ``box`` (a printed logo), the share kept solid."""
    rgb = np.asarray(photo.convert("RGB"))
    x0, y0, x1, y1 = box
    white = rgb[y0:y1, x0:x1].min(axis=2) > 225
    full = np.zeros(rgb.shape[:2], np.uint8)  # the cutout's alpha placed back on the photo
    left, top, right, bottom = cutout.box
    full[top:bottom, left:right] = np.asarray(cutout.image.getchannel("A"))
    return float((full[y0:y1, x0:x1][white] >= 250).mean())


def test_the_white_gaps_beside_a_hoodies_sleeves_go_and_its_white_logo_stays() -> None:
    photo = Image.open(PHOTOS / "hoodie_blue.jpg")
    cutout = cut_out(photo)
    assert alpha_at(cutout, 320, 715) == 0 and alpha_at(cutout, 905, 745) == 0  # the gaps
    assert alpha_at(cutout, 600, 700) == 255  # the body between them
    assert _white_logo_opaque_share(cutout, photo, (660, 545, 830, 600)) > 0.99


def test_a_large_white_logo_on_a_tee_stays_product() -> None:
    photo = Image.open(PHOTOS / "tshirt_blue.jpg")
    cutout = cut_out(photo)
    assert _white_logo_opaque_share(cutout, photo, (400, 450, 800, 540)) > 0.99
    assert alpha_at(cutout, 30, 30) == 0


def test_a_16_bit_photo_is_scaled_not_clipped_to_white() -> None:
    photo, mask = recipes.bottle_on_white()
    grey = np.asarray(photo.convert("L"), np.uint16) * 257  # the full 16-bit range
    buffer = io.BytesIO()
    Image.fromarray(grey).save(buffer, "PNG")  # mode I;16
    cutout = cut_out(Image.open(io.BytesIO(buffer.getvalue())))
    assert media.iou(full_mask(cutout, mask.shape), mask) >= 0.95


def two_products() -> tuple[Image.Image, np.ndarray]:
    """A red box and a blue disc on white paper; the mask is the disc's."""
    photo = np.full((600, 900, 3), 247, np.uint8)
    photo[150:450, 100:350] = (200, 40, 40)
    yy, xx = np.mgrid[0:600, 0:900]
    disc = (yy - 300) ** 2 + (xx - 650) ** 2 <= 130**2
    photo[disc] = (40, 70, 190)
    return Image.fromarray(photo), disc


def test_a_box_keeps_only_the_product_inside_it() -> None:
    photo, disc = two_products()
    cutout = cut_out(photo, box=(500, 150, 800, 450))
    assert media.iou(full_mask(cutout, disc.shape), disc) >= 0.97
    left, top, right, bottom = cutout.box
    assert left >= 500 and top >= 150 and right <= 800 and bottom <= 450


def test_a_box_outside_the_photo_is_a_clear_error() -> None:
    photo, _ = two_products()
    with pytest.raises(InvalidImageError) as info:
        cut_out(photo, box=(950, 10, 990, 60))
    assert "outside" in info.value.message and "left, top, right, bottom" in info.value.hint
