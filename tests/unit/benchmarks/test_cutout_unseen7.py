"""The cutout benchmark's ``unseen7`` split: fourteen drawn photos whose truth is consistent."""

from __future__ import annotations

import numpy as np
import pytest

from benchmarks import cutout_drawings_unseen7 as drawings
from benchmarks.cutout import enclosed_holes
from benchmarks.cutout_cases import Case, split_cases
from benchmarks.cutout_drawings_unseen5 import CREAM
from tests.unit.benchmarks.drawn_truth import assert_consistent, by_kind, gaps, paper

SEEDS = {"cooling_rack": 133, "wire_basket": 134, "bicycle_wheel": 135, "rattan_placemat": 136,
         "red_colander": 137, "coat_hanger": 138}
PAPER_WHITE = {"wall_clock": 139, "picture_frame": 140, "phone_white_screen": 141,
               "navy_tote": 142}
NO_LOOPS = {"held_sunscreen": 143, "glossy_vase": 144, "teddy_bear": 145, "dropper_bottle": 146}

pytestmark = pytest.mark.xdist_group("cutout_cases")  # the worker that built every case


@pytest.fixture(scope="module")
def unseen7() -> list[Case]:
    return list(split_cases("unseen7"))


def _solid(name: str, seed: int) -> np.ndarray:
    """A drawing's product coverage 0..1."""
    return getattr(drawings, name)(seed)[..., 3] / 255


def test_fourteen_named_cases_each_with_a_shadow(unseen7: list[Case]) -> None:
    assert len(unseen7) == 14
    assert len({c.name for c in unseen7}) == 14
    assert all(c.shadow.any() for c in unseen7)
    kinds = " ".join(c.kind for c in unseen7)
    for kind in ("wire grid gaps", "chrome", "wire mesh gaps", "handle loops", "dark",
                 "spoke gaps", "rings of holes", "many small holes", "thin white wire loop",
                 "paper-white dial", "paper-white mat", "paper-white screen",
                 "paper-white print panel", "hand from the left edge", "strong reflection",
                 "fluffy soft edges", "own colour", "tiny photo", "large", "side shadow",
                 "gradient", "no gap"):
        assert kind in kinds


def test_sizes_run_from_500_to_2400_px_on_varied_paper_and_jpeg(unseen7: list[Case]) -> None:
    sides = [max(c.photo.size) for c in unseen7]
    assert min(sides) == 500 and max(sides) == 2400
    assert len(set(sides)) >= 7
    assert max(by_kind(unseen7, "tiny photo").photo.size) <= 500
    assert max(by_kind(unseen7, "large").photo.size) >= 2400
    papers = {tuple(int(v) // 6 for v in paper(c)) for c in unseen7}
    assert len(papers) >= 10  # white, off-white, grey, beige, cream, pastels, sweep, ...


def test_every_truth_is_consistent(unseen7: list[Case]) -> None:
    for case in unseen7:
        assert_consistent(case)
        held = "hand from" in case.kind
        assert not case.mask[0].any() and not case.mask[-1].any(), case.name
        assert not case.mask[:, -1].any(), case.name
        assert case.mask[:, 0].any() == held, case.name  # only the arm leaves the frame


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_a_drawing_has_the_loops_it_was_drawn_with(name: str) -> None:
    assert len(gaps(_solid(name, SEEDS[name]) >= 0.5)) >= drawings.LOOPS[name]


@pytest.mark.parametrize("name", sorted(PAPER_WHITE | NO_LOOPS))
def test_a_counter_case_and_a_control_enclose_no_background(name: str) -> None:
    solid = _solid(name, (PAPER_WHITE | NO_LOOPS)[name])
    assert not enclosed_holes(solid >= 0.5).any()


def test_every_drawing_is_named_and_deterministic() -> None:
    assert set(drawings.LOOPS) == set(SEEDS)
    assert len(set(SEEDS) | set(PAPER_WHITE) | set(NO_LOOPS)) == 14
    assert len(set(SEEDS.values()) | set(PAPER_WHITE.values()) | set(NO_LOOPS.values())) == 14
    for name in ("wire_basket", "teddy_bear", "held_sunscreen"):
        assert np.array_equal(getattr(drawings, name)(7), getattr(drawings, name)(7)), name
    assert not np.array_equal(drawings.teddy_bear(7), drawings.teddy_bear(8))


def test_every_gap_shows_the_paper_and_every_other_case_has_none(unseen7: list[Case]) -> None:
    gapped = [c for c in unseen7 if gaps(c.mask)]
    assert len(gapped) == len(drawings.LOOPS)
    for case in gapped:
        rgb = np.asarray(case.photo, np.float32)
        holes = enclosed_holes(case.mask) & ~case.shadow
        assert holes.sum() > 0.5 * enclosed_holes(case.mask).sum(), case.name
        assert np.abs(np.median(rgb[holes], axis=0) - paper(case)).max() < 12, case.name
    for case in unseen7:
        if "no gap" in case.kind or "hand from" in case.kind:
            assert not enclosed_holes(case.mask).any(), case.name


def test_grids_have_many_small_cells_and_the_hanger_one_large_gap(unseen7: list[Case]) -> None:
    for word, least in (("wire grid gaps", 600), ("wire mesh gaps", 150), ("spoke gaps", 32),
                        ("rings of holes", 70), ("many small holes", 100)):
        case = by_kind(unseen7, word)
        cells = gaps(case.mask, 100)
        assert len(cells) >= least, case.name
        assert np.median(cells) < 0.02 * case.mask.size, case.name  # each cell a small part
    hanger = by_kind(unseen7, "thin white wire loop")
    rows = np.flatnonzero(hanger.mask.any(axis=1))
    cols = np.flatnonzero(hanger.mask.any(axis=0))
    (gap,) = gaps(hanger.mask)
    assert gap > 0.25 * (rows[-1] - rows[0]) * (cols[-1] - cols[0])
    assert hanger.mask.mean() < 0.05  # a thin wire


@pytest.mark.parametrize("word", ["paper-white dial", "paper-white mat", "paper-white screen",
                                  "paper-white print panel"])
def test_a_counter_case_shows_the_papers_own_colour_inside_the_product(
    unseen7: list[Case], word: str,
) -> None:
    case = by_kind(unseen7, word)
    rgb = np.asarray(case.photo, np.float32)
    like_paper = (np.abs(rgb - paper(case)).max(axis=2) < 8) & case.mask
    assert like_paper.sum() > 0.2 * case.mask.sum(), case.name  # product, in the paper's colour
    assert not enclosed_holes(case.mask).any(), case.name


def test_the_bear_is_the_colour_of_its_paper(unseen7: list[Case]) -> None:
    bear = by_kind(unseen7, "fluffy soft edges")
    assert np.abs(paper(bear) - np.array(CREAM)).max() < 8
    rgb = np.asarray(bear.photo, np.float32)
    assert np.abs(np.median(rgb[bear.mask], axis=0) - paper(bear)).max() < 24
    alpha = drawings.teddy_bear(145)[..., 3]
    soft = ((alpha > 10) & (alpha < 245)).sum()
    assert soft > 0.05 * (alpha >= 128).sum()  # the pile's tips: a wide partly covered rim


def test_the_glossy_vase_shows_a_near_white_reflection(unseen7: list[Case]) -> None:
    vase = by_kind(unseen7, "strong reflection")
    rgb = np.asarray(vase.photo, np.float32)
    assert (rgb.min(axis=2)[vase.mask] > 200).sum() > 3000  # the softbox on black glaze
    assert np.median(rgb[vase.mask]) < 60


def test_the_hand_leaves_by_the_left_edge(unseen7: list[Case]) -> None:
    hand = by_kind(unseen7, "hand from")
    assert hand.mask[:, 0].sum() > 200  # a forearm in a sleeve, not a pixel


def test_the_wheel_casts_its_long_shadow_to_the_right(unseen7: list[Case]) -> None:
    case = by_kind(unseen7, "spoke gaps")
    product = np.flatnonzero(case.mask.any(axis=0))
    shadow = np.flatnonzero(case.shadow.any(axis=0))
    assert shadow[-1] > product[-1] + 0.1 * (product[-1] - product[0])
