"""Luma Ray2 request bodies (``luma.ray-v2:0``, ``StartAsyncInvoke``), checked before any call.

See ``BEDROCK.md``, "Successor: Luma Ray2 video". The ``modelInput`` is::

    {"prompt": "...", "aspect_ratio": "16:9", "loop": false, "duration": "5s",
     "resolution": "720p",
     "keyframes": {"frame0": {"type": "image",
                              "source": {"type": "base64", "media_type": "image/png",
                                         "data": "<b64>"}}}}

UNCONFIRMED: the ``keyframes`` shape (``frame0`` = first frame, ``frame1`` = last frame, each
``{type: image, source: {type: base64, media_type, data}}``) comes from public client code,
not from AWS documentation; so do keyframe size limits (frames are sent at the clip's aspect
ratio, 720 px on the short side). The price is UNCONFIRMED as well (third-party: about
$0.75/s at 540p and $1.50/s at 720p): confirm before paid work.
"""

from __future__ import annotations

import base64
import io
from typing import Annotated, Any, Literal

from PIL import Image
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from core.schemas import Storyboard
from engines.bedrock.video.nova_reel import (
    FitMode,
    build,
    clip_text,
    fit_frame,
    shot_prompt,
    strip_negations,
)

DEFAULT_MODEL_ID = "luma.ray-v2:0"
MAX_PROMPT_CHARS = 5000
PRICE_PER_SECOND_USD = 1.50
"""UNCONFIRMED third-party price at 720p (540p: about 0.75); confirm before paid work."""

AspectRatio = Literal["1:1", "16:9", "9:16", "4:3", "3:4", "21:9", "9:21"]
Duration = Literal["5s", "9s"]
Resolution = Literal["540p", "720p"]
MediaType = Literal["image/png", "image/jpeg"]
LumaPrompt = Annotated[str, StringConstraints(min_length=1, max_length=MAX_PROMPT_CHARS)]

ASPECT_RATIOS: dict[str, tuple[int, int]] = {
    "1:1": (1, 1),
    "16:9": (16, 9),
    "9:16": (9, 16),
    "4:3": (4, 3),
    "3:4": (3, 4),
    "21:9": (21, 9),
    "9:21": (9, 21),
}
DURATION_SECONDS: dict[str, int] = {"5s": 5, "9s": 9}
SHORT_SIDE: dict[str, int] = {"540p": 540, "720p": 720}


class _Body(BaseModel):
    """A part of a request body: fields named as sent, unknown fields refused."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    def to_body(self) -> dict[str, Any]:
        """The JSON-ready dict, without the fields left unset."""
        return self.model_dump(exclude_none=True)


class KeyframeSource(_Body):
    """``source`` of a keyframe: base64 image data (shape UNCONFIRMED)."""

    type: Literal["base64"] = "base64"
    media_type: MediaType
    data: str = Field(min_length=1)


class Keyframe(_Body):
    """One keyframe: ``{type: image, source: {...}}`` (shape UNCONFIRMED)."""

    type: Literal["image"] = "image"
    source: KeyframeSource


class Keyframes(_Body):
    """``keyframes``: ``frame0`` (first frame) and/or ``frame1`` (last frame); UNCONFIRMED."""

    frame0: Keyframe | None = None
    frame1: Keyframe | None = None

    @model_validator(mode="after")
    def _not_empty(self) -> Keyframes:
        """At least one keyframe (leave ``keyframes`` out instead of sending it empty)."""
        if self.frame0 is None and self.frame1 is None:
            raise ValueError("keyframes needs frame0 or frame1")
        return self


class LumaRequest(_Body):
    """A Luma Ray2 ``modelInput``."""

    prompt: LumaPrompt
    aspect_ratio: AspectRatio = "16:9"
    loop: bool = False
    duration: Duration = "5s"
    resolution: Resolution = "720p"
    keyframes: Keyframes | None = None

    @property
    def seconds(self) -> int:
        """Length of the clip in seconds."""
        return DURATION_SECONDS[self.duration]

    @property
    def size(self) -> tuple[int, int]:
        """(width, height) of the clip (from aspect ratio and resolution)."""
        return frame_size(self.aspect_ratio, self.resolution)


def frame_size(aspect_ratio: str, resolution: str = "720p") -> tuple[int, int]:
    """(width, height) of a frame: ``resolution`` on the short side, even numbers.

    Args:
        aspect_ratio: One of :data:`ASPECT_RATIOS`.
        resolution: ``540p`` or ``720p``.

    Returns:
        The frame size.
    """
    w, h = ASPECT_RATIOS[aspect_ratio]
    short = SHORT_SIDE[resolution]
    if w >= h:
        return 2 * round(short * w / h / 2), short
    return short, 2 * round(short * h / w / 2)


def nearest_aspect(width: int, height: int) -> AspectRatio:
    """The Luma aspect ratio closest to ``width`` x ``height``.

    Args:
        width: Width in pixels.
        height: Height in pixels.

    Returns:
        The aspect ratio name.
    """
    ratio = width / height
    best = min(ASPECT_RATIOS.items(), key=lambda kv: abs(kv[1][0] / kv[1][1] - ratio))
    return best[0]  # type: ignore[return-value]


def keyframe(
    image: Image.Image, aspect_ratio: str, resolution: str = "720p", fit: FitMode = "letterbox"
) -> Keyframe:
    """A keyframe from any PIL image, fitted to the clip's frame size and sent as PNG.

    Args:
        image: The frame.
        aspect_ratio: The clip's aspect ratio.
        resolution: The clip's resolution.
        fit: How to fit the image (see :func:`~engines.bedrock.video.nova_reel.fit_frame`).

    Returns:
        The validated keyframe.
    """
    size = frame_size(aspect_ratio, resolution)
    buffer = io.BytesIO()
    fit_frame(image, size, fit).save(buffer, format="PNG")
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return build(Keyframe, source=KeyframeSource(media_type="image/png", data=data))


def luma_request(
    prompt: str,
    *,
    first_frame: Image.Image | None = None,
    last_frame: Image.Image | None = None,
    aspect_ratio: str = "16:9",
    loop: bool = False,
    duration: str = "5s",
    resolution: str = "720p",
    fit: FitMode = "letterbox",
) -> LumaRequest:
    """A validated Luma Ray2 request.

    Args:
        prompt: What happens (negated clauses are dropped; 1–5000 characters).
        first_frame: Image to start from (``keyframes.frame0``).
        last_frame: Image to end on (``keyframes.frame1``).
        aspect_ratio: One of 1:1 16:9 9:16 4:3 3:4 21:9 9:21.
        loop: Whether the clip loops seamlessly (suits live images).
        duration: ``5s`` or ``9s``.
        resolution: ``540p`` or ``720p``.
        fit: How to fit frames to the clip's size.

    Returns:
        The request.

    Raises:
        VideoRequestError: When a value breaks the limits.
    """
    frames: dict[str, Keyframe] = {}
    if aspect_ratio in ASPECT_RATIOS and resolution in SHORT_SIDE:
        if first_frame is not None:
            frames["frame0"] = keyframe(first_frame, aspect_ratio, resolution, fit)
        if last_frame is not None:
            frames["frame1"] = keyframe(last_frame, aspect_ratio, resolution, fit)
    return build(
        LumaRequest,
        prompt=strip_negations(prompt),
        aspect_ratio=aspect_ratio,
        loop=loop,
        duration=duration,
        resolution=resolution,
        keyframes=build(Keyframes, **frames) if frames else None,
    )


def storyboard_prompt(storyboard: Storyboard, prompt: str = "") -> str:
    """One Luma prompt for a whole storyboard: its shots in order, then the style prompt.

    Args:
        storyboard: The storyboard.
        prompt: A video-wide style prompt.

    Returns:
        The prompt (negated clauses dropped), at most 5000 characters.
    """
    parts = [shot_prompt(shot, storyboard) for shot in storyboard.shots]
    text = ". Then ".join(p for p in parts if p)
    style = strip_negations(prompt)
    joined = f"{text}. {style}" if text and style else text or style
    return clip_text(joined, MAX_PROMPT_CHARS) or "product video"


def storyboard_duration(storyboard: Storyboard) -> Duration:
    """The Luma clip length for a storyboard: ``5s`` when it fits, else ``9s``.

    Args:
        storyboard: The storyboard.

    Returns:
        ``5s`` or ``9s``.
    """
    return "5s" if storyboard.seconds <= DURATION_SECONDS["5s"] else "9s"


def storyboard_notes(storyboard: Storyboard) -> list[str]:
    """What a single Luma clip changes about a storyboard.

    Args:
        storyboard: The storyboard.

    Returns:
        Plain-language notes (empty when it fits as is).
    """
    seconds = DURATION_SECONDS[storyboard_duration(storyboard)]
    if storyboard.seconds <= seconds:
        return []
    return [
        f"Luma Ray2 makes one clip of at most 9 s: the {storyboard.seconds:g}-s storyboard "
        f"({len(storyboard.shots)} shots) was condensed into one {seconds}-s clip."
    ]


def storyboard_aspect(storyboard: Storyboard) -> AspectRatio:
    """The Luma aspect ratio of a storyboard's size.

    Args:
        storyboard: The storyboard.

    Returns:
        The aspect ratio name.
    """
    width, height = storyboard.dimensions
    return nearest_aspect(width, height)
