"""The brief card (issue 23): features as chips, and an edit checked as a typed brief is.

A brief typed in the chat passes the local ad policy, the Bedrock guardrail when one is
configured, and leaves an audit-log entry for each; an edit made on the card gets the same.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber
from langgraph.checkpoint.memory import InMemorySaver

from agent.runtime import SERIALIZER, AgentRuntime
from core.settings import Settings
from engines.bedrock.guardrail import BedrockGuardrail
from tools.services import Services
from ui.brief_card import FIELDS, BriefEditor, chips_of, edit_of, fields_of

_USAGE = {"topicPolicyUnits": 1, "contentPolicyUnits": 1, "wordPolicyUnits": 1,
          "sensitiveInformationPolicyUnits": 1, "sensitiveInformationPolicyFreeUnits": 0,
          "contextualGroundingPolicyUnits": 0}
_NONE = {"action": "NONE", "usage": _USAGE, "outputs": [], "assessments": []}
_HATE = {"action": "GUARDRAIL_INTERVENED", "usage": _USAGE, "outputs": [],
         "assessments": [{"contentPolicy": {"filters": [
             {"type": "HATE", "confidence": "HIGH", "action": "BLOCKED", "detected": True}]}}]}
BRIEF = {"product_name": "Steel bottle", "features": ["750 ml", "keeps drinks cold 24 h"],
         "audience": "hikers", "tone": "energetic", "objective": "sales"}
THREAD = "card-thread"


def _runtime(settings: Settings, services: Services) -> AgentRuntime:
    runtime = AgentRuntime(settings, services=services,
                           checkpointer=InMemorySaver(serde=SERIALIZER))
    runtime.edit_brief(THREAD, dict(BRIEF))  # a thread whose brief the card shows
    return runtime


@pytest.fixture
def guarded(settings: Settings, services: Services) -> Iterator[tuple[AgentRuntime, Stubber]]:
    """A runtime whose services carry a Bedrock guardrail (its API stubbed)."""
    client = boto3.client("bedrock-runtime", region_name="us-east-1")
    with Stubber(client) as stubber:
        guardrail = BedrockGuardrail(client, "gr-1", "1")
        yield _runtime(settings, dataclasses.replace(services, guardrail=guardrail)), stubber
        stubber.assert_no_pending_responses()


def _update(runtime: AgentRuntime, chips: list[list[str]] | None = None,
            **changes: str) -> tuple[Any, ...]:
    """Press "Update brief" with ``changes`` typed into the card's fields."""
    shown = runtime.state(THREAD).brief.model_dump()  # type: ignore[union-attr]
    values = list(fields_of(shown))
    for key, value in changes.items():
        values[[k for k, _ in FIELDS].index(key)] = value
    listed = chips if chips is not None else [list(c) for c in chips_of(shown)]
    history, brief, status = BriefEditor(runtime).update(*values, *listed, shown, [], THREAD)
    return history, brief, status.replace("\\", "")  # Markdown-escaped on the card


def _brief(runtime: AgentRuntime) -> dict[str, Any]:
    return runtime.state(THREAD).brief.model_dump()  # type: ignore[union-attr]


def test_the_features_are_chips_the_card_edits(settings: Settings, services: Services) -> None:
    runtime = _runtime(settings, services)
    assert chips_of(_brief(runtime)) == (["750 ml", "keeps drinks cold 24 h"],)
    history, brief, status = _update(runtime, [["750 ml", " leak-proof  lid ", "750 ml"]])
    assert brief["features"] == ["750 ml", "leak-proof lid"]  # repeats and blanks dropped
    assert _brief(runtime)["features"] == ["750 ml", "leak-proof lid"]
    assert history[-1]["content"].replace("\\", "") == (
        "Brief updated: features → 750 ml, leak-proof lid")
    assert "next ads" in status
    _h, _b, status = _update(runtime, [[]])
    assert "Features can't be left empty" in status
    assert _brief(runtime)["features"] == ["750 ml", "leak-proof lid"]
    with pytest.raises(ValueError, match="12 or fewer"):
        edit_of(BRIEF, fields_of(BRIEF), [[f"feature {i}" for i in range(13)]])


def test_a_features_chip_breaking_the_ad_policy_is_refused(
    settings: Settings, services: Services,
) -> None:
    runtime = _runtime(settings, services)
    _h, _b, status = _update(runtime, [["750 ml", "cures cancer, guaranteed"]])
    assert status.startswith("⚠️ Not updated: ")
    assert _brief(runtime)["features"] == BRIEF["features"]


def test_a_card_edit_is_in_the_audit_log_as_a_typed_brief_is(
    settings: Settings, services: Services,
) -> None:
    runtime = _runtime(settings, services)
    assert services.audit is not None
    before = len(services.audit.for_thread(THREAD, settings.tenant))
    _update(runtime, audience="university students")
    entries = services.audit.for_thread(THREAD, settings.tenant)[before:]
    assert [(e.stage, e.subject, e.engine, e.decision) for e in entries] == [
        ("input", "text", "local", "pass")]
    _update(runtime, objective="Show it cures cancer, guaranteed")  # refused: audited too
    refused = services.audit.for_thread(THREAD, settings.tenant)[before + 1:]
    assert [(e.stage, e.decision) for e in refused] == [("input", "block")]


def test_the_guardrail_checks_a_card_edit_and_can_refuse_it(guarded: Any) -> None:
    runtime, stubber = guarded
    stubber.add_response("apply_guardrail", _NONE)
    _h, brief, status = _update(runtime, audience="university students")
    assert brief["audience"] == "university students"
    stubber.add_response("apply_guardrail", _HATE)
    history, _b, status = _update(runtime, tone="hateful")
    assert history == [] and status.startswith("⚠️ Not updated: The guardrail")
    assert ".." not in status
    assert _brief(runtime)["tone"] == "energetic"
    entries = runtime.services.audit.for_thread(THREAD, runtime.settings.tenant)
    assert [(e.engine, e.decision) for e in entries][-2:] == [
        ("local", "pass"), ("bedrock-guardrail", "block")]


def test_the_local_policy_refuses_before_a_paid_guardrail_call(guarded: Any) -> None:
    runtime, _stubber = guarded  # no response queued: a guardrail call would fail the test
    _h, _b, status = _update(runtime, objective="Show it cures cancer, guaranteed")
    assert status.startswith("⚠️ Not updated: ")


def test_the_guardrails_masking_of_personal_data_reaches_the_brief(guarded: Any) -> None:
    runtime, stubber = guarded
    pii = {"sensitiveInformationPolicy": {"regexes": [], "piiEntities": [
        {"match": "Jane Doe", "type": "NAME", "action": "ANONYMIZED", "detected": True}]}}
    stubber.add_response("apply_guardrail", {
        **_NONE, "action": "GUARDRAIL_INTERVENED", "assessments": [pii],
        "outputs": [{"text": "Audience: fans of {NAME}"}]})
    _h, brief, _status = _update(runtime, audience="fans of Jane Doe")
    assert brief["audience"] == "fans of {NAME}"
    assert "Jane Doe" not in str(runtime.state(THREAD).messages)  # type: ignore[union-attr]


def test_a_card_edits_guardrail_check_is_in_the_threads_cost_ledger(guarded: Any) -> None:
    from tools.cost import ledger_for

    runtime, stubber = guarded
    stubber.add_response("apply_guardrail", _NONE)
    _update(runtime, tone="calm")
    records = ledger_for(runtime.settings).records(THREAD)
    assert [r.kind for r in records] == ["guardrail"] and records[0].usd > 0


def test_markup_typed_on_the_card_is_taken_out_before_it_reaches_the_brief(
    settings: Settings, services: Services,
) -> None:
    runtime = _runtime(settings, services)  # a feature becomes a subline: ad copy is plain text
    _h, brief, _status = _update(runtime, [["750 ml", "<b>Strong</b> lid"]],
                                 audience="<img src=x onerror=alert(1)> hikers")
    assert brief["features"] == ["750 ml", "Strong lid"]
    assert brief["audience"] == "hikers"
    assert "<" not in str(_brief(runtime))


def test_personal_data_the_guardrail_masks_in_a_way_the_card_cannot_map_refuses_the_edit(
    guarded: Any,
) -> None:
    runtime, stubber = guarded
    pii = {"sensitiveInformationPolicy": {"regexes": [], "piiEntities": [
        {"match": "Jane Doe", "type": "NAME", "action": "ANONYMIZED", "detected": True}]}}
    stubber.add_response("apply_guardrail", {  # its text no longer one line per field
        **_NONE, "action": "GUARDRAIL_INTERVENED", "assessments": [pii],
        "outputs": [{"text": "Audience: fans of {NAME} Tone: calm"}]})
    _h, _b, status = _update(runtime, audience="fans of Jane Doe", tone="calm")
    assert status.startswith("⚠️ Not updated: the guardrail found personal data")
    assert "Jane Doe" not in str(_brief(runtime))
