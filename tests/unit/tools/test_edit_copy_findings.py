"""A claim in copy set while editing is shown where the user works (issue 20).

"Guaranteed" typed as a new headline passed without a word, and a rewrite finding on an
edited headline reached the audit log only: now it is in the result's notes (the chat),
on the new ad's policy checks (the panel) and in the run's guardrail events (the API).
"""

from __future__ import annotations

import dataclasses

import pytest
from langchain_core.messages import AIMessage
from langgraph.checkpoint.memory import InMemorySaver

from agent.events import GuardrailEvent
from agent.runtime import SERIALIZER, AgentRuntime
from core.images import encode_png
from core.settings import Settings
from evals.recipes import bottle_on_white
from tests.fakes import ScriptedChatModel
from tools.sdk import CapabilityContext, registry
from tools.services import Services


@pytest.fixture
def ctx(services: Services) -> CapabilityContext:
    return dataclasses.replace(services.capability_context("default", thread="t1"),
                               max_variations=1)


@pytest.fixture
def photo_id(ctx: CapabilityContext) -> str:
    photo = bottle_on_white()[0]
    return ctx.assets.put(encode_png(photo), kind="product_photo", mime="image/png",
                          width=photo.width, height=photo.height).id


@pytest.fixture
def ad_id(ctx: CapabilityContext, photo_id: str) -> str:
    made = registry()["generate_ad_images"].invoke({"product_image": photo_id, "n": 1}, ctx)
    return made.images[0].asset_id


def test_a_guaranteed_headline_added_by_an_edit_comes_back_with_its_rewrite(
    ctx: CapabilityContext, ad_id: str
) -> None:
    result = registry()["edit_image"].invoke({"asset_id": ad_id, "headline": "Guaranteed"}, ctx)
    (finding,) = result.copy_findings
    assert finding.family == "claims" and finding.severity == "rewrite"
    assert finding.excerpt == "Guaranteed" and finding.suggestion
    assert any("'Guaranteed'" in note and finding.suggestion in note for note in result.notes)
    assert result.policy_findings() == [finding]


def test_the_finding_is_on_the_new_ads_policy_checks(ctx: CapabilityContext, ad_id: str) -> None:
    result = registry()["edit_image"].invoke(
        {"asset_id": ad_id, "headline": "The world's best bottle"}, ctx)
    assert ctx.audit is not None
    entries = ctx.audit.for_asset(result.image.asset_id, "default")
    rules = [f.rule_id for e in entries if e.subject == "text" for f in e.findings]
    assert rules == ["claims.unsubstantiated"]


def test_compliant_copy_in_an_edit_adds_no_note(ctx: CapabilityContext, ad_id: str) -> None:
    result = registry()["edit_image"].invoke({"asset_id": ad_id, "headline": "Stay cold"}, ctx)
    assert result.copy_findings == [] and not any("copy" in n for n in result.notes)


def test_the_run_streams_a_guardrail_event_with_the_rewrite(
    settings: Settings, services: Services, ctx: CapabilityContext, ad_id: str
) -> None:
    call = {"name": "edit_image", "args": {"asset_id": ad_id, "headline": "Guaranteed"},
            "id": "c1", "type": "tool_call"}
    model = ScriptedChatModel(replies=[AIMessage("", tool_calls=[call]), AIMessage("Done.")])
    runtime = AgentRuntime(settings, services=services, chat_model=model,
                           checkpointer=InMemorySaver(serde=SERIALIZER))
    events = list(runtime.stream("t1", "make the headline Guaranteed"))
    shown = [e for e in events if isinstance(e, GuardrailEvent)]
    assert [(e.stage, e.rule_id, e.severity) for e in shown] == [
        ("output", "claims.unsubstantiated", "rewrite")]
    assert shown[0].suggestion


def test_a_claim_in_the_copy_of_new_ads_is_noted_and_on_each_ads_checks(
    ctx: CapabilityContext, photo_id: str
) -> None:
    made = registry()["generate_ad_images"].invoke(
        {"product_image": photo_id, "n": 1, "headline": "The world's best bottle"}, ctx)
    assert any("world's best" in note and "Try '" in note for note in made.notes)
    assert ctx.audit is not None
    for ad in made.images:
        entries = ctx.audit.for_asset(ad.asset_id, "default")
        rules = [f.rule_id for e in entries if e.subject == "text" for f in e.findings]
        assert rules == ["claims.unsubstantiated"]


def test_a_headlines_finding_shows_only_on_the_ads_that_carry_that_headline(
    ctx: CapabilityContext, photo_id: str
) -> None:
    made = registry()["generate_ad_images"].invoke(
        {"product_image": photo_id, "n": 2, "headlines": ["The world's best bottle", "Go far"]},
        dataclasses.replace(ctx, max_variations=2),
    )
    assert ctx.audit is not None
    rules = [[f.rule_id for e in ctx.audit.for_asset(ad.asset_id, "default")
              if e.subject == "text" for f in e.findings] for ad in made.images]
    assert rules == [["claims.unsubstantiated"], []]  # "Go far" carries no claim
