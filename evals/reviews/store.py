"""The SQLite review store: imported runs, their items, ratings and preferences per tenant."""

from __future__ import annotations

import json
import sqlite3
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from pydantic import ValidationError

from core.errors import describe_errors
from core.storage.sqlite import connect, create
from evals.reviews.agreement import Agreement, run_agreement
from evals.reviews.export import write_csv
from evals.reviews.models import (
    CRITERIA,
    MAX_COMMENT,
    Choice,
    Criterion,
    EvalRun,
    ImportReport,
    ItemMark,
    Mark,
    Preference,
    PreferenceCriterion,
    Rating,
    ReviewError,
    ReviewItem,
    ReviewNotFoundError,
    reviewer_name,
)
from evals.reviews.progress import done_items, resume_at
from evals.reviews.reviewers import SCHEMA as REVIEWERS_SCHEMA
from evals.reviews.reviewers import claim
from evals.reviews.runs import COMPANION_KINDS, evals_dir, find_runs, run_items

_SCHEMA = """
CREATE TABLE IF NOT EXISTS review_runs (
    tenant TEXT NOT NULL,
    run_id TEXT NOT NULL,
    path TEXT NOT NULL,
    manifest TEXT NOT NULL,
    imported TEXT NOT NULL,
    PRIMARY KEY (tenant, run_id)
);
CREATE TABLE IF NOT EXISTS review_items (
    id TEXT PRIMARY KEY,
    tenant TEXT NOT NULL,
    run_id TEXT NOT NULL,
    scenario TEXT NOT NULL,
    trial INTEGER NOT NULL,
    asset_id TEXT NOT NULL,
    path TEXT NOT NULL,
    kind TEXT NOT NULL,
    format TEXT,
    width INTEGER,
    height INTEGER,
    position INTEGER NOT NULL,
    UNIQUE (tenant, run_id, scenario, trial, asset_id)
);
CREATE INDEX IF NOT EXISTS review_items_run ON review_items (tenant, run_id, position);
CREATE TABLE IF NOT EXISTS review_ratings (
    item_id TEXT NOT NULL REFERENCES review_items (id),
    reviewer TEXT NOT NULL,
    criterion TEXT NOT NULL,
    tenant TEXT NOT NULL,
    run_id TEXT NOT NULL,
    score INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
    comment TEXT NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (item_id, reviewer, criterion)
);
CREATE INDEX IF NOT EXISTS review_ratings_run ON review_ratings (tenant, run_id);
CREATE TABLE IF NOT EXISTS review_preferences (
    item_a TEXT NOT NULL REFERENCES review_items (id),
    item_b TEXT NOT NULL REFERENCES review_items (id),
    reviewer TEXT NOT NULL,
    criterion TEXT NOT NULL,
    tenant TEXT NOT NULL,
    run_id TEXT NOT NULL,
    choice TEXT NOT NULL CHECK (choice IN ('A', 'B', 'tie')),
    at TEXT NOT NULL,
    PRIMARY KEY (item_a, item_b, reviewer, criterion)
);
CREATE INDEX IF NOT EXISTS review_preferences_run ON review_preferences (tenant, run_id);
CREATE TABLE IF NOT EXISTS review_marks (
    item_id TEXT NOT NULL REFERENCES review_items (id),
    reviewer TEXT NOT NULL,
    tenant TEXT NOT NULL,
    run_id TEXT NOT NULL,
    mark TEXT NOT NULL CHECK (mark IN ('skip', 'flag')),
    note TEXT NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (item_id, reviewer)
);
CREATE INDEX IF NOT EXISTS review_marks_run ON review_marks (tenant, run_id);
""" + REVIEWERS_SCHEMA
_HIDDEN_KINDS = ", ".join(f"'{kind}'" for kind in sorted(COMPANION_KINDS))


def _now() -> str:
    return datetime.now(UTC).isoformat()


class ReviewStore:
    """Review items, ratings and preferences in SQLite (WAL, one short connection per call).

    Args:
        path: The SQLite file (created when missing).
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        create(self.path, _SCHEMA)

    def _connect(self) -> AbstractContextManager[sqlite3.Connection]:
        return connect(self.path)

    # -- runs and items --------------------------------------------------------------------

    def import_run(self, run: EvalRun) -> ImportReport:
        """Add the run's assets as items (idempotent: ratings and ids are kept)."""
        items, skipped = run_items(run)
        manifest = run.model_dump_json(exclude={"path", "tenant"})
        with self._connect() as db:
            before = self._count(db, run.tenant, run.run_id)
            db.execute(
                "INSERT INTO review_runs (tenant, run_id, path, manifest, imported) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (tenant, run_id) DO UPDATE SET "
                "path = excluded.path, manifest = excluded.manifest",
                (run.tenant, run.run_id, str(run.path), manifest, _now()),
            )
            db.executemany(
                "INSERT INTO review_items (id, tenant, run_id, scenario, trial, asset_id, path, "
                "kind, format, width, height, position) VALUES (:id, :tenant, :run_id, "
                ":scenario, :trial, :asset_id, :path, :kind, :format, :width, :height, "
                ":position) ON CONFLICT (id) DO UPDATE SET path = excluded.path, "
                "kind = excluded.kind, format = excluded.format, width = excluded.width, "
                "height = excluded.height, position = excluded.position",
                [item.model_dump() for item in items],
            )
            after = self._count(db, run.tenant, run.run_id)
        return ImportReport(run_id=run.run_id, items=after, added=after - before,
                            skipped=skipped)

    @staticmethod
    def _count(db: sqlite3.Connection, tenant: str, run_id: str) -> int:
        row = db.execute("SELECT COUNT(*) FROM review_items WHERE tenant = ? AND run_id = ?",
                         (tenant, run_id)).fetchone()
        return int(row[0])

    def runs(self, tenant: str) -> list[EvalRun]:
        """The tenant's imported runs, newest first."""
        with self._connect() as db:
            rows = db.execute("SELECT * FROM review_runs WHERE tenant = ?", (tenant,)).fetchall()
        runs = [_run(row) for row in rows]
        return sorted(runs, key=lambda run: (run.created, run.run_id), reverse=True)

    def run(self, tenant: str, run_id: str) -> EvalRun:
        """One imported run of the tenant.

        Raises:
            ReviewNotFoundError: Not imported (or another tenant's).
        """
        with self._connect() as db:
            row = db.execute("SELECT * FROM review_runs WHERE tenant = ? AND run_id = ?",
                             (tenant, run_id)).fetchone()
        if row is None:
            raise ReviewNotFoundError(f"There is no imported run {run_id!r}.",
                                      hint="Import it first (adstudio review import RUN_DIR).")
        return _run(row)

    def items(self, tenant: str, run_id: str) -> list[ReviewItem]:
        """The run's items in review order (empty for an unknown run).

        A video's preview and poster, which older imports made items of, are left out: they
        are shown with their video.
        """
        with self._connect() as db:
            rows = db.execute(
                "SELECT * FROM review_items WHERE tenant = ? AND run_id = ? AND kind NOT IN "
                f"({_HIDDEN_KINDS}) ORDER BY position",
                (tenant, run_id),
            ).fetchall()
        return [ReviewItem.model_validate(dict(row)) for row in rows]

    def item(self, tenant: str | None, item_id: str) -> ReviewItem:
        """One item of the tenant (of any tenant with None: only for signed URLs).

        Raises:
            ReviewNotFoundError: Unknown (or another tenant's).
        """
        with self._connect() as db:
            row = db.execute("SELECT * FROM review_items WHERE id = ? AND tenant = "
                             "COALESCE(?, tenant)", (item_id, tenant)).fetchone()
        if row is None:
            raise ReviewNotFoundError(f"There is no review item {item_id!r}.")
        return ReviewItem.model_validate(dict(row))

    def file(self, item: ReviewItem) -> Path:
        """The item's asset file on disk.

        Raises:
            ReviewNotFoundError: The file is gone (or the run moved away).
        """
        run = self.run(item.tenant, item.run_id)
        path = (run.path / item.path).resolve()
        if not path.is_relative_to(run.path) or not path.is_file():
            raise ReviewNotFoundError(f"The file of item {item.id} is gone ({item.path}).",
                                      hint="Import the run again from where it is now.")
        return path

    # -- ratings and preferences -----------------------------------------------------------

    def rate(self, tenant: str, item_id: str, reviewer: str, criterion: Criterion, score: int,
             comment: str = "") -> Rating:
        """Set the reviewer's score of an item on a criterion (replacing an earlier one).

        Raises:
            ReviewNotFoundError: Unknown item.
            ReviewError: Bad reviewer name, criterion, score or comment.
        """
        item = self.item(tenant, item_id)
        try:
            rating = Rating(item_id=item.id, reviewer=reviewer_name(reviewer),
                            criterion=criterion, score=score, comment=comment.strip(),
                            at=datetime.now(UTC))
        except ValidationError as exc:
            raise ReviewError(f"The rating is not valid: {describe_errors(exc.errors())}.",
                              hint=f"Give a score of 1 to 5 on one of: {', '.join(CRITERIA)}.",
                              ) from exc
        if len(rating.comment) > MAX_COMMENT:
            raise ReviewError(f"The comment is over {MAX_COMMENT} characters.")
        with self._connect() as db:
            db.execute(
                "INSERT INTO review_ratings (item_id, reviewer, criterion, tenant, run_id, score, "
                "comment, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (item_id, reviewer, "
                "criterion) DO UPDATE SET score = excluded.score, comment = excluded.comment, "
                "at = excluded.at",
                (rating.item_id, rating.reviewer, rating.criterion, tenant, item.run_id,
                 rating.score, rating.comment, rating.at.isoformat()),
            )
        return rating

    def comment(self, tenant: str, item_id: str, reviewer: str, comment: str) -> int:
        """Set the comment of every rating the reviewer gave the item; return how many."""
        item = self.item(tenant, item_id)
        if len(comment.strip()) > MAX_COMMENT:
            raise ReviewError(f"The comment is over {MAX_COMMENT} characters.")
        with self._connect() as db:
            cursor = db.execute(
                "UPDATE review_ratings SET comment = ? WHERE item_id = ? AND reviewer = ?",
                (comment.strip(), item.id, reviewer_name(reviewer)),
            )
        return cursor.rowcount

    def prefer(self, tenant: str, item_a: str, item_b: str, reviewer: str, choice: Choice,
               criterion: PreferenceCriterion = "overall") -> Preference:
        """Set the reviewer's choice between two items of one run (replacing an earlier one).

        The pair is kept in one order (smaller id first, the choice flipped to match), so
        asking about B vs A later replaces the answer about A vs B.

        Raises:
            ReviewNotFoundError: Unknown item.
            ReviewError: The same item twice, items of two runs, a bad choice or name.
        """
        first, second = self.item(tenant, item_a), self.item(tenant, item_b)
        if first.id == second.id or first.run_id != second.run_id:
            raise ReviewError("A preference compares two different items of the same run.")
        if first.id > second.id:
            first, second = second, first
            choice = _flipped(choice)
        try:
            preference = Preference(
                item_a=first.id, item_b=second.id, reviewer=reviewer_name(reviewer),
                criterion=criterion, choice=choice, at=datetime.now(UTC),
            )
        except ValidationError as exc:
            raise ReviewError(f"The preference is not valid: {describe_errors(exc.errors())}.",
                              hint="Choose A, B or tie.") from exc
        with self._connect() as db:
            db.execute(
                "INSERT INTO review_preferences (item_a, item_b, reviewer, criterion, tenant, "
                "run_id, choice, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (item_a, "
                "item_b, reviewer, criterion) DO UPDATE SET choice = excluded.choice, "
                "at = excluded.at",
                (preference.item_a, preference.item_b, preference.reviewer, criterion, tenant,
                 first.run_id, preference.choice, preference.at.isoformat()),
            )
        return preference

    def ratings(self, tenant: str, run_id: str, reviewer: str | None = None) -> list[Rating]:
        """The run's current ratings (one reviewer's, if given), in item order."""
        query = ("SELECT r.* FROM review_ratings r JOIN review_items i ON i.id = r.item_id "
                 "WHERE r.tenant = ? AND r.run_id = ?")
        params: tuple[str, ...] = (tenant, run_id)
        if reviewer is not None:
            query, params = query + " AND r.reviewer = ?", (*params, reviewer.strip())
        with self._connect() as db:
            rows = db.execute(query + " ORDER BY i.position, r.reviewer, r.criterion",
                              params).fetchall()
        return [Rating.model_validate(dict(row)) for row in rows]

    def preferences(self, tenant: str, run_id: str,
                    reviewer: str | None = None) -> list[Preference]:
        """The run's current preferences (one reviewer's, if given)."""
        query = "SELECT * FROM review_preferences WHERE tenant = ? AND run_id = ?"
        params: tuple[str, ...] = (tenant, run_id)
        if reviewer is not None:
            query, params = query + " AND reviewer = ?", (*params, reviewer.strip())
        with self._connect() as db:
            rows = db.execute(query + " ORDER BY at", params).fetchall()
        return [Preference.model_validate(dict(row)) for row in rows]

    def progress(self, tenant: str, run_id: str, reviewer: str) -> tuple[int, int]:
        """``(done, total)`` of the reviewer's items and the run's.

        Done: rated on every criterion, or flagged.
        """
        done = done_items(self.ratings(tenant, run_id, reviewer),
                          self.marks(tenant, run_id, reviewer))
        items = self.items(tenant, run_id)
        return len(done & {item.id for item in items}), len(items)

    def resume(self, tenant: str, run_id: str, reviewer: str) -> ReviewItem | None:
        """Where the reviewer goes on: the first item not done (skipped ones last).

        None when every item is done.
        """
        return resume_at(self.items(tenant, run_id), self.ratings(tenant, run_id, reviewer),
                         self.marks(tenant, run_id, reviewer))

    # -- reviewers and marks ---------------------------------------------------------------

    def claim(self, tenant: str, reviewer: str, token: str | None) -> str:
        """The reviewer's name, claimed for this browser's token on first use.

        See :mod:`evals.reviews.reviewers`.

        Raises:
            ReviewError: A bad name or no token.
            ReviewerTakenError: Another browser holds the name.
        """
        with self._connect() as db:
            return claim(db, tenant, reviewer, token, _now())

    def mark(self, tenant: str, item_id: str, reviewer: str, mark: Mark,
             note: str = "") -> ItemMark:
        """Skip or flag an item for the reviewer (replacing an earlier mark).

        Raises:
            ReviewNotFoundError: Unknown item.
            ReviewError: Bad reviewer name, mark or note.
        """
        item = self.item(tenant, item_id)
        try:
            marked = ItemMark(item_id=item.id, reviewer=reviewer_name(reviewer), mark=mark,
                              note=note.strip(), at=datetime.now(UTC))
        except ValidationError as exc:
            raise ReviewError(f"The mark is not valid: {describe_errors(exc.errors())}.",
                              hint="Mark an item as skip or flag.") from exc
        if len(marked.note) > MAX_COMMENT:
            raise ReviewError(f"The note is over {MAX_COMMENT} characters.")
        with self._connect() as db:
            db.execute(
                "INSERT INTO review_marks (item_id, reviewer, tenant, run_id, mark, note, at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (item_id, reviewer) DO UPDATE SET "
                "mark = excluded.mark, note = excluded.note, at = excluded.at",
                (marked.item_id, marked.reviewer, tenant, item.run_id, marked.mark,
                 marked.note, marked.at.isoformat()),
            )
        return marked

    def unmark(self, tenant: str, item_id: str, reviewer: str) -> bool:
        """Take the reviewer's skip or flag off an item; return whether there was one."""
        item = self.item(tenant, item_id)
        with self._connect() as db:
            cursor = db.execute("DELETE FROM review_marks WHERE item_id = ? AND reviewer = ?",
                                (item.id, reviewer_name(reviewer)))
        return cursor.rowcount > 0

    def marks(self, tenant: str, run_id: str, reviewer: str | None = None) -> list[ItemMark]:
        """The run's skips and flags (one reviewer's, if given)."""
        query = "SELECT * FROM review_marks WHERE tenant = ? AND run_id = ?"
        params: tuple[str, ...] = (tenant, run_id)
        if reviewer is not None:
            query, params = query + " AND reviewer = ?", (*params, reviewer.strip())
        with self._connect() as db:
            rows = db.execute(query + " ORDER BY at", params).fetchall()
        return [ItemMark.model_validate(dict(row)) for row in rows]

    def reviewers(self, tenant: str, run_id: str) -> list[str]:
        """Everyone who rated or compared an item of the run."""
        names = {r.reviewer for r in self.ratings(tenant, run_id)}
        names |= {p.reviewer for p in self.preferences(tenant, run_id)}
        return sorted(names)

    def agreement(self, tenant: str, run_id: str) -> Agreement:
        """Inter-reviewer agreement of the run, per criterion and on the preferences."""
        return run_agreement(run_id, self.ratings(tenant, run_id),
                             self.preferences(tenant, run_id))

    # -- export ----------------------------------------------------------------------------

    def export_csv(self, tenant: str, run_id: str, out: TextIO) -> int:
        """Write the run's ratings and preferences as CSV; return the rows written.

        See :func:`~evals.reviews.export.write_csv` for the columns.
        """
        return write_csv(self.items(tenant, run_id), self.ratings(tenant, run_id),
                         self.preferences(tenant, run_id), out)


def _flipped(choice: Choice) -> Choice:
    """The same choice with A and B swapped."""
    return "B" if choice == "A" else "A" if choice == "B" else choice


def _run(row: sqlite3.Row) -> EvalRun:
    manifest = json.loads(row["manifest"])
    return EvalRun(**manifest, tenant=row["tenant"], path=Path(row["path"]))


def review_store(data_dir: Path) -> ReviewStore:
    """The deployment's review store (``reviews.sqlite`` in the data dir)."""
    return ReviewStore(data_dir / "reviews.sqlite")


def visible_runs(store: ReviewStore, data_dir: Path, default_tenant: str,
                 tenant: str) -> list[EvalRun]:
    """The tenant's runs: those under ``<data_dir>/evals`` it owns and those it imported.

    Args:
        store: The review store.
        data_dir: The deployment's data dir.
        default_tenant: Owner of runs whose ``run.json`` names no tenant.
        tenant: Whose runs.
    """
    found = {run.run_id: run for run in find_runs(evals_dir(data_dir), default_tenant)
             if run.tenant == tenant}
    for run in store.runs(tenant):
        found.setdefault(run.run_id, run)
    return sorted(found.values(), key=lambda run: (run.created, run.run_id), reverse=True)


def open_run(store: ReviewStore, data_dir: Path, default_tenant: str, tenant: str,
             run_id: str) -> EvalRun:
    """The tenant's run ``run_id``: on disk under ``<data_dir>/evals``, else as imported.

    Raises:
        ReviewNotFoundError: No such run the tenant owns.
    """
    for run in visible_runs(store, data_dir, default_tenant, tenant):
        if run.run_id == run_id:
            return run
    raise ReviewNotFoundError(f"There is no eval run {run_id!r}.",
                              hint="List the runs (adstudio review runs) or run an eval first.")
