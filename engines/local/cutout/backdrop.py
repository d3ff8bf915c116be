"""The photo's backdrop as a smooth field, so studio sweeps and vignettes count as plain.

Product photos are shot on paper that often darkens towards the floor or the corners. One
colour for the whole backdrop would call such a photo busy, or a handle gap at the top of
the frame a different colour from the paper at the bottom. Instead a plane in x and y is
fitted, per Lab channel, to the pixels of a thin frame around the photo, robustly: starting
from the frame's median colour, only pixels near the current fit are used for the next
(so a product touching the frame does not bend it). A plane cannot bulge in the middle of
the photo, where there are no samples.
A field that varies by less than :data:`_SWEEP` is flat paper and is taken as one colour
(extrapolating faint noise into the middle would only invent shading there).
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

Array = np.ndarray

_PLAIN_DELTA_E = 6.0  # a frame pixel this close to the fitted backdrop is backdrop
_PLAIN_SHARE = 0.75  # ... and this share of the frame must be, for a plain backdrop
_SWEEP = 3.0  # a fitted field varying less than this (delta E) is one flat colour


@dataclass(frozen=True)
class Backdrop:
    """The fitted backdrop.

    Attributes:
        lab: float32 HxWx3, the backdrop's Lab colour at every pixel.
        plain: Whether the frame is this smooth backdrop (a product shot), not a scene.
    """

    lab: Array
    plain: bool

    def rgb_at(self, ys: Array, xs: Array, shape: tuple[int, ...]) -> Array:
        """The backdrop's RGB (float, 0..255) at pixels of a photo of ``shape`` (H, W, ...).

        The field was fitted on a smaller copy; only the asked pixels are converted.
        """
        h, w = self.lab.shape[:2]
        fy = np.clip(np.rint(ys * (h / shape[0])), 0, h - 1).astype(np.intp)
        fx = np.clip(np.rint(xs * (w / shape[1])), 0, w - 1).astype(np.intp)
        lab = np.ascontiguousarray(self.lab[fy, fx].reshape(-1, 1, 3), np.float32)
        return cv2.cvtColor(lab, cv2.COLOR_LAB2RGB).reshape(-1, 3) * 255.0

    def delta_e(self, lab: Array) -> Array:
        """Colour distance (CIE76) of every pixel of ``lab`` from the backdrop.

        The squares are added channel by channel, in the order a sum over the last axis
        adds them (the same figures), without its slow strided reduction.
        """
        d = lab - self.lab
        d *= d
        total = d[..., 0] + d[..., 1]
        total += d[..., 2]
        return np.sqrt(total, out=total)


def _frame(h: int, w: int) -> Array:
    b = max(2, min(h, w) // 50)
    frame = np.zeros((h, w), bool)
    frame[:b], frame[-b:], frame[:, :b], frame[:, -b:] = True, True, True, True
    return frame


def _basis(ys: Array, xs: Array, h: int, w: int) -> Array:
    x, y = xs / max(w - 1, 1) - 0.5, ys / max(h - 1, 1) - 0.5
    return np.stack([np.ones_like(x), x, y], axis=1).astype(np.float32)


def fit(lab: Array) -> Backdrop:
    """Fit the backdrop of a photo given in Lab (float32 HxWx3)."""
    h, w = lab.shape[:2]
    ys, xs = np.nonzero(_frame(h, w))
    step = max(1, ys.size // 4000)
    ys, xs = ys[::step], xs[::step]
    samples = lab[ys, xs].astype(np.float32)
    design = _basis(ys, xs, h, w)
    median = np.median(samples, axis=0)
    residual = np.sqrt(((samples - median) ** 2).sum(axis=1))
    coef = np.zeros((design.shape[1], 3), np.float32)
    coef[0] = median
    for _ in range(3):
        keep = residual < _PLAIN_DELTA_E
        if keep.sum() < 12:
            break
        coef, *_ = np.linalg.lstsq(design[keep], samples[keep], rcond=None)
        residual = np.sqrt(((design @ coef - samples) ** 2).sum(axis=1))
    keep = residual < _PLAIN_DELTA_E
    plain = bool(np.mean(residual < _PLAIN_DELTA_E) > _PLAIN_SHARE)
    fitted = design[keep] @ coef
    if not keep.any() or np.ptp(fitted, axis=0).max() < _SWEEP:  # flat paper: one colour
        flat = np.median(samples[keep] if keep.any() else samples, axis=0).astype(np.float32)
        return Backdrop(lab=np.full((h, w, 3), flat, np.float32), plain=plain)
    grid_y, grid_x = np.mgrid[0:h, 0:w]
    full = _basis(grid_y.ravel(), grid_x.ravel(), h, w) @ coef
    return Backdrop(lab=full.reshape(h, w, 3).astype(np.float32), plain=plain)
