"""The cutout benchmark's ``unseen10`` split: fifteen drawn photos whose truth is consistent."""

from __future__ import annotations

import numpy as np
import pytest

from benchmarks import cutout_drawings_unseen10 as drawings
from benchmarks.cutout import enclosed_holes
from benchmarks.cutout_cases import Case, split_cases
from tests.unit.benchmarks.drawn_truth import assert_consistent, by_kind, coverage, gaps, paper

SEEDS = {"wristwatch": 177, "skillet": 183, "grill_grate": 191}
NO_LOOPS = {"bud_vase": 178, "board_game": 179, "leather_boots": 180, "toaster": 181,
            "soap_bar": 182, "plush_bunny": 184, "linen_cushion": 185, "black_camera": 186,
            "honey_jar": 187, "rolled_rug": 188, "hook_rail": 189, "chopsticks": 190}
EDGES = "touches the right and bottom edges"

pytestmark = pytest.mark.xdist_group("cutout_cases")  # the worker that built every case


@pytest.fixture(scope="module")
def unseen10() -> list[Case]:
    return list(split_cases("unseen10"))


def test_fifteen_named_cases_each_with_a_shadow(unseen10: list[Case]) -> None:
    assert len(unseen10) == 15
    assert len({c.name for c in unseen10}) == 15
    assert all(c.shadow.any() for c in unseen10)
    kinds = " ".join(c.kind for c in unseen10)
    for kind in ("watch", "vase", "printed box", "pair of boots", "brushed steel", "soap bar",
                 "handle hole", "plush", "white on white", "clear glass", "black on charcoal",
                 EDGES, "thin wire hooks", "thin sticks", "grid gaps", "hard sun shadow",
                 "long side shadow", "soft drop shadow", "contact shadow", "small photo",
                 "large", "no gap"):
        assert kind in kinds


def test_sizes_papers_and_jpeg_vary(unseen10: list[Case]) -> None:
    sides = [max(c.photo.size) for c in unseen10]
    assert min(sides) <= 700 and max(sides) >= 2000
    assert sum(500 <= max(c.photo.size) <= 700 for c in unseen10 if "small photo" in c.kind) == 3
    assert sum(1800 <= max(c.photo.size) <= 2400 for c in unseen10 if "large" in c.kind) == 2
    papers = {tuple(int(v) // 6 for v in paper(c)) for c in unseen10}
    assert len(papers) >= 11  # white, off-white, grey, charcoal, beige, cream, pastels


def test_every_truth_is_consistent_and_inside_the_frame(unseen10: list[Case]) -> None:
    for case in unseen10:
        assert_consistent(case)
        edges = {"top": case.mask[0].any(), "bottom": case.mask[-1].any(),
                 "left": case.mask[:, 0].any(), "right": case.mask[:, -1].any()}
        touched = {side for side, touches in edges.items() if touches}
        assert touched == ({"right", "bottom"} if EDGES in case.kind else set()), case.name


def test_the_rolled_rug_is_cut_by_two_edges_not_grazing_them(unseen10: list[Case]) -> None:
    rug = by_kind(unseen10, EDGES)
    assert rug.mask[-1].sum() > 150 and rug.mask[:, -1].sum() > 150  # a roll's width


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_a_drawing_has_the_loops_it_was_drawn_with(name: str) -> None:
    assert len(gaps(coverage(drawings, name, SEEDS[name]) >= 0.5)) >= drawings.LOOPS[name]


@pytest.mark.parametrize("name", sorted(NO_LOOPS))
def test_a_drawing_without_loops_encloses_no_background(name: str) -> None:
    assert not enclosed_holes(coverage(drawings, name, NO_LOOPS[name]) >= 0.5).any()


def test_the_honey_jar_is_product_where_it_is_see_through() -> None:
    rgba, solid = drawings.honey_jar(187)
    body = solid >= 0.5
    clear = body & (rgba[..., 3] < 128)
    assert clear.sum() > 0.1 * body.sum()  # the glass above the honey
    honey = body & (rgba[..., 3] >= 128) & (rgba[..., 3] < 230)
    assert honey.sum() > 0.2 * body.sum()  # the honey itself lets some paper through


def test_every_drawing_is_named_and_deterministic() -> None:
    assert set(drawings.LOOPS) == set(SEEDS)
    assert not set(SEEDS) & set(NO_LOOPS)
    assert len(set(SEEDS) | set(NO_LOOPS)) == 15
    for name in ("wristwatch", "rolled_rug", "grill_grate"):
        assert np.array_equal(getattr(drawings, name)(7), getattr(drawings, name)(7)), name
    assert not np.array_equal(drawings.plush_bunny(7), drawings.plush_bunny(8))


def test_every_gap_shows_the_paper_and_every_other_case_has_none(unseen10: list[Case]) -> None:
    gapped = [c for c in unseen10 if gaps(c.mask)]
    assert len(gapped) == len(drawings.LOOPS)
    for case in gapped:
        rgb = np.asarray(case.photo, np.float32)
        holes = enclosed_holes(case.mask) & ~case.shadow
        assert holes.sum() > 0.5 * enclosed_holes(case.mask).sum(), case.name
        assert np.abs(np.median(rgb[holes], axis=0) - paper(case)).max() < 12, case.name
    for case in unseen10:
        if "no gap" in case.kind or "glass" in case.kind:
            assert not enclosed_holes(case.mask).any(), case.name


def test_the_white_cushion_and_the_black_camera_are_close_to_their_paper(
    unseen10: list[Case],
) -> None:
    cushion = by_kind(unseen10, "white on white")
    rgb = np.asarray(cushion.photo, np.float32)
    assert np.abs(np.median(rgb[cushion.mask], axis=0) - paper(cushion)).max() < 20
    camera = by_kind(unseen10, "black on charcoal")
    rgb = np.asarray(camera.photo, np.float32)
    assert paper(camera).max() < 80  # a dark backdrop, not a pale one
    assert 15 < (paper(camera) - np.median(rgb[camera.mask], axis=0)).min() < 50
