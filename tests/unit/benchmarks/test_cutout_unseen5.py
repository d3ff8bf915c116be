"""The cutout benchmark's ``unseen5`` split: fourteen drawn photos whose truth is consistent."""

from __future__ import annotations

import numpy as np
import pytest

from benchmarks import cutout_drawings_unseen5 as drawings
from benchmarks.cutout import enclosed_holes
from benchmarks.cutout_cases import Case, split_cases
from tests.unit.benchmarks.drawn_truth import assert_consistent, by_kind, gaps, paper

SEEDS = {"steel_keyring": 105, "kitchen_scissors": 106, "white_headphones": 107,
         "iron_trivet": 108, "donut_teether": 109, "gold_chain": 110, "walnut_hanger": 111,
         "sage_cup": 112, "rust_scarf": 113}
NO_LOOPS = {"white_bowl": 114, "cream_beanie": 115, "white_pump_bottle": 116, "navy_cap": 117,
            "held_lipstick": 118}

pytestmark = pytest.mark.xdist_group("cutout_cases")  # the worker that built every case


@pytest.fixture(scope="module")
def unseen5() -> list[Case]:
    return list(split_cases("unseen5"))


def _solid(name: str, seed: int) -> np.ndarray:
    """A drawing's product coverage 0..1."""
    return getattr(drawings, name)(seed)[..., 3] / 255


def test_fourteen_named_cases_each_with_a_shadow(unseen5: list[Case]) -> None:
    assert len(unseen5) == 14
    assert len({c.name for c in unseen5}) == 14
    assert all(c.shadow.any() for c in unseen5)
    kinds = " ".join(c.kind for c in unseen5)
    for kind in ("white on white", "cream on cream", "handle loop", "own colour", "finger holes",
                 "band gap", "ring loop", "key holes", "fob loop", "lattice gaps", "donut hole",
                 "chain loop", "hanger gap", "flat-lay fold gap", "white logo", "white bottle",
                 "hand from the left edge", "tiny photo", "large", "side shadow", "no gap"):
        assert kind in kinds


def test_sizes_run_from_500_to_2400_px_on_varied_paper(unseen5: list[Case]) -> None:
    sides = [max(c.photo.size) for c in unseen5]
    assert min(sides) == 500 and max(sides) == 2400
    assert max(by_kind(unseen5, "tiny photo").photo.size) <= 500
    assert max(by_kind(unseen5, "large").photo.size) >= 2400
    papers = {tuple(int(v) // 6 for v in paper(c)) for c in unseen5}
    assert len(papers) >= 10  # white, off-white, grey, beige, pastels, sage, cream, sweep, ...


def test_every_truth_is_consistent(unseen5: list[Case]) -> None:
    for case in unseen5:
        assert_consistent(case)
        held = "hand from" in case.kind
        assert not case.mask[0].any() and not case.mask[-1].any(), case.name
        assert not case.mask[:, -1].any(), case.name
        assert case.mask[:, 0].any() == held, case.name  # only the arm leaves the frame


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_a_drawing_has_the_loops_it_was_drawn_with(name: str) -> None:
    assert len(gaps(_solid(name, SEEDS[name]) >= 0.5)) >= drawings.LOOPS[name]


@pytest.mark.parametrize("name", sorted(NO_LOOPS))
def test_a_control_encloses_no_background(name: str) -> None:
    assert not enclosed_holes(_solid(name, NO_LOOPS[name]) >= 0.5).any()


def test_every_drawing_is_named_and_deterministic() -> None:
    assert set(drawings.LOOPS) == set(SEEDS) and not set(SEEDS) & set(NO_LOOPS)
    for name in ("gold_chain", "donut_teether", "cream_beanie"):
        assert np.array_equal(getattr(drawings, name)(7), getattr(drawings, name)(7)), name
    assert not np.array_equal(drawings.gold_chain(7), drawings.gold_chain(8))


def test_every_gap_shows_the_paper_and_every_control_has_none(unseen5: list[Case]) -> None:
    gapped = [c for c in unseen5 if gaps(c.mask)]
    assert len(gapped) == len(drawings.LOOPS)
    for case in gapped:
        rgb = np.asarray(case.photo, np.float32)
        holes = enclosed_holes(case.mask) & ~case.shadow
        assert np.abs(np.median(rgb[holes], axis=0) - paper(case)).max() < 12, case.name
    for case in unseen5:
        if "no gap" in case.kind or "hand from" in case.kind:
            assert not enclosed_holes(case.mask).any(), case.name


def test_large_gaps_are_large(unseen5: list[Case]) -> None:
    for word in ("band gap", "hanger gap", "chain loop", "flat-lay fold gap"):
        case = by_kind(unseen5, word)
        assert max(gaps(case.mask)) > 0.03 * case.mask.size, case.name


def test_the_cup_and_the_beanie_are_the_colour_of_their_paper(unseen5: list[Case]) -> None:
    cup = by_kind(unseen5, "own colour")
    assert np.abs(paper(cup) - np.array(drawings.SAGE)).max() < 6
    handle = drawings.sage_cup(SEEDS["sage_cup"])[:, 640:]  # right of the body: the handle
    glaze = handle[handle[..., 3] > 254][:, :3]
    assert glaze.size and np.abs(glaze.mean(axis=0) - drawings.SAGE).max() < 12
    beanie = by_kind(unseen5, "cream on cream")
    assert np.abs(paper(beanie) - np.array(drawings.CREAM)).max() < 6
    rgb = np.asarray(beanie.photo, np.float32)
    assert np.abs(np.median(rgb[beanie.mask], axis=0) - paper(beanie)).max() < 16


def test_the_logo_is_white_and_product(unseen5: list[Case]) -> None:
    cap = by_kind(unseen5, "white logo")
    rgb = np.asarray(cap.photo, np.float32)
    white = (rgb.min(axis=2) > 225) & cap.mask
    assert white.sum() > 5000  # the patch: white pixels inside the product's truth


def test_the_hand_leaves_by_the_left_edge(unseen5: list[Case]) -> None:
    hand = by_kind(unseen5, "hand from")
    assert hand.mask[:, 0].sum() > 200  # a forearm in a sleeve, not a pixel
