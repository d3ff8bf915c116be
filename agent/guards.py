"""Guardrail nodes: the ad policy, and the Bedrock guardrail when one is configured.

The local ad policy checks every user message and every model message. When the run's
services carry a Bedrock guardrail (``ADSTUDIO_GUARDRAIL_ID``), ``ApplyGuardrail`` checks
them too (``INPUT`` for the user's text and the photos attached to it, ``OUTPUT`` for the
model's text); both sets of findings are recorded and either can block. Bedrock Guardrails
know nothing of ad policy, so the local policy always runs. A guardrail that cannot be
reached fails open with a ``guardrail.unavailable`` warning (see
``tools.engines.bedrock.guardrail``).
"""

from __future__ import annotations

import logging
from typing import Any, Literal

from langchain_core.messages import AIMessage, AnyMessage, HumanMessage
from langgraph.runtime import Runtime

from agent.attachments import attached_ids
from agent.context import Context
from agent.services import Services, default_services
from agent.state import State
from tools.engines.bedrock.guardrail import BedrockGuardrail, GuardrailVerdict
from tools.errors import CapabilityError
from tools.policy import Finding, load_policy

log = logging.getLogger(__name__)

WITHHELD = "[message withheld by the ad policy: {rules}]"
Stage = Literal["input", "output"]


def _record(
    findings: list[Finding], stage: Stage, version: str | None = None
) -> list[dict[str, Any]]:
    version = version or load_policy().version
    return [{**f.model_dump(), "stage": stage, "policy_version": version} for f in findings]


def _services(runtime: Runtime[Context] | None) -> tuple[Services, Context]:
    """The run's services and context (process defaults when the run has none)."""
    context = runtime.context if runtime and isinstance(runtime.context, Context) else Context()
    return context.services or default_services(), context


def _guardrail_input(
    guardrail: BedrockGuardrail, message: AnyMessage, services: Services, tenant: str
) -> GuardrailVerdict:
    """The guardrail on the user's text and on the photos attached to the message."""
    verdict = guardrail.assess_text(message.text, "INPUT")
    photos = _photo_bytes(services, attached_ids(message), tenant)
    if not photos:
        return verdict
    findings = guardrail.check_images(photos, "INPUT")
    return GuardrailVerdict([*verdict.findings, *findings], verdict.masked)


def _photo_bytes(services: Services, ids: list[str], tenant: str) -> list[bytes]:
    """The stored bytes of the attached photos (unknown ids are skipped: nothing to check)."""
    photos = []
    for asset_id in ids:
        try:
            asset = services.assets.get(asset_id, tenant=tenant)
        except CapabilityError:
            log.info("attached asset %s not found; not sent to the guardrail", asset_id)
            continue
        photos.append(services.assets.read(asset.id))
    return photos


def _guardrail_record(
    guardrail: BedrockGuardrail | None, verdict: GuardrailVerdict, stage: Stage
) -> list[dict[str, Any]]:
    """The guardrail's findings as recorded in the state."""
    return _record(verdict.findings, stage, guardrail.label) if guardrail else []


def _last(messages: list[AnyMessage], kind: type[AnyMessage]) -> AnyMessage | None:
    return next((m for m in reversed(messages) if isinstance(m, kind)), None)


def _blocks(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == "block"]


def blocked_reply(findings: list[Finding]) -> str:
    """Explain a block and how to fix it."""
    first = _blocks(findings)[0]
    where = f", on \"{first.excerpt}\"" if first.excerpt else ""
    return f"I can't help with that: {first.reason} (rule `{first.rule_id}`{where}). {first.fix}"


def guard_input(state: State, runtime: Runtime[Context] | None = None) -> dict[str, Any]:
    """Check the newest user message: block, mask personal data, or note risky claims.

    The local ad policy checks the text; a configured Bedrock guardrail checks the text
    and the attached photos as well. A blocked message is replaced in the history (so its
    text never reaches the model on later turns) and its photos are ignored; otherwise
    attached photos join the thread's assets (the brief records a photo as the product's
    once ads are made from it).
    """
    message = _last(list(state.messages), HumanMessage)
    if message is None:
        return {}
    policy = load_policy()
    local = policy.check(message.text)
    services, context = _services(runtime)
    guardrail = services.guardrail
    verdict = (
        _guardrail_input(guardrail, message, services, context.tenant)
        if guardrail and not _blocks(local)  # no paid check of what is refused anyway
        else GuardrailVerdict()
    )
    findings = [*local, *verdict.findings]
    update: dict[str, Any] = {
        "findings": _record(local, "input") + _guardrail_record(guardrail, verdict, "input")
    }
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
        masked = policy.mask_pii(verdict.masked or message.text)
        update["messages"] = [
            HumanMessage(content=masked, id=message.id, additional_kwargs=message.additional_kwargs)
        ]
    return update


def route_after_input(state: State) -> Literal["assistant", "__end__"]:
    """Stop when the input was blocked (the last message is then the refusal)."""
    return "__end__" if isinstance(state.messages[-1], AIMessage) else "assistant"


def guard_output(state: State, runtime: Runtime[Context] | None = None) -> dict[str, Any]:
    """Check the model's newest message, tool calls included: withhold or mask its text.

    The local ad policy (its warnings aside) and a configured Bedrock guardrail check the
    text. A blocked message loses its tool calls too, so nothing it asked for runs.
    """
    message = state.messages[-1] if state.messages else None
    if not isinstance(message, AIMessage) or not message.text:
        return {}
    policy = load_policy()
    guardrail = _services(runtime)[0].guardrail
    verdict = guardrail.assess_text(message.text, "OUTPUT") if guardrail else GuardrailVerdict()
    local = [f for f in policy.check(message.text) if f.severity != "warn"]
    recorded = _record(local, "output") + _guardrail_record(guardrail, verdict, "output")
    findings = [*local, *(f for f in verdict.findings if f.severity != "warn")]
    if not findings:
        return {"findings": recorded} if recorded else {}
    if _blocks(findings):
        reply = AIMessage(
            content="I drafted a reply that broke the ad policy, so I withheld it. "
            + blocked_reply(findings),
            id=message.id,
        )
    else:
        reply = AIMessage(
            content=policy.mask_pii(verdict.masked or message.text),
            id=message.id,
            tool_calls=message.tool_calls,
        )
    return {"findings": recorded, "messages": [reply]}


def route_after_output(state: State) -> Literal["tools", "__end__"]:
    """Run the tools the (checked) model message calls, or end the turn."""
    last = state.messages[-1]
    return "tools" if isinstance(last, AIMessage) and last.tool_calls else "__end__"
