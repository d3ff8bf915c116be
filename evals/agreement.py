"""Agreement between reviewers: Cohen's kappa (two) and Krippendorff's alpha (any number).

Both take ratings as ``{reviewer: {unit: value}}``: a unit is whatever was rated (an asset
on one criterion, a pair of assets); a reviewer who skipped a unit simply has no entry.

- :func:`cohen_kappa` compares two reviewers on the units both rated; ``weights`` makes
  it the weighted kappa of ordinal scores (``quadratic``, the usual choice for 1–5
  ratings, or ``linear``).
- :func:`krippendorff_alpha` takes any number of reviewers and missing ratings; the
  ``krippendorff`` package computes it (ordinal for 1–5 scores, nominal for A/B/tie).

Both return None when the statistic is undefined (fewer than two units to compare, or
no variation at all, where chance agreement is already perfect).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Hashable, Mapping, Sequence
from typing import Literal, TypeVar

import krippendorff
import numpy as np

Weights = Literal["none", "linear", "quadratic"]
Level = Literal["nominal", "ordinal", "interval", "ratio"]
Unit = TypeVar("Unit", bound=Hashable)


def _weight_matrix(values: Sequence[float], weights: Weights) -> np.ndarray:
    """Disagreement weights between categories (0 on the diagonal)."""
    grid = np.asarray(values, dtype=float)
    diff = np.abs(grid[:, None] - grid[None, :])
    if weights == "linear":
        return diff
    if weights == "quadratic":
        return diff**2
    return (diff > 0).astype(float)


def cohen_kappa(
    first: Mapping[Unit, float], second: Mapping[Unit, float],
    weights: Weights = "quadratic",
) -> float | None:
    """Cohen's kappa of two reviewers over the units both rated.

    ``kappa = 1 - sum(w * observed) / sum(w * expected)``, where ``observed`` is the
    joint distribution of the two reviewers' values, ``expected`` the product of their
    marginals (chance), and ``w`` the disagreement weight of two values: 1 when they
    differ (``none``), their distance (``linear``) or its square (``quadratic``).

    Args:
        first: One reviewer's values by unit.
        second: The other reviewer's values by unit.
        weights: How much a disagreement counts by its distance.

    Returns:
        Kappa in [-1, 1], or None when fewer than two units are shared or chance
        disagreement is zero (both reviewers gave one and the same value throughout).
    """
    shared = [unit for unit in first if unit in second]
    if len(shared) < 2:
        return None
    a = np.asarray([first[u] for u in shared], dtype=float)
    b = np.asarray([second[u] for u in shared], dtype=float)
    values = sorted(set(a.tolist()) | set(b.tolist()))
    index = {value: i for i, value in enumerate(values)}
    observed = np.zeros((len(values), len(values)))
    for x, y in zip(a, b, strict=True):
        observed[index[float(x)], index[float(y)]] += 1
    observed /= len(shared)
    expected = np.outer(observed.sum(axis=1), observed.sum(axis=0))
    w = _weight_matrix(values, weights)
    chance = float((w * expected).sum())
    if chance == 0:
        return None
    return 1.0 - float((w * observed).sum()) / chance


def krippendorff_alpha(
    ratings: Mapping[str, Mapping[Unit, float]], level: Level = "ordinal",
    domain: Sequence[float] | None = None,
) -> float | None:
    """Krippendorff's alpha of any number of reviewers, missing ratings allowed.

    Args:
        ratings: Each reviewer's values by unit.
        level: The values' level of measurement (``ordinal`` for 1–5 scores).
        domain: Every value the scale has (e.g. 1..5); defaults to the values seen.

    Returns:
        Alpha (1 is perfect agreement, 0 chance, below 0 systematic disagreement), or None
        when no unit has two ratings or the ratings do not vary at all.
    """
    units = sorted({u for values in ratings.values() for u in values}, key=repr)
    if not _pairable(ratings, units):
        return None
    data = np.full((len(ratings), len(units)), np.nan)
    for row, values in enumerate(ratings.values()):
        for col, unit in enumerate(units):
            if unit in values:
                data[row, col] = values[unit]
    seen = sorted(set(data[~np.isnan(data)].tolist()))
    scale = sorted(set(domain or ()) | set(seen))
    if len(set(seen)) < 2:
        return None  # no variation: expected disagreement is zero, alpha is undefined
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        alpha = float(krippendorff.alpha(reliability_data=data, value_domain=scale,
                                         level_of_measurement=level))
    return None if math.isnan(alpha) else alpha


def _pairable(ratings: Mapping[str, Mapping[Unit, float]], units: Sequence[Unit]) -> bool:
    """Whether some unit has values from at least two reviewers."""
    return any(sum(unit in values for values in ratings.values()) >= 2 for unit in units)
