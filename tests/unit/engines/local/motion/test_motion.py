"""Live images: ad layers, seamless loops, a product that moves visibly but gently, the file."""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from core.schemas import AnimateImageRequest
from engines import AdLayers
from engines.local.ad.compose import compose_layers
from engines.local.ad.composition import Composition
from engines.local.ad.recipe import Recipe
from engines.local.cutout import cut_out
from engines.local.encoding.encode import probe
from engines.local.motion.camera import auto_camera
from engines.local.motion.live import (
    MAX_ZOOM,
    MOTION_FLOOR,
    LiveLoop,
    motion_energy,
    render_live_image,
)
from engines.local.motion.particles import auto_particles
from engines.local.themes import load_themes
from evals import recipes

TEXT = {"headline": "Cold for 24 hours", "subline": "Insulated steel, 750 ml", "cta": "Shop now"}


@cache
def bottle() -> Image.Image:
    return cut_out(recipes.bottle_on_white()[0]).image


def logo() -> Image.Image:
    mark = Image.new("RGBA", (160, 64), (0, 0, 0, 0))
    ImageDraw.Draw(mark).rounded_rectangle((4, 4, 156, 60), radius=18, fill=(200, 40, 50, 255))
    return mark


@cache
def ad(theme: str, fmt: str) -> tuple[Composition, AdLayers]:
    return compose_layers(bottle(), Recipe(theme=theme, format=fmt, **TEXT), logo())


def flatten(layers: AdLayers) -> np.ndarray:
    """Overlay over scene, then the product pasted as compose_ad pastes it."""
    scene = np.asarray(layers.scene, dtype=np.float32)
    over = np.asarray(layers.overlay, dtype=np.float32)
    a = over[..., 3:] / 255.0
    out = np.clip(over[..., :3] * a + scene * (1 - a) + 0.5, 0, 255).astype(np.uint8)
    left, top, right, bottom = layers.product_box
    rgba = np.asarray(layers.product, dtype=np.uint32)
    pa = rgba[..., 3:]
    under = out[top:bottom, left:right].astype(np.uint32)
    out[top:bottom, left:right] = ((rgba[..., :3] * pa + under * (255 - pa) + 127) // 255).astype(
        np.uint8
    )
    return out


def opaque_product(frame: np.ndarray, layers: AdLayers) -> tuple[np.ndarray, np.ndarray]:
    left, top, right, bottom = layers.product_box
    rgba = np.asarray(layers.product)
    solid = rgba[..., 3] == 255
    return frame[top:bottom, left:right][solid], rgba[..., :3][solid]


# --------------------------------------------------------------------------- layers


@pytest.mark.parametrize(
    ("theme", "fmt"),
    [("marble", "square"), ("cafe-table", "story"), ("city-night-bokeh", "landscape")],
)
def test_layers_recompose_the_ad(theme: str, fmt: str) -> None:
    composition, layers = ad(theme, fmt)
    diff = np.abs(flatten(layers).astype(int) - np.asarray(composition.image, dtype=int))
    assert diff.mean() < 1.5
    assert np.percentile(diff, 99) < 8
    assert layers.theme == theme
    assert layers.scene.size == layers.overlay.size == composition.image.size
    assert np.asarray(layers.overlay)[..., 3].any()  # text and logo are in the overlay


def test_scene_layer_holds_no_text_or_product() -> None:
    composition, layers = ad("marble", "square")
    scene = np.asarray(layers.scene, dtype=int)
    image = np.asarray(composition.image, dtype=int)
    for box in [*composition.text_boxes, composition.product_box]:
        left, top, right, bottom = box
        assert np.abs(scene[top:bottom, left:right] - image[top:bottom, left:right]).mean() > 3


# --------------------------------------------------------------------------- the loop


@pytest.mark.parametrize("camera", ["push", "drift", "parallax"])
def test_loop_is_seamless(camera: str) -> None:
    _, layers = ad("snowy-mountain", "square")
    loop = LiveLoop(layers, seconds=3, fps=24, camera=camera)  # type: ignore[arg-type]
    first = loop.frame(0).astype(int)
    assert np.abs(loop.frame(loop.total).astype(int) - first).max() <= 1
    assert np.abs(loop.frame(loop.total - 1).astype(int) - first).mean() < 1.0
    middle = loop.frame(loop.total // 2).astype(int)
    assert np.abs(middle - first).mean() > 1.0  # something moves


def test_first_frame_is_the_ad() -> None:
    composition, layers = ad("studio", "square")
    loop = LiveLoop(layers, seconds=3, fps=24, particles="none")
    diff = np.abs(loop.frame(0).astype(int) - np.asarray(composition.image, dtype=int))
    assert diff.mean() < 0.5
    assert np.percentile(diff, 99) <= 2


@pytest.mark.parametrize("camera", ["push", "parallax"])
def test_product_pixels_are_exact_at_the_loop_ends_and_move_between(camera: str) -> None:
    _, layers = ad("winter-holidays", "square")
    loop = LiveLoop(layers, seconds=3, fps=24, camera=camera, sheen=False)  # type: ignore[arg-type]
    for index in (0, 1, loop.total - 1, loop.total):
        got, want = opaque_product(loop.frame(index), layers)
        assert want.shape[0] > 1000
        assert np.array_equal(got, want)
    got, want = opaque_product(loop.frame(loop.total // 2), layers)
    assert not np.array_equal(got, want)  # it moves with the camera in between


@pytest.mark.parametrize(
    ("theme", "fmt", "camera"),
    [("studio", "square", "push"), ("snowy-mountain", "story", "parallax"),
     ("marble", "landscape", "drift"), ("autumn", "square", "push")],
)
def test_the_product_visibly_moves_at_thumbnail_size_but_gently(
    theme: str, fmt: str, camera: str
) -> None:
    _, layers = ad(theme, fmt)
    loop = LiveLoop(layers, seconds=4, fps=24, camera=camera, sheen=False)  # type: ignore[arg-type]
    first, middle = loop.frame(0), loop.frame(loop.total // 2)
    assert motion_energy(first, middle, layers) >= MOTION_FLOOR  # seen in the chat
    assert loop.motion() >= MOTION_FLOOR
    assert loop._camera.maps(0.5)[0] <= MAX_ZOOM  # at most a 10% push
    steps = [  # and gentle: no frame jumps from the one before
        np.abs(loop.frame(i + 1).astype(int) - loop.frame(i).astype(int)).mean()
        for i in range(0, loop.total, 8)
    ]
    assert max(steps) < 2.5


def test_sheen_is_subtle_and_back_to_zero_at_the_loop_ends() -> None:
    _, layers = ad("studio", "square")
    loop = LiveLoop(layers, seconds=3, fps=24, particles="none", sheen=True)
    for index in (0, loop.total - 1):
        got, want = opaque_product(loop.frame(index), layers)
        assert np.array_equal(got, want)
    lit = [opaque_product(loop.frame(i), layers) for i in range(loop.total)]
    changes = [np.abs(g.astype(int) - w).mean() for g, w in lit]
    assert 0.3 < max(changes) < 25


def test_scene_moves_smoothly() -> None:
    _, layers = ad("marble", "square")
    loop = LiveLoop(layers, seconds=3, fps=24, camera="push", particles="none", sheen=False)
    steps = [
        np.abs(loop.frame(i + 1).astype(int) - loop.frame(i).astype(int)).mean()
        for i in range(0, loop.total, 6)
    ]
    assert max(steps) < 2.5  # gentle: no jumps between neighbouring frames


def test_text_and_logo_stay_static() -> None:
    composition, layers = ad("city-night-bokeh", "square")
    loop = LiveLoop(layers, seconds=3, fps=24, camera="parallax")
    alpha = np.asarray(layers.overlay)[..., 3] == 255
    first, middle = loop.frame(0), loop.frame(loop.total // 2)
    assert alpha.sum() > 500
    assert np.array_equal(first[alpha], middle[alpha])


@pytest.mark.parametrize(
    ("theme", "kind"),
    [
        ("snowy-mountain", "snow"),
        ("winter-holidays", "snow"),
        ("cafe-table", "steam"),
        ("kitchen-counter", "steam"),
        ("new-year", "sparkles"),
        ("autumn", "leaves"),
        ("forest", "leaves"),
        ("marble", "bokeh"),
        ("studio", "dust"),
        ("pastel", "none"),
        ("gradient-pop", "none"),
    ],
)
def test_particles_suit_the_theme(theme: str, kind: str) -> None:
    assert auto_particles(theme) == kind


def test_every_theme_has_a_particle_choice() -> None:
    kinds = {auto_particles(theme) for theme in load_themes()}
    assert kinds <= {"none", "dust", "bokeh", "snow", "steam", "sparkles", "leaves"}
    assert len(kinds) == 7


@pytest.mark.parametrize("kind", ["dust", "bokeh", "snow", "steam", "sparkles", "leaves"])
def test_each_particle_kind_draws_and_loops(kind: str) -> None:
    _, layers = ad("cafe-table", "square")  # mid-tone: light particles show on it
    loop = LiveLoop(layers, seconds=3, fps=24, particles=kind, sheen=False)  # type: ignore[arg-type]
    still = LiveLoop(layers, seconds=3, fps=24, particles="none", sheen=False)
    index = loop.total // 3
    assert np.abs(loop.frame(index).astype(int) - still.frame(index)).max() > 4
    assert np.abs(loop.frame(loop.total).astype(int) - loop.frame(0)).max() <= 1


@pytest.mark.parametrize(
    ("fmt", "camera"), [("square", "push"), ("story", "push"), ("landscape", "drift")]
)
def test_formats_keep_their_size_and_camera(fmt: str, camera: str) -> None:
    composition, layers = ad("studio", fmt)
    loop = LiveLoop(layers, seconds=3, fps=24)
    assert loop.size == composition.image.size
    assert loop.camera == auto_camera(layers) == camera
    assert loop.frame(5).shape == (composition.image.height, composition.image.width, 3)


def test_odd_sizes_are_made_even_away_from_the_product() -> None:
    _, layers = ad("studio", "medium-rectangle")
    w, h = layers.scene.size
    odd = replace(
        layers,
        scene=layers.scene.crop((0, 0, w - 1, h - 1)),
        overlay=layers.overlay.crop((0, 0, w - 1, h - 1)),
    )
    loop = LiveLoop(odd, seconds=3, fps=24, sheen=False, particles="none")
    assert loop.size == (w - 2, h - 2) or all(v % 2 == 0 for v in loop.size)
    assert all(v % 2 == 0 for v in loop.frame(3).shape[:2])


# --------------------------------------------------------------------------- rendering


def small(layers: AdLayers) -> AdLayers:
    """The layers at half size (a quick render)."""
    w, h = layers.scene.size
    box = tuple(v // 2 for v in layers.product_box)
    pw, ph = box[2] - box[0], box[3] - box[1]
    return replace(
        layers,
        scene=layers.scene.resize((w // 2, h // 2), Image.Resampling.LANCZOS),
        overlay=layers.overlay.resize((w // 2, h // 2), Image.Resampling.LANCZOS),
        product=layers.product.resize((pw, ph), Image.Resampling.LANCZOS),
        product_box=box,  # type: ignore[arg-type]
    )


def test_render_live_image_writes_a_loop(tmp_path: Path) -> None:
    _, layers = ad("snowy-mountain", "landscape")
    calls: list[tuple[int, int]] = []
    request = AnimateImageRequest(asset_id="a1", seconds=3, fps=24)
    video = render_live_image(
        small(layers), request, tmp_path, lambda d, t, m: calls.append((d, t)), lambda: False
    )
    info = probe(video.mp4)
    assert (info.width, info.height) == (600, 314)
    assert info.frames == 72 and info.codec == "h264" and info.pix_fmt == "yuv420p"
    assert video.poster is not None and video.preview is not None
    assert Image.open(video.poster).size == (600, 314)
    done = [d for d, _ in calls]
    assert done == sorted(done) and done[-1] == 72 and {t for _, t in calls} == {72}
