"""Fit an ad canvas to the sizes an image model accepts, and crop the answer back.

Extreme banners (728x90, 320x50, 160x600...) are outside what Bedrock's image models take.
Stretching the canvas to an accepted size would distort the scene, so the canvas is scaled
uniformly (only when a side or the pixel count is out of range) and padded to an accepted
aspect ratio; the model paints the padding too, and the placement's own box is cropped out
of its answer. The placement (and the product in it) stays whole and undistorted.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from PIL import Image

Box = tuple[int, int, int, int]


@dataclass(frozen=True)
class SizeRules:
    """The sizes a model accepts.

    Attributes:
        min_side: Smallest side in pixels.
        max_side: Largest side in pixels.
        min_pixels: Fewest pixels (width x height), inclusive.
        max_pixels: Most pixels (width x height), inclusive.
        min_aspect: Smallest width / height.
        max_aspect: Largest width / height.
        step: Each side must be a multiple of this.
    """

    min_side: int
    max_side: int
    min_pixels: int
    max_pixels: int
    min_aspect: float
    max_aspect: float
    step: int = 1

    def problem(self, width: int, height: int) -> str:
        """Why these rules refuse a size ("" when they accept it)."""
        if not (self.min_side <= width <= self.max_side and self.min_side <= height
                <= self.max_side):
            return f"each side must be {self.min_side}-{self.max_side} px"
        if width % self.step or height % self.step:
            return f"each side must be a multiple of {self.step}"
        if not self.min_pixels <= width * height <= self.max_pixels:
            return f"width x height must be {self.min_pixels:,}-{self.max_pixels:,} pixels"
        if not self.min_aspect <= width / height <= self.max_aspect:
            return f"the aspect ratio must be {self.min_aspect:g}-{self.max_aspect:g}"
        return ""


@dataclass(frozen=True)
class CanvasFit:
    """Where a placement goes in the canvas sent to a model.

    Attributes:
        size: The placement's (width, height).
        request: The (width, height) sent to the model.
        box: The placement's area in the request canvas (left, top, right, bottom); the
            rest is padding the model paints and the crop drops.
    """

    size: tuple[int, int]
    request: tuple[int, int]
    box: Box

    @property
    def exact(self) -> bool:
        """Whether the placement is sent as it is (no padding, no scaling)."""
        return self.request == self.size and self.box == (0, 0, *self.size)


def _ceil_step(value: float, step: int) -> int:
    return max(step, math.ceil(value / step - 1e-9) * step)


def _request_for(width: int, height: int, scale: float, rules: SizeRules) -> tuple[int, int]:
    """The smallest allowed-aspect request that holds the placement scaled by ``scale``."""
    rw, rh = _ceil_step(width * scale, rules.step), _ceil_step(height * scale, rules.step)
    if rw / rh > rules.max_aspect:
        rh = _ceil_step(rw / rules.max_aspect, rules.step)
    elif rw / rh < rules.min_aspect:
        rw = _ceil_step(rh * rules.min_aspect, rules.step)
    return rw, rh


def fit_canvas(width: int, height: int, rules: SizeRules) -> CanvasFit:
    """The request size and crop box for a placement under a model's size rules.

    The placement is kept at its own size when the rules allow; otherwise it is scaled
    uniformly (as little as possible) to bring its sides and pixel count into range, and
    padded (centred) to an allowed aspect ratio and step.

    Args:
        width: Placement width in pixels (> 0).
        height: Placement height in pixels (> 0).
        rules: The model's size rules.

    Returns:
        The fit: ``request`` passes ``rules``; ``box`` has the placement's aspect ratio
        (to the rounding of one pixel) and lies inside ``request``.

    Raises:
        ValueError: A side is not positive, or no size fits the rules.
    """
    if width <= 0 or height <= 0:
        raise ValueError("width and height must be positive")
    aspect = min(max(width / height, rules.min_aspect), rules.max_aspect)
    # The padded shape, in placement pixels, before any scaling.
    pw, ph = (width, width / aspect) if width / height >= aspect else (height * aspect, height)
    low = max(rules.min_side / min(pw, ph), math.sqrt(rules.min_pixels / (pw * ph)))
    high = min(rules.max_side / max(pw, ph), math.sqrt(rules.max_pixels / (pw * ph)))
    scale = min(max(1.0, low), high)
    for _ in range(64):  # rounding up to the step may overshoot a maximum: shrink a little
        request = _request_for(width, height, scale, rules)
        if not rules.problem(*request):
            return CanvasFit((width, height), request, _box(width, height, scale, request))
        scale *= 0.99
    raise ValueError(f"no size for {width}x{height} satisfies the model's rules")


def fit_within(width: int, height: int, request: tuple[int, int]) -> CanvasFit:
    """The fit of a placement into a given request size (for models with a size list).

    Args:
        width: Placement width in pixels (> 0).
        height: Placement height in pixels (> 0).
        request: The (width, height) the model will be sent.

    Returns:
        The placement scaled to fit inside ``request``, centred.
    """
    if width <= 0 or height <= 0:
        raise ValueError("width and height must be positive")
    scale = min(request[0] / width, request[1] / height)
    return CanvasFit((width, height), request, _box(width, height, scale, request))


def _box(width: int, height: int, scale: float, request: tuple[int, int]) -> Box:
    """The placement scaled by ``scale``, centred in ``request`` (rounded to pixels)."""
    bw = min(request[0], max(1, round(width * scale)))
    bh = min(request[1], max(1, round(height * scale)))
    left, top = (request[0] - bw) // 2, (request[1] - bh) // 2
    return left, top, left + bw, top + bh


def pad_image(image: Image.Image, fit: CanvasFit, fill: str = "reflect") -> Image.Image:
    """The placement-sized ``image`` laid into the request canvas of ``fit``.

    Args:
        image: An image of the placement's size.
        fit: From :func:`fit_canvas` or :func:`fit_within`.
        fill: ``reflect`` mirrors the scene into the padding (a starting point the model
            paints over); ``zero`` leaves it black (for masks).

    Returns:
        An image of ``fit.request`` (same mode as ``image``).
    """
    if fit.exact:
        return image.copy()
    left, top, right, bottom = fit.box
    inner = image
    if (right - left, bottom - top) != image.size:
        resample = Image.Resampling.NEAREST if fill == "zero" else Image.Resampling.LANCZOS
        inner = image.resize((right - left, bottom - top), resample)
    if fill == "zero":
        canvas = Image.new(image.mode, fit.request, 0)
        canvas.paste(inner, (left, top))
        return canvas
    pixels = np.asarray(inner)
    pads = [(top, fit.request[1] - bottom), (left, fit.request[0] - right)]
    pads += [(0, 0)] * (pixels.ndim - 2)
    return Image.fromarray(np.pad(pixels, pads, mode="symmetric"), mode=image.mode)


def crop_back(image: Image.Image, fit: CanvasFit) -> Image.Image:
    """The placement's area of a model's answer, at exactly the placement's size.

    An answer of another size than the request (a model that rounds) is mapped onto the
    request first, so the box still falls on the placement.

    Args:
        image: The model's answer for the request canvas.
        fit: The fit the request was made with.

    Returns:
        An image of ``fit.size``.
    """
    sx, sy = image.width / fit.request[0], image.height / fit.request[1]
    left, top, right, bottom = fit.box
    region = image.crop((round(left * sx), round(top * sy), round(right * sx),
                         round(bottom * sy)))
    if region.size == fit.size:
        return region
    return region.resize(fit.size, Image.Resampling.LANCZOS)
