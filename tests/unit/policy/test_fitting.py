"""The reader's shared training pieces: balanced loss weights and Adam."""

from __future__ import annotations

import numpy as np

from policy.fitting import Adam, balanced


def test_positives_and_negatives_each_weigh_half_of_a_familys_loss() -> None:
    y = np.array([[1, 0], [0, 0], [0, 1], [0, 0]], np.float32)
    mask = np.array([[1, 1], [1, 1], [1, 1], [1, 0]], np.float32)  # last row: no say on 2nd
    weights = balanced(y, mask)
    assert np.allclose((weights * y).sum(axis=0), 0.5)
    assert np.allclose((weights * (1 - y) * mask).sum(axis=0), 0.5)
    assert weights[3, 1] == 0.0


def test_adam_walks_every_parameter_down_its_gradient_in_place() -> None:
    target = np.array([3.0, -2.0], np.float32)
    point, offset = np.zeros(2, np.float32), np.zeros(1, np.float32)
    adam = Adam([point, offset], rate=0.1)
    for _ in range(300):
        adam.step([2 * (point - target), 2 * (offset - 1.0)])
    assert np.allclose(point, target, atol=0.05) and np.allclose(offset, 1.0, atol=0.05)
    assert adam.steps == 300
