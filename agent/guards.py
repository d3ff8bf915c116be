"""Guardrail nodes: the text policy on every user message and every model message."""

from __future__ import annotations

from typing import Any, Literal

from langchain_core.messages import AIMessage, AnyMessage, HumanMessage

from agent.attachments import attached_ids
from agent.state import State
from tools.policy import Finding, load_policy

WITHHELD = "[message withheld by the ad policy: {rules}]"


def _record(findings: list[Finding], stage: Literal["input", "output"]) -> list[dict[str, Any]]:
    version = load_policy().version
    return [{**f.model_dump(), "stage": stage, "policy_version": version} for f in findings]


def _last(messages: list[AnyMessage], kind: type[AnyMessage]) -> AnyMessage | None:
    return next((m for m in reversed(messages) if isinstance(m, kind)), None)


def _blocks(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == "block"]


def blocked_reply(findings: list[Finding]) -> str:
    """Explain a block and how to fix it."""
    first = _blocks(findings)[0]
    return (
        f"I can't help with that: {first.reason} (rule `{first.rule_id}`, "
        f"on \"{first.excerpt}\"). {first.fix}"
    )


def guard_input(state: State) -> dict[str, Any]:
    """Check the newest user message: block, mask personal data, or note risky claims.

    A blocked message is replaced in the history (so its text never reaches the model on
    later turns) and its photos are ignored; otherwise attached photos join the thread's
    assets (the brief records a photo as the product's once ads are made from it).
    """
    message = _last(list(state.messages), HumanMessage)
    if message is None:
        return {}
    policy = load_policy()
    findings = policy.check(message.text)
    update: dict[str, Any] = {"findings": _record(findings, "input")}
    blocks = _blocks(findings)
    if blocks:
        rules = ", ".join(sorted({f.rule_id for f in blocks}))
        update["messages"] = [
            HumanMessage(content=WITHHELD.format(rules=rules), id=message.id),
            AIMessage(blocked_reply(findings)),
        ]
        return update
    photos = attached_ids(message)
    if photos:
        update["assets"] = photos
    if any(f.severity == "rewrite" for f in findings):
        masked = policy.mask_pii(message.text)
        update["messages"] = [
            HumanMessage(content=masked, id=message.id, additional_kwargs=message.additional_kwargs)
        ]
    return update


def route_after_input(state: State) -> Literal["assistant", "__end__"]:
    """Stop when the input was blocked (the last message is then the refusal)."""
    return "__end__" if isinstance(state.messages[-1], AIMessage) else "assistant"


def guard_output(state: State) -> dict[str, Any]:
    """Check the model's newest message, tool calls included: withhold or mask its text.

    A blocked message loses its tool calls too, so nothing it asked for runs.
    """
    message = state.messages[-1] if state.messages else None
    if not isinstance(message, AIMessage) or not message.text:
        return {}
    policy = load_policy()
    findings = [f for f in policy.check(message.text) if f.severity != "warn"]
    if not findings:
        return {}
    if _blocks(findings):
        reply = AIMessage(
            content="I drafted a reply that broke the ad policy, so I withheld it. "
            + blocked_reply(findings),
            id=message.id,
        )
    else:
        reply = AIMessage(
            content=policy.mask_pii(message.text), id=message.id, tool_calls=message.tool_calls
        )
    return {"findings": _record(findings, "output"), "messages": [reply]}


def route_after_output(state: State) -> Literal["tools", "__end__"]:
    """Run the tools the (checked) model message calls, or end the turn."""
    last = state.messages[-1]
    return "tools" if isinstance(last, AIMessage) and last.tool_calls else "__end__"
