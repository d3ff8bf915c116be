"""The cutout benchmark's ``unseen6`` split: fourteen drawn photos whose truth is consistent."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from benchmarks import cutout_drawings_unseen6 as drawings
from benchmarks.cutout import enclosed_holes
from benchmarks.cutout_cases import Case, split_cases
from tests.unit.benchmarks.drawn_truth import assert_consistent, by_kind, gaps, paper

SEEDS = {"silver_bangle": 119, "orange_carabiner": 120, "badminton_racket": 121,
         "embroidery_hoop": 122, "bike_u_lock": 123, "cable_coil": 124}
GLASS = {"wine_glass": 125, "glass_jar": 126, "amber_tumbler": 127}
NO_LOOPS = {"white_planter": 128, "held_earbuds": 129, "mustard_sweatshirt": 130,
            "leather_wallet": 131, "nail_polish": 132}

pytestmark = pytest.mark.xdist_group("cutout_cases")  # the worker that built every case


@pytest.fixture(scope="module")
def unseen6() -> list[Case]:
    return list(split_cases("unseen6"))


def _drawn(name: str, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """A drawing's RGBA and its product coverage 0..1 (the silhouette, for see-through ones)."""
    drawn = getattr(drawings, name)(seed)
    return drawn if isinstance(drawn, tuple) else (drawn, drawn[..., 3] / 255)


def test_fourteen_named_cases_each_with_a_shadow(unseen6: list[Case]) -> None:
    assert len(unseen6) == 14
    assert len({c.name for c in unseen6}) == 14
    assert all(c.shadow.any() for c in unseen6)
    kinds = " ".join(c.kind for c in unseen6)
    for kind in ("polished metal loop", "coloured loop", "thin gate", "string grid gaps",
                 "own colour", "shackle gap", "dark", "cable coil loops", "clear glass",
                 "empty jar", "tinted glass", "white on white", "hand from the right edge",
                 "flat-lay garment", "white logo", "soft drop shadow", "tiny photo", "large",
                 "side shadow", "gradient", "no gap"):
        assert kind in kinds


def test_sizes_run_from_500_to_2400_px_on_varied_paper(unseen6: list[Case]) -> None:
    sides = [max(c.photo.size) for c in unseen6]
    assert min(sides) == 500 and max(sides) == 2400
    assert len(set(sides)) >= 7
    assert max(by_kind(unseen6, "tiny photo").photo.size) <= 500
    assert max(by_kind(unseen6, "large").photo.size) >= 2400
    papers = {tuple(int(v) // 6 for v in paper(c)) for c in unseen6}
    assert len(papers) >= 11  # white, off-white, grey, beige, ivory, birch, pastels, sweep, ...


def test_every_truth_is_consistent(unseen6: list[Case]) -> None:
    for case in unseen6:
        assert_consistent(case)
        held = "hand from" in case.kind
        assert not case.mask[0].any() and not case.mask[-1].any(), case.name
        assert not case.mask[:, 0].any(), case.name
        assert case.mask[:, -1].any() == held, case.name  # only the arm leaves the frame


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_a_drawing_has_the_loops_it_was_drawn_with(name: str) -> None:
    _, solid = _drawn(name, SEEDS[name])
    assert len(gaps(solid >= 0.5)) >= drawings.LOOPS[name]


@pytest.mark.parametrize("name", sorted(NO_LOOPS | GLASS))
def test_a_control_and_a_glass_enclose_no_background(name: str) -> None:
    _, solid = _drawn(name, (NO_LOOPS | GLASS)[name])
    assert not enclosed_holes(solid >= 0.5).any()


def test_every_drawing_is_named_and_deterministic() -> None:
    assert set(drawings.LOOPS) == set(SEEDS)
    assert not set(SEEDS) & set(NO_LOOPS) and not (set(SEEDS) | set(NO_LOOPS)) & set(GLASS)
    for name in ("cable_coil", "wine_glass", "held_earbuds"):
        first, second = _drawn(name, 7), _drawn(name, 7)
        assert all(np.array_equal(a, b) for a, b in zip(first, second, strict=True)), name
    assert not np.array_equal(drawings.cable_coil(7), drawings.cable_coil(8))


def test_every_gap_shows_the_paper_and_every_control_has_none(unseen6: list[Case]) -> None:
    gapped = [c for c in unseen6 if gaps(c.mask)]
    assert len(gapped) == len(drawings.LOOPS)
    for case in gapped:
        rgb = np.asarray(case.photo, np.float32)
        holes = enclosed_holes(case.mask) & ~case.shadow
        assert holes.sum() > 0.5 * enclosed_holes(case.mask).sum(), case.name
        assert np.abs(np.median(rgb[holes], axis=0) - paper(case)).max() < 12, case.name
    for case in unseen6:
        if "no gap" in case.kind or "hand from" in case.kind or "glass" in case.kind:
            assert not enclosed_holes(case.mask).any(), case.name


def test_gaps_run_from_a_string_cell_to_most_of_the_product(unseen6: list[Case]) -> None:
    for word in ("polished metal loop", "coloured loop", "own colour", "shackle gap"):
        case = by_kind(unseen6, word)
        rows = np.flatnonzero(case.mask.any(axis=1))
        cols = np.flatnonzero(case.mask.any(axis=0))
        box = (rows[-1] - rows[0]) * (cols[-1] - cols[0])
        assert max(gaps(case.mask)) > 0.25 * box, case.name  # most of the product's box
    racket = by_kind(unseen6, "string grid gaps")
    cells = gaps(racket.mask)
    assert len(cells) >= 150 and max(cells) < 0.002 * racket.mask.size
    coil = by_kind(unseen6, "cable coil loops")
    assert len(gaps(coil.mask)) >= 3


def test_see_through_products_are_product_where_they_show_the_paper(
    unseen6: list[Case],
) -> None:
    for word in ("clear glass", "empty jar", "tinted glass"):
        case = by_kind(unseen6, word)
        rgb = np.asarray(case.photo, np.float32)
        inside = cv2.erode(case.mask.astype(np.uint8), np.ones((25, 25), np.uint8)) > 0
        near = np.abs(rgb - paper(case)).max(axis=2)
        assert np.median(near[inside]) < (40 if "tinted" in case.kind else 14), case.name
        if "clear" in case.kind:  # most of it is the paper seen through thin glass
            see_through = (near < 14) & case.mask
            assert see_through.sum() > 0.3 * case.mask.sum(), case.name


def test_the_hoop_is_the_colour_of_its_paper(unseen6: list[Case]) -> None:
    hoop = by_kind(unseen6, "own colour")
    assert np.abs(paper(hoop) - np.array(drawings.BIRCH)).max() < 6
    rgba, _ = _drawn("embroidery_hoop", SEEDS["embroidery_hoop"])
    wood = rgba[300:][rgba[300:, :, 3] > 254]  # below the screw: only the two rings
    assert wood.size and np.abs(wood[:, :3].mean(axis=0) - drawings.BIRCH).max() < 12


def test_the_print_is_white_and_product(unseen6: list[Case]) -> None:
    shirt = by_kind(unseen6, "white logo")
    rgb = np.asarray(shirt.photo, np.float32)
    white = (rgb.min(axis=2) > 225) & shirt.mask
    assert white.sum() > 20000  # the print: white pixels inside the product's truth


def test_the_hand_leaves_by_the_right_edge(unseen6: list[Case]) -> None:
    hand = by_kind(unseen6, "hand from")
    assert hand.mask[:, -1].sum() > 200  # a forearm in a sleeve, not a pixel


def test_the_lock_casts_its_long_shadow_to_the_right(unseen6: list[Case]) -> None:
    case = by_kind(unseen6, "side shadow")
    product = np.flatnonzero(case.mask.any(axis=0))
    shadow = np.flatnonzero(case.shadow.any(axis=0))
    assert shadow[-1] > product[-1] + 0.1 * (product[-1] - product[0])
