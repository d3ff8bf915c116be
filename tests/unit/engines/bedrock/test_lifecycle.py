"""Refusing a Bedrock model past its end of life before the call (Stubber, no network)."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import boto3
import pytest
from botocore.response import StreamingBody
from botocore.stub import Stubber

from core.errors import ConfigurationError
from core.settings import Settings
from core.storage.assets import AssetStore
from core.storage.jobs import VideoJobStore
from engines.bedrock.chat import make_bedrock_chat
from engines.bedrock.clients import runtime_client
from engines.bedrock.invoke import invoke_json
from engines.bedrock.lifecycle import RetiredModelError, guard_client, refuse_retired
from tools.services import build_video_jobs

AFTER = date(2026, 12, 5)  # the today: Nova Reel and Nova Canvas ended 2026-09-30


@pytest.fixture
def credentials(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Fake static credentials, no config file, no endpoint override."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    for name in ("AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_BEDROCK_RUNTIME"):
        monkeypatch.delenv(name, raising=False)


def image_answer() -> dict[str, object]:
    data = json.dumps({"images": []}).encode()
    return {"body": StreamingBody(io.BytesIO(data), len(data)), "contentType": "application/json"}


def test_a_retired_model_is_refused_with_its_date_and_successor() -> None:
    with pytest.raises(RetiredModelError) as refused:
        refuse_retired("amazon.nova-reel-v1:1", today=AFTER)
    assert isinstance(refused.value, ConfigurationError)
    assert "2026-09-30" in refused.value.message and "luma.ray-v2:0" in refused.value.message
    assert "ADSTUDIO_ALLOW_RETIRED_MODELS=amazon.nova-reel-v1:1" in refused.value.hint
    with pytest.raises(RetiredModelError, match="2026-06-30"):
        refuse_retired("amazon.titan-image-generator-v2:0", today=date(2026, 7, 1))


def test_live_models_before_their_end_and_allowed_ones_pass() -> None:
    refuse_retired("luma.ray-v2:0", today=AFTER)
    refuse_retired("us.stability.stable-image-inpaint-v1:0", today=AFTER)
    refuse_retired("amazon.nova-reel-v1:1", today=date(2026, 9, 29))
    refuse_retired("amazon.nova-reel-v1:1", ["amazon.nova-reel-v1:1"], today=AFTER)
    refuse_retired("some.unknown-model-v1:0", today=AFTER)  # not in the catalogue: doctor asks
    with pytest.raises(RetiredModelError):
        refuse_retired("amazon.nova-reel-v1:1", ["amazon.nova-reel-v1:0"], today=AFTER)


def test_a_guarded_client_sends_nothing_for_a_retired_model() -> None:
    client = guard_client(boto3.client("bedrock-runtime", region_name="us-east-1",
                                       aws_access_key_id="x", aws_secret_access_key="x"),
                          today=AFTER)
    with Stubber(client) as stub:  # no answer queued: a request sent would fail differently
        with pytest.raises(RetiredModelError, match="2026-09-30"):
            invoke_json(client, "amazon.nova-canvas-v1:0", {"taskType": "TEXT_IMAGE"})
        stub.add_response("invoke_model", image_answer())
        assert invoke_json(client, "us.stability.stable-image-inpaint-v1:0", {}) == {"images": []}


def test_the_client_factory_refuses_unless_the_model_is_allowed(credentials: None) -> None:
    client = runtime_client(Settings(), "us-east-1", read_timeout=5)
    with Stubber(client), pytest.raises(RetiredModelError, match="amazon.nova-canvas-v1:0"):
        invoke_json(client, "amazon.nova-canvas-v1:0", {"taskType": "TEXT_IMAGE"})
    allowed = Settings(allow_retired_models="amazon.nova-canvas-v1:0")
    client = runtime_client(allowed, "us-east-1", read_timeout=5)
    with Stubber(client) as stub:
        stub.add_response("invoke_model", image_answer())
        assert invoke_json(client, "amazon.nova-canvas-v1:0", {"taskType": "X"}) == {"images": []}
    assert client.meta.region_name == "us-east-1"


def test_a_nova_reel_video_is_refused_and_its_job_marked_failed(
    credentials: None, tmp_path: Path
) -> None:
    settings = Settings(data_dir=tmp_path, engine="bedrock", video_engine="nova-reel",
                        video_s3_uri="s3://ad-videos/out")
    jobs = VideoJobStore(tmp_path / "jobs.sqlite")
    engine = build_video_jobs(settings, AssetStore(tmp_path / "assets"), jobs)
    assert engine is not None and engine.runtime.meta.region_name == "us-east-1"
    with pytest.raises(RetiredModelError, match="luma.ray-v2:0"):
        engine.submit_prompt("a bottle on a beach", 6)
    (job,) = jobs.for_thread("")
    assert job.status == "failed" and "2026-09-30" in (job.message or "")


def test_luma_is_built_in_us_west_2(credentials: None, tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, engine="bedrock", video_s3_uri="s3://ad-videos/out")
    engine = build_video_jobs(settings, AssetStore(tmp_path / "assets"),
                              VideoJobStore(tmp_path / "jobs.sqlite"))
    assert engine is not None and engine.model_id == "luma.ray-v2:0"
    assert engine.runtime.meta.region_name == "us-west-2"
    assert engine.s3.meta.region_name == "us-west-2"


def test_a_retired_chat_model_is_refused_before_it_is_built() -> None:
    client = boto3.client("bedrock-runtime", region_name="us-east-1",
                          aws_access_key_id="x", aws_secret_access_key="x")
    with pytest.raises(RetiredModelError, match="2026-09-30"):
        make_bedrock_chat(Settings(chat_model_id="amazon.nova-reel-v1:1"), client=client)
    assert make_bedrock_chat(Settings(), client=client) is not None


def test_a_retired_model_named_by_its_arn_is_refused_too() -> None:
    with pytest.raises(RetiredModelError, match="2026-09-30"):
        refuse_retired("arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-canvas-v1:0",
                       today=AFTER)
