"""Side-by-side sheets: every label stays under its own image."""

from __future__ import annotations

import numpy as np
from PIL import Image

from engines.local.sheet import PAPER, Label, side_by_side


def test_long_labels_stay_within_their_column() -> None:
    tall = Image.new("RGB", (400, 600), (40, 90, 160))
    long = "Variation 1 · Water splash · pin · brighter, more contrast, product larger"
    sheet = np.asarray(side_by_side([tall, tall], [Label(long, ""), Label(long, "")]))
    # The gap between the two images, from the top of the labels down, is bare paper.
    row = np.all(sheet == np.array(PAPER, dtype=sheet.dtype), axis=2)
    paper_columns = np.where(row[: sheet.shape[0] // 2].all(axis=0))[0]
    middle = sheet.shape[1] // 2
    gap = paper_columns[np.abs(paper_columns - middle).argmin()]
    assert row[:, gap].all(), "a label ran across the gap into the next column"
