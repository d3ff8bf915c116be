"""The cutout benchmark's ``unseen11`` split: sixteen drawn photos whose truth is consistent."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from benchmarks import cutout_drawings_unseen11 as drawings
from benchmarks.cutout import enclosed_holes
from benchmarks.cutout_cases import Case, split_cases
from tests.unit.benchmarks.drawn_truth import assert_consistent, by_kind, coverage, gaps, paper

SEEDS = {"coiled_belt": 192, "blender": 196, "toy_car": 198, "wall_mirror": 204,
         "lock_chain": 205, "kitchen_tongs": 206}
NO_LOOPS = {"saucer_planter": 193, "perfume_giftset": 194, "running_shorts": 195,
            "straw_hat": 197, "baseball_glove": 199, "folded_towel": 200, "frosted_bottle": 201,
            "over_ear_headphones": 202, "held_face_cream": 203, "acoustic_guitar": 207}
HAND = "hand from the bottom-left corner"

pytestmark = pytest.mark.xdist_group("cutout_cases")  # the worker that built every case


@pytest.fixture(scope="module")
def unseen11() -> list[Case]:
    return list(split_cases("unseen11"))


def test_sixteen_named_cases_each_with_a_shadow(unseen11: list[Case]) -> None:
    assert len(unseen11) == 16
    assert len({c.name for c in unseen11}) == 16
    assert all(c.shadow.any() for c in unseen11)
    kinds = " ".join(c.kind for c in unseen11)
    for kind in ("leather belt", "planter", "gift set", "shorts", "glass jug", "straw",
                 "wooden toy", "glove", "white on white", "frosted glass", "black on near-black",
                 HAND, "mirror reflecting the paper", "chain links", "hanging ring",
                 "thin strings", "hard sun shadow", "long side shadow", "soft drop shadow",
                 "contact shadow", "small photo", "large", "no gap"):
        assert kind in kinds


def test_sizes_papers_and_jpeg_vary(unseen11: list[Case]) -> None:
    sides = [max(c.photo.size) for c in unseen11]
    assert min(sides) <= 700 and max(sides) >= 2000
    assert sum(500 <= max(c.photo.size) <= 700 for c in unseen11 if "small photo" in c.kind) == 3
    assert sum(1800 <= max(c.photo.size) <= 2400 for c in unseen11 if "large" in c.kind) == 2
    papers = {tuple(int(v) // 6 for v in paper(c)) for c in unseen11}
    assert len(papers) >= 11  # white, off-white, grey, near-black, beige, cream, pastels


def test_every_truth_is_consistent_and_inside_the_frame(unseen11: list[Case]) -> None:
    for case in unseen11:
        assert_consistent(case)
        edges = {"top": case.mask[0].any(), "bottom": case.mask[-1].any(),
                 "left": case.mask[:, 0].any(), "right": case.mask[:, -1].any()}
        touched = {side for side, touches in edges.items() if touches}
        assert touched == ({"bottom", "left"} if HAND in case.kind else set()), case.name
        pieces = cv2.connectedComponents(case.mask.astype(np.uint8))[0] - 1
        assert pieces == 1, case.name  # one product, no stray stitch or loose part


def test_the_hand_leaves_by_the_bottom_left_corner(unseen11: list[Case]) -> None:
    hand = by_kind(unseen11, HAND)
    assert hand.mask[-1].sum() > 100 and hand.mask[:, 0].sum() > 100  # a forearm, not a pixel


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_a_drawing_has_the_loops_it_was_drawn_with(name: str) -> None:
    assert len(gaps(coverage(drawings, name, SEEDS[name]) >= 0.5)) >= drawings.LOOPS[name]


@pytest.mark.parametrize("name", sorted(NO_LOOPS))
def test_a_drawing_without_loops_encloses_no_background(name: str) -> None:
    assert not enclosed_holes(coverage(drawings, name, NO_LOOPS[name]) >= 0.5).any()


def test_see_through_drawings_are_product_where_the_paper_shows() -> None:
    for name, seed in (("blender", 196), ("frosted_bottle", 201)):
        rgba, solid = getattr(drawings, name)(seed)
        body = solid >= 0.5
        assert (body & (rgba[..., 3] < 200)).sum() > 0.2 * body.sum(), name


def test_the_blenders_silhouette_holds_everything_painted_solid_on_it() -> None:
    # its black rubber foot under the base was painted but left out of the truth, which
    # then counted the foot as the photo's shadow when the cutout rightly kept it
    rgba, solid = drawings.blender(196)
    opaque = rgba[..., 3] >= 250
    assert opaque.sum() > 0
    assert (opaque & (solid < 0.5)).sum() == 0


def test_every_drawing_is_named_and_deterministic() -> None:
    assert set(drawings.LOOPS) == set(SEEDS)
    assert not set(SEEDS) & set(NO_LOOPS)
    assert len(set(SEEDS) | set(NO_LOOPS)) == 16
    for name in ("coiled_belt", "lock_chain", "folded_towel"):
        assert np.array_equal(getattr(drawings, name)(7), getattr(drawings, name)(7)), name
    assert not np.array_equal(drawings.running_shorts(7), drawings.running_shorts(8))


def test_every_gap_shows_the_paper_and_every_other_case_has_none(unseen11: list[Case]) -> None:
    gapped = [c for c in unseen11 if gaps(c.mask)]
    assert len(gapped) == len(drawings.LOOPS)
    for case in gapped:
        rgb = np.asarray(case.photo, np.float32)
        holes = enclosed_holes(case.mask) & ~case.shadow
        assert holes.sum() > 0.5 * enclosed_holes(case.mask).sum(), case.name
        assert np.abs(np.median(rgb[holes], axis=0) - paper(case)).max() < 12, case.name
    for case in unseen11:
        if "no gap" in case.kind or "hand from" in case.kind:
            assert not enclosed_holes(case.mask).any(), case.name


def test_the_towel_the_headphones_and_the_mirror_are_close_to_their_paper(
    unseen11: list[Case],
) -> None:
    for word, near in (("white on white", 12), ("black on near-black", 15),
                       ("mirror reflecting the paper", 15)):
        case = by_kind(unseen11, word)
        rgb = np.asarray(case.photo, np.float32)
        inside = case.mask if "mirror" not in word else _mirror_glass(case)
        assert np.abs(np.median(rgb[inside], axis=0) - paper(case)).max() < near, case.name
    headphones = by_kind(unseen11, "black on near-black")
    assert paper(headphones).max() < 60  # a dark backdrop, not a pale one


def _mirror_glass(case: Case) -> np.ndarray:
    """The middle of the mirror's disc: glass only, away from its frame and strap."""
    rows, cols = np.nonzero(case.mask)
    cy, cx = (rows.max() + np.percentile(rows, 30)) / 2, cols.mean()
    yy, xx = np.mgrid[: case.mask.shape[0], : case.mask.shape[1]]
    return case.mask & ((yy - cy) ** 2 + (xx - cx) ** 2 < (0.3 * (cols.max() - cols.min())) ** 2)
