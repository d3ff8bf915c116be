"""The video preview: a looping animated WebP and a poster, written beside the MP4."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from engines.local.encoding import preview as preview_module
from engines.local.encoding.encode import write_video
from engines.local.encoding.preview import PreviewWriter, shrink


def moving(count: int, width: int = 320, height: int = 180) -> Iterator[np.ndarray]:
    """A bright bar crossing a gradient, so no two frames are alike."""
    base = np.broadcast_to(np.linspace(30, 200, width, dtype=np.uint8)[None, :, None],
                           (height, width, 3))
    for i in range(count):
        frame = base.copy()
        x = (i * 7) % (width - 16)
        frame[:, x : x + 16] = (250, 220, 40)
        yield frame


@pytest.mark.parametrize(("fps", "kept", "ms"), [(24, 24, 83), (30, 30, 67)])
def test_the_preview_is_a_looping_animation_at_about_12_fps(
    tmp_path: Path, fps: int, kept: int, ms: int
) -> None:
    total = 2 * fps
    video = write_video(moving(total), total=total, fps=fps, out_dir=tmp_path, stem="v")
    assert video.preview is not None
    with Image.open(video.preview) as webp:
        assert webp.format == "WEBP" and webp.is_animated
        assert webp.n_frames == kept and webp.info["loop"] == 0
        durations = []
        for index in range(webp.n_frames):
            webp.seek(index)
            webp.load()
            durations.append(webp.info["duration"])
        assert webp.size == (320, 180)
    assert all(abs(d - ms) <= 1 for d in durations), durations
    assert sum(durations) == pytest.approx(2000, abs=ms)


def test_a_big_frame_is_shrunk_to_480_px_with_even_sides() -> None:
    frame = np.zeros((1920, 1080, 3), dtype=np.uint8)
    assert shrink(frame).shape == (480, 270, 3)
    odd = np.zeros((1001, 3000, 3), dtype=np.uint8)
    height, width = shrink(odd).shape[:2]
    assert width == 480 and height % 2 == 0 and abs(height - 160) <= 1
    small = np.zeros((64, 96, 3), dtype=np.uint8)
    assert shrink(small) is small


def test_a_preview_failure_stops_the_render_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = {"shrink": 0, "drawn": 0}

    def failing(frame: np.ndarray, side: int = 480) -> np.ndarray:
        calls["shrink"] += 1
        if calls["shrink"] == 3:
            raise OSError("No space left on device")
        return frame

    def counted(count: int) -> Iterator[np.ndarray]:
        for frame in moving(count):
            calls["drawn"] += 1
            yield frame

    monkeypatch.setattr(preview_module, "shrink", failing)
    with pytest.raises(OSError, match="No space left"):
        write_video(counted(480), total=480, fps=24, out_dir=tmp_path, stem="v")
    assert calls["drawn"] < 480  # stopped early, not after rendering everything
    assert list(tmp_path.iterdir()) == []


def test_an_error_finishing_the_webp_is_raised_not_published(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_close(self: object) -> None:
        raise OSError("No space left on device")

    monkeypatch.setattr(preview_module._Animation, "close", broken_close)
    with pytest.raises(OSError, match="No space left"):
        write_video(moving(24), total=24, fps=24, out_dir=tmp_path, stem="v")
    assert list(tmp_path.iterdir()) == []


def test_a_failed_rename_leaves_no_preview_without_its_video(tmp_path: Path) -> None:
    (tmp_path / "v.png").mkdir()  # the poster cannot take its name
    with pytest.raises(OSError):
        write_video(moving(24), total=24, fps=24, out_dir=tmp_path, stem="v")
    assert [p.name for p in tmp_path.iterdir()] == ["v.png"]


def test_abort_with_frames_queued_stops_and_removes_the_parts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = preview_module.threading.Event()

    def held(frame: np.ndarray, side: int = 480) -> np.ndarray:
        gate.wait(5)
        return frame

    monkeypatch.setattr(preview_module, "shrink", held)
    writer = PreviewWriter(tmp_path, "v", fps=12, total=100, poster_index=0)
    with writer:
        for index, frame in enumerate(moving(6)):
            writer.add(index, frame)  # the poster is written; frames queue behind `held`
        preview_module.threading.Timer(0.2, gate.set).start()  # the frame in hand ends
        writer.abort()
    assert not writer._thread.is_alive()
    assert list(tmp_path.iterdir()) == []
    writer.add(7, next(moving(1)))  # a late frame after the abort is ignored, not blocked
