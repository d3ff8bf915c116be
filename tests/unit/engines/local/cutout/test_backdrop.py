"""The fitted backdrop: sweeps and flat paper are plain, scenes are not."""

from __future__ import annotations

import numpy as np

from engines.local.cutout import backdrop, classical


def lab_of(rgb: np.ndarray) -> np.ndarray:
    return classical.to_lab(rgb.astype(np.uint8))


def sweep(h: int = 300, w: int = 400) -> np.ndarray:
    """Paper that darkens from 250 at the top to 214 at the bottom (a studio sweep)."""
    column = np.linspace(250, 214, h)[:, None, None]
    return np.broadcast_to(column, (h, w, 3)).copy()


def test_a_sweep_is_plain_and_followed_from_top_to_bottom() -> None:
    lab = lab_of(sweep())
    fitted = backdrop.fit(lab)
    assert fitted.plain
    assert np.percentile(fitted.delta_e(lab), 95) < 1.5  # the paper everywhere, not one colour


def test_a_product_touching_the_frame_does_not_bend_the_fit() -> None:
    photo = sweep()
    photo[150:, 150:250] = (30, 60, 160)  # a blue product running off the bottom
    lab = lab_of(photo)
    fitted = backdrop.fit(lab)
    paper = np.ones(lab.shape[:2], bool)
    paper[150:, 150:250] = False
    assert fitted.plain and np.percentile(fitted.delta_e(lab)[paper], 95) < 1.5


def test_flat_paper_is_one_colour() -> None:
    rng = np.random.default_rng(0)
    photo = np.full((200, 300, 3), 247.0) + rng.normal(0, 1.0, (200, 300, 3))
    fitted = backdrop.fit(lab_of(np.clip(photo, 0, 255)))
    assert fitted.plain and np.ptp(fitted.lab[..., 0]) == 0.0


def test_a_scene_is_not_plain() -> None:
    rng = np.random.default_rng(1)
    scene = rng.integers(0, 256, (200, 300, 3))
    assert not backdrop.fit(lab_of(scene)).plain
