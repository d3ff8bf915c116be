"""Live images: a short seamless loop of subtle motion made from an ad's layers.

The ad's layers (:class:`~engines.AdLayers`: scene, product, overlay) move apart:

* the scene is resampled every frame (bilinear, 1/32 px precision) by a gentle camera move:
  a push (zoom about the product's base), a drift or a parallax (a ground-plane shear that
  keeps the floor under the product still, so shadows stay attached to it);
* ambient particles (dust, bokeh, snow, steam, sparkles, leaves) float between the scene
  and the product, on periodic paths that fade in and out within the loop;
* the product moves with the camera's zoom (scaled about the same anchor, its base), so
  the picture breathes as one and the motion shows at thumbnail size: the move is raised
  until the product's pixels change by :data:`MOTION_FLOOR` between the loop's start and
  middle, seen 320 px wide (a push of at most 10%); at the loop's start and end it is
  pasted unresampled, exactly the original pixels, which the optional sheen (a soft light
  sweep, zero at the loop's start and end) leaves alone there too;
* text, scrims and logo are composited last, static and crisp.

Every motion is periodic in the loop length, so the frame after the last is the first.
Frames are generated lazily and encoded by :func:`~engines.local.encoding.encode.write_video`. The
camera is in :mod:`~engines.local.motion.camera`, the particles in
:mod:`~engines.local.motion.particles`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Literal

import cv2
import numpy as np

from core.schemas import AnimateImageRequest
from engines import AdLayers, RenderedVideo
from engines.local.easing import ease
from engines.local.encoding.encode import write_video
from engines.local.motion.camera import Camera, LoopCamera, auto_camera
from engines.local.motion.particles import ParticleKind, Particles, auto_particles

Box = tuple[int, int, int, int]


def _even_layers(layers: AdLayers) -> AdLayers:
    """Crop one row or column off odd sides (yuv420p), on the side away from the product."""
    w, h = layers.scene.size
    left, top, right, bottom = layers.product_box
    cut_x = 0 if w % 2 == 0 else (1 if right >= w and left > 0 else 0)
    cut_y = 0 if h % 2 == 0 else (1 if bottom >= h and top > 0 else 0)
    canvas = (cut_x, cut_y, cut_x + w - w % 2, cut_y + h - h % 2)
    if canvas == (0, 0, w, h):
        return layers
    box = (left - cut_x, top - cut_y, right - cut_x, bottom - cut_y)
    inner = (
        max(box[0], 0),
        max(box[1], 0),
        min(box[2], canvas[2] - cut_x),
        min(box[3], canvas[3] - cut_y),
    )
    product = layers.product.crop(
        (inner[0] - box[0], inner[1] - box[1], inner[2] - box[0], inner[3] - box[1])
    )
    return replace(
        layers,
        scene=layers.scene.crop(canvas),
        overlay=layers.overlay.crop(canvas),
        product=product,
        product_box=inner,
    )


class _Paste:
    """Straight RGBA pixels laid over frames at a fixed place, with exact integer rounding.

    ``(rgb * a + under * (255 - a) + 127) // 255`` as
    :func:`~engines.local.ad.staging.paste_exact` does: opaque pixels come out exactly equal
    to ``rgb``. Work is limited to bands of rows that hold visible pixels.
    """

    def __init__(self, rgba: np.ndarray, at: tuple[int, int]) -> None:
        self.at = at
        self.rgb = rgba[..., :3]
        self.alpha = rgba[..., 3]
        self.bands = [
            (y0, y1, x0, x1, *self._weights(rgba[y0:y1, x0:x1]))
            for y0, y1, x0, x1 in _bands(self.alpha > 0)
        ]

    @staticmethod
    def _weights(rgba: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        a = rgba[..., 3:4].astype(np.uint16)
        return rgba[..., :3].astype(np.uint16) * a + 127, 255 - a

    def apply(self, frame: np.ndarray) -> None:
        """Lay the pixels onto ``frame`` (in place)."""
        ox, oy = self.at
        for y0, y1, x0, x1, premul, inv in self.bands:
            region = frame[oy + y0 : oy + y1, ox + x0 : ox + x1]
            region[:] = (premul + region * inv) // 255


def _bands(mask: np.ndarray) -> list[Box]:
    """(top, bottom, left, right) of each run of rows holding True, cropped to its columns."""
    rows = np.flatnonzero(mask.any(axis=1))
    if rows.size == 0:
        return []
    breaks = np.flatnonzero(np.diff(rows) > 1)
    out = []
    for first, last in zip(
        np.r_[rows[0], rows[breaks + 1]], np.r_[rows[breaks], rows[-1]], strict=True
    ):
        cols = np.flatnonzero(mask[first : last + 1].any(axis=0))
        out.append((int(first), int(last) + 1, int(cols[0]), int(cols[-1]) + 1))
    return out


class _Sheen:
    """A soft diagonal band of light that sweeps across the product once per loop.

    It brightens (screen) the product's pixels after they are pasted, in proportion to
    their alpha, only while ``START < t < END``: frames outside the sweep, and so the
    loop's first and last frames, keep the product's exact pixels.
    """

    START, END, STRENGTH, WIDTH = 0.18, 0.62, 0.2, 0.1

    def __init__(self, product: np.ndarray, at: tuple[int, int], width: int) -> None:
        ys, xs = np.nonzero(product[..., 3] > 0)
        angle = math.radians(68.0)
        coord = xs * math.cos(angle) + ys * math.sin(angle)
        lo, hi = (float(coord.min()), float(coord.max())) if coord.size else (0.0, 1.0)
        order = np.argsort(coord, kind="stable")
        self.coord = ((coord - lo) / max(hi - lo, 1.0))[order].astype(np.float32)
        self.flat = ((ys + at[1]) * width + xs + at[0])[order]
        self.alpha = product[ys, xs, 3][order].astype(np.float32) / 255.0

    def strength(self, t: float) -> tuple[float, float]:
        """Where the band's centre is (0..1 across the product) and how bright, at ``t``."""
        if not self.START < t < self.END:
            return 0.0, 0.0
        s = (t - self.START) / (self.END - self.START)
        return -0.25 + 1.5 * ease(s), self.STRENGTH * math.sin(math.pi * s) ** 2

    def apply(self, frame: np.ndarray, t: float) -> None:
        """Brighten the product's pixels under the band on ``frame`` (in place)."""
        center, strength = self.strength(t)
        if strength <= 0.0:
            return
        reach = self.WIDTH * 2.4  # beyond it the light rounds to nothing
        lo, hi = np.searchsorted(self.coord, (center - reach, center + reach))
        if hi <= lo:
            return
        idx = self.flat[lo:hi]
        pixels = frame.reshape(-1, 3)
        px = pixels[idx].astype(np.float32)
        light = np.exp(-(((self.coord[lo:hi] - center) / self.WIDTH) ** 2))
        light *= strength * self.alpha[lo:hi]
        px += (255.0 - px) * light[:, None]
        pixels[idx] = (px + 0.5).astype(np.uint8)


class _Zoomed:
    """The product scaled about the camera's anchor, as the scene behind it is.

    Only the loop's first and last frames (zoom 1) show its exact pixels; in between it
    moves with the scene, so the whole picture breathes together and its shadow stays put
    under it.
    """

    def __init__(self, product: np.ndarray, box: Box, anchor: tuple[float, float]) -> None:
        rgba = product.astype(np.float32)
        rgba[..., :3] *= rgba[..., 3:] / 255.0
        self.premul = np.ascontiguousarray((rgba + 0.5).astype(np.uint8))
        self.box = box
        self.anchor = anchor

    def apply(self, frame: np.ndarray, zoom: float) -> None:
        """Lay the product, scaled ``zoom`` times about the anchor, onto ``frame``."""
        h, w = frame.shape[:2]
        ax, ay = self.anchor
        x0, y0, x1, y1 = self.box
        fx0, fy0 = ax + (x0 - ax) * zoom, ay + (y0 - ay) * zoom
        fx1, fy1 = ax + (x1 - ax) * zoom, ay + (y1 - ay) * zoom
        rx0, ry0 = max(0, math.floor(fx0) - 1), max(0, math.floor(fy0) - 1)
        rx1, ry1 = min(w, math.ceil(fx1) + 1), min(h, math.ceil(fy1) + 1)
        if rx0 >= rx1 or ry0 >= ry1:
            return
        matrix = np.array([[zoom, 0.0, fx0 - rx0], [0.0, zoom, fy0 - ry0]])
        warped = cv2.warpAffine(
            self.premul, matrix, (rx1 - rx0, ry1 - ry0), flags=cv2.INTER_LINEAR,
            borderMode=cv2.BORDER_CONSTANT, borderValue=0,
        )
        alpha = warped[..., 3:4].astype(np.uint16)
        region = frame[ry0:ry1, rx0:rx1]
        under = (region.astype(np.uint16) * (255 - alpha) + 127) // 255
        region[:] = np.minimum(under + warped[..., :3], 255).astype(np.uint8)


THUMB = 320
"""Width of the thumbnail a live image's motion is measured at (as the chat shows it)."""
MOTION_FLOOR = 4.0
"""Least mean change (levels of 255) of the product's pixels, at thumbnail size, between the
loop's first frame and its middle: below it the motion goes unnoticed in the chat."""
MAX_LIFT = 3.0
MAX_ZOOM = 1.1
"""The camera's move is never raised beyond a 10% push: it stays subtle."""


def motion_energy(first: np.ndarray, other: np.ndarray, layers: AdLayers) -> float:
    """Mean change of the product's pixels between two frames, seen :data:`THUMB` px wide.

    The product's pixels are those its layer covers (opaque) in the first frame; both
    frames are reduced to the thumbnail (area averaging) before they are compared.
    """
    h, w = first.shape[:2]
    th = max(1, round(h * THUMB / w))
    mask = np.zeros((h, w), np.float32)
    x0, y0, x1, y1 = layers.product_box
    mask[y0:y1, x0:x1] = np.asarray(layers.product.convert("RGBA"))[..., 3] / 255.0
    small = cv2.resize(mask, (THUMB, th), interpolation=cv2.INTER_AREA) > 0.9
    if not small.any():
        return 0.0
    a = cv2.resize(first, (THUMB, th), interpolation=cv2.INTER_AREA).astype(np.float32)
    b = cv2.resize(other, (THUMB, th), interpolation=cv2.INTER_AREA).astype(np.float32)
    return float(np.abs(a - b).mean(axis=2)[small].mean())


# --------------------------------------------------------------------------- the loop


class LiveLoop:
    """The frames of a live image, computed one at a time (frame ``total`` is frame 0).

    Args:
        layers: The ad's layers; odd canvas sides are cropped by one pixel, away from the
            product.
        seconds: Loop length.
        fps: Frames per second.
        camera: ``push``, ``drift``, ``parallax`` or ``auto``.
        particles: A particle kind, or ``auto`` (from the theme).
        sheen: Sweep a soft light across the product once per loop.
        seed: Randomness of particles and of the drift's direction.
    """

    def __init__(
        self,
        layers: AdLayers,
        seconds: float = 4.0,
        fps: int = 24,
        camera: Camera | Literal["auto"] = "auto",
        particles: ParticleKind | Literal["auto"] = "auto",
        sheen: bool = True,
        seed: int = 0,
    ) -> None:
        self.layers = _even_layers(layers)
        self.size = self.layers.scene.size
        self.total = max(2, round(seconds * fps))
        self.fps = fps
        self.camera: Camera = auto_camera(self.layers) if camera == "auto" else camera
        kind = auto_particles(self.layers.theme) if particles == "auto" else particles
        box = self.layers.product_box
        self.particle_kind: ParticleKind = kind
        self.particles = Particles(kind, self.size, box, self.layers.theme, seed)
        self._camera = LoopCamera.build(self.camera, self.size, box, seed)
        self._scene = np.ascontiguousarray(np.asarray(self.layers.scene.convert("RGBA")))
        product = np.asarray(self.layers.product.convert("RGBA"))
        self._product = _Paste(product, box[:2])
        self._zoomed = _Zoomed(product, box, self._camera.anchor)
        ax, ay = self._camera.anchor
        self._reach = max(abs(box[0] - ax), abs(box[2] - ax), abs(box[1] - ay), abs(box[3] - ay))
        self._sheen = _Sheen(product, box[:2], self.size[0]) if sheen else None
        self._overlay = _Paste(np.asarray(self.layers.overlay.convert("RGBA")), (0, 0))
        self._lift()

    def frame(self, index: int) -> np.ndarray:
        """Frame ``index`` (any integer; the loop repeats every ``total`` frames) as RGB uint8."""
        t = (index % self.total) / self.total
        frame = self._camera.warp(self._scene, t)
        self.particles.draw(frame, t)
        zoom = self._camera.maps(t)[0]
        if (zoom - 1.0) * self._reach < 0.5:  # less than half a pixel anywhere: exact
            self._product.apply(frame)
        else:
            self._zoomed.apply(frame, zoom)
        if self._sheen is not None:
            self._sheen.apply(frame, t)
        self._overlay.apply(frame)
        return frame

    def motion(self) -> float:
        """How much the product visibly moves (:func:`motion_energy`), its sheen aside."""
        sheen, self._sheen = self._sheen, None
        try:
            return motion_energy(self.frame(0), self.frame(self.total // 2), self.layers)
        finally:
            self._sheen = sheen

    def _lift(self) -> None:
        """Raise the camera's move until the product's motion reaches :data:`MOTION_FLOOR`.

        The move is scaled by the measured shortfall (at most :data:`MAX_LIFT` times, the
        push never beyond :data:`MAX_ZOOM`), measured again, and scaled once more if need be.
        """
        for _ in range(2):
            seen = self.motion()
            if seen >= MOTION_FLOOR:
                return
            gain = min(MAX_LIFT, MOTION_FLOOR / max(seen, 0.05) * 1.1)
            zoom = min(self._camera.zoom * gain, MAX_ZOOM - 1.0)
            if zoom <= self._camera.zoom:
                return
            self._camera = replace(self._camera, zoom=zoom)

    def frames(self) -> Iterator[np.ndarray]:
        """Every frame of one loop, in order, one at a time."""
        for index in range(self.total):
            yield self.frame(index)


def render_live_image(
    layers: AdLayers,
    request: AnimateImageRequest,
    out_dir: Path,
    progress: Callable[[int, int, str], None],
    cancelled: Callable[[], bool],
    seed: int = 0,
    stem: str = "live",
) -> RenderedVideo:
    """Render a live image: a seamless loop of the ad with subtle motion, as MP4 + previews.

    Args:
        layers: The ad's layers (from :func:`~engines.local.ad.compose.compose_layers`).
        request: Loop length, frame rate, camera move, particles and sheen.
        out_dir: Directory of ``<stem>.mp4``, ``<stem>.webp`` and ``<stem>.png``.
        progress: Called with (frames done, total, message).
        cancelled: Checked before every frame.
        seed: Randomness of particles and drift direction.
        stem: File name without extension.

    Returns:
        The written video; its poster is the first frame (the ad itself, plus particles).

    Raises:
        RenderCancelled: ``cancelled()`` returned True; nothing is left in ``out_dir``.
    """
    loop = LiveLoop(
        layers,
        seconds=request.seconds,
        fps=request.fps,
        camera=request.motion,
        particles=request.particles,
        sheen=request.sheen,
        seed=seed,
    )
    progress(0, loop.total, f"live image: {loop.camera}, {loop.particle_kind} particles")
    return write_video(
        loop.frames(),
        total=loop.total,
        fps=loop.fps,
        out_dir=out_dir,
        stem=stem,
        progress=progress,
        cancelled=cancelled,
        poster_index=0,
    )
