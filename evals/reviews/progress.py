"""When an item is done for a reviewer, and where a reviewer resumes.

An item is done when the reviewer rated it on every criterion of its run (every rubric
criterion, or those the run's reviewers chose: :mod:`~evals.reviews.criteria`), or flagged
it (it cannot be rated as shown). A skipped item is not done: it comes back once nothing
else is left. A reviewer the run's items were split among (:mod:`~evals.reviews.assignment`)
walks their own items first.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable

from evals.reviews.models import CRITERIA, ItemMark, Rating, ReviewItem


def done_items(ratings: Iterable[Rating], marks: Iterable[ItemMark],
               criteria: Collection[str] = tuple(CRITERIA)) -> set[str]:
    """Ids of the items done: rated on every one of ``criteria``, or flagged (one reviewer's)."""
    rated: dict[str, set[str]] = defaultdict(set)
    for rating in ratings:
        rated[rating.item_id].add(rating.criterion)
    done = {item_id for item_id, keys in rated.items() if keys >= set(criteria)}
    return done | {mark.item_id for mark in marks if mark.mark == "flag"}


def resume_at(items: Iterable[ReviewItem], ratings: Iterable[Rating],
              marks: Iterable[ItemMark], criteria: Collection[str] = tuple(CRITERIA),
              assigned: Collection[str] = frozenset()) -> ReviewItem | None:
    """Where a reviewer goes on: their first assigned item not done and not skipped.

    Then their first assigned skipped one, then the same among the run's other items;
    None when all are done (items in review order, ratings and marks of one reviewer).
    """
    marks = list(marks)
    done = done_items(ratings, marks, criteria)
    skipped = {mark.item_id for mark in marks if mark.mark == "skip"}
    waiting = [item for item in sorted(items, key=lambda i: i.position) if item.id not in done]
    mine = [item for item in waiting if item.id in assigned]
    others = [item for item in waiting if item.id not in assigned]
    for group in (mine, others):
        fresh = [item for item in group if item.id not in skipped]
        if group:
            return (fresh or group)[0]
    return None


def missing(item_id: str, ratings: Iterable[Rating],
            criteria: Iterable[str] = tuple(CRITERIA)) -> list[str]:
    """The criteria (keys) the reviewer has not rated the item on yet, in ``criteria``'s order."""
    rated = {rating.criterion for rating in ratings if rating.item_id == item_id}
    return [key for key in criteria if key not in rated]
