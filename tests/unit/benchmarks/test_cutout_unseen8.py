"""The cutout benchmark's ``unseen8`` split: fourteen drawn photos whose truth is consistent."""

from __future__ import annotations

import numpy as np
import pytest

from benchmarks import cutout_drawings_unseen8 as drawings
from benchmarks.cutout import enclosed_holes
from benchmarks.cutout_cases import Case, split_cases
from tests.unit.benchmarks.drawn_truth import assert_consistent, by_kind, coverage, gaps, paper

SEEDS = {"leather_backpack": 150, "enamel_kettle": 151, "crossbody_bag": 157, "flat_whisk": 158,
         "lock_cable": 159, "aviator_sunglasses": 160, "wired_earphones": 161}
NO_LOOPS = {"ceramic_pot": 147, "running_sneaker": 148, "skincare_jar": 149,
            "folded_sweater": 152, "held_tin": 155, "candle_jar": 156}

pytestmark = pytest.mark.xdist_group("cutout_cases")  # the worker that built every case


@pytest.fixture(scope="module")
def unseen8() -> list[Case]:
    return list(split_cases("unseen8"))


def test_fourteen_named_cases_each_with_a_shadow(unseen8: list[Case]) -> None:
    assert len(unseen8) == 14
    assert len({c.name for c in unseen8}) == 14
    assert all(c.shadow.any() for c in unseen8)
    kinds = " ".join(c.kind for c in unseen8)
    for kind in ("clear glass, liquid", "hand from the bottom edge", "white on white",
                 "long soft side shadow", "thin strap loop", "thin wires", "coiled cable",
                 "tinted lenses", "thin white cable loop", "top handle loop", "tiny photo",
                 "large", "gradient", "no gap"):
        assert kind in kinds


def test_sizes_papers_and_shadows_vary(unseen8: list[Case]) -> None:
    sides = [max(c.photo.size) for c in unseen8]
    assert min(sides) <= 600 and max(sides) >= 2000
    assert max(by_kind(unseen8, "tiny photo").photo.size) <= 600
    assert max(by_kind(unseen8, "large").photo.size) >= 2000
    papers = {tuple(int(v) // 6 for v in paper(c)) for c in unseen8}
    assert len(papers) >= 10  # white, off-white, grey, beige, cream, pastels, sweep, ...


def test_every_truth_is_consistent(unseen8: list[Case]) -> None:
    for case in unseen8:
        assert_consistent(case)
        held = "hand from" in case.kind
        assert not case.mask[0].any(), case.name
        assert not case.mask[:, 0].any() and not case.mask[:, -1].any(), case.name
        assert case.mask[-1].any() == held, case.name  # only the sleeve leaves the frame


def test_the_hand_leaves_by_the_bottom_edge(unseen8: list[Case]) -> None:
    hand = by_kind(unseen8, "hand from the bottom edge")
    assert hand.mask[-1].sum() > 200  # a forearm in a sleeve, not a pixel


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_a_drawing_has_the_loops_it_was_drawn_with(name: str) -> None:
    assert len(gaps(coverage(drawings, name, SEEDS[name]) >= 0.5)) >= drawings.LOOPS[name]


@pytest.mark.parametrize("name", sorted(NO_LOOPS))
def test_a_drawing_without_loops_encloses_no_background(name: str) -> None:
    assert not enclosed_holes(coverage(drawings, name, NO_LOOPS[name]) >= 0.5).any()


def test_the_glass_bottle_is_product_where_it_is_see_through() -> None:
    rgba, solid = drawings.oil_bottle(154)
    clear = (solid >= 0.5) & (rgba[..., 3] < 128)
    assert clear.sum() > 0.1 * (solid >= 0.5).sum()  # the empty glass above the oil


def test_every_drawing_is_named_and_deterministic() -> None:
    assert set(drawings.LOOPS) == set(SEEDS)
    assert not set(SEEDS) & set(NO_LOOPS)
    assert len(set(SEEDS) | set(NO_LOOPS)) == 13  # and the oil bottle
    for name in ("ceramic_pot", "held_tin", "aviator_sunglasses"):
        assert np.array_equal(getattr(drawings, name)(7), getattr(drawings, name)(7)), name
    assert not np.array_equal(drawings.ceramic_pot(7), drawings.ceramic_pot(8))


def test_every_gap_shows_the_paper_and_every_other_case_has_none(unseen8: list[Case]) -> None:
    gapped = [c for c in unseen8 if gaps(c.mask)]
    assert len(gapped) == len(drawings.LOOPS)
    for case in gapped:
        rgb = np.asarray(case.photo, np.float32)
        holes = enclosed_holes(case.mask) & ~case.shadow
        assert holes.sum() > 0.5 * enclosed_holes(case.mask).sum(), case.name
        assert np.abs(np.median(rgb[holes], axis=0) - paper(case)).max() < 12, case.name
    for case in unseen8:
        if "no gap" in case.kind or "hand from" in case.kind or "glass" in case.kind:
            assert not enclosed_holes(case.mask).any(), case.name


def test_the_white_candle_is_within_a_few_levels_of_its_paper(unseen8: list[Case]) -> None:
    candle = by_kind(unseen8, "white on white")
    rgb = np.asarray(candle.photo, np.float32)
    assert np.abs(np.median(rgb[candle.mask], axis=0) - paper(candle)).max() < 12
