"""The criteria one run is rated on: a choice among the rubric's, plus the reviewers' own.

A run with nothing chosen is rated on every rubric criterion (:func:`~evals.reviews.rubric.rubric`).
Its reviewers (or its owner) may keep only some (say product fidelity and text quality) and
add up to :data:`MAX_OWN` criteria of their own, each with a question and an anchor per score.
"An item is done when every criterion is rated" then counts the run's criteria. The choice
is the review store's ``review_run_criteria`` table (one row per criterion of the run).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

from pydantic import ValidationError
from sqlalchemy import Connection, text

from core.errors import describe_errors
from evals.reviews.models import CRITERIA, SCORES, ReviewError, reviewer_name
from evals.reviews.rubric import CriterionRubric, rubric

MAX_OWN = 3
"""How many criteria of their own a run's reviewers may add (the tab has room for so many)."""
OWN_PREFIX = "own_"
MAX_LABEL = 40
MAX_TEXT = 300


def own_key(label: str) -> str:
    """The key of a criterion a reviewer added, from its name ('Logo size' → 'own_logo_size').

    Raises:
        ReviewError: A name without a letter or digit.
    """
    slug = re.sub(r"[^a-z0-9]+", "_", label.casefold()).strip("_")[:MAX_LABEL]
    if not slug:
        raise ReviewError("A criterion needs a name with letters or digits.")
    return OWN_PREFIX + slug


def parse_anchors(lines: str) -> dict[int, str]:
    """What each score looks like, from five lines (worst first; a leading '1:' is dropped).

    Raises:
        ReviewError: Not exactly five non-empty lines.
    """
    found = [re.sub(r"^\s*[1-5]\s*[:.)=-]\s*", "", line).strip()
             for line in lines.splitlines() if line.strip()]
    if len(found) != len(SCORES):
        raise ReviewError(f"Describe each score on its own line: 5 lines, 1 (worst) to 5 "
                          f"(best); there are {len(found)}.")
    return dict(zip(SCORES, found, strict=True))


def own_criterion(label: str, question: str, anchors: dict[int, str]) -> CriterionRubric:
    """A criterion of the reviewers' own, checked.

    Raises:
        ReviewError: An empty or long name or question, a clash with a rubric criterion,
            or a score without its anchor.
    """
    name, ask = " ".join(label.split()), " ".join(question.split())
    if len(name) > MAX_LABEL or len(ask) > MAX_TEXT:
        raise ReviewError(f"Keep the name under {MAX_LABEL} characters and the question "
                          f"under {MAX_TEXT}.")
    if name.casefold() in {known.casefold() for known in CRITERIA.values()}:
        raise ReviewError(f"{name!r} is already a criterion of the rubric: tick it instead.")
    try:
        criterion = CriterionRubric(key=own_key(name), label=name, question=ask,
                                    anchors=anchors)
    except ValidationError as exc:
        raise ReviewError(f"The criterion is not valid: {describe_errors(exc.errors())}.",
                          hint="Give it a name, a question and what each score looks like.",
                          ) from exc
    if set(criterion.anchors) != set(SCORES) or not all(
            a.strip() and len(a) <= MAX_TEXT for a in criterion.anchors.values()):
        raise ReviewError("Say what each score 1 to 5 looks like (a line each).")
    return criterion


def is_own(key: str) -> bool:
    """Whether a criterion is one reviewers added (not one of the rubric)."""
    return key.startswith(OWN_PREFIX)


def run_criteria(db: Connection, tenant: str, run_id: str) -> list[CriterionRubric]:
    """The criteria the run is rated on, in display order (every rubric one if none chosen)."""
    rows = db.execute(
        text("SELECT criterion, label, question, anchors FROM review_run_criteria "
             "WHERE tenant = :tenant AND run_id = :run_id ORDER BY position"),
        {"tenant": tenant, "run_id": run_id},
    ).mappings().fetchall()
    if not rows:
        return list(rubric().values())
    return [CriterionRubric(key=row["criterion"], label=row["label"], question=row["question"],
                            anchors={int(k): v for k, v in json.loads(row["anchors"]).items()})
            for row in rows]


def _write(db: Connection, tenant: str, run_id: str, criteria: Iterable[CriterionRubric],
           by: str, now: str) -> None:
    """Replace the run's criteria with ``criteria``, in that order."""
    params = {"tenant": tenant, "run_id": run_id}
    db.execute(text("DELETE FROM review_run_criteria WHERE tenant = :tenant "
                    "AND run_id = :run_id"), params)
    rows = [{**params, "criterion": c.key, "position": position, "label": c.label,
             "question": c.question, "anchors": json.dumps(c.anchors), "by": by, "at": now}
            for position, c in enumerate(criteria)]
    if rows:
        db.execute(text("INSERT INTO review_run_criteria (tenant, run_id, criterion, position, "
                        "label, question, anchors, set_by, at) VALUES (:tenant, :run_id, "
                        ":criterion, :position, :label, :question, :anchors, :by, :at)"), rows)


def choose(db: Connection, tenant: str, run_id: str, keys: Iterable[str], by: str,
           now: str) -> list[CriterionRubric]:
    """Rate the run on ``keys`` only: rubric criteria and the run's own (others are dropped).

    Rubric criteria keep the rubric's order, the run's own follow in the order they were
    added; an own criterion left out is removed (add it again to bring it back).

    Raises:
        ReviewError: No criterion, one that is neither the rubric's nor the run's, or an
            empty name of who chose.
    """
    wanted = set(keys)
    if not wanted:
        raise ReviewError("Keep at least one criterion to rate on.")
    own = [c for c in run_criteria(db, tenant, run_id) if is_own(c.key)]
    unknown = wanted - set(CRITERIA) - {c.key for c in own}
    if unknown:
        raise ReviewError(f"Unknown criteria: {', '.join(sorted(unknown))}.")
    kept = [entry for key, entry in rubric().items() if key in wanted]
    kept += [c for c in own if c.key in wanted]
    _write(db, tenant, run_id, kept, reviewer_name(by), now)
    return kept


def add_own(db: Connection, tenant: str, run_id: str, criterion: CriterionRubric, by: str,
            now: str) -> list[CriterionRubric]:
    """Add a criterion of the reviewers' own to the run (after its current ones).

    Raises:
        ReviewError: One of that name already, or :data:`MAX_OWN` own criteria already.
    """
    current = run_criteria(db, tenant, run_id)
    if criterion.key in {c.key for c in current}:
        raise ReviewError(f"This run already has a criterion named {criterion.label!r}.")
    if sum(is_own(c.key) for c in current) >= MAX_OWN:
        raise ReviewError(f"A run can have {MAX_OWN} criteria of its own at most.",
                          hint="Untick one you no longer need first.")
    _write(db, tenant, run_id, [*current, criterion], reviewer_name(by), now)
    return [*current, criterion]
