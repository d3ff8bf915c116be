"""Guardrail nodes: the text policy on every user message and every final reply."""

from __future__ import annotations

from typing import Any, Literal

from langchain_core.messages import AIMessage, AnyMessage, HumanMessage

from agent.attachments import attached_ids
from agent.state import State
from tools.policy import Finding, load_policy


def _record(findings: list[Finding], stage: Literal["input", "output"]) -> list[dict[str, Any]]:
    policy = load_policy()
    return [
        {**f.model_dump(), "stage": stage, "policy_version": policy.version} for f in findings
    ]


def _last(messages: list[AnyMessage], kind: type[AnyMessage]) -> AnyMessage | None:
    return next((m for m in reversed(messages) if isinstance(m, kind)), None)


def blocked_reply(findings: list[Finding]) -> str:
    """Explain a block and how to fix it."""
    first = next(f for f in findings if f.severity == "block")
    return (
        f"I can't help with that: {first.reason} (rule `{first.rule_id}`, "
        f"on \"{first.excerpt}\"). {first.fix}"
    )


def guard_input(state: State) -> dict[str, Any]:
    """Check the newest user message: block, mask personal data, or note risky claims.

    Attached photos are added to the brief and the thread's assets here.
    """
    message = _last(list(state.messages), HumanMessage)
    if message is None:
        return {}
    policy = load_policy()
    findings = policy.check(message.text)
    update: dict[str, Any] = {"findings": _record(findings, "input")}
    photos = attached_ids(message)
    if photos:
        update["brief"] = {"images": photos}
        update["assets"] = photos
    if any(f.severity == "block" for f in findings):
        update["messages"] = [AIMessage(blocked_reply(findings))]
    elif any(f.severity == "rewrite" for f in findings):
        masked = policy.mask_pii(message.text)
        update["messages"] = [
            HumanMessage(
                content=masked, id=message.id, additional_kwargs=message.additional_kwargs
            )
        ]
    return update


def route_after_input(state: State) -> Literal["assistant", "__end__"]:
    """Stop when the input was blocked (the last message is then the refusal)."""
    return "__end__" if isinstance(state.messages[-1], AIMessage) else "assistant"


def guard_output(state: State) -> dict[str, Any]:
    """Check the final reply: replace it when blocked, mask personal data."""
    message = _last(list(state.messages), AIMessage)
    if message is None or not message.text:
        return {}
    policy = load_policy()
    findings = [f for f in policy.check(message.text) if f.severity != "warn"]
    if not findings:
        return {}
    if any(f.severity == "block" for f in findings):
        text = "I drafted a reply that broke the ad policy, so I withheld it. " + blocked_reply(
            findings
        )
    else:
        text = policy.mask_pii(message.text)
    return {
        "findings": _record(findings, "output"),
        "messages": [AIMessage(content=text, id=message.id)],
    }
