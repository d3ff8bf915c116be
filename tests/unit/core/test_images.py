"""Encoding PNGs: lossless in every mode, and the same bytes for the same pixels."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from core.images import encode_png


def _random(mode: str) -> Image.Image:
    rng = np.random.default_rng(7)
    channels = {"RGB": 3, "RGBA": 4, "L": 1, "LA": 2}[mode]
    pixels = rng.integers(0, 256, (37, 53, channels), dtype=np.uint8)
    return Image.fromarray(pixels[..., 0] if channels == 1 else pixels, mode)


@pytest.mark.parametrize("mode", ["RGB", "RGBA", "L", "LA"])
def test_a_png_keeps_every_pixel_and_the_mode(mode: str) -> None:
    image = _random(mode)
    back = Image.open(io.BytesIO(encode_png(image)))
    assert back.format == "PNG" and back.mode == mode
    assert np.array_equal(np.asarray(back), np.asarray(image))


def test_a_palette_image_stays_a_palette_png() -> None:
    image = _random("RGB").quantize(16)
    back = Image.open(io.BytesIO(encode_png(image)))
    assert back.mode == "P"
    assert np.array_equal(np.asarray(back.convert("RGB")), np.asarray(image.convert("RGB")))


def test_the_same_pixels_give_the_same_bytes_without_text_or_time_chunks() -> None:
    first, second = encode_png(_random("RGBA")), encode_png(_random("RGBA"))
    assert first == second
    assert b"tEXt" not in first and b"tIME" not in first and b"iTXt" not in first
