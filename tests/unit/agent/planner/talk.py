"""One turn of the local planner in a known conversation of the language suite."""

from __future__ import annotations

from typing import Any

from langchain_core.messages import AIMessage, BaseMessage, ToolMessage

from agent.planner.local import plan
from agent.toolkit import make_tools
from evals.language.contexts import Context, ad_image, build_context

TOOLS = [tool.name for tool in make_tools()]


def turn(context: str, text: str) -> AIMessage:
    """The planner's reply to ``text`` in the suite's conversation ``context``."""
    convo = build_context(context)
    return plan([*convo.messages, convo.user(text)], TOOLS)


def calls(reply: AIMessage) -> list[tuple[str, dict[str, Any]]]:
    """The reply's tool calls as (name, arguments)."""
    return [(c["name"], c["args"]) for c in reply.tool_calls]


def only(context: str, text: str, tool: str) -> list[dict[str, Any]]:
    """The arguments of each call of the reply to ``text``, all of which must be ``tool``."""
    made = calls(turn(context, text))
    assert made and {name for name, _ in made} == {tool}, made
    return [args for _, args in made]


def asks(context: str, text: str) -> str:
    """The reply to ``text``, which must be a question or an explanation (no tool call)."""
    reply = turn(context, text)
    assert not reply.tool_calls and reply.content, calls(reply)
    return str(reply.content)


Made = list[tuple[str, dict[str, Any]]]
"""Tool calls as (name, arguments), in the order made."""


def whole_turn(context: Context, text: str) -> tuple[Made, AIMessage]:
    """Every call of a turn, each step's tools answered as they would be, and its last reply.

    An edit answers with a new version (the next ``img_b…`` number) of the ad it named.
    """
    messages: list[BaseMessage] = [*context.messages, context.user(text)]
    made: Made = []
    number = len(context.images)
    reply = AIMessage("")
    for _ in range(4):
        reply = plan(messages, TOOLS)
        if not reply.tool_calls:
            break
        messages.append(reply)
        for call in reply.tool_calls:
            made.append((call["name"], call["args"]))
            artifact: dict[str, Any] = {}
            if call["name"] == "edit_image":
                number += 1
                artifact = {"image": ad_image(f"img_b{number:09d}", "studio"),
                            "parent_id": call["args"]["asset_id"], "changes": ["lighter"]}
            messages.append(ToolMessage(content="done", name=call["name"],
                                        tool_call_id=call["id"], artifact=artifact))
    return made, reply
