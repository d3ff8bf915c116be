"""The canvas scene parts draw on: size, horizon, scale, the product's stage, texture unit."""

from __future__ import annotations

import math
from dataclasses import dataclass

from engines.local.themes import Theme


@dataclass(frozen=True)
class Canvas:
    """The canvas an accent draws on: size, horizon, scale and where the product stands."""

    w: int
    h: int
    hy: int
    s: float  # short side: accents scale with it
    theme: Theme
    stage: tuple[float, float, float]  # left, right and base row of the product's footprint

    @property
    def lx(self) -> float:
        """Horizontal component of the light direction (-1 left .. 1 right)."""
        return math.sin(math.radians(self.theme.lighting.direction))

    def scaled(self, f: int) -> Canvas:
        """The same canvas at 1/f of the size."""
        left, right, base = self.stage
        return Canvas(
            -(-self.w // f),
            -(-self.h // f),
            self.hy // f,
            self.s / f,
            self.theme,
            (left / f, right / f, base / f),
        )


def texture_unit(w: int, h: int) -> float:
    """Pixels per texture unit: the short side, but never tiny on extreme banners."""
    return max(min(w, h), max(w, h) / 3.2)
