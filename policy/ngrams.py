"""A second, language-agnostic view of ad copy for the learned reader: hashed character n-grams.

The sentence encoder (:mod:`policy.semantic`) reads meaning but blurs spellings it never
saw ("gar4ntiert", "cur3s", a brand name, a word of a small language). This view reads the
characters: every run of 3 to 5 characters of the text's disguise-free reading
(:func:`policy.normalise.normalise`), lower-cased, with a space at each end, is hashed into
one of ``2**BITS`` buckets; a text's vector marks its buckets (L2-normalised), and a
logistic regression per family (:func:`fit`) scores it. The hashing is a few numpy
operations over the text's code points, so a chat message costs well under a millisecond.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from policy.fitting import Adam, balanced
from policy.normalise import normalise

BITS = 17
"""Buckets of the hashed n-grams: ``2**BITS`` (131,072; a few collisions, a small model)."""
SIZES = (3, 4, 5)
"""The lengths of the character n-grams."""
L2 = 1e-4
"""The regression's L2 penalty (the rows' losses are balanced per family to sum to one)."""
STEPS = 80
"""Full-batch Adam steps (a step reads every stored n-gram: about a second on 6,000 cases)."""
RATE = 0.1
"""Adam's step size."""
_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)
_MIX = np.uint64(0xBF58476D1CE4E5B9)


@dataclass(frozen=True)
class Sparse:
    """Rows of hashed n-gram vectors, stored by row (a numpy stand-in for a CSR matrix).

    Attributes:
        starts: Where each row begins in ``columns``, then the end, shape ``(rows + 1,)``.
        columns: The bucket of each stored value.
        values: The stored values (each row's are L2-normalised).
    """

    starts: np.ndarray
    columns: np.ndarray
    values: np.ndarray

    @property
    def rows(self) -> int:
        """The number of rows."""
        return len(self.starts) - 1

    def dot(self, weights: np.ndarray) -> np.ndarray:
        """``rows @ weights`` for weights of shape ``(2**BITS, k)``: shape ``(rows, k)``."""
        out = np.zeros((self.rows, weights.shape[1]), np.float32)
        filled = np.flatnonzero(np.diff(self.starts))
        if len(filled):
            products = weights[self.columns] * self.values[:, None]
            out[filled] = np.add.reduceat(products, self.starts[filled], axis=0)
        return out

    def take(self, rows: np.ndarray) -> Sparse:
        """The rows ``rows``, in that order."""
        lengths = np.diff(self.starts)[rows]
        starts = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
        index = np.concatenate([np.arange(self.starts[r], self.starts[r + 1]) for r in rows]
                               ) if len(rows) else np.zeros(0, np.int64)
        return Sparse(starts, self.columns[index], self.values[index])


def buckets(text: str) -> np.ndarray:
    """The distinct buckets of the 3- to 5-grams of ``text`` as read (lower-cased, padded)."""
    padded = f" {' '.join(text.lower().split())} "
    codes = np.frombuffer(padded.encode("utf-32-le"), np.uint32).astype(np.uint64)
    found = []
    for size in SIZES:
        if len(codes) < size:
            continue
        hashed = np.full(len(codes) - size + 1, np.uint64(size), np.uint64)
        for k in range(size):
            hashed = (hashed ^ codes[k:len(codes) - size + 1 + k]) * _MULTIPLIER
        hashed ^= hashed >> np.uint64(31)
        hashed *= _MIX
        found.append(hashed >> np.uint64(64 - BITS))
    if not found:
        return np.zeros(0, np.int64)
    return np.unique(np.concatenate(found)).astype(np.int64)


def reading(text: str) -> str:
    """What the view reads of ``text``: its first disguise-free reading ("cur3s" -> "cures")."""
    return normalise(text).text


def vectors(texts: list[str]) -> Sparse:
    """The L2-normalised bucket vectors of ``texts`` (each read by :func:`reading`)."""
    columns = [buckets(reading(t)) for t in texts]
    lengths = np.array([len(c) for c in columns], np.int64)
    starts = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
    values = np.concatenate([np.full(len(c), 1 / np.sqrt(max(len(c), 1)), np.float32)
                             for c in columns]) if texts else np.zeros(0, np.float32)
    flat = np.concatenate(columns) if texts else np.zeros(0, np.int64)
    return Sparse(starts, flat.astype(np.int64), values.astype(np.float32))


def fit(
    x: Sparse, y: np.ndarray, mask: np.ndarray, l2: float = L2, steps: int = STEPS,
    rate: float = RATE,
) -> tuple[np.ndarray, np.ndarray]:
    """A logistic regression per family on hashed n-grams, by full-batch Adam (classes balanced).

    Only buckets that at least two rows have get a weight: one seen once cannot generalise.

    Args:
        x: The rows' vectors.
        y: 0/1 labels, shape ``(rows, families)``.
        mask: 1 where a row teaches a family, shape ``(rows, families)``.
        l2: The weights' L2 penalty.
        steps: Adam's steps.
        rate: Adam's step size.

    Returns:
        The weights ``(2**BITS, families)`` and the biases ``(families,)``.
    """
    families = y.shape[1]
    balance = balanced(y, mask)
    used, local, seen = np.unique(x.columns, return_inverse=True, return_counts=True)
    shared = seen[local] >= 2
    columns, values = local[shared], x.values[shared]
    row_of = np.repeat(np.arange(x.rows), np.diff(x.starts))[shared]
    weights = np.zeros((families, len(used)), np.float32)  # a family's weights side by side
    bias = np.zeros(families, np.float32)
    params = [weights, bias]
    adam = Adam(params, rate)
    for _ in range(steps):
        logits = np.stack([np.bincount(row_of, values * weights[k][columns], x.rows)
                           for k in range(families)], axis=1) + bias
        p = 1 / (1 + np.exp(-np.clip(logits, -30, 30)))
        error = ((p - y) * balance).astype(np.float32)
        grad_w = np.stack([np.bincount(columns, values * error[row_of, k], len(used))
                           for k in range(families)]).astype(np.float32) + l2 * weights
        grads = [grad_w, error.sum(axis=0)]
        adam.step(grads)
    full = np.zeros((2**BITS, families), np.float32)
    full[used] = weights.T
    return full, bias


def probabilities(x: Sparse, weights: np.ndarray, bias: np.ndarray) -> np.ndarray:
    """The probability of each family for each row, shape ``(rows, families)``."""
    logits = x.dot(weights) + bias  # weights as loaded: a copy of them would cost 5 MB a call
    return 1.0 / (1.0 + np.exp(-np.clip(logits, -30.0, 30.0)))
