"""Nova Reel and Luma Ray2 video jobs against botocore's Stubber (service model, no network)."""

from __future__ import annotations

import base64
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.exceptions import EndpointConnectionError, ParamValidationError
from botocore.response import StreamingBody
from botocore.stub import ANY, Stubber
from PIL import Image

from core.errors import CapabilityError, ConfigurationError
from core.schemas import Shot, Storyboard
from core.settings import Settings
from core.storage.assets import AssetStore
from core.storage.jobs import VideoJob, VideoJobStore
from engines.bedrock.invoke import ContentFilteredError, ModelCallError
from engines.bedrock.video import luma, nova_reel
from engines.bedrock.video.jobs import BedrockVideoJobs, parse_s3_uri, summarize_request
from engines.bedrock.video.luma import LumaRequest
from engines.bedrock.video.nova_reel import (
    ImageSource,
    ManualShot,
    MultiShotManualParams,
    NovaImage,
    VideoRequestError,
)

REGION = "us-east-1"
ARN = "arn:aws:bedrock:us-east-1:123456789012:async-invoke/abc123def456"
MODEL_ARN = "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-reel-v1:1"
S3_URI = "s3://ad-videos/renders"
MP4 = b"\x00\x00\x00\x18ftypmp42fake-mp4-bytes"


def make_client(service: str) -> Any:
    return boto3.client(
        service, region_name=REGION, aws_access_key_id="x", aws_secret_access_key="x"
    )


def picture(size: tuple[int, int] = (800, 800), mode: str = "RGBA") -> Image.Image:
    color = (200, 40, 40, 255) if mode == "RGBA" else (200, 40, 40)
    return Image.new(mode, size, color)


def png_b64(size: tuple[int, int], mode: str = "RGB") -> str:
    buffer = io.BytesIO()
    Image.new(mode, size).save(buffer, format="PNG")
    return base64.b64encode(buffer.getvalue()).decode()


def decoded(b64: str) -> Image.Image:
    return Image.open(io.BytesIO(base64.b64decode(b64)))


@dataclass
class Rig:
    """Stubbed bedrock-runtime and s3 clients, stores, and the start_async_invoke calls seen."""

    runtime: Any
    s3: Any
    bedrock: Stubber
    storage: Stubber
    jobs: VideoJobStore
    assets: AssetStore
    sent: list[dict[str, Any]] = field(default_factory=list)
    stored_at_call: list[list[VideoJob]] = field(default_factory=list)
    sleeps: list[float] = field(default_factory=list)

    def engine(self, family: str = "nova-reel", model_id: str | None = None) -> BedrockVideoJobs:
        model = model_id or ("amazon.nova-reel-v1:1" if family == "nova-reel" else "luma.ray-v2:0")
        return BedrockVideoJobs(
            self.runtime, self.s3, family, model, S3_URI,  # type: ignore[arg-type]
            self.jobs, self.assets, sleep=self.sleeps.append,
        )

    def started(self, arn: str = ARN, model_id: str = "amazon.nova-reel-v1:1") -> None:
        self.bedrock.add_response(
            "start_async_invoke",
            {"invocationArn": arn},
            {"modelId": model_id, "modelInput": ANY, "outputDataConfig": ANY,
             "clientRequestToken": ANY},
        )

    def status(self, status: str, failure: str | None = None, arn: str = ARN) -> None:
        response: dict[str, Any] = {
            "invocationArn": arn, "modelArn": MODEL_ARN, "status": status,
            "submitTime": datetime(2026, 10, 1, tzinfo=UTC),
            "outputDataConfig": {"s3OutputDataConfig": {"s3Uri": S3_URI}},
        }
        if failure is not None:
            response["failureMessage"] = failure
        self.bedrock.add_response("get_async_invoke", response, {"invocationArn": arn})

    def fail(self, operation: str, code: str, message: str, status: int = 400) -> None:
        self.bedrock.add_client_error(
            operation, service_error_code=code, service_message=message, http_status_code=status
        )

    def video(self, key: str, data: bytes = MP4, bucket: str = "ad-videos") -> None:
        self.storage.add_response(
            "get_object",
            {"Body": StreamingBody(io.BytesIO(data), len(data)), "ContentLength": len(data)},
            {"Bucket": bucket, "Key": key},
        )

    def missing(self) -> None:
        self.storage.add_client_error("get_object", "NoSuchKey", "not found", 404)

    @property
    def body(self) -> dict[str, Any]:
        assert len(self.sent) == 1, f"expected one call, got {len(self.sent)}"
        return self.sent[0]["modelInput"]


@pytest.fixture
def rig(tmp_path: Path) -> Iterator[Rig]:
    runtime, s3 = make_client("bedrock-runtime"), make_client("s3")
    rig = Rig(runtime, s3, Stubber(runtime), Stubber(s3),
              VideoJobStore(tmp_path / "jobs.sqlite"), AssetStore(tmp_path / "assets"))

    def capture(params: dict[str, Any], **_: Any) -> None:
        rig.sent.append(params)
        rig.stored_at_call.append(rig.jobs.pending())

    runtime.meta.events.register("provide-client-params.bedrock-runtime.StartAsyncInvoke", capture)
    with rig.bedrock, rig.storage:
        yield rig
        rig.bedrock.assert_no_pending_responses()
        rig.storage.assert_no_pending_responses()


def storyboard(*seconds: float, size: str = "1280x720") -> Storyboard:
    shots = [
        Shot(kind="hero", seconds=s, description=f"Red sneaker on wet asphalt, scene {i}",
             theme="urban_night")
        for i, s in enumerate(seconds)
    ]
    return Storyboard(product_image="img_1", shots=shots, size=size)


# --- request shapes -----------------------------------------------------------------------


def test_text_video_with_starting_frame(rig: Rig) -> None:
    rig.started()
    job = rig.engine().submit_animation(
        picture(), "Slow push-in, no people, steam rising", tenant="acme", thread="t1",
        parents=["img_ad"], seed=7,
    )
    body = rig.body
    assert body["taskType"] == "TEXT_VIDEO"
    assert body["videoGenerationConfig"] == {
        "durationSeconds": 6, "fps": 24, "dimension": "1280x720", "seed": 7
    }
    params = body["textToVideoParams"]
    assert params["text"] == "Slow push-in, steam rising"  # the negated clause is dropped
    [image] = params["images"]
    assert image["format"] == "png"
    frame = decoded(image["source"]["bytes"])
    assert (frame.size, frame.mode, frame.format) == ((1280, 720), "RGB", "PNG")
    assert job.status == "in_progress" and job.invocation_arn == ARN
    assert job.kind == "animation" and job.tenant == "acme" and job.parents == ["img_ad"]
    assert job.seconds == 6 and (job.width, job.height) == (1280, 720)
    assert job.notes and "1280x720" in job.notes[0]
    assert "bytes" in str(job.request) and "iVBOR" not in str(job.request)  # no blobs stored
    sent = rig.sent[0]
    assert sent["outputDataConfig"] == {"s3OutputDataConfig": {"s3Uri": f"{S3_URI}/{job.id}"}}
    assert sent["clientRequestToken"] == job.client_token
    assert rig.jobs.get(job.id).status == "in_progress"


def test_multi_shot_manual_maps_storyboard_onto_six_second_shots(rig: Rig) -> None:
    rig.started()
    board = storyboard(3, 3, 6, 4)  # 16 s -> three 6-s Nova shots
    board.shots[1] = board.shots[1].model_copy(
        update={"description": "Close-up of the sole without any logos"}
    )
    job = rig.engine().submit_storyboard(
        board, {0: picture((1280, 720), "RGB"), 2: picture((720, 1280))}, "warm cinematic light",
        thread="t1", seed=3,
    )
    body = rig.body
    assert body["taskType"] == "MULTI_SHOT_MANUAL"
    assert body["videoGenerationConfig"] == {"fps": 24, "dimension": "1280x720", "seed": 3}
    shots = body["multiShotManualParams"]["shots"]
    assert len(shots) == 3
    assert "scene 0" in shots[0]["text"] and "without" not in shots[0]["text"]
    assert "urban night" in shots[0]["text"] and "warm cinematic light" in shots[0]["text"]
    assert "scene 2" in shots[1]["text"] and "scene 3" in shots[2]["text"]
    assert all(1 <= len(s["text"]) <= 512 for s in shots)
    assert "image" in shots[0] and "image" in shots[1] and "image" not in shots[2]
    assert decoded(shots[1]["image"]["source"]["bytes"]).size == (1280, 720)
    assert job.kind == "storyboard" and job.seconds == 18
    assert any("18-s video" in note for note in job.notes)


def test_multi_shot_automated(rig: Rig) -> None:
    rig.started()
    job = rig.engine().submit_prompt("A sneaker launch film in the rain", 18, seed=1)
    assert rig.body == {
        "taskType": "MULTI_SHOT_AUTOMATED",
        "multiShotAutomatedParams": {"text": "A sneaker launch film in the rain"},
        "videoGenerationConfig": {"durationSeconds": 18, "fps": 24, "dimension": "1280x720",
                                  "seed": 1},
    }
    assert job.seconds == 18 and job.estimated_usd == pytest.approx(1.44)


def test_expected_params_check_the_whole_model_input(rig: Rig) -> None:
    expected = nova_reel.multi_shot_automated("Rain on a city street", 12, seed=5).to_body()
    rig.bedrock.add_response(
        "start_async_invoke", {"invocationArn": ARN},
        {"modelId": "amazon.nova-reel-v1:1", "modelInput": expected,
         "outputDataConfig": ANY, "clientRequestToken": ANY},
    )
    rig.engine().submit_prompt("Rain on a city street", 12, seed=5)


def test_luma_animation_loops_from_frame0(rig: Rig) -> None:
    rig.started(model_id="luma.ray-v2:0")
    job = rig.engine("luma-ray2").submit_animation(picture((1080, 1920)), "gentle sway")
    body = rig.body
    assert {k: body[k] for k in ("prompt", "aspect_ratio", "loop", "duration", "resolution")} == {
        "prompt": "gentle sway", "aspect_ratio": "9:16", "loop": True, "duration": "5s",
        "resolution": "720p",
    }
    frame0 = body["keyframes"]["frame0"]
    assert frame0["type"] == "image"
    assert frame0["source"]["type"] == "base64" and frame0["source"]["media_type"] == "image/png"
    assert decoded(frame0["source"]["data"]).size == (720, 1280)
    assert "frame1" not in body["keyframes"]
    uri = rig.sent[0]["outputDataConfig"]["s3OutputDataConfig"]["s3Uri"]
    assert uri == f"{S3_URI}/{job.id}/"
    assert (job.width, job.height, job.seconds) == (720, 1280, 5)


def test_luma_storyboard_longer_than_a_clip_is_condensed_with_a_note(rig: Rig) -> None:
    rig.started(model_id="luma.ray-v2:0")
    job = rig.engine("luma-ray2").submit_storyboard(storyboard(6, 6, 6), {0: picture()}, "")
    body = rig.body
    assert body["duration"] == "9s" and body["aspect_ratio"] == "16:9" and not body["loop"]
    assert "scene 0" in body["prompt"] and "scene 2" in body["prompt"]
    assert "frame0" in body["keyframes"]
    assert any("9 s" in note and "18-s storyboard" in note for note in job.notes)


def test_short_storyboard_on_luma_is_a_five_second_clip(rig: Rig) -> None:
    rig.started(model_id="luma.ray-v2:0")
    job = rig.engine("luma-ray2").submit_storyboard(storyboard(4), {}, "")
    assert rig.body["duration"] == "5s" and "keyframes" not in rig.body
    assert job.notes == []


# --- validation before any call -----------------------------------------------------------


def test_bad_bodies_fail_before_any_call(rig: Rig) -> None:
    engine = rig.engine()
    with pytest.raises(VideoRequestError, match="text"):
        engine.submit_animation(picture(), "x" * 513)
    with pytest.raises(VideoRequestError, match="multiple of 6"):
        engine.submit_prompt("a film", 14)
    with pytest.raises(VideoRequestError, match="less than or equal to 120"):
        engine.submit_prompt("a film", 126)
    with pytest.raises(VideoRequestError, match="text"):
        engine.submit_prompt("y" * 4001, 12)
    with pytest.raises(VideoRequestError, match="prompt"):
        rig.engine("luma-ray2").submit_prompt("z" * 5001, 5)
    assert rig.sent == [] and rig.jobs.pending() == []


def test_wrong_image_size_mode_or_format_is_refused() -> None:
    with pytest.raises(ValueError, match="must be 1280x720"):
        NovaImage(format="png", source=ImageSource(bytes=png_b64((640, 480))))
    with pytest.raises(ValueError, match="8-bit RGB"):
        NovaImage(format="png", source=ImageSource(bytes=png_b64((1280, 720), "RGBA")))
    with pytest.raises(ValueError, match="declared jpeg"):
        NovaImage(format="jpeg", source=ImageSource(bytes=png_b64((1280, 720))))
    with pytest.raises(ValueError, match="base64"):
        NovaImage(format="png", source=ImageSource(bytes="not base64!"))
    assert NovaImage(format="png", source=ImageSource(bytes=png_b64((1280, 720))))


def test_more_than_twenty_shots_or_a_duration_on_manual_are_refused() -> None:
    with pytest.raises(VideoRequestError, match="20"):
        nova_reel.build(MultiShotManualParams, shots=[ManualShot(text="a")] * 21)
    with pytest.raises(VideoRequestError, match="no durationSeconds"):
        nova_reel.build(
            nova_reel.MultiShotManualRequest,
            multiShotManualParams=MultiShotManualParams(shots=[ManualShot(text="a")]),
            videoGenerationConfig=nova_reel.VideoGenerationConfig(durationSeconds=6),
        )
    with pytest.raises(VideoRequestError, match="durationSeconds 6"):
        nova_reel.build(
            nova_reel.TextVideoRequest,
            textToVideoParams=nova_reel.TextToVideoParams(text="a"),
            videoGenerationConfig=nova_reel.VideoGenerationConfig(durationSeconds=12),
        )


def test_luma_limits() -> None:
    with pytest.raises(VideoRequestError, match="aspect_ratio"):
        luma.luma_request("a", aspect_ratio="2:1")
    with pytest.raises(VideoRequestError, match="duration"):
        luma.luma_request("a", duration="7s")
    with pytest.raises(VideoRequestError, match="resolution"):
        luma.luma_request("a", resolution="1080p")
    with pytest.raises(VideoRequestError, match="keyframes"):
        luma.build(luma.Keyframes)
    assert LumaRequest(prompt="a").to_body() == {
        "prompt": "a", "aspect_ratio": "16:9", "loop": False, "duration": "5s",
        "resolution": "720p",
    }


def test_long_storyboards_are_cut_to_twenty_shots() -> None:
    board = storyboard(*([12.0] * 12))  # 144 s
    request = nova_reel.multi_shot_manual(board, {}, seed=1)
    assert len(request.multiShotManualParams.shots) == 20 and request.seconds == 120
    assert "cut to 120 s" in nova_reel.storyboard_notes(board)[0]
    assert "1280x720 only" in nova_reel.storyboard_notes(storyboard(6, size="1080x1920"))[0]


def test_fit_frame_modes() -> None:
    wide = Image.new("RGB", (400, 100), (255, 0, 0))
    boxed = nova_reel.fit_frame(wide, (200, 200), "letterbox")
    covered = nova_reel.fit_frame(wide, (200, 200), "cover")
    assert boxed.size == covered.size == (200, 200)
    assert covered.getpixel((0, 0)) == (255, 0, 0)
    assert boxed.getpixel((100, 100)) == (255, 0, 0)


# --- polling and collecting ---------------------------------------------------------------


def test_poll_in_progress_then_completed_stores_the_video(rig: Rig) -> None:
    rig.started()
    engine = rig.engine()
    job = engine.submit_animation(picture(), "push in", tenant="acme", thread="t1",
                                  parents=["img_ad"], parameters={"motion": "push"})
    rig.status("InProgress")
    job = engine.poll(job)
    assert job.status == "in_progress" and job.asset_id is None
    rig.status("Completed")
    rig.video(f"renders/{job.id}/abc123def456/output.mp4")
    job = engine.poll(job)
    assert job.status == "completed" and job.asset_id
    asset = rig.assets.get(job.asset_id, tenant="acme")
    assert (asset.kind, asset.mime, asset.parents) == ("video", "video/mp4", ["img_ad"])
    assert asset.capability == "animate_image" and (asset.width, asset.height) == (1280, 720)
    assert asset.parameters["motion"] == "push" and asset.parameters["job_id"] == job.id
    assert rig.assets.read(job.asset_id) == MP4


@pytest.mark.parametrize("family", ["nova-reel", "luma-ray2"])
def test_output_is_looked_for_under_the_invocation_id_first(rig: Rig, family: str) -> None:
    model = "amazon.nova-reel-v1:1" if family == "nova-reel" else "luma.ray-v2:0"
    rig.started(model_id=model)
    engine = rig.engine(family)
    job = engine.submit_animation(picture(), "sway")
    # Bedrock writes <s3Uri>/<invocation id>/output.mp4; the flat key is the fallback.
    assert engine.output_keys(job) == [
        f"renders/{job.id}/abc123def456/output.mp4", f"renders/{job.id}/output.mp4"
    ]
    rig.status("Completed")
    rig.video(f"renders/{job.id}/abc123def456/output.mp4")
    assert engine.poll(job).status == "completed"


def test_luma_output_at_the_flat_key_is_found_after_a_404(rig: Rig) -> None:
    rig.started(model_id="luma.ray-v2:0")
    engine = rig.engine("luma-ray2")
    job = engine.submit_animation(picture(), "sway")
    rig.status("Completed")
    rig.missing()
    rig.video(f"renders/{job.id}/output.mp4")
    assert engine.poll(job).status == "completed"


def test_a_403_on_a_guessed_key_means_try_the_next_one(rig: Rig) -> None:
    # Without s3:ListBucket, S3 answers 403 AccessDenied for a key that does not exist.
    rig.started(model_id="luma.ray-v2:0")
    engine = rig.engine("luma-ray2")
    job = engine.submit_animation(picture(), "sway")
    rig.status("Completed")
    guessed = {"Bucket": "ad-videos", "Key": f"renders/{job.id}/abc123def456/output.mp4"}
    rig.storage.add_client_error("get_object", "AccessDenied", "Access Denied", 403,
                                 expected_params=guessed)
    rig.video(f"renders/{job.id}/output.mp4")
    job = engine.poll(job)
    assert job.status == "completed" and rig.assets.read(job.asset_id or "") == MP4


def test_403_on_every_key_names_the_s3_permissions(rig: Rig) -> None:
    rig.started()
    engine = rig.engine()
    job = engine.submit_animation(picture(), "push in")
    rig.status("Completed")
    rig.storage.add_client_error("get_object", "AccessDenied", "Access Denied", 403)
    rig.storage.add_client_error("get_object", "AccessDenied", "Access Denied", 403)
    with pytest.raises(ModelCallError, match="no output.mp4") as caught:
        engine.poll(job)
    assert "s3:ListBucket" in caught.value.hint and "s3:GetObject" in caught.value.hint


def test_other_s3_errors_are_not_taken_for_a_missing_key(rig: Rig) -> None:
    rig.started()
    engine = rig.engine()
    job = engine.submit_animation(picture(), "push in")
    rig.status("Completed")
    rig.storage.add_client_error("get_object", "NoSuchBucket", "no bucket", 404)
    with pytest.raises(ModelCallError, match="not found"):
        engine.poll(job)


def test_completed_without_output_raises_for_a_later_retry(rig: Rig) -> None:
    rig.started()
    engine = rig.engine()
    job = engine.submit_animation(picture(), "push in")
    rig.status("Completed")
    rig.missing()
    rig.missing()
    with pytest.raises(ModelCallError, match="no output.mp4"):
        engine.poll(job)


def test_failed_by_content_filters_is_blocked(rig: Rig) -> None:
    rig.started()
    engine = rig.engine()
    job = engine.submit_animation(picture(), "push in")
    rig.status("Failed", "The generated video has been blocked by our content filters.")
    job = engine.poll(job)
    assert job.status == "blocked" and "content filters" in job.message
    assert "Rephrase" in job.message and job.asset_id is None
    assert job.billed is False  # Bedrock does not bill a failed async invocation


def test_other_failure_is_failed_with_the_message(rig: Rig) -> None:
    rig.started()
    engine = rig.engine()
    job = engine.submit_animation(picture(), "push in")
    rig.status("Failed", "Internal rendering error")
    job = engine.poll(job)
    assert job.status == "failed" and "Internal rendering error" in job.message
    assert job.billed is False  # Bedrock does not bill a failed async invocation


def test_poll_leaves_finished_jobs_alone(rig: Rig) -> None:
    job = VideoJob(kind="animation", engine="nova-reel", model_id="m", status="completed")
    assert rig.engine().poll(job) is job


# --- errors, retries, idempotency ---------------------------------------------------------


def test_model_timeout_is_retried_with_the_same_token(rig: Rig) -> None:
    rig.fail("start_async_invoke", "ModelTimeoutException", "timed out", 408)
    rig.started()
    job = rig.engine().submit_animation(picture(), "push in")
    assert job.status == "in_progress" and job.invocation_arn == ARN
    assert len(rig.sent) == 2
    tokens = {sent["clientRequestToken"] for sent in rig.sent}
    assert tokens == {job.client_token}
    # the job and its token were in the store before each call
    for pending in rig.stored_at_call:
        assert [(j.id, j.client_token, j.status) for j in pending] == [
            (job.id, job.client_token, "submitting")
        ]
    assert rig.sleeps == [5.0]


def test_model_timeout_every_time_gives_up(rig: Rig) -> None:
    for _ in range(3):
        rig.fail("start_async_invoke", "ModelTimeoutException", "timed out", 408)
    with pytest.raises(ModelCallError, match="timing out"):
        rig.engine().submit_animation(picture(), "push in")
    assert len(rig.sent) == 3 and rig.sleeps == [5.0, 10.0]


def test_access_denied_is_a_capability_error_with_an_iam_hint(rig: Rig) -> None:
    rig.fail("start_async_invoke", "AccessDeniedException", "not authorized", 403)
    with pytest.raises(CapabilityError) as caught:
        rig.engine().submit_animation(picture(), "push in", thread="t1")
    assert "bedrock:StartAsyncInvoke" in caught.value.hint
    assert "ADSTUDIO_VIDEO_S3_URI" in caught.value.hint
    [job] = rig.jobs.for_thread("t1")
    assert job.status == "failed" and "denied" in job.message
    assert rig.jobs.undelivered("t1") == []  # the caller already reported it
    assert rig.jobs.pending() == []


def test_validation_about_s3_hints_at_the_setting(rig: Rig) -> None:
    rig.fail("start_async_invoke", "ValidationException", "Invalid S3 output location")
    with pytest.raises(ModelCallError) as caught:
        rig.engine().submit_prompt("a film", 12)
    assert "ADSTUDIO_VIDEO_S3_URI" in caught.value.hint


def test_blocked_prompt_on_submit(rig: Rig) -> None:
    rig.fail("start_async_invoke", "ValidationException",
             "This request has been blocked by our content filters.")
    with pytest.raises(ContentFilteredError):
        rig.engine().submit_prompt("a film", 12)


def test_access_denied_while_polling_raises_for_the_poller(rig: Rig) -> None:
    rig.started()
    engine = rig.engine()
    job = engine.submit_animation(picture(), "push in")
    rig.fail("get_async_invoke", "AccessDeniedException", "no", 403)
    with pytest.raises(ModelCallError, match="denied"):
        engine.poll(job)


class NoAnswer:
    """A bedrock-runtime stand-in whose submit never gets an answer."""

    def start_async_invoke(self, **_: Any) -> dict[str, Any]:
        raise EndpointConnectionError(endpoint_url="https://bedrock-runtime")


def test_unanswered_submit_keeps_the_job_for_recovery(tmp_path: Path) -> None:
    jobs = VideoJobStore(tmp_path / "jobs.sqlite")
    engine = BedrockVideoJobs(NoAnswer(), None, "nova-reel", "amazon.nova-reel-v1:1", S3_URI,
                              jobs, AssetStore(tmp_path / "assets"))
    with pytest.raises(ModelCallError, match="Could not confirm"):
        engine.submit_prompt("a film", 12)
    [job] = jobs.pending()
    assert job.status == "submitting" and job.invocation_arn is None


def test_unconfirmed_submit_is_found_by_its_token(rig: Rig) -> None:
    job = rig.jobs.create(VideoJob(kind="animation", engine="nova-reel", model_id="m",
                                   output_uri=f"{S3_URI}/x"))
    other = {"invocationArn": ARN.replace("abc", "zzz"), "modelArn": MODEL_ARN,
             "clientRequestToken": "someone-else", "submitTime": job.created,
             "outputDataConfig": {"s3OutputDataConfig": {"s3Uri": S3_URI}}}
    mine = {**other, "invocationArn": ARN, "clientRequestToken": job.client_token}
    rig.bedrock.add_response(
        "list_async_invokes", {"asyncInvokeSummaries": [other, mine]},
        {"submitTimeAfter": ANY, "sortBy": "SubmissionTime", "sortOrder": "Descending"},
    )
    found = rig.engine().poll(job)
    assert found.status == "in_progress" and found.invocation_arn == ARN


def test_never_started_submit_fails_after_the_grace_period(rig: Rig) -> None:
    old = datetime.now(UTC) - timedelta(hours=1)
    job = rig.jobs.create(VideoJob(kind="animation", engine="nova-reel", model_id="m",
                                   created=old))
    rig.bedrock.add_response("list_async_invokes", {"asyncInvokeSummaries": []}, None)
    failed = rig.engine().poll(job)
    assert failed.status == "failed" and "never reached" in failed.message
    assert failed.billed is False


# --- configuration, pricing, summaries ----------------------------------------------------


def test_s3_uri_and_family_are_checked(rig: Rig) -> None:
    assert parse_s3_uri("s3://bucket-1/a/b/") == ("bucket-1", "a/b")
    assert parse_s3_uri("s3://bucket-1") == ("bucket-1", "")
    with pytest.raises(ConfigurationError, match="S3"):
        BedrockVideoJobs(rig.runtime, rig.s3, "nova-reel", "m", "https://x", rig.jobs, rig.assets)
    with pytest.raises(ConfigurationError, match="family"):
        BedrockVideoJobs(rig.runtime, rig.s3, "sora", "m", S3_URI,  # type: ignore[arg-type]
                         rig.jobs, rig.assets)


def test_estimate_usd(rig: Rig) -> None:
    assert rig.engine().estimate_usd(6) == pytest.approx(0.48)
    assert rig.engine().estimate_usd(120) == pytest.approx(9.6)
    custom = BedrockVideoJobs(rig.runtime, rig.s3, "luma-ray2", "luma.ray-v2:0", S3_URI,
                              rig.jobs, rig.assets, price_per_second_usd=0.75)
    assert custom.estimate_usd(9) == pytest.approx(6.75)


def test_summaries_hold_no_base64() -> None:
    body = {"a": [{"image": {"source": {"bytes": "QUJD" * 100}}}], "data": "QUJD", "text": "hi"}
    assert summarize_request(body) == {
        "a": [{"image": {"source": {"bytes": "<base64, 400 chars>"}}}],
        "data": "<base64, 4 chars>",
        "text": "hi",
    }


def test_strip_negations_and_clip() -> None:
    assert nova_reel.strip_negations("A mug on oak, no text, steam rising.") == (
        "A mug on oak, steam rising."
    )
    assert nova_reel.clip_text("one two three", 9) == "one two"


def test_settings_resolve_the_video_engine() -> None:
    assert Settings(engine="bedrock").resolved_video_engine == "local"
    remote = Settings(engine="bedrock", video_s3_uri="s3://ad-videos/renders")
    assert remote.resolved_video_engine == "luma-ray2"  # the live model (issue 21)
    assert remote.model_ids()["video"] == "luma.ray-v2:0"
    assert Settings(video_s3_uri="s3://ad-videos").resolved_video_engine == "local"
    chosen = Settings(video_engine="nova-reel", video_s3_uri="s3://ad-videos")
    assert chosen.model_ids()["video"] == "amazon.nova-reel-v1:1"
    assert "video" not in Settings().model_ids()
    with pytest.raises(ValueError):
        Settings(video_s3_uri="ad-videos/renders")



class RefusesParams:
    """A bedrock-runtime stand-in whose client-side parameter validation fails."""

    def start_async_invoke(self, **_: Any) -> dict[str, Any]:
        raise ParamValidationError(report="Invalid length for parameter outputDataConfig")


def test_params_botocore_refuses_fail_the_job_at_once(tmp_path: Path) -> None:
    jobs = VideoJobStore(tmp_path / "jobs.sqlite")
    engine = BedrockVideoJobs(RefusesParams(), None, "nova-reel", "amazon.nova-reel-v1:1",
                              S3_URI, jobs, AssetStore(tmp_path / "assets"))
    with pytest.raises(ModelCallError, match="not valid") as caught:
        engine.submit_prompt("a film", 12, thread="t1")
    assert "ADSTUDIO_VIDEO_S3_URI" in caught.value.hint
    assert jobs.pending() == [] and jobs.for_thread("t1")[0].status == "failed"


def real_mp4(tmp_path: Path) -> bytes:
    """A 12-frame MP4 written by the local encoder."""
    import numpy as np

    from engines.local.encoding.encode import write_video

    frames = (np.full((64, 96, 3), 20 * i, dtype=np.uint8) for i in range(12))
    return write_video(frames, total=12, fps=24, out_dir=tmp_path, stem="v",
                       preview=False).mp4.read_bytes()


@pytest.mark.parametrize("action", ["GUARDRAIL_INTERVENED", "NONE"])
def test_the_guardrail_screens_a_finished_videos_frames(
    rig: Rig, tmp_path: Path, action: str
) -> None:
    from engines.bedrock.guardrail import BedrockGuardrail

    client = make_client("bedrock-runtime")
    sent: list[dict[str, Any]] = []
    client.meta.events.register("provide-client-params.bedrock-runtime.ApplyGuardrail",
                                lambda params, **_: sent.append(params))
    assessments = [{"contentPolicy": {"filters": [
        {"type": "VIOLENCE", "confidence": "HIGH", "action": "BLOCKED", "detected": True}]}}]
    usage = {"topicPolicyUnits": 0, "contentPolicyUnits": 1, "wordPolicyUnits": 0,
             "sensitiveInformationPolicyUnits": 0, "sensitiveInformationPolicyFreeUnits": 0,
             "contextualGroundingPolicyUnits": 0}
    rig.started()
    engine = rig.engine()
    job = engine.submit_animation(picture(), "push in", tenant="acme", thread="t1")
    rig.status("Completed")
    rig.video(f"renders/{job.id}/abc123def456/output.mp4", real_mp4(tmp_path))
    with Stubber(client) as guard:
        guard.add_response("apply_guardrail", {
            "usage": usage, "action": action, "outputs": [],
            "assessments": assessments if action != "NONE" else [],
        })
        engine.guardrail = BedrockGuardrail(client, "gr-1", "2")
        done = engine.poll(job)
    [request] = sent
    assert request["source"] == "OUTPUT" and len(request["content"]) == 3  # first, middle, last
    if action == "NONE":
        assert done.status == "completed" and done.asset_id
    else:
        assert done.status == "blocked" and done.asset_id is None
        assert "guardrail blocked the video's frames" in done.message
        assert not rig.assets.list(tenant="acme")


# --- the AI label on the model's video (issue 26) ------------------------------------------


def scene_mp4(tmp_path: Path, size: tuple[int, int] = (320, 180), count: int = 12) -> bytes:
    """A small MP4 by the local encoder: a diagonal gradient whose shade changes every frame."""
    import numpy as np

    from engines.local.encoding.encode import write_video

    width, height = size
    ramp = np.add.outer(np.arange(height), np.arange(width)) * 120 // (width + height)

    def frame(i: int) -> Any:
        shade = (ramp + 40 + 6 * i).astype(np.uint8)
        return np.dstack([shade, shade // 2 + 60, 230 - shade])

    return write_video((frame(i) for i in range(count)), total=count, fps=24,
                       out_dir=tmp_path / "scene", stem="v", preview=False).mp4.read_bytes()


def toned_mp4(tmp_path: Path, size: tuple[int, int] = (320, 180), seconds: float = 0.5) -> bytes:
    """A small MP4 with a 440 Hz tone on its audio track (video by the local encoder)."""
    from fractions import Fraction

    import av
    import numpy as np

    silent = tmp_path / "toned-silent.mp4"
    silent.write_bytes(scene_mp4(tmp_path, size, round(seconds * 24)))
    out = tmp_path / "toned.mp4"
    with av.open(str(silent)) as source, av.open(str(out), "w", format="mp4") as dst:
        video = dst.add_stream_from_template(source.streams.video[0])
        audio = dst.add_stream("aac", rate=48_000)
        audio.layout = "mono"
        for packet in source.demux(source.streams.video[0]):
            if packet.dts is not None:
                packet.stream = video
                dst.mux(packet)
        t = np.arange(round(seconds * 48_000)) / 48_000
        tone = (0.4 * np.sin(2 * np.pi * 440 * t)).astype(np.float32)
        for start in range(0, len(tone), 1024):
            chunk = av.AudioFrame.from_ndarray(tone[None, start:start + 1024], format="fltp",
                                               layout="mono")
            chunk.sample_rate, chunk.pts, chunk.time_base = 48_000, start, Fraction(1, 48_000)
            for packet in audio.encode(chunk):
                dst.mux(packet)
        for packet in audio.encode():
            dst.mux(packet)
    return out.read_bytes()


def rgb_frames(data: bytes) -> list[Any]:
    import av

    with av.open(io.BytesIO(data)) as container:
        return [f.to_ndarray(format="rgb24") for f in container.decode(video=0)]


def audio_rms(data: bytes) -> float:
    import av
    import numpy as np

    with av.open(io.BytesIO(data)) as container:
        if not container.streams.audio:
            return -1.0
        samples = [f.to_ndarray().astype(np.float64).ravel() for f in container.decode(audio=0)]
    return float(np.sqrt(np.mean(np.concatenate(samples) ** 2)))


def finish(rig: Rig, engine: BedrockVideoJobs, job: VideoJob, data: bytes) -> VideoJob:
    rig.status("Completed")
    rig.video(f"renders/{job.id}/abc123def456/output.mp4", data)
    return engine.poll(job)


def test_a_due_label_is_drawn_at_one_place_on_every_frame_of_the_models_video(
    rig: Rig, tmp_path: Path
) -> None:
    import numpy as np

    from engines.local.encoding.encode import probe

    source = scene_mp4(tmp_path)
    rig.started()
    engine = rig.engine()
    job = engine.submit_animation(picture(), "push in", tenant="acme", thread="t1",
                                  label="AI-generated")
    assert rig.jobs.get(job.id).label == "AI-generated"  # kept with the job until it ends
    done = finish(rig, engine, job, source)
    assert done.status == "completed" and done.asset_id and done.message == ""
    stored = rig.assets.read(done.asset_id)
    assert stored != source
    (tmp_path / "a.mp4").write_bytes(source)
    (tmp_path / "b.mp4").write_bytes(stored)
    before, after = probe(tmp_path / "a.mp4"), probe(tmp_path / "b.mp4")
    assert (after.width, after.height, after.fps, after.frames) == (
        before.width, before.height, before.fps, before.frames)
    assert after.codec == "h264" and after.faststart
    # the pill: where a frame differs from the model's; the same box on every frame, although
    # the picture under it changes from frame to frame
    boxes = []
    for old, new in zip(rgb_frames(source), rgb_frames(stored), strict=True):
        changed = np.abs(old.astype(int) - new.astype(int)).max(axis=2) > 48
        rows, cols = np.nonzero(changed)
        boxes.append((cols.min(), rows.min(), cols.max() + 1, rows.max() + 1))
        outside = np.ones(changed.shape, bool)
        outside[rows.min():rows.max() + 1, cols.min():cols.max() + 1] = False
        assert np.abs(old.astype(int) - new.astype(int))[outside].mean() < 5  # kept, re-encoded
    spread = np.ptp(np.array(boxes), axis=0)
    assert spread.max() <= 1, boxes  # (its soft edge shows more or less on each picture)
    x0, y0, x1, y1 = np.median(np.array(boxes), axis=0)
    # in the bottom-left corner of the 16:9 safe zone (5% in from the sides, 6% from the bottom)
    assert abs(x0 - 0.05 * 320) <= 2 and abs(y1 - 0.94 * 180) <= 2
    assert 14 <= y1 - y0 <= 20 and x1 - x0 > 3 * (y1 - y0)  # a pill, one line of text tall
    assert rig.assets.get(done.asset_id, tenant="acme").parameters["ai_label"] == "AI-generated"


def test_the_models_sound_is_kept_under_the_label(rig: Rig, tmp_path: Path) -> None:
    source = toned_mp4(tmp_path)
    assert audio_rms(source) > 0.2
    rig.started()
    engine = rig.engine()
    job = engine.submit_animation(picture(), "push in", tenant="acme", label="AI-generated")
    done = finish(rig, engine, job, source)
    stored = rig.assets.read(str(done.asset_id))
    assert stored != source and audio_rms(stored) > 0.2  # the tone, not a silent track


def test_a_video_that_cannot_be_decoded_is_stored_as_made_and_the_label_said_left_out(
    rig: Rig,
) -> None:
    rig.started()
    engine = rig.engine()
    job = engine.submit_animation(picture(), "push in", tenant="acme", label="KI-generiert")
    done = finish(rig, engine, job, MP4)
    assert done.status == "completed" and rig.assets.read(str(done.asset_id)) == MP4
    assert "'KI-generiert' left out" in done.message
    stored = rig.assets.get(str(done.asset_id), tenant="acme")
    assert "ai_label" not in stored.parameters
    assert "'KI-generiert' left out" in stored.caption  # what the chat shows of the video


def test_any_failure_while_labelling_keeps_the_models_video(
    rig: Rig, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the video was paid for: an unforeseen error while drawing the label stores it as made
    import engines.bedrock.video.jobs as jobs

    def broken(data: bytes, text: str, work_dir: Path) -> bytes:
        raise RuntimeError("encoder crashed")

    monkeypatch.setattr(jobs, "label_video", broken)
    source = scene_mp4(tmp_path)
    rig.started()
    engine = rig.engine()
    job = engine.submit_animation(picture(), "push in", tenant="acme", label="KI-generiert")
    done = finish(rig, engine, job, source)
    assert done.status == "completed" and rig.assets.read(str(done.asset_id)) == source
    assert "'KI-generiert' left out" in done.message


def test_without_a_label_the_models_video_is_stored_as_made(rig: Rig, tmp_path: Path) -> None:
    source = scene_mp4(tmp_path)
    rig.started()
    engine = rig.engine()
    job = engine.submit_storyboard(storyboard(6), {}, tenant="acme")
    done = finish(rig, engine, job, source)
    assert rig.assets.read(str(done.asset_id)) == source and done.message == ""


def test_the_models_own_content_credentials_are_named_on_the_labelled_video(
    rig: Rig, tmp_path: Path
) -> None:
    # drawing the label makes a new file: the manifest the model signed its clip with is
    # not in it, so the stored video names it (adstudio's manifest then describes the file)
    from core.provenance.identity import local_identity
    from core.provenance.manifest import ManifestFacts, ManifestSigner

    theirs = ManifestSigner(local_identity(tmp_path / "model-provider")).sign(
        scene_mp4(tmp_path), "video/mp4", ManifestFacts(
            title="clip.mp4", tool="text-to-video", engine="bedrock",
            source_type="http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"))
    rig.started()
    engine = rig.engine()
    job = engine.submit_animation(picture(), "push in", tenant="acme", label="AI-generated")
    done = finish(rig, engine, job, theirs.data)
    stored = rig.assets.get(str(done.asset_id), tenant="acme")
    assert stored.parameters["ai_label"] == "AI-generated"
    assert stored.parameters["model_manifest"] == theirs.label


def test_the_labelled_copy_keeps_the_models_video_bitrate(tmp_path: Path) -> None:
    # the model's 6 Mbps clip must not come back at the encoder's clean rate (~0.5 Mbps
    # at this size): softer, and under a placement's floor the model's file met
    import av
    import numpy as np

    from engines.local.encoding.encode import write_video
    from engines.local.video.relabel import label_video

    rng = np.random.default_rng(7)
    frames = (rng.integers(0, 255, (360, 640, 3), dtype=np.uint8) for _ in range(24))
    source = write_video(frames, total=24, fps=24, out_dir=tmp_path / "src", stem="v",
                         preview=False, min_kbps=6000).mp4.read_bytes()

    def kbps(data: bytes) -> float:
        with av.open(io.BytesIO(data)) as container:
            stream = container.streams.video[0]
            size = sum(p.size for p in container.demux(stream))
        return 8 * size / 1.0 / 1000

    labelled = label_video(source, "AI-generated", tmp_path / "work")
    assert kbps(source) > 5000
    assert kbps(labelled) >= 0.9 * kbps(source)


def test_a_23_976_fps_video_from_the_model_is_stored_labelled(rig: Rig, tmp_path: Path) -> None:
    # NTSC rates are rational (24000/1001): the label is drawn, the rate and frames kept
    from fractions import Fraction

    from engines.local.encoding.encode import probe
    from tests.unit.engines.local.video.test_relabel import model_mp4

    source = model_mp4(tmp_path / "ntsc.mp4", Fraction(24000, 1001))
    rig.started()
    engine = rig.engine()
    job = engine.submit_animation(picture(), "push in", tenant="acme", label="AI-generated")
    done = finish(rig, engine, job, source)
    assert done.status == "completed" and done.message == ""
    stored = rig.assets.read(str(done.asset_id))
    assert stored != source
    (tmp_path / "b.mp4").write_bytes(stored)
    after = probe(tmp_path / "b.mp4")
    assert after.frames == 12 and after.fps == pytest.approx(24000 / 1001, abs=1e-6)
    assert rig.assets.get(str(done.asset_id), tenant="acme").parameters["ai_label"] == (
        "AI-generated")


def test_a_sound_track_that_cannot_be_kept_keeps_the_models_video_and_says_why(
    rig: Rig, tmp_path: Path
) -> None:
    # the labelled picture without the paid-for sound would lose content silently
    from tests.unit.engines.local.video.test_relabel import toned_mov, undecodable_sound

    source = undecodable_sound(toned_mov(tmp_path / "model.mov"))
    rig.started()
    engine = rig.engine()
    job = engine.submit_animation(picture(), "push in", tenant="acme", label="AI-generated")
    done = finish(rig, engine, job, source)
    assert done.status == "completed" and rig.assets.read(str(done.asset_id)) == source
    assert "'AI-generated' left out" in done.message
    assert "sound" in done.message  # the reason, not a generic one
    stored = rig.assets.get(str(done.asset_id), tenant="acme")
    assert "ai_label" not in stored.parameters and "sound" in stored.caption


def test_the_labelled_videos_manifest_holds_the_models_clip_and_its_manifest(
    rig: Rig, tmp_path: Path
) -> None:
    # C2PA's way: the model's file is the parent ingredient of adstudio's manifest, so the
    # model's own manifest travels inside the labelled file's manifest store
    import hashlib

    from core.provenance.identity import local_identity
    from core.provenance.manifest import ManifestFacts, ManifestSigner
    from core.provenance.reader import read_provenance
    from tools.provenance import MarkedAssetStore

    theirs = ManifestSigner(local_identity(tmp_path / "model-provider")).sign(
        scene_mp4(tmp_path), "video/mp4", ManifestFacts(
            title="output.mp4", tool="text-to-video", engine="bedrock",
            source_type="http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"))
    rig.assets = MarkedAssetStore(tmp_path / "signed", lambda: local_identity(tmp_path / "ours"))
    rig.started()
    engine = rig.engine()
    job = engine.submit_animation(picture(), "push in", tenant="acme", label="AI-generated")
    done = finish(rig, engine, job, theirs.data)
    assert done.message == ""
    seen = read_provenance(rig.assets.read(str(done.asset_id)), "video/mp4")
    assert seen.state == "valid"
    (parent,) = [i for i in seen.ingredients if i.relationship == "parentOf"]
    assert parent.manifest == theirs.label and parent.signed
    assert parent.sha256 == hashlib.sha256(theirs.data).hexdigest()
    assert [a.action for a in seen.actions] == ["c2pa.opened", "c2pa.edited"]
