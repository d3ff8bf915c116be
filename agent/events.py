"""Typed events a run streams to its clients (the Gradio UI, the CLI, later the HTTP API)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, computed_field

from core.markup import escape_html, safe_markdown


class TextEvent(BaseModel):
    """A piece of the assistant's reply.

    ``text`` is plain text: it may repeat product text and file names as typed, markup
    included, so a page must show it with ``textContent``. ``html`` and ``markdown`` are
    the same text safe to render as they come.
    """

    type: Literal["text"] = "text"
    text: str

    @computed_field(  # type: ignore[prop-decorator]
        description="The text HTML-escaped: safe for innerHTML (no tag or attribute is made)."
    )
    @property
    def html(self) -> str:
        """``text`` escaped for HTML."""
        return escape_html(self.text)

    @computed_field(  # type: ignore[prop-decorator]
        description="The reply's Markdown with raw HTML escaped and no link or image: safe "
        "for a Markdown renderer."
    )
    @property
    def markdown(self) -> str:
        """``text`` as Markdown that shows markup as text and loads nothing."""
        return safe_markdown(self.text)


class ToolStartEvent(BaseModel):
    """The agent called a tool."""

    type: Literal["tool_start"] = "tool_start"
    call_id: str
    name: str
    args: dict[str, Any] = Field(default_factory=dict)


class ToolEndEvent(BaseModel):
    """A tool finished; ``ok`` is False when it failed and ``summary`` says why.

    ``summary`` and ``shown`` are plain text like a text event's ``text``: they may repeat
    product text the user typed, markup included, so a page must show them with
    ``textContent``. ``html`` and ``markdown`` are the line people read (``shown``, else
    ``summary``) safe to render as they come.
    """

    type: Literal["tool_end"] = "tool_end"
    call_id: str
    name: str
    ok: bool
    summary: str
    seconds: float | None = None
    shown: str = Field("", description="The summary as people read it: ads by their #number, "
                       "other assets by what they are, never an asset id.")

    @computed_field(  # type: ignore[prop-decorator]
        description="The line people read (shown, else summary) HTML-escaped: safe for "
        "innerHTML."
    )
    @property
    def html(self) -> str:
        """The line people read, escaped for HTML."""
        return escape_html(self.shown or self.summary)

    @computed_field(  # type: ignore[prop-decorator]
        description="The line people read (shown, else summary) as Markdown with raw HTML "
        "escaped and no link or image: safe for a Markdown renderer."
    )
    @property
    def markdown(self) -> str:
        """The line people read as Markdown that shows markup as text and loads nothing."""
        return safe_markdown(self.shown or self.summary)


class ProgressEvent(BaseModel):
    """Progress of long work inside a tool (``done`` of ``total`` steps)."""

    type: Literal["progress"] = "progress"
    name: str
    done: int
    total: int
    message: str = ""


class AssetEvent(BaseModel):
    """A new asset is ready in the asset store."""

    type: Literal["asset"] = "asset"
    asset_id: str
    kind: str
    mime: str
    path: str
    caption: str = ""
    width: int | None = None
    height: int | None = None
    number: int | None = Field(None, description="The ad image's number in its thread (#1...).")
    label: str = Field("", description="What to show: '#5 · edit of #2 · warmer'.")


class GuardrailEvent(BaseModel):
    """A guardrail finding on the user's input or the agent's output."""

    type: Literal["guardrail"] = "guardrail"
    stage: Literal["input", "output"]
    rule_id: str
    severity: Literal["block", "warn", "rewrite"]
    reason: str
    fix: str = ""
    suggestion: str = Field(
        "", description="A compliant rewrite of the words found, if any (personal data: its "
        "mask, never the data)."
    )


class ErrorEvent(BaseModel):
    """The run could not go on; ``message`` tells the user what to do."""

    type: Literal["error"] = "error"
    message: str


class CostEvent(BaseModel):
    """The estimated cost of one tool call (``scope="tool"``) or of a whole turn ("turn").

    Figures are estimates from the price table in the settings, dated ``prices_date``;
    the local engine costs $0.
    """

    type: Literal["cost"] = "cost"
    scope: Literal["tool", "turn"]
    usd: float
    call_id: str | None = None
    name: str = Field("", description="The tool, for a tool's cost.")
    engine: str = Field("", description="The engine of the deployment (local, bedrock).")
    prices_date: str = ""


class ConfirmEvent(BaseModel):
    """The run is paused: work above the cost threshold waits for the user's answer.

    Answer with ``AgentRuntime.resume(thread, approved)``; a new message declines.
    """

    type: Literal["confirm"] = "confirm"
    id: str = Field(description="The interrupt's id.")
    question: str
    estimate_usd: float
    threshold_usd: float
    details: list[str] = Field(default_factory=list, description="One line per priced call.")
    call_ids: list[str] = Field(default_factory=list)


class DoneEvent(BaseModel):
    """The run ended (or paused, ``waiting`` for a confirmation); the stream ends here."""

    type: Literal["done"] = "done"
    thread_id: str
    waiting: bool = Field(False, description="True when the run paused for a confirmation.")
    turn_usd: float | None = Field(
        None, description="Estimated cost of the turn so far (None while waiting)."
    )


Event = Annotated[
    TextEvent
    | ToolStartEvent
    | ToolEndEvent
    | ProgressEvent
    | AssetEvent
    | GuardrailEvent
    | ErrorEvent
    | CostEvent
    | ConfirmEvent
    | DoneEvent,
    Field(discriminator="type"),
]
