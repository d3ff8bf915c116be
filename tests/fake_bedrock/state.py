"""What the fake endpoint remembers and what a test scripts: calls, replies, jobs, buckets."""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from tests.fake_bedrock.errors import BedrockError
from tests.fake_bedrock.s3 import FakeS3

ACCOUNT = "123456789012"


@dataclass(frozen=True)
class Call:
    """One request the fake answered.

    Attributes:
        operation: Converse, InvokeModel, StartAsyncInvoke, GetFoundationModel, GetObject...
        region: The region it was signed for.
        target: The model id, guardrail id or ``bucket/key`` it named.
        body: The request's JSON body (``{}`` when none or not JSON).
        status: The HTTP status answered.
        error: The error code answered ("" on success).
    """

    operation: str
    region: str
    target: str
    body: dict[str, Any]
    status: int
    error: str = ""


@dataclass(frozen=True)
class ToolUse:
    """A tool call in a scripted Converse reply."""

    name: str
    input: dict[str, Any]
    id: str = ""


@dataclass(frozen=True)
class ConverseReply:
    """A scripted Converse answer: text and/or tool calls, and the stop reason.

    Attributes:
        text: The reply's text ("" for none).
        tool_uses: Tool calls, in order.
        stop_reason: ``end_turn``, ``tool_use``, ``max_tokens``, ``content_filtered``...
            (default: ``tool_use`` with tool calls, else ``end_turn``).
    """

    text: str = ""
    tool_uses: tuple[ToolUse, ...] = ()
    stop_reason: str | None = None


@dataclass(frozen=True)
class AsyncJob:
    """One async invocation (a video job)."""

    invocation_id: str
    arn: str
    model_id: str
    region: str
    s3_uri: str
    token: str
    submitted: datetime
    body: dict[str, Any]


@dataclass
class FakeBedrock:
    """The state of one fake endpoint; tests script it and read what it was sent.

    Attributes:
        calls: Every request answered, in order.
        script: Converse replies (or errors to answer) for the agent's turns, in order;
            when empty, a plain text reply.
        structured: Tool inputs answered when a Converse request forces a tool (structured
            output), by tool name.
        extended_access: Retired model ids this account may still call.
        guardrails: Guardrail ids and their versions, per region.
        blocked_words: Text the guardrails intervene on.
        polls_to_complete: GetAsyncInvoke calls before a job reads Completed.
        video_failure: When set, jobs end Failed with this message.
        s3: The buckets.
        jobs: Async invocations by ARN.
        polls: GetAsyncInvoke calls so far, by ARN.
        lock: Guards the script, jobs and polls (the server answers from its own thread).
    """

    calls: list[Call] = field(default_factory=list)
    script: deque[ConverseReply | BedrockError] = field(default_factory=deque)
    structured: dict[str, dict[str, Any]] = field(default_factory=dict)
    extended_access: frozenset[str] = frozenset()
    guardrails: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    blocked_words: tuple[str, ...] = ("miracle cure",)
    polls_to_complete: int = 1
    video_failure: str = ""
    s3: FakeS3 = field(default_factory=FakeS3)
    jobs: dict[str, AsyncJob] = field(default_factory=dict)
    polls: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @staticmethod
    def now() -> datetime:
        """The current time (end-of-life dates are checked against it)."""
        return datetime.now(UTC)

    def reply(self, *replies: ConverseReply | BedrockError) -> None:
        """Queue Converse replies for the agent's next turns."""
        self.script.extend(replies)

    def made(self, operation: str) -> list[Call]:
        """The calls of one operation, in order."""
        return [call for call in self.calls if call.operation == operation]
