"""The cutout benchmark's ground truth: consistent, deterministic, split fifteen ways."""

from __future__ import annotations

from typing import get_args

import numpy as np
import pytest

from benchmarks.cutout import enclosed_holes
from benchmarks.cutout_cases import Case, Split, cases, split_cases

# one worker builds every case, once: drawing all 150-odd photos takes a minute or two on
# a free core, several on a busy one, hence a longer timeout for this module than the suite's
pytestmark = [pytest.mark.xdist_group("cutout_cases"), pytest.mark.timeout(1200)]


@pytest.fixture(scope="module")
def built() -> tuple[Case, ...]:
    return cases()


def _fresh(found: tuple[Case, ...]) -> list[Case]:
    return [c for c in found if c.split == "fresh"]


def test_every_mask_and_shadow_is_a_boolean_map_of_the_photo(built: tuple[Case, ...]) -> None:
    for case in built:
        size = (case.photo.height, case.photo.width)
        assert case.photo.mode == "RGB", case.name
        assert case.mask.shape == size and case.mask.dtype == bool, case.name
        assert case.shadow.shape == size and case.shadow.dtype == bool, case.name
        assert case.mask.any() and not case.mask.all(), case.name


def paper(case: Case) -> float:
    """The photo's brightness where it is neither product nor shadow (its paper)."""
    grey = np.asarray(case.photo.convert("L"), np.float32)
    return float(np.median(grey[~case.mask & ~case.shadow]))


def test_the_shadow_darkens_the_paper_around_the_product(built: tuple[Case, ...]) -> None:
    for case in built:
        if case.shadow.any():
            grey = np.asarray(case.photo.convert("L"), np.float32)
            assert grey[case.shadow].mean() < paper(case) - 2, case.name  # really a shadow
    assert all(c.shadow.any() for c in _fresh(built))  # every fresh photo was given one


def test_every_split_has_cases_and_every_name_is_unique(built: tuple[Case, ...]) -> None:
    assert {c.split for c in built} == set(get_args(Split)) == {"tune", "held_out", "fresh",
                                                                 "unseen", "unseen2", "unseen3",
                                                                 "unseen4", "unseen5",
                                                                 "unseen6", "unseen7",
                                                                 "unseen8", "unseen9",
                                                                 "unseen10", "unseen11",
                                                                 "unseen12"}
    names = [c.name for c in built]
    assert len(names) == len(set(names))


def test_the_fresh_split_has_at_least_eight_photos_of_new_kinds(built: tuple[Case, ...]) -> None:
    fresh = _fresh(built)
    assert len(fresh) >= 8
    kinds = " ".join(c.kind for c in fresh)
    for kind in ("white on white", "handle gap", "contact shadow", "cropped by frame", "hand",
                 "glass"):
        assert kind in kinds
    sides = {max(c.photo.size) for c in fresh}
    assert 700 in sides and 2000 in sides  # a downscaled and an upscaled upload


@pytest.mark.parametrize("split", ["tune", "held_out"])  # photos, drawings and recipes
def test_building_twice_gives_the_same_photos_and_truth(split: Split) -> None:
    again = split_cases.__wrapped__(split)  # built anew, not the cached tuple
    built = split_cases(split)
    assert [c.name for c in again] == [c.name for c in built]
    for first, second in zip(built, again, strict=True):
        assert first.photo.tobytes() == second.photo.tobytes(), first.name
        assert np.array_equal(first.mask, second.mask), first.name
        assert np.array_equal(first.shadow, second.shadow), first.name


def test_a_handle_gap_is_enclosed_background_not_product(built: tuple[Case, ...]) -> None:
    gaps = [c for c in built if "handle gap" in c.kind]
    assert len([c for c in gaps if c.split == "fresh"]) >= 3
    for case in gaps:
        holes = enclosed_holes(case.mask)
        assert holes.sum() > 500, case.name  # a real gap, not a stray pixel
        grey = np.asarray(case.photo.convert("L"), np.float32)
        assert np.median(grey[holes]) > paper(case) - 40, case.name  # the gap shows paper


def test_a_cropped_product_runs_off_the_frame_and_a_held_one_keeps_the_arm(
    built: tuple[Case, ...],
) -> None:
    by_name = {c.name: c for c in _fresh(built)}
    cropped = next(c for c in by_name.values() if c.kind == "cropped by frame")
    assert cropped.mask[-1].any() and not cropped.mask[0].any()
    hand = by_name["hand/from-right"]
    assert hand.mask[:, -1].any() and not hand.mask[:, 0].any()  # the arm leaves on the right


def test_see_through_glass_is_all_product(built: tuple[Case, ...]) -> None:
    glass = next(c for c in _fresh(built) if c.kind == "glass")
    rgb = np.asarray(glass.photo, np.float32)
    paper = np.median(rgb[~glass.mask & ~glass.shadow], axis=0)
    looks_like_paper = (np.abs(rgb - paper).max(axis=2) < 12) & glass.mask
    assert looks_like_paper.sum() > 0.1 * glass.mask.sum()  # the empty glass shows the paper


def _unseen(found: tuple[Case, ...]) -> list[Case]:
    return [c for c in found if c.split == "unseen"]


def test_the_unseen_split_covers_the_hard_kinds_it_was_drawn_for(
    built: tuple[Case, ...],
) -> None:
    unseen = _unseen(built)
    assert 10 <= len(unseen) <= 12
    assert all(c.shadow.any() for c in unseen)  # every unseen photo was given a shadow
    kinds = " ".join(c.kind for c in unseen)
    for kind in ("white on white", "handle gap", "white label", "side shadow", "contact shadow",
                 "leg gap", "hand", "glass", "small"):
        assert kind in kinds


def test_the_small_unseen_product_is_under_15_percent_of_a_2000_px_photo(
    built: tuple[Case, ...],
) -> None:
    small = next(c for c in _unseen(built) if c.kind.startswith("small"))
    assert max(small.photo.size) == 2000
    assert 0.02 < small.mask.mean() < 0.15


def test_the_hand_enters_from_the_bottom_edge_and_the_leg_gap_is_open_background(
    built: tuple[Case, ...],
) -> None:
    by_kind = {c.kind: c for c in _unseen(built)}
    hand = by_kind["hand"]
    assert hand.mask[-1].any() and not hand.mask[0].any()
    assert not hand.mask[:, 0].any() and not hand.mask[:, -1].any()
    jeans = by_kind["leg gap"]
    rows = np.flatnonzero(jeans.mask.any(axis=1))
    hem = jeans.mask[rows[-1] - 40]  # a row across both legs, just above the hems
    runs = np.flatnonzero(np.diff(hem.astype(np.int8)) == 1)
    assert len(runs) == 2  # two legs with paper between them
    assert not enclosed_holes(jeans.mask).any()  # the gap opens to the bottom: not a hole


def test_the_long_side_shadow_lies_to_the_right_of_the_product(built: tuple[Case, ...]) -> None:
    case = next(c for c in _unseen(built) if "side shadow" in c.kind)
    product = np.flatnonzero(case.mask.any(axis=0))
    shadow = np.flatnonzero(case.shadow.any(axis=0))
    width = product[-1] - product[0]
    assert shadow[-1] > product[-1] + 0.2 * width  # reaches well beyond the toe
    assert shadow[0] >= product[0] - 0.05 * width  # and not to the left
