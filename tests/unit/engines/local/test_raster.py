"""The raster helpers' steps, as the scene's surfaces rely on them."""

import numpy as np

from engines.local.raster import smoothstep


def test_smoothstep_rises_between_its_edges() -> None:
    x = np.array([0.0, 0.25, 0.5, 0.75, 1.0], dtype=np.float32)
    out = smoothstep(0.25, 0.75, x)
    assert out[0] == 0.0 and out[1] == 0.0 and out[-1] == 1.0
    assert abs(out[2] - 0.5) < 1e-6


def test_reversed_edges_fall_smoothly_instead_of_a_hard_step() -> None:
    # a seam 0.012 wide: full at the joint, gone at 0.012, half way at 0.006
    x = np.array([0.0, 0.006, 0.012, 0.5], dtype=np.float32)
    out = smoothstep(0.012, 0.0, x)
    assert out[0] == 1.0 and out[2] == 0.0 and out[3] == 0.0
    assert abs(out[1] - 0.5) < 1e-6


def test_equal_edges_are_a_hard_step() -> None:
    out = smoothstep(0.5, 0.5, np.array([0.4, 0.5, 0.6], dtype=np.float32))
    assert out.tolist() == [0.0, 1.0, 1.0]
