"""Amazon Nova Reel request bodies (``StartAsyncInvoke``), checked before any call.

Nova Reel renders 1280x720 video at 24 fps into S3 (see ``BEDROCK.md``, "Video: Nova Reel").
Its ``modelInput`` is one of three task types::

    {"taskType": "TEXT_VIDEO",
     "textToVideoParams": {"text": "...", "images": [{"format": "png", "source": {"bytes": b64}}]},
     "videoGenerationConfig": {"durationSeconds": 6, "fps": 24, "dimension": "1280x720", "seed": 1}}
    {"taskType": "MULTI_SHOT_AUTOMATED", "multiShotAutomatedParams": {"text": "..."},
     "videoGenerationConfig": {"durationSeconds": 12..120 (x6), "fps": 24, "dimension": ...}}
    {"taskType": "MULTI_SHOT_MANUAL",
     "multiShotManualParams": {"shots": [{"text": "...", "image": {...}}, ...]},
     "videoGenerationConfig": {"fps": 24, "dimension": "1280x720", "seed": 1}}

The pydantic models below refuse a body that breaks the documented limits (text lengths,
durations, shot count, a starting image that is not exactly 1280x720 8-bit RGB), so a bad
request fails with :class:`VideoRequestError` without a round trip. The builders
(:func:`text_video`, :func:`multi_shot_manual`, :func:`multi_shot_automated`) turn our own
models (prompts, :class:`~core.schemas.Storyboard`, PIL images) into such bodies; images are
fitted to exactly 1280x720 (:func:`fit_frame`) before they are base64-encoded.
"""

from __future__ import annotations

import base64
import binascii
import io
import math
import random
import re
from collections.abc import Mapping, Sequence
from typing import Annotated, Any, Literal, TypeVar

from PIL import Image, ImageFilter, ImageOps, UnidentifiedImageError
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from core.errors import CapabilityError
from core.schemas import Shot, Storyboard
from engines.bedrock.invoke import build_request, to_rgb

DEFAULT_MODEL_ID = "amazon.nova-reel-v1:1"
WIDTH, HEIGHT = 1280, 720
DIMENSION = "1280x720"
FPS = 24
SHOT_SECONDS = 6
MAX_SHOTS = 20
MIN_AUTOMATED_SECONDS = 12
MAX_AUTOMATED_SECONDS = 120
MAX_SEED = 2_147_483_646
SHOT_TEXT_CHARS = 512
AUTOMATED_TEXT_CHARS = 4000
PRICE_PER_SECOND_USD = 0.08
"""Secondhand price (``BEDROCK.md``); confirm against the AWS pricing page before paid work."""

FitMode = Literal["letterbox", "cover"]
ShotText = Annotated[str, StringConstraints(min_length=1, max_length=SHOT_TEXT_CHARS)]
AutomatedText = Annotated[str, StringConstraints(min_length=1, max_length=AUTOMATED_TEXT_CHARS)]

M = TypeVar("M", bound=BaseModel)

_NEGATION = re.compile(
    r"\b(no|not|without|never|none|avoid|don't|do not|doesn't|isn't|aren't|nothing)\b",
    re.IGNORECASE,
)
_CLAUSE = re.compile(r"[^,.;:!?]+[,.;:!?]?")


class VideoRequestError(CapabilityError):
    """A video request body breaks the model's limits; raised before any call is made."""


# --- request models -----------------------------------------------------------------------


class _Body(BaseModel):
    """A part of a request body: fields named as sent, unknown fields refused."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    def to_body(self) -> dict[str, Any]:
        """The JSON-ready dict, without the fields left unset."""
        return self.model_dump(exclude_none=True)


class ImageSource(_Body):
    """``source`` of a Nova Reel image: base64 bytes."""

    bytes: str = Field(min_length=1)


class NovaImage(_Body):
    """A Nova Reel input image: exactly 1280x720, 8-bit RGB PNG or JPEG, no transparency."""

    format: Literal["png", "jpeg"]
    source: ImageSource

    @model_validator(mode="after")
    def _check_pixels(self) -> NovaImage:
        """Read the image header and refuse the wrong size, mode or format."""
        problem = frame_problem(self.source.bytes, self.format)
        if problem:
            raise ValueError(problem)
        return self


class VideoGenerationConfig(_Body):
    """``videoGenerationConfig``: fixed fps and dimension; duration per task type."""

    durationSeconds: int | None = Field(default=None, ge=SHOT_SECONDS, le=MAX_AUTOMATED_SECONDS)
    fps: Literal[24] = 24
    dimension: Literal["1280x720"] = "1280x720"
    seed: int | None = Field(default=None, ge=0, le=MAX_SEED)


class TextToVideoParams(_Body):
    """``textToVideoParams``: a 1–512 character prompt and at most one starting image."""

    text: ShotText
    images: list[NovaImage] | None = Field(default=None, min_length=1, max_length=1)


class TextVideoRequest(_Body):
    """A TEXT_VIDEO ``modelInput``: one 6-second clip."""

    taskType: Literal["TEXT_VIDEO"] = "TEXT_VIDEO"
    textToVideoParams: TextToVideoParams
    videoGenerationConfig: VideoGenerationConfig

    @field_validator("videoGenerationConfig")
    @classmethod
    def _six_seconds(cls, config: VideoGenerationConfig) -> VideoGenerationConfig:
        """TEXT_VIDEO always lasts exactly 6 seconds."""
        if config.durationSeconds != SHOT_SECONDS:
            raise ValueError(f"TEXT_VIDEO needs durationSeconds {SHOT_SECONDS}")
        return config


class MultiShotAutomatedParams(_Body):
    """``multiShotAutomatedParams``: one 1–4000 character prompt, no image."""

    text: AutomatedText


class MultiShotAutomatedRequest(_Body):
    """A MULTI_SHOT_AUTOMATED ``modelInput``: 12 to 120 seconds in steps of 6."""

    taskType: Literal["MULTI_SHOT_AUTOMATED"] = "MULTI_SHOT_AUTOMATED"
    multiShotAutomatedParams: MultiShotAutomatedParams
    videoGenerationConfig: VideoGenerationConfig

    @field_validator("videoGenerationConfig")
    @classmethod
    def _duration(cls, config: VideoGenerationConfig) -> VideoGenerationConfig:
        """The duration is a multiple of 6 from 12 to 120 seconds."""
        seconds = config.durationSeconds
        if seconds is None or not MIN_AUTOMATED_SECONDS <= seconds <= MAX_AUTOMATED_SECONDS:
            raise ValueError("durationSeconds must be 12 to 120")
        if seconds % SHOT_SECONDS:
            raise ValueError("durationSeconds must be a multiple of 6")
        return config


class ManualShot(_Body):
    """One 6-second shot of MULTI_SHOT_MANUAL: 1–512 characters and an optional image."""

    text: ShotText
    image: NovaImage | None = None


class MultiShotManualParams(_Body):
    """``multiShotManualParams``: 1 to 20 shots (one per 6 seconds)."""

    shots: list[ManualShot] = Field(min_length=1, max_length=MAX_SHOTS)


class MultiShotManualRequest(_Body):
    """A MULTI_SHOT_MANUAL ``modelInput``; the length follows the shots (no duration)."""

    taskType: Literal["MULTI_SHOT_MANUAL"] = "MULTI_SHOT_MANUAL"
    multiShotManualParams: MultiShotManualParams
    videoGenerationConfig: VideoGenerationConfig

    @field_validator("videoGenerationConfig")
    @classmethod
    def _no_duration(cls, config: VideoGenerationConfig) -> VideoGenerationConfig:
        """MULTI_SHOT_MANUAL takes its length from the shots."""
        if config.durationSeconds is not None:
            raise ValueError("MULTI_SHOT_MANUAL takes no durationSeconds")
        return config

    @property
    def seconds(self) -> int:
        """Length of the video: 6 seconds per shot."""
        return SHOT_SECONDS * len(self.multiShotManualParams.shots)


NovaReelRequest = TextVideoRequest | MultiShotAutomatedRequest | MultiShotManualRequest


def build(cls: type[M], **fields: Any) -> M:
    """Build a request model; values that break its limits raise :class:`VideoRequestError`."""
    return build_request(cls, VideoRequestError, "video", **fields)


def request_seconds(request: NovaReelRequest) -> int:
    """Length in seconds of the video a request will produce.

    Args:
        request: A validated Nova Reel request.

    Returns:
        The duration in seconds.
    """
    if isinstance(request, MultiShotManualRequest):
        return request.seconds
    return request.videoGenerationConfig.durationSeconds or SHOT_SECONDS


# --- images -------------------------------------------------------------------------------


def frame_problem(b64: str, fmt: str, size: tuple[int, int] = (WIDTH, HEIGHT)) -> str | None:
    """Why a base64 image cannot be a Nova Reel frame (``None`` when it can).

    Only the header is read, so this is cheap even for large frames.

    Args:
        b64: The base64 text.
        fmt: The declared format (``png`` or ``jpeg``).
        size: The required (width, height).

    Returns:
        A short description of the problem, or ``None``.
    """
    try:
        image = Image.open(io.BytesIO(base64.b64decode(b64, validate=True)))
    except (binascii.Error, ValueError, UnidentifiedImageError, OSError):
        return "image is not a base64 PNG or JPEG"
    actual = (image.format or "").lower()
    if actual != fmt:
        return f"image is {actual or 'unknown'} but declared {fmt}"
    if image.size != size:
        return f"image is {image.size[0]}x{image.size[1]}, must be {size[0]}x{size[1]}"
    if image.mode != "RGB":
        return f"image mode is {image.mode}, must be 8-bit RGB without transparency"
    return None


def fit_frame(
    image: Image.Image, size: tuple[int, int] = (WIDTH, HEIGHT), mode: FitMode = "letterbox"
) -> Image.Image:
    """An opaque 8-bit RGB copy of ``image`` at exactly ``size``.

    ``letterbox`` keeps the whole picture and fills the bars with a blurred, enlarged copy
    of it (bars of flat colour make video models animate the bars); ``cover`` fills the
    frame and crops what sticks out, centred.

    Args:
        image: Any PIL image (transparency is flattened onto neutral grey).
        size: The (width, height) wanted.
        mode: ``letterbox`` or ``cover``.

    Returns:
        The fitted ``RGB`` image.
    """
    rgb = to_rgb(image)
    if rgb.size == size:
        return rgb
    cover = ImageOps.fit(rgb, size, Image.Resampling.LANCZOS)
    if mode == "cover":
        return cover
    background = cover.filter(ImageFilter.GaussianBlur(radius=max(size) // 40 or 1))
    inner = ImageOps.contain(rgb, size, Image.Resampling.LANCZOS)
    left, top = (size[0] - inner.width) // 2, (size[1] - inner.height) // 2
    background.paste(inner, (left, top))
    return background


def encode_frame(image: Image.Image, mode: FitMode = "letterbox") -> NovaImage:
    """A Nova Reel image (PNG, 1280x720, RGB) from any PIL image.

    Args:
        image: The frame.
        mode: How to fit it to 1280x720 (see :func:`fit_frame`).

    Returns:
        The validated image part.
    """
    buffer = io.BytesIO()
    fit_frame(image, (WIDTH, HEIGHT), mode).save(buffer, format="PNG")
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return build(NovaImage, format="png", source=ImageSource(bytes=data))


# --- prompts ------------------------------------------------------------------------------


def strip_negations(text: str) -> str:
    """Drop the clauses of ``text`` that say what not to show.

    Video models tend to show what a prompt names even when it says "no ...", and Nova
    Reel has no negative prompt, so such clauses are left out.

    Args:
        text: A prompt.

    Returns:
        The prompt without negated clauses, whitespace normalized.
    """
    clauses = [c for c in _CLAUSE.findall(text) if not _NEGATION.search(c)]
    return " ".join(" ".join(clauses).split()).strip(" ,;:")


def clip_text(text: str, limit: int) -> str:
    """``text`` cut at a word boundary so it fits ``limit`` characters.

    Args:
        text: The text.
        limit: The most characters allowed.

    Returns:
        The text, shortened when needed.
    """
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:") or text[:limit]


def _theme_words(theme: str | None) -> str:
    """A theme id as words ("" for none or ``auto``)."""
    if not theme or theme == "auto":
        return ""
    return theme.replace("_", " ").replace("-", " ")


def shot_prompt(shot: Shot, storyboard: Storyboard) -> str:
    """The words describing one storyboard shot: description (or text), then theme.

    Args:
        shot: The shot.
        storyboard: Its storyboard (for the video-wide theme).

    Returns:
        A prompt without negations (may be empty).
    """
    body = shot.description or shot.text or shot.kind.replace("_", " ") + " shot"
    parts = [strip_negations(body)]
    theme = _theme_words(shot.theme or storyboard.theme)
    if theme:
        parts.append(f"{theme} setting")
    camera = shot.camera.replace("_", " ")
    if camera != "static":
        parts.append(f"camera {camera}")
    return ". ".join(p for p in parts if p)


def _with_style(text: str, style: str, limit: int) -> str:
    """``text`` followed by a video-wide ``style`` prompt, within ``limit`` characters."""
    style = strip_negations(style)
    joined = f"{text}. {style}" if text and style else text or style
    return clip_text(joined, limit) or "product video"


# --- mapping storyboards onto 6-second shots ----------------------------------------------


def _spans(shots: Sequence[Shot]) -> list[tuple[float, float]]:
    """(start, end) in seconds of each storyboard shot."""
    spans, start = [], 0.0
    for shot in shots:
        spans.append((start, start + shot.seconds))
        start += shot.seconds
    return spans


def plan_slots(storyboard: Storyboard, max_slots: int = MAX_SHOTS) -> list[list[int]]:
    """Which storyboard shots fall in each 6-second Nova shot.

    The storyboard's length is rounded up to whole 6-second slots (at most ``max_slots``);
    every slot lists the storyboard shots that overlap it by more than half a second, in
    order (always at least the one covering the slot's middle).

    Args:
        storyboard: The storyboard.
        max_slots: The most slots (Nova Reel takes 20).

    Returns:
        For each slot, the indices (0-based) of its storyboard shots.
    """
    spans = _spans(storyboard.shots)
    total = spans[-1][1]
    count = min(max(1, math.ceil(total / SHOT_SECONDS - 1e-6)), max_slots)
    slots = []
    for slot in range(count):
        lo, hi = slot * SHOT_SECONDS, (slot + 1) * SHOT_SECONDS
        members = [i for i, (a, b) in enumerate(spans) if min(b, hi) - max(a, lo) > 0.5]
        if not members:
            middle = min(lo + SHOT_SECONDS / 2, total - 1e-6)
            members = [next(i for i, (a, b) in enumerate(spans) if a <= middle < b)]
        slots.append(members)
    return slots


def _slot_image(
    slot: int, members: Sequence[int], storyboard: Storyboard, frames: Mapping[int, Image.Image]
) -> Image.Image | None:
    """The frame of the first storyboard shot that starts in this slot, if it has one."""
    spans = _spans(storyboard.shots)
    lo = slot * SHOT_SECONDS
    for index in members:
        if spans[index][0] >= lo - 1e-6 and index in frames:
            return frames[index]
    return None


# --- builders -----------------------------------------------------------------------------


def pick_seed(seed: int | None) -> int:
    """The given seed, or a random one (recorded with the job so a render can be repeated).

    Args:
        seed: A seed or ``None``.

    Returns:
        A seed within Nova Reel's range.
    """
    return random.randint(0, MAX_SEED) if seed is None else seed


def text_video(
    prompt: str,
    first_frame: Image.Image | None = None,
    seed: int | None = None,
    fit: FitMode = "letterbox",
) -> TextVideoRequest:
    """A TEXT_VIDEO request: one 6-second clip, optionally starting from an image.

    Args:
        prompt: What happens (negated clauses are dropped; 1–512 characters).
        first_frame: The starting image (fitted to 1280x720), or ``None``.
        seed: Seed; ``None`` picks a random one.
        fit: How to fit the image (see :func:`fit_frame`).

    Returns:
        The validated request.

    Raises:
        VideoRequestError: When the prompt is empty or too long.
    """
    images = None if first_frame is None else [encode_frame(first_frame, fit)]
    params = build(TextToVideoParams, text=strip_negations(prompt), images=images)
    config = build(VideoGenerationConfig, durationSeconds=SHOT_SECONDS, seed=pick_seed(seed))
    return build(TextVideoRequest, textToVideoParams=params, videoGenerationConfig=config)


def multi_shot_automated(
    prompt: str, seconds: int, seed: int | None = None
) -> MultiShotAutomatedRequest:
    """A MULTI_SHOT_AUTOMATED request: the model writes the shots from one prompt.

    Args:
        prompt: The whole video's description (negated clauses dropped; 1–4000 characters).
        seconds: Length: a multiple of 6 from 12 to 120.
        seed: Seed; ``None`` picks a random one.

    Returns:
        The validated request.

    Raises:
        VideoRequestError: When the prompt or the length breaks the limits.
    """
    params = build(MultiShotAutomatedParams, text=strip_negations(prompt))
    config = build(VideoGenerationConfig, durationSeconds=seconds, seed=pick_seed(seed))
    return build(
        MultiShotAutomatedRequest, multiShotAutomatedParams=params, videoGenerationConfig=config
    )


def manual_shots(
    storyboard: Storyboard,
    frames: Mapping[int, Image.Image],
    prompt: str = "",
    fit: FitMode = "letterbox",
) -> list[ManualShot]:
    """Nova shots (one per 6 seconds) for a storyboard.

    Each Nova shot's text joins the descriptions of the storyboard shots it covers (see
    :func:`plan_slots`) with their theme and the video-wide ``prompt``, without negations.
    A slot gets an image when a storyboard shot with a frame starts in it.

    Args:
        storyboard: The storyboard.
        frames: Starting frames by storyboard shot index (0-based).
        prompt: A style prompt added to every shot (e.g. brand look).
        fit: How to fit frames to 1280x720.

    Returns:
        The validated shots (at most 20).
    """
    shots = []
    for slot, members in enumerate(plan_slots(storyboard)):
        words = ". Then ".join(shot_prompt(storyboard.shots[i], storyboard) for i in members)
        image = _slot_image(slot, members, storyboard, frames)
        shots.append(
            build(
                ManualShot,
                text=_with_style(words, prompt, SHOT_TEXT_CHARS),
                image=None if image is None else encode_frame(image, fit),
            )
        )
    return shots


def multi_shot_manual(
    storyboard: Storyboard,
    frames: Mapping[int, Image.Image],
    prompt: str = "",
    seed: int | None = None,
    fit: FitMode = "letterbox",
) -> MultiShotManualRequest:
    """A MULTI_SHOT_MANUAL request from a storyboard: one Nova shot per 6 seconds.

    Args:
        storyboard: The storyboard (longer than 120 s is cut to 20 shots; see
            :func:`storyboard_notes`).
        frames: Starting frames by storyboard shot index (0-based), e.g. ``{0: ad_image}``.
        prompt: A style prompt added to every shot.
        seed: Seed; ``None`` picks a random one.
        fit: How to fit frames to 1280x720.

    Returns:
        The validated request.

    Raises:
        VideoRequestError: When a shot breaks the limits.
    """
    shots = manual_shots(storyboard, frames, prompt, fit)
    params = build(MultiShotManualParams, shots=shots)
    config = build(VideoGenerationConfig, seed=pick_seed(seed))
    return build(MultiShotManualRequest, multiShotManualParams=params, videoGenerationConfig=config)


def storyboard_notes(storyboard: Storyboard) -> list[str]:
    """What Nova Reel changes about a storyboard (length rounding, size, cut shots).

    Args:
        storyboard: The storyboard to render.

    Returns:
        Plain-language notes (empty when it fits as is).
    """
    notes = []
    slots = len(plan_slots(storyboard))
    seconds = slots * SHOT_SECONDS
    if storyboard.seconds > MAX_SHOTS * SHOT_SECONDS:
        notes.append(
            f"Nova Reel makes at most {MAX_SHOTS * SHOT_SECONDS} s; the storyboard's "
            f"{storyboard.seconds:g} s were cut to {seconds} s."
        )
    elif abs(seconds - storyboard.seconds) > 1e-6:
        notes.append(
            f"Nova Reel works in 6-second shots: the {storyboard.seconds:g}-s storyboard "
            f"becomes a {seconds}-s video."
        )
    if storyboard.size != DIMENSION:
        notes.append(
            f"Nova Reel renders 1280x720 only; the storyboard asked for {storyboard.size}."
        )
    return notes
