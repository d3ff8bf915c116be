"""How far a run's reviewers agree: alpha and pairwise kappa per criterion and on preferences."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from itertools import combinations
from typing import Literal

from pydantic import BaseModel, Field

from evals.agreement import cohen_kappa, krippendorff_alpha
from evals.reviews.models import CRITERIA, SCORES, Preference, Rating


class PairKappa(BaseModel):
    """Cohen's kappa of two reviewers on the units both rated."""

    first: str
    second: str
    units: int
    kappa: float | None


class CriterionAgreement(BaseModel):
    """Agreement on one criterion (or on the preferences)."""

    criterion: str
    reviewers: int = Field(description="Reviewers who gave at least one rating.")
    units: int = Field(description="Items (or pairs) rated by two reviewers or more.")
    alpha: float | None = Field(description="Krippendorff's alpha; None when undefined.")
    kappas: list[PairKappa] = Field(default_factory=list, description="Per reviewer pair.")


class Agreement(BaseModel):
    """How far a run's reviewers agree.

    Ratings: ordinal alpha and quadratic-weighted kappa per criterion. Preferences:
    nominal alpha and unweighted kappa over (pair, criterion) units.
    """

    run_id: str
    criteria: list[CriterionAgreement]
    preferences: CriterionAgreement


def _agreement(criterion: str, table: dict[str, dict[Hashable, float]], level: Literal[
        "nominal", "ordinal"]) -> CriterionAgreement:
    """Alpha over every reviewer and kappa per reviewer pair, for one criterion."""
    weights: Literal["none", "quadratic"] = "quadratic" if level == "ordinal" else "none"
    domain = SCORES if level == "ordinal" else (0, 1, 2)
    kappas = [
        PairKappa(first=a, second=b, units=len(table[a].keys() & table[b].keys()),
                  kappa=cohen_kappa(table[a], table[b], weights))
        for a, b in combinations(sorted(table), 2)
    ]
    counts: dict[Hashable, int] = defaultdict(int)
    for values in table.values():
        for unit in values:
            counts[unit] += 1
    return CriterionAgreement(
        criterion=criterion, reviewers=len(table),
        units=sum(1 for n in counts.values() if n >= 2),
        alpha=krippendorff_alpha(table, level, domain), kappas=kappas,
    )


def run_agreement(run_id: str, ratings: Iterable[Rating], preferences: Iterable[Preference],
                  criteria: Sequence[str] = tuple(CRITERIA)) -> Agreement:
    """Inter-reviewer agreement of a run, per criterion and on the preferences.

    Args:
        run_id: The run.
        ratings: The run's current ratings (those on other criteria are left out).
        preferences: The run's current preferences.
        criteria: The criteria to report, in order (the run's own choice, or the rubric's).
    """
    tables: dict[str, dict[str, dict[Hashable, float]]] = {c: {} for c in criteria}
    for rating in ratings:
        if rating.criterion in tables:
            tables[rating.criterion].setdefault(rating.reviewer, {})[rating.item_id] = (
                rating.score)
    choices: dict[str, dict[Hashable, float]] = {}
    codes = {"A": 0.0, "B": 1.0, "tie": 2.0}
    for pref in preferences:
        unit = (pref.item_a, pref.item_b, pref.criterion)
        choices.setdefault(pref.reviewer, {})[unit] = codes[pref.choice]
    return Agreement(
        run_id=run_id,
        criteria=[_agreement(c, tables[c], "ordinal") for c in criteria],
        preferences=_agreement("preference", choices, "nominal"),
    )


class Disagreement(BaseModel):
    """An item reviewers scored far apart on one criterion."""

    item_id: str
    criterion: str
    scores: dict[str, int] = Field(description="Reviewer → score.")
    spread: int = Field(description="Highest score minus lowest.")


def disagreements(ratings: Iterable[Rating], min_spread: int = 2) -> list[Disagreement]:
    """Items two reviewers or more scored at least ``min_spread`` apart, widest first.

    Args:
        ratings: The run's current ratings (in item order: ties keep that order).
        min_spread: The smallest gap between the highest and lowest score that counts.
    """
    table: dict[tuple[str, str], dict[str, int]] = {}
    for rating in ratings:
        table.setdefault((rating.item_id, rating.criterion), {})[rating.reviewer] = rating.score
    found = [Disagreement(item_id=item_id, criterion=criterion, scores=dict(sorted(scores.items())),
                          spread=max(scores.values()) - min(scores.values()))
             for (item_id, criterion), scores in table.items() if len(scores) >= 2]
    wide = [d for d in found if d.spread >= min_spread]
    return sorted(wide, key=lambda d: -d.spread)
