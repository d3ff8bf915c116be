"""The visible AI label on a video: one still pill, at one place, on every frame (issue 26).

Platforms show a disclosure for the whole video, so the label is drawn once (the image ads'
pill, :func:`~engines.local.ad.badge.badge_image`) and laid over every frame at the same
whole-pixel place: it never moves, resamples or shimmers. It goes in a bottom corner of the
safe zone that every shot leaves free (the drawn pixels of text cards, button, logo and
product, wherever the camera takes it; a soft shadow may pass under it), a top corner when
neither bottom one is, and shrinks before giving up.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from PIL import Image

from engines.local.ad.badge import LABEL_CORNERS, LABEL_MIN_HEIGHT, first_free_corner
from engines.local.ad.boxes import Box

SOLID = 96
"""Pixels of a layer at least this opaque (of 255) are what the label keeps clear of; a
contact shadow (at most 30%) or a glow's fringe may pass under it."""


@dataclass(frozen=True)
class Obstacle:
    """Something on a frame the label keeps clear of: a box, and the coverage inside it.

    Attributes:
        box: Where it lies on the frame (left, top, right, bottom; fractional for a product
            the camera scales).
        alpha: Its coverage (uint8), stretched over ``box``; None: the whole box counts.
    """

    box: tuple[float, float, float, float]
    alpha: np.ndarray | None = None

    def touches(self, region: Box) -> bool:
        """Whether any solid pixel of it lies inside ``region``."""
        x0, y0, x1, y1 = self.box
        if not (region[0] < x1 and x0 < region[2] and region[1] < y1 and y0 < region[3]):
            return False
        if self.alpha is None:
            return True
        h, w = self.alpha.shape[:2]
        sx, sy = w / max(x1 - x0, 1e-6), h / max(y1 - y0, 1e-6)
        c0, c1 = max(0, int((region[0] - x0) * sx)), min(w, int(np.ceil((region[2] - x0) * sx)))
        r0, r1 = max(0, int((region[1] - y0) * sy)), min(h, int(np.ceil((region[3] - y0) * sy)))
        return bool((self.alpha[r0:r1, c0:c1] >= SOLID).any())


@dataclass(frozen=True)
class Pill:
    """The label's pixels (straight RGBA) and where they lie on every frame."""

    image: Image.Image
    box: Box


class Painter:
    """Lays one pill onto frames; its weights are computed once, not per frame."""

    def __init__(self, pill: Pill) -> None:
        rgba = np.asarray(pill.image, dtype=np.uint16)
        a = rgba[..., 3:4]
        self.box = pill.box
        self._premul = rgba[..., :3] * a + 127
        self._inverse = 255 - a

    def apply(self, frame: np.ndarray) -> np.ndarray:
        """``frame`` with the pill on it (a copy when ``frame`` is read-only)."""
        if not frame.flags.writeable:
            frame = frame.copy()
        x0, y0, x1, y1 = self.box
        region = frame[y0:y1, x0:x1]
        region[:] = (self._premul + region * self._inverse) // 255
        return frame


def place_pill(
    text: str,
    size: tuple[int, int],
    safe: Box,
    obstacles: Iterable[Obstacle | Box],
    family: str,
) -> Pill | None:
    """The label in the first corner of ``safe`` that no obstacle comes near.

    Args:
        text: What it says ("AI-generated").
        size: The frame's (width, height).
        safe: The safe zone (left, top, right, bottom).
        obstacles: What the label keeps clear of, in any frame (a plain box: all of it).
        family: Font family.

    Returns:
        The pill and its box, or None when no corner is free at any size.
    """
    taken = [o if isinstance(o, Obstacle) else Obstacle(o) for o in obstacles]
    found = first_free_corner(
        text, size, safe, family, lambda padded: any(o.touches(padded) for o in taken),
        LABEL_CORNERS, LABEL_MIN_HEIGHT)
    return Pill(*found) if found is not None else None


def left_out(text: str) -> str:
    """The note that says the label found no place."""
    return (f"label {text!r} left out: no corner of the safe zone stays clear of the "
            "video's text, logo and product")
