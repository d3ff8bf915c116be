"""Helpers the drawn cutout splits' tests share: a case by its kind, its paper, its gaps."""

from __future__ import annotations

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
