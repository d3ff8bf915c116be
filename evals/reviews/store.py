"""The review store: imported runs, their items, ratings and preferences per tenant.

Embedded, it is ``reviews.sqlite`` in the data dir; with ``ADSTUDIO_DATABASE_URL`` set, its
tables live in that PostgreSQL database, shared by every replica. Its schema is migrated
with Alembic (``evals/migrations/reviews``) when it is opened.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from pydantic import ValidationError
from sqlalchemy import Connection, RowMapping, text

from core.errors import describe_errors
from core.storage.database import make_engine, reading, sqlite_url, store_url, writing
from core.storage.migrations import Schema, upgrade
from evals.migrations import MIGRATIONS
from evals.reviews import assignment, criteria, gold, organisers
from evals.reviews.agreement import Agreement, run_agreement
from evals.reviews.export import write_csv
from evals.reviews.gold import GoldChoice, GoldResult, GoldScore
from evals.reviews.models import (
    CRITERIA,
    MAX_COMMENT,
    Choice,
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
    pairs,
    reviewer_name,
)
from evals.reviews.progress import done_items, resume_at
from evals.reviews.reviewers import claim
from evals.reviews.rubric import CriterionRubric
from evals.reviews.runs import COMPANION_KINDS, evals_dir, find_runs, run_items

SCHEMA = Schema("reviews", MIGRATIONS / "reviews")
"""The review tables (with the reviewers' claims) and their migrations."""
_HIDDEN_KINDS = ", ".join(f"'{kind}'" for kind in sorted(COMPANION_KINDS))


def _now() -> str:
    return datetime.now(UTC).isoformat()


class ReviewStore:
    """Review items, ratings and preferences on SQLite or PostgreSQL (a pooled connection per call).

    Args:
        where: An SQLite file, or a database URL (``sqlite:///…``, ``postgresql://…``).
            The tables are created or upgraded on opening.
    """

    def __init__(self, where: Path | str) -> None:
        self.url = sqlite_url(where) if isinstance(where, Path) else where
        self.engine = make_engine(self.url)
        upgrade(self.engine, SCHEMA)

    # -- runs and items --------------------------------------------------------------------

    def import_run(self, run: EvalRun) -> ImportReport:
        """Add the run's assets as items (idempotent: ratings and ids are kept)."""
        items, skipped = run_items(run)
        manifest = run.model_dump_json(exclude={"path", "tenant"})
        with writing(self.engine) as db:
            before = self._count(db, run.tenant, run.run_id)
            db.execute(
                text("INSERT INTO review_runs (tenant, run_id, path, manifest, imported) "
                     "VALUES (:tenant, :run_id, :path, :manifest, :imported) ON CONFLICT "
                     "(tenant, run_id) DO UPDATE SET path = excluded.path, "
                     "manifest = excluded.manifest"),
                {"tenant": run.tenant, "run_id": run.run_id, "path": str(run.path),
                 "manifest": manifest, "imported": _now()},
            )
            if items:  # (one statement, executed per item)
                db.execute(
                    text("INSERT INTO review_items (id, tenant, run_id, scenario, trial, "
                         "asset_id, path, kind, format, width, height, position) VALUES (:id, "
                         ":tenant, :run_id, :scenario, :trial, :asset_id, :path, :kind, "
                         ":format, :width, :height, :position) ON CONFLICT (id) DO UPDATE SET "
                         "path = excluded.path, kind = excluded.kind, format = excluded.format, "
                         "width = excluded.width, height = excluded.height, "
                         "position = excluded.position"),
                    [item.model_dump() for item in items],
                )
            after = self._count(db, run.tenant, run.run_id)
        return ImportReport(run_id=run.run_id, items=after, added=after - before,
                            skipped=skipped)

    @staticmethod
    def _count(db: Connection, tenant: str, run_id: str) -> int:
        count = db.execute(
            text("SELECT COUNT(*) FROM review_items WHERE tenant = :tenant AND run_id = :run_id"),
            {"tenant": tenant, "run_id": run_id},
        ).scalar_one()
        return int(count)

    def runs(self, tenant: str) -> list[EvalRun]:
        """The tenant's imported runs, newest first."""
        with reading(self.engine) as db:
            rows = db.execute(text("SELECT * FROM review_runs WHERE tenant = :tenant"),
                              {"tenant": tenant}).mappings().fetchall()
        runs = [_run(row) for row in rows]
        return sorted(runs, key=lambda run: (run.created, run.run_id), reverse=True)

    def run(self, tenant: str, run_id: str) -> EvalRun:
        """One imported run of the tenant.

        Raises:
            ReviewNotFoundError: Not imported (or another tenant's).
        """
        with reading(self.engine) as db:
            row = db.execute(
                text("SELECT * FROM review_runs WHERE tenant = :tenant AND run_id = :run_id"),
                {"tenant": tenant, "run_id": run_id},
            ).mappings().fetchone()
        if row is None:
            raise ReviewNotFoundError(f"There is no imported run {run_id!r}.",
                                      hint="Import it first (adstudio review import RUN_DIR).")
        return _run(row)

    def items(self, tenant: str, run_id: str) -> list[ReviewItem]:
        """The run's items in review order (empty for an unknown run).

        A video's preview and poster, which older imports made items of, are left out: they
        are shown with their video.
        """
        with reading(self.engine) as db:
            rows = db.execute(
                text("SELECT * FROM review_items WHERE tenant = :tenant AND run_id = :run_id "
                     f"AND kind NOT IN ({_HIDDEN_KINDS}) ORDER BY position"),
                {"tenant": tenant, "run_id": run_id},
            ).mappings().fetchall()
        return [ReviewItem.model_validate(dict(row)) for row in rows]

    def item(self, tenant: str | None, item_id: str) -> ReviewItem:
        """One item of the tenant (of any tenant with None: only for signed URLs).

        Raises:
            ReviewNotFoundError: Unknown (or another tenant's).
        """
        query, params = "SELECT * FROM review_items WHERE id = :id", {"id": item_id}
        if tenant is not None:
            query, params = query + " AND tenant = :tenant", {**params, "tenant": tenant}
        with reading(self.engine) as db:
            row = db.execute(text(query), params).mappings().fetchone()
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

    def rate(self, tenant: str, item_id: str, reviewer: str, criterion: str, score: int,
             comment: str = "") -> Rating:
        """Set the reviewer's score of an item on a criterion (replacing an earlier one).

        Raises:
            ReviewNotFoundError: Unknown item.
            ReviewError: Bad reviewer name, score or comment, or a criterion the item's run
                is not rated on.
        """
        item = self.item(tenant, item_id)
        keys = [c.key for c in self.criteria(tenant, item.run_id)]
        if criterion not in keys:
            raise ReviewError(f"The rating is not valid: {criterion!r} is not a criterion of "
                              "this run.", hint=f"Rate on one of: {', '.join(keys)}.")
        try:
            rating = Rating(item_id=item.id, reviewer=reviewer_name(reviewer),
                            criterion=criterion, score=score, comment=comment.strip(),
                            at=datetime.now(UTC))
        except ValidationError as exc:
            raise ReviewError(f"The rating is not valid: {describe_errors(exc.errors())}.",
                              hint=f"Give a score of 1 to 5 on one of: {', '.join(keys)}.",
                              ) from exc
        if len(rating.comment) > MAX_COMMENT:
            raise ReviewError(f"The comment is over {MAX_COMMENT} characters.")
        with writing(self.engine) as db:
            db.execute(
                text("INSERT INTO review_ratings (item_id, reviewer, criterion, tenant, run_id, "
                     "score, comment, at) VALUES (:item_id, :reviewer, :criterion, :tenant, "
                     ":run_id, :score, :comment, :at) ON CONFLICT (item_id, reviewer, "
                     "criterion) DO UPDATE SET score = excluded.score, "
                     "comment = excluded.comment, at = excluded.at"),
                {"item_id": rating.item_id, "reviewer": rating.reviewer,
                 "criterion": rating.criterion, "tenant": tenant, "run_id": item.run_id,
                 "score": rating.score, "comment": rating.comment,
                 "at": rating.at.isoformat()},
            )
        return rating

    def comment(self, tenant: str, item_id: str, reviewer: str, comment: str) -> int:
        """Set the comment of every rating the reviewer gave the item; return how many."""
        item = self.item(tenant, item_id)
        if len(comment.strip()) > MAX_COMMENT:
            raise ReviewError(f"The comment is over {MAX_COMMENT} characters.")
        with writing(self.engine) as db:
            result = db.execute(
                text("UPDATE review_ratings SET comment = :comment WHERE item_id = :item_id "
                     "AND reviewer = :reviewer"),
                {"comment": comment.strip(), "item_id": item.id,
                 "reviewer": reviewer_name(reviewer)},
            )
        return int(result.rowcount)

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
        with writing(self.engine) as db:
            db.execute(
                text("INSERT INTO review_preferences (item_a, item_b, reviewer, criterion, "
                     "tenant, run_id, choice, at) VALUES (:item_a, :item_b, :reviewer, "
                     ":criterion, :tenant, :run_id, :choice, :at) ON CONFLICT (item_a, item_b, "
                     "reviewer, criterion) DO UPDATE SET choice = excluded.choice, "
                     "at = excluded.at"),
                {"item_a": preference.item_a, "item_b": preference.item_b,
                 "reviewer": preference.reviewer, "criterion": criterion, "tenant": tenant,
                 "run_id": first.run_id, "choice": preference.choice,
                 "at": preference.at.isoformat()},
            )
        return preference

    def ratings(self, tenant: str, run_id: str, reviewer: str | None = None) -> list[Rating]:
        """The run's current ratings (one reviewer's, if given), in item order."""
        query = ("SELECT r.*, i.position AS item_position FROM review_ratings r "
                 "JOIN review_items i ON i.id = r.item_id "
                 "WHERE r.tenant = :tenant AND r.run_id = :run_id")
        params = {"tenant": tenant, "run_id": run_id}
        if reviewer is not None:
            query, params = query + " AND r.reviewer = :reviewer", {
                **params, "reviewer": reviewer.strip()}
        with reading(self.engine) as db:
            rows = db.execute(text(query), params).mappings().fetchall()
        # sorted here, not by the database: names compare by code point on SQLite and
        # PostgreSQL alike (PostgreSQL's collation may put 'bob' before 'Cleo')
        rows = sorted(rows, key=lambda r: (r["item_position"], r["reviewer"], r["criterion"]))
        return [Rating.model_validate(_without(row, "item_position")) for row in rows]

    def preferences(self, tenant: str, run_id: str,
                    reviewer: str | None = None) -> list[Preference]:
        """The run's current preferences (one reviewer's, if given)."""
        rows = self._of_run("review_preferences", tenant, run_id, reviewer)
        return [Preference.model_validate(dict(row)) for row in rows]

    def progress(self, tenant: str, run_id: str, reviewer: str) -> tuple[int, int]:
        """``(done, total)`` of the reviewer's items and the run's.

        Done: rated on every criterion of the run, or flagged.
        """
        done = self.done(tenant, run_id, reviewer)
        items = self.items(tenant, run_id)
        return len(done & {item.id for item in items}), len(items)

    def done(self, tenant: str, run_id: str, reviewer: str) -> set[str]:
        """Ids of the items the reviewer is done with (every criterion of the run, or a flag)."""
        keys = [c.key for c in self.criteria(tenant, run_id)]
        return done_items(self.ratings(tenant, run_id, reviewer),
                          self.marks(tenant, run_id, reviewer), keys)

    def resume(self, tenant: str, run_id: str, reviewer: str) -> ReviewItem | None:
        """Where the reviewer goes on: the first item not done (skipped ones last).

        Items assigned to the reviewer come first. None when every item is done.
        """
        keys = [c.key for c in self.criteria(tenant, run_id)]
        mine = assignment.of_reviewer(self.assignments(tenant, run_id), reviewer)
        return resume_at(self.items(tenant, run_id), self.ratings(tenant, run_id, reviewer),
                         self.marks(tenant, run_id, reviewer), keys, mine)

    # -- the run's criteria ----------------------------------------------------------------

    def criteria(self, tenant: str, run_id: str) -> list[CriterionRubric]:
        """The criteria the run is rated on (every rubric criterion unless chosen otherwise)."""
        with reading(self.engine) as db:
            return criteria.run_criteria(db, tenant, run_id)

    def choose_criteria(self, tenant: str, run_id: str, keys: Sequence[str],
                        by: str) -> list[CriterionRubric]:
        """Rate the run on ``keys`` only (see :func:`evals.reviews.criteria.choose`).

        Raises:
            ReviewNotFoundError: The run is not imported.
            ReviewError: No criterion or an unknown one, or a bad name.
        """
        self.run(tenant, run_id)
        with writing(self.engine) as db:
            return criteria.choose(db, tenant, run_id, keys, by, _now())

    def add_criterion(self, tenant: str, run_id: str, label: str, question: str,
                      anchors: dict[int, str], by: str) -> list[CriterionRubric]:
        """Add a criterion of the reviewers' own to the run; return the run's criteria.

        Raises:
            ReviewNotFoundError: The run is not imported.
            ReviewError: A bad criterion, a name taken, too many own criteria, a bad name.
        """
        self.run(tenant, run_id)
        entry = criteria.own_criterion(label, question, anchors)
        with writing(self.engine) as db:
            return criteria.add_own(db, tenant, run_id, entry, by, _now())

    # -- gold items ------------------------------------------------------------------------

    def set_gold(self, tenant: str, item_id: str, criterion: str, score: int,
                 by: str) -> GoldScore:
        """Make the item gold: ``score`` is what it should get on ``criterion``.

        When the run's items are split, the item (with its pair) joins every reviewer's queue.

        Raises:
            ReviewNotFoundError: Unknown item.
            ReviewError: A criterion the run is not rated on, a score outside 1–5, a bad name.
        """
        item = self.item(tenant, item_id)
        if criterion not in {c.key for c in self.criteria(tenant, item.run_id)}:
            raise ReviewError(f"{criterion!r} is not a criterion of this run.")
        try:
            entry = GoldScore(item_id=item.id, criterion=criterion, score=score,
                              set_by=reviewer_name(by), at=datetime.now(UTC))
        except ValidationError as exc:
            raise ReviewError("An expected score is 1 to 5.") from exc
        with writing(self.engine) as db:
            gold.set_score(db, tenant, item.run_id, entry)
        self._to_everyone(tenant, item.run_id, [item.id])
        return entry

    def set_gold_pair(self, tenant: str, item_a: str, item_b: str, choice: Choice, by: str,
                      criterion: PreferenceCriterion = "overall") -> GoldChoice:
        """Make a pair gold: ``choice`` (A, B or tie, A being ``item_a``) is the right answer.

        When the run's items are split, both items join every reviewer's queue.

        Raises:
            ReviewNotFoundError: Unknown item.
            ReviewError: The same item twice, items of two runs, a bad choice or name.
        """
        first, second = self.item(tenant, item_a), self.item(tenant, item_b)
        if first.id == second.id or first.run_id != second.run_id:
            raise ReviewError("A gold pair is two different items of the same run.")
        if first.id > second.id:
            first, second, choice = second, first, _flipped(choice)
        try:
            entry = GoldChoice(item_a=first.id, item_b=second.id, criterion=criterion,
                               choice=choice, set_by=reviewer_name(by), at=datetime.now(UTC))
        except ValidationError as exc:
            raise ReviewError("The expected choice is A, B or tie.") from exc
        with writing(self.engine) as db:
            gold.set_choice(db, tenant, first.run_id, entry)
        self._to_everyone(tenant, first.run_id, [first.id, second.id])
        return entry

    def clear_gold(self, tenant: str, item_ids: Sequence[str]) -> int:
        """Take items (and the pairs they are in) out of the gold set; return rows removed."""
        with writing(self.engine) as db:
            return gold.clear(db, tenant, item_ids)

    def gold(self, tenant: str, run_id: str) -> tuple[list[GoldScore], list[GoldChoice]]:
        """The run's answer key: expected scores and expected choices."""
        with reading(self.engine) as db:
            return gold.scores(db, tenant, run_id), gold.choices(db, tenant, run_id)

    def gold_results(self, tenant: str, run_id: str) -> list[GoldResult]:
        """Each reviewer's results on the run's gold items and pairs."""
        scores, choices = self.gold(tenant, run_id)
        return gold.accuracy(scores, choices, self.ratings(tenant, run_id),
                             self.preferences(tenant, run_id))

    # -- assignment ------------------------------------------------------------------------

    def assign(self, tenant: str, run_id: str, reviewers: Sequence[str],
               overlap: float) -> dict[str, list[str]]:
        """Split the run's items among ``reviewers`` (replacing an earlier split).

        Pairs stay with one reviewer; a share ``overlap`` (0–1) of them also goes to a second
        one; gold items go to everyone. See :mod:`evals.reviews.assignment`.

        Raises:
            ReviewNotFoundError: The run is not imported.
            ReviewError: No reviewer, a bad name, an overlap outside 0–1.
        """
        self.run(tenant, run_id)
        names = [reviewer_name(name) for name in reviewers]
        units = self._units(tenant, run_id)
        scores, choices = self.gold(tenant, run_id)
        golden = {g.item_id for g in scores} | {i for g in choices for i in (g.item_a, g.item_b)}
        plan = assignment.split(units, names, overlap, golden)
        with writing(self.engine) as db:
            assignment.save(db, tenant, run_id, plan, _now())
        return plan

    def _units(self, tenant: str, run_id: str) -> list[list[str]]:
        """The run's items grouped as shown (a pair's items together), in review order."""
        return [[item.id for item in pair if item is not None]
                for pair in pairs(self.items(tenant, run_id))]

    def _to_everyone(self, tenant: str, run_id: str, item_ids: Sequence[str]) -> None:
        """Give gold items (with their pairs) to every reviewer of a split run."""
        plan = self.assignments(tenant, run_id)
        if plan:
            with writing(self.engine) as db:
                assignment.save(db, tenant, run_id,
                                assignment.to_everyone(plan, self._units(tenant, run_id),
                                                       item_ids), _now())

    def unassign(self, tenant: str, run_id: str) -> None:
        """Undo the run's split: every item is open to anyone again."""
        with writing(self.engine) as db:
            assignment.save(db, tenant, run_id, {}, _now())

    def assignments(self, tenant: str, run_id: str) -> dict[str, list[str]]:
        """The run's split: item id → reviewers (empty when not split)."""
        with reading(self.engine) as db:
            return assignment.load(db, tenant, run_id)

    # -- the organiser ---------------------------------------------------------------------

    def organiser(self, tenant: str, run_id: str) -> str | None:
        """Who organises the run (see :mod:`evals.reviews.organisers`); None: nobody yet."""
        with reading(self.engine) as db:
            return organisers.organiser(db, tenant, run_id)

    def organise(self, tenant: str, run_id: str, name: str) -> str:
        """Make ``name`` the run's organiser unless it has one; return the organiser.

        Raises:
            ReviewError: Someone else organises the run, or a bad name.
        """
        with writing(self.engine) as db:
            return organisers.organise(db, tenant, run_id, name, _now())

    # -- reviewers and marks ---------------------------------------------------------------

    def claim(self, tenant: str, reviewer: str, token: str | None) -> str:
        """The reviewer's name, claimed for this browser's token on first use.

        See :mod:`evals.reviews.reviewers`.

        Raises:
            ReviewError: A bad name or no token.
            ReviewerTakenError: Another browser holds the name.
        """
        with writing(self.engine) as db:
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
        with writing(self.engine) as db:
            db.execute(
                text("INSERT INTO review_marks (item_id, reviewer, tenant, run_id, mark, note, "
                     "at) VALUES (:item_id, :reviewer, :tenant, :run_id, :mark, :note, :at) "
                     "ON CONFLICT (item_id, reviewer) DO UPDATE SET mark = excluded.mark, "
                     "note = excluded.note, at = excluded.at"),
                {"item_id": marked.item_id, "reviewer": marked.reviewer, "tenant": tenant,
                 "run_id": item.run_id, "mark": marked.mark, "note": marked.note,
                 "at": marked.at.isoformat()},
            )
        return marked

    def unmark(self, tenant: str, item_id: str, reviewer: str) -> bool:
        """Take the reviewer's skip or flag off an item; return whether there was one."""
        item = self.item(tenant, item_id)
        with writing(self.engine) as db:
            result = db.execute(
                text("DELETE FROM review_marks WHERE item_id = :item_id AND reviewer = :reviewer"),
                {"item_id": item.id, "reviewer": reviewer_name(reviewer)},
            )
        return result.rowcount > 0

    def marks(self, tenant: str, run_id: str, reviewer: str | None = None) -> list[ItemMark]:
        """The run's skips and flags (one reviewer's, if given)."""
        rows = self._of_run("review_marks", tenant, run_id, reviewer)
        return [ItemMark.model_validate(dict(row)) for row in rows]

    def _of_run(self, table: str, tenant: str, run_id: str,
                reviewer: str | None) -> Sequence[RowMapping]:
        """A run's rows of ``table`` (one reviewer's, if given), oldest first."""
        query = f"SELECT * FROM {table} WHERE tenant = :tenant AND run_id = :run_id"
        params = {"tenant": tenant, "run_id": run_id}
        if reviewer is not None:
            query, params = query + " AND reviewer = :reviewer", {
                **params, "reviewer": reviewer.strip()}
        with reading(self.engine) as db:
            return db.execute(text(query + " ORDER BY at"), params).mappings().fetchall()

    def reviewers(self, tenant: str, run_id: str) -> list[str]:
        """Everyone who rated or compared an item of the run."""
        names = {r.reviewer for r in self.ratings(tenant, run_id)}
        names |= {p.reviewer for p in self.preferences(tenant, run_id)}
        return sorted(names)

    def agreement(self, tenant: str, run_id: str,
                  keys: Sequence[str] | None = None) -> Agreement:
        """Inter-reviewer agreement of the run, per criterion and on the preferences.

        Args:
            tenant: Whose run.
            run_id: The run.
            keys: The criteria to report (None: the rubric's, as the API and CLI list them).
        """
        return run_agreement(run_id, self.ratings(tenant, run_id),
                             self.preferences(tenant, run_id), keys or tuple(CRITERIA))

    # -- export ----------------------------------------------------------------------------

    def export_csv(self, tenant: str, run_id: str, out: TextIO) -> int:
        """Write the run's ratings, preferences, skips and flags as CSV; return the rows written.

        See :func:`~evals.reviews.export.write_csv` for the columns.
        """
        scores, choices = self.gold(tenant, run_id)
        return write_csv(self.items(tenant, run_id), self.ratings(tenant, run_id),
                         self.preferences(tenant, run_id), out, scores, choices,
                         self.assignments(tenant, run_id), self.marks(tenant, run_id))


def _flipped(choice: Choice) -> Choice:
    """The same choice with A and B swapped."""
    return "B" if choice == "A" else "A" if choice == "B" else choice


def _without(row: RowMapping, column: str) -> dict[str, Any]:
    """The row as a dict, less one column."""
    return {name: value for name, value in row.items() if name != column}


def _run(row: RowMapping) -> EvalRun:
    manifest = json.loads(row["manifest"])
    return EvalRun(**manifest, tenant=row["tenant"], path=Path(row["path"]))


def review_store_url(data_dir: Path, database_url: str | None = None) -> str:
    """Where a deployment's reviews live: its PostgreSQL, or ``reviews.sqlite`` in the data dir.

    Args:
        data_dir: The deployment's data dir.
        database_url: Its database (``settings.storage.url()``); None: an SQLite file.
    """
    return store_url(database_url, data_dir / "reviews.sqlite")


def review_store(data_dir: Path, database_url: str | None = None) -> ReviewStore:
    """The deployment's review store (opened, and migrated to the newest revision).

    Args:
        data_dir: The deployment's data dir.
        database_url: Its database (``settings.storage.url()``); None: ``reviews.sqlite``.
    """
    return ReviewStore(review_store_url(data_dir, database_url))


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
