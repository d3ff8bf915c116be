"""Request and response models of the REST API."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from api.runs import RunInfo
from core.provenance.reader import Provenance
from core.storage.assets import Asset
from policy.audit import AuditEntry

RunMode = Literal["stream", "wait", "background"]
IdList = list[str]


class MessageIn(BaseModel):
    """A user message: text and the ids of uploaded assets (product photos, logos)."""

    text: str = Field("", description="What the user says (the brief, or a change to ask for).")
    asset_ids: IdList = Field(default_factory=list, max_length=10,
                              description="Uploaded assets to attach (POST /v1/assets).")


class ThreadCreate(BaseModel):
    """A new thread; with ``text`` (and assets) its first run starts in the background."""

    title: str | None = Field(None, max_length=200)
    text: str | None = Field(None, description="An initial brief: starts the first run.")
    asset_ids: IdList = Field(default_factory=list, max_length=10)


class ResumeIn(BaseModel):
    """The user's answer to a confirmation (a ``confirm`` event)."""

    approved: bool = Field(description="True runs the paid work; False declines it.")


class RunOut(RunInfo):
    """A run, with the signed URL of its event stream (for EventSource)."""

    events_url: str = Field(description="SSE of the run; signed, so no header is needed.")


class ThreadOut(BaseModel):
    """A thread as listed."""

    id: str
    title: str
    created: datetime
    run: RunOut | None = Field(None, description="The run started by the initial text.")


class ThreadPage(BaseModel):
    """A page of the caller's threads, newest first."""

    items: list[ThreadOut]
    total: int
    limit: int
    offset: int


class MessageOut(BaseModel):
    """One message of a thread, simplified."""

    role: Literal["user", "assistant", "tool"]
    text: str
    asset_ids: list[str] = Field(default_factory=list, description="Attached or made assets.")
    tool: str | None = Field(None, description="The tool, for a tool message.")


class ThreadDetail(ThreadOut):
    """A thread with its brief, messages, assets and runs."""

    brief: dict[str, Any]
    messages: list[MessageOut]
    asset_ids: list[str]
    runs: list[RunInfo]
    running: str | None = Field(None, description="The id of the run going on, if any.")
    pending_confirmation: dict[str, Any] | None = None
    events_url: str = Field(
        description="SSE of every run of the thread, live; signed, so no header is needed."
    )


class RunResult(BaseModel):
    """A finished (or paused) run: every event and the final text."""

    run: RunInfo
    events: list[dict[str, Any]]
    text: str = Field(description="The assistant's text of the run, joined (plain text: "
                      "it may repeat markup from product text; show it with textContent).")
    html: str = Field("", description="The same text HTML-escaped, safe for innerHTML.")
    asset_ids: list[str]
    waiting: bool = Field(description="True when the run waits for a confirmation.")


class CancelOut(BaseModel):
    """The answer to a cancel."""

    cancelled: bool
    run_id: str | None = None


class AssetOut(Asset):
    """An asset's metadata, lineage and policy checks, with a signed URL of its bytes."""

    url: str = Field(description="Signed, expiring URL of the bytes (usable in <img>).")
    checks: list[AuditEntry] = Field(default_factory=list)


class BoxIn(BaseModel):
    """The box marked around the product on a photo, or ``null`` to clear it."""

    box: tuple[int, int, int, int] | None = Field(
        description="[left, top, right, bottom] around the product in the photo's pixels "
        "(right and bottom exclusive, at least 8 px each way, inside the photo); null clears "
        "the box. Every later cutout of the photo (ads, carousels, videos, background "
        "removal without a box of its own) keeps only what lies inside.",
        examples=[[120, 80, 560, 720], None],
    )


class ProvenanceOut(BaseModel):
    """An asset's C2PA provenance: its manifest as validated now, and what was recorded."""

    asset_id: str
    status: Literal["trusted", "valid", "invalid", "unsigned"] = Field(
        description="trusted or valid (intact; valid: the signer is not on a trust list, e.g. "
        "the local identity), invalid (the stored bytes no longer match their manifest) or "
        "unsigned (no manifest: an upload, or signing failed; see recorded.error)."
    )
    recorded: dict[str, Any] = Field(
        default_factory=dict,
        description="What the asset store recorded when it was stored (parameters.provenance):"
        " manifest label and SHA-256, source type, signer, or the signing error.",
    )
    manifest: Provenance | None = Field(
        None, description="The embedded manifest (null when unsigned)."
    )


class AssetPage(BaseModel):
    """A page of the caller's assets, newest first."""

    items: list[AssetOut]
    limit: int
    offset: int


class CapabilityOut(BaseModel):
    """A capability anyone may call with ``POST /v1/capabilities/{name}``."""

    name: str
    description: str
    cost_usd: float
    modes: list[str]
    request_schema: dict[str, Any]
    response_schema: dict[str, Any]


class Health(BaseModel):
    """Liveness or readiness."""

    status: Literal["ok", "unavailable"]
    checks: dict[str, str] = Field(default_factory=dict)
