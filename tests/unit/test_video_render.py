"""Storyboard videos rendered by the local engine: format, safe zones, transitions, control."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from tests import media
from tools.engines.local.cutout import cut_out
from tools.engines.local.encode import probe
from tools.engines.local.video import (
    LocalVideoRenderer,
    View,
    build_clip,
    build_stage,
    frames,
    make_look,
    render_stage,
    timeline,
)
from tools.errors import RenderCancelled
from tools.models import Shot, Storyboard


@cache
def bottle() -> Image.Image:
    return cut_out(media.bottle_on_white()[0]).image


def board(*shots: Shot, size: str = "1280x720") -> Storyboard:
    return Storyboard(
        title="Steel bottle", product_image="img_1", size=size,
        theme="studio", headline="Cold for 24 hours", cta="Shop now",
        brand_colors=["#2A6F97"], shots=list(shots),
    )


def six_seconds(size: str = "1280x720") -> Storyboard:
    return board(
        Shot(kind="hero", seconds=2, text="Steel bottle", transition="cut"),
        Shot(kind="feature", seconds=2, text="Leak-proof lid", transition="crossfade"),
        Shot(kind="end_card", seconds=2, text="Cold for 24 hours", camera="static",
             transition="slide"),
        size=size,
    )


def test_six_second_render_is_a_web_ready_mp4(tmp_path: Path) -> None:
    calls: list[tuple[int, int, str]] = []
    video = LocalVideoRenderer().render(
        six_seconds(), bottle(), None, tmp_path, lambda d, t, m: calls.append((d, t, m)),
        lambda: False,
    )
    info = probe(video.mp4)
    assert (info.codec, info.pix_fmt) == ("h264", "yuv420p")
    assert info.audio == "aac" and info.faststart
    assert (info.width, info.height, info.frames) == (1280, 720, 144)
    assert video.seconds == 6 and video.poster and video.poster.exists()
    done = [d for d, _, _ in calls]
    assert done == sorted(done) and len(set(done)) == len(done) and done[-1] == 144
    assert all(t == 144 for _, t, _ in calls) and "shot 3 of 3 (end_card)" in calls[-1][2]


def test_frame_count_is_exact_for_odd_lengths() -> None:
    spans = timeline(board(*(Shot(kind="feature", seconds=1.5) for _ in range(5))))
    assert spans[-1].end == round(7.5 * 24) and spans[0].overlap == 0
    assert all(s.overlap == round(0.45 * 24) for s in spans[1:])


def test_vertical_captions_stay_inside_the_safe_zone() -> None:
    storyboard = six_seconds("1080x1920")
    top, bottom = round(0.14 * 1920), 1920 - round(0.20 * 1920)
    for index in range(3):
        clip = build_clip(storyboard, index, bottle())
        assert clip.overlays, clip.shot.kind
        for layer in clip.overlays:
            rows = np.flatnonzero(layer.alpha.max(axis=1))
            cols = np.flatnonzero(layer.alpha.max(axis=0))
            for dy in (0, layer.rise):  # at rest and where it starts rising from
                assert layer.y + dy + rows[0] >= top and layer.y + dy + rows[-1] < bottom
            assert layer.x + cols[0] >= 0.06 * 1080 - 1 and layer.x + cols[-1] < 0.94 * 1080 + 1
        frame = clip.frame(1.5)
        assert frame.shape == (1920, 1080, 3)


def test_crossfade_midpoint_blends_both_shots() -> None:
    storyboard = board(
        Shot(kind="hero", seconds=2, text="Steel bottle", transition="cut"),
        Shot(kind="feature", seconds=2, text="Leak-proof lid", transition="crossfade"),
    )
    span = timeline(storyboard)[1]
    k = span.overlap // 2
    index = span.start - span.overlap + k
    mixed = next(f for i, f in enumerate(frames(storyboard, bottle())) if i == index)
    a = build_clip(storyboard, 0, bottle()).frame(index / 24).astype(np.float32)
    b = build_clip(storyboard, 1, bottle()).frame(k / 24).astype(np.float32)
    p = (k + 0.5) / span.overlap
    e = p * p * (3 - 2 * p)
    expected = a * (1 - e) + b * e
    assert np.abs(a - b).mean() > 10
    assert np.abs(mixed - expected).max() <= 1.0
    assert np.abs(mixed - a).mean() > 3 and np.abs(mixed - b).mean() > 3


def test_product_pixels_are_exact_when_the_camera_rests() -> None:
    hero = build_stage(bottle(), make_look(six_seconds()), 0, 0.95, (0.17, 0.0))
    frame = render_stage(hero, View(1.0, hero.centre, hero.centre), (1280, 720), 1.0)
    x0, y0, x1, y1 = hero.box
    opaque = hero.product[..., 3] == 255
    assert opaque.mean() > 0.3
    assert np.array_equal(frame[y0:y1, x0:x1][opaque], hero.product[..., :3][opaque])


def test_cancelling_leaves_no_video(tmp_path: Path) -> None:
    checks = iter(range(10_000))
    with pytest.raises(RenderCancelled):
        LocalVideoRenderer().render(
            six_seconds(), bottle(), None, tmp_path, lambda d, t, m: None,
            lambda: next(checks) >= 40,
        )
    assert not list(tmp_path.glob("*.mp4")) and not list(tmp_path.glob(".*.part"))


def test_animate_delegates_to_motion(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import sys
    import types

    seen: dict[str, object] = {}
    fake = types.ModuleType("tools.engines.local.motion")

    def render_live_image(*args: object, seed: int = 0) -> str:
        seen.update(args=args, seed=seed)
        return "rendered"

    fake.render_live_image = render_live_image  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "tools.engines.local.motion", fake)
    out = LocalVideoRenderer().animate(
        "layers", "request", tmp_path, print, bool, seed=3  # type: ignore[arg-type]
    )
    assert out == "rendered" and seen["seed"] == 3
