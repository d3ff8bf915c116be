"""The AI label drawn on a remote model's MP4 (:func:`label_video`, issue 26).

The model's files are made here with PyAV (the project's encoder library), at the frame
rates and with the sound tracks a remote model may send.
"""

from __future__ import annotations

import io
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest

from engines.local.video.relabel import label_video

LABEL = "AI-generated"
NTSC = [Fraction(24000, 1001), Fraction(30000, 1001), Fraction(60000, 1001)]
"""23.976, 29.97 and 59.94 frames per second."""


def scene(index: int, size: tuple[int, int] = (320, 180)) -> np.ndarray:
    """Frame ``index`` of a diagonal gradient whose shade changes every frame (RGB)."""
    width, height = size
    ramp = np.add.outer(np.arange(height), np.arange(width)) * 120 // (width + height)
    shade = (ramp + 40 + 6 * index).astype(np.uint8)
    return np.dstack([shade, shade // 2 + 60, 230 - shade])


def model_mp4(path: Path, rate: Fraction, count: int = 12,
              size: tuple[int, int] = (320, 180)) -> bytes:
    """An H.264 MP4 of ``count`` frames at the frame rate ``rate`` (no sound)."""
    with av.open(str(path), "w", format="mp4") as dst:
        video = dst.add_stream("libx264", rate=rate)
        video.width, video.height = size
        video.pix_fmt = "yuv420p"
        for index in range(count):
            frame = av.VideoFrame.from_ndarray(scene(index, size), format="rgb24")
            for packet in video.encode(frame.reformat(format="yuv420p")):
                dst.mux(packet)
        for packet in video.encode():
            dst.mux(packet)
    return path.read_bytes()


def video_shape(data: bytes) -> tuple[int, int, Fraction, int]:
    """Width, height, average frame rate and frame count of an MP4's video stream."""
    with av.open(io.BytesIO(data)) as container:
        stream = container.streams.video[0]
        count = sum(1 for packet in container.demux(stream) if packet.size)
        return (stream.codec_context.width, stream.codec_context.height,
                Fraction(stream.average_rate), count)


def rgb_frames(data: bytes) -> list[np.ndarray]:
    with av.open(io.BytesIO(data)) as container:
        return [f.to_ndarray(format="rgb24") for f in container.decode(video=0)]


def pill_boxes(before: bytes, after: bytes) -> list[tuple[int, int, int, int]]:
    """On each frame, the box of the pixels the label changed."""
    boxes = []
    for old, new in zip(rgb_frames(before), rgb_frames(after), strict=True):
        rows, cols = np.nonzero(np.abs(old.astype(int) - new.astype(int)).max(axis=2) > 48)
        assert rows.size, "a frame without the label"
        boxes.append((int(cols.min()), int(rows.min()), int(cols.max()) + 1, int(rows.max()) + 1))
    return boxes


@pytest.mark.parametrize("rate", NTSC, ids=["23.976", "29.97", "59.94"])
def test_an_ntsc_rate_video_is_labelled_at_the_same_rate_and_frame_count(
    tmp_path: Path, rate: Fraction
) -> None:
    source = model_mp4(tmp_path / "model.mp4", rate)
    assert video_shape(source) == (320, 180, rate, 12)
    labelled = label_video(source, LABEL, tmp_path / "work")
    assert video_shape(labelled) == (320, 180, rate, 12)  # not 24, 30 or 60 fps
    with av.open(io.BytesIO(source)) as a, av.open(io.BytesIO(labelled)) as b:
        seconds = [float(c.streams.video[0].duration * c.streams.video[0].time_base)
                   for c in (a, b)]
    assert seconds[1] == pytest.approx(seconds[0], abs=0.002)  # 12 × 1001/24000 s
    boxes = pill_boxes(source, labelled)
    assert np.ptp(np.array(boxes), axis=0).max() <= 1  # one place on every frame
    x0, y0, x1, y1 = np.median(np.array(boxes), axis=0)
    assert abs(x0 - 0.05 * 320) <= 2 and abs(y1 - 0.94 * 180) <= 2  # bottom-left, safe zone


# --- the model's sound track ----------------------------------------------------------------


def toned_mov(path: Path, codec: str = "pcm_mulaw", seconds: float = 0.5) -> bytes:
    """A QuickTime file: 24 fps H.264 and a 440 Hz tone in ``codec``, which MP4 cannot hold.

    A remote model's file whose sound the MP4 muxer refuses to copy (μ-law PCM).
    """
    rate, count = 8000, round(seconds * 24)
    with av.open(str(path), "w", format="mov") as dst:
        video = dst.add_stream("libx264", rate=24)
        video.width, video.height, video.pix_fmt = 320, 180, "yuv420p"
        sound = dst.add_stream(codec, rate=rate)
        sound.layout = "mono"
        for index in range(count):
            frame = av.VideoFrame.from_ndarray(scene(index), format="rgb24")
            for packet in video.encode(frame.reformat(format="yuv420p")):
                dst.mux(packet)
        for packet in video.encode():
            dst.mux(packet)
        t = np.arange(round(seconds * rate)) / rate
        tone = np.round(0.4 * 32767 * np.sin(2 * np.pi * 440 * t)).astype(np.int16)
        for start in range(0, len(tone), 1024):
            chunk = av.AudioFrame.from_ndarray(tone[None, start:start + 1024], format="s16",
                                               layout="mono")
            chunk.sample_rate, chunk.pts, chunk.time_base = rate, start, Fraction(1, rate)
            for packet in sound.encode(chunk):
                dst.mux(packet)
        for packet in sound.encode():
            dst.mux(packet)
    return path.read_bytes()


def undecodable_sound(data: bytes) -> bytes:
    """``data`` with its μ-law track marked as a codec no one knows: neither copied nor decoded."""
    assert data.count(b"ulaw") == 1  # the sample entry's four-character code
    return data.replace(b"ulaw", b"zqzq")


def sound(data: bytes) -> tuple[str | None, float, float, float]:
    """The sound track's codec, its RMS level, loudest frequency (Hz) and length (s)."""
    with av.open(io.BytesIO(data)) as container:
        if not container.streams.audio:
            return None, 0.0, 0.0, 0.0
        stream = container.streams.audio[0]
        frames = list(container.decode(stream))
        rate = frames[0].sample_rate
        samples = np.concatenate([f.to_ndarray().astype(np.float64)[0] for f in frames])
        if frames[0].format.name.startswith("s16"):
            samples /= 32768
    spectrum = np.abs(np.fft.rfft(samples))
    peak = float(np.fft.rfftfreq(len(samples), 1 / rate)[spectrum.argmax()])
    return (stream.codec_context.name, float(np.sqrt(np.mean(samples**2))), peak,
            len(samples) / rate)


def test_a_sound_track_mp4_cannot_hold_is_encoded_again_as_aac_under_the_label(
    tmp_path: Path,
) -> None:
    source = toned_mov(tmp_path / "model.mov")
    codec, level, pitch, seconds = sound(source)
    assert codec == "pcm_mulaw" and level > 0.25 and abs(pitch - 440) < 5
    labelled = label_video(source, LABEL, tmp_path / "work")
    codec, level, pitch, length = sound(labelled)
    assert codec == "aac"  # the model's tone, not the encoder's silent track
    assert level > 0.2 and abs(pitch - 440) < 5
    assert length == pytest.approx(seconds, abs=0.05)
    assert video_shape(labelled) == (320, 180, Fraction(24), 12)
    assert len(pill_boxes(source, labelled)) == 12  # and the label on every frame


def test_a_sound_track_that_can_be_neither_copied_nor_encoded_again_is_an_error(
    tmp_path: Path,
) -> None:
    from engines.local.video.relabel import SoundNotKept

    source = undecodable_sound(toned_mov(tmp_path / "model.mov"))
    assert video_shape(source) == (320, 180, Fraction(24), 12)  # the picture still decodes
    with pytest.raises(SoundNotKept, match="sound"):
        label_video(source, LABEL, tmp_path / "work")
