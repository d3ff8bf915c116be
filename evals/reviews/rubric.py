"""The rubric reviewers rate against: a question and one anchor example per score.

The text is data (``rubric.yaml`` beside this module) so it can be reworded without code;
it must name exactly the criteria of :data:`~evals.reviews.models.CRITERIA` and give an
anchor for every score 1–5.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml
from pydantic import BaseModel, Field, ValidationError

from core.errors import describe_errors
from evals.reviews.models import CRITERIA, SCORES, ReviewError

RUBRIC_FILE = Path(__file__).with_name("rubric.yaml")


class CriterionRubric(BaseModel):
    """What one criterion asks and what each score looks like."""

    key: str
    label: str = Field(min_length=1)
    question: str = Field(min_length=1)
    anchors: dict[int, str] = Field(description="Score (1–5) → an anchor example.")


def read_rubric(path: Path) -> dict[str, CriterionRubric]:
    """The rubric in ``path`` (criterion key → its rubric), in the order of CRITERIA.

    Raises:
        ReviewError: Unreadable, a criterion missing or extra, a score without an anchor.
    """
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ReviewError(f"The rubric {path} cannot be read: {exc}.") from exc
    if not isinstance(raw, dict) or set(raw) != set(CRITERIA):
        found = sorted(raw) if isinstance(raw, dict) else []
        raise ReviewError(f"The rubric {path} must describe exactly {sorted(CRITERIA)}; "
                          f"it has {found}.")
    rubric: dict[str, CriterionRubric] = {}
    for key in CRITERIA:
        try:
            entry = CriterionRubric.model_validate({**(raw[key] or {}), "key": key})
        except (ValidationError, TypeError) as exc:
            reason = describe_errors(exc.errors()) if isinstance(exc, ValidationError) else exc
            raise ReviewError(f"The rubric of {key} in {path} is not valid: {reason}.") from exc
        if set(entry.anchors) != set(SCORES) or not all(t.strip() for t in entry.anchors.values()):
            raise ReviewError(f"The rubric of {key} in {path} needs one anchor per score 1–5.")
        rubric[key] = entry
    return rubric


@cache
def rubric() -> dict[str, CriterionRubric]:
    """The shipped rubric (read once)."""
    return read_rubric(RUBRIC_FILE)
