"""The guard nodes when the Bedrock guardrail is throttled or down: told, audited, never kept."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber
from langchain_core.messages import AIMessage, HumanMessage
from langgraph.checkpoint.memory import InMemorySaver

from agent.context import Context
from agent.graph import build_graph
from core.images import encode_png
from engines.bedrock.guardrail import BedrockGuardrail
from evals.recipes import bottle_on_white
from tests.fakes import ScriptedChatModel
from tools.services import Services

_USAGE = {"topicPolicyUnits": 1, "contentPolicyUnits": 1, "wordPolicyUnits": 1,
          "sensitiveInformationPolicyUnits": 1, "sensitiveInformationPolicyFreeUnits": 0,
          "contextualGroundingPolicyUnits": 0}
_NONE = {"action": "NONE", "usage": _USAGE, "outputs": [], "assessments": []}


@pytest.fixture
def guarded(services: Services) -> Iterator[tuple[Services, Stubber]]:
    client = boto3.client("bedrock-runtime", region_name="us-east-1")
    with Stubber(client) as stubber:
        guardrail = BedrockGuardrail(client, "gr-1", "1")
        yield dataclasses.replace(services, guardrail=guardrail), stubber
        stubber.assert_no_pending_responses()


def _throttle(stubber: Stubber) -> None:
    stubber.add_client_error("apply_guardrail", "ThrottlingException", "Too many requests",
                             http_status_code=429)


def _run(services: Services, message: HumanMessage, replies: list[Any]) -> dict[str, Any]:
    graph = build_graph(ScriptedChatModel(replies=replies)).compile(checkpointer=InMemorySaver())
    return graph.invoke({"messages": [message]}, {"configurable": {"thread_id": "t1"}},
                        context=Context(services=services))


def test_a_reply_the_throttled_guardrail_did_not_check_says_so(guarded: Any) -> None:
    services, stubber = guarded
    stubber.add_response("apply_guardrail", _NONE)  # the user's message
    _throttle(stubber)  # the reply
    state = _run(services, HumanMessage("Ads for my steel bottle"),
                 [AIMessage("Happy to help: upload a photo.")])
    reply = state["messages"][-1].text
    assert reply.startswith("Happy to help: upload a photo.")
    assert "busy" in reply and "only the local ad policy" in reply
    assert "Traceback" not in reply
    assert ("guardrail.unavailable", "warn", "output") in {
        (f["rule_id"], f["severity"], f["stage"]) for f in state["findings"]}
    entries = services.audit.for_thread("t1", "default")
    decisions = {(e.stage, e.engine): e.decision for e in entries}
    assert decisions[("output", "bedrock-guardrail")] == "warn"  # not recorded as a pass
    assert decisions[("output", "local")] == "pass"  # the local policy still ran


def test_the_local_policy_still_blocks_while_the_guardrail_is_throttled(guarded: Any) -> None:
    services, stubber = guarded
    stubber.add_response("apply_guardrail", _NONE)  # the user's message
    _throttle(stubber)  # the reply
    state = _run(services, HumanMessage("Ads for my steel bottle"),
                 [AIMessage("This bottle cures cancer, guaranteed.")])
    reply = state["messages"][-1].text
    assert reply.startswith("I drafted a reply that broke the ad policy, so I withheld it.")
    assert "This bottle cures cancer, guaranteed." not in reply


def test_a_blocked_messages_photo_the_guardrail_could_not_check_is_not_kept(
    guarded: Any,
) -> None:
    services, stubber = guarded
    photo, _ = bottle_on_white()
    asset = services.assets.put(encode_png(photo), kind="product_photo", mime="image/png")
    _throttle(stubber)  # the photo, checked alone since the local policy refused the words
    message = HumanMessage("Ads for this, it cures cancer",
                           additional_kwargs={"attachments": [asset.id]})
    state = _run(services, message, [AIMessage("should not be used")])
    assert state["assets"] == []
    assert "photo is kept" not in state["messages"][-1].text


_TOLD = "could not check your message"


def test_a_message_the_throttled_guardrail_did_not_check_is_said_once_in_the_turn(
    guarded: Any,
) -> None:
    services, stubber = guarded
    _throttle(stubber)  # the user's message
    stubber.add_response("apply_guardrail", _NONE)  # the first reply (it calls a tool)
    stubber.add_response("apply_guardrail", _NONE)  # the last reply
    brief = {"name": "update_brief", "args": {"tone": "calm"}, "id": "b1", "type": "tool_call"}
    state = _run(services, HumanMessage("Ads for my steel bottle, calm tone"),
                 [AIMessage("Noting the tone.", tool_calls=[brief]), AIMessage("Noted.")])
    replies = [m.text for m in state["messages"] if isinstance(m, AIMessage)]
    assert replies[0].startswith("Noting the tone.") and _TOLD in replies[0]
    assert "busy" in replies[0] or "Try again" in replies[0]
    assert replies[-1] == "Noted."  # once per turn, not on every reply
    assert state["messages"][-2].status != "error"  # the tool call still ran
    assert sum(_TOLD in text for text in replies) == 1


def test_a_message_the_guardrail_did_not_check_is_said_even_when_the_reply_is_withheld(
    guarded: Any,
) -> None:
    services, stubber = guarded
    _throttle(stubber)  # the user's message
    stubber.add_response("apply_guardrail", _NONE)  # the reply
    state = _run(services, HumanMessage("Ads for my steel bottle"),
                 [AIMessage("This bottle cures cancer, guaranteed.")])
    reply = state["messages"][-1].text
    assert reply.startswith("I drafted a reply that broke the ad policy, so I withheld it.")
    assert _TOLD in reply and "cures cancer, guaranteed" not in reply


def test_the_next_turn_checked_by_the_guardrail_says_nothing(guarded: Any) -> None:
    services, stubber = guarded
    _throttle(stubber)  # first turn: the user's message
    stubber.add_response("apply_guardrail", _NONE)  # its reply
    stubber.add_response("apply_guardrail", _NONE)  # second turn: the user's message
    stubber.add_response("apply_guardrail", _NONE)  # its reply
    graph = build_graph(ScriptedChatModel(replies=[AIMessage("Hi."), AIMessage("Sure.")])
                        ).compile(checkpointer=InMemorySaver())
    config = {"configurable": {"thread_id": "t2"}}
    first = graph.invoke({"messages": [HumanMessage("Hello")]}, config,
                         context=Context(services=services))
    second = graph.invoke({"messages": [HumanMessage("Make ads")]}, config,
                          context=Context(services=services))
    assert _TOLD in first["messages"][-1].text
    assert second["messages"][-1].text == "Sure."
