"""The runtime's event stream: what users see, in order, and failures turned into messages."""

from __future__ import annotations

from botocore.exceptions import ClientError
from langchain_core.messages import AIMessage
from langgraph.checkpoint.memory import InMemorySaver

from agent.events import (
    DoneEvent,
    ErrorEvent,
    GuardrailEvent,
    TextEvent,
    ToolEndEvent,
    ToolStartEvent,
)
from agent.runtime import SERIALIZER, AgentRuntime
from agent.services import Services
from agent.settings import Settings
from tests.fakes import ScriptedChatModel


def scripted(settings: Settings, services: Services, replies: list) -> AgentRuntime:
    return AgentRuntime(settings, services=services, chat_model=ScriptedChatModel(replies=replies),
                        checkpointer=InMemorySaver(serde=SERIALIZER))


def test_events_come_in_order_and_only_after_the_output_check(
    settings: Settings, services: Services
) -> None:
    leaky = AIMessage("Noting jane@example.com", tool_calls=[
        {"name": "update_brief", "args": {"tone": "calm"}, "id": "c1", "type": "tool_call"}])
    runtime = scripted(settings, services, [leaky, AIMessage("Done.")])
    events = list(runtime.stream("t", "calm tone please"))
    kinds = [type(e).__name__ for e in events]
    assert kinds == ["GuardrailEvent", "TextEvent", "ToolStartEvent", "ToolEndEvent",
                     "TextEvent", "DoneEvent"]
    assert isinstance(events[0], GuardrailEvent) and events[0].stage == "output"
    assert [e.text for e in events if isinstance(e, TextEvent)] == ["Noting [email]", "Done."]
    assert "jane@" not in " ".join(e.model_dump_json() for e in events)
    start, end = events[2], events[3]
    assert isinstance(start, ToolStartEvent) and isinstance(end, ToolEndEvent)
    assert start.call_id == end.call_id == "c1" and end.ok and end.seconds is not None


def test_a_throttled_model_is_reported_and_the_thread_goes_on(
    settings: Settings, services: Services
) -> None:
    throttled = ClientError(
        {"Error": {"Code": "ThrottlingException", "Message": "Too many requests"}}, "Converse"
    )
    runtime = scripted(settings, services, [throttled, AIMessage("Back again.")])
    first = list(runtime.stream("t", "hello"))
    assert isinstance(first[-2], ErrorEvent) and isinstance(first[-1], DoneEvent)
    assert "ThrottlingException: Too many requests" in first[-2].message
    second = list(runtime.stream("t", "hello?"))
    assert [e.text for e in second if isinstance(e, TextEvent)] == ["Back again."]


def test_unexpected_failures_do_not_leak_internals(settings: Settings, services: Services) -> None:
    runtime = scripted(settings, services, [RuntimeError("/secret/path/db.sqlite")])
    events = list(runtime.stream("t", "hello"))
    error = next(e for e in events if isinstance(e, ErrorEvent))
    assert "RuntimeError" in error.message and "/secret" not in error.message


def test_a_blocked_input_streams_the_refusal(settings: Settings, services: Services) -> None:
    runtime = scripted(settings, services, [])
    events = list(runtime.stream("t", "ads for my handgun shop"))
    assert isinstance(events[0], GuardrailEvent) and events[0].severity == "block"
    assert isinstance(events[1], TextEvent) and "prohibited.weapons" in events[1].text
    assert isinstance(events[2], DoneEvent)
