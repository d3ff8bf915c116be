"""What the user is told when a Bedrock chat reply stops early or the call is throttled.

``ChatBedrockConverse`` puts Converse's ``stopReason`` in ``response_metadata["stopReason"]``
and returns whatever content came back: cut-off text for ``max_tokens``, often nothing for
``content_filtered``, unreadable tool calls for ``malformed_tool_use``. :func:`explain_stop`
turns such a reply into one the user can read (and never runs a half-written tool call);
:func:`failure_reply` is the sentence for a call that failed in a way the user can wait out.
"""

from __future__ import annotations

from botocore.exceptions import ClientError
from langchain_core.messages import AIMessage, BaseMessage

CUT_OFF = (
    "(The reply was cut off: it reached the length limit for one answer. Ask me to go on, "
    "or for a shorter answer.)"
)
CUT_OFF_ACTIONS = (
    "(The reply was cut off at the length limit before its actions were complete, so "
    "nothing was run. Ask again, one step at a time.)"
)
FILTERED = (
    "The model's content filter stopped this reply. Rephrase the request and try again."
)
MALFORMED_TOOL_USE = (
    "The model asked for an action in a form that could not be read, so nothing was run. "
    "Please send the message again."
)
MALFORMED_OUTPUT = "The model's reply could not be read. Please send the message again."
CONTEXT_FULL = (
    "This conversation is now too long for the model. Start a new conversation to go on."
)
THROTTLED = "Bedrock is throttling requests; try again in a minute."

NOTICES: dict[str, str] = {
    "content_filtered": FILTERED,
    "malformed_tool_use": MALFORMED_TOOL_USE,
    "malformed_model_output": MALFORMED_OUTPUT,
    "model_context_window_exceeded": CONTEXT_FULL,
}
"""Stop reasons (botocore's ``StopReason``) whose reply gets a sentence and runs no tool."""


def stop_reason(message: BaseMessage) -> str:
    """The Converse ``stopReason`` of a reply ("" when there is none)."""
    return str(message.response_metadata.get("stopReason") or "")


def explain_stop(message: AIMessage) -> AIMessage:
    """The reply with a sentence for a stop reason the user would otherwise not see.

    ``max_tokens`` keeps the cut-off text and adds a notice; ``content_filtered``,
    ``malformed_tool_use``, ``malformed_model_output`` and ``model_context_window_exceeded``
    add a sentence saying what happened. Tool calls of such a reply are dropped: they may
    be cut off or unreadable, and a dropped call leaves no ``toolUse`` without its result in
    the history. Any other reply is returned unchanged.

    Args:
        message: The chat model's reply.

    Returns:
        The reply to keep and show.
    """
    reason = stop_reason(message)
    if reason != "max_tokens" and reason not in NOTICES:
        return message
    acted = bool(message.tool_calls or message.invalid_tool_calls)
    if reason == "max_tokens":
        notice = CUT_OFF_ACTIONS if acted else CUT_OFF
    else:
        notice = NOTICES[reason]
    text = message.text.strip()
    return AIMessage(
        content=f"{text}\n\n{notice}" if text else notice,
        id=message.id,
        response_metadata=message.response_metadata,
        usage_metadata=message.usage_metadata,
    )


def failure_reply(exc: BaseException) -> str | None:
    """The sentence for a chat call that failed because Bedrock is busy (None otherwise).

    Args:
        exc: What the chat model raised (botocore retries throttling before raising).

    Returns:
        :data:`THROTTLED` for ``ThrottlingException``; None for any other error.
    """
    if not isinstance(exc, ClientError):
        return None
    code = exc.response.get("Error", {}).get("Code", "")
    return THROTTLED if code == "ThrottlingException" else None
