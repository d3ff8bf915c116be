"""What a trial recorded: its turns (events, latency, cost) and the assets it ended with."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, Field

from core.storage.assets import Asset, AssetStore
from evals.scenario import Expect, Scenario
from policy.audit import AuditLog

KINDS = {
    "ad_image": "image",
    "live_image": "animation",
    "video_ad": "video",
    "storyboard": "storyboard",
    "product_photo": "photo",
    "product_cutout": "cutout",
    "video_preview": "preview",
    "video_poster": "poster",
}
"""Asset store kinds → the kinds scenarios and run directories use."""

FORMATS = {"image/png": "png", "image/jpeg": "jpeg", "image/webp": "webp",
           "video/mp4": "mp4", "application/json": "json"}


def kind_of(asset: Asset) -> str:
    """The scenario kind of an asset (``image``, ``video``...)."""
    return KINDS.get(asset.kind, asset.kind)


def format_of(asset: Asset) -> str | None:
    """The file format of an asset (``png``, ``mp4``...), or None when unknown."""
    return FORMATS.get(asset.mime)


def placement_of(asset: Asset) -> str | None:
    """The placement an ad image was made for, when it records one."""
    recipe = asset.parameters.get("recipe")
    return str(recipe.get("format")) if isinstance(recipe, dict) and recipe.get("format") else None


def size_of(asset: Asset) -> str | None:
    """``WxH`` of an asset with known pixel size."""
    return f"{asset.width}x{asset.height}" if asset.width and asset.height else None


class TurnRecord(BaseModel):
    """One user message and everything the run streamed back.

    Attributes:
        index: 0-based position in the conversation.
        user: What the user sent.
        attachments: Asset ids attached.
        events: The streamed events as JSON objects (``type`` first).
        latency_s: Wall time from sending to ``done``, confirmations included.
        cost_usd: Estimated cost of the turn.
        new_assets: Ids of the assets created during the turn, oldest first.
    """

    index: int
    user: str
    attachments: list[str] = Field(default_factory=list)
    events: list[dict[str, Any]] = Field(default_factory=list)
    latency_s: float = 0.0
    cost_usd: float = 0.0
    new_assets: list[str] = Field(default_factory=list)

    def of_type(self, kind: str) -> list[dict[str, Any]]:
        """The events of one type (``tool_start``, ``guardrail``...)."""
        return [e for e in self.events if e.get("type") == kind]

    def reply(self) -> str:
        """What the user read: the agent's text and any error messages."""
        parts = [str(e.get("text") or e.get("message") or "") for e in self.events
                 if e.get("type") in ("text", "error")]
        return "\n".join(p for p in parts if p)


def tool_calls(turns: Sequence[TurnRecord]) -> list[dict[str, Any]]:
    """Every tool call of the turns, in order: ``{"name", "args"}``."""
    return [{"name": e["name"], "args": e.get("args", {})}
            for turn in turns for e in turn.of_type("tool_start")]


@dataclass
class Trial:
    """A finished trial, as the evaluators see it.

    Attributes:
        scenario: The scenario played.
        engine: ``local`` or ``bedrock``.
        turns: The conversation.
        assets: Every asset of the trial's store, oldest first.
        store: The trial's asset store (to read pixels and frames).
        audit: The trial's audit log (image policy findings per asset).
        tenant: Whose assets they are.
        notices: Messages for the report (an evaluator skipped, say).
    """

    scenario: Scenario
    engine: str
    turns: list[TurnRecord]
    assets: list[Asset]
    store: AssetStore
    audit: AuditLog | None = None
    tenant: str = "default"
    notices: list[str] = field(default_factory=list)

    def assets_of(self, turns: Sequence[TurnRecord]) -> list[Asset]:
        """The assets created in ``turns`` (all of them for the whole run), oldest first."""
        if len(turns) == len(self.turns):
            return list(self.assets)
        made = {asset_id for turn in turns for asset_id in turn.new_assets}
        return [a for a in self.assets if a.id in made]


@dataclass(frozen=True)
class Scope:
    """What an evaluator looks at: the whole run or one turn, with its expectations.

    Attributes:
        name: ``run`` or ``t1``, ``t2``... (1-based turns); prefixes the score keys.
        turns: The turns in scope.
        expect: The expectations that apply.
    """

    name: str
    turns: Sequence[TurnRecord]
    expect: Expect
