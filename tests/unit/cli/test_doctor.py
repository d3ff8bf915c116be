"""`adstudio doctor` and the bedrock engine without credentials (Stubber, no network)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber
from typer.testing import CliRunner

from cli.app import app
from core.settings import Settings
from engines.bedrock.doctor import base_model_id, run_checks


def model(model_id: str, status: str = "ACTIVE") -> dict[str, Any]:
    return {"modelDetails": {"modelArn": f"arn:aws:bedrock:::foundation-model/{model_id}",
                             "modelId": model_id, "modelLifecycle": {"status": status}}}


@pytest.fixture
def no_credentials(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.delenv("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", raising=False)
    yield


def test_inference_profiles_map_to_their_foundation_model() -> None:
    assert base_model_id("us.anthropic.claude-haiku-4-5-20251001-v1:0") == (
        "anthropic.claude-haiku-4-5-20251001-v1:0"
    )
    assert base_model_id("stability.sd3-5-large-v1:0") == "stability.sd3-5-large-v1:0"


def test_a_healthy_setup_passes_and_legacy_models_warn_with_an_alternative() -> None:
    settings = Settings(engine="bedrock", image_engine="nova-canvas",
                        guardrail_id="a1b2c3d4e5f6", guardrail_version="2")
    east = boto3.client("bedrock", region_name="us-east-1")  # chat and Nova Canvas
    with Stubber(east) as stub:
        stub.add_response("get_foundation_model", model("anthropic.claude"),
                          {"modelIdentifier": "anthropic.claude-haiku-4-5-20251001-v1:0"})
        stub.add_response("get_foundation_model", model("amazon.nova-canvas-v1:0", "LEGACY"),
                          {"modelIdentifier": "amazon.nova-canvas-v1:0"})
        stub.add_response("get_guardrail", {
            "name": "ads", "guardrailId": "a1b2c3d4e5f6", "guardrailArn": "arn:gr",
            "version": "2", "status": "READY", "createdAt": "2026-01-01T00:00:00Z",
            "updatedAt": "2026-01-01T00:00:00Z", "blockedInputMessaging": "no",
            "blockedOutputsMessaging": "no"},
            {"guardrailIdentifier": "a1b2c3d4e5f6", "guardrailVersion": "2"})
        checks = run_checks(settings, clients={"us-east-1": east}, today=date(2026, 5, 1))
    by_name = {c.name.split(" ")[0]: c for c in checks}
    assert [c.status for c in checks] == ["ok", "ok", "ok", "warn", "ok"]
    legacy = checks[3]
    assert "LEGACY" in legacy.detail and "2026-09-30" in legacy.detail
    assert "us.stability.stable-image-inpaint-v1:0" in legacy.fix
    assert "ADSTUDIO_IMAGE_ENGINE=stability" in legacy.fix
    assert by_name["guardrail"].detail == "ads (READY)"


def test_missing_model_access_fails_with_a_fix() -> None:
    settings = Settings(engine="bedrock", image_engine="local")
    chat = boto3.client("bedrock", region_name=settings.chat.region)
    with Stubber(chat) as stub:
        stub.add_client_error("get_foundation_model", "AccessDeniedException",
                              "You don't have access to the model", http_status_code=403)
        checks = run_checks(settings, clients={settings.chat.region: chat})
    assert checks[-1].status == "fail" and "Model access" in checks[-1].fix


def test_no_credentials_fail_first(no_credentials: None) -> None:
    checks = run_checks(Settings(engine="bedrock"), session=boto3.Session())
    assert [(c.name, c.status) for c in checks] == [("AWS credentials", "fail")]


def test_the_bedrock_engine_without_credentials_points_to_doctor(
    no_credentials: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from core.settings import get_settings

    monkeypatch.setenv("ADSTUDIO_ENGINE", "bedrock")
    get_settings.cache_clear()
    result = CliRunner().invoke(app, ["chat"], input="hello\n")
    assert result.exit_code == 2
    assert "needs AWS credentials" in result.output and "adstudio doctor" in result.output
    assert "Traceback" not in result.output
    doctor = CliRunner().invoke(app, ["doctor"])
    assert doctor.exit_code == 1 and "AWS credentials: none found" in doctor.output


def test_retired_models_are_warned_about_at_start_up() -> None:
    from engines.bedrock.doctor import lifecycle_warnings

    settings = Settings(engine="bedrock", image_engine="nova-canvas")
    east = boto3.client("bedrock", region_name="us-east-1")
    with Stubber(east) as stub:
        stub.add_response("get_foundation_model", model("anthropic.claude"))
        stub.add_response("get_foundation_model", model("amazon.nova-canvas-v1:0", "LEGACY"))
        warnings = lifecycle_warnings(settings, clients={"us-east-1": east})
    assert len(warnings) == 1  # today (after 2026-09-30) it is past its end of life
    assert "amazon.nova-canvas-v1:0" in warnings[0] and "2026-09-30" in warnings[0]
    assert "us.stability.stable-image-inpaint-v1:0" in warnings[0]


def test_the_start_up_check_logs_without_blocking(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    import engines.bedrock.doctor as doctor

    monkeypatch.setattr(doctor, "lifecycle_warnings", lambda settings: ["chat model x: LEGACY"])
    with caplog.at_level("WARNING", logger="engines.bedrock.doctor"):
        doctor.warn_in_background(Settings(engine="bedrock")).join(timeout=10)
    assert "chat model x: LEGACY (see `adstudio doctor`)" in caplog.text


def test_video_model_is_checked_in_its_region_and_the_bucket_is_reached() -> None:
    settings = Settings(engine="bedrock", image_engine="local", video_region="us-west-2",
                        video_engine="luma-ray2", video_s3_uri="s3://ads-videos/out")
    chat = boto3.client("bedrock", region_name=settings.chat.region)
    video = boto3.client("bedrock", region_name="us-west-2")
    s3 = boto3.client("s3", region_name="us-west-2")
    with Stubber(chat) as chat_stub, Stubber(video) as video_stub, Stubber(s3) as s3_stub:
        chat_stub.add_response("get_foundation_model", model("anthropic.claude"),
                               {"modelIdentifier": "anthropic.claude-haiku-4-5-20251001-v1:0"})
        video_stub.add_response("get_foundation_model", model("luma.ray-v2:0"),
                                {"modelIdentifier": "luma.ray-v2:0"})
        s3_stub.add_client_error("head_bucket", "404", "Not Found", http_status_code=404,
                                 expected_params={"Bucket": "ads-videos"})
        checks = run_checks(settings, clients={settings.chat.region: chat, "us-west-2": video,
                                               "s3": s3})
    assert "video us-west-2" in checks[1].detail
    bucket = checks[-1]
    assert bucket.name == "video bucket ads-videos" and bucket.status == "fail"
    assert "does not exist" in bucket.detail and "ADSTUDIO_VIDEO_S3_URI" in bucket.fix


def test_the_local_engine_has_nothing_to_check(no_credentials: None) -> None:
    result = CliRunner().invoke(app, ["doctor", "--engine", "local"])
    assert result.exit_code == 0, result.output
    assert "local engine" in result.output and "AWS credentials" not in result.output
    bedrock = CliRunner().invoke(app, ["doctor", "--engine", "bedrock"])
    assert bedrock.exit_code == 1 and "AWS credentials: none found" in bedrock.output


def test_doctor_says_the_local_signing_identity_is_untrusted(no_credentials: None) -> None:
    result = CliRunner().invoke(app, ["doctor", "--engine", "local"])
    assert result.exit_code == 0, result.output
    assert "C2PA provenance: signed by adstudio's local identity" in result.output
    assert "valid but untrusted until a real certificate is configured" in result.output
    assert "ADSTUDIO_PROVENANCE_CERT_CHAIN" in result.output


def test_doctor_fails_on_a_configured_key_that_is_not_the_certificates(
    no_credentials: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from core.provenance.identity import local_identity

    chain = local_identity(tmp_path / "a").chain_pem
    other_key = local_identity(tmp_path / "b").key_pem
    (tmp_path / "chain.pem").write_bytes(chain)
    (tmp_path / "key.pem").write_bytes(other_key)
    monkeypatch.setenv("ADSTUDIO_PROVENANCE_CERT_CHAIN", str(tmp_path / "chain.pem"))
    monkeypatch.setenv("ADSTUDIO_PROVENANCE_PRIVATE_KEY", str(tmp_path / "key.pem"))
    result = CliRunner().invoke(app, ["doctor", "--engine", "local"])
    assert result.exit_code == 1, result.output
    assert "fail" in result.output and "does not belong" in result.output
