"""Remote video on Bedrock: submit Nova Reel / Luma Ray2 jobs, poll them, collect the MP4.

:class:`BedrockVideoJobs` is the ``Engines.video_jobs`` engine. A submit:

1. builds and validates the model body (``nova_reel`` / ``luma``) — a bad body fails here;
2. stores a :class:`~core.storage.jobs.VideoJob` (status ``submitting``) holding our own
   ``clientRequestToken``, *before* the call, so a retried or resumed submit is idempotent;
3. calls ``start_async_invoke`` with the job's own S3 prefix (``<s3_uri>/<job id>``, so
   outputs never collide) and records the ARN (status ``in_progress``).

:meth:`BedrockVideoJobs.poll` (called by :class:`~core.storage.jobs.JobPoller`) checks
``get_async_invoke``; on ``Completed`` it downloads ``output.mp4`` with ``s3.get_object``
and stores it in the :class:`~core.storage.assets.AssetStore` (kind ``video``, ``video/mp4``),
with the AI label the job carries drawn on every frame (``VideoJob.label``);
on ``Failed`` a content-filter message makes the job ``blocked``, anything else ``failed``,
and the job is marked not billed (``VideoJob.billed``: Bedrock does not charge a failed
async invocation), so the agent can take its price out of the cost ledger.

Errors (``BEDROCK.md``, "Errors and retries"): ``ModelTimeoutException`` is retried here
(botocore does not); throttling and 5xx are left to the client's adaptive retries (build
the client with ``Config(retries={"mode": "adaptive", ...})``); validation, access and
not-found errors become a :class:`~core.errors.CapabilityError` with a hint.
"""

from __future__ import annotations

import logging
import re
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any, Literal

from botocore.exceptions import BotoCoreError, ClientError, ParamValidationError
from PIL import Image

from core.errors import CapabilityError, ConfigurationError
from core.provenance.reader import manifest_label
from core.schemas import Storyboard
from core.storage.assets import AssetStore
from core.storage.jobs import JobKind, VideoJob, VideoJobStore, utcnow
from engines.bedrock.guardrail import BedrockGuardrail
from engines.bedrock.invoke import CONTENT_FILTER_MARKER, ContentFilteredError, ModelCallError
from engines.bedrock.video import luma, nova_reel
from engines.bedrock.video.luma import LumaRequest, Resolution
from engines.bedrock.video.nova_reel import FitMode, NovaReelRequest
from engines.local.encoding.encode import sample_frames
from engines.local.video.relabel import SoundNotKept, label_left_out, label_video

log = logging.getLogger(__name__)

VideoFamily = Literal["nova-reel", "luma-ray2"]
FAMILIES: tuple[VideoFamily, ...] = ("nova-reel", "luma-ray2")

S3_URI = re.compile(r"^s3://([a-z0-9][.\-a-z0-9]{1,61}[a-z0-9])(/.*)?$")
OUTPUT_NAME = "output.mp4"
DEFAULT_PRICES: dict[str, float] = {
    "nova-reel": nova_reel.PRICE_PER_SECOND_USD,
    "luma-ray2": luma.PRICE_PER_SECOND_USD,
}
"""USD per second of video (Nova Reel secondhand; Luma UNCONFIRMED, upper bound)."""

IAM_HINT = (
    "Check that the IAM identity allows bedrock:InvokeModel, bedrock:StartAsyncInvoke, "
    "bedrock:GetAsyncInvoke and bedrock:ListAsyncInvokes on the video model, and "
    "s3:PutObject, s3:GetObject and s3:ListBucket on the bucket of ADSTUDIO_VIDEO_S3_URI "
    "(without s3:ListBucket S3 answers 403, not 404, for a video not written yet); also "
    "that model access is enabled in the Bedrock console for ADSTUDIO_VIDEO_REGION."
)
S3_HINT = (
    "Check ADSTUDIO_VIDEO_S3_URI: an s3://bucket/prefix in the same region as the video "
    "model (ADSTUDIO_VIDEO_REGION) that Bedrock may write to."
)
BLOCKED_MESSAGE = (
    "The video model's content filters blocked the generated video. Rephrase the "
    "description (or use a different image) and try again."
)
MISSING_CODES = frozenset({"NoSuchKey", "404", "AccessDenied", "403"})
"""S3 answers to a guessed key that mean "try the next one": without s3:ListBucket, S3
answers 403 (AccessDenied) rather than 404 for a key that does not exist."""
OUTPUT_HINT = (
    "It is looked for again at the next poll. If it never appears, check that the IAM "
    "identity has s3:GetObject and s3:ListBucket on the bucket (without s3:ListBucket S3 "
    "answers 403 for a missing key); "
)
CAPABILITIES: dict[str, str] = {"animation": "animate_image", "storyboard": "generate_video"}
"""Capability recorded on the stored video by default, per job kind."""


class VideoOutputMissing(ModelCallError):
    """The job completed but its MP4 was not found in S3 (yet)."""


def parse_s3_uri(uri: str) -> tuple[str, str]:
    """Split ``s3://bucket/prefix`` into bucket and prefix (no slashes around the prefix).

    Args:
        uri: The S3 URI.

    Returns:
        (bucket, prefix); the prefix may be empty.

    Raises:
        ConfigurationError: When ``uri`` is not an ``s3://bucket[/prefix]`` URI.
    """
    match = S3_URI.match(uri.strip())
    if not match:
        raise ConfigurationError(
            f"'{uri}' is not an S3 location for video output.", hint=S3_HINT
        )
    return match.group(1), (match.group(2) or "").strip("/")


def summarize_request(body: Any) -> Any:
    """A copy of a request body with every base64 blob replaced by a short placeholder.

    Args:
        body: A JSON-ready request body (dicts, lists, scalars).

    Returns:
        The same structure, small enough to store with a job.
    """
    if isinstance(body, Mapping):
        return {
            key: f"<base64, {len(value)} chars>"
            if key in ("bytes", "data") and isinstance(value, str)
            else summarize_request(value)
            for key, value in body.items()
        }
    if isinstance(body, list):
        return [summarize_request(item) for item in body]
    return body


def _error_code(exc: ClientError) -> str:
    """The AWS error code of a ``ClientError`` ("" when missing)."""
    return str(exc.response.get("Error", {}).get("Code", ""))


def _error_message(exc: ClientError) -> str:
    """The AWS error message of a ``ClientError`` ("" when missing)."""
    return str(exc.response.get("Error", {}).get("Message", ""))


def map_video_error(exc: ClientError, model_id: str) -> CapabilityError:
    """Turn a botocore error from a video call into a user-facing error with a hint.

    Args:
        exc: The error botocore raised.
        model_id: The video model id (named in messages).

    Returns:
        The error to raise.
    """
    code, message = _error_code(exc), _error_message(exc)
    lowered = message.lower()
    if code == "ValidationException" and CONTENT_FILTER_MARKER in lowered:
        return ContentFilteredError(
            "The video model's content filters blocked the request.",
            hint="Rephrase the description or use a different image and try again.",
        )
    if code == "ValidationException":
        hint = S3_HINT if "s3" in lowered or "output" in lowered else (
            "Change the parameters the message names; " + S3_HINT
        )
        return ModelCallError(f"The video model {model_id} rejected the request: {message}", hint)
    if code in ("AccessDeniedException", "AccessDenied"):
        return ModelCallError(f"Access was denied for the video model {model_id}: {message}",
                              IAM_HINT)
    if code in ("ResourceNotFoundException", "NoSuchBucket"):
        return ModelCallError(
            f"The video model {model_id} or its output location was not found: {message}",
            "Check ADSTUDIO_NOVA_REEL_MODEL_ID / ADSTUDIO_LUMA_MODEL_ID and "
            "ADSTUDIO_VIDEO_REGION (Luma Ray2 is offered in us-west-2); " + S3_HINT,
        )
    if code == "ServiceQuotaExceededException":
        return ModelCallError(
            f"Too many video jobs are running on {model_id}: {message}",
            "Wait for a running video to finish, or ask AWS for a higher quota.",
        )
    if code == "ModelTimeoutException":
        return ModelCallError(
            f"The video model {model_id} kept timing out.", "Try again in a few minutes."
        )
    if code == "ThrottlingException":
        return ModelCallError(
            f"The video model {model_id} is busy (throttled).", "Try again in a minute."
        )
    return ModelCallError(
        f"The video model {model_id} failed ({code or 'unknown error'}): {message}",
        "Try again in a moment; if it keeps failing, check the service quotas and status.",
    )


class BedrockVideoJobs:
    """Nova Reel or Luma Ray2 video jobs on Bedrock, persisted in a :class:`VideoJobStore`.

    Args:
        runtime_client: A boto3 ``bedrock-runtime`` client in the model's region (adaptive
            retries recommended).
        s3_client: A boto3 ``s3`` client that can read the output bucket.
        family: ``nova-reel`` or ``luma-ray2``.
        model_id: The model id, from settings.
        s3_uri: ``s3://bucket/prefix`` where outputs land (``ADSTUDIO_VIDEO_S3_URI``).
        job_store: Where jobs are persisted.
        asset_store: Where finished videos are stored.
        price_per_second_usd: Price used by :meth:`estimate_usd`; ``None`` takes the
            family's default (Nova Reel $0.08 secondhand; Luma UNCONFIRMED $1.50 at 720p).
        first_poll_seconds: Delay before a new job's first poll (the poller's initial delay).
        timeout_retries: How many times a ``ModelTimeoutException`` on submit is retried.
        retry_wait_seconds: Pause before such a retry (doubled each time).
        luma_resolution: ``540p`` or ``720p`` for Luma clips.
        fit: How images are fitted to the video frame: ``letterbox`` or ``cover``.
        submit_grace_seconds: How long a job whose submit was never confirmed is looked for
            (``list_async_invokes``) before it is marked failed.
        sleep: The pause function (tests pass a recorder instead of sleeping).

    Raises:
        ConfigurationError: When ``family`` or ``s3_uri`` is not valid.
    """

    def __init__(
        self,
        runtime_client: Any,
        s3_client: Any,
        family: VideoFamily,
        model_id: str,
        s3_uri: str,
        job_store: VideoJobStore,
        asset_store: AssetStore,
        *,
        price_per_second_usd: float | None = None,
        first_poll_seconds: float = 15.0,
        timeout_retries: int = 2,
        retry_wait_seconds: float = 5.0,
        luma_resolution: Resolution = "720p",
        fit: FitMode = "letterbox",
        submit_grace_seconds: float = 600.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if family not in FAMILIES:
            raise ConfigurationError(
                f"Unknown video model family '{family}'.", hint="Use nova-reel or luma-ray2."
            )
        self.runtime = runtime_client
        self.s3 = s3_client
        self.family: VideoFamily = family
        self.name: str = family
        self.model_id = model_id
        self.bucket, self.prefix = parse_s3_uri(s3_uri)
        self.jobs = job_store
        self.assets = asset_store
        self.price_per_second_usd = (
            DEFAULT_PRICES[family] if price_per_second_usd is None else price_per_second_usd
        )
        self.first_poll_seconds = first_poll_seconds
        self.timeout_retries = timeout_retries
        self.retry_wait_seconds = retry_wait_seconds
        self.luma_resolution: Resolution = luma_resolution
        self.fit: FitMode = fit
        self.submit_grace_seconds = submit_grace_seconds
        self.sleep = sleep
        self.guardrail: BedrockGuardrail | None = None

    # --- pricing ---------------------------------------------------------------------------

    def estimate_usd(self, seconds: float) -> float:
        """Estimated price of ``seconds`` of video (confirm prices before paid work).

        Args:
            seconds: Length of the video.

        Returns:
            USD, rounded to cents.
        """
        return round(max(seconds, 0.0) * self.price_per_second_usd, 2)

    # --- submitting ------------------------------------------------------------------------

    def submit_animation(
        self,
        first_frame: Image.Image,
        prompt: str,
        *,
        tenant: str = "default",
        thread: str = "",
        parents: Sequence[str] = (),
        parameters: Mapping[str, Any] | None = None,
        seed: int | None = None,
        capability: str | None = None,
        label: str | None = None,
    ) -> VideoJob:
        """Start a live image: a short clip that starts from (and moves) an ad image.

        Nova Reel: TEXT_VIDEO, 6 s at 1280x720 with ``first_frame`` as starting image.
        Luma Ray2: a looping 5-s clip (``loop: true``) with ``first_frame`` as ``frame0``,
        at the aspect ratio nearest the image's.

        Args:
            first_frame: The ad image (fitted to the video frame).
            prompt: The motion wanted ("slow push-in, steam rising from the cup").
            tenant: Tenant that owns the job and the video.
            thread: Conversation thread to deliver the result to.
            parents: Asset ids the video is made from (recorded on the stored video).
            parameters: Parameters recorded on the stored video.
            seed: Nova Reel seed (``None``: random, recorded in the request summary).
            capability: Capability recorded on the video (default ``animate_image``).
            label: The visible AI label to draw on the video when it arrives (None: none).

        Returns:
            The job, ``in_progress``.

        Raises:
            VideoRequestError: Before any call, when the request breaks the model's limits.
            ContentFilteredError: When the content filters refused the prompt or image.
            ModelCallError: When Bedrock refused the job (hint included).
        """
        if self.family == "nova-reel":
            request: NovaReelRequest | LumaRequest = nova_reel.text_video(
                prompt, first_frame, seed, self.fit
            )
            notes = _nova_frame_notes(first_frame)
        else:
            aspect = luma.nearest_aspect(*first_frame.size)
            request = luma.luma_request(
                prompt, first_frame=first_frame, aspect_ratio=aspect, loop=True,
                duration="5s", resolution=self.luma_resolution, fit=self.fit,
            )
            notes = []
        return self._submit(
            "animation", request, notes, tenant=tenant, thread=thread, parents=parents,
            parameters=parameters, capability=capability, label=label,
        )

    def submit_storyboard(
        self,
        storyboard: Storyboard,
        frames: Mapping[int, Image.Image],
        prompt: str = "",
        *,
        tenant: str = "default",
        thread: str = "",
        parents: Sequence[str] = (),
        parameters: Mapping[str, Any] | None = None,
        seed: int | None = None,
        capability: str | None = None,
        label: str | None = None,
    ) -> VideoJob:
        """Start a storyboard video.

        Nova Reel: MULTI_SHOT_MANUAL, one 6-s shot per 6 s of storyboard (at most 20),
        each shot's text from the storyboard shots' descriptions and themes.
        Luma Ray2: one clip (5 s, or 9 s when the storyboard is longer than 5 s) from
        all the shots' descriptions, with shot 0's frame as ``frame0``; a note says when
        the storyboard was condensed.

        Args:
            storyboard: The storyboard.
            frames: Starting frames by storyboard shot index, **0-based**
                (``{0: ad_image}`` starts the video on the ad image).
            prompt: A style prompt added to every shot (brand look, mood).
            tenant: Tenant that owns the job and the video.
            thread: Conversation thread to deliver the result to.
            parents: Asset ids the video is made from.
            parameters: Parameters recorded on the stored video.
            seed: Nova Reel seed (``None``: random).
            capability: Capability recorded on the video (default ``generate_video``).
            label: The visible AI label to draw on the video when it arrives (None: none).

        Returns:
            The job, ``in_progress``; its ``notes`` say what was changed to fit the model.

        Raises:
            VideoRequestError: Before any call, when the request breaks the model's limits.
            ContentFilteredError: When the content filters refused the prompt or an image.
            ModelCallError: When Bedrock refused the job (hint included).
        """
        if self.family == "nova-reel":
            request: NovaReelRequest | LumaRequest = nova_reel.multi_shot_manual(
                storyboard, frames, prompt, seed, self.fit
            )
            notes = nova_reel.storyboard_notes(storyboard)
        else:
            request = luma.luma_request(
                luma.storyboard_prompt(storyboard, prompt), first_frame=frames.get(0),
                aspect_ratio=luma.storyboard_aspect(storyboard),
                duration=luma.storyboard_duration(storyboard),
                resolution=self.luma_resolution, fit=self.fit,
            )
            notes = luma.storyboard_notes(storyboard)
        return self._submit(
            "storyboard", request, notes, tenant=tenant, thread=thread, parents=parents,
            parameters=parameters, capability=capability, label=label,
        )

    def submit_prompt(
        self,
        prompt: str,
        seconds: int,
        *,
        tenant: str = "default",
        thread: str = "",
        parents: Sequence[str] = (),
        parameters: Mapping[str, Any] | None = None,
        seed: int | None = None,
        capability: str | None = None,
    ) -> VideoJob:
        """Start a video from a prompt alone; the model plans the shots.

        Nova Reel: TEXT_VIDEO for 6 s, else MULTI_SHOT_AUTOMATED (12–120 s in steps of 6;
        other lengths are refused). Luma Ray2: one 5-s or 9-s clip.

        Args:
            prompt: The whole video's description (Nova: up to 4000 characters).
            seconds: Length wanted.
            tenant: Tenant that owns the job and the video.
            thread: Conversation thread to deliver the result to.
            parents: Asset ids the video relates to.
            parameters: Parameters recorded on the stored video.
            seed: Nova Reel seed (``None``: random).
            capability: Capability recorded on the video (default ``generate_video``).

        Returns:
            The job, ``in_progress``.

        Raises:
            VideoRequestError: Before any call, when the request breaks the model's limits.
            ContentFilteredError: When the content filters refused the prompt.
            ModelCallError: When Bedrock refused the job (hint included).
        """
        notes: list[str] = []
        if self.family == "nova-reel" and seconds == nova_reel.SHOT_SECONDS:
            request: NovaReelRequest | LumaRequest = nova_reel.text_video(prompt, None, seed)
        elif self.family == "nova-reel":
            request = nova_reel.multi_shot_automated(prompt, seconds, seed)
        else:
            duration: luma.Duration = "5s" if seconds <= 5 else "9s"
            request = luma.luma_request(prompt, duration=duration,
                                        resolution=self.luma_resolution)
            if seconds > luma.DURATION_SECONDS[duration]:
                notes.append(f"Luma Ray2 makes clips of at most 9 s, not {seconds} s.")
        return self._submit(
            "storyboard", request, notes, tenant=tenant, thread=thread, parents=parents,
            parameters=parameters, capability=capability,
        )

    def _new_job(
        self, kind: JobKind, request: NovaReelRequest | LumaRequest, notes: list[str],
        **owner: Any,
    ) -> VideoJob:
        """A ``submitting`` job for a validated request (not yet stored)."""
        seconds, (width, height) = _shape(request)
        job = VideoJob(
            kind=kind, engine=self.family, model_id=self.model_id,
            request=summarize_request(request.to_body()), notes=notes,
            tenant=owner["tenant"], thread=owner["thread"], parents=list(owner["parents"]),
            parameters=dict(owner["parameters"] or {}),
            capability=owner["capability"] or CAPABILITIES[kind], label=owner.get("label"),
            seconds=seconds, width=width, height=height,
            estimated_usd=self.estimate_usd(seconds),
        )
        first_poll = job.created + timedelta(seconds=self.first_poll_seconds)
        return job.model_copy(
            update={"output_uri": self._output_uri(job.id), "next_poll_at": first_poll}
        )

    def _output_uri(self, job_id: str) -> str:
        """The job's own S3 prefix (Luma's with a trailing slash, as in its examples)."""
        key = "/".join(p for p in (self.prefix, job_id) if p)
        return f"s3://{self.bucket}/{key}" + ("/" if self.family == "luma-ray2" else "")

    def _submit(
        self, kind: JobKind, request: NovaReelRequest | LumaRequest, notes: list[str],
        **owner: Any,
    ) -> VideoJob:
        """Store the job, start it on Bedrock, record the ARN; on refusal mark it failed."""
        job = self.jobs.create(self._new_job(kind, request, notes, **owner))
        try:
            arn = self._start(job, request.to_body())
        except ParamValidationError as exc:  # refused locally: nothing was sent
            error = ModelCallError(f"The video request is not valid: {exc}", S3_HINT)
            self._refused(job, error)
            raise error from exc
        except CapabilityError as exc:
            self._refused(job, exc)
            raise
        except BotoCoreError as exc:  # no answer: it may have started; the poller finds out
            raise ModelCallError(
                f"Could not confirm that the video job started ({exc}).",
                hint=f"Job {job.id} is kept: if Bedrock started it, it will still be delivered.",
            ) from exc
        log.info("video job %s started: %s", job.id, arn)
        return self.jobs.change(job.id, status="in_progress", invocation_arn=arn)

    def _refused(self, job: VideoJob, error: CapabilityError) -> None:
        """Mark a job whose submit was refused as failed (and delivered: the caller reports)."""
        self.jobs.change(job.id, status="failed", message=str(error), billed=False)
        self.jobs.mark_delivered(job.id)

    def _start(self, job: VideoJob, model_input: dict[str, Any]) -> str:
        """``start_async_invoke`` with the job's token, retrying model timeouts."""
        for attempt in range(self.timeout_retries + 1):
            try:
                response = self.runtime.start_async_invoke(
                    modelId=self.model_id,
                    modelInput=model_input,
                    outputDataConfig={"s3OutputDataConfig": {"s3Uri": job.output_uri}},
                    clientRequestToken=job.client_token,
                )
            except ClientError as exc:
                if _error_code(exc) == "ModelTimeoutException" and attempt < self.timeout_retries:
                    log.warning("%s timed out on submit; retrying (same token)", self.model_id)
                    self.sleep(self.retry_wait_seconds * 2**attempt)
                    continue
                raise map_video_error(exc, self.model_id) from exc
            return str(response["invocationArn"])
        raise AssertionError("unreachable")  # pragma: no cover

    # --- polling ---------------------------------------------------------------------------

    def poll(self, job: VideoJob) -> VideoJob:
        """Check a job once; on completion store its video. Does not persist the job.

        Args:
            job: A job from the store.

        Returns:
            The job with its new status (``in_progress``, ``completed`` with ``asset_id``,
            ``blocked`` or ``failed`` with ``message``), or unchanged when finished.

        Raises:
            ModelCallError: When Bedrock or S3 could not be asked (the poller retries).
        """
        if job.finished:
            return job
        if job.invocation_arn is None:
            return self._recover(job)
        try:
            response = self.runtime.get_async_invoke(invocationArn=job.invocation_arn)
        except ClientError as exc:
            raise map_video_error(exc, self.model_id) from exc
        status = response.get("status")
        if status == "Completed":
            return self._complete(job)
        if status == "Failed":
            return _failed(job, str(response.get("failureMessage") or ""))
        return job.model_copy(update={"status": "in_progress"})

    def _recover(self, job: VideoJob) -> VideoJob:
        """Find the ARN of a job whose submit was never confirmed, by its token.

        UNCONFIRMED: that ``list_async_invokes`` summaries echo ``clientRequestToken``
        (the service model has the field).
        """
        arn = self._find_by_token(job)
        if arn is not None:
            return job.model_copy(update={"invocation_arn": arn, "status": "in_progress"})
        if (utcnow() - job.created).total_seconds() < self.submit_grace_seconds:
            return job
        return job.model_copy(update={
            "status": "failed", "billed": False,
            "message": "The video request never reached the model, so no video was made. "
            "Ask for it again.",
        })

    def _find_by_token(self, job: VideoJob) -> str | None:
        """The ARN of the async invocation started with the job's token, if any."""
        try:
            pages = self.runtime.get_paginator("list_async_invokes").paginate(
                submitTimeAfter=job.created - timedelta(minutes=5),
                sortBy="SubmissionTime", sortOrder="Descending",
            )
            for page in pages:
                for summary in page.get("asyncInvokeSummaries", []):
                    if summary.get("clientRequestToken") == job.client_token:
                        return str(summary["invocationArn"])
        except ClientError as exc:
            raise map_video_error(exc, self.model_id) from exc
        return None

    def _complete(self, job: VideoJob) -> VideoJob:
        """Download the job's MP4 and store it as a video asset, with its AI label if due.

        When the guardrail blocks its frames nothing is stored and the job is ``blocked``.
        A label the job carries is drawn on every frame (:func:`label_video`); a file that
        cannot be decoded, or whose sound can be neither copied nor encoded again, is stored
        as made and the job's message says the label is left out, and why.
        """
        data = self._download(job)
        refusal = self._screen(job, data)
        if refusal is not None:
            return job.model_copy(update={"status": "blocked", "message": refusal})
        stored, drawn, message = self._labelled(job, data)
        asset = self.assets.put(
            stored,
            kind="video",
            mime="video/mp4",
            width=job.width,
            height=job.height,
            parents=job.parents,
            capability=job.capability,
            parameters={**job.parameters, "job_id": job.id, "engine": job.engine,
                        "model_id": job.model_id, "request": job.request, **drawn},
            caption=f"{job.engine} video" + (f" ({message})" if message else ""),
            tenant=job.tenant,
            original=data if drawn else None,  # the labelled file's parent ingredient
        )
        log.info("video job %s completed: %s", job.id, asset.id)
        return job.model_copy(update={"status": "completed", "asset_id": asset.id,
                                      "message": message})

    def _labelled(self, job: VideoJob, data: bytes) -> tuple[bytes, dict[str, str], str]:
        """The video with the job's AI label drawn on it, what to record, and the message.

        Drawing makes a new file: a manifest the model signed its clip with is not in it.
        The model's file goes to the asset store with it (``original``): the store signs the
        new file with the model's as its parent ingredient, so the model's manifest travels
        inside the new one; its label is recorded too (``model_manifest``).

        Returns:
            (the bytes to store, what to record: ``ai_label`` when drawn, and the model's
            ``model_manifest`` if it had one, the job's message: "" or why the label is
            left out).
        """
        if not job.label:
            return data, {}, ""
        try:
            with tempfile.TemporaryDirectory(prefix="label-") as scratch:
                labelled = label_video(data, job.label, Path(scratch))
        except SoundNotKept as exc:  # the labelled picture alone would lose the paid sound
            log.warning("video job %s: label not drawn: %s", job.id, exc)
            return data, {}, label_left_out(job.label, exc.why)
        except Exception as exc:  # noqa: BLE001 - a paid video is never lost to its label
            log.warning("video job %s: label not drawn: %s", job.id, exc)
            return data, {}, label_left_out(job.label)
        drawn = {"ai_label": job.label}
        signed = manifest_label(data, "video/mp4")
        if signed is not None:
            drawn["model_manifest"] = signed
        return labelled, drawn, ""

    def _screen(self, job: VideoJob, data: bytes) -> str | None:
        """The guardrail on the first, middle and last frames; the block reason, if any.

        Without a guardrail nothing is checked (the model's own filters ran). A video that
        cannot be decoded is stored unchecked, with a warning in the log.
        """
        if self.guardrail is None:
            return None
        try:
            frames = sample_frames(data, 3)
        except ValueError as exc:
            log.warning("video job %s: frames not checked by the guardrail: %s", job.id, exc)
            return None
        for finding in self.guardrail.check_images(frames, "OUTPUT"):
            if finding.severity == "block":
                return f"The guardrail blocked the video's frames: {finding.reason}"
        return None

    def output_keys(self, job: VideoJob) -> list[str]:
        """The S3 keys where the job's MP4 may be, most likely first.

        Bedrock's async invocations write ``<s3Uri>/<invocation id>/output.mp4``, so that
        key comes first for both families; ``<s3Uri>/output.mp4`` (where ``BEDROCK.md``
        says Luma Ray2 writes, UNCONFIRMED) is tried next.

        Args:
            job: A job with its ARN.

        Returns:
            The keys in the output bucket.
        """
        _, prefix = parse_s3_uri(job.output_uri or self._output_uri(job.id))
        invocation = (job.invocation_arn or "").rsplit("/", 1)[-1]
        nested = "/".join(p for p in (prefix, invocation, OUTPUT_NAME) if p)
        flat = "/".join(p for p in (prefix, OUTPUT_NAME) if p)
        return [nested, flat]

    def _download(self, job: VideoJob) -> bytes:
        """The bytes of the job's MP4 (the first key of :meth:`output_keys` that exists).

        A 404 or a 403 on a guessed key means "try the next one" (S3 answers 403 for a
        missing key when the role lacks s3:ListBucket).

        Raises:
            VideoOutputMissing: No key answered; the hint names the S3 permissions.
            CapabilityError: S3 failed otherwise.
        """
        bucket, _ = parse_s3_uri(job.output_uri or self._output_uri(job.id))
        keys = self.output_keys(job)
        for key in keys:
            try:
                response = self.s3.get_object(Bucket=bucket, Key=key)
            except ClientError as exc:
                if _error_code(exc) in MISSING_CODES:
                    log.debug("video job %s: s3://%s/%s: %s", job.id, bucket, key,
                              _error_code(exc))
                    continue
                raise map_video_error(exc, self.model_id) from exc
            return bytes(response["Body"].read())
        raise VideoOutputMissing(
            f"The video job {job.id} finished but no {OUTPUT_NAME} was found in "
            f"s3://{bucket}/ under {', '.join(keys)}.",
            hint=OUTPUT_HINT + S3_HINT,
        )


def _failed(job: VideoJob, failure: str) -> VideoJob:
    """The job after Bedrock reported it failed: ``blocked`` for content filters.

    Either way it is not billed (Bedrock does not charge a failed async invocation).
    """
    if "content filter" in failure.lower():
        return job.model_copy(
            update={"status": "blocked", "message": BLOCKED_MESSAGE, "billed": False}
        )
    message = f"The video model could not make the video: {failure or 'no reason given'}."
    return job.model_copy(update={"status": "failed", "message": message, "billed": False})


def _shape(request: NovaReelRequest | LumaRequest) -> tuple[int, tuple[int, int]]:
    """(seconds, (width, height)) of the video a request makes."""
    if isinstance(request, LumaRequest):
        return request.seconds, request.size
    return nova_reel.request_seconds(request), (nova_reel.WIDTH, nova_reel.HEIGHT)


def _nova_frame_notes(frame: Image.Image) -> list[str]:
    """A note when a starting image is not 16:9 (Nova Reel letterboxes it to 1280x720)."""
    width, height = frame.size
    if abs(width / height - nova_reel.WIDTH / nova_reel.HEIGHT) < 0.01:
        return []
    return [f"Nova Reel renders 1280x720: the {width}x{height} image was fitted into it."]
