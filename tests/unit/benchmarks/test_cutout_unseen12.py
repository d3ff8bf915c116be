"""The cutout benchmark's ``unseen12`` split: fifteen drawn photos whose truth is consistent."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from benchmarks import cutout_drawings_unseen12 as drawings
from benchmarks.cutout import enclosed_holes
from benchmarks.cutout_cases import Case, split_cases
from tests.unit.benchmarks.drawn_truth import assert_consistent, by_kind, coverage, gaps, paper

SEEDS = {"bike_helmet": 208, "reading_glasses": 209, "dog_harness": 210, "egg_basket": 211,
         "glass_teapot": 213, "knit_throw": 215, "kettlebell": 216, "held_backpack": 217,
         "landing_net": 219, "macrame_hanger": 220}
NO_LOOPS = {"rolling_pin": 212, "white_pillow": 214, "black_umbrella": 218,
            "bread_basket": 221, "phone_tripod": 222}
HAND = "hand from the top edge"
UMBRELLA = "off the bottom edge"
SEE_THROUGH = (("reading_glasses", 209), ("glass_teapot", 213))

pytestmark = pytest.mark.xdist_group("cutout_cases")  # the worker that built every case


@pytest.fixture(scope="module")
def unseen12() -> list[Case]:
    return list(split_cases("unseen12"))


def test_fifteen_named_cases_each_with_a_shadow(unseen12: list[Case]) -> None:
    assert len(unseen12) == 15
    assert len({c.name for c in unseen12}) == 15
    assert all(c.shadow.any() for c in unseen12)
    kinds = " ".join(c.kind for c in unseen12)
    for kind in ("white helmet on off-white", "clear lenses", "dog harness", "thin wires",
                 "wooden pin on beige", "glass teapot", "white on white", "cream on ivory",
                 "dark iron", HAND, UMBRELLA, "thin mesh", "cream cords on cream",
                 "woven basket", "thin legs", "hard sun shadow", "long side shadow",
                 "soft drop shadow", "contact shadow", "small photo", "large", "no gap"):
        assert kind in kinds, kind


def test_sizes_papers_and_jpeg_vary(unseen12: list[Case]) -> None:
    sides = [max(c.photo.size) for c in unseen12]
    assert min(sides) <= 700 and max(sides) >= 2000
    assert sum(500 <= max(c.photo.size) <= 700 for c in unseen12 if "small photo" in c.kind) == 3
    assert sum(2000 <= max(c.photo.size) <= 2400 for c in unseen12 if "large" in c.kind) == 2
    papers = {tuple(int(v) // 6 for v in paper(c)) for c in unseen12}
    assert len(papers) >= 12  # white, off-white, grey, beige, ivory, cream, sage, pastels


def test_every_truth_is_consistent_and_inside_the_frame(unseen12: list[Case]) -> None:
    for case in unseen12:
        assert_consistent(case)
        edges = {"top": case.mask[0].any(), "bottom": case.mask[-1].any(),
                 "left": case.mask[:, 0].any(), "right": case.mask[:, -1].any()}
        touched = {side for side, touches in edges.items() if touches}
        expected = {"top"} if HAND in case.kind else {"bottom"} if UMBRELLA in case.kind else set()
        assert touched == expected, case.name
        pieces = cv2.connectedComponents(case.mask.astype(np.uint8))[0] - 1
        assert pieces == 1, case.name  # one product, no stray knot or loose part


def test_the_arm_and_the_umbrellas_tip_leave_the_frame(unseen12: list[Case]) -> None:
    assert by_kind(unseen12, HAND).mask[0].sum() > 100  # a forearm in its sleeve, not a pixel
    tip = by_kind(unseen12, UMBRELLA).mask[-1].sum()
    assert 4 <= tip <= 20  # the thin steel ferrule only


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_a_drawing_has_the_loops_it_was_drawn_with(name: str) -> None:
    assert len(gaps(coverage(drawings, name, SEEDS[name]) >= 0.5)) >= drawings.LOOPS[name]


@pytest.mark.parametrize("name", sorted(NO_LOOPS))
def test_a_drawing_without_loops_encloses_no_background(name: str) -> None:
    assert not enclosed_holes(coverage(drawings, name, NO_LOOPS[name]) >= 0.5).any()


def test_see_through_drawings_are_product_where_the_paper_shows() -> None:
    for name, seed in SEE_THROUGH:
        rgba, solid = getattr(drawings, name)(seed)
        body = solid >= 0.5
        assert (body & (rgba[..., 3] < 200)).sum() > 0.2 * body.sum(), name


def test_a_silhouette_holds_everything_painted_solid_on_it() -> None:
    # a part painted but left out of the truth (a hinge, a tip) would count as the shadow
    for name, seed in SEE_THROUGH:
        rgba, solid = getattr(drawings, name)(seed)
        painted = rgba[..., 3] >= 128
        assert painted.sum() > 0, name
        assert (painted & (solid < 0.5)).sum() == 0, name


def test_every_drawing_is_named_and_deterministic() -> None:
    assert set(drawings.LOOPS) == set(SEEDS)
    assert not set(SEEDS) & set(NO_LOOPS)
    assert len(set(SEEDS) | set(NO_LOOPS)) == 15
    for name in ("egg_basket", "knit_throw", "white_pillow"):
        assert np.array_equal(getattr(drawings, name)(7), getattr(drawings, name)(7)), name
    assert not np.array_equal(drawings.rolling_pin(7), drawings.rolling_pin(8))


def test_every_gap_shows_the_paper_and_every_other_case_has_none(unseen12: list[Case]) -> None:
    gapped = [c for c in unseen12 if gaps(c.mask)]
    assert len(gapped) == len(drawings.LOOPS)
    for case in gapped:
        rgb = np.asarray(case.photo, np.float32)
        holes = enclosed_holes(case.mask)
        # the paper, at most a little darkened where the product's shadow falls in the gap
        assert np.abs(np.median(rgb[holes], axis=0) - paper(case)).max() < 16, case.name
        lit = holes & ~case.shadow
        if lit.sum() > 100:
            assert np.abs(np.median(rgb[lit], axis=0) - paper(case)).max() < 8, case.name
    for case in unseen12:
        if "no gap" in case.kind:
            assert not enclosed_holes(case.mask).any(), case.name


def test_the_pale_products_are_close_to_their_paper(unseen12: list[Case]) -> None:
    for word, near in (("white on white", 12), ("white helmet on off-white", 14),
                       ("cream on ivory", 30)):
        case = by_kind(unseen12, word)
        rgb = np.asarray(case.photo, np.float32)
        assert np.abs(np.median(rgb[case.mask], axis=0) - paper(case)).max() < near, case.name


def test_the_thin_parts_are_a_few_pixels_wide(unseen12: list[Case]) -> None:
    for word in ("thin legs", "thin mesh", "thin wires"):
        case = by_kind(unseen12, word)
        inside = cv2.distanceTransform(case.mask.astype(np.uint8), cv2.DIST_L2, 3)
        ridge = (inside > 0) & (inside >= cv2.dilate(inside, np.ones((3, 3), np.uint8)))
        assert np.percentile(inside[ridge], 20) <= 2.5, case.name  # parts 1-5 px across
