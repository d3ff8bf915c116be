"""The look every shot of a storyboard video shares: size, safe zone, accent colour, type."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from core.placements import resolve_placement
from engines.local.raster import hex_rgb
from engines.local.themes import resolve_theme
from engines.local.typography.fonts import DEFAULT_FONT

if TYPE_CHECKING:
    from core.schemas import Storyboard

RGB = tuple[int, int, int]
Box = tuple[int, int, int, int]


@dataclass(frozen=True)
class Look:
    """What every shot of one video shares: size, safe zone, colours and type.

    Attributes:
        width: Frame width.
        height: Frame height.
        fps: Frames per second.
        safe: Box text must stay inside (the format's safe zone).
        accent: Brand colour of buttons, bars and step numbers.
        vertical: Whether the frame is 9:16.
        font: Font family id.
        theme: Scene theme id.
        seed: Scene randomness.
        brand_colors: ``#RRGGBB`` brand colours.
    """

    width: int
    height: int
    fps: int
    safe: Box
    accent: RGB
    vertical: bool
    font: str
    theme: str
    seed: int
    brand_colors: tuple[str, ...] = ()

    @property
    def unit(self) -> int:
        """The short side: type and spacing scale with it."""
        return min(self.width, self.height)


def video_safe_zone(width: int, height: int) -> Box:
    """The safe zone of a ``width`` x ``height`` video, in its pixels.

    That of its format's placement, scaled to its size: ``story`` for a vertical video,
    ``widescreen`` otherwise.
    """
    placement = resolve_placement("story" if height > width else "widescreen")
    sx, sy = width / placement.width, height / placement.height
    box = placement.safe_box()
    return (round(box[0] * sx), round(box[1] * sy), round(box[2] * sx), round(box[3] * sy))


def make_look(storyboard: Storyboard, seed: int = 0) -> Look:
    """The look of a storyboard's video (safe zone of its format, brand accent, theme)."""
    width, height = storyboard.dimensions
    vertical = height > width
    safe = video_safe_zone(width, height)
    theme = resolve_theme(storyboard.theme, storyboard.title)
    accent = storyboard.brand_colors[0] if storyboard.brand_colors else theme.palette.accent
    return Look(
        width, height, storyboard.fps, safe, hex_rgb(accent), vertical,
        DEFAULT_FONT, theme.id, seed, tuple(storyboard.brand_colors),
    )
