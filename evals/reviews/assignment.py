"""Splitting a run's items among named reviewers, with a share rated twice for agreement.

"Split evenly among Ana, Ben, Chloe, 20 % overlap": the run's pairs (two comparable items
shown side by side, :func:`~evals.reviews.models.pairs`) go to the reviewers in turn, so
each gets about a third; one pair in five (spread over the run) also goes to the next
reviewer in line, so agreement can be measured on those. Gold items
(:mod:`~evals.reviews.gold`) go to everyone, so everyone's accuracy can be checked. A
reviewer's queue then walks their assigned items first
(:func:`~evals.reviews.progress.resume_at`); the others stay open to anyone.
Assignments are the review store's ``review_assignments`` table; names match the way
reviewer names do ('Ana' is 'ana', :func:`~evals.reviews.reviewers.name_key`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from sqlalchemy import Connection, text

from evals.reviews.models import ReviewError, reviewer_name
from evals.reviews.reviewers import name_key

MAX_REVIEWERS = 50


def names(text_: str) -> list[str]:
    """The reviewer names in 'Ana, Ben and Chloe' (commas, 'and' or new lines), once each.

    Raises:
        ReviewError: No name, a name too long, or more than :data:`MAX_REVIEWERS`.
    """
    parts = [part for chunk in text_.replace("\n", ",").split(",")
             for part in chunk.replace(" and ", ",").split(",")]
    found: dict[str, str] = {}
    for part in parts:
        if part.strip():
            name = reviewer_name(part)
            found.setdefault(name_key(name), name)
    if not found:
        raise ReviewError("Name the reviewers to split the items among (Ana, Ben, Chloe).")
    if len(found) > MAX_REVIEWERS:
        raise ReviewError(f"Split among {MAX_REVIEWERS} reviewers at most.")
    return list(found.values())


def _shared(count: int, overlap: float) -> set[int]:
    """Which of ``count`` units also go to a second reviewer (``overlap`` of them, rounded).

    They are spread evenly over the run.
    """
    chosen = round(count * overlap)
    return {math.floor((n + 0.5) * count / chosen) for n in range(chosen)} if chosen else set()


def split(units: Sequence[Sequence[str]], reviewers: Sequence[str], overlap: float,
          everyone: Iterable[str] = ()) -> dict[str, list[str]]:
    """Who rates what: item id → reviewers, a unit (a pair's items) at a time.

    Args:
        units: The run's items, grouped as they are shown (a pair stays with one reviewer,
            who can then say which is better), in review order.
        reviewers: The names, in turn order.
        overlap: The share of units (0–1) that a second reviewer also gets.
        everyone: Items that go to every reviewer (the gold ones), with their unit.

    Raises:
        ReviewError: No reviewer, or an overlap outside 0–1.
    """
    if not reviewers:
        raise ReviewError("Name the reviewers to split the items among.")
    if not 0 <= overlap <= 1:
        raise ReviewError("The overlap is a share from 0 % to 100 %.")
    gold, plan, turn = set(everyone), {}, 0
    shared = _shared(sum(1 for unit in units if not gold & set(unit)), overlap)
    for unit in units:
        if gold & set(unit):
            who = list(reviewers)
        else:
            who = [reviewers[turn % len(reviewers)]]
            if len(reviewers) > 1 and turn in shared:
                who.append(reviewers[(turn + 1) % len(reviewers)])
            turn += 1
        plan.update({item_id: who for item_id in unit})
    return plan


def to_everyone(plan: dict[str, list[str]], units: Sequence[Sequence[str]],
                item_ids: Iterable[str]) -> dict[str, list[str]]:
    """``plan`` with the units holding ``item_ids`` given to every reviewer in it.

    An item made gold after the split joins every reviewer's queue, with its pair. A plan
    that is empty (the run is not split) stays empty: its items are open to anyone.
    """
    if not plan:
        return plan
    everyone = sorted({name for who in plan.values() for name in who}, key=name_key)
    wanted = set(item_ids)
    return {**plan, **{item_id: list(everyone) for unit in units if wanted & set(unit)
                       for item_id in unit}}


def save(db: Connection, tenant: str, run_id: str, plan: dict[str, list[str]], now: str) -> None:
    """Replace the run's assignments with ``plan`` (empty: the run is no longer split)."""
    db.execute(text("DELETE FROM review_assignments WHERE tenant = :tenant AND run_id = :run_id"),
               {"tenant": tenant, "run_id": run_id})
    rows = [{"item_id": item_id, "key": name_key(name), "reviewer": name, "tenant": tenant,
             "run_id": run_id, "at": now} for item_id, who in plan.items() for name in who]
    if rows:
        db.execute(text("INSERT INTO review_assignments (item_id, name_key, reviewer, tenant, "
                        "run_id, at) VALUES (:item_id, :key, :reviewer, :tenant, :run_id, :at)"),
                   rows)


def load(db: Connection, tenant: str, run_id: str) -> dict[str, list[str]]:
    """The run's assignments: item id → reviewers (empty when the run is not split)."""
    rows = db.execute(text("SELECT item_id, reviewer FROM review_assignments WHERE tenant = "
                           ":tenant AND run_id = :run_id"),
                      {"tenant": tenant, "run_id": run_id}).mappings().fetchall()
    plan: dict[str, list[str]] = {}
    for row in rows:
        plan.setdefault(row["item_id"], []).append(row["reviewer"])
    return {item_id: sorted(who, key=name_key) for item_id, who in plan.items()}


def of_reviewer(plan: dict[str, list[str]], reviewer: str) -> set[str]:
    """The items assigned to ``reviewer`` (any spelling of the name)."""
    key = name_key(reviewer)
    return {item_id for item_id, who in plan.items() if key in {name_key(n) for n in who}}


def counts(plan: dict[str, list[str]]) -> dict[str, int]:
    """How many items each reviewer has, by name in the plan's spelling."""
    found: dict[str, int] = {}
    for who in plan.values():
        for name in who:
            found[name] = found.get(name, 0) + 1
    return dict(sorted(found.items(), key=lambda kv: name_key(kv[0])))
