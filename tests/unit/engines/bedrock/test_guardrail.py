"""The Bedrock guardrail (ApplyGuardrail) against botocore's Stubber: requests and findings."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from typing import Any

import boto3
import numpy as np
import pytest
from botocore.exceptions import ReadTimeoutError
from botocore.stub import ANY, Stubber
from PIL import Image

from core.settings import Settings
from engines.bedrock.guardrail import (
    MAX_IMAGE_BYTES,
    UNAVAILABLE,
    BedrockGuardrail,
    build_guardrail,
)

USAGE = {"topicPolicyUnits": 1, "contentPolicyUnits": 1, "wordPolicyUnits": 1,
         "sensitiveInformationPolicyUnits": 1, "sensitiveInformationPolicyFreeUnits": 0,
         "contextualGroundingPolicyUnits": 0}


def response(action: str = "NONE", assessments: list[dict[str, Any]] | None = None,
             outputs: list[dict[str, str]] | None = None) -> dict[str, Any]:
    return {"usage": USAGE, "action": action, "outputs": outputs or [],
            "assessments": assessments or []}


def hate(action: str = "BLOCKED", detected: bool = True) -> dict[str, Any]:
    return {"contentPolicy": {"filters": [
        {"type": "HATE", "confidence": "HIGH", "action": action, "detected": detected}]}}


def text_request(text: str, source: str = "INPUT") -> dict[str, Any]:
    return {"guardrailIdentifier": "gr-1", "guardrailVersion": "2", "source": source,
            "content": [{"text": {"text": text, "qualifiers": ["guard_content"]}}],
            "outputScope": "INTERVENTIONS"}


def png(size: tuple[int, int] = (32, 24)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 40, 40)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def stubbed() -> Iterator[tuple[BedrockGuardrail, Stubber]]:
    client = boto3.client("bedrock-runtime", region_name="us-east-1")
    with Stubber(client) as stubber:
        yield BedrockGuardrail(client, "gr-1", "2"), stubber
        stubber.assert_no_pending_responses()


def test_nothing_detected_gives_no_findings(stubbed: Any) -> None:
    guardrail, stubber = stubbed
    stubber.add_response("apply_guardrail", response(), text_request("A red tote bag"))
    verdict = guardrail.assess_text("A red tote bag", "INPUT")
    assert verdict.findings == [] and verdict.masked is None


def test_an_intervention_on_hate_is_a_block_finding(stubbed: Any) -> None:
    guardrail, stubber = stubbed
    stubber.add_response(
        "apply_guardrail",
        response("GUARDRAIL_INTERVENED", [hate()], [{"text": "Sorry, I can't."}]),
        text_request("some hateful slogan", "OUTPUT"),
    )
    [finding] = guardrail.check_text("some hateful slogan", "OUTPUT")
    assert (finding.rule_id, finding.severity) == ("guardrail.content.HATE", "block")
    assert "hateful content" in finding.reason and finding.fix
    assert finding.excerpt == "" and finding.span == (0, len("some hateful slogan"))


def test_detected_but_not_blocked_is_a_warning(stubbed: Any) -> None:
    guardrail, stubber = stubbed
    stubber.add_response("apply_guardrail", response("NONE", [hate("NONE", True)]))
    [finding] = guardrail.check_text("borderline", "INPUT")
    assert finding.severity == "warn"


def test_anonymized_email_comes_back_masked(stubbed: Any) -> None:
    guardrail, stubber = stubbed
    text = "Write to jane@example.com for samples"
    pii = {"sensitiveInformationPolicy": {"regexes": [], "piiEntities": [
        {"match": "jane@example.com", "type": "EMAIL", "action": "ANONYMIZED",
         "detected": True}]}}
    stubber.add_response(
        "apply_guardrail",
        response("GUARDRAIL_INTERVENED", [pii], [{"text": "Write to {EMAIL} for samples"}]),
        text_request(text),
    )
    verdict = guardrail.assess_text(text, "INPUT")
    [finding] = verdict.findings
    assert (finding.rule_id, finding.severity) == ("guardrail.pii.EMAIL", "rewrite")
    assert finding.span == (9, 25) and finding.excerpt == "{EMAIL}"
    assert verdict.masked == "Write to {EMAIL} for samples" and not verdict.blocked


def test_words_and_topics_are_mapped(stubbed: Any) -> None:
    guardrail, stubber = stubbed
    assessments = [{
        "topicPolicy": {"topics": [{"name": "Investment advice", "type": "DENY",
                                    "action": "BLOCKED", "detected": True}]},
        "wordPolicy": {"customWords": [{"match": "miracle", "action": "BLOCKED"}],
                       "managedWordLists": []},
    }]
    stubber.add_response("apply_guardrail", response("GUARDRAIL_INTERVENED", assessments))
    findings = guardrail.check_text("A miracle stock tip", "INPUT")
    assert [(f.rule_id, f.severity, f.span) for f in findings] == [
        ("guardrail.topic.Investment_advice", "block", (0, 19)),
        ("guardrail.word.custom", "block", (2, 9)),
    ]


def test_an_unexplained_intervention_still_blocks(stubbed: Any) -> None:
    guardrail, stubber = stubbed
    stubber.add_response("apply_guardrail", response("GUARDRAIL_INTERVENED"))
    [finding] = guardrail.check_text("anything", "INPUT")
    assert (finding.rule_id, finding.severity) == ("guardrail.intervened", "block")


def test_images_are_sent_as_raw_bytes(stubbed: Any) -> None:
    guardrail, stubber = stubbed
    data = png()
    expected = {"guardrailIdentifier": "gr-1", "guardrailVersion": "2", "source": "INPUT",
                "content": [{"image": {"format": "png", "source": {"bytes": data}}},
                            {"image": {"format": "png", "source": {"bytes": ANY}}}],
                "outputScope": "INTERVENTIONS"}
    stubber.add_response("apply_guardrail", response("GUARDRAIL_INTERVENED", [hate()]),
                         expected)
    [finding] = guardrail.check_images([data, Image.new("RGBA", (8, 8))], "INPUT")
    assert finding.severity == "block" and finding.span == (0, 2)
    assert finding.excerpt == "images 1-2"


def test_an_oversized_image_is_shrunk_under_4_mb(stubbed: Any) -> None:
    guardrail, stubber = stubbed
    noise = np.random.default_rng(0).integers(0, 256, (1400, 1400, 3), dtype=np.uint8)
    big = io.BytesIO()
    Image.fromarray(noise).save(big, format="PNG", compress_level=1)
    assert len(big.getvalue()) > MAX_IMAGE_BYTES
    sent: list[dict[str, Any]] = []
    guardrail._client.meta.events.register(
        "provide-client-params.bedrock-runtime.ApplyGuardrail",
        lambda params, **kw: sent.append(params))
    stubber.add_response("apply_guardrail", response())
    assert guardrail.check_images([big.getvalue()], "OUTPUT") == []
    block = sent[0]["content"][0]["image"]
    assert block["format"] == "jpeg" and len(block["source"]["bytes"]) <= MAX_IMAGE_BYTES
    assert Image.open(io.BytesIO(block["source"]["bytes"])).format == "JPEG"


def test_more_than_twenty_images_go_in_batches(stubbed: Any) -> None:
    guardrail, stubber = stubbed
    stubber.add_response("apply_guardrail", response())
    stubber.add_response("apply_guardrail", response("GUARDRAIL_INTERVENED", [hate()]))
    [finding] = guardrail.check_images([png()] * 21, "OUTPUT")
    assert finding.span == (20, 21) and finding.excerpt == "image 21"


def test_access_denied_is_one_warning_not_a_crash(stubbed: Any) -> None:
    guardrail, stubber = stubbed
    stubber.add_client_error("apply_guardrail", "AccessDeniedException", "not allowed",
                             http_status_code=403)
    [finding] = guardrail.check_text("hello", "INPUT")
    assert (finding.rule_id, finding.severity) == (UNAVAILABLE, "warn")
    assert "could not be reached" in finding.reason


def test_build_guardrail_only_when_configured() -> None:
    assert build_guardrail(Settings()) is None
    client = boto3.client("bedrock-runtime", region_name="us-east-1")
    guardrail = build_guardrail(Settings(guardrail_id="gr-9", guardrail_version="4"), client)
    assert guardrail is not None and guardrail.label == "guardrail:gr-9:4"
    built = build_guardrail(Settings(guardrail_id="gr-9", aws_region="eu-west-1"))
    assert built is not None and built._client.meta.region_name == "eu-west-1"


def test_throttling_is_a_busy_warning_with_the_traceback_at_debug_only(
    stubbed: Any, caplog: pytest.LogCaptureFixture
) -> None:
    guardrail, stubber = stubbed
    stubber.add_client_error("apply_guardrail", "ThrottlingException", "Too many requests",
                             http_status_code=429)
    caplog.set_level(logging.DEBUG, logger="engines.bedrock.guardrail")
    [finding] = guardrail.check_text("hello", "OUTPUT")
    assert (finding.rule_id, finding.severity) == (UNAVAILABLE, "warn")
    assert "busy" in finding.reason and "only the local ad policy" in finding.reason
    assert "try again in a minute" in finding.fix.lower()
    traced = [r for r in caplog.records if r.exc_info]
    assert traced and all(r.levelno == logging.DEBUG for r in traced)
    assert [r.levelno for r in caplog.records if not r.exc_info] == [logging.INFO]


def test_service_unavailable_on_images_is_busy_too(stubbed: Any) -> None:
    guardrail, stubber = stubbed
    stubber.add_client_error("apply_guardrail", "ServiceUnavailableException", "down",
                             http_status_code=503)
    [finding] = guardrail.check_images([png()], "INPUT")
    assert finding.rule_id == UNAVAILABLE and "busy" in finding.reason


def test_a_timeout_is_busy_and_never_raised() -> None:
    class TimingOut:
        def apply_guardrail(self, **kwargs: Any) -> dict[str, Any]:
            raise ReadTimeoutError(endpoint_url="https://bedrock-runtime.us-east-1.amazonaws.com")

    [finding] = BedrockGuardrail(TimingOut(), "gr-1", "2").check_text("hello", "INPUT")
    assert finding.rule_id == UNAVAILABLE and "busy" in finding.reason


def test_access_denied_is_not_busy_and_warns_in_one_line(
    stubbed: Any, caplog: pytest.LogCaptureFixture
) -> None:
    guardrail, stubber = stubbed
    stubber.add_client_error("apply_guardrail", "AccessDeniedException", "not allowed",
                             http_status_code=403)
    caplog.set_level(logging.DEBUG, logger="engines.bedrock.guardrail")
    [finding] = guardrail.check_text("hello", "INPUT")
    assert "busy" not in finding.reason and "bedrock:ApplyGuardrail" in finding.fix
    assert [r.levelno for r in caplog.records if not r.exc_info] == [logging.WARNING]
