"""Which score row of the Review tab shows which criterion of the run.

Gradio lays out its components once, so each side of the tab has a fixed set of score
rows: one per rubric criterion (shown when the run is rated on it) and
:data:`~evals.reviews.criteria.MAX_OWN` more for the criteria a run's reviewers added
(``own1``, ``own2``, ...), filled in the order they were added and hidden when unused.
"""

from __future__ import annotations

from evals.reviews.criteria import MAX_OWN, is_own
from evals.reviews.models import CRITERIA
from evals.reviews.rubric import CriterionRubric

OWN_SLOTS = tuple(f"own{n}" for n in range(1, MAX_OWN + 1))
SLOTS = (*CRITERIA, *OWN_SLOTS)
"""Every score row of one side, top to bottom."""


def slot_map(criteria: list[CriterionRubric]) -> dict[str, CriterionRubric | None]:
    """Score row → the criterion it shows (None: hidden), for a run's criteria."""
    chosen = {c.key: c for c in criteria}
    own = [c for c in criteria if is_own(c.key)]
    shown: dict[str, CriterionRubric | None] = {key: chosen.get(key) for key in CRITERIA}
    shown.update({slot: own[n] if n < len(own) else None for n, slot in enumerate(OWN_SLOTS)})
    return shown


def criterion_of(criteria: list[CriterionRubric], slot: str) -> str | None:
    """The criterion key a score row stands for (None: the row shows nothing now)."""
    entry = slot_map(criteria).get(slot)
    return entry.key if entry else None
