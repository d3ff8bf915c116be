"""What a reviewer needs beside an asset, read from its trial.

That is the brief, the request that made it, the automatic checks, its lineage, its
companions and (for a storyboard) its shots.

Everything comes from the trial's ``trial.json`` (written by ``adstudio eval run``) and the
files beside it; a field the trial does not record is simply empty, and a trial that
cannot be read gives a context with ``problem`` set instead of an error.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from evals.reviews.models import EvalRun, ReviewItem
from evals.reviews.runs import COMPANION_KINDS

BRIEF_TOOL = "update_brief"
MAX_STORYBOARD_BYTES = 1_000_000


class Check(BaseModel):
    """One automatic check of the trial (an evaluator's score)."""

    key: str
    passed: bool
    comment: str = ""


class Ancestor(BaseModel):
    """An asset this one was made from (its parent, or a parent's parent)."""

    asset_id: str
    kind: str
    caption: str = ""
    label: str = Field("", description="What the chat showed for it ('#2 · Hiking trail').")
    depth: int = Field(1, description="1 for a parent, 2 for a grandparent...")


class Shot(BaseModel):
    """One shot of a storyboard, as the reviewer reads it."""

    kind: str = ""
    seconds: float = 0.0
    text: str = ""
    description: str = ""
    camera: str = ""


class ItemContext(BaseModel):
    """Everything shown beside one asset.

    Attributes:
        request: The user's message of the turn that made the asset.
        turn: That turn's 1-based number (0 when unknown).
        label: What the chat showed for it ('#3 · edit of #2 · warmer').
        caption: The asset's caption.
        made_by: The tool that made it.
        brief: The brief as set so far (field → value).
        passed: Whether the trial passed its automatic checks (None: not recorded).
        checks: The trial's automatic checks.
        lineage: The assets it was made from, nearest first.
        companions: Files shown with it, by kind (a video's preview and poster), relative
            to the run folder.
        shots: A storyboard's shots (empty for other kinds).
        problem: Why the trial could not be read, if it could not.
    """

    request: str = ""
    turn: int = 0
    label: str = ""
    caption: str = ""
    made_by: str = ""
    brief: dict[str, str] = Field(default_factory=dict)
    passed: bool | None = None
    checks: list[Check] = Field(default_factory=list)
    lineage: list[Ancestor] = Field(default_factory=list)
    companions: dict[str, str] = Field(default_factory=dict)
    shots: list[Shot] = Field(default_factory=list)
    problem: str = ""


def trial_file(run: EvalRun, item: ReviewItem) -> Path:
    """The ``trial.json`` an item was imported from."""
    return run.path / "trials" / item.scenario / str(item.trial) / "trial.json"


def _load(path: Path, limit: int | None = None) -> Any:
    if limit is not None and path.stat().st_size > limit:
        raise ValueError(f"{path.name} is over {limit} bytes")
    return json.loads(path.read_text(encoding="utf-8"))


def item_context(run: EvalRun, item: ReviewItem) -> ItemContext:
    """The context of ``item`` from its trial (``problem`` says why when unreadable)."""
    path = trial_file(run, item)
    try:
        trial = _load(path)
        if not isinstance(trial, dict):
            raise ValueError("not a JSON object")
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        return ItemContext(problem=f"The trial record cannot be read ({exc}).")
    assets = {str(a.get("id")): a for a in _dicts(trial.get("assets"))}
    own = assets.get(item.asset_id, {})
    context = ItemContext(caption=str(own.get("caption") or ""),
                          made_by=str(own.get("capability") or ""),
                          passed=trial.get("passed") if isinstance(trial.get("passed"), bool)
                          else None,
                          checks=_checks(trial.get("scores")),
                          lineage=_lineage(item.asset_id, assets),
                          companions=_companions(run, path.parent, item.asset_id, assets))
    turns = _dicts(trial.get("turns"))
    _add_turn(context, item.asset_id, turns)
    labels = _labels(turns)
    for ancestor in context.lineage:
        ancestor.label = labels.get(ancestor.asset_id, "")
    if item.kind == "storyboard":
        context.shots = _shots(run.path / item.path)
    return context


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _checks(scores: Any) -> list[Check]:
    return [Check(key=str(s.get("key", "?")), passed=float(s.get("score") or 0) >= 1.0,
                  comment=str(s.get("comment") or "")) for s in _dicts(scores)]


def _lineage(asset_id: str, assets: dict[str, dict[str, Any]]) -> list[Ancestor]:
    """Parents, then their parents (each once), nearest first."""
    found: list[Ancestor] = []
    seen = {asset_id}
    frontier, depth = [asset_id], 1
    while frontier and depth <= 5:
        parents = [str(p) for a in frontier for p in assets.get(a, {}).get("parents") or []]
        frontier = []
        for parent in parents:
            if parent in seen:
                continue
            seen.add(parent)
            frontier.append(parent)
            info = assets.get(parent, {})
            found.append(Ancestor(asset_id=parent, kind=str(info.get("kind") or "?"),
                                  caption=str(info.get("caption") or ""), depth=depth))
        depth += 1
    return found


def _companions(run: EvalRun, trial_dir: Path, asset_id: str,
                assets: dict[str, dict[str, Any]]) -> dict[str, str]:
    """The video's preview and poster (files inside the run folder only)."""
    found: dict[str, str] = {}
    for asset in assets.values():
        if asset.get("kind") in COMPANION_KINDS and asset_id in (asset.get("parents") or []):
            target = (trial_dir / str(asset.get("path") or "")).resolve()
            if target.is_relative_to(run.path) and target.is_file():
                found[str(asset["kind"])] = target.relative_to(run.path).as_posix()
    return found


def _labels(turns: list[dict[str, Any]]) -> dict[str, str]:
    """Asset id → the label the chat showed for it."""
    return {str(e.get("asset_id")): str(e.get("label")) for turn in turns
            for e in _dicts(turn.get("events")) if e.get("type") == "asset" and e.get("label")}


def _add_turn(context: ItemContext, asset_id: str, turns: list[dict[str, Any]]) -> None:
    """The request and label of the turn that made the asset, and the brief up to it."""
    brief: dict[str, str] = {}
    for number, turn in enumerate(turns, start=1):
        events = _dicts(turn.get("events"))
        for event in events:
            if event.get("type") == "tool_start" and event.get("name") == BRIEF_TOOL:
                args = event.get("args")
                brief.update({str(k): str(v) for k, v in args.items()
                              if v not in (None, "", [], {})} if isinstance(args, dict) else {})
        made = asset_id in (turn.get("new_assets") or []) or any(
            e.get("type") == "asset" and e.get("asset_id") == asset_id for e in events)
        if made:
            context.request, context.turn = str(turn.get("user") or ""), number
            context.label = next((str(e.get("label") or "") for e in events
                                  if e.get("type") == "asset" and e.get("asset_id") == asset_id),
                                 "")
            break
    context.brief = brief


def _shots(path: Path) -> list[Shot]:
    """A storyboard's shots (none when the file is not a readable storyboard)."""
    try:
        board = _load(path, MAX_STORYBOARD_BYTES)
    except (OSError, UnicodeDecodeError, ValueError):
        return []
    shots = _dicts(board.get("shots")) if isinstance(board, dict) else []
    return [Shot(kind=str(s.get("kind") or ""), seconds=float(s.get("seconds") or 0),
                 text=str(s.get("text") or ""), description=str(s.get("description") or ""),
                 camera=str(s.get("camera") or "")) for s in shots]
