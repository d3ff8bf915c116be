"""Video encoding: the MP4's format, frame count, cancelling and bad frames."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import av
import numpy as np
import pytest

from core.errors import RenderCancelled
from engines.local.encoding.encode import clean_kbps, probe, write_video


def frames(count: int, width: int = 96, height: int = 64) -> Iterator[np.ndarray]:
    """A moving gradient, one frame at a time."""
    x = np.arange(width, dtype=np.float32)[None, :]
    y = np.arange(height, dtype=np.float32)[:, None]
    for i in range(count):
        r = (x * 2 + i * 5) % 256
        g = np.broadcast_to((y * 3) % 256, (height, width))
        b = np.full((height, width), (i * 9) % 256, dtype=np.float32)
        yield np.dstack([np.broadcast_to(r, (height, width)), g, b]).astype(np.uint8)


@pytest.mark.parametrize(("seconds", "fps"), [(3, 24), (2, 30)])
def test_mp4_format_and_frame_count(tmp_path: Path, seconds: int, fps: int) -> None:
    total = seconds * fps
    video = write_video(frames(total), total=total, fps=fps, out_dir=tmp_path, stem="clip")
    info = probe(video.mp4)
    assert (info.codec, info.pix_fmt, info.audio) == ("h264", "yuv420p", "aac")
    assert info.faststart
    assert info.frames == total
    assert (info.width, info.height) == (96, 64) == (video.width, video.height)
    assert info.fps == pytest.approx(fps)
    assert info.seconds == pytest.approx(seconds, abs=0.1)
    assert video.seconds == pytest.approx(seconds)
    assert video.preview is not None and video.preview.exists()
    assert video.poster is not None and video.poster.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["clip.mp4", "clip.png", "clip.webp"]


def test_cancel_mid_render_leaves_nothing(tmp_path: Path) -> None:
    checks = iter(range(1000))
    with pytest.raises(RenderCancelled):
        write_video(
            frames(48),
            total=48,
            fps=24,
            out_dir=tmp_path,
            stem="clip",
            cancelled=lambda: next(checks) >= 20,
        )
    assert list(tmp_path.iterdir()) == []


def test_odd_frame_size_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="even"):
        write_video(frames(5, 95, 64), total=5, fps=24, out_dir=tmp_path, stem="odd")
    assert list(tmp_path.iterdir()) == []


def test_wrong_frame_count_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="expected 10 frames"):
        write_video(frames(8), total=10, fps=24, out_dir=tmp_path, stem="short")
    assert list(tmp_path.iterdir()) == []


def test_progress_counts_up(tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    write_video(
        frames(30),
        total=30,
        fps=30,
        out_dir=tmp_path,
        stem="p",
        preview=False,
        progress=lambda done, total, _: calls.append((done, total)),
    )
    done = [d for d, _ in calls]
    assert done == sorted(done) and done[-1] == 30 and {t for _, t in calls} == {30}


def test_colours_survive_the_round_trip(tmp_path: Path) -> None:
    """Brand colours decode back (by a standard player's BT.601 reading) within a few levels."""
    patches = [(255, 102, 0), (26, 26, 46), (240, 240, 240), (0, 160, 80), (40, 90, 220)]
    frame = np.zeros((64, 32 * len(patches), 3), dtype=np.uint8)
    for i, colour in enumerate(patches):
        frame[:, i * 32 : (i + 1) * 32] = colour
    video = write_video(
        iter([frame] * 6), total=6, fps=24, out_dir=tmp_path, stem="c", preview=False
    )
    with av.open(str(video.mp4)) as container:
        decoded = next(container.decode(video=0)).to_ndarray(format="rgb24")
    for i, colour in enumerate(patches):
        centre = decoded[24:40, i * 32 + 8 : i * 32 + 24].reshape(-1, 3).mean(axis=0)
        assert np.abs(centre - colour).max() < 6, (colour, centre)


def test_sample_frames_spreads_over_the_video(tmp_path: Path) -> None:
    from engines.local.encoding.encode import sample_frames

    shades = [np.full((64, 96, 3), 20 * i, dtype=np.uint8) for i in range(12)]
    video = write_video(iter(shades), total=12, fps=24, out_dir=tmp_path, stem="s", preview=False)
    picked = sample_frames(video.mp4.read_bytes(), 3)
    assert [p.size for p in picked] == [(96, 64)] * 3
    levels = [int(np.asarray(p).mean()) for p in picked]
    assert all(abs(level - want) <= 4 for level, want in zip(levels, (0, 120, 220), strict=True))
    with pytest.raises(ValueError, match="not a decodable video|no video stream"):
        sample_frames(b"\x00\x00\x00\x18ftypmp42fake-mp4-bytes")


def test_a_bitrate_floor_encodes_at_a_constant_rate_above_it(tmp_path: Path) -> None:
    """Flat frames need few bits; with ``min_kbps`` the file still averages above it."""
    still = [np.full((180, 320, 3), 90, dtype=np.uint8)] * 48
    free = probe(write_video(iter(still), total=48, fps=24, out_dir=tmp_path / "crf",
                             stem="v", preview=False).mp4)
    floored = probe(write_video(iter(still), total=48, fps=24, out_dir=tmp_path / "cbr",
                                stem="v", preview=False, min_kbps=1500).mp4)
    assert free.video_kbps < 100
    assert 1500 <= floored.video_kbps <= 1500 * 1.05 * 1.1, floored.video_kbps
    assert floored.frames == 48 and floored.codec == "h264"


def test_probe_reports_each_stream_bitrate(tmp_path: Path) -> None:
    video = write_video(frames(48, 320, 180), total=48, fps=24, out_dir=tmp_path, stem="b",
                        preview=False)
    info = probe(video.mp4)
    size_kbps = video.mp4.stat().st_size * 8 / 1000 / info.seconds
    assert 0 < info.audio_kbps < 20  # silence
    # The streams make up the file, less its boxes (a few kB of indexes and headers).
    assert 0.7 * size_kbps < info.video_kbps + info.audio_kbps < size_kbps


def test_the_clean_bitrate_rule_scales_with_pixels_and_frame_rate() -> None:
    assert clean_kbps(1280, 720, 24) == 1549
    assert clean_kbps(1920, 1080, 24) == clean_kbps(1080, 1920, 24) == 3484
    assert clean_kbps(1280, 720, 30) > clean_kbps(1280, 720, 24)


def test_a_moving_gradient_gets_the_clean_bitrate_not_the_constant_quality_one(
    tmp_path: Path,
) -> None:
    """Constant quality starves a gentle dithered gradient; the default spends the rule's."""
    rng = np.random.default_rng(0)
    ramp = np.linspace(150.0, 190.0, 180)[:, None, None]
    clip = [  # a slow push over a dithered gradient, as the end card and the backdrops are
        np.clip(ramp * (1 + 0.002 * i) + rng.random((180, 320, 1)) - 0.5, 0, 255)
        .astype(np.uint8).repeat(3, axis=2)
        for i in range(48)
    ]
    crf = probe(write_video(iter(clip), total=48, fps=24, out_dir=tmp_path / "crf", stem="v",
                            preview=False, clean=False).mp4)
    clean = probe(write_video(iter(clip), total=48, fps=24, out_dir=tmp_path / "abr", stem="v",
                              preview=False).mp4)
    rule = clean_kbps(320, 180, 24)
    assert 0.6 * rule <= clean.video_kbps <= 1.3 * rule, (clean.video_kbps, rule)  # 2 s: ABR
    assert crf.video_kbps < 0.8 * clean.video_kbps, (crf.video_kbps, clean.video_kbps)
