"""The cutout benchmark's ``unseen2`` split: twelve drawn photos whose truth is consistent."""

from __future__ import annotations

import numpy as np
import pytest

from benchmarks import cutout_drawings_unseen2 as drawings
from benchmarks import cutout_drawings_unseen3 as drawings3
from benchmarks.cutout import enclosed_holes
from benchmarks.cutout_cases import Case, split_cases
from tests.unit.benchmarks.drawn_truth import assert_consistent, by_kind, gaps, paper

SEEDS = {"grey_backpack": 63, "black_headphones": 65, "cream_vase": 66, "tan_sandals": 68,
         "wicker_basket": 69, "steel_watch": 71}
NO_LOOPS = {"white_hoodie": 61, "khaki_shorts": 64, "white_towels": 67, "held_serum": 70,
            "blue_onesie": 72}

pytestmark = pytest.mark.xdist_group("cutout_cases")  # the worker that built every case


@pytest.fixture(scope="module")
def unseen2() -> list[Case]:
    return list(split_cases("unseen2"))


def test_twelve_named_cases_each_with_a_shadow(unseen2: list[Case]) -> None:
    assert len(unseen2) == 12
    assert len({c.name for c in unseen2}) == 12
    assert all(c.shadow.any() for c in unseen2)
    kinds = " ".join(c.kind for c in unseen2)
    for kind in ("white on white", "handle gap", "leg gap", "clear plastic", "band",
                 "handle loop", "strap gaps", "woven", "hand from the left edge", "metal loop",
                 "low contrast", "side shadow", "contact shadow"):
        assert kind in kinds


def test_sizes_run_from_700_to_2400_px_on_varied_paper(unseen2: list[Case]) -> None:
    sides = [max(c.photo.size) for c in unseen2]
    assert min(sides) == 700 and max(sides) == 2400
    papers = {tuple(int(v) // 6 for v in paper(c)) for c in unseen2}
    assert len(papers) >= 6  # white, off-white, grey, beige, pale pink, pale blue, blue-grey


def test_every_truth_is_consistent(unseen2: list[Case]) -> None:
    for case in unseen2:
        assert_consistent(case)
        edges = (case.mask[0].any(), case.mask[-1].any(), case.mask[:, -1].any())
        assert not any(edges), case.name  # only the hand runs off the frame, on the left
        assert case.mask[:, 0].any() == ("hand from" in case.kind), case.name


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_a_drawing_has_the_loops_it_was_drawn_with(name: str) -> None:
    rgba = getattr(drawings, name)(SEEDS[name])
    assert len(gaps(rgba[..., 3] >= 127.5)) >= drawings.LOOPS[name]


@pytest.mark.parametrize("name", sorted(NO_LOOPS))
def test_a_drawing_without_loops_encloses_no_background(name: str) -> None:
    rgba = getattr(drawings, name)(NO_LOOPS[name])
    assert not enclosed_holes(rgba[..., 3] >= 127.5).any()


def test_every_gap_shows_the_paper(unseen2: list[Case]) -> None:
    gapped = [c for c in unseen2 if gaps(c.mask)]
    assert len(gapped) == len(drawings.LOOPS)
    for case in gapped:
        rgb = np.asarray(case.photo, np.float32)
        holes = enclosed_holes(case.mask) & ~case.shadow
        assert np.abs(np.median(rgb[holes], axis=0) - paper(case)).max() < 12, case.name


def test_the_hand_leaves_on_the_left_and_the_shorts_have_an_open_leg_gap(
    unseen2: list[Case],
) -> None:
    hand = by_kind(unseen2, "hand from")
    assert hand.mask[:, 0].sum() > 100  # a forearm, not a stray pixel
    shorts = by_kind(unseen2, "leg gap")
    rows = np.flatnonzero(shorts.mask.any(axis=1))
    hem = shorts.mask[rows[-1] - 40]
    assert len(np.flatnonzero(np.diff(hem.astype(np.int8)) == 1)) == 2  # two legs


def test_the_clear_bottle_is_product_where_it_shows_the_paper(unseen2: list[Case]) -> None:
    bottle = by_kind(unseen2, "clear plastic")
    rgb = np.asarray(bottle.photo, np.float32)
    see_through = (np.abs(rgb - paper(bottle)).max(axis=2) < 14) & bottle.mask
    assert see_through.sum() > 0.15 * bottle.mask.sum()


def test_the_onesie_is_nearly_the_colour_of_its_paper(unseen2: list[Case]) -> None:
    onesie = by_kind(unseen2, "low contrast")
    rgb = np.asarray(onesie.photo, np.float32)
    assert np.abs(np.median(rgb[onesie.mask], axis=0) - paper(onesie)).max() < 25


UNSEEN3_SEEDS = {"white_teapot": 81, "linen_shirt": 82, "orange_scissors": 83,
                 "brass_keyring": 84, "wire_chair": 85, "desk_lamp": 91, "clear_phone_case": 92}
UNSEEN3_NO_LOOPS = {"frosted_candle_holder": 86, "held_tube": 87, "mustard_scarf": 88,
                    "felt_slippers": 89, "tortoise_sunglasses": 90}


@pytest.mark.parametrize("name", sorted(UNSEEN3_SEEDS))
def test_an_unseen3_drawing_has_the_loops_it_was_drawn_with(name: str) -> None:
    drawn = getattr(drawings3, name)(UNSEEN3_SEEDS[name])
    rgba, solid = drawn if isinstance(drawn, tuple) else (drawn, drawn[..., 3] / 255)
    assert len(gaps(solid >= 0.5)) >= drawings3.LOOPS[name]


@pytest.mark.parametrize("name", sorted(UNSEEN3_NO_LOOPS))
def test_an_unseen3_drawing_without_loops_encloses_no_background(name: str) -> None:
    drawn = getattr(drawings3, name)(UNSEEN3_NO_LOOPS[name])
    rgba, solid = drawn if isinstance(drawn, tuple) else (drawn, drawn[..., 3] / 255)
    assert not enclosed_holes(solid >= 0.5).any()


def test_every_unseen3_gap_shows_the_paper() -> None:
    unseen3 = split_cases("unseen3")
    assert len(unseen3) == 12 and set(drawings3.LOOPS) == set(UNSEEN3_SEEDS)
    gapped = [c for c in unseen3 if gaps(c.mask)]
    assert len(gapped) == len(drawings3.LOOPS)
    for case in gapped:
        assert len(gaps(case.mask, 100)) == len(gaps(case.mask, 0)), case.name  # no seams
        rgb = np.asarray(case.photo, np.float32)
        holes = enclosed_holes(case.mask) & ~case.shadow
        assert np.abs(np.median(rgb[holes], axis=0) - paper(case)).max() < 12, case.name
