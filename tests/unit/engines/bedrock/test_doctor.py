"""`adstudio doctor`'s Bedrock checks on Stubber'd clients: lifecycle, ids, regions, guardrail."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber

from core.settings import ModelCall, Settings
from engines.bedrock.doctor import check_bucket, check_guardrail, check_model, run_checks

TODAY = date(2026, 12, 5)


def client(service: str = "bedrock", region: str = "us-east-1") -> Any:
    return boto3.client(service, region_name=region, aws_access_key_id="x",
                        aws_secret_access_key="x")


def session() -> boto3.Session:
    return boto3.Session(aws_access_key_id="x", aws_secret_access_key="x")


def details(model_id: str, status: str = "ACTIVE", *, legacy: datetime | None = None,
            end: datetime | None = None, types: list[str] | None = None) -> dict[str, Any]:
    lifecycle: dict[str, Any] = {"status": status}
    if legacy:
        lifecycle["legacyTime"] = legacy
    if end:
        lifecycle["endOfLifeTime"] = end
    model: dict[str, Any] = {"modelArn": f"arn:aws:bedrock:::foundation-model/{model_id}",
                             "modelId": model_id, "modelLifecycle": lifecycle}
    if types is not None:
        model["inferenceTypesSupported"] = types
    return {"modelDetails": model}


def checked(call: ModelCall, answer: dict[str, Any], allowed: tuple[str, ...] = ()) -> Any:
    bedrock = client(region=call.region)
    with Stubber(bedrock) as stub:
        stub.add_response("get_foundation_model", answer)
        return check_model(bedrock, call, "ADSTUDIO_X_REGION", allowed, TODAY)


def test_a_model_past_its_end_of_life_fails_with_the_date_and_successor() -> None:
    call = ModelCall("video", "amazon.nova-reel-v1:1", "us-east-1")
    answer = details("amazon.nova-reel-v1:1", "LEGACY", legacy=datetime(2026, 3, 30, tzinfo=UTC),
                     end=datetime(2026, 9, 30, tzinfo=UTC))
    check = checked(call, answer)
    assert check.status == "fail" and "2026-09-30" in check.detail
    assert "luma.ray-v2:0" in check.fix
    allowed = checked(call, answer, ("amazon.nova-reel-v1:1",))
    assert allowed.status == "warn" and "ADSTUDIO_ALLOW_RETIRED_MODELS" in allowed.fix


def test_the_lifecycle_dates_are_read_not_only_the_status() -> None:
    call = ModelCall("video", "luma.ray-v2:0", "us-west-2")  # live in the catalogue
    ended = checked(call, details("luma.ray-v2:0", "ACTIVE",
                                  end=datetime(2026, 11, 1, tzinfo=UTC)))
    assert ended.status == "fail" and "2026-11-01" in ended.detail
    legacy = checked(call, details("luma.ray-v2:0", "ACTIVE",
                                   legacy=datetime(2026, 11, 1, tzinfo=UTC),
                                   end=datetime(2027, 5, 1, tzinfo=UTC)))
    assert legacy.status == "warn" and "2026-11-01" in legacy.detail
    assert "2027-05-01" in legacy.detail
    live = checked(call, details("luma.ray-v2:0", end=datetime(2027, 9, 1, tzinfo=UTC)))
    assert live.status == "ok" and "2027-09-01" in live.detail


def test_a_bare_id_that_needs_an_inference_profile_fails() -> None:
    bare = ModelCall("chat", "amazon.nova-lite-v1:0", "us-east-1")
    answer = details("amazon.nova-lite-v1:0", types=["INFERENCE_PROFILE"])
    check = checked(bare, answer)
    assert check.status == "fail" and "inference profile" in check.detail
    assert "us.amazon.nova-lite-v1:0" in check.fix
    profile = checked(ModelCall("chat", "us.amazon.nova-lite-v1:0", "us-east-1"), answer)
    assert profile.status == "ok"
    on_demand = checked(ModelCall("video", "luma.ray-v2:0", "us-west-2"),
                        details("luma.ray-v2:0", types=["ON_DEMAND"]))
    assert on_demand.status == "ok"


def test_a_us_profile_called_from_europe_fails() -> None:
    call = ModelCall("chat", "us.amazon.nova-lite-v1:0", "eu-west-1")
    check = checked(call, details("amazon.nova-lite-v1:0", types=["INFERENCE_PROFILE"]))
    assert check.status == "fail" and "eu-west-1" in check.detail


def test_a_model_not_offered_in_the_region_says_where_it_is() -> None:
    call = ModelCall("video", "luma.ray-v2:0", "us-east-1")
    bedrock = client()
    with Stubber(bedrock) as stub:
        stub.add_client_error("get_foundation_model", "ValidationException",
                              "The provided model identifier is invalid.", http_status_code=400)
        check = check_model(bedrock, call, "ADSTUDIO_LUMA_REGION", (), TODAY)
    assert check.status == "fail"
    assert check.detail == "not offered in us-east-1; it is offered in us-west-2"
    assert check.fix == "Set ADSTUDIO_LUMA_REGION=us-west-2."


def test_no_access_says_to_enable_it_in_the_region() -> None:
    call = ModelCall("images", "us.stability.stable-image-inpaint-v1:0", "us-west-2")
    bedrock = client(region="us-west-2")
    with Stubber(bedrock) as stub:
        stub.add_client_error("get_foundation_model", "AccessDeniedException", "no",
                              http_status_code=403)
        check = check_model(bedrock, call, "ADSTUDIO_STABILITY_REGION", (), TODAY)
    assert check.status == "fail" and "Model access" in check.fix and "us-west-2" in check.fix


def test_the_ids_the_pipeline_calls_are_checked_in_their_regions() -> None:
    settings = Settings(engine="bedrock", video_s3_uri="s3://ad-videos/out")
    east, west, s3 = client(), client(region="us-west-2"), client("s3", "us-west-2")
    with Stubber(east) as e, Stubber(west) as w, Stubber(s3) as s:
        e.add_response("get_foundation_model", details("anthropic.claude-haiku-4-5"),
                       {"modelIdentifier": "anthropic.claude-haiku-4-5-20251001-v1:0"})
        for foundation in ("stability.stable-image-inpaint-v1:0",
                           "stability.stable-image-remove-background-v1:0",
                           "stability.stable-image-erase-object-v1:0",
                           "stability.stable-outpaint-v1:0",
                           "stability.stable-conservative-upscale-v1:0", "luma.ray-v2:0"):
            w.add_response("get_foundation_model", details(foundation),
                           {"modelIdentifier": foundation})
        s.add_response("head_bucket", {"BucketRegion": "us-west-2"}, {"Bucket": "ad-videos"})
        checks = run_checks(settings, session(), {"us-east-1": east, "us-west-2": west, "s3": s3},
                            TODAY)
    assert [c.status for c in checks] == ["ok"] * 10
    assert checks[1].detail == ("chat us-east-1, images us-west-2, cutout us-west-2, "
                                "erase us-west-2, outpaint us-west-2, upscale us-west-2, "
                                "video us-west-2")
    assert checks[3].name == "images model us.stability.stable-image-inpaint-v1:0 in us-west-2"


def test_deprecated_region_settings_warn() -> None:
    settings = Settings(engine="bedrock", image_engine="local", image_region="eu-west-1")
    east = client()
    with Stubber(east) as stub:
        stub.add_response("get_foundation_model", details("anthropic.claude-haiku-4-5"))
        checks = run_checks(settings, session(), {"us-east-1": east}, TODAY)
    warning = checks[2]
    assert warning.status == "warn" and "ADSTUDIO_IMAGE_REGION" in warning.name
    assert "ADSTUDIO_STABILITY_REGION" in warning.fix


GUARDRAIL = {
    "name": "ads", "guardrailId": "abc123def456",
    "guardrailArn": "arn:aws:bedrock:us-east-1:123456789012:guardrail/abc123def456",
    "version": "1", "status": "READY", "createdAt": "2026-01-01T00:00:00Z",
    "updatedAt": "2026-01-01T00:00:00Z", "blockedInputMessaging": "no",
    "blockedOutputsMessaging": "no",
}


@pytest.mark.parametrize(
    "guardrail_id",
    ["abc123def456", "arn:aws:bedrock:us-east-1:123456789012:guardrail/abc123def456"],
)
def test_real_guardrail_ids_and_arns_are_accepted(guardrail_id: str) -> None:
    bedrock = client()
    with Stubber(bedrock) as stub:
        stub.add_response("get_guardrail", GUARDRAIL,
                          {"guardrailIdentifier": guardrail_id, "guardrailVersion": "1"})
        check = check_guardrail(bedrock, Settings(guardrail_id=guardrail_id,
                                                  guardrail_version="1"))
    assert check is not None and check.status == "ok" and check.detail == "ads (READY)"


@pytest.mark.parametrize(
    ("guardrail_id", "version", "said"),
    [
        ("My-Guardrail", "1", "not a guardrail id or ARN"),
        ("abc123def456", "v1", "not a guardrail version"),
        ("arn:aws:bedrock:eu-west-1:123456789012:guardrail/abc123def456", "1", "eu-west-1"),
    ],
)
def test_a_malformed_or_misplaced_guardrail_fails_without_a_call(
    guardrail_id: str, version: str, said: str
) -> None:
    bedrock = client()
    with Stubber(bedrock):  # nothing queued: a call would raise
        check = check_guardrail(bedrock, Settings(guardrail_id=guardrail_id,
                                                  guardrail_version=version))
    assert check is not None and check.status == "fail" and said in check.detail


def test_the_bucket_hint_names_s3_list_bucket_and_its_region_is_checked() -> None:
    settings = Settings(video_s3_uri="s3://ad-videos/out")
    s3 = client("s3", "us-west-2")
    with Stubber(s3) as stub:
        stub.add_client_error("head_bucket", "403", "Forbidden", http_status_code=403)
        denied = check_bucket(s3, settings, "us-west-2")
        stub.add_response("head_bucket", {"BucketRegion": "us-east-1"})
        elsewhere = check_bucket(s3, settings, "us-west-2")
    assert denied is not None and denied.status == "fail" and "s3:ListBucket" in denied.fix
    assert elsewhere is not None and elsewhere.status == "fail"
    assert "us-east-1" in elsewhere.detail and "us-west-2" in elsewhere.detail
