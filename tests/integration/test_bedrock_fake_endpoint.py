"""The fake Bedrock endpoint answers boto3 as Bedrock does: regions, lifecycle, size rules, S3.

The expectations are Bedrock's (BEDROCK.md, issue 21), so the end-to-end tests in
test_bedrock_endpoint.py can trust what the fake refuses.
"""

from __future__ import annotations

import base64
import io
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from PIL import Image

from tests.conftest import AWSConnectionAttempted
from tests.fake_bedrock.server import FakeBedrockServer, serve_fake_bedrock, use_fake_bedrock
from tests.fake_bedrock.state import ConverseReply, FakeBedrock, ToolUse

INPAINT = "us.stability.stable-image-inpaint-v1:0"

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def server() -> Iterator[FakeBedrockServer]:
    with serve_fake_bedrock() as running:
        yield running


@pytest.fixture
def fake(server: FakeBedrockServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> FakeBedrock:
    use_fake_bedrock(monkeypatch, server, tmp_path)
    return server.reset()


def runtime(region: str) -> Any:
    return boto3.client("bedrock-runtime", region_name=region)


def png(width: int, height: int) -> str:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 40, 40)).save(buffer, "PNG")
    return base64.b64encode(buffer.getvalue()).decode()


def invoke(region: str, model_id: str, body: dict[str, Any]) -> dict[str, Any]:
    answer = runtime(region).invoke_model(modelId=model_id, body=json.dumps(body),
                                          contentType="application/json",
                                          accept="application/json")
    return dict(json.loads(answer["body"].read()))


def error_of(call: Any) -> tuple[str, int, str]:
    with pytest.raises(ClientError) as caught:
        call()
    error = caught.value.response
    return (error["Error"]["Code"], error["ResponseMetadata"]["HTTPStatusCode"],
            error["Error"]["Message"])


def test_boto3_reaches_the_fake_through_aws_endpoint_url(fake: FakeBedrock) -> None:
    answer = invoke("us-west-2", INPAINT, {"image": png(512, 512), "prompt": "a beach"})
    image = Image.open(io.BytesIO(base64.b64decode(answer["images"][0])))
    assert image.size == (512, 512)
    assert answer["finish_reasons"] == [None]
    (call,) = fake.made("InvokeModel")
    assert (call.region, call.target) == ("us-west-2", INPAINT)


def test_other_hosts_stay_refused(fake: FakeBedrock) -> None:
    client = boto3.client("bedrock-runtime", region_name="us-west-2",
                          endpoint_url="https://bedrock-runtime.us-west-2.amazonaws.com")
    with pytest.raises(AWSConnectionAttempted):
        client.converse(modelId="us.amazon.nova-2-lite-v1:0",
                        messages=[{"role": "user", "content": [{"text": "hi"}]}])


@pytest.mark.parametrize("size", [(728, 90), (970, 250), (160, 600), (320, 50), (63, 200),
                                  (4000, 3000)])
def test_stability_refuses_sizes_its_services_refuse(
    fake: FakeBedrock, size: tuple[int, int]
) -> None:
    code, status, _ = error_of(lambda: invoke("us-west-2", INPAINT,
                                              {"image": png(*size), "prompt": "a beach"}))
    assert (code, status) == ("ValidationException", 400)


@pytest.mark.parametrize("size", [(64, 64), (1000, 400), (400, 1000), (3072, 3072)])
def test_stability_accepts_sizes_within_its_rules(fake: FakeBedrock, size: tuple[int, int]) -> None:
    answer = invoke("us-west-2", INPAINT, {"image": png(*size), "prompt": "a beach"})
    assert Image.open(io.BytesIO(base64.b64decode(answer["images"][0]))).size == size


def test_models_answer_only_in_their_regions(fake: FakeBedrock) -> None:
    body = {"prompt": "a red shoe", "aspect_ratio": "16:9", "output_format": "jpeg"}
    answer = invoke("us-west-2", "stability.sd3-5-large-v1:0", body)
    image = Image.open(io.BytesIO(base64.b64decode(answer["images"][0])))
    assert (image.format, image.width > image.height) == ("JPEG", True)
    code, _, _ = error_of(lambda: invoke("us-east-1", INPAINT, {"image": png(64, 64)}))
    assert code == "ValidationException"
    luma = {"modelId": "luma.ray-v2:0", "modelInput": {"prompt": "a shoe"},
            "outputDataConfig": {"s3OutputDataConfig": {"s3Uri": "s3://videos/out"}}}
    fake.s3.put("videos", "keep", b"")
    code, _, _ = error_of(lambda: runtime("us-east-1").start_async_invoke(**luma))
    assert code == "ValidationException"
    assert runtime("us-west-2").start_async_invoke(**luma)["invocationArn"].startswith(
        "arn:aws:bedrock:us-west-2:")


def test_a_bare_id_that_needs_an_inference_profile_is_refused(fake: FakeBedrock) -> None:
    code, _, message = error_of(lambda: invoke(
        "us-west-2", "stability.stable-image-inpaint-v1:0", {"image": png(64, 64)}))
    assert code == "ValidationException" and "inference profile" in message


def test_models_past_their_end_of_life_are_refused(fake: FakeBedrock) -> None:
    canvas = {"taskType": "TEXT_IMAGE", "textToImageParams": {"text": "a shoe"},
              "imageGenerationConfig": {"width": 1024, "height": 1024}}
    code, status, message = error_of(lambda: invoke("us-east-1", "amazon.nova-canvas-v1:0",
                                                    canvas))
    assert (code, status) == ("ResourceNotFoundException", 404)
    assert "end of its life" in message
    fake.extended_access = frozenset({"amazon.nova-canvas-v1:0"})
    answer = invoke("us-east-1", "amazon.nova-canvas-v1:0", canvas)
    assert len(answer["images"]) == 1


def test_get_foundation_model_reports_lifecycle_and_inference_types(fake: FakeBedrock) -> None:
    control = boto3.client("bedrock", region_name="us-east-1")
    reel = control.get_foundation_model(modelIdentifier="amazon.nova-reel-v1:1")["modelDetails"]
    lifecycle = reel["modelLifecycle"]
    assert lifecycle["status"] == "LEGACY"
    assert lifecycle["endOfLifeTime"] == datetime(2026, 9, 30, tzinfo=UTC)
    assert lifecycle["legacyTime"] == datetime(2026, 3, 30, tzinfo=UTC)
    west = boto3.client("bedrock", region_name="us-west-2")
    inpaint = west.get_foundation_model(modelIdentifier="stability.stable-image-inpaint-v1:0")
    assert inpaint["modelDetails"]["inferenceTypesSupported"] == ["INFERENCE_PROFILE"]
    luma = west.get_foundation_model(modelIdentifier="luma.ray-v2:0")["modelDetails"]
    assert luma["modelLifecycle"]["status"] == "ACTIVE"
    code, _, _ = error_of(lambda: control.get_foundation_model(modelIdentifier="luma.ray-v2:0"))
    assert code == "ValidationException"


def test_converse_answers_the_script_and_checks_tool_results(fake: FakeBedrock) -> None:
    fake.reply(ConverseReply(tool_uses=(ToolUse("list_themes", {}, "t1"),)))
    client = runtime("us-east-1")
    tools = {"tools": [{"toolSpec": {"name": "list_themes", "inputSchema": {"json": {
        "type": "object", "properties": {}}}}}]}
    first = [{"role": "user", "content": [{"text": "themes?"}]}]
    answer = client.converse(modelId="us.anthropic.claude-haiku-4-5-20251001-v1:0",
                             messages=first, toolConfig=tools)
    assert answer["stopReason"] == "tool_use"
    asked = answer["output"]["message"]
    unanswered = [*first, asked, {"role": "user", "content": [{"text": "well?"}]}]
    code, _, message = error_of(lambda: client.converse(
        modelId="us.anthropic.claude-haiku-4-5-20251001-v1:0", messages=unanswered,
        toolConfig=tools))
    assert code == "ValidationException" and "t1" in message


def test_a_missing_key_is_403_without_list_bucket(fake: FakeBedrock) -> None:
    fake.s3.put("videos", "a/output.mp4", b"mp4")
    s3 = boto3.client("s3", region_name="us-west-2")
    assert s3.get_object(Bucket="videos", Key="a/output.mp4")["Body"].read() == b"mp4"
    code, status, _ = error_of(lambda: s3.get_object(Bucket="videos", Key="b/output.mp4"))
    assert (code, status) == ("AccessDenied", 403)
    fake.s3.list_allowed = True
    code, status, _ = error_of(lambda: s3.get_object(Bucket="videos", Key="b/output.mp4"))
    assert (code, status) == ("NoSuchKey", 404)
    s3.put_object(Bucket="videos", Key="c/x.bin", Body=b"abc")
    listed = s3.list_objects_v2(Bucket="videos", Prefix="c/")["Contents"]
    assert [item["Key"] for item in listed] == ["c/x.bin"]
    assert s3.get_object(Bucket="videos", Key="c/x.bin")["Body"].read() == b"abc"


def test_a_per_service_endpoint_variable_redirects_that_service_only(
    fake: FakeBedrock, server: FakeBedrockServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AWS_ENDPOINT_URL")
    monkeypatch.setenv("AWS_ENDPOINT_URL_BEDROCK_RUNTIME", server.url)
    answer = invoke("us-west-2", INPAINT, {"image": png(256, 256), "prompt": "a beach"})
    assert len(answer["images"]) == 1
    with pytest.raises(AWSConnectionAttempted):  # the control plane still goes to AWS
        boto3.client("bedrock", region_name="us-west-2").get_foundation_model(
            modelIdentifier="luma.ray-v2:0")
