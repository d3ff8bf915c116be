"""A run that crashed mid-tool leaves a tool call without a result; the next turn repairs it.

Converse wants every ``toolUse`` of an assistant message answered by a ``toolResult`` in
the very next message. The restarted runtime talks to Bedrock through botocore's Stubber,
which validates each request against the service model; the pairing rule itself is
checked on the request that was sent.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.stub import ANY, Stubber
from langchain_core.messages import AIMessage

from agent.runtime import AgentRuntime, sqlite_checkpointer
from core.settings import Settings
from engines.bedrock.chat import make_bedrock_chat
from tests.fakes import ScriptedChatModel
from tools.services import build_services

CALL = {"name": "extract_features", "args": {"title": "Steel bottle"}, "id": "call_1",
        "type": "tool_call"}


class Crash(BaseException):
    """The process dies (not an Exception: nothing in the run may catch it)."""


def converse_reply(text: str) -> dict[str, Any]:
    return {
        "output": {"message": {"role": "assistant", "content": [{"text": text}]}},
        "stopReason": "end_turn",
        "usage": {"inputTokens": 10, "outputTokens": 5, "totalTokens": 15},
        "metrics": {"latencyMs": 12},
    }


def assert_tool_uses_answered(messages: list[dict[str, Any]]) -> None:
    """Converse's rule: each assistant toolUse is answered in the next (user) message."""
    for i, message in enumerate(messages):
        uses = {b["toolUse"]["toolUseId"] for b in message["content"] if "toolUse" in b}
        if not uses:
            continue
        assert i + 1 < len(messages), "the conversation ends on unanswered tool calls"
        following = messages[i + 1]
        results = {b["toolResult"]["toolUseId"] for b in following["content"]
                   if "toolResult" in b}
        assert following["role"] == "user" and uses <= results, (uses, following)


@pytest.fixture
def crashed(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    """A thread whose run died inside a tool call, kept in the SQLite checkpointer."""
    model = ScriptedChatModel(replies=[AIMessage("", tool_calls=[CALL])])
    runtime = AgentRuntime(settings, chat_model=model, services=build_services(settings))

    def die(*args: Any, **kwargs: Any) -> None:
        raise Crash()

    monkeypatch.setattr("agent.toolkit.capability_context", die)
    with pytest.raises(Crash):
        list(runtime.stream("t1", "Steel bottle, 750 ml"))
    monkeypatch.undo()
    state = runtime.state("t1")
    assert state is not None and state.messages[-1].tool_calls  # the call has no result
    yield settings


@pytest.fixture
def bedrock() -> Iterator[tuple[Any, Stubber]]:
    client = boto3.client("bedrock-runtime", region_name="us-east-1")
    with Stubber(client) as stubber:
        yield client, stubber
        stubber.assert_no_pending_responses()


def test_the_next_turn_answers_the_interrupted_call(
    crashed: Settings, bedrock: tuple[Any, Stubber]
) -> None:
    client, stubber = bedrock
    sent: list[dict[str, Any]] = []
    client.meta.events.register("provide-client-params.bedrock-runtime.Converse",
                                lambda params, **kw: sent.append(params))
    stubber.add_response("converse", converse_reply("Let's try that again."),
                         {"modelId": ANY, "messages": ANY, "system": ANY,
                          "inferenceConfig": ANY, "toolConfig": ANY})
    restarted = AgentRuntime(crashed, chat_model=make_bedrock_chat(crashed, client=client),
                             services=build_services(crashed),
                             checkpointer=sqlite_checkpointer(crashed))

    events = list(restarted.stream("t1", "Did it work?"))

    assert [e.type for e in events if e.type == "error"] == []
    assert events[-1].type == "done"
    messages = sent[0]["messages"]
    assert_tool_uses_answered(messages)
    results = [b["toolResult"] for m in messages for b in m["content"] if "toolResult" in b]
    assert [r["toolUseId"] for r in results] == ["call_1"]
    assert "interrupted" in str(results[0]["content"]).lower()
    assert "Did it work?" in str(messages[-1]["content"])
    # The repair is kept: the thread's history now answers the call too.
    state = restarted.state("t1")
    assert state is not None
    answered = [m for m in state.messages if getattr(m, "tool_call_id", None) == "call_1"]
    assert len(answered) == 1 and "interrupted" in str(answered[0].content).lower()


def test_a_call_left_unanswered_earlier_in_the_thread_is_answered_in_place() -> None:
    from langchain_core.messages import HumanMessage, ToolMessage

    from agent.interrupted import answer_interrupted

    second = {**CALL, "id": "call_2", "name": "generate_ad_images"}
    history = [HumanMessage("ads please"), AIMessage("", tool_calls=[CALL, second]),
               ToolMessage("features", tool_call_id="call_1", name="extract_features"),
               HumanMessage("hello?"), AIMessage("Hi.")]
    repaired = answer_interrupted(history)
    assert [type(m).__name__ for m in repaired] == [
        "HumanMessage", "AIMessage", "ToolMessage", "ToolMessage", "HumanMessage", "AIMessage"]
    added = repaired[3]
    assert isinstance(added, ToolMessage)
    assert (added.tool_call_id, added.name, added.status) == ("call_2", "generate_ad_images",
                                                               "error")
    assert answer_interrupted(repaired) == repaired  # nothing left to answer


def test_a_call_of_a_run_still_going_is_not_marked_interrupted(crashed: Settings) -> None:
    # a second tab sends a message while the first run's tool is still working
    runtime = AgentRuntime(crashed, chat_model=ScriptedChatModel(replies=[]),
                           services=build_services(crashed),
                           checkpointer=sqlite_checkpointer(crashed))
    runtime.running = lambda thread_id: True  # type: ignore[method-assign]
    runtime._answer_interrupted("t1")
    state = runtime.state("t1")
    assert state is not None and state.messages[-1].tool_calls  # still waiting, not answered
