"""The Bedrock chat model and feature engine, against botocore's Stubber (no network)."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.stub import ANY, Stubber

from agent.toolkit import make_tools
from core.schemas import ExtractFeaturesRequest, ProductFeatures
from core.settings import Settings
from engines.bedrock.chat import make_bedrock_chat
from engines.bedrock.features import BedrockFeatureEngine
from tools.sdk import registry


def converse_response(content: list[dict[str, Any]], stop: str = "end_turn") -> dict[str, Any]:
    return {
        "output": {"message": {"role": "assistant", "content": content}},
        "stopReason": stop,
        "usage": {"inputTokens": 10, "outputTokens": 5, "totalTokens": 15},
        "metrics": {"latencyMs": 12},
    }


@pytest.fixture
def bedrock() -> Any:
    client = boto3.client("bedrock-runtime", region_name="us-east-1")
    with Stubber(client) as stubber:
        yield client, stubber
        stubber.assert_no_pending_responses()


def test_chat_model_sends_the_configured_request(bedrock: Any) -> None:
    # No guardrailConfig: the guard nodes apply the guardrail (ApplyGuardrail) to the same
    # text once, together with the local ad policy.
    client, stubber = bedrock
    settings = Settings(engine="bedrock", chat_temperature=0.2, chat_max_tokens=1000,
                        guardrail_id="gr-123", guardrail_version="3")
    expected = {
        "modelId": settings.chat.model_id,
        "messages": [{"role": "user", "content": [{"text": "hello"}]}],
        "system": [],
        "inferenceConfig": {"temperature": 0.2, "maxTokens": 1000},
    }
    stubber.add_response("converse", converse_response([{"text": "Hi!"}]), expected)
    reply = make_bedrock_chat(settings, client=client).invoke("hello")
    assert reply.text == "Hi!"


def test_chat_model_calls_tools_from_the_registry(bedrock: Any) -> None:
    client, stubber = bedrock
    tool_use = {"toolUse": {"toolUseId": "tu1", "name": "extract_features",
                            "input": {"title": "Steel bottle"}}}
    stubber.add_response(
        "converse", converse_response([tool_use], stop="tool_use"),
        {"modelId": ANY, "messages": ANY, "system": ANY, "inferenceConfig": ANY,
         "toolConfig": ANY},
    )
    sent: list[dict[str, Any]] = []
    client.meta.events.register("provide-client-params.bedrock-runtime.Converse",
                                lambda params, **kw: sent.append(params))
    model = make_bedrock_chat(Settings(engine="bedrock"), client=client).bind_tools(make_tools())
    reply = model.invoke("Steel bottle")
    specs = {t["toolSpec"]["name"]: t["toolSpec"] for t in sent[0]["toolConfig"]["tools"]}
    assert set(specs) == {"update_brief", *registry()}
    schema = specs["generate_ad_images"]["inputSchema"]["json"]
    assert schema["required"] == ["product_image"] and "runtime" not in schema["properties"]
    assert reply.tool_calls[0]["name"] == "extract_features"
    assert reply.tool_calls[0]["args"] == {"title": "Steel bottle"}


def test_feature_engine_uses_structured_output(bedrock: Any) -> None:
    client, stubber = bedrock
    features = ProductFeatures(
        product_name="Steel bottle", category="drinkware", features=["750 ml"],
        benefits=["Cold for 24 h"], audience_hints=["hikers"], suggested_themes=["hiking trail"],
    )
    tool_use = {"toolUse": {"toolUseId": "tu1", "name": "ProductFeatures",
                            "input": features.model_dump()}}
    stubber.add_response("converse", converse_response([tool_use], stop="tool_use"),
                         {"modelId": ANY, "messages": ANY, "system": ANY,
                          "inferenceConfig": ANY, "toolConfig": ANY})
    engine = BedrockFeatureEngine(make_bedrock_chat(Settings(engine="bedrock"), client=client))
    result = engine.extract(ExtractFeaturesRequest(title="Steel bottle", description="750 ml"))
    assert result == features


def test_throttling_surfaces_as_an_error(bedrock: Any) -> None:
    client, stubber = bedrock
    stubber.add_client_error("converse", "ThrottlingException", "Too many requests",
                             http_status_code=429)
    with pytest.raises(Exception, match="Too many requests"):
        make_bedrock_chat(Settings(engine="bedrock"), client=client).invoke("hello")


def test_the_autouse_fixture_refuses_real_connections() -> None:
    client = boto3.client("bedrock-runtime", region_name="us-east-1")
    with pytest.raises(Exception, match="test tried to reach AWS"):
        client.converse(modelId="m", messages=[{"role": "user", "content": [{"text": "x"}]}])
