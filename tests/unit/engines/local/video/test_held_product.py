"""A held product in storyboard videos: it enters every shot from the side its photo cut it.

Issue 18: a product held in a hand (or cut by the photo's edge) is staged cropped at the
frame's edge, never standing on a floor with a shadow, and no camera move shows its cut.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pytest
from PIL import Image

import engines.local.ad.compose as compose
from core.schemas import Shot, Storyboard
from engines.local.cutout import cut_out
from engines.local.video.look import make_look
from engines.local.video.render import frames, timeline
from engines.local.video.shots import ShotBuilder
from engines.local.video.stages import build_stage
from evals import recipes
from tests.held import edge_run, held, palette, shade

SHOTS = (
    Shot(kind="hero", seconds=2, text="Pink serum", camera="push_in", transition="cut"),
    Shot(kind="feature", seconds=2, text="Twist-off cap", camera="push_in"),
    Shot(kind="lifestyle", seconds=2, text="Every day", camera="pan_right", transition="slide"),
    Shot(kind="lifestyle", seconds=2, text="", camera="pan_left"),
    Shot(kind="how_it_works", seconds=2, text="Twist; Dab; Glow", camera="static"),
    Shot(kind="end_card", seconds=2, text="Glow all day", camera="static"),
)
RUN = 30  # pixels of the product along the frame's edge: the arm alone is ~100 at rest


def board(size: str) -> Storyboard:
    return Storyboard(
        title="Pink serum", product_image="img_1", size=size, theme="studio",
        headline="Glow all day", cta="Shop now", brand_colors=["#2A6F97"], shots=list(SHOTS),
    )


@cache
def bottle() -> Image.Image:
    return cut_out(recipes.bottle_on_white()[0]).image


def builder(size: str, cutout: Image.Image, cropped: tuple[str, ...]) -> ShotBuilder:
    storyboard = board(size)
    return ShotBuilder(storyboard, cutout, None, make_look(storyboard), cropped)


def stage_shades(shots: ShotBuilder) -> list[np.ndarray]:
    """For each stage the shots were built on: how much its shadows darken the scene.

    The reference is the same stage composed with no shadow or reflection drawn.
    """
    out = []
    for (variation, scale, shift, theme), stage in shots.stages.items():
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(compose, "shadows", lambda canvas, *_: canvas)
            patch.setattr(compose, "reflection", lambda canvas, *_: canvas)
            bare = build_stage(
                shots.cutout, shots.look, variation, scale, shift, theme, shots.cropped
            )
        assert bare.box == stage.box
        out.append(shade(stage.plate, bare.plate, stage.box, stage.product[..., 3]))
    return out


@pytest.mark.parametrize(
    ("side", "size"), [("bottom", "1280x720"), ("right", "1080x1920"), ("left", "1280x720")]
)
def test_every_shot_keeps_the_held_product_against_its_cut_side(side: str, size: str) -> None:
    cutout = held(side)
    colours = palette(cutout)
    shots = builder(size, cutout, (side,))
    for shot in SHOTS:
        clip = shots.build(shot, 0.0)
        for seconds in (0.0, 0.5, 1.0, 1.5, 2.0):  # through the push-ins and pans
            if shot.kind == "end_card" and seconds < 0.5:
                continue  # the end card's elements fade in over its first half second
            frame = clip.frame(seconds)
            for inset in (0, 3):
                run = edge_run(frame, colours, side, inset)
                assert run >= RUN, (shot.kind, seconds, inset, run)
    assert all(stage.cropped == {side} for stage in shots.stages.values())
    for darker in stage_shades(shots):  # no contact or cast shadow on the floor
        assert darker.max() <= 1


def test_the_video_of_a_held_product_shows_it_at_the_bottom_edge_in_every_frame() -> None:
    storyboard = board("1280x720")
    colours = palette(held())
    spans = timeline(storyboard)
    card = spans[-1]  # the end card's elements fade in just after its cut
    entering = range(card.start - card.overlap, card.start + round(0.5 * storyboard.fps))
    for index, frame in enumerate(frames(storyboard, held(), cropped=["bottom"])):
        if (index % 6 == 0 or index == card.end - 1) and index not in entering:
            assert edge_run(frame, colours, "bottom") >= RUN, index  # transitions too


def test_a_close_up_held_against_the_cut_edge_does_not_fade_it() -> None:
    shots = builder("1280x720", held(), ("bottom",))
    shots.features = 2  # the third close-up: the low part of the product, the arm
    close = SHOTS[1].model_copy(update={"description": "Close-up of the lower part"})
    clip = shots.build(close, 0.0)
    colours = palette(held())
    for seconds in (0.5, 1.5):
        frame = clip.frame(seconds)
        above = frame[-4] // 8
        arm = colours[above[:, 0], above[:, 1], above[:, 2]]
        assert arm.sum() >= RUN
        change = np.abs(frame[-1].astype(int) - frame[-4].astype(int)).max(axis=1)[arm]
        assert change.mean() < 3, change.mean()  # the last row is the arm, not a fade


def test_captions_and_the_end_card_give_way_to_a_product_entering_from_the_left() -> None:
    shots = builder("1280x720", held("left"), ("left",))
    hero = shots.build(SHOTS[0], 0.0)
    stage = next(iter(shots.stages.values()))
    assert stage.box[0] == 0
    for overlay in hero.overlays:
        assert overlay.box[0] >= stage.box[2], overlay.box  # the caption is beside it
    card = shots.build(SHOTS[-1], 0.0)
    product, *rest = card.overlays  # the product first, no shadow layer under it
    assert product.box[0] == 0 and product.box[3] <= 720
    assert rest and all(o.box[0] >= product.box[2] for o in rest)
    frame = card.frame(2.0)
    plate = card.background(1.0)
    beside = np.ones(frame.shape[:2], bool)
    x0, y0, x1, y1 = product.box
    beside[max(0, y0 - 20) : y1 + 20, : x1 + 20] = False  # the product and its rim
    for o in rest:
        beside[o.box[1] : o.box[3], o.box[0] : o.box[2]] = False
    assert np.abs(frame.astype(int) - plate)[beside].max() <= 1  # nothing else drawn


def test_an_uncropped_product_still_stands_on_the_floor_with_its_shadow() -> None:
    shots = builder("1280x720", bottle(), ())
    for shot in SHOTS[:3]:
        shots.build(shot, 0.0)
    for stage in shots.stages.values():
        assert stage.cropped == frozenset()
        assert stage.box[3] < 720 and stage.box[1] > 0  # standing in the scene
    for darker in stage_shades(shots):
        assert np.percentile(darker, 99.9) > 5  # its shadows (softest on the desk scene)
    card = shots.build(SHOTS[-1], 0.0)
    shadow, product = card.overlays[:2]
    assert shadow.box[1] < product.box[3] < shadow.box[3]  # grounded by a contact shadow
