"""Live images: a short seamless loop of subtle motion made from an ad's layers.

The ad's layers (:class:`~engines.AdLayers`: scene, product, overlay) move apart:

* the scene is resampled every frame (bilinear, 1/32 px precision) by a gentle camera move:
  a push (zoom about the product's base), a drift or a parallax (a ground-plane shear that
  keeps the floor under the product still, so shadows stay attached to it);
* ambient particles (dust, bokeh, snow, steam, sparkles, leaves) float between the scene
  and the product, on periodic paths that fade in and out within the loop;
* the product is pasted unmoved and unresampled, so its opaque pixels are exactly the
  original ones in every frame; only the optional sheen (a soft light sweep that is zero
  at the loop's start and end) touches them;
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
        self._sheen = _Sheen(product, box[:2], self.size[0]) if sheen else None
        self._overlay = _Paste(np.asarray(self.layers.overlay.convert("RGBA")), (0, 0))

    def frame(self, index: int) -> np.ndarray:
        """Frame ``index`` (any integer; the loop repeats every ``total`` frames) as RGB uint8."""
        t = (index % self.total) / self.total
        frame = self._camera.warp(self._scene, t)
        self.particles.draw(frame, t)
        self._product.apply(frame)
        if self._sheen is not None:
            self._sheen.apply(frame, t)
        self._overlay.apply(frame)
        return frame

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
