"""The cutout's confidence: each measure lowers it, with a reason a user can read."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from engines.local.cutout.confidence import (
    DOUBTFUL,
    FINE_DOUBT,
    PAPER_INSIDE,
    WIRES_DOUBT,
    assess,
    fine_share,
    paper_between_wires,
)


def product() -> tuple[np.ndarray, np.ndarray]:
    mask = np.zeros((200, 200), bool)
    mask[50:150, 60:140] = True
    return mask, mask.astype(np.float32)


def test_a_crisp_agreeing_mask_is_trusted() -> None:
    mask, saliency = product()
    found = assess(mask, saliency, agreement=0.98, peak=1.0)
    assert found.confidence == 1.0 and found.doubts == () and not found.no_product


def test_passes_that_disagree_make_it_doubtful_and_say_why() -> None:
    mask, saliency = product()
    found = assess(mask, saliency, agreement=0.65, peak=1.0)
    assert found.confidence < DOUBTFUL
    assert any("two scales" in d for d in found.doubts)


def test_a_soft_wide_ramp_is_doubted() -> None:
    mask, _ = product()
    ramp = np.tile(np.linspace(0.0, 1.0, 200, dtype=np.float32), (200, 1))
    found = assess(mask, ramp, agreement=0.95, peak=1.0)
    assert found.confidence < DOUBTFUL
    assert any("faint" in d for d in found.doubts)


def test_the_whole_frame_is_doubted_and_nothing_is_no_product() -> None:
    full = np.ones((100, 100), bool)
    assert assess(full, full.astype(np.float32), 0.99, 1.0).confidence < DOUBTFUL
    empty = np.zeros((100, 100), bool)
    assert assess(empty, empty.astype(np.float32), 1.0, 0.02).no_product
    mask, saliency = product()
    scattered = assess(mask, saliency, agreement=0.2, peak=0.9, coherent=False)
    assert scattered.no_product  # a texture: pieces that differ at each scale
    one_object = assess(mask, saliency, agreement=0.2, peak=0.9, coherent=True)
    assert not one_object.no_product and one_object.confidence < DOUBTFUL


def test_paper_kept_inside_the_product_makes_it_doubtful_and_says_where() -> None:
    mask, saliency = product()
    assert assess(mask, saliency, 0.98, 1.0, paper_inside=0.02).confidence == 1.0
    filled = assess(mask, saliency, 0.98, 1.0, paper_inside=PAPER_INSIDE + 0.01)
    assert filled.confidence < DOUBTFUL and not filled.no_product
    assert any("hoop, loop or handle" in d for d in filled.doubts)


def _hanger(side: int, wire: float) -> np.ndarray:
    """A wire triangle with a hook, ``side`` px wide, its wire ``wire`` of the width thick."""
    mask = np.zeros((side, side), np.uint8)
    thick = max(1, round(wire * side))
    points = np.array([[0.1, 0.8], [0.5, 0.3], [0.9, 0.8]]) * side
    cv2.polylines(mask, [points.astype(np.int32)], True, 1, thick)
    cv2.ellipse(mask, (side // 2, round(0.2 * side)), (side // 12, side // 12), 0, 180, 360, 1,
                thick)
    cv2.line(mask, (side // 2 + side // 12, round(0.2 * side)), (side // 2, round(0.3 * side)), 1,
             thick)
    return mask.astype(bool)


@pytest.mark.parametrize("side", [400, 800, 2400])
def test_a_wire_thinner_than_the_network_sees_is_fine_at_any_photo_size(side: int) -> None:
    wire = _hanger(side, 0.006)  # at 320 px the network sees it two pixels wide
    assert fine_share(wire) > 0.9
    found = assess(wire, wire.astype(np.float32), 0.98, 1.0)
    assert found.confidence < DOUBTFUL and not found.no_product
    assert FINE_DOUBT in found.doubts


def test_solid_products_and_thick_frames_have_no_fine_parts() -> None:
    mask, saliency = product()
    assert fine_share(mask) < 0.001  # only the corners' pixels round off
    assert assess(mask, saliency, 0.98, 1.0).confidence == 1.0
    frame = _hanger(800, 0.04)  # a thick frame: a chair's legs, a bag's strap
    assert fine_share(frame) < 0.1
    assert fine_share(np.zeros((50, 50), bool)) == 0.0


def test_a_solid_product_with_a_thin_strap_is_not_doubted_for_it() -> None:
    mask = np.zeros((800, 800), bool)
    mask[300:700, 200:600] = True  # a bag
    strap = _hanger(800, 0.006) & (np.arange(800)[:, None] < 300)  # its thin wire handle
    share = fine_share(mask | strap)
    assert 0.0 < share < 0.4
    assert FINE_DOUBT not in assess(mask | strap, mask.astype(np.float32), 0.98, 1.0).doubts


def test_a_long_straight_rod_the_network_sees_wide_is_not_fine() -> None:
    rod = np.zeros((1200, 400), bool)
    rod[100:1100, 194:206] = True  # 12 px wide, 1000 long: squeezed along its length only
    assert fine_share(rod) < 0.05
    assert FINE_DOUBT not in assess(rod, rod.astype(np.float32), 0.98, 1.0).doubts


def _filled_grid() -> tuple[np.ndarray, np.ndarray]:
    """A wire dish rack the network filled in: the mask is its whole box, wires 3 px wide.

    Returns the mask and where the photo shows the paper (between the wires).
    """
    mask = np.zeros((600, 600), bool)
    mask[100:500, 60:540] = True
    wires = np.zeros_like(mask)
    wires[100:500:40, 60:540] = True  # rails every 40 px
    wires[100:500, 60:540:24] = True  # uprights every 24 px
    wires = cv2.dilate(wires.astype(np.uint8), np.ones((3, 3), np.uint8)).astype(bool) & mask
    return mask, mask & ~wires


def test_paper_filled_in_between_thin_wires_makes_the_cutout_doubtful() -> None:
    mask, paper = _filled_grid()
    shown = paper_between_wires(mask, paper)
    assert shown > 0.8  # the cells are most of the box
    found = assess(mask, mask.astype(np.float32), 0.98, 1.0, paper_shown=shown)
    assert found.confidence < DOUBTFUL and WIRES_DOUBT in found.doubts


def test_paper_seen_through_a_clear_glass_with_a_thick_outline_is_not_wires() -> None:
    mask = np.zeros((600, 600), bool)
    mask[100:500, 200:400] = True
    paper = mask & ~cv2.erode(mask.astype(np.uint8), np.ones((41, 41), np.uint8)).astype(bool)
    paper = mask & ~paper  # the body shows the paper inside a 20 px glass wall
    assert paper_between_wires(mask, paper) == 0.0


def test_a_white_product_with_little_of_the_papers_own_colour_is_not_wires() -> None:
    mask, paper = _filled_grid()
    assert paper_between_wires(mask, np.zeros_like(paper)) == 0.0  # no paper: no gaps
    found = assess(mask, mask.astype(np.float32), 0.98, 1.0, paper_shown=0.0)
    assert WIRES_DOUBT not in found.doubts
