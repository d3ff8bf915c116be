"""Cohen's kappa and Krippendorff's alpha against values worked out by hand or published."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from evals.agreement import cohen_kappa, krippendorff_alpha


def by_unit(values: Sequence[float | None]) -> dict[int, float]:
    return {unit: value for unit, value in enumerate(values) if value is not None}


# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: four
# observers, twelve units, values 1-5, missing ratings. Published: nominal .743,
# ordinal .815, interval .849.
N = None
KRIPPENDORFF_2011 = {
    "A": by_unit([1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N]),
    "B": by_unit([1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3]),
    "C": by_unit([N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N]),
    "D": by_unit([1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N]),
}


@pytest.mark.parametrize(("level", "published"),
                         [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849)])
def test_alpha_reproduces_krippendorffs_worked_example(level: str, published: float) -> None:
    alpha = krippendorff_alpha(KRIPPENDORFF_2011, level)  # type: ignore[arg-type]
    assert alpha == pytest.approx(published, abs=5e-4)


def test_alpha_is_one_for_perfect_agreement_and_negative_for_systematic_disagreement() -> None:
    same = {"a": by_unit([1, 2, 3, 4, 5]), "b": by_unit([1, 2, 3, 4, 5])}
    assert krippendorff_alpha(same) == pytest.approx(1.0)
    opposite = {"a": by_unit([1, 2, 4, 5]), "b": by_unit([5, 4, 2, 1])}
    alpha = krippendorff_alpha(opposite)
    assert alpha is not None and alpha < 0


def test_alpha_is_undefined_without_two_ratings_of_a_unit_or_without_variation() -> None:
    assert krippendorff_alpha({"a": {1: 3.0, 2: 4.0}, "b": {3: 3.0}}) is None
    assert krippendorff_alpha({"a": {1: 4.0, 2: 4.0}, "b": {1: 4.0, 2: 4.0}}) is None
    assert krippendorff_alpha({}) is None


def test_unweighted_kappa_of_the_textbook_yes_no_table() -> None:
    # 50 items: both yes 20, A yes B no 5, A no B yes 10, both no 15.
    # p_o = 35/50 = .70; p_e = .5 * .6 + .5 * .4 = .50; kappa = (.70 - .50) / .50 = .40
    a = [1] * 25 + [2] * 25
    b = [1] * 20 + [2] * 5 + [1] * 10 + [2] * 15
    assert cohen_kappa(by_unit(a), by_unit(b), "none") == pytest.approx(0.4)


def test_weighted_kappas_worked_by_hand() -> None:
    # A = 1, 2, 3 and B = 1, 3, 3: one disagreement of one step on three items.
    # Marginals: A 1/3 each of 1, 2, 3; B 1/3 of 1, 2/3 of 3.
    # none:      observed 1/3, chance 1 - (1/9 + 2/9) = 2/3           -> 1 - 1/2 = 0.5
    # linear:    observed 1/3, chance (2*2/3 + 1 + 2*1/3) / 3 = 1      -> 1 - 1/3 = 2/3
    # quadratic: observed 1/3, chance (4*2/3 + 1 + 4*1/3) / 3 = 5/3    -> 1 - 1/5 = 0.8
    a, b = by_unit([1, 2, 3]), by_unit([1, 3, 3])
    assert cohen_kappa(a, b, "none") == pytest.approx(0.5)
    assert cohen_kappa(a, b, "linear") == pytest.approx(2 / 3)
    assert cohen_kappa(a, b, "quadratic") == pytest.approx(0.8)


def test_kappa_counts_only_units_both_reviewers_rated() -> None:
    a = {"x": 1.0, "y": 2.0, "z": 3.0, "only-a": 5.0}
    b = {"x": 1.0, "y": 3.0, "z": 3.0, "only-b": 1.0}
    assert cohen_kappa(a, b) == pytest.approx(0.8)


def test_kappa_is_undefined_with_one_shared_unit_or_one_value_throughout() -> None:
    assert cohen_kappa({"x": 1.0}, {"x": 1.0}) is None
    assert cohen_kappa({"x": 4.0, "y": 4.0}, {"x": 4.0, "y": 4.0}) is None
    assert cohen_kappa({"x": 1.0, "y": 5.0}, {"x": 5.0, "y": 1.0}, "none") == pytest.approx(-1.0)
