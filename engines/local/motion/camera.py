"""The camera of live images: a gentle periodic push, drift or parallax over the scene."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import cv2
import numpy as np

from engines import AdLayers
from engines.local.themes import load_themes

Camera = Literal["push", "drift", "parallax"]
Box = tuple[int, int, int, int]


PUSH_ZOOM = 0.045
"""How far the push zooms the scene in at mid-loop (4.5%)."""
MAX_COVER_ZOOM = 1.06
"""Most zoom used to keep the canvas covered while the scene drifts."""


def auto_camera(layers: AdLayers) -> Camera:
    """The camera move that suits the ad: drift for wide formats, parallax outdoors, else push.

    Args:
        layers: The ad's layers (size and theme are used).

    Returns:
        ``drift``, ``parallax`` or ``push``.
    """
    w, h = layers.scene.size
    if w / h > 1.2:
        return "drift"
    theme = load_themes().get(layers.theme)
    if theme is not None and theme.backdrop.style == "sky":
        return "parallax"
    return "push"


def _ease(t: float) -> float:
    """0 at the loop's start and end, 1 at its middle, with zero speed at both (cosine)."""
    return 0.5 - 0.5 * math.cos(2.0 * math.pi * t)


@dataclass(frozen=True)
class LoopCamera:
    """A periodic scene move: zoom about the product's base and a depth-weighted pan."""

    size: tuple[int, int]
    anchor: tuple[float, float]
    zoom: float
    pan: float
    depth: np.ndarray  # per row: pan weight (0 at the product's base, -1 far behind)

    @classmethod
    def build(cls, kind: Camera, size: tuple[int, int], box: Box, seed: int) -> LoopCamera:
        """The move of ``kind`` for a canvas of ``size`` with the product at ``box``."""
        w, h = size
        ax, ay = min(max((box[0] + box[2]) / 2, 0.0), w - 1.0), min(float(box[3]), h - 1.0)
        if kind == "push":
            return cls(size, (ax, ay), PUSH_ZOOM, 0.0, np.zeros(h, np.float32))
        near = 0.6 if kind == "drift" else 1.4
        depth = _ground_depth(h, box, near)
        reach = max(float(np.abs(depth).max()), 1e-3)
        room = min(ax, w - 1 - ax) * (1 - 1 / MAX_COVER_ZOOM) / reach
        want = (0.014 if kind == "drift" else 0.02) * w
        direction = 1.0 if seed % 2 == 0 else -1.0
        zoom = 0.01 if kind == "drift" else 0.02
        return cls(size, (ax, ay), zoom, direction * min(want, room), depth)

    def maps(self, t: float) -> tuple[float, np.ndarray | None]:
        """The zoom and per-row horizontal shift (source pixels) at loop time ``t``."""
        u = _ease(t)
        shift = self.depth * (self.pan * u) if self.pan else None
        zoom = 1.0 + self.zoom * u
        if shift is not None:
            zoom = max(zoom, self._cover(shift))
        return zoom, shift

    def _cover(self, shift: np.ndarray) -> float:
        """The least zoom about the anchor that keeps the shifted scene covering the canvas."""
        w = self.size[0]
        ax = self.anchor[0]
        need = max(float(shift.max()) / max(ax, 1.0), float(-shift.min()) / max(w - 1 - ax, 1.0))
        need = min(max(need, 0.0) * 1.03, 1 - 1 / MAX_COVER_ZOOM)  # 3% to spare
        return 1.0 / (1.0 - need)

    def warp(self, scene: np.ndarray, t: float) -> np.ndarray:
        """The scene as the camera sees it at loop time ``t`` (a new RGB array).

        Args:
            scene: The scene as RGBA with an opaque alpha channel: OpenCV resamples four
                channels about three times faster than three.
            t: Loop time, 0..1.

        The scene behind the product is resampled bilinearly, as the video's stages are;
        the product itself is pasted unresampled on top.
        """
        zoom, shift = self.maps(t)
        if zoom == 1.0 and (shift is None or not shift.any()):
            return cv2.cvtColor(scene, cv2.COLOR_RGBA2RGB)
        w, h = self.size
        ax, ay = self.anchor
        if shift is None:
            matrix = np.array([[zoom, 0, ax * (1 - zoom)], [0, zoom, ay * (1 - zoom)]])
            seen = cv2.warpAffine(
                scene, matrix, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT_101
            )
            return cv2.cvtColor(seen, cv2.COLOR_RGBA2RGB)
        xs = np.arange(w, dtype=np.float32) / zoom
        ys = np.arange(h, dtype=np.float32)
        row_x = (ax - ax / zoom - shift).astype(np.float32)
        map_x = xs[None, :] + row_x[:, None]
        map_y = np.broadcast_to((ay + (ys - ay) / zoom)[:, None], (h, w))
        fixed, frac = cv2.convertMaps(map_x, np.ascontiguousarray(map_y), cv2.CV_16SC2)
        seen = cv2.remap(scene, fixed, frac, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT_101)
        return cv2.cvtColor(seen, cv2.COLOR_RGBA2RGB)


def _ground_depth(h: int, box: Box, near: float) -> np.ndarray:
    """Pan weight per row for a floor seen in perspective, relative to the product's base.

    Floor rows move in proportion to their distance below the horizon (what a ground plane
    does), so the floor under the product stays put and its shadow stays attached; rows
    above the horizon (the backdrop) move together by -1; the nearest floor by at most
    ``near``.
    """
    base = float(box[3])
    ph = box[3] - box[1]
    horizon = min(max(base - 0.4 * ph, 0.22 * h), base - 0.06 * ph)  # as compose stages it
    horizon = min(max(horizon, 0.2 * h), 0.95 * h)
    rows = np.arange(h, dtype=np.float32)
    depth = np.clip((rows - base) / max(base - horizon, 0.08 * h), -1.0, near)
    sigma = max(1.0, 0.02 * h)
    taps = np.arange(-math.ceil(3 * sigma), math.ceil(3 * sigma) + 1, dtype=np.float32)
    kernel = np.exp(-0.5 * (taps / sigma) ** 2)
    padded = np.pad(depth, taps.size // 2, mode="edge")
    smooth = np.convolve(padded, kernel / kernel.sum(), mode="valid")
    return np.asarray(smooth - np.interp(base, rows, smooth), dtype=np.float32)
