"""Easing of animation time shared by storyboard videos and live images."""

from __future__ import annotations


def ease(t: float) -> float:
    """Smoothstep easing of ``t`` clamped to 0..1 (gentle start and stop)."""
    t = min(max(t, 0.0), 1.0)
    return t * t * (3.0 - 2.0 * t)
