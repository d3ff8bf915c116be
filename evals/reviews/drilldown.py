"""Drilling into disagreements: the items reviewers differ most on, and all they said on one.

:func:`item_spreads` ranks the items by how far apart their scores are (the widest gap
over their criteria, then the sum of gaps); :func:`item_reviews` gathers, for one item,
every reviewer's score per criterion, their comment and any flag note.
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, Field

from evals.reviews.models import ItemMark, Rating


class ItemSpread(BaseModel):
    """How far apart an item's scores are, per criterion rated by two reviewers or more."""

    item_id: str
    spreads: dict[str, int] = Field(description="Criterion → highest minus lowest score.")

    @property
    def widest(self) -> int:
        """The largest gap over the item's criteria."""
        return max(self.spreads.values())


class ReviewerView(BaseModel):
    """What one reviewer said about one item."""

    reviewer: str
    scores: dict[str, int] = Field(default_factory=dict, description="Criterion → score.")
    comment: str = ""
    flag: str | None = Field(None, description="The flag's note ('' without one); None: no flag.")


def item_spreads(ratings: Iterable[Rating], min_spread: int = 2) -> list[ItemSpread]:
    """Items with a gap of ``min_spread`` or more on some criterion, widest first.

    Ties keep the order of the ratings (the run's item order).
    """
    table: dict[str, dict[str, list[int]]] = {}
    for rating in ratings:
        table.setdefault(rating.item_id, {}).setdefault(rating.criterion, []).append(rating.score)
    found = []
    for item_id, by_criterion in table.items():
        spreads = {key: max(scores) - min(scores) for key, scores in by_criterion.items()
                   if len(scores) >= 2}
        if spreads and max(spreads.values()) >= min_spread:
            found.append(ItemSpread(item_id=item_id, spreads=spreads))
    return sorted(found, key=lambda s: (-s.widest, -sum(s.spreads.values())))


def item_reviews(item_id: str, ratings: Iterable[Rating],
                 marks: Iterable[ItemMark]) -> list[ReviewerView]:
    """Every reviewer's scores, comment and flag on one item, by name."""
    views: dict[str, ReviewerView] = {}
    for rating in ratings:
        if rating.item_id == item_id:
            view = views.setdefault(rating.reviewer, ReviewerView(reviewer=rating.reviewer))
            view.scores[rating.criterion] = rating.score
            view.comment = rating.comment or view.comment
    for mark in marks:
        if mark.item_id == item_id and mark.mark == "flag":
            views.setdefault(mark.reviewer, ReviewerView(reviewer=mark.reviewer)).flag = mark.note
    return [views[name] for name in sorted(views)]
