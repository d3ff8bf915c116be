"""Graph state: the conversation, the ad brief, and asset ids (never image bytes)."""

from __future__ import annotations

import operator
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Annotated, Any

from langchain_core.messages import AnyMessage
from langgraph.graph import add_messages
from langgraph.managed import RemainingSteps
from pydantic import BaseModel, Field


class AdBrief(BaseModel):
    """What the advertiser wants, as far as the conversation has told."""

    product_name: str = Field("", description="Product name.")
    description: str = Field("", description="Product description in the advertiser's words.")
    features: list[str] = Field(default_factory=list, description="Salient product features.")
    images: list[str] = Field(default_factory=list, description="Asset ids of product photos.")
    audience: str = Field("", description="Who the ads are for.")
    objective: str = Field("", description="Campaign goal, e.g. awareness or sales.")
    tone: str = Field("", description="Tone of voice, e.g. energetic.")
    placements: list[str] = Field(default_factory=list, description="Formats, e.g. 1:1, 9:16.")
    brand_colors: list[str] = Field(default_factory=list, description="#RRGGBB colors.")
    language: str = Field("en", description="Language of the ad copy (BCP 47).")


def merge_brief(current: AdBrief | None, update: AdBrief | dict[str, Any] | None) -> AdBrief:
    """Reducer: fields set in ``update`` replace those of ``current``; lists of ids merge."""
    base = current or AdBrief()
    if update is None:
        return base
    changes = update if isinstance(update, dict) else update.model_dump(exclude_unset=True)
    merged = base.model_dump()
    for key, value in changes.items():
        if key == "images":
            merged[key] = list(dict.fromkeys([*merged[key], *value]))
        elif value not in ("", [], None):
            merged[key] = value
    return AdBrief.model_validate(merged)


def append_unique(current: list[str], new: list[str]) -> list[str]:
    """Reducer: append ids not seen before, keeping order."""
    return list(dict.fromkeys([*current, *new]))


@dataclass
class InputState:
    """What a caller sends: new messages."""

    messages: Annotated[Sequence[AnyMessage], add_messages] = field(default_factory=list)


@dataclass
class State(InputState):
    """The full state of a thread.

    Attributes:
        brief: The ad brief so far (updated by tools and uploads).
        assets: Ids of every asset made or uploaded in this thread, oldest first.
        findings: Guardrail findings, as dicts (rule_id, severity, stage, reason, fix).
        unchecked: The sentence owed to the user this turn because the Bedrock guardrail
            could not check their message ("" when none): the first reply of the turn
            carries it, whatever the check of the reply says, and it is then cleared.
        remaining_steps: Steps left before the recursion limit (managed by LangGraph), so
            the agent stops gracefully instead of failing at the limit.
    """

    brief: Annotated[AdBrief, merge_brief] = field(default_factory=AdBrief)
    assets: Annotated[list[str], append_unique] = field(default_factory=list)
    findings: Annotated[list[dict[str, Any]], operator.add] = field(default_factory=list)
    unchecked: str = ""
    remaining_steps: RemainingSteps = field(default=25)
