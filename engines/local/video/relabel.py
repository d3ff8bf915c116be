"""The visible AI label drawn on a video made elsewhere (a remote video model's MP4, issue 26).

A remote model's file comes with no layout: its caption boxes, logo and product are not
known. So the label goes where the storyboard videos' would go with nothing in the way: a
bottom corner of the safe zone of the video's format (:func:`video_safe_zone`), the same
pill, laid at one whole-pixel place on every decoded frame
(:class:`~engines.local.video.label.Painter`). The frames are encoded again by the local
encoder (:func:`~engines.local.encoding.encode.write_mp4`) at the file's size and exact
frame rate (a rational one too: NTSC 23.976 fps is 24000/1001) and frame count. The
file's own sound track, if it has one, is copied over unchanged, or encoded again as AAC
when an MP4 cannot hold its codec (:mod:`~engines.local.video.soundtrack`); without one,
the encoder's silent track stays, as on every local video.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path
from typing import NamedTuple

import av
import numpy as np

from engines.local.encoding.encode import write_mp4
from engines.local.typography.fonts import DEFAULT_FONT
from engines.local.video.label import Painter, place_pill
from engines.local.video.look import video_safe_zone
from engines.local.video.soundtrack import SoundNotKept, with_sound

__all__ = ["NOT_LABELLED", "SoundNotKept", "label_left_out", "label_video"]

NOT_LABELLED = "the video model's file could not be labelled here"
"""Why a label is left out, when nothing more precise is known."""


def label_video(data: bytes, text: str, work_dir: Path) -> bytes:
    """``data`` (an MP4) with the label ``text`` drawn on every frame, encoded again.

    Args:
        data: The video file's bytes.
        text: What the label says ("AI-generated").
        work_dir: A scratch directory (created if missing) for the files written on the way.

    Returns:
        The labelled MP4's bytes: same size, frame rate and frame count, sound kept.

    Raises:
        SoundNotKept: Its sound track can be neither copied nor encoded again (the
            labelled picture alone would lose it).
        ValueError: The bytes are not a decodable video, or one the encoder cannot write
            again (an odd size, no frame rate), or no corner takes the label.
    """
    try:
        shape = _shape(data)
        painter = _painter(text, shape.width, shape.height)
        work_dir.mkdir(parents=True, exist_ok=True)
        video = write_mp4(_painted(data, painter), total=shape.total, rate=shape.fps,
                          out=work_dir / "labelled.mp4", min_kbps=shape.kbps)
        if shape.sound:
            video = with_sound(video, data, work_dir / "labelled-sound.mp4")
    except av.FFmpegError as exc:
        raise ValueError(f"not a decodable video: {exc}") from exc
    return video.read_bytes()


class _Shape(NamedTuple):
    """What of the model's video its labelled copy keeps.

    ``kbps`` is the video's bitrate (None: unknown). Encoded again at the encoder's own
    clean rate, a 10 Mbps clip from the model would come back at about 1.5 Mbps: softer,
    and under a placement's floor the model's file may have met.
    """

    width: int
    height: int
    fps: Fraction
    total: int
    sound: bool
    kbps: int | None


def _shape(data: bytes) -> _Shape:
    """The video's size, frame rate, frame count, sound and bitrate, read from its packets."""
    with av.open(io.BytesIO(data), mode="r") as container:
        if not container.streams.video:
            raise ValueError("the file holds no video stream")
        stream = container.streams.video[0]
        width, height = stream.codec_context.width, stream.codec_context.height
        rate = Fraction(stream.average_rate or stream.guessed_rate or 0)
        sizes = [packet.size for packet in container.demux(stream) if packet.size]
        sound = bool(container.streams.audio)
        bits = stream.bit_rate or 0
    if not sizes:
        raise ValueError("the video has no frames")
    if rate <= 0:
        raise ValueError("the video states no frame rate")
    total = len(sizes)
    bits = bits or round(8 * sum(sizes) * rate / total)  # the stream's figure, or its bytes'
    return _Shape(width, height, rate, total, sound, max(1, round(bits / 1000)) if bits else None)


def _painter(text: str, width: int, height: int) -> Painter:
    """The label's pill in the first free corner of the safe zone (nothing else is known)."""
    pill = place_pill(text, (width, height), video_safe_zone(width, height), [], DEFAULT_FONT)
    if pill is None:
        raise ValueError("no corner of the safe zone takes the label")
    return Painter(pill)


def _painted(data: bytes, painter: Painter) -> Iterator[np.ndarray]:
    """Every frame of the video as RGB, with the label on it."""
    with av.open(io.BytesIO(data), mode="r") as container:
        for frame in container.decode(video=0):
            yield painter.apply(frame.to_ndarray(format="rgb24"))


def label_left_out(text: str, why: str = NOT_LABELLED) -> str:
    """The note that says a video made elsewhere is stored without the label ``text``.

    Args:
        text: The label.
        why: Why, in words for the advertiser (never an exception's text, which may name
            server paths).
    """
    return (f"label {text!r} left out: {why}, so the video is stored as the model made it; "
            "add the label in your editor, or make the video on the local engine")
