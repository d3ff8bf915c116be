"""Storyboard videos rendered by the local engine: format, safe zones, transitions, control."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import cast

import numpy as np
import pytest
from PIL import Image

from core.errors import RenderCancelled
from core.schemas import Shot, Storyboard
from engines.local.cutout import cut_out
from engines.local.encoding.encode import probe
from engines.local.renderer import LocalVideoRenderer
from engines.local.video.look import make_look
from engines.local.video.render import build_clip, dip_color, frames, timeline, transition_kind
from engines.local.video.shots import Clip
from engines.local.video.stages import View, build_stage, render_stage
from evals import recipes


@cache
def bottle() -> Image.Image:
    return cut_out(recipes.bottle_on_white()[0]).image


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
    storyboard = board(  # the product at one framing in both: a crossfade keeps it whole
        Shot(kind="hero", seconds=2, text="Steel bottle", camera="static", transition="cut"),
        Shot(kind="hero", seconds=2, text="Leak-proof lid", camera="static",
             transition="crossfade"),
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
    apart = np.abs(a - b).mean()
    assert apart > 5  # two scenes: a blend of them is neither
    assert np.abs(mixed - expected).max() <= 1.0
    assert np.abs(mixed - a).mean() > 0.3 * apart and np.abs(mixed - b).mean() > 0.3 * apart


def test_a_crossfade_between_two_framings_dips_through_a_dark_colour() -> None:
    storyboard = board(
        Shot(kind="hero", seconds=2, text="Steel bottle", transition="cut"),
        Shot(kind="lifestyle", seconds=2, camera="pan_right", transition="crossfade"),
    )
    span = timeline(storyboard)[1]
    index = span.start - span.overlap // 2 - 1  # the middle of the transition
    mid = next(f for i, f in enumerate(frames(storyboard, bottle())) if i == index)
    dark = dip_color(make_look(storyboard)).astype(np.float32)
    assert np.abs(mid.astype(np.float32) - dark).mean() < 20


class _Framed:
    """A clip stand-in whose product stands at one box the whole time."""

    def __init__(self, box: tuple[float, float, float, float]) -> None:
        self.box = box

    def product_box(self, seconds: float) -> tuple[float, float, float, float]:
        return self.box


def test_a_product_a_few_pixels_apart_is_two_framings() -> None:
    # a 650 px bottle 15 px lower overlaps itself by IoU 0.95: crossfaded, it showed a double
    # edge and a doubled logo (seen on the bottles' feature shots)
    bottle_box = (600.0, 40.0, 900.0, 690.0)
    lower = (600.0, 55.0, 900.0, 705.0)
    same, moved = cast(Clip, _Framed(bottle_box)), cast(Clip, _Framed(lower))
    again = cast(Clip, _Framed(bottle_box))
    assert transition_kind(same, again, 1.0, 11, 24, "crossfade") == "crossfade"
    assert transition_kind(same, moved, 1.0, 11, 24, "crossfade") == "dip"
    assert transition_kind(same, moved, 1.0, 11, 24, "slide") == "dip"
    assert transition_kind(same, moved, 1.0, 11, 24, "crossfade", held=True) == "cut"
    assert transition_kind(same, moved, 1.0, 11, 24, "cut") == "cut"


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
    seen: dict[str, object] = {}

    def render_live_image(*args: object, seed: int = 0) -> str:
        seen.update(args=args, seed=seed)
        return "rendered"

    monkeypatch.setattr("engines.local.renderer.render_live_image", render_live_image)
    out = LocalVideoRenderer().animate(
        "layers", "request", tmp_path, print, bool, seed=3  # type: ignore[arg-type]
    )
    assert out == "rendered" and seen["seed"] == 3
    assert seen["args"] == ("layers", "request", tmp_path, print, bool)


@cache
def polo() -> Image.Image:
    """A real product photo with fabric texture (sharpness shows)."""
    from tests.paths import PHOTOS

    photo = Image.open(PHOTOS / "polo_red.jpg").convert("RGB")
    return cut_out(photo.resize((photo.width // 2, photo.height // 2))).image


def decoded(path: Path) -> list[np.ndarray]:
    """Every frame of an MP4, decoded back to RGB."""
    import av

    with av.open(str(path)) as container:
        return [f.to_ndarray(format="rgb24") for f in container.decode(video=0)]


def sharpness(region: np.ndarray) -> float:
    """Variance of the Laplacian of a region's grey levels."""
    import cv2

    grey = cv2.cvtColor(np.ascontiguousarray(region), cv2.COLOR_RGB2GRAY)
    return float(cv2.Laplacian(grey, cv2.CV_64F).var())


def test_shot_boundaries_fall_where_the_storyboard_says(tmp_path: Path) -> None:
    storyboard = board(
        Shot(kind="hero", seconds=1.5, text="Steel bottle", transition="cut"),
        Shot(kind="lifestyle", seconds=2.5, text="Trail ready", theme="beach",
             camera="pan_right", transition="cut"),
        Shot(kind="end_card", seconds=2, camera="static", transition="cut"),
    )
    video = LocalVideoRenderer().render(
        storyboard, bottle(), None, tmp_path, lambda d, t, m: None, lambda: False
    )
    shown = decoded(video.mp4)
    assert len(shown) == 144
    jumps = [np.abs(b.astype(np.int16) - a).mean() for a, b in zip(shown, shown[1:], strict=False)]
    cuts = sorted(int(i) + 1 for i in np.argsort(jumps)[-2:])
    assert cuts == [36, 96]  # 1.5 s and 4 s at 24 fps
    inside = sorted(jumps)[-3]
    assert min(jumps[35], jumps[95]) > 4 * inside


def test_product_stays_sharp_in_sampled_video_frames(tmp_path: Path) -> None:
    """Decoded push-in frames keep the product's texture.

    The Laplacian variance of its middle stays near that of the still ad magnified by the
    same zoom (the ideal render).
    """
    from engines.local.easing import ease
    from engines.local.video.shots import PUSH

    storyboard = board(
        Shot(kind="hero", seconds=3, text="Pique polo", transition="cut"),
        Shot(kind="end_card", seconds=3, camera="static", transition="cut"),
    )
    video = LocalVideoRenderer().render(
        storyboard, polo(), None, tmp_path, lambda d, t, m: None, lambda: False
    )
    shown = decoded(video.mp4)
    stage = build_stage(polo(), make_look(storyboard), 0, 0.95, (0.17, 0.0))
    x0, y0, x1, y1 = stage.box
    opaque = stage.product[..., 3] == 255
    still = stage.plate.copy()
    still[y0:y1, x0:x1][opaque] = stage.product[..., :3][opaque]
    inner = (x0 + (x1 - x0) / 5, y0 + (y1 - y0) / 5, x1 - (x1 - x0) / 5, y1 - (y1 - y0) / 5)

    def middle(frame: np.ndarray, m: np.ndarray) -> np.ndarray:
        (a, b), (c, d) = ((m[0, 0] * x + m[0, 2], m[1, 1] * y + m[1, 2])
                          for x, y in (inner[:2], inner[2:]))
        return frame[round(b) : round(d), round(a) : round(c)]

    crop = Image.fromarray(middle(still, np.eye(2, 3)))
    assert sharpness(np.asarray(crop)) > 50  # the fabric has texture to lose
    for index in (0, 12, 36, 71):
        s = 1 + PUSH * ease(index / 24 / 3)
        size = (round(crop.width * s), round(crop.height * s))
        ideal = sharpness(np.asarray(crop.resize(size, Image.Resampling.LANCZOS)))
        m = View(s, stage.centre, stage.centre).matrix((1280, 720))
        assert sharpness(middle(shown[index], m)) > 0.75 * ideal, index


def test_a_shot_with_its_own_theme_gets_its_own_scene() -> None:
    plain = board(Shot(kind="lifestyle", seconds=2, camera="static", transition="cut"))
    beach = board(Shot(kind="lifestyle", seconds=2, camera="static", theme="beach",
                       transition="cut"))
    a = build_clip(plain, 0, bottle()).frame(0.0).astype(np.float32)
    b = build_clip(beach, 0, bottle()).frame(0.0).astype(np.float32)
    assert np.abs(a - b).mean() > 15
    auto = board(Shot(kind="lifestyle", seconds=2, camera="static", theme="auto",
                      transition="cut"))
    assert np.array_equal(build_clip(auto, 0, bottle()).frame(0.0), a.astype(np.uint8))


def test_settled_still_shots_draw_the_same_frame_once() -> None:
    storyboard = six_seconds()
    clip = build_clip(storyboard, 2, bottle())
    assert clip.settles is not None and clip.settles < 1.5
    late = clip.frame(1.6)
    assert clip.frame(1.9) is late and not late.flags.writeable
    fresh = build_clip(storyboard, 2, bottle())
    fresh_frame = fresh.frame(1.9)
    assert np.array_equal(fresh_frame, late)
    early = build_clip(storyboard, 2, bottle())
    assert not np.array_equal(early.frame(0.1), late)  # the card was still animating in
    assert build_clip(storyboard, 0, bottle()).settles is None  # the hero pushes in
