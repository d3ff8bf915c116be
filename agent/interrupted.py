"""Tool calls a crash left without a result get one saying the call was interrupted.

A run that dies inside a tool (the process killed, a deploy, a crash) leaves the
assistant's tool call in the stored conversation with no tool result after it. Chat APIs
refuse such a history (Bedrock Converse wants each ``toolUse`` answered by a
``toolResult`` in the next message), so the thread would fail on every later turn.
"""

from __future__ import annotations

from collections.abc import Sequence

from langchain_core.messages import AIMessage, BaseMessage, ToolMessage

INTERRUPTED = (
    "Not run: the previous run was interrupted (the server stopped or restarted) before "
    "this call finished, so it made nothing. Call it again if it is still needed."
)


def interrupted_result(call_id: str, name: str) -> ToolMessage:
    """The tool result of a call that never finished."""
    return ToolMessage(INTERRUPTED, tool_call_id=call_id, name=name, status="error")


def missing_results(messages: Sequence[BaseMessage], at: int) -> list[ToolMessage]:
    """Results for the calls of ``messages[at]`` that the tool messages after it lack."""
    message = messages[at]
    if not isinstance(message, AIMessage) or not message.tool_calls:
        return []
    answered = set()
    for later in messages[at + 1:]:
        if not isinstance(later, ToolMessage):
            break
        answered.add(later.tool_call_id)
    return [interrupted_result(call["id"] or "", call["name"]) for call in message.tool_calls
            if call["id"] not in answered]


def answer_interrupted(messages: Sequence[BaseMessage]) -> list[BaseMessage]:
    """``messages`` with an interrupted result after each tool call that has none.

    Each added result goes right after the tool results its assistant message already
    has, so every tool call is answered in the messages that follow it.
    """
    repaired: list[BaseMessage] = []
    pending: list[ToolMessage] = []
    for i, message in enumerate(messages):
        if pending and not isinstance(message, ToolMessage):
            repaired.extend(pending)
            pending = []
        repaired.append(message)
        if isinstance(message, AIMessage):
            pending = missing_results(messages, i)
    return [*repaired, *pending]


def trailing_interrupted(messages: Sequence[BaseMessage]) -> list[ToolMessage]:
    """Results missing for the last assistant message, when only tool results follow it.

    These can be appended to the stored history as they are: nothing else came after.
    """
    for at in range(len(messages) - 1, -1, -1):
        if isinstance(messages[at], AIMessage):
            return missing_results(messages, at)
        if not isinstance(messages[at], ToolMessage):
            return []
    return []
