"""Guardrail nodes: the ad policy, and the Bedrock guardrail when one is configured.

The local ad policy checks every user message and every model message. When the run's
services carry a Bedrock guardrail (``ADSTUDIO_GUARDRAIL_ID``), ``ApplyGuardrail`` checks
them too (``INPUT`` for the user's text and the photos attached to it, ``OUTPUT`` for the
model's text); both sets of findings are recorded and either can block. Bedrock Guardrails
know nothing of ad policy, so the local policy always runs. A guardrail that cannot be
reached (or is busy: throttled, unavailable, timed out) fails open with a
``guardrail.unavailable`` warning (see ``engines.bedrock.guardrail``): the local policy still
checks everything, the audit log records the guardrail's check as ``warn``, never ``pass``,
a reply it could not check says so in one sentence, a user message it could not check is
said once in the turn's first reply (whatever the check of that reply found), and the
photos of a blocked message are not kept unless the guardrail checked them.

Photos attached to a user message are checked by the image policy's upload rules (too
small, extreme shape, blank); their warnings are recorded like any finding. Every check,
passes included, is written to the services' audit log (``policy.audit``): the local policy
and the guardrail as separate entries, text by its SHA-256 only.
"""

from __future__ import annotations

import logging
import re
from typing import Any, Literal

from langchain_core.messages import AIMessage, AnyMessage, HumanMessage
from langgraph.config import get_config
from langgraph.runtime import Runtime

from agent.attachments import attached_ids, attachment_note
from agent.context import Context, context_of, services_of
from agent.state import State
from core.errors import CapabilityError, InvalidImageError
from core.findings import Finding
from core.images import decode_image
from core.plaintext import message_findings
from engines.bedrock.guardrail import UNAVAILABLE, BedrockGuardrail, GuardrailVerdict
from policy import audit
from policy import images as image_policy
from policy.text import load_policy
from tools.cost import CostRecord, guardrail_cost, ledger_for, turn_of
from tools.services import Services

log = logging.getLogger(__name__)

WITHHELD = "[message withheld by the ad policy: {rules}]"
UNCHECKED = "({reason} {fix})"
"""The sentence added to a reply the Bedrock guardrail could not check."""
INPUT_UNCHECKED = (
    "(The Bedrock guardrail could not check your message, so only the local ad policy did. "
    "{fix})"
)
"""The sentence added to the turn's first reply when the guardrail could not check the
user's message."""
Stage = Literal["input", "output"]


def _record(
    findings: list[Finding], stage: Stage, version: str | None = None
) -> list[dict[str, Any]]:
    version = version or load_policy().version
    return [{**f.model_dump(), "stage": stage, "policy_version": version} for f in findings]


def _services(runtime: Runtime[Context] | None) -> tuple[Services, Context]:
    """The run's services and context (process defaults when the run has none)."""
    context = context_of(runtime.context if runtime else None)
    return services_of(context), context


def _thread_id() -> str | None:
    """The thread of the running graph (None outside a run, e.g. a node called directly)."""
    try:
        config = get_config()
    except RuntimeError:
        return None
    return str(config.get("configurable", {}).get("thread_id") or "") or None


def _audit_text(
    services: Services,
    context: Context,
    text: str,
    stage: Stage,
    local: tuple[list[Finding], str],
    guardrail: BedrockGuardrail | None,
    verdict: GuardrailVerdict | None,
) -> None:
    """Audit one message: the local policy's decision, and the guardrail's if it ran.

    ``local`` is the local policy's findings with the policy version that made them.
    """
    thread = _thread_id()
    checks = [(local[0], local[1], audit.LOCAL_ENGINE)]
    if guardrail is not None and verdict is not None:
        checks.append((verdict.findings, guardrail.label, audit.GUARDRAIL_ENGINE))
    for findings, version, engine in checks:
        audit.record_to(services.audit, audit.entry(
            findings, content=text, stage=stage, subject="text", policy_version=version,
            tenant=context.tenant, thread=thread, engine=engine,
        ))


def _meter(
    services: Services, state: State, verdict: GuardrailVerdict | None, key: str
) -> None:
    """Record what a guardrail call costs in the thread's cost ledger (nothing when free)."""
    if verdict is None or not verdict.text_units:
        return
    usd = guardrail_cost(verdict.text_units, services.settings)
    thread = _thread_id()
    if usd <= 0 or thread is None:
        return
    ledger_for(services.settings).record(CostRecord(
        thread=thread, turn=turn_of(list(state.messages)), key=key, kind="guardrail",
        name="ApplyGuardrail", model="guardrail", usd=usd,
    ))


def check_uploads(services: Services, context: Context, ids: list[str]) -> list[Finding]:
    """Check the attached photos with the upload rules and audit each one.

    Returns:
        The findings of every photo (warnings), in order, each with the photo's asset id
        as its ``excerpt``.
    """
    findings: list[Finding] = []
    for asset_id in ids:
        try:
            asset = services.assets.get(asset_id, tenant=context.tenant)
        except CapabilityError:
            continue  # unknown: nothing to check (the capability will say so if used)
        data = services.assets.read(asset.id)
        try:
            image, _ = decode_image(data, max_bytes=len(data), max_pixels=10**9)
        except InvalidImageError:
            log.info("attached asset %s is not an image; no upload check", asset_id)
            continue
        found = image_policy.check_upload(image)
        audit.record_to(services.audit, audit.entry(
            found, content=data, stage="input", subject="upload", tenant=context.tenant,
            thread=_thread_id(), asset_id=asset.id, policy_version=image_policy.POLICY_VERSION,
        ))
        findings += [f.model_copy(update={"excerpt": asset_id}) for f in found]
    return findings


def _guardrail_input(
    guardrail: BedrockGuardrail, message: AnyMessage, services: Services, tenant: str
) -> tuple[GuardrailVerdict, bool]:
    """The guardrail on the user's text and on the photos attached to the message.

    Returns:
        The verdict on both, and whether the photos alone were blocked.
    """
    verdict = guardrail.assess_text(message.text, "INPUT")
    photos = _photo_bytes(services, attached_ids(message), tenant)
    if not photos:
        return verdict, False
    findings = guardrail.check_images(photos, "INPUT")
    return (GuardrailVerdict([*verdict.findings, *findings], verdict.masked, verdict.text_units),
            bool(_blocks(findings)))


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


def _stored(services: Services, asset_id: str, tenant: str) -> bool:
    """Whether ``asset_id`` is one of the tenant's stored assets."""
    try:
        services.assets.get(asset_id, tenant=tenant)
    except CapabilityError:
        return False
    return True


def _photos_kept(services: Services, context: Context, photos: list[str],
                 checked: bool) -> list[str]:
    """The photos of a message blocked for its words that pass on their own.

    With a Bedrock guardrail set, photos it has not seen yet (``checked`` is false when the
    local policy stopped the message first) are checked by it alone; a photo it blocks, or
    any photo when it cannot be reached, is dropped with the message.
    """
    photos = [i for i in photos if _stored(services, i, context.tenant)]
    guardrail = services.guardrail
    if not photos or guardrail is None or checked:
        return photos
    try:
        found = guardrail.check_images(_photo_bytes(services, photos, context.tenant), "INPUT")
    except Exception:  # noqa: BLE001 - an unchecked photo is not kept
        log.warning("the guardrail could not check the photos of a blocked message")
        return []
    return [] if _blocks(found) or _unchecked(found) else photos


def _unchecked(findings: list[Finding]) -> Finding | None:
    """The guardrail's ``guardrail.unavailable`` warning among ``findings``, if any."""
    return next((f for f in findings if f.rule_id == UNAVAILABLE), None)


def _input_notice(verdict: GuardrailVerdict) -> str:
    """The sentence owed when the guardrail could not check the user's message ("" if it did)."""
    notice = _unchecked(verdict.findings)
    return INPUT_UNCHECKED.format(fix=notice.fix) if notice is not None else ""


def _with_notice(message: AIMessage, notice: Finding | str) -> AIMessage:
    """``message`` with a sentence saying the guardrail did not check it (tool calls kept).

    ``notice`` is the guardrail's ``guardrail.unavailable`` warning, or the sentence itself.
    """
    sentence = (notice if isinstance(notice, str)
                else UNCHECKED.format(reason=notice.reason, fix=notice.fix))
    text = message.text.strip()
    return AIMessage(
        content=f"{text}\n\n{sentence}" if text else sentence,
        id=message.id,
        tool_calls=message.tool_calls,
        response_metadata=message.response_metadata,
        usage_metadata=message.usage_metadata,
    )


def blocked_reply(findings: list[Finding]) -> str:
    """Explain a block and how to fix it."""
    first = _blocks(findings)[0]
    where = f", on \"{first.excerpt}\"" if first.excerpt else ""
    return f"I can't help with that: {first.reason} (rule `{first.rule_id}`{where}). {first.fix}"


def guard_input(state: State, runtime: Runtime[Context] | None = None) -> dict[str, Any]:
    """Check the newest user message: block, mask personal data, or note risky claims.

    The local ad policy checks the text; a configured Bedrock guardrail checks the text
    and the attached photos as well. A blocked message is replaced in the history (so its
    text never reaches the model on later turns); its photos are kept when they pass on
    their own, so the next message can use them. Otherwise attached photos join the
    thread's assets (the brief records a photo as the product's once ads are made from it).
    """
    message = _last(list(state.messages), HumanMessage)
    if message is None:
        return {}
    services, context = _services(runtime)
    policy = services.policy(context.tenant)
    local = policy.check(message.text, chat=True) + message_findings(message.text)
    guardrail = services.guardrail
    ran = guardrail is not None and not _blocks(local)  # no paid check of what is refused
    verdict, photos_blocked = (
        _guardrail_input(guardrail, message, services, context.tenant)
        if guardrail is not None and ran
        else (GuardrailVerdict(), False)
    )
    _audit_text(services, context, message.text, "input", (local, policy.version), guardrail,
                verdict if ran else None)
    _meter(services, state, verdict if ran else None, f"guardrail:input:{message.id}")
    findings = [*local, *verdict.findings]
    update: dict[str, Any] = {
        "findings": _record(local, "input", policy.version)
        + _guardrail_record(guardrail, verdict, "input"),
        "unchecked": _input_notice(verdict),
    }
    blocks = _blocks(findings)
    if blocks:
        rules = ", ".join(sorted({f.rule_id for f in blocks}))
        kept = [] if photos_blocked else _photos_kept(services, context,
                                                      attached_ids(message), checked=ran)
        withheld = "\n".join([WITHHELD.format(rules=rules), *map(attachment_note, kept)])
        reply = blocked_reply(findings)
        if kept:  # the words were refused, not the photo: the next message can use it
            update["assets"] = kept
            update["findings"] += _record(check_uploads(services, context, kept), "input",
                                          image_policy.POLICY_VERSION)
            reply += " Your photo is kept: tell me about the product again in other words."
        update["messages"] = [
            HumanMessage(content=withheld, id=message.id,
                         additional_kwargs={"attachments": kept} if kept else {}),
            AIMessage(reply),
        ]
        return update
    photos = attached_ids(message)
    if photos:
        update["assets"] = photos
        uploads = check_uploads(services, context, photos)
        update["findings"] += _record(uploads, "input", image_policy.POLICY_VERSION)
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
    text and the prose in its tool calls' arguments (headlines, briefs, card texts), so a
    message that only calls tools is checked too. A blocked message loses its tool calls,
    so nothing it asked for runs. The first reply of a turn whose user message the guardrail
    could not check says so (``State.unchecked``), whatever this check finds.
    """
    message = state.messages[-1] if state.messages else None
    if not isinstance(message, AIMessage):
        return {}
    update = _checked_output(state, message, runtime)
    if not state.unchecked:
        return update
    shown = next((m for m in update.get("messages", []) if isinstance(m, AIMessage)), message)
    return {**update, "messages": [_with_notice(shown, state.unchecked)], "unchecked": ""}


def _checked_output(
    state: State, message: AIMessage, runtime: Runtime[Context] | None
) -> dict[str, Any]:
    """The update of :func:`guard_output` for ``message``, before the input's notice."""
    arguments = _arguments_text(message)
    text = "\n".join(part for part in (message.text, arguments) if part)
    if not text:
        return {}
    services, context = _services(runtime)
    policy = services.policy(context.tenant)
    guardrail = services.guardrail
    verdict = guardrail.assess_text(text, "OUTPUT") if guardrail else GuardrailVerdict()
    checked = policy.check(message.text, chat=True) if message.text else []
    # arguments repeat the brief and copy the tools check again: only what blocks counts here
    checked += [f for f in policy.check(arguments, chat=True, learned=False)
                if f.severity == "block"]
    _audit_text(services, context, text, "output", (checked, policy.version), guardrail,
                verdict)
    _meter(services, state, verdict if guardrail else None, f"guardrail:output:{message.id}")
    local = [f for f in checked if f.severity != "warn"]
    recorded = _record(local, "output", policy.version) + _guardrail_record(
        guardrail, verdict, "output"
    )
    findings = [*local, *(f for f in verdict.findings if f.severity != "warn")]
    notice = _unchecked(verdict.findings)
    if not findings:
        if notice is not None:  # fail open, but not silently: the user is told
            return {"findings": recorded, "messages": [_with_notice(message, notice)]}
        return {"findings": recorded} if recorded else {}
    if _blocks(findings):
        reply = AIMessage(
            content="I drafted a reply that broke the ad policy, so I withheld it. "
            + blocked_reply(findings),
            id=message.id,
        )
    else:
        # the guardrail's masked text is the message's own only when no arguments were added
        masked = verdict.masked if verdict.masked and text == message.text else message.text
        reply = AIMessage(
            content=policy.mask_pii(masked),
            id=message.id,
            tool_calls=message.tool_calls,
        )
        if notice is not None:
            reply = _with_notice(reply, notice)
    return {"findings": recorded, "messages": [reply]}


_NOT_TEXT = re.compile(r"^(?:img_[0-9a-f]{10}|#?[0-9a-f]{6}|[a-z0-9]+(?:[-_][a-z0-9]+)*)$")
"""Argument values that are ids, colours or option names ("story", "img_…"), not prose."""


def _arguments_text(message: AIMessage) -> str:
    """The prose the model wrote into its tool calls' arguments (copy, briefs, cards)."""
    found: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, str):
            if value.strip() and not _NOT_TEXT.match(value.strip()):
                found.append(value.strip())
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list | tuple):
            for item in value:
                walk(item)

    for call in message.tool_calls:
        walk(call.get("args", {}))
    return "\n".join(dict.fromkeys(found))


def route_after_output(state: State) -> Literal["tools", "__end__"]:
    """Run the tools the (checked) model message calls, or end the turn."""
    last = state.messages[-1]
    return "tools" if isinstance(last, AIMessage) and last.tool_calls else "__end__"
