"""What the learned reader's two models share in training: balanced losses and Adam.

Both the sentence network (:mod:`policy.training`) and the n-gram regression
(:mod:`policy.ngrams`) weigh each family's positives and negatives to half the loss each,
and take full-batch Adam steps on their numpy parameters.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def balanced(y: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Per sample and family, the loss weight that gives positives and negatives half each.

    Args:
        y: 0/1 labels, shape ``(n, families)``.
        mask: 1 where a sample teaches a family, same shape.
    """
    positives = (y * mask).sum(axis=0)
    negatives = ((1 - y) * mask).sum(axis=0)
    weights: np.ndarray = mask * np.where(
        y > 0, 0.5 / np.maximum(positives, 1), 0.5 / np.maximum(negatives, 1))
    return weights


class Adam:
    """Adam (beta 0.9 and 0.999) updating a list of numpy parameters in place."""

    def __init__(self, params: Sequence[np.ndarray], rate: float) -> None:
        """Keep ``params`` to update, with zeroed moments, and the step size ``rate``."""
        self.params = list(params)
        self.rate = rate
        self.moments = [np.zeros_like(p) for p in self.params]
        self.squares = [np.zeros_like(p) for p in self.params]
        self.steps = 0

    def step(self, grads: Sequence[np.ndarray]) -> None:
        """Move every parameter by its gradient in ``grads`` (same order and shapes)."""
        self.steps += 1
        t = self.steps
        for param, grad, m, v in zip(self.params, grads, self.moments, self.squares,
                                     strict=True):
            m *= 0.9
            m += 0.1 * grad
            v *= 0.999
            v += 0.001 * grad**2
            param -= self.rate * (m / (1 - 0.9**t)) / (np.sqrt(v / (1 - 0.999**t)) + 1e-8)
