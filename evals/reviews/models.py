"""Review records: the criteria, runs, items, ratings and preferences, and review errors."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

from core.errors import CapabilityError

CRITERIA: dict[str, str] = {
    "brief_fit": "Brief fit",
    "product_fidelity": "Product fidelity",
    "text_quality": "Text quality",
    "brand_fit": "Brand fit",
    "would_publish": "Would publish",
}
"""The criteria items are rated on (key: label), in display order."""
Criterion = Literal["brief_fit", "product_fidelity", "text_quality", "brand_fit", "would_publish"]
PreferenceCriterion = Literal[
    "overall", "brief_fit", "product_fidelity", "text_quality", "brand_fit", "would_publish"
]
Choice = Literal["A", "B", "tie"]
Mark = Literal["skip", "flag"]
"""A reviewer's mark on an item: passed over for now (skip), or not ratable as shown (flag)."""
SCORES = (1, 2, 3, 4, 5)
MAX_REVIEWER = 64
MAX_COMMENT = 2000


class ReviewError(CapabilityError):
    """Review input that cannot be used (a broken run folder, an empty reviewer name)."""


class ReviewNotFoundError(ReviewError):
    """A run or item that does not exist (or belongs to another tenant)."""


class EvalRun(BaseModel):
    """A run found on disk (or imported), with its owner and folder."""

    run_id: str
    tenant: str
    path: Path
    suite: str = ""
    engine: str = ""
    created: str = ""
    repeat: int = 1
    scenarios: list[str] = Field(default_factory=list)


class ReviewItem(BaseModel):
    """One asset of a run to review, linked to its run, scenario and trial."""

    id: str
    tenant: str
    run_id: str
    scenario: str
    trial: int
    asset_id: str
    path: str = Field(description="Relative to the run folder.")
    kind: str
    format: str | None = None
    width: int | None = None
    height: int | None = None
    position: int = 0


class ImportReport(BaseModel):
    """What importing a run did."""

    run_id: str
    items: int = Field(description="Items the run has now.")
    added: int = Field(description="Items new with this import.")
    skipped: list[str] = Field(default_factory=list, description="Assets left out, and why.")


class Rating(BaseModel):
    """A reviewer's current score of an item on one criterion.

    The criterion is a rubric one (:data:`CRITERIA`) or one a run's reviewers added
    (:mod:`~evals.reviews.criteria`); the store checks it is one the run is rated on.
    """

    item_id: str
    reviewer: str
    criterion: str = Field(min_length=1, max_length=80)
    score: int = Field(ge=1, le=5)
    comment: str = ""
    at: datetime


class ItemMark(BaseModel):
    """A reviewer's skip or flag of an item, with an optional note (why it is flagged)."""

    item_id: str
    reviewer: str
    mark: Mark
    note: str = ""
    at: datetime


class Preference(BaseModel):
    """A reviewer's current choice between two items (stored with ``item_a < item_b``)."""

    item_a: str
    item_b: str
    reviewer: str
    criterion: PreferenceCriterion
    choice: Choice
    at: datetime


def reviewer_name(reviewer: str) -> str:
    """A reviewer's name, trimmed.

    Raises:
        ReviewError: Empty or longer than 64 characters.
    """
    name = reviewer.strip()
    if not name or len(name) > MAX_REVIEWER:
        raise ReviewError("A reviewer needs a name of 1 to 64 characters.",
                          hint="Type your name in the reviewer box (it keeps your ratings apart).")
    return name


def comparable(item: ReviewItem) -> tuple[str, str, int | None, int | None]:
    """What two items must share to be compared: scenario, kind and pixel size.

    The size stands for the placement (a 1080×1080 square is never set against a 300×250
    banner), the kind keeps an image away from a storyboard or a video.
    """
    return item.scenario, item.kind, item.width, item.height


def pairs(items: Iterable[ReviewItem]) -> list[tuple[ReviewItem, ReviewItem | None]]:
    """The items two by two for side-by-side review, only ever of comparable items.

    Items of one :func:`comparable` group pair in order (1st with 2nd, 3rd with 4th, ...);
    the last of a group with an odd count stands alone (None as its partner). Pairs come in
    the order of their first item.
    """
    groups: dict[tuple[str, str, int | None, int | None], list[ReviewItem]] = {}
    for item in sorted(items, key=lambda item: item.position):
        groups.setdefault(comparable(item), []).append(item)
    result: list[tuple[ReviewItem, ReviewItem | None]] = []
    for members in groups.values():
        for i in range(0, len(members), 2):
            result.append((members[i], members[i + 1] if i + 1 < len(members) else None))
    return sorted(result, key=lambda pair: pair[0].position)
