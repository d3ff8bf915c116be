"""Paper enclosed by a product shows the new scene: a coil's centre.

Issue 18's promise is the whole product and nothing else. A drawn photo of the ``unseen11``
split (since opened for tuning) kept the photo's paper inside the product: a leather belt
coiled round a small hole (the network fills the hole in; the belt is far too thick for a
handle's thin wall). (Steel tongs' hanging ring still keeps a rim of its own shadow round
the hole cut out of it: the rule that took it cut clear bottles' necks away.)
"""

from __future__ import annotations

import numpy as np
import pytest

from benchmarks.cutout import enclosed_holes
from benchmarks.cutout_cases import Case, split_cases
from engines.local.cutout import cut_out

pytestmark = pytest.mark.xdist_group("cutout_cases")  # the worker that built every case


def _case(name: str) -> Case:
    return next(c for c in split_cases("unseen11") if c.name == name)


def _kept(case: Case) -> np.ndarray:
    """The cutout's mask (alpha at least half) at the photo's full size."""
    found = cut_out(case.photo)
    alpha = np.zeros(case.mask.shape, np.uint8)
    left, top, right, bottom = found.box
    alpha[top:bottom, left:right] = np.asarray(found.image.getchannel("A"))
    return alpha >= 128


def test_the_hole_a_belt_is_coiled_round_shows_the_new_scene() -> None:
    case = _case("belt/brown-leather-coiled")
    kept = _kept(case)
    hole = enclosed_holes(case.mask)
    assert hole.sum() > 10_000  # the drawn hole is there, and sizeable
    assert kept[hole].mean() < 0.1  # the paper in it goes, its shadow with it
    assert kept[case.mask].mean() > 0.98  # the belt's turns and its buckle stay
