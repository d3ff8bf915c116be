"""When an item is done for a reviewer, and where a reviewer resumes.

An item is done when the reviewer rated it on every criterion, or flagged it (it cannot be
rated as shown). A skipped item is not done: it comes back once nothing else is left.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from evals.reviews.models import CRITERIA, ItemMark, Rating, ReviewItem


def done_items(ratings: Iterable[Rating], marks: Iterable[ItemMark]) -> set[str]:
    """Ids of the items done: rated on every criterion, or flagged (one reviewer's data)."""
    rated: dict[str, set[str]] = defaultdict(set)
    for rating in ratings:
        rated[rating.item_id].add(rating.criterion)
    done = {item_id for item_id, criteria in rated.items() if criteria >= set(CRITERIA)}
    return done | {mark.item_id for mark in marks if mark.mark == "flag"}


def resume_at(items: Iterable[ReviewItem], ratings: Iterable[Rating],
              marks: Iterable[ItemMark]) -> ReviewItem | None:
    """Where a reviewer goes on: the first item not done and not skipped.

    Else the first skipped one; None when all are done (items in review order, ratings and
    marks of one reviewer).
    """
    marks = list(marks)
    done = done_items(ratings, marks)
    skipped = {mark.item_id for mark in marks if mark.mark == "skip"}
    waiting = [item for item in sorted(items, key=lambda i: i.position) if item.id not in done]
    fresh = [item for item in waiting if item.id not in skipped]
    return (fresh or waiting)[0] if waiting else None


def missing(item_id: str, ratings: Iterable[Rating]) -> list[str]:
    """The criteria (keys) the reviewer has not rated the item on yet, in display order."""
    rated = {rating.criterion for rating in ratings if rating.item_id == item_id}
    return [key for key in CRITERIA if key not in rated]
