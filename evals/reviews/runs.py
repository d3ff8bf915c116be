"""Eval run folders on disk (the contract with ``adstudio eval run``) read as review items."""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from core.errors import describe_errors
from evals.reviews.models import EvalRun, ReviewError, ReviewItem

log = logging.getLogger(__name__)

INPUT_KINDS = frozenset({"photo", "product_photo", "cutout", "product_cutout", "logo"})
"""Asset kinds a trial records as inputs (the advertiser's photo, its cutout, a logo):
not made by the run, so not reviewed."""
COMPANION_KINDS = frozenset({"preview", "poster"})
"""Kinds made with a video (its animated preview, its still poster): shown with the video
(see :mod:`evals.reviews.context`), never reviewed on their own."""
RUN_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$"


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


def _trial_items(run: EvalRun, trial_file: Path) -> tuple[list[ReviewItem], list[str]]:
    """The items of one trial and why any of its assets were skipped."""
    try:
        trial = TrialManifest.model_validate(_read_json(trial_file))
    except (ReviewError, ValidationError) as exc:
        reason = describe_errors(exc.errors()) if isinstance(exc, ValidationError) else exc
        return [], [f"{trial_file.relative_to(run.path)}: {reason}"]
    items, skipped = [], []
    for asset in trial.assets:
        if asset.kind in INPUT_KINDS or asset.kind in COMPANION_KINDS:
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
