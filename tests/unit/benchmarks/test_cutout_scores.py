"""The cutout benchmark's yardsticks and its ground truth, checked on masks drawn here."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from benchmarks.cutout import boundary_f, enclosed_holes
from benchmarks.cutout_cases import cases


def _ring(size: int = 200) -> np.ndarray:
    mask = np.zeros((size, size), np.uint8)
    cv2.circle(mask, (100, 100), 70, 1, -1)
    cv2.circle(mask, (100, 100), 30, 0, -1)
    return mask.astype(bool)


def test_the_hole_of_a_ring_is_enclosed_background_and_the_outside_is_not() -> None:
    ring = _ring()
    holes = enclosed_holes(ring)
    inner = np.zeros_like(ring, np.uint8)
    cv2.circle(inner, (100, 100), 29, 1, -1)
    assert holes[inner.astype(bool)].all()
    assert not holes[0, 0] and not (holes & ring).any()
    assert holes.sum() < np.pi * 31**2


def test_boundary_f_is_one_for_the_same_mask_and_falls_with_a_shift() -> None:
    ring = _ring()
    assert boundary_f(ring, ring) == 1.0
    assert boundary_f(np.roll(ring, 1, axis=1), ring) == 1.0  # within the 2 px tolerance
    assert boundary_f(np.roll(ring, 8, axis=1), ring) < 0.6
    assert boundary_f(np.zeros_like(ring), ring) == 0.0


@pytest.mark.xdist_group("cutout_cases")  # one worker builds every case, once
@pytest.mark.timeout(1200)  # the build, when this test comes first in its worker
def test_the_ground_truth_is_split_and_consistent() -> None:
    found = cases()
    names = [c.name for c in found]
    assert len(names) == len(set(names))
    reported = [c for c in found if c.split != "tune"]
    assert len(reported) >= len(found) / 2  # figures are reported on the larger part
    kinds = {c.kind for c in found}
    assert {"white on white", "handle gap", "white logo", "glass", "hand"} <= kinds
    for case in found:
        assert case.mask.shape == (case.photo.height, case.photo.width)
        assert 0.01 < case.mask.mean() < 0.9, case.name  # a fine chain is 1.2% of its photo
        assert not (case.mask & case.shadow).any(), case.name
