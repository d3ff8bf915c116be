"""Video files from frames: MP4 (H.264, yuv420p, faststart, silent AAC), WebP preview, poster.

PyAV ships FFmpeg (libx264, the native AAC encoder) in its wheels, so nothing is downloaded
at run time. Files are written under a temporary name and renamed when complete, so a
cancelled or failed render never leaves a half-written video behind.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import logging
import math
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av
import cv2
import numpy as np
from PIL import Image

from core.errors import RenderCancelled
from engines import RenderedVideo
from engines.local.encoding.prefetch import Prefetched
from engines.local.encoding.preview import PreviewWriter

log = logging.getLogger(__name__)

ProgressFn = Callable[[int, int, str], None]
CancelFn = Callable[[], bool]

AUDIO_RATE = 48_000
_AUDIO_CHUNK = 1024
PRESET = "veryfast"
# Diamond motion search with the quickest subpixel refinement: our camera moves are slow
# and smooth, so this costs nothing measurable in size or PSNR (303 vs 289 KiB, 43.4 vs
# 43.3 dB on the 6 s benchmark clip) and saves a quarter of the encoder's time.
X264_PARAMS = "me=dia:subme=1"
CLEAN_BPP = 0.07
"""Bits per pixel per frame that keep our gradients free of banding (see :func:`clean_kbps`)."""
AQ = "aq-mode=3"
"""x264's adaptive quantisation biased towards dark and flat blocks, where banding shows."""
CBR_MARGIN = 1.05
"""A constant bitrate is set this much above a placement's minimum."""
PREFETCH_FRAMES = 4
"""Frames rendered ahead of the encoder (each a full RGB frame in memory)."""


@dataclass(frozen=True)
class VideoInfo:
    """What a video file holds, read back from the file itself.

    Attributes:
        codec: Video codec name (``h264``).
        pix_fmt: Pixel format (``yuv420p``).
        width: Frame width.
        height: Frame height.
        fps: Average frame rate.
        frames: Number of video frames.
        seconds: Duration of the video stream.
        audio: Audio codec name, or None when there is no audio track.
        video_kbps: The video stream's average bitrate (its bytes over its duration).
        audio_kbps: The audio stream's average bitrate (0 without audio).
        faststart: Whether the ``moov`` atom precedes the media data (streams in browsers).
    """

    codec: str
    pix_fmt: str
    width: int
    height: int
    fps: float
    frames: int
    seconds: float
    audio: str | None
    faststart: bool
    video_kbps: float = 0.0
    audio_kbps: float = 0.0


def _never() -> bool:
    return False


def _silent(done: int, total: int, message: str) -> None:
    """Ignore progress."""


def write_video(
    frames: Iterable[np.ndarray],
    *,
    total: int,
    fps: int,
    out_dir: Path,
    stem: str,
    progress: ProgressFn = _silent,
    cancelled: CancelFn = _never,
    preview: bool = True,
    poster_index: int = 0,
    crf: int = 20,
    preset: str = PRESET,
    min_kbps: int | None = None,
    clean: bool = True,
) -> RenderedVideo:
    """Encode RGB frames into ``<stem>.mp4`` (plus ``.webp`` preview and ``.png`` poster).

    The preview and poster are written on a thread of their own while the MP4 encodes
    (:class:`PreviewWriter`).

    Args:
        frames: ``total`` frames, each an ``(height, width, 3)`` uint8 array of one size;
            width and height must be even (yuv420p). A yielded array must not be changed
            afterwards: the preview thread may read it a few frames later.
        total: How many frames ``frames`` yields (for progress and the audio length).
        fps: Frames per second.
        out_dir: Directory of the output files (created if missing).
        stem: File name without extension.
        progress: Called with (frames done, total, message) every few frames.
        cancelled: Checked before every frame; True stops, deletes partial files and
            raises :class:`RenderCancelled`.
        preview: Also write an animated WebP preview (at most 480 px, 12 fps).
        poster_index: Which frame becomes the PNG poster.
        crf: x264 quality (lower is better; 18–23 is visually lossless to good).
        preset: x264 speed preset (faster presets make bigger files at the same quality).
        min_kbps: A placement's least video bitrate: instead of constant quality (``crf``),
            a constant bitrate 5% above it, padded with filler where the picture needs
            fewer bits (x264 ``nal-hrd=cbr``).
        clean: Encode at the average bitrate that keeps gradients clean at the frames'
            size (:func:`clean_kbps`) instead of constant quality ``crf``; with
            ``min_kbps``, the constant bitrate is at least that.

    Returns:
        The written files and their format.

    Raises:
        RenderCancelled: ``cancelled()`` returned True.
        ValueError: Frames of odd or changing size, or fewer/more than ``total``.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    final = out_dir / f"{stem}.mp4"
    part = out_dir / f".{stem}.mp4.part"
    webp = png = None
    try:
        with contextlib.ExitStack() as stack:
            keep = None
            if preview:
                keep = stack.enter_context(PreviewWriter(out_dir, stem, fps, total, poster_index))
            width, height, count = _encode(
                frames, part, total, fps,
                lambda w, h: x264_options(
                    crf, preset, min_kbps, clean_kbps(w, h, fps) if clean else None
                ),
                progress, cancelled, keep,
            )
            if keep is not None:
                webp, png = keep.finish()
        part.replace(final)
    except BaseException:
        for path in (part, webp, png):
            if path is not None:
                path.unlink(missing_ok=True)
        raise
    return RenderedVideo(
        mp4=final, preview=webp, poster=png, width=width, height=height,
        seconds=round(count / fps, 3), fps=fps,
    )


def write_mp4(
    frames: Iterable[np.ndarray],
    *,
    total: int,
    rate: Fraction,
    out: Path,
    min_kbps: int | None = None,
) -> Path:
    """Encode RGB frames into the MP4 ``out`` at a frame rate that may be rational.

    For a video made elsewhere and encoded again (a remote model's clip at NTSC 23.976 fps,
    ``Fraction(24000, 1001)``): the same encoder and options as :func:`write_video` (clean
    bitrate, silent AAC track, faststart), with no preview or poster.

    Args:
        frames: ``total`` frames, as for :func:`write_video`.
        total: How many frames ``frames`` yields.
        rate: Frames per second, exactly (``Fraction(30000, 1001)`` for 29.97).
        out: The file to write (its directory must exist); written under a temporary
            name and renamed when complete.
        min_kbps: A least video bitrate, as for :func:`write_video`.

    Returns:
        ``out``.

    Raises:
        ValueError: Frames of odd or changing size, or fewer/more than ``total``.
    """
    part = out.with_name(f".{out.name}.part")
    try:
        _encode(
            frames, part, total, rate,
            lambda w, h: x264_options(20, PRESET, min_kbps, clean_kbps(w, h, rate)),
            _silent, _never, None,
        )
        part.replace(out)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    return out


def _encode(
    frames: Iterable[np.ndarray],
    path: Path,
    total: int,
    fps: int | Fraction,
    options: Callable[[int, int], dict[str, str]],
    progress: ProgressFn,
    cancelled: CancelFn,
    keep: PreviewWriter | None,
) -> tuple[int, int, int]:
    """Write the MP4; return (width, height, frame count).

    The frames are rendered, checked, converted to yuv420p and handed to the preview on
    a second thread, a few frames ahead of the encoder (:class:`Prefetched`).
    """
    with Prefetched(_prepared(frames, keep), depth=PREFETCH_FRAMES, name="frames") as ready:
        first = next(ready, None)
        if first is None:
            raise ValueError("no frames to encode")
        container = av.open(str(path), mode="w", format="mp4",
                            options={"movflags": "+faststart"})
        try:
            video = container.add_stream(
                "libx264", rate=fps, options=options(first.width, first.height)
            )
            video.pix_fmt = "yuv420p"
            size = video.width, video.height = first.width, first.height
            audio = _audio_stream(container)
            count = 0
            for frame in itertools.chain([first], ready):
                if cancelled():
                    raise RenderCancelled(
                        "The render was cancelled; nothing was saved.",
                        hint="Ask again when you want it.",
                    )
                if (frame.width, frame.height) != size:
                    raise ValueError(f"frame {count} is {frame.width}x{frame.height}, "
                                     f"expected {size[0]}x{size[1]}")
                for packet in video.encode(frame):
                    container.mux(packet)
                count += 1
                if count % 12 == 0 or count == total:
                    progress(count, total, f"frame {count} of {total}")
            if count != total:
                raise ValueError(f"expected {total} frames, got {count}")
            for packet in video.encode():
                container.mux(packet)
            _silence(container, audio, float(count / fps))
        finally:
            container.close()
    return size[0], size[1], count


def clean_kbps(width: int, height: int, fps: int | Fraction) -> int:
    """The average video bitrate that keeps smooth gradients clean at this size and rate.

    The rule: :data:`CLEAN_BPP` (0.07) bits per pixel per frame, i.e.
    ``ceil(0.07 × width × height × fps / 1000)`` kbps: 1549 kbps at 1280x720 and 24 fps,
    3484 kbps at 1920x1080 or 1080x1920, 1960 kbps for a 1080x1080 live image. Constant
    quality (CRF 20) spent 0.02 bits per pixel on our videos (444 kbps at 720p), which
    quantises the backdrops' gentle gradients and vignettes into visible steps; from about
    0.06 they hold (the end card's gradient decodes within 2 levels of its source).
    """
    return math.ceil(CLEAN_BPP * width * height * fps / 1000)


def x264_options(
    crf: int, preset: str, min_kbps: int | None = None, clean: int | None = None
) -> dict[str, str]:
    """libx264's options.

    Args:
        crf: Constant quality, used when neither bitrate is given.
        preset: x264's speed preset.
        min_kbps: A placement's least bitrate: a constant bitrate 5% above it (or above
            ``clean``, whichever is higher).
        clean: The average bitrate that keeps gradients clean (:func:`clean_kbps`): an
            average bitrate (ABR) of that much, which frames with little in them (a still
            colour) undershoot; peaks are capped at twice it.

    Returns:
        The encoder's options.
    """
    if min_kbps is None and clean is None:
        return {"crf": str(crf), "preset": preset, "x264-params": f"{X264_PARAMS}:{AQ}"}
    if min_kbps is None:
        assert clean is not None
        abr = f"bitrate={clean}:vbv-maxrate={2 * clean}:vbv-bufsize={2 * clean}"
        return {"preset": preset, "x264-params": f"{X264_PARAMS}:{AQ}:{abr}"}
    rate = max(math.ceil(min_kbps * CBR_MARGIN), clean or 0)
    # A quarter-second buffer: the bits it starts with are all a clip can fall short by
    # (4% of a 6 s clip at most, 0.4% measured), so the average stays above the floor.
    buffer = math.ceil(rate / 4)
    cbr = f"bitrate={rate}:vbv-maxrate={rate}:vbv-bufsize={buffer}:nal-hrd=cbr"
    return {"preset": preset, "x264-params": f"{X264_PARAMS}:{AQ}:{cbr}"}


def _prepared(
    frames: Iterable[np.ndarray], keep: PreviewWriter | None
) -> Iterator[av.VideoFrame]:
    """Each frame checked, handed to the preview writer and converted for the encoder."""
    for index, frame in enumerate(frames):
        _check_pixels(frame)
        if keep is not None:
            keep.add(index, frame)
        yield _yuv_frame(frame)


def _yuv_frame(frame: np.ndarray) -> av.VideoFrame:
    """The RGB frame as a yuv420p ``VideoFrame`` (BT.601, limited range).

    OpenCV's SIMD conversion is about four times faster than libswscale's, which the
    encoder would otherwise run on every frame; the two differ by at most a few levels.
    """
    planes = np.asarray(cv2.cvtColor(frame, cv2.COLOR_RGB2YUV_I420), dtype=np.uint8)
    return av.VideoFrame.from_ndarray(planes, format="yuv420p")


def _check_pixels(frame: np.ndarray) -> None:
    """Refuse a frame that is not even-sized ``(height, width, 3)`` uint8 RGB."""
    if frame.ndim != 3 or frame.shape[2] != 3 or frame.dtype != np.uint8:
        raise ValueError("frames must be (height, width, 3) uint8 RGB arrays")
    height, width = frame.shape[:2]
    if width % 2 or height % 2:
        raise ValueError(f"frame size {width}x{height} must be even for yuv420p")


def _audio_stream(container: av.container.OutputContainer) -> av.audio.stream.AudioStream:
    """Add the stereo AAC stream (before anything is written)."""
    audio = container.add_stream("aac", rate=AUDIO_RATE)
    audio.layout = "stereo"
    return audio


def _silence(
    container: av.container.OutputContainer, audio: av.audio.stream.AudioStream, seconds: float
) -> None:
    """Write ``seconds`` of silence, so placements that require an audio track accept it."""
    samples = int(round(seconds * AUDIO_RATE))
    silence = np.zeros((2, _AUDIO_CHUNK), dtype=np.float32)
    pts = 0
    while pts < samples:
        frame = av.AudioFrame.from_ndarray(silence, format="fltp", layout="stereo")
        frame.sample_rate = AUDIO_RATE
        frame.pts = pts
        frame.time_base = Fraction(1, AUDIO_RATE)
        pts += _AUDIO_CHUNK
        for packet in audio.encode(frame):
            container.mux(packet)
    for packet in audio.encode():
        container.mux(packet)


def sample_frames(data: bytes, count: int = 3) -> list[Image.Image]:
    """Up to ``count`` frames spread over a video (first, middle..., last), as RGB images.

    Args:
        data: The video file's bytes (MP4).
        count: How many frames to take.

    Raises:
        ValueError: The bytes are not a decodable video.
    """
    try:
        with av.open(io.BytesIO(data), mode="r") as container:
            if not container.streams.video:
                raise ValueError("the file holds no video stream")
            stream = container.streams.video[0]
            known = int(stream.frames or 0)
            picks = _spread(known, count) if known else {0}
            kept: list[Image.Image] = []
            last: av.VideoFrame | None = None
            for index, frame in enumerate(container.decode(stream)):
                if index in picks:
                    kept.append(frame.to_image().convert("RGB"))
                last = frame
    except av.FFmpegError as exc:
        raise ValueError(f"not a decodable video: {exc}") from exc
    if last is None:
        raise ValueError("the video has no frames")
    if len(kept) < min(count, len(picks)) or not known:
        kept.append(last.to_image().convert("RGB"))  # the count was wrong or unknown
    return kept[:count] if known else kept


def _spread(total: int, count: int) -> set[int]:
    """``count`` frame indices spread from the first to the last of ``total``."""
    last = total - 1
    return {round(i * last / max(count - 1, 1)) for i in range(count)}


def probe(path: Path | str) -> VideoInfo:
    """Read a video file's format back (for tests, validation and placement checks).

    Raises:
        ValueError: The file holds no video stream.
    """
    path = Path(path)
    with av.open(str(path)) as container:
        streams = container.streams
        if not streams.video:
            raise ValueError(f"{path.name} holds no video stream")
        video = streams.video[0]
        sound = streams.audio[0] if streams.audio else None
        frames, sizes = 0, {video.index: 0, -1: 0}
        for packet in container.demux(*(s for s in (video, sound) if s is not None)):
            if packet.size:
                frames += packet.stream.index == video.index
                sizes[packet.stream.index if packet.stream.index == video.index else -1] += (
                    packet.size
                )
        rate = float(video.average_rate or video.guessed_rate or 0)
        base = video.time_base
        seconds = float(video.duration * base) if video.duration and base else frames / rate
        per_second = 8 / 1000 / seconds if seconds > 0 else 0.0
        info = VideoInfo(
            codec=video.codec_context.name,
            pix_fmt=video.codec_context.pix_fmt or "",
            width=video.codec_context.width,
            height=video.codec_context.height,
            fps=rate,
            frames=frames,
            seconds=round(seconds, 3),
            audio=streams.audio[0].codec_context.name if streams.audio else None,
            faststart=_moov_first(path),
            video_kbps=round(sizes[video.index] * per_second, 1),
            audio_kbps=round(sizes[-1] * per_second, 1),
        )
    return info


def _moov_first(path: Path) -> bool:
    """Whether the MP4's ``moov`` box comes before ``mdat`` (progressive playback)."""
    with path.open("rb") as handle:
        offset = 0
        while True:
            handle.seek(offset)
            header = handle.read(8)
            if len(header) < 8:
                return False
            size = int.from_bytes(header[:4], "big")
            kind = header[4:8]
            if kind == b"moov":
                return True
            if kind == b"mdat":
                return False
            if size == 1:
                size = int.from_bytes(handle.read(8), "big")
            if size < 8:
                return False
            offset += size
