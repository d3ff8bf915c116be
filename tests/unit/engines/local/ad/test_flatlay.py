"""Flat-lay apparel: recognised from its outline and the brief, staged lying on a table."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from PIL import Image

from engines.local.ad.compose import compose_ad
from engines.local.ad.flatlay import is_flat_lay, names_garment, silhouette
from engines.local.ad.recipe import Recipe
from engines.local.ad.staging import lying_shadow
from engines.local.scene.render import Scene

BLUE = (40, 80, 200, 255)


def drawn_tee(size: int = 400) -> Image.Image:
    """A tee laid flat: body, both sleeves spread out, and a crew neck cut into the top."""
    a = np.zeros((size, size), dtype=np.uint8)
    s = size / 400
    body = np.array([[120, 60], [280, 60], [280, 360], [120, 360]]) * s
    left = np.array([[120, 60], [40, 130], [80, 180], [120, 140]]) * s
    right = np.array([[280, 60], [360, 130], [320, 180], [280, 140]]) * s
    for poly in (body, left, right):
        cv2.fillPoly(a, [poly.astype(np.int32)], 255)
    cv2.ellipse(a, (round(200 * s), round(60 * s)), (round(40 * s), round(30 * s)), 0, 0, 360,
                0, -1)
    rgba = np.zeros((size, size, 4), dtype=np.uint8)
    rgba[a > 0] = BLUE
    return Image.fromarray(rgba, "RGBA")


def drawn_bottle(size: int = 400) -> Image.Image:
    """A bottle standing upright: a narrow body with shoulders and a cap."""
    a = np.zeros((size, size), dtype=np.uint8)
    cv2.rectangle(a, (150, 120), (250, 380), 255, -1)
    cv2.ellipse(a, (200, 120), (50, 30), 0, 180, 360, 255, -1)
    cv2.rectangle(a, (180, 40), (220, 95), 255, -1)
    rgba = np.zeros((size, size, 4), dtype=np.uint8)
    rgba[a > 0] = (220, 220, 225, 255)
    return Image.fromarray(rgba, "RGBA")


def test_a_drawn_tee_laid_flat_is_flat_with_or_without_words() -> None:
    tee = drawn_tee()
    shape = silhouette(tee)
    assert shape.shoulders > 1.3 and shape.neckline > 0.05
    assert is_flat_lay(tee, "")
    assert is_flat_lay(tee, "Blue organic cotton t-shirt. Streetwear drop.")


@pytest.mark.parametrize("context", ["", "Insulated steel bottle, 750 ml", "bottle for a tee"])
def test_a_drawn_bottle_is_never_flat(context: str) -> None:
    assert not is_flat_lay(drawn_bottle(), context)


def test_a_garment_word_needs_a_garment_outline_and_other_kinds_win() -> None:
    square = Image.new("RGBA", (300, 300), BLUE)  # a folded garment: no sleeves, no neckline
    assert is_flat_lay(square, "Blue zip hoodie, brushed fleece inside")
    assert not is_flat_lay(square, "Black ceramic mug, 350 ml")
    assert names_garment("a red cotton polo shirt")
    assert not names_garment("a canvas tote for your tees")


def test_a_fully_transparent_cutout_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="transparent"):
        silhouette(Image.new("RGBA", (10, 10), (0, 0, 0, 0)))


def _ad(product: Image.Image, context: str, theme: str = "studio") -> tuple[np.ndarray, tuple]:
    recipe = Recipe(theme=theme, format="square", context=context)
    ad = compose_ad(product, recipe)
    return np.asarray(ad.image).astype(np.float32), ad.product_box


def _wall_to_floor(image: np.ndarray, cols: slice) -> float:
    """How far the top quarter's mean colour is from the bottom quarter's, over ``cols``."""
    h = image.shape[0]
    top, bottom = image[: h // 4, cols], image[-h // 4 :, cols]
    return float(np.linalg.norm(top.mean(axis=(0, 1)) - bottom.mean(axis=(0, 1))))


def test_a_flat_lay_tee_is_staged_top_down_with_no_horizon_or_contact_ellipse() -> None:
    tee, bottle = drawn_tee(), drawn_bottle()
    flat, box = _ad(tee, "Blue cotton t-shirt", "scandinavian")
    upright, _ = _ad(bottle, "Steel bottle", "scandinavian")
    w = flat.shape[1]
    # beside the product, the upright scene is a wall above a wooden floor; the table seen
    # from above is the same wood from top to bottom
    side = slice(0, max(box[0] - 10, 20)) if box[0] > 60 else slice(box[2] + 10, w)
    assert _wall_to_floor(upright, side) > 40
    assert _wall_to_floor(flat, side) < 0.4 * _wall_to_floor(upright, side)
    # under a standing product a dark contact ellipse; under the lying tee, the even table
    below = flat[box[3] + 4 : box[3] + 14, box[0] + 40 : box[2] - 40].mean()
    far_below = flat[box[3] + 40 : box[3] + 50, box[0] + 40 : box[2] - 40].mean()
    assert below > 0.85 * far_below


@pytest.mark.parametrize("context", ["Blue cotton t-shirt", "Steel bottle"])
def test_the_products_own_pixels_are_byte_identical_inside_its_mask(context: str) -> None:
    product = drawn_tee() if "shirt" in context else drawn_bottle()
    recipe = Recipe(theme="scandinavian", format="square", context=context, headline="Hello")
    ad = compose_ad(product, recipe)
    left, top, right, bottom = ad.product_box
    placed = np.asarray(ad.product)
    opaque = placed[..., 3] == 255
    out = np.asarray(ad.image)[top:bottom, left:right]
    assert opaque.mean() > 0.3
    assert np.array_equal(out[opaque], placed[..., :3][opaque])


def test_a_lying_product_casts_a_soft_shadow_around_its_edges_away_from_the_light() -> None:
    canvas = np.full((600, 600, 3), 200.0, dtype=np.float32)
    alpha = np.zeros((200, 200), dtype=np.float32)
    alpha[:, :] = 1.0
    box = (200, 200, 400, 400)
    scene = Scene(Image.new("RGB", (600, 600)), 0, 315.0, 0.6, 0.7, 0.0, 0.0, (200, 200, 200))
    out = lying_shadow(canvas.copy(), alpha, box, scene)
    dark = 1.0 - out[..., 0] / 200.0
    lower_right = dark[402:410, 300].mean() + dark[300, 402:410].mean()  # away from the light
    upper_left = dark[190:198, 300].mean() + dark[300, 190:198].mean()
    assert lower_right > 0.08
    assert lower_right > upper_left
    assert dark[20:60, 20:60].max() < 0.01  # the table far away is untouched


@pytest.mark.parametrize("words", [
    "Perfume gift box, a top pick for Mother's Day", "Wireless speaker, top sound",
    "Dress watch in a gift box", "New Jersey craft beer pack",
])
def test_words_that_only_sound_like_garments_do_not_lay_a_product_flat(words: str) -> None:
    box = Image.new("RGBA", (360, 260), (120, 80, 60, 255))  # a full, wide box: garment-like
    assert not is_flat_lay(box, words)


@pytest.mark.parametrize("words", ["Black tank top, ribbed cotton", "Home football jersey",
                                   "Linen summer dress"])
def test_garments_named_in_phrases_still_count(words: str) -> None:
    assert names_garment(words)


def test_a_cutout_with_nothing_half_opaque_is_no_garment() -> None:
    faint = Image.new("RGBA", (300, 300), (200, 220, 230, 110))  # clear glass
    assert not is_flat_lay(faint, "glass tumbler")
