"""The cutout benchmark's ``unseen4`` split: twelve drawn photos whose truth is consistent."""

from __future__ import annotations

import numpy as np
import pytest

from benchmarks import cutout_drawings_unseen4 as drawings
from benchmarks.cutout import enclosed_holes
from benchmarks.cutout_cases import OFF_WHITE, Case, split_cases
from tests.unit.benchmarks.drawn_truth import assert_consistent, by_kind, gaps, paper

SEEDS = {"white_jug": 93, "ecru_cardigan": 95, "ring_handbag": 96, "white_mug": 97,
         "steel_whisk": 98, "hoop_earrings": 99, "bicycle_bell": 100, "slip_dress": 104}
NO_LOOPS = {"white_sneakers": 94, "glass_carafe": 101, "clear_storage_box": 102,
            "held_perfume": 103}

pytestmark = pytest.mark.xdist_group("cutout_cases")  # the worker that built every case


@pytest.fixture(scope="module")
def unseen4() -> list[Case]:
    return list(split_cases("unseen4"))


def _drawn(name: str, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """A drawing's RGBA and its product coverage 0..1 (the silhouette, for see-through ones)."""
    drawn = getattr(drawings, name)(seed)
    return drawn if isinstance(drawn, tuple) else (drawn, drawn[..., 3] / 255)


def test_twelve_named_cases_each_with_a_shadow(unseen4: list[Case]) -> None:
    assert len(unseen4) == 12
    assert len({c.name for c in unseen4}) == 12
    assert all(c.shadow.any() for c in unseen4)
    kinds = " ".join(c.kind for c in unseen4)
    for kind in ("white on white", "handle loop", "sleeve gaps", "own colour", "tiny photo",
                 "large", "thin wires", "thin hoops", "clamp ring", "glass", "clear plastic",
                 "hand from the bottom-right corner", "cut by the frame edge",
                 "long side shadow", "thin straps"):
        assert kind in kinds


def test_sizes_run_from_560_to_2400_px_on_varied_paper(unseen4: list[Case]) -> None:
    sides = [max(c.photo.size) for c in unseen4]
    assert min(sides) == 560 and max(sides) == 2400
    assert max(by_kind(unseen4, "tiny photo").photo.size) <= 600
    assert max(by_kind(unseen4, "large").photo.size) >= 2400
    papers = {tuple(int(v) // 6 for v in paper(c)) for c in unseen4}
    assert len(papers) >= 8  # white, off-white, grey, beige, ivory, pastels, blue-grey, sweep


def test_every_truth_is_consistent(unseen4: list[Case]) -> None:
    for case in unseen4:
        assert_consistent(case)
        held = "hand from" in case.kind
        cut = "cut by the frame" in case.kind
        assert not case.mask[0].any() and not case.mask[:, 0].any(), case.name
        assert case.mask[-1].any() == (held or cut), case.name  # the arm and the skirt only
        assert case.mask[:, -1].any() == held, case.name


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_a_drawing_has_the_loops_it_was_drawn_with(name: str) -> None:
    _, solid = _drawn(name, SEEDS[name])
    assert len(gaps(solid >= 0.5)) >= drawings.LOOPS[name]


@pytest.mark.parametrize("name", sorted(NO_LOOPS))
def test_a_drawing_without_loops_encloses_no_background(name: str) -> None:
    _, solid = _drawn(name, NO_LOOPS[name])
    assert not enclosed_holes(solid >= 0.5).any()


def test_every_drawing_is_named_and_deterministic() -> None:
    assert set(drawings.LOOPS) == set(SEEDS) and not set(SEEDS) & set(NO_LOOPS)
    for name in ("hoop_earrings", "glass_carafe"):
        first, second = _drawn(name, 7), _drawn(name, 7)
        assert all(np.array_equal(a, b) for a, b in zip(first, second, strict=True)), name


def test_every_gap_shows_the_paper(unseen4: list[Case]) -> None:
    gapped = [c for c in unseen4 if gaps(c.mask)]
    assert len(gapped) == len(drawings.LOOPS)
    for case in gapped:
        rgb = np.asarray(case.photo, np.float32)
        holes = enclosed_holes(case.mask) & ~case.shadow
        assert np.abs(np.median(rgb[holes], axis=0) - paper(case)).max() < 12, case.name


def test_the_ring_handle_and_the_mug_are_the_colour_of_their_paper(unseen4: list[Case]) -> None:
    bag = by_kind(unseen4, "own colour")
    assert np.abs(paper(bag) - np.array(drawings.IVORY)).max() < 6
    rgba, _ = _drawn("ring_handbag", SEEDS["ring_handbag"])
    ring = rgba[:440][rgba[:440, :, 3] > 254]  # above the tabs: only the ring is there
    assert ring.size and np.abs(ring[:, :3].mean(axis=0) - drawings.IVORY).max() < 8
    mug = by_kind(unseen4, "tiny photo")
    assert np.abs(paper(mug) - np.array(OFF_WHITE)).max() < 6
    assert drawings.MUG_GLAZE == OFF_WHITE


def test_the_hand_leaves_by_the_corner_and_the_dress_by_the_bottom(unseen4: list[Case]) -> None:
    hand = by_kind(unseen4, "hand from")
    assert hand.mask[-1].sum() > 100 and hand.mask[:, -1].sum() > 100  # a forearm, not a pixel
    dress = by_kind(unseen4, "cut by the frame")
    assert dress.mask[-1].sum() > 300  # the skirt runs on past the frame


def test_see_through_products_are_product_where_they_show_the_paper(
    unseen4: list[Case],
) -> None:
    for word in ("glass", "clear plastic"):
        case = by_kind(unseen4, word)
        rgb = np.asarray(case.photo, np.float32)
        see_through = (np.abs(rgb - paper(case)).max(axis=2) < 14) & case.mask
        assert see_through.sum() > 0.15 * case.mask.sum(), case.name


def test_the_long_side_shadow_lies_to_the_right_of_the_pair(unseen4: list[Case]) -> None:
    case = by_kind(unseen4, "side shadow")
    product = np.flatnonzero(case.mask.any(axis=0))
    shadow = np.flatnonzero(case.shadow.any(axis=0))
    width = product[-1] - product[0]
    assert shadow[-1] > product[-1] + 0.1 * width  # reaches beyond the far toe
    assert shadow[0] >= product[0] - 0.05 * width  # and not to the left
