"""Human review of eval runs: the assets of a run, rated by people, in SQLite.

An eval run directory (``adstudio eval run`` writes it under ``<data_dir>/evals/``) holds
``run.json`` and ``trials/<scenario>/<k>/trial.json`` with the trial's assets. Importing a
run makes one *review item* per asset (run, scenario, trial, asset id, path, kind);
importing it again adds what is new and changes nothing else. Reviewers then give

- **ratings**: a score of 1–5 per item on a named criterion (:data:`CRITERIA`), with an
  optional comment; one current rating per reviewer × item × criterion (re-rating
  replaces it);
- **pairwise preferences**: A, B or a tie between two items of the same run, overall or
  on one criterion; one current choice per reviewer × pair × criterion.

Inputs a trial records (the product photo, its cutout, a logo: :data:`INPUT_KINDS`) are
not reviewed. Every row belongs to a tenant: a run belongs to the ``tenant`` its
``run.json`` names, or to the deployment's tenant when it names none, and only that
tenant sees its items.
:meth:`ReviewStore.agreement` tells how far reviewers agree; :meth:`ReviewStore.export_csv`
writes every rating and preference with the run, scenario, trial and asset it is about.
"""

from __future__ import annotations

import csv
import hashlib
import json
import logging
import sqlite3
from collections import defaultdict
from collections.abc import Hashable, Iterable, Iterator
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from itertools import combinations, groupby
from pathlib import Path
from typing import Any, Literal, TextIO

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from core.errors import CapabilityError, describe_errors
from core.storage.sqlite import connect, create
from evals.agreement import cohen_kappa, krippendorff_alpha

log = logging.getLogger(__name__)

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
SCORES = (1, 2, 3, 4, 5)
INPUT_KINDS = frozenset({"photo", "product_photo", "cutout", "product_cutout", "logo"})
"""Asset kinds a trial records as inputs (the advertiser's photo, its cutout, a logo):
not made by the run, so not reviewed."""
RUN_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$"
MAX_REVIEWER = 64
MAX_COMMENT = 2000
CSV_COLUMNS = (
    "type", "run_id", "reviewer", "criterion", "scenario", "trial", "asset_id", "asset_path",
    "kind", "score", "choice", "b_scenario", "b_trial", "b_asset_id", "b_asset_path", "comment",
    "at",
)

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
"""


class ReviewError(CapabilityError):
    """Review input that cannot be used (a broken run folder, an empty reviewer name)."""


class ReviewNotFoundError(ReviewError):
    """A run or item that does not exist (or belongs to another tenant)."""


# --- the eval run directory (the contract with `adstudio eval run`) -------------------------


class RunManifest(BaseModel):
    """``run.json`` of an eval run (extra keys are kept, optional ones may be missing)."""

    model_config = ConfigDict(extra="allow")

    run_id: str = Field(pattern=RUN_ID_PATTERN)
    suite: str = ""
    engine: str = ""
    created: str = ""
    repeat: int = 1
    scenarios: list[str] = Field(default_factory=list)
    tenant: str | None = Field(None, description="Owner; the deployment's tenant if unset.")


class TrialAsset(BaseModel):
    """One asset of ``trial.json``."""

    model_config = ConfigDict(extra="allow")

    id: str = Field(min_length=1, max_length=200)
    kind: str = "image"
    path: str = Field(min_length=1)
    format: str | None = None
    width: int | None = None
    height: int | None = None


class TrialManifest(BaseModel):
    """``trial.json`` of one trial (only what review needs)."""

    model_config = ConfigDict(extra="allow")

    scenario: str = Field(min_length=1, max_length=200)
    trial: int = Field(ge=0)
    assets: list[TrialAsset] = Field(default_factory=list)


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


def evals_dir(data_dir: Path) -> Path:
    """Where eval runs are written by default and looked for: ``<data_dir>/evals``."""
    return data_dir / "evals"


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReviewError(f"{path} cannot be read: {exc}.",
                          hint="Point at a folder written by `adstudio eval run`.") from exc


def read_run(run_dir: Path, default_tenant: str) -> EvalRun:
    """The run in ``run_dir`` (its ``run.json``).

    Raises:
        ReviewError: No readable, valid ``run.json`` there.
    """
    manifest_path = run_dir / "run.json"
    if not manifest_path.is_file():
        raise ReviewError(f"{run_dir} has no run.json, so it is not an eval run folder.",
                          hint="Give a folder written by `adstudio eval run`.")
    try:
        manifest = RunManifest.model_validate(_read_json(manifest_path))
    except ValidationError as exc:
        raise ReviewError(f"{manifest_path} is not valid: {describe_errors(exc.errors())}.",
                          hint="Check the file against the eval run format.") from exc
    return EvalRun(path=run_dir.resolve(), tenant=manifest.tenant or default_tenant,
                   **manifest.model_dump(exclude={"tenant"}))


def find_runs(root: Path, default_tenant: str) -> list[EvalRun]:
    """The readable runs under ``root`` (one folder each), newest first; others are skipped."""
    runs = []
    for folder in sorted(root.iterdir()) if root.is_dir() else []:
        if (folder / "run.json").is_file():
            try:
                runs.append(read_run(folder, default_tenant))
            except ReviewError as exc:
                log.warning("skipping eval run folder: %s", exc)
    return sorted(runs, key=lambda run: (run.created, run.run_id), reverse=True)


def _trial_files(run: EvalRun) -> Iterator[Path]:
    trials = run.path / "trials"
    yield from sorted(trials.glob("*/*/trial.json")) if trials.is_dir() else iter(())


def _asset_path(run: EvalRun, trial_dir: Path, asset: TrialAsset) -> str:
    """The asset's path relative to the run folder (which it must stay inside)."""
    target = (trial_dir / asset.path).resolve()
    if not target.is_relative_to(run.path):
        raise ReviewError(f"asset {asset.id}: {asset.path!r} points outside the run folder.")
    if not target.is_file():
        raise ReviewError(f"asset {asset.id}: {asset.path} is missing.")
    return target.relative_to(run.path).as_posix()


def item_id(tenant: str, run_id: str, scenario: str, trial: int, asset_id: str) -> str:
    """The stable id of a review item (the same on every import)."""
    key = "\0".join((tenant, run_id, scenario, str(trial), asset_id))
    return "rvi_" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


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


def _trial_items(run: EvalRun, trial_file: Path) -> tuple[list[ReviewItem], list[str]]:
    """The items of one trial and why any of its assets were skipped."""
    try:
        trial = TrialManifest.model_validate(_read_json(trial_file))
    except (ReviewError, ValidationError) as exc:
        reason = describe_errors(exc.errors()) if isinstance(exc, ValidationError) else exc
        return [], [f"{trial_file.relative_to(run.path)}: {reason}"]
    items, skipped = [], []
    for asset in trial.assets:
        if asset.kind in INPUT_KINDS:
            continue
        try:
            path = _asset_path(run, trial_file.parent, asset)
        except ReviewError as exc:
            skipped.append(f"{trial.scenario}/{trial.trial}: {exc.message}")
            continue
        items.append(ReviewItem(
            id=item_id(run.tenant, run.run_id, trial.scenario, trial.trial, asset.id),
            tenant=run.tenant, run_id=run.run_id, scenario=trial.scenario, trial=trial.trial,
            asset_id=asset.id, path=path, kind=asset.kind, format=asset.format,
            width=asset.width, height=asset.height,
        ))
    return items, skipped


def run_items(run: EvalRun) -> tuple[list[ReviewItem], list[str]]:
    """Every asset of ``run`` as a review item (in order), and what was skipped and why."""
    items: list[ReviewItem] = []
    skipped: list[str] = []
    for trial_file in _trial_files(run):
        found, problems = _trial_items(run, trial_file)
        items.extend(found)
        skipped.extend(problems)
    items.sort(key=lambda item: (item.scenario, item.trial))
    for position, item in enumerate(items):
        item.position = position
    return items, skipped


def pairs(items: Iterable[ReviewItem]) -> list[tuple[ReviewItem, ReviewItem | None]]:
    """The items two by two for side-by-side review, never across scenarios.

    Within a scenario, items pair in order (1st with 2nd, 3rd with 4th, ...); the last
    item of a scenario with an odd count stands alone (None as its partner).
    """
    result: list[tuple[ReviewItem, ReviewItem | None]] = []
    ordered = sorted(items, key=lambda item: item.position)
    for _scenario, group in groupby(ordered, key=lambda item: item.scenario):
        members = list(group)
        for i in range(0, len(members), 2):
            result.append((members[i], members[i + 1] if i + 1 < len(members) else None))
    return result


# --- ratings, preferences, agreement ---------------------------------------------------------


class ImportReport(BaseModel):
    """What importing a run did."""

    run_id: str
    items: int = Field(description="Items the run has now.")
    added: int = Field(description="Items new with this import.")
    skipped: list[str] = Field(default_factory=list, description="Assets left out, and why.")


class Rating(BaseModel):
    """A reviewer's current score of an item on one criterion."""

    item_id: str
    reviewer: str
    criterion: Criterion
    score: int = Field(ge=1, le=5)
    comment: str = ""
    at: datetime


class Preference(BaseModel):
    """A reviewer's current choice between two items (stored with ``item_a < item_b``)."""

    item_a: str
    item_b: str
    reviewer: str
    criterion: PreferenceCriterion
    choice: Choice
    at: datetime


class PairKappa(BaseModel):
    """Cohen's kappa of two reviewers on the units both rated."""

    first: str
    second: str
    units: int
    kappa: float | None


class CriterionAgreement(BaseModel):
    """Agreement on one criterion (or on the preferences)."""

    criterion: str
    reviewers: int = Field(description="Reviewers who gave at least one rating.")
    units: int = Field(description="Items (or pairs) rated by two reviewers or more.")
    alpha: float | None = Field(description="Krippendorff's alpha; None when undefined.")
    kappas: list[PairKappa] = Field(default_factory=list, description="Per reviewer pair.")


class Agreement(BaseModel):
    """How far a run's reviewers agree.

    Ratings: ordinal alpha and quadratic-weighted kappa per criterion. Preferences:
    nominal alpha and unweighted kappa over (pair, criterion) units.
    """

    run_id: str
    criteria: list[CriterionAgreement]
    preferences: CriterionAgreement


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


def _now() -> str:
    return datetime.now(UTC).isoformat()


def _agreement(criterion: str, table: dict[str, dict[Hashable, float]], level: Literal[
        "nominal", "ordinal"]) -> CriterionAgreement:
    """Alpha over every reviewer and kappa per reviewer pair, for one criterion."""
    weights: Literal["none", "quadratic"] = "quadratic" if level == "ordinal" else "none"
    domain = SCORES if level == "ordinal" else (0, 1, 2)
    kappas = [
        PairKappa(first=a, second=b, units=len(table[a].keys() & table[b].keys()),
                  kappa=cohen_kappa(table[a], table[b], weights))
        for a, b in combinations(sorted(table), 2)
    ]
    counts: dict[Hashable, int] = defaultdict(int)
    for values in table.values():
        for unit in values:
            counts[unit] += 1
    return CriterionAgreement(
        criterion=criterion, reviewers=len(table),
        units=sum(1 for n in counts.values() if n >= 2),
        alpha=krippendorff_alpha(table, level, domain), kappas=kappas,
    )


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
        """The run's items in review order (empty for an unknown run)."""
        with self._connect() as db:
            rows = db.execute(
                "SELECT * FROM review_items WHERE tenant = ? AND run_id = ? ORDER BY position",
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
        """``(rated, total)``: items the reviewer rated on any criterion, items in the run."""
        rated = {rating.item_id for rating in self.ratings(tenant, run_id, reviewer)}
        return len(rated), len(self.items(tenant, run_id))

    def reviewers(self, tenant: str, run_id: str) -> list[str]:
        """Everyone who rated or compared an item of the run."""
        names = {r.reviewer for r in self.ratings(tenant, run_id)}
        names |= {p.reviewer for p in self.preferences(tenant, run_id)}
        return sorted(names)

    def agreement(self, tenant: str, run_id: str) -> Agreement:
        """Inter-reviewer agreement of the run, per criterion and on the preferences."""
        tables: dict[str, dict[str, dict[Hashable, float]]] = {c: {} for c in CRITERIA}
        for rating in self.ratings(tenant, run_id):
            tables[rating.criterion].setdefault(rating.reviewer, {})[rating.item_id] = rating.score
        choices: dict[str, dict[Hashable, float]] = {}
        codes = {"A": 0.0, "B": 1.0, "tie": 2.0}
        for pref in self.preferences(tenant, run_id):
            unit = (pref.item_a, pref.item_b, pref.criterion)
            choices.setdefault(pref.reviewer, {})[unit] = codes[pref.choice]
        return Agreement(
            run_id=run_id,
            criteria=[_agreement(c, tables[c], "ordinal") for c in CRITERIA],
            preferences=_agreement("preference", choices, "nominal"),
        )

    # -- export ----------------------------------------------------------------------------

    def export_csv(self, tenant: str, run_id: str, out: TextIO) -> int:
        """Write the run's ratings and preferences as CSV (:data:`CSV_COLUMNS`); return rows.

        A rating row fills ``score``; a preference row fills ``choice`` and the ``b_*``
        columns (the other item). Both name the run, scenario, trial and asset path
        (relative to the run folder) of the item they are about.
        """
        items = {item.id: item for item in self.items(tenant, run_id)}
        writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
        writer.writeheader()
        rows = 0
        for rating in self.ratings(tenant, run_id):
            writer.writerow({**_item_columns(items[rating.item_id]), "type": "rating",
                             "reviewer": rating.reviewer, "criterion": rating.criterion,
                             "score": rating.score, "comment": rating.comment,
                             "at": rating.at.isoformat()})
            rows += 1
        for pref in self.preferences(tenant, run_id):
            other = _item_columns(items[pref.item_b])
            writer.writerow({**_item_columns(items[pref.item_a]), "type": "preference",
                             "reviewer": pref.reviewer, "criterion": pref.criterion,
                             "choice": pref.choice, "at": pref.at.isoformat(),
                             **{f"b_{key}": other[key] for key in
                                ("scenario", "trial", "asset_id", "asset_path")}})
            rows += 1
        return rows


def _flipped(choice: Choice) -> Choice:
    """The same choice with A and B swapped."""
    return "B" if choice == "A" else "A" if choice == "B" else choice


def _item_columns(item: ReviewItem) -> dict[str, Any]:
    return {"run_id": item.run_id, "scenario": item.scenario, "trial": item.trial,
            "asset_id": item.asset_id, "asset_path": item.path, "kind": item.kind}


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
