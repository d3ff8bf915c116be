"""Gold items: items whose right answer is known, and how close each reviewer comes to it.

Someone who knows the answer (the run's owner, say) marks an item as gold with the score it
should get on a criterion, or a pair with the choice it should get. Gold items stay among
the run's other items: nothing on the rating screen tells a reviewer which they are. Each
reviewer's ratings of gold items are then checked: an item counts as *within* when every
score the reviewer gave on its gold criteria is within :data:`TOLERANCE` of the expected one
("Ana: 4 of 5 gold items within ±1"); a gold pair counts when the choice matches.
The answer key is the review store's ``review_gold`` and ``review_gold_pairs`` tables.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime

from pydantic import BaseModel, Field
from sqlalchemy import Connection, text

from evals.reviews.models import Choice, Preference, Rating

TOLERANCE = 1
"""How far a score may be from the expected one and still count as right."""


class GoldScore(BaseModel):
    """The score an item should get on one criterion."""

    item_id: str
    criterion: str
    score: int = Field(ge=1, le=5)
    set_by: str
    at: datetime


class GoldChoice(BaseModel):
    """The choice a pair should get (stored with ``item_a < item_b``), overall or on a criterion."""

    item_a: str
    item_b: str
    criterion: str
    choice: Choice
    set_by: str
    at: datetime


class GoldResult(BaseModel):
    """One reviewer's answers on the gold items and pairs."""

    reviewer: str
    items: int = Field(description="Gold items the reviewer rated on a gold criterion.")
    within: int = Field(description="Of those, items with every such score within ±1.")
    pairs: int = Field(0, description="Gold pairs the reviewer chose on.")
    matched: int = Field(0, description="Of those, pairs chosen as expected.")
    misses: list[str] = Field(default_factory=list,
                              description="Ids of the gold items (not within) got wrong.")


def set_score(db: Connection, tenant: str, run_id: str, gold: GoldScore) -> None:
    """Keep (or replace) the expected score of an item on a criterion."""
    db.execute(
        text("INSERT INTO review_gold (item_id, criterion, tenant, run_id, score, set_by, at) "
             "VALUES (:item_id, :criterion, :tenant, :run_id, :score, :set_by, :at) "
             "ON CONFLICT (item_id, criterion) DO UPDATE SET score = excluded.score, "
             "set_by = excluded.set_by, at = excluded.at"),
        {**gold.model_dump(), "at": gold.at.isoformat(), "tenant": tenant, "run_id": run_id},
    )


def set_choice(db: Connection, tenant: str, run_id: str, gold: GoldChoice) -> None:
    """Keep (or replace) the expected choice of a pair."""
    db.execute(
        text("INSERT INTO review_gold_pairs (item_a, item_b, criterion, tenant, run_id, choice, "
             "set_by, at) VALUES (:item_a, :item_b, :criterion, :tenant, :run_id, :choice, "
             ":set_by, :at) ON CONFLICT (item_a, item_b, criterion) DO UPDATE SET "
             "choice = excluded.choice, set_by = excluded.set_by, at = excluded.at"),
        {**gold.model_dump(), "at": gold.at.isoformat(), "tenant": tenant, "run_id": run_id},
    )


def clear(db: Connection, tenant: str, item_ids: Iterable[str]) -> int:
    """Take the items (and any pair they are in) out of the gold set; return rows removed."""
    removed = 0
    for item_id in item_ids:
        params = {"tenant": tenant, "item": item_id}
        removed += db.execute(text("DELETE FROM review_gold WHERE tenant = :tenant "
                                   "AND item_id = :item"), params).rowcount
        removed += db.execute(text("DELETE FROM review_gold_pairs WHERE tenant = :tenant AND "
                                   "(item_a = :item OR item_b = :item)"), params).rowcount
    return int(removed)


def scores(db: Connection, tenant: str, run_id: str) -> list[GoldScore]:
    """The run's expected scores."""
    rows = db.execute(text("SELECT * FROM review_gold WHERE tenant = :tenant AND run_id = :run_id "
                           "ORDER BY item_id, criterion"),
                      {"tenant": tenant, "run_id": run_id}).mappings().fetchall()
    return [GoldScore.model_validate(dict(row)) for row in rows]


def choices(db: Connection, tenant: str, run_id: str) -> list[GoldChoice]:
    """The run's expected choices of pairs."""
    rows = db.execute(text("SELECT * FROM review_gold_pairs WHERE tenant = :tenant "
                           "AND run_id = :run_id ORDER BY item_a, item_b, criterion"),
                      {"tenant": tenant, "run_id": run_id}).mappings().fetchall()
    return [GoldChoice.model_validate(dict(row)) for row in rows]


def _item_results(gold: list[GoldScore], ratings: Iterable[Rating],
                  tolerance: int) -> dict[str, dict[str, bool]]:
    """Reviewer → gold item → whether every gold score they gave on it is close enough."""
    expected = {(g.item_id, g.criterion): g.score for g in gold}
    verdicts: dict[str, dict[str, bool]] = defaultdict(dict)
    for rating in ratings:
        want = expected.get((rating.item_id, rating.criterion))
        if want is not None:
            close = abs(rating.score - want) <= tolerance
            verdicts[rating.reviewer][rating.item_id] = (
                verdicts[rating.reviewer].get(rating.item_id, True) and close)
    return verdicts


def _pair_results(gold: list[GoldChoice],
                  preferences: Iterable[Preference]) -> dict[str, dict[tuple[str, str, str], bool]]:
    """Reviewer → gold pair → whether they chose as expected."""
    expected = {(g.item_a, g.item_b, g.criterion): g.choice for g in gold}
    verdicts: dict[str, dict[tuple[str, str, str], bool]] = defaultdict(dict)
    for pref in preferences:
        unit = (pref.item_a, pref.item_b, pref.criterion)
        if unit in expected:
            verdicts[pref.reviewer][unit] = pref.choice == expected[unit]
    return verdicts


def accuracy(gold: list[GoldScore], gold_pairs: list[GoldChoice], ratings: Iterable[Rating],
             preferences: Iterable[Preference], tolerance: int = TOLERANCE) -> list[GoldResult]:
    """Each reviewer's results on the gold items and pairs, by name.

    Args:
        gold: The run's expected scores.
        gold_pairs: The run's expected choices.
        ratings: The run's current ratings (every reviewer's).
        preferences: The run's current preferences.
        tolerance: How far from the expected score still counts as right.
    """
    items = _item_results(gold, ratings, tolerance)
    pairs = _pair_results(gold_pairs, preferences)
    return [GoldResult(reviewer=name, items=len(items.get(name, {})),
                       within=sum(items.get(name, {}).values()),
                       pairs=len(pairs.get(name, {})), matched=sum(pairs.get(name, {}).values()),
                       misses=sorted(i for i, ok in items.get(name, {}).items() if not ok))
            for name in sorted(items.keys() | pairs.keys())]
