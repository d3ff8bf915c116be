"""The bedrock engine end to end, over HTTP, against the fake Bedrock endpoint on loopback.

The CLI runs in-process with a clean clone's defaults (``ADSTUDIO_ENGINE=bedrock`` and a video
bucket) and boto3 pointed at the fake through ``AWS_ENDPOINT_URL``. The fake answers as
Bedrock does in December 2026 (tests/fake_bedrock): retired models and models called in a
region that does not serve them are refused, and Stability's services refuse images outside
their size rules. Expectations come from issue 21, not from the code.
"""

from __future__ import annotations

import io
import logging
import re
import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PIL import Image
from typer.testing import CliRunner, Result

from cli.app import app
from core.placements import load_placements, resolve_placement
from core.settings import get_settings
from core.storage.jobs import JobPoller, utcnow
from engines.bedrock.video.jobs import BedrockVideoJobs
from evals.recipes import bottle_on_white
from tests.fake_bedrock.app import describe
from tests.fake_bedrock.errors import BedrockError
from tests.fake_bedrock.pictures import tiny_mp4
from tests.fake_bedrock.server import FakeBedrockServer, serve_fake_bedrock, use_fake_bedrock
from tests.fake_bedrock.state import Call, ConverseReply, FakeBedrock, ToolUse
from tools.services import build_services

BUCKET = "adstudio-videos"
GUARDRAIL = "a1b2c3d4e5f6"  # shaped like a real guardrail id: 12 lowercase letters and digits
CHAT_MODEL = "us.anthropic.claude-haiku-4-5-20251001-v1:0"
FEATURES = {
    "product_name": "Trail bottle", "category": "drinkware",
    "features": ["insulated steel", "keeps drinks cold 24 hours"],
    "benefits": ["cold water all day"], "audience_hints": ["hikers"],
    "suggested_themes": ["outdoor"], "tone": "upbeat", "headline_ideas": ["Cold all day"],
}
SCENE = {"prompt": "a sunlit granite ledge above a pine valley, soft morning light",
         "negative": "people, text, logos"}
PLACEMENT_GROUPS = {  # at most 6 placements per request; every placement of core/placements.yaml
    "banners": ["leaderboard", "billboard", "wide-skyscraper", "mobile-banner", "half-page",
                "medium-rectangle"],
    "social": ["square", "portrait", "story", "pin", "landscape", "widescreen"],
    "amazon": ["amazon-sb-custom-image", "amazon-display", "amazon-display-mrec"],
}

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def server() -> Iterator[FakeBedrockServer]:
    with serve_fake_bedrock() as running:
        yield running


@pytest.fixture
def fake(server: FakeBedrockServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> FakeBedrock:
    """A fresh fake with a video bucket and a guardrail; the bedrock engine on defaults."""
    use_fake_bedrock(monkeypatch, server, tmp_path)
    state = server.reset()
    state.s3.put(BUCKET, "README", b"video outputs")
    state.guardrails[("us-east-1", GUARDRAIL)] = {"1"}
    state.structured.update({"ProductFeatures": FEATURES, "SceneDraft": SCENE})
    monkeypatch.setenv("ADSTUDIO_ENGINE", "bedrock")
    monkeypatch.setenv("ADSTUDIO_VIDEO_S3_URI", f"s3://{BUCKET}/jobs")
    get_settings.cache_clear()
    return state


@pytest.fixture
def photo(tmp_path: Path) -> Path:
    path = tmp_path / "bottle.jpg"
    bottle_on_white()[0].save(path, "JPEG", quality=90)
    return path


def run(*args: str, input: str | None = None) -> Result:
    """Run ``adstudio ARGS`` in-process; wait for its background model check to end.

    The runtime checks the models' lifecycle from a daemon thread at start-up; its calls
    must not land in the next test's fake.
    """
    get_settings.cache_clear()
    result = CliRunner().invoke(app, list(args), input=input)
    for thread in threading.enumerate():
        if thread.name == "adstudio-model-lifecycle":
            thread.join(timeout=30)
    return result


def refused(fake: FakeBedrock) -> list[Call]:
    """Calls the fake refused."""
    return [call for call in fake.calls if call.status >= 400]


# --------------------------------------------------------------------------- doctor


def test_doctor_passes_on_a_clean_clone_and_checks_the_models_called(
    fake: FakeBedrock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ADSTUDIO_GUARDRAIL_ID", GUARDRAIL)
    monkeypatch.setenv("ADSTUDIO_GUARDRAIL_VERSION", "1")
    fake.s3.list_allowed = True
    result = run("doctor")
    assert result.exit_code == 0, result.output + describe(fake)
    checked = {(call.region, call.target) for call in fake.calls
               if call.operation in ("GetFoundationModel", "GetInferenceProfile")}
    # the ids the pipeline calls, in the regions that serve them
    assert any(region == "us-west-2" and "stable-image-inpaint-v1:0" in target
               for region, target in checked), checked
    assert ("us-west-2", "luma.ray-v2:0") in checked
    assert not any("nova-reel" in target or "nova-canvas" in target for _, target in checked)
    assert "luma.ray-v2:0" in result.output
    assert fake.made("GetGuardrail"), describe(fake)


def test_doctor_fails_for_a_model_past_its_end_of_life(
    fake: FakeBedrock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ADSTUDIO_VIDEO_ENGINE", "nova-reel")
    result = run("doctor")
    assert result.exit_code == 1, result.output
    assert "2026-09-30" in result.output
    assert "luma.ray-v2:0" in result.output  # its successor


def test_doctor_fails_for_a_bare_id_that_needs_an_inference_profile(
    fake: FakeBedrock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ADSTUDIO_CHAT_MODEL_ID", "anthropic.claude-haiku-4-5-20251001-v1:0")
    result = run("doctor")
    assert result.exit_code == 1, result.output
    assert "inference profile" in result.output.lower()


def test_doctor_names_the_region_problem(
    fake: FakeBedrock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ADSTUDIO_VIDEO_ENGINE", "luma-ray2")
    monkeypatch.setenv("ADSTUDIO_LUMA_REGION", "us-east-1")
    result = run("doctor")
    assert result.exit_code == 1, result.output
    luma = [line for line in result.output.splitlines() if "luma" in line.lower()]
    text = " ".join(result.output.split())
    assert luma and "us-west-2" in text  # where it is offered
    assert "Model access" not in text and "enable access" not in text.lower()


def test_doctor_names_s3_list_bucket_for_the_video_bucket(
    fake: FakeBedrock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ADSTUDIO_VIDEO_S3_URI", "s3://no-such-bucket/jobs")
    result = run("doctor")
    assert result.exit_code == 1, result.output
    assert "s3:ListBucket" in " ".join(result.output.split())


# --------------------------------------------------------------------------- generate


def test_the_groups_cover_every_placement() -> None:
    shipped = set(load_placements())
    assert sorted(p for group in PLACEMENT_GROUPS.values() for p in group) == sorted(shipped)


@pytest.mark.parametrize("group", PLACEMENT_GROUPS)
def test_every_placement_renders_through_stability(
    fake: FakeBedrock, monkeypatch: pytest.MonkeyPatch, photo: Path, tmp_path: Path, group: str,
) -> None:
    monkeypatch.setenv("ADSTUDIO_CHAT_ENGINE", "planner")  # the images, not the chat, on test
    out = tmp_path / "ads"
    placements = PLACEMENT_GROUPS[group]
    asked = [arg for placement in placements for arg in ("--placement", placement)]
    result = run("generate", "--image", str(photo), "--brief", "Trail bottle, keeps water cold",
                 *asked, "--n", "1", "--out", str(out), "--yes")
    assert result.exit_code == 0, result.output + describe(fake)
    made = sorted(Image.open(path).size for path in out.glob("*.png"))
    wanted = {resolve_placement(placement).size for placement in placements}
    assert set(made) == wanted, result.output
    inpaints = [call for call in fake.made("InvokeModel") if "stable-image-inpaint" in call.target]
    assert len(inpaints) >= len(wanted), describe(fake)
    assert not refused(fake), describe(fake)
    invokes = fake.made("InvokeModel")
    assert {call.region for call in invokes} == {"us-west-2"}
    assert all(call.target.startswith("us.stability.") for call in invokes), describe(fake)


def test_a_retired_image_model_is_refused_with_its_date_and_successor(
    fake: FakeBedrock, monkeypatch: pytest.MonkeyPatch, photo: Path, tmp_path: Path
) -> None:
    monkeypatch.setenv("ADSTUDIO_CHAT_ENGINE", "planner")
    monkeypatch.setenv("ADSTUDIO_IMAGE_ENGINE", "nova-canvas")
    out = tmp_path / "ads"
    result = run("generate", "--image", str(photo), "--brief", "Trail bottle, keeps water cold",
                 "--n", "1", "--out", str(out), "--yes")
    assert result.exit_code != 0, result.output
    text = " ".join(result.output.split())
    assert "2026-09-30" in text and "stability" in text.lower(), text
    assert not fake.made("InvokeModel"), describe(fake)  # refused before any paid call
    assert not list(out.glob("*.png"))


def test_an_account_that_kept_nova_canvas_renders_banners_where_it_is_offered(
    fake: FakeBedrock, monkeypatch: pytest.MonkeyPatch, photo: Path, tmp_path: Path
) -> None:
    fake.extended_access = frozenset({"amazon.nova-canvas-v1:0"})
    monkeypatch.setenv("ADSTUDIO_CHAT_ENGINE", "planner")
    monkeypatch.setenv("ADSTUDIO_IMAGE_ENGINE", "nova-canvas")
    monkeypatch.setenv("ADSTUDIO_ALLOW_RETIRED_MODELS", "amazon.nova-canvas-v1:0")
    out = tmp_path / "ads"
    placements = ["leaderboard", "mobile-banner", "wide-skyscraper"]
    asked = [arg for placement in placements for arg in ("--placement", placement)]
    result = run("generate", "--image", str(photo), "--brief", "Trail bottle, keeps water cold",
                 *asked, "--n", "1", "--out", str(out), "--yes")
    assert result.exit_code == 0, result.output + describe(fake)
    made = {Image.open(path).size for path in out.glob("*.png")}
    assert made == {resolve_placement(placement).size for placement in placements}
    invokes = fake.made("InvokeModel")
    assert {(call.region, call.target) for call in invokes} == {
        ("us-east-1", "amazon.nova-canvas-v1:0")}, describe(fake)
    assert not refused(fake), describe(fake)


# --------------------------------------------------------------------------- video


def test_a_video_renders_on_luma_ray2_in_us_west_2_and_is_delivered(
    fake: FakeBedrock, photo: Path, tmp_path: Path
) -> None:
    result = run("video", "--image", str(photo), "--brief", "Trail bottle, keeps water cold",
                 "--seconds", "12", "--out", str(tmp_path / "videos"), "--yes")
    assert result.exit_code == 0, result.output + describe(fake)
    assert "started job" in result.output
    prices, removal = get_settings().costs.prices, get_settings().model_ids()["cutout"]
    assert any(call.target == removal for call in fake.made("InvokeModel"))  # a new photo
    # one 9-s clip, not 12 s, and the remove-background call that cut the new photo out
    expected = 9 * prices["luma.ray-v2:0/video_second"] + prices[f"{removal}/image"]
    assert f"about ${expected:.2f}" in result.output
    (start,) = fake.made("StartAsyncInvoke")
    assert (start.region, start.target) == ("us-west-2", "luma.ray-v2:0")
    assert start.status == 200, describe(fake)
    services = build_services(get_settings())
    assert services.jobs is not None
    assert isinstance(services.engines.video_jobs, BedrockVideoJobs)
    (submitted,) = services.jobs.pending()
    poller = JobPoller(services.jobs, services.engines.video_jobs)
    # the job reads Completed at its first poll; S3 answers 403 for keys that are not there
    poller.poll_once(now=utcnow() + timedelta(hours=1))
    job = services.jobs.get(submitted.id)
    assert job.status == "completed", f"{job.status}: {job.message}\n{describe(fake)}"
    assert job.asset_id is not None
    stored, clip = services.assets.read(job.asset_id), tiny_mp4()
    media = clip[clip.index(b"mdat") + 4:][:2000]  # the clip's frames, as the model made them
    assert media in stored  # delivered as made, with a C2PA manifest added beside them
    assert services.assets.get(job.asset_id).parameters["provenance"].get("source_type")


# --------------------------------------------------------------------------- chat


def test_a_chat_turn_calls_a_tool_then_answers(
    fake: FakeBedrock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ADSTUDIO_GUARDRAIL_ID", GUARDRAIL)
    monkeypatch.setenv("ADSTUDIO_GUARDRAIL_VERSION", "1")
    title = {"title": "Trail bottle",
             "description": "Insulated steel bottle that keeps water cold for 24 hours."}
    fake.reply(
        ConverseReply(tool_uses=(ToolUse("extract_features", title, "tooluse_features1"),)),
        ConverseReply(text="Trail bottle: insulated steel, cold for 24 hours."),
    )
    result = run("chat", input="What should my ads say about this bottle?\n")
    assert result.exit_code == 0, result.output + describe(fake)
    assert "insulated steel, cold for 24 hours" in result.output
    turns = [call for call in fake.made("Converse") if "toolChoice" not in
             call.body.get("toolConfig", {})]
    assert len(turns) == 2, describe(fake)
    assert {(call.region, call.target) for call in fake.made("Converse")} == {
        ("us-east-1", CHAT_MODEL)}
    results = [block["toolResult"] for message in turns[1].body["messages"]
               for block in message["content"] if "toolResult" in block]
    assert [r["toolUseId"] for r in results] == ["tooluse_features1"]
    assert "Trail bottle" in str(results[0]["content"])
    assert turns[1].body.get("system"), "the system prompt goes with every turn"
    sources = {call.body.get("source") for call in fake.made("ApplyGuardrail")}
    assert "INPUT" in sources, describe(fake)
    assert not refused(fake), describe(fake)


@pytest.mark.parametrize(("stop", "text"), [
    ("max_tokens", "Here are three headlines: Cold all"),
    ("content_filtered", ""),
    ("malformed_tool_use", ""),
])
def test_a_cut_or_filtered_reply_says_so(
    fake: FakeBedrock, stop: str, text: str
) -> None:
    fake.reply(ConverseReply(text=text, stop_reason=stop))
    result = run("chat", input="Write three headlines for my bottle.\n")
    assert result.exit_code == 0, result.output
    said = _said(result.output)
    if text:
        assert text in said
    assert said.replace(text, "").strip(), f"no sentence about {stop}: {result.output!r}"


def test_throttling_is_a_sentence_not_a_traceback(
    fake: FakeBedrock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ADSTUDIO_CHAT_MAX_ATTEMPTS", "1")
    fake.reply(BedrockError("ThrottlingException", "Too many requests, please wait."))
    terminal = io.StringIO()  # what `adstudio` (logging.basicConfig, WARNING) prints to stderr
    handler = logging.StreamHandler(terminal)
    handler.setLevel(logging.WARNING)
    logging.getLogger().addHandler(handler)
    try:
        result = run("chat", input="Write three headlines for my bottle.\n")
    finally:
        logging.getLogger().removeHandler(handler)
    shown = result.output + terminal.getvalue()
    assert "Traceback" not in shown, shown
    assert re.search(r"busy|throttl|too many|try again|in a moment", _said(result.output),
                     re.IGNORECASE), result.output


def _said(output: str) -> str:
    """What the chat printed for the turn: without its greeting and the cost line."""
    lines = output.splitlines()[1:]
    return "\n".join(line for line in lines if line.strip()
                     and not line.startswith("this turn: about $"))
