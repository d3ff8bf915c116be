"""The graph against a Stubber-backed ChatBedrockConverse: what Converse is sent and shown.

botocore's Stubber checks every Converse request against the service model, so a message
history Bedrock would refuse in shape fails here; the tests then check what Converse needs
beyond shape (every ``toolUse`` answered by a ``toolResult``, the system prompt each time).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import boto3
import pytest
from botocore.stub import ANY, Stubber
from langchain_core.messages import AIMessage, HumanMessage, ToolMessage
from langgraph.checkpoint.memory import InMemorySaver

from agent.context import Context
from agent.graph import build_graph
from core.settings import Settings
from engines.bedrock.chat import make_bedrock_chat
from tools.services import Services

CONVERSE = {"modelId": ANY, "messages": ANY, "system": ANY, "inferenceConfig": ANY,
            "toolConfig": ANY}


def converse_response(content: list[dict[str, Any]], stop: str) -> dict[str, Any]:
    return {
        "output": {"message": {"role": "assistant", "content": content}},
        "stopReason": stop,
        "usage": {"inputTokens": 900, "outputTokens": 40, "totalTokens": 940},
        "metrics": {"latencyMs": 310},
    }


def tool_use(use_id: str, name: str, arguments: dict[str, Any]) -> dict[str, Any]:
    return {"toolUse": {"toolUseId": use_id, "name": name, "input": arguments}}


@dataclass
class Converse:
    """A Stubber'd bedrock-runtime client, the graph on it, and every Converse request."""

    client: Any
    stubber: Stubber
    services: Services
    sent: list[dict[str, Any]] = field(default_factory=list)

    def reply(self, content: list[dict[str, Any]], stop: str = "end_turn") -> None:
        self.stubber.add_response("converse", converse_response(content, stop), CONVERSE)

    def run(self, text: str, graph: Any = None) -> tuple[Any, dict[str, Any]]:
        if graph is None:
            model = make_bedrock_chat(Settings(engine="bedrock"), client=self.client)
            graph = build_graph(model).compile(checkpointer=InMemorySaver())
        state = graph.invoke(
            {"messages": [HumanMessage(text)]},
            {"configurable": {"thread_id": "t1"}, "recursion_limit": 25},
            context=Context(services=self.services),
        )
        return graph, state


@pytest.fixture
def converse(services: Services) -> Iterator[Converse]:
    client = boto3.client("bedrock-runtime", region_name="us-east-1")
    rig = Converse(client, Stubber(client), services)
    client.meta.events.register("provide-client-params.bedrock-runtime.Converse",
                                lambda params, **_: rig.sent.append(params))
    with rig.stubber:
        yield rig
        rig.stubber.assert_no_pending_responses()


def blocks(request: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    """Every ``kind`` block (toolUse, toolResult, text) in a Converse request's messages."""
    return [block[kind] for message in request["messages"] for block in message["content"]
            if kind in block]


def test_two_tool_calls_in_one_message_both_run_and_both_results_go_back(
    converse: Converse,
) -> None:
    converse.reply([
        {"text": "Let me note that and read the product."},
        tool_use("tu-brief", "update_brief", {"product_name": "Steel bottle",
                                              "audience": "hikers"}),
        tool_use("tu-features", "extract_features", {"title": "Steel bottle",
                                                     "description": "750 ml, insulated"}),
    ], stop="tool_use")
    converse.reply([{"text": "Noted: a 750 ml insulated bottle for hikers."}])
    _, state = converse.run("Steel bottle, 750 ml, insulated, for hikers")

    results = [m for m in state["messages"] if isinstance(m, ToolMessage)]
    assert {m.tool_call_id for m in results} == {"tu-brief", "tu-features"}
    assert all(m.status == "success" for m in results)
    assert state["brief"].audience == "hikers"
    assert state["messages"][-1].text == "Noted: a 750 ml insulated bottle for hikers."

    first, second = converse.sent
    # The system prompt goes with every request (the second one with the updated brief).
    for request in (first, second):
        assert request["system"][0]["text"].startswith("You are adstudio")
    assert "hikers" in second["system"][0]["text"] and "hikers" not in first["system"][0]["text"]
    assert {use["toolUseId"] for use in blocks(second, "toolUse")} == {"tu-brief",
                                                                        "tu-features"}
    answered = blocks(second, "toolResult")
    assert {result["toolUseId"] for result in answered} == {"tu-brief", "tu-features"}
    # Both results answer the assistant turn together, in the user message right after it.
    last = second["messages"][-1]
    assert last["role"] == "user"
    assert {b["toolResult"]["toolUseId"] for b in last["content"] if "toolResult" in b} == {
        "tu-brief", "tu-features"}
    assert second["messages"][-2]["role"] == "assistant"


def test_throttling_is_a_sentence_and_the_traceback_goes_to_the_debug_log(
    converse: Converse, caplog: pytest.LogCaptureFixture,
) -> None:
    converse.stubber.add_client_error(
        "converse", service_error_code="ThrottlingException",
        service_message="Too many requests, please wait before trying again.",
        http_status_code=429,
    )
    with caplog.at_level(logging.DEBUG):
        _, state = converse.run("Make three ads")
    assert state["messages"][-1].text == "Bedrock is throttling requests; try again in a minute."
    tracebacks = [r for r in caplog.records if r.exc_info]
    assert tracebacks and all(r.levelno == logging.DEBUG for r in tracebacks)
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


def test_max_tokens_mid_tool_call_runs_nothing_and_says_so(converse: Converse) -> None:
    converse.reply([
        {"text": "I'll write the brief down"},
        tool_use("tu-cut", "update_brief", {"product_name": "Steel"}),
    ], stop="max_tokens")
    graph, state = converse.run("Steel bottle for hikers")
    assert not [m for m in state["messages"] if isinstance(m, ToolMessage)]
    reply = state["messages"][-1]
    assert isinstance(reply, AIMessage) and not reply.tool_calls
    assert reply.text.startswith("I'll write the brief down")
    assert "cut off" in reply.text and "nothing was run" in reply.text
    assert state["brief"].product_name == ""  # update_brief never ran

    # The next turn sends Converse no toolUse without its toolResult.
    converse.reply([{"text": "Which one shall I start with?"}])
    converse.run("Go on", graph)
    assert blocks(converse.sent[-1], "toolUse") == []
    assert blocks(converse.sent[-1], "toolResult") == []


def test_max_tokens_on_text_keeps_the_text_and_adds_a_notice(converse: Converse) -> None:
    converse.reply([{"text": "Here are ten headline ideas: 1. Cold for"}], stop="max_tokens")
    _, state = converse.run("Ten headlines please")
    text = state["messages"][-1].text
    assert text.startswith("Here are ten headline ideas: 1. Cold for")
    assert "cut off" in text and "length limit" in text


def test_an_empty_filtered_reply_says_the_content_filter_stopped_it(
    converse: Converse,
) -> None:
    converse.reply([], stop="content_filtered")
    _, state = converse.run("Write an ad")
    assert "content filter stopped this reply" in state["messages"][-1].text


def test_a_malformed_tool_use_is_a_sentence_not_a_crash(converse: Converse) -> None:
    converse.reply([], stop="malformed_tool_use")
    _, state = converse.run("Make ads")
    assert not [m for m in state["messages"] if isinstance(m, ToolMessage)]
    assert "could not be read, so nothing was run" in state["messages"][-1].text
