"""The cutout benchmark's ``unseen9`` split: fifteen drawn photos whose truth is consistent."""

from __future__ import annotations

import numpy as np
import pytest

from benchmarks import cutout_drawings_unseen9 as drawings
from benchmarks.cutout import enclosed_holes
from benchmarks.cutout_cases import Case, _shadow, split_cases
from tests.unit.benchmarks.drawn_truth import assert_consistent, by_kind, coverage, gaps, paper

SEEDS = {"cutting_board": 168, "chelsea_boot": 171, "dish_rack": 173, "chain_necklace": 175,
         "tennis_racket": 176}
NO_LOOPS = {"lipstick": 162, "perfume_bottle": 163, "ceramic_bowl": 164, "coffee_bag": 165,
            "hand_cream": 166, "baseball_cap": 167, "white_hightop": 169, "glass_tumbler": 170,
            "yoga_mat": 172, "fork": 174}
EDGES = "touches the left and bottom edges"

pytestmark = pytest.mark.xdist_group("cutout_cases")  # the worker that built every case


@pytest.fixture(scope="module")
def unseen9() -> list[Case]:
    return list(split_cases("unseen9"))


def test_fifteen_named_cases_each_with_a_shadow(unseen9: list[Case]) -> None:
    assert len(unseen9) == 15
    assert len({c.name for c in unseen9}) == 15
    assert all(c.shadow.any() for c in unseen9)
    kinds = " ".join(c.kind for c in unseen9)
    for kind in ("lipstick", "perfume", "glazed bowl", "kraft pouch", "tube lying down", "cap",
                 "handle hole", "white on white", "clear glass", "black on dark grey", EDGES,
                 "thin wires", "thin tines", "fine chain loop", "string bed", "hard sun shadow",
                 "long side shadow", "soft drop shadow", "small photo", "large", "no gap"):
        assert kind in kinds


def test_sizes_papers_and_jpeg_vary(unseen9: list[Case]) -> None:
    sides = [max(c.photo.size) for c in unseen9]
    assert min(sides) <= 650 and max(sides) >= 2000
    assert sum(500 <= max(c.photo.size) <= 700 for c in unseen9 if "small photo" in c.kind) == 3
    assert sum(1800 <= max(c.photo.size) <= 2400 for c in unseen9 if "large" in c.kind) == 3
    papers = {tuple(int(v) // 6 for v in paper(c)) for c in unseen9}
    assert len(papers) >= 11  # white, off-white, grey, dark grey, beige, cream, pastels, sweep


def test_every_truth_is_consistent_and_inside_the_frame(unseen9: list[Case]) -> None:
    for case in unseen9:
        assert_consistent(case)
        edges = {"top": case.mask[0].any(), "bottom": case.mask[-1].any(),
                 "left": case.mask[:, 0].any(), "right": case.mask[:, -1].any()}
        touched = {side for side, touches in edges.items() if touches}
        assert touched == ({"left", "bottom"} if EDGES in case.kind else set()), case.name


def test_the_rolled_mat_is_cut_by_two_edges_not_grazing_them(unseen9: list[Case]) -> None:
    mat = by_kind(unseen9, EDGES)
    assert mat.mask[-1].sum() > 150 and mat.mask[:, 0].sum() > 150  # a roll's width, not a pixel


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_a_drawing_has_the_loops_it_was_drawn_with(name: str) -> None:
    assert len(gaps(coverage(drawings, name, SEEDS[name]) >= 0.5)) >= drawings.LOOPS[name]


@pytest.mark.parametrize("name", sorted(NO_LOOPS))
def test_a_drawing_without_loops_encloses_no_background(name: str) -> None:
    assert not enclosed_holes(coverage(drawings, name, NO_LOOPS[name]) >= 0.5).any()


def test_the_clear_glass_is_product_where_it_is_see_through() -> None:
    for drawn in (drawings.glass_tumbler(170), drawings.perfume_bottle(163)):
        rgba, solid = drawn
        clear = (solid >= 0.5) & (rgba[..., 3] < 128)
        assert clear.sum() > 0.1 * (solid >= 0.5).sum()
    rgba, solid = drawings.glass_tumbler(170)
    assert ((solid >= 0.5) & (rgba[..., 3] < 128)).sum() > 0.6 * (solid >= 0.5).sum()


def test_every_drawing_is_named_and_deterministic() -> None:
    assert set(drawings.LOOPS) == set(SEEDS)
    assert not set(SEEDS) & set(NO_LOOPS)
    assert len(set(SEEDS) | set(NO_LOOPS)) == 15
    for name in ("lipstick", "yoga_mat", "tennis_racket"):
        assert np.array_equal(getattr(drawings, name)(7), getattr(drawings, name)(7)), name
    assert not np.array_equal(drawings.coffee_bag(7), drawings.coffee_bag(8))


def test_every_gap_shows_the_paper_and_every_other_case_has_none(unseen9: list[Case]) -> None:
    gapped = [c for c in unseen9 if gaps(c.mask)]
    assert len(gapped) == len(drawings.LOOPS)
    for case in gapped:
        rgb = np.asarray(case.photo, np.float32)
        holes = enclosed_holes(case.mask) & ~case.shadow
        assert holes.sum() > 0.5 * enclosed_holes(case.mask).sum(), case.name
        assert np.abs(np.median(rgb[holes], axis=0) - paper(case)).max() < 12, case.name
    for case in unseen9:
        if "no gap" in case.kind or "glass" in case.kind:
            assert not enclosed_holes(case.mask).any(), case.name


def test_the_white_sneaker_and_the_black_boot_are_close_to_their_paper(
    unseen9: list[Case],
) -> None:
    sneaker = by_kind(unseen9, "white on white")
    rgb = np.asarray(sneaker.photo, np.float32)
    assert np.abs(np.median(rgb[sneaker.mask], axis=0) - paper(sneaker)).max() < 20
    boot = by_kind(unseen9, "black on dark grey")
    rgb = np.asarray(boot.photo, np.float32)
    assert paper(boot).max() < 90  # a dark backdrop, not a pale one
    assert 20 < (paper(boot) - np.median(rgb[boot.mask], axis=0)).min() < 60


def test_a_hard_shadow_has_a_crisp_edge_a_drop_shadow_a_soft_one() -> None:
    square = np.zeros((1000, 1000), np.float32)
    square[300:700, 300:700] = 1.0

    def ramp(style: str) -> int:
        """How many px of the shadow's right edge lie between 10% and 90% of its darkest."""
        row = _shadow(square, style, 1.0)[500]
        top = float(row.max())
        return int(((row > 0.1 * top) & (row < 0.9 * top))[700:].sum())

    assert ramp("hard") <= 6
    assert ramp("drop") >= 20
