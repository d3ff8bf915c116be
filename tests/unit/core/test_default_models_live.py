"""A clean clone on the bedrock engine calls only live models, in regions that serve them.

Judged against today's date (not a fixed one) twice: by the catalogue's end-of-life dates
and regions (``core/bedrock_models.py``), and by the fake Bedrock's own table of what AWS
serves where and until when (``tests/fake_bedrock/models.py``, written from BEDROCK.md and
issue 21), so a default that stops being served fails here on the day it does.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from core import bedrock_models as catalogue
from core.settings import ModelCall, Settings
from tests.fake_bedrock import models as served
from tests.fake_bedrock.errors import BedrockError


def clean_clone(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, **env: str) -> Settings:
    """The settings of a fresh checkout: no ADSTUDIO_ variable, no .env, only ``env``."""
    for name in list(os.environ):
        if name.startswith("ADSTUDIO_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)  # no .env file here
    for name, value in {"ADSTUDIO_ENGINE": "bedrock", **env}.items():
        monkeypatch.setenv(name, value)
    return Settings()


@pytest.fixture(params=[{}, {"ADSTUDIO_VIDEO_S3_URI": "s3://ad-videos/out"}],
                ids=["no-video-bucket", "video-bucket"])
def calls(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch,
          tmp_path: Path) -> list[ModelCall]:
    return clean_clone(monkeypatch, tmp_path, **request.param).model_calls()


def test_every_role_is_called(calls: list[ModelCall]) -> None:
    roles = {call.role for call in calls}
    assert {"chat", "images", "cutout", "erase", "outpaint", "upscale"} <= roles


def test_the_catalogue_says_each_default_is_live_today_in_its_region(
    calls: list[ModelCall],
) -> None:
    today = catalogue.utc_today()
    for role, model_id, region in calls:
        row = catalogue.find(model_id)
        assert row is not None, f"{role}: {model_id} is not in the catalogue"
        assert not row.retired(today), f"{role}: {model_id} ended on {row.end_of_life}"
        assert not row.is_legacy(today), f"{role}: {model_id} is legacy since {row.legacy}"
        assert region in row.regions, f"{role}: {model_id} is not served in {region}"


def test_bedrock_as_the_fake_knows_it_would_answer_each_default_today(
    calls: list[ModelCall],
) -> None:
    now = datetime.now(UTC)
    for role, model_id, region in calls:
        try:
            model = served.callable_model(model_id, region, now)
        except BedrockError as exc:  # pragma: no cover - the failure message is the point
            pytest.fail(f"{role}: {model_id} in {region}: {exc}")
        assert model.status(now) == "ACTIVE", f"{role}: {model_id} is {model.status(now)}"


def test_the_video_model_with_a_bucket_is_luma_ray2_in_us_west_2(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    settings = clean_clone(monkeypatch, tmp_path, ADSTUDIO_VIDEO_S3_URI="s3://ad-videos/out")
    video = [call for call in settings.model_calls() if call.role == "video"]
    assert [(call.model_id, call.region) for call in video] == [("luma.ray-v2:0", "us-west-2")]
