"""The intent gate: the planner asks back when a confident reader contradicts its rules' calls."""

from __future__ import annotations

import numpy as np
import pytest
from langchain_core.messages import HumanMessage

from agent.planner import intent_reader
from agent.planner.intent_reader import NONE, IntentModel, doubt
from agent.planner.local import LocalPlanner, plan
from agent.toolkit import make_tools
from evals.language.contexts import build_context

TOOLS = [tool.name for tool in make_tools()]
LABELS = (*[t for t in TOOLS if t != "update_brief"], NONE)
DIM = 512 + len(intent_reader.SITUATION)


def fake_reader(none_at: float = 0.9, tool_below: float = 0.1,
                **probabilities: float) -> IntentModel:
    """A reader that gives every message the same probabilities (0.5 for labels not named)."""
    wanted = np.array([probabilities.get(label, 0.5) for label in LABELS], np.float32)
    logits = np.log(wanted / (1 - wanted))
    return IntentModel(LABELS, (np.zeros((DIM, 1), np.float32), np.zeros(1, np.float32)),
                       (np.zeros((1, len(LABELS)), np.float32), logits.astype(np.float32)),
                       none_at=none_at, tool_below=tool_below)


def _turn(text: str, gate: IntentModel | None, context: str = "ads4") -> list[str]:
    convo = build_context(context)
    reply = plan([*convo.messages, convo.user(text)], TOOLS, gate=gate)
    return [call["name"] for call in reply.tool_calls]


def test_the_rules_alone_edit_on_a_clear_request() -> None:
    assert _turn("make the second one warmer", None) == ["edit_image"]


def test_a_reader_sure_nothing_should_be_done_makes_the_planner_ask() -> None:
    convo = build_context("ads4")
    reader = fake_reader(none=0.99, edit_image=0.01)
    reply = plan([*convo.messages, convo.user("make the second one warmer")], TOOLS, gate=reader)
    assert reply.tool_calls == []
    assert str(reply.content).rstrip().endswith("?")  # a question back, nothing changed
    assert "haven't changed anything" in str(reply.content)


def test_a_reader_sure_the_tool_is_wrong_makes_the_planner_ask() -> None:
    reader = fake_reader(none=0.3, edit_image=0.02, download_images=0.9)
    assert _turn("make the second one warmer", reader) == []


def test_a_reader_that_agrees_leaves_a_clear_request_alone() -> None:
    reader = fake_reader(none=0.05, edit_image=0.97)
    assert _turn("make the second one warmer", reader) == ["edit_image"]


def test_a_reader_unsure_either_way_leaves_the_rules_to_decide() -> None:
    reader = fake_reader(none=0.6, edit_image=0.4)
    assert _turn("make the second one warmer", reader) == ["edit_image"]


def test_a_reply_without_calls_is_never_gated() -> None:
    reader = fake_reader(none=0.01, edit_image=0.99)
    convo = build_context("ads4")
    reply = plan([*convo.messages, convo.user("thank you!")], TOOLS, gate=reader)
    assert reply.tool_calls == []


@pytest.mark.parametrize(("planned", "probabilities", "why"), [
    (["edit_image"], {"edit_image": 0.95, NONE: 0.95}, NONE),
    (["edit_image", "download_images"], {"edit_image": 0.9, "download_images": 0.05, NONE: 0.1},
     "download_images"),
    (["edit_image"], {"edit_image": 0.5, NONE: 0.5}, None),
    (["update_brief"], {"update_brief": 0.0, NONE: 0.99}, None),  # recording a brief is free
    ([], {NONE: 0.01}, None),
])
def test_doubt_names_what_the_reader_contradicts(planned: list[str],
                                                 probabilities: dict[str, float],
                                                 why: str | None) -> None:
    assert doubt(planned, probabilities, fake_reader(none_at=0.9, tool_below=0.1)) == why


def test_the_planner_acts_without_the_gate_when_it_is_off() -> None:
    convo = build_context("ads4")
    model = LocalPlanner(intent_gate=False, intent_model=fake_reader(none=0.99, edit_image=0.01))
    bound = model.bind_tools(make_tools())
    reply = bound.invoke([*convo.messages, convo.user("make the second one warmer")])
    assert [c["name"] for c in reply.tool_calls] == ["edit_image"]


def test_the_planner_asks_with_the_gate_on() -> None:
    convo = build_context("ads4")
    model = LocalPlanner(intent_gate=True, intent_model=fake_reader(none=0.99, edit_image=0.01))
    bound = model.bind_tools(make_tools())
    reply = bound.invoke([*convo.messages, convo.user("make the second one warmer")])
    assert reply.tool_calls == []


def test_the_reader_reads_the_message_without_its_attachment_note() -> None:
    convo = build_context("new_photo")
    message = convo.user("water bottle for hikers")
    assert isinstance(message, HumanMessage) and message.text != "water bottle for hikers"
    assert intent_reader.message_text([message]) == "water bottle for hikers"
