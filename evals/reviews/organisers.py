"""Who organises a run: the first person who sets its criteria, split or answer key.

Once a run has an organiser, only they set those up (the Review tab shows its set-up
panels, the answer key and the agreement to them only; others see who organises).
Names match the way reviewer names do (:func:`~evals.reviews.reviewers.name_key`).
"""

from __future__ import annotations

from sqlalchemy import Connection, text

from evals.reviews.models import ReviewError, reviewer_name
from evals.reviews.reviewers import name_key


def organiser(db: Connection, tenant: str, run_id: str) -> str | None:
    """The run's organiser (None: nobody set anything up yet)."""
    found = db.execute(text("SELECT organiser FROM review_organisers WHERE tenant = :tenant "
                            "AND run_id = :run_id"),
                       {"tenant": tenant, "run_id": run_id}).scalar_one_or_none()
    return None if found is None else str(found)


def organise(db: Connection, tenant: str, run_id: str, name: str, now: str) -> str:
    """Make ``name`` the run's organiser unless it has one; return the organiser's name.

    Raises:
        ReviewError: Someone else organises the run, or a bad name.
    """
    name = reviewer_name(name)
    db.execute(text("INSERT INTO review_organisers (tenant, run_id, name_key, organiser, at) "
                    "VALUES (:tenant, :run_id, :key, :name, :at) ON CONFLICT (tenant, run_id) "
                    "DO NOTHING"),
               {"tenant": tenant, "run_id": run_id, "key": name_key(name), "name": name,
                "at": now})
    holder = organiser(db, tenant, run_id) or name
    if name_key(holder) != name_key(name):
        raise ReviewError(f"{holder} organises this run: only they set its criteria, split "
                          "and answer key.")
    return holder
