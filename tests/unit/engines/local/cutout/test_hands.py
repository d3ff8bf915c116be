"""Finding the hand that holds a product, checked against drawings whose hand is known."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from engines.local.cutout import cut_out
from engines.local.cutout.confidence import iou
from engines.local.cutout.hands import find_hand, skin
from evals.recipes import bottle_on_white, hand_holding_product
from tests.hand_photos import SKIN_TONES, HeldPhoto, held_product

GREY_SLEEVE = (120, 120, 128)
RED_SLEEVE = (170, 40, 40)
TAN = (176, 120, 84)


def true_cutout(held: HeldPhoto) -> np.ndarray:
    """The photo with the true matte (product, hand, arm and sleeve) as its alpha."""
    alpha = np.where(held.product | held.hand, 255, 0).astype(np.uint8)
    return np.dstack([np.asarray(held.photo), alpha])


@pytest.mark.parametrize("tone", list(SKIN_TONES))
@pytest.mark.parametrize("sleeve", [None, GREY_SLEEVE, RED_SLEEVE])
def test_the_hand_is_found_on_every_skin_tone_bare_or_in_a_sleeve(
    tone: str, sleeve: tuple[int, int, int] | None
) -> None:
    held = held_product(tone, sleeve=sleeve)
    found = find_hand(true_cutout(held), {"bottom"})
    assert found is not None
    assert iou(found, held.hand) >= 0.95, iou(found, held.hand)
    assert found[held.product].mean() <= 0.02  # the product's pixels are not taken for hand


@pytest.mark.parametrize("side", ["left", "right"])
def test_an_arm_leaving_at_the_side_is_found_too(side: str) -> None:
    held = held_product("dark", side=side, sleeve=RED_SLEEVE)
    found = find_hand(true_cutout(held), {side})
    assert found is not None and iou(found, held.hand) >= 0.95


def test_a_skin_toned_label_on_a_product_cut_by_the_frame_is_no_hand() -> None:
    notebook = np.zeros((600, 400, 4), np.uint8)
    notebook[100:, 80:320] = (38, 56, 104, 255)  # runs off the bottom edge
    notebook[250:400, 120:280] = (*SKIN_TONES["medium"], 255)  # a tan label, inside it
    assert find_hand(notebook, {"bottom"}) is None


def test_a_skin_coloured_product_cut_by_the_frame_is_no_hand() -> None:
    tan = np.zeros((600, 400, 4), np.uint8)
    tan[100:, 80:320] = (*TAN, 255)  # a tan leather bag running off the bottom, nothing else
    assert find_hand(tan, {"bottom"}) is None


def test_skin_reaching_no_cut_edge_is_no_hand() -> None:
    held = held_product("tan")
    assert find_hand(true_cutout(held), set()) is None
    assert find_hand(true_cutout(held), {"top"}) is None  # the arm leaves at the bottom


def test_skin_tones_are_skin_and_pink_red_grey_and_blue_are_not() -> None:
    tones = np.array([[SKIN_TONES[t] for t in SKIN_TONES]], np.uint8)
    assert skin(tones).all()
    others = np.array([[(226, 120, 150), (170, 90, 112), (196, 30, 40), (128, 128, 128),
                        (250, 250, 249), (38, 56, 104), (10, 10, 10)]], np.uint8)
    assert not skin(others).any()


def test_the_cutout_says_a_hand_holds_the_product() -> None:
    held = cut_out(held_product("deep", sleeve=GREY_SLEEVE).photo)
    assert held.cropped == {"bottom"} and held.hand
    tube = cut_out(hand_holding_product()[0])
    assert tube.cropped == {"bottom"} and tube.hand
    bottle = cut_out(bottle_on_white()[0])
    assert not bottle.hand


def test_a_large_cutout_gives_the_hand_at_its_own_size() -> None:
    held = held_product("light", sleeve=RED_SLEEVE)
    big = Image.fromarray(true_cutout(held)).resize((1800, 2200), Image.Resampling.NEAREST)
    truth = np.asarray(Image.fromarray(held.hand).resize(big.size, Image.Resampling.NEAREST))
    found = find_hand(np.asarray(big), {"bottom"})
    assert found is not None and found.shape == truth.shape
    assert iou(found, truth) >= 0.95


WHITE_SLEEVE = (245, 245, 245)


@pytest.mark.parametrize(("side", "sleeve"), [("left", GREY_SLEEVE), ("right", WHITE_SLEEVE)])
def test_a_grey_or_white_sleeve_leaving_at_the_side_stays_with_the_hand(
    side: str, sleeve: tuple[int, int, int]
) -> None:
    held = held_product("light", side=side, sleeve=sleeve)
    found = cut_out(held.photo)
    assert found.cropped == {side} and found.hand
    mask = np.zeros(held.product.shape, bool)
    left, top, right, bottom = found.box
    mask[top:bottom, left:right] = np.asarray(found.image.getchannel("A")) >= 128
    assert iou(mask, held.product | held.hand) >= 0.95, iou(mask, held.product | held.hand)
