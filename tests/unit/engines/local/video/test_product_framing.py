"""Storyboard videos keep the whole product in the frame and never show it twice.

The product is found on pixels, not asked of the camera code: each shot is drawn twice,
with the product painted pure magenta and pure green (same alpha); the red channel's
difference is the product's coverage in every pixel.
"""

from __future__ import annotations

from functools import cache

import cv2
import numpy as np
import pytest
from PIL import Image

from benchmarks.video import ghosted
from core.schemas import Shot, Storyboard, WriteStoryboardRequest
from engines.local.cutout import cut_out
from engines.local.video.end_card import EndCard
from engines.local.video.look import make_look
from engines.local.video.render import build_clip, frames, timeline
from engines.local.video.shots import ShotBuilder, close_up, scene_themes
from engines.local.video.storyboard import write_storyboard
from evals import recipes

MOVES = ("push_in", "pull_out", "pan_left", "pan_right", "static")
KINDS = ("hero", "feature", "lifestyle", "how_it_works")
TIMES = (0.0, 0.25, 0.5, 0.75, 1.0)


@cache
def bottle() -> Image.Image:
    return cut_out(recipes.bottle_on_white()[0]).image


@cache
def keyed(rgb: tuple[int, int, int]) -> Image.Image:
    flat = Image.new("RGBA", bottle().size, (*rgb, 255))
    flat.putalpha(bottle().getchannel("A"))
    return flat


def coverage(magenta: np.ndarray, green: np.ndarray) -> np.ndarray:
    return np.clip((magenta[..., 0].astype(np.float32) - green[..., 0]) / 255.0, 0.0, 1.0)


def board(*shots: Shot, size: str = "1280x720") -> Storyboard:
    return Storyboard(
        title="Steel bottle", product_image="img_1", size=size, theme="studio",
        headline="Cold for 24 hours.", cta="Shop now", brand_colors=["#2A6F97"],
        shots=list(shots),
    )


def inside(cover: np.ndarray, edge: int = 2) -> bool:
    solid = cover > 0.5
    return bool(solid.any()) and not (
        solid[:edge].any() or solid[-edge:].any() or solid[:, :edge].any()
        or solid[:, -edge:].any()
    )


@pytest.mark.parametrize("size", ["1280x720", "1080x1920"])
@pytest.mark.parametrize("kind", KINDS)
def test_every_move_keeps_the_product_box_inside_the_frame(kind: str, size: str) -> None:
    w, h = (int(v) for v in size.split("x"))
    for move in MOVES:
        shot = Shot(kind=kind, seconds=3, text="Leak-proof lid", camera=move)
        clip = build_clip(board(shot, size=size), 0, bottle())
        for t in TIMES:
            box = clip.product_box(t * shot.seconds)
            assert box is not None
            x0, y0, x1, y1 = box
            assert x0 >= 0 and y0 >= 0 and x1 <= w and y1 <= h, (kind, move, t, box)


@pytest.mark.parametrize(
    ("kind", "move", "size"),
    [("hero", "push_in", "1280x720"), ("feature", "push_in", "1280x720"),
     ("feature", "push_in", "1080x1920"), ("lifestyle", "pan_right", "1280x720")],
)
def test_the_whole_product_shows_on_pixels(kind: str, move: str, size: str) -> None:
    shot = Shot(kind=kind, seconds=3, text="Leak-proof lid", camera=move)
    story = board(shot, size=size)
    pink = build_clip(story, 0, keyed((255, 0, 255)))
    lime = build_clip(story, 0, keyed((0, 255, 0)))
    for t in TIMES:
        cover = coverage(pink.frame(t * 3), lime.frame(t * 3))
        assert inside(cover), (kind, move, t)
        ys, xs = np.nonzero(cover > 0.5)
        box = pink.product_box(t * 3)
        assert box is not None  # the projected box is where the pixels are (1% of the frame)
        near = 0.01 * max(cover.shape)
        assert abs(xs.min() - box[0]) <= near and abs(xs.max() + 1 - box[2]) <= near
        assert abs(ys.min() - box[1]) <= near and abs(ys.max() + 1 - box[3]) <= near


def test_a_declared_close_up_may_cut_the_product() -> None:
    shot = Shot(kind="feature", seconds=3, text="Lid", description="Close-up of the lid")
    assert close_up(shot)
    story = board(shot)
    pink = build_clip(story, 0, keyed((255, 0, 255)))
    lime = build_clip(story, 0, keyed((0, 255, 0)))
    assert not inside(coverage(pink.frame(3.0), lime.frame(3.0)))


def test_transitions_never_show_the_product_twice() -> None:
    story = board(
        Shot(kind="hero", seconds=2, text="Steel bottle", transition="cut"),
        Shot(kind="feature", seconds=2, text="Leak-proof lid", transition="crossfade"),
        Shot(kind="lifestyle", seconds=2, camera="pan_right", transition="slide"),
        Shot(kind="end_card", seconds=2, camera="static", transition="crossfade"),
    )
    spans = timeline(story)
    mixing = {f for s in spans[1:] for f in range(s.start - s.overlap, s.start)}
    assert mixing
    pink = frames(story, keyed((255, 0, 255)))
    lime = frames(story, keyed((0, 255, 0)))
    shown = 0
    for index, (a, b) in enumerate(zip(pink, lime, strict=True)):
        if index not in mixing:
            continue
        cover = coverage(a, b)
        shown += bool((cover > 0.5).any())
        assert not ghosted(cover), index
    assert shown  # the transitions do show the product (one at a time)


def test_the_double_exposure_check_sees_a_plain_crossfade() -> None:
    story = board(
        Shot(kind="hero", seconds=2, text="Steel bottle", transition="cut"),
        Shot(kind="lifestyle", seconds=2, camera="pan_right", transition="crossfade"),
    )
    pink = [build_clip(story, i, keyed((255, 0, 255))) for i in (0, 1)]
    lime = [build_clip(story, i, keyed((0, 255, 0))) for i in (0, 1)]
    a = [cv2.addWeighted(c[0].frame(1.8), 0.5, c[1].frame(0.1), 0.5, 0.0) for c in (pink, lime)]
    assert ghosted(coverage(a[0], a[1]))  # the old crossfade: two bottles at two sizes
    assert not ghosted(coverage(pink[0].frame(1.0), lime[0].frame(1.0)))


def test_each_shot_has_its_own_scene() -> None:
    story = board(
        Shot(kind="hero", seconds=2, text="Steel bottle", transition="cut"),
        Shot(kind="feature", seconds=2, text="Leak-proof lid"),
        Shot(kind="feature", seconds=2, text="Cold for 24 hours"),
        Shot(kind="lifestyle", seconds=2, camera="pan_right"),
        Shot(kind="end_card", seconds=2, camera="static"),
    )
    builder = ShotBuilder(story, bottle(), None, make_look(story))
    themes = [builder.theme(s) for s in story.shots[:4]]
    assert themes[0] == "studio" and len(set(themes)) == 4
    assert scene_themes("studio")[0] == "studio"
    corners = {  # and the pictures differ: the backdrop's top corner of each shot
        tuple(build_clip(story, i, bottle()).frame(1.0)[5:40, 5:40].mean(axis=(0, 1)).round())
        for i in range(4)
    }
    assert len(corners) == 4


def test_a_shot_s_own_theme_still_wins() -> None:
    story = board(Shot(kind="hero", seconds=2), Shot(kind="feature", seconds=2, theme="beach"))
    builder = ShotBuilder(story, bottle(), None, make_look(story))
    assert builder.theme(story.shots[1]) == "beach"


@pytest.mark.parametrize("size", ["1280x720", "1080x1920"])
def test_the_end_card_shows_the_product_large_with_the_exact_headline(size: str) -> None:
    story = board(Shot(kind="hero", seconds=2), Shot(kind="end_card", seconds=2), size=size)
    logo = Image.new("RGBA", (200, 80), (20, 20, 20, 255))
    clip = build_clip(story, 1, bottle(), logo=logo)
    w, h = make_look(story).width, make_look(story).height
    product = max(clip.overlays, key=lambda o: int(o.alpha.astype(bool).sum()))
    x0, y0, x1, y1 = product.box
    assert (y1 - y0) >= (0.75 if w > h else 0.35) * h  # large (it was 0.3 and 0.25)
    assert len(clip.overlays) == 5  # logo, shadow, product, headline, button
    assert product.start < 0 and clip.frame(0.0)[y0 + (y1 - y0) // 2, (x0 + x1) // 2].any()
    card = EndCard(story, story.shots[1], bottle(), logo, make_look(story))
    assert card.headline == "Cold for 24 hours."


def test_the_headline_keeps_its_punctuation() -> None:
    request = WriteStoryboardRequest(
        product_image="img", seconds=12, headline="Cold for 24 hours. Really!",
        context="Steel water bottle, keeps drinks cold.",
    )
    story, _ = write_storyboard(request, None, "img", [], None)
    assert story.headline == "Cold for 24 hours. Really!"
    assert story.shots[-1].text == "Cold for 24 hours. Really!"
