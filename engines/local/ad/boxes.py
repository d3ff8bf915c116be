"""Boxes on an ad canvas: pixel boxes, boxes in fractions of the canvas, overlap."""

from __future__ import annotations

Box = tuple[int, int, int, int]
"""(left, top, right, bottom) in pixels."""
Frac = tuple[float, float, float, float]
"""(left, top, right, bottom) in fractions of the canvas."""


def to_pixels(frac: Frac, size: tuple[int, int]) -> Box:
    """The pixel box of ``frac`` on a canvas of ``size`` (width, height)."""
    w, h = size
    return (round(frac[0] * w), round(frac[1] * h), round(frac[2] * w), round(frac[3] * h))


def intersects(a: Box, b: Box) -> bool:
    """Whether boxes ``a`` and ``b`` overlap (touching edges do not)."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
