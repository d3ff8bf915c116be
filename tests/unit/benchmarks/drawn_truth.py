"""Helpers the drawn cutout splits' tests share: a case by its kind, its paper, its gaps."""

from __future__ import annotations

from types import ModuleType

import cv2
import numpy as np

from benchmarks.cutout import enclosed_holes
from benchmarks.cutout_cases import Case


def by_kind(found: list[Case], word: str) -> Case:
    """The first case whose kind names ``word``."""
    return next(c for c in found if word in c.kind)


def paper(case: Case) -> np.ndarray:
    """The median colour of the photo where it is neither product nor shadow."""
    rgb = np.asarray(case.photo, np.float32)
    return np.median(rgb[~case.mask & ~case.shadow], axis=0)


def gaps(mask: np.ndarray, least: int = 300) -> list[int]:
    """Areas of the enclosed background gaps of ``mask`` bigger than ``least`` pixels."""
    count, _, stats, _ = cv2.connectedComponentsWithStats(enclosed_holes(mask).astype(np.uint8))
    return [int(a) for a in stats[1:count, cv2.CC_STAT_AREA] if a > least]


def assert_consistent(case: Case) -> None:
    """Check that a drawn case's truth agrees with its photo.

    A product, a real shadow beside it (never on it), holes inside the product's box and no
    seam splitting a gap.
    """
    assert case.mask.any() and case.mask.mean() < 0.6, case.name
    assert not (case.shadow & case.mask).any(), case.name  # a shadow is never product
    grey = np.asarray(case.photo.convert("L"), np.float32)
    assert grey[case.shadow].mean() < float(np.median(grey[~case.mask])) - 2, case.name
    rows = np.flatnonzero(case.mask.any(axis=1))
    cols = np.flatnonzero(case.mask.any(axis=0))
    hy, hx = np.nonzero(enclosed_holes(case.mask))
    if hy.size:  # every hole lies inside the product's box
        assert rows[0] < hy.min() and hy.max() < rows[-1], case.name
        assert cols[0] < hx.min() and hx.max() < cols[-1], case.name
    assert len(gaps(case.mask, 100)) == len(gaps(case.mask, 0)), case.name  # no seams


def coverage(drawings: ModuleType, name: str, seed: int) -> np.ndarray:
    """A drawing's product coverage 0..1 (its silhouette, for glass) from its module."""
    drawn = getattr(drawings, name)(seed)
    return drawn[1] if isinstance(drawn, tuple) else drawn[..., 3] / 255
