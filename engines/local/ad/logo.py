"""Placing the brand logo in a free corner of the placement's safe zone."""

from __future__ import annotations

import math

from PIL import Image

from core.placements import Placement
from engines.local.ad.boxes import Box, intersects
from engines.local.ad.recipe import Corner


def _logo_size(logo: Image.Image, size: tuple[int, int]) -> tuple[int, int]:
    w, h = size
    base = math.sqrt(w * h)
    max_h = min(0.42 * h, 0.07 * base * max(1.0, math.sqrt(w / h) / 1.4))
    max_w = min(0.3 * w, 0.22 * base)
    scale = min(max_w / logo.width, max_h / logo.height)
    return max(1, round(logo.width * scale)), max(1, round(logo.height * scale))


_CORNERS: tuple[Corner, ...] = ("top-left", "top-right", "bottom-right", "bottom-left")


def place_logo(
    logo: Image.Image, placement: Placement, obstacles: list[Box], corner: Corner
) -> tuple[Image.Image, Box] | None:
    """The scaled logo in the first free corner of the safe zone (preferred corner first)."""
    rgba = logo if logo.mode == "RGBA" else logo.convert("RGBA")
    bbox = rgba.getchannel("A").getbbox()
    if bbox is None:
        return None
    rgba = rgba.crop(bbox)
    left, top, right, bottom = placement.safe_box()
    gap = max(4, round(min(placement.size) * 0.03))
    order = _CORNERS if corner == "auto" else (corner, *(c for c in _CORNERS if c != corner))
    for shrink in (1.0, 0.75, 0.55):
        lw, lh = _logo_size(rgba, placement.size)
        lw, lh = max(1, round(lw * shrink)), max(1, round(lh * shrink))
        for name in order:
            x = left if name.endswith("left") else right - lw
            y = top if name.startswith("top") else bottom - lh
            box = (x, y, x + lw, y + lh)
            padded = (x - gap, y - gap, x + lw + gap, y + lh + gap)
            if not any(intersects(padded, o) for o in obstacles):
                return rgba.resize((lw, lh), Image.Resampling.LANCZOS), box
    return None
