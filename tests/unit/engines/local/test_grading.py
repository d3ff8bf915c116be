"""Whole-image grading: brightness and contrast steps anyone sees side by side."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from PIL import Image

from engines.local import grading

MIN_STEP = 6.0
"""CIELAB lightness a 0.3 brightness step moves a scene's mean at least (a visible step)."""


def lightness(image: Image.Image | np.ndarray) -> np.ndarray:
    """CIELAB L* (0..100) of every pixel."""
    rgb = np.asarray(image, np.float32) / 255.0
    return cv2.cvtColor(np.clip(rgb, 0, 1), cv2.COLOR_RGB2LAB)[..., 0]


def scene(top: tuple[int, int, int], bottom: tuple[int, int, int]) -> Image.Image:
    """A textured two-tone scene: a wall gradient over a floor, with some noise."""
    rng = np.random.default_rng(3)
    t = np.linspace(0, 1, 240, dtype=np.float32)[:, None, None]
    wall = np.array(top, np.float32) * (1 - t) + np.array(bottom, np.float32) * t
    pixels = np.broadcast_to(wall, (240, 320, 3)) + rng.normal(0, 6, (240, 320, 3))
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))


SCENES = {
    "white studio": scene((246, 246, 244), (205, 205, 203)),
    "green hills": scene((196, 208, 196), (96, 110, 88)),
    "night": scene((22, 26, 60), (60, 52, 96)),
}


@pytest.mark.parametrize("name", list(SCENES))
def test_a_brightness_step_of_0_3_is_clearly_visible_both_ways(name: str) -> None:
    image = SCENES[name]
    before = lightness(image).mean()
    brighter = lightness(grading.adjust(image, brightness=0.3)).mean() - before
    darker = lightness(grading.adjust(image, brightness=-0.3)).mean() - before
    assert brighter >= MIN_STEP and darker <= -MIN_STEP
    small = lightness(grading.adjust(image, brightness=0.15)).mean() - before
    big = lightness(grading.adjust(image, brightness=0.6)).mean() - before
    assert 0 < small < brighter < big  # a larger amount is a larger step


@pytest.mark.parametrize("name", list(SCENES))
def test_contrast_spreads_or_gathers_the_tones_and_keeps_the_mean(name: str) -> None:
    image = SCENES[name]
    before = lightness(image)
    more = lightness(grading.adjust(image, contrast=0.3))
    less = lightness(grading.adjust(image, contrast=-0.3))
    assert more.std() >= 1.2 * before.std() and less.std() <= 0.83 * before.std()
    assert abs(more.mean() - before.mean()) < 4 and abs(less.mean() - before.mean()) < 4


def test_the_curves_keep_black_white_and_order() -> None:
    ramp = np.linspace(0, 1, 256, dtype=np.float32)
    for amount in (-1.0, -0.3, 0.3, 1.0):
        for curve in (
            grading.brightness_curve(ramp, amount),
            grading.contrast_curve(ramp, amount, 0.4),
        ):
            assert np.all(np.diff(curve) >= 0)  # tones never swap places
            assert curve.min() >= 0 and curve.max() <= 1
    flat = grading.contrast_curve(ramp, 0.6, 0.4)
    assert flat[0] == 0 and abs(flat[-1] - 1) < 1e-6  # contrast keeps black and white
    assert grading.brightness_curve(ramp, 0.3)[0] > 0  # a brighter night lifts its black
    assert grading.brightness_curve(ramp, -0.3)[-1] < 1  # a darker studio greys its white


def test_zero_changes_nothing_and_out_of_range_is_refused() -> None:
    image = SCENES["green hills"]
    assert np.array_equal(np.asarray(grading.adjust(image, contrast=0.0)), np.asarray(image))
    with pytest.raises(ValueError, match="contrast"):
        grading.adjust(image, contrast=1.5)
    with pytest.raises(ValueError, match="brightness"):
        grading.grade_array(np.asarray(image), brightness=-1.01)


def test_warmth_shows_on_a_dark_scene_as_on_a_light_one_and_leaves_white_alone() -> None:
    def delta_e(rgb: np.ndarray, warmth: float) -> float:
        before = cv2.cvtColor(rgb / 255.0, cv2.COLOR_RGB2LAB)
        graded = np.clip(grading.grade_array(rgb, warmth=warmth), 0, 255)
        after = cv2.cvtColor(graded / 255.0, cv2.COLOR_RGB2LAB)
        return float(np.sqrt(((after - before) ** 2).sum(axis=-1)).mean())

    night = np.full((8, 8, 3), (28, 30, 62), np.float32)  # a navy night sky
    day = np.full((8, 8, 3), (196, 204, 214), np.float32)  # a pale studio wall
    assert delta_e(night, 0.35) >= 4.0 and delta_e(day, 0.35) >= 4.0
    assert delta_e(night, 0.6) > 1.5 * delta_e(night, 0.35)
    white = np.full((4, 4, 3), 255, np.float32)
    assert np.allclose(grading.warm_shadows(white, 1.0), 0.0)
    warm, cool = grading.warm_shadows(night, 0.35), grading.warm_shadows(night, -0.35)
    assert warm[0, 0, 0] > 0 > cool[0, 0, 0]  # red up when warmer, down when cooler
