"""The media the fake endpoint answers with: real PNG/JPEG images and a tiny valid MP4."""

from __future__ import annotations

import base64
import binascii
import io
import tempfile
from functools import cache
from pathlib import Path

import numpy as np
from PIL import Image, UnidentifiedImageError

from engines.local.encoding.encode import write_video
from tests.fake_bedrock.errors import invalid

PAINT = (46, 120, 160)
"""The colour the fake models paint with (a test can tell painted pixels from the photo's)."""


def decode(b64: str, what: str = "image") -> Image.Image:
    """The image in a base64 field of a request body.

    Raises:
        BedrockError: Not base64, or not a PNG/JPEG/WebP image (``ValidationException``).
    """
    try:
        image = Image.open(io.BytesIO(base64.b64decode(b64, validate=True)))
        image.load()
    except (binascii.Error, ValueError, UnidentifiedImageError, OSError) as exc:
        raise invalid(f"{what}: the image could not be decoded.") from exc
    return image


def encode(image: Image.Image, fmt: str = "png") -> str:
    """Base64 of ``image`` as PNG (default), JPEG or WebP."""
    fmt = {"jpg": "JPEG", "jpeg": "JPEG", "webp": "WEBP"}.get(fmt.lower(), "PNG")
    buffer = io.BytesIO()
    options = {"compress_level": 1} if fmt == "PNG" else {}
    (image.convert("RGB") if fmt == "JPEG" else image).save(buffer, format=fmt, **options)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def painted(width: int, height: int) -> Image.Image:
    """A ``width`` x ``height`` RGB picture in :data:`PAINT`."""
    return Image.new("RGB", (width, height), PAINT)


def matte(image: Image.Image) -> Image.Image:
    """A remove-background answer: the image with a transparent border, opaque middle."""
    rgba = image.convert("RGBA")
    alpha = Image.new("L", rgba.size, 0)
    width, height = rgba.size
    alpha.paste(255, (width // 5, height // 5, width - width // 5, height - height // 5))
    rgba.putalpha(alpha)
    return rgba


@cache
def tiny_mp4() -> bytes:
    """A real H.264 MP4 (12 frames, 64x36, 24 fps) made with adstudio's own encoder."""
    frames = [np.full((36, 64, 3), (20 * i, 80, 160), np.uint8) for i in range(12)]
    with tempfile.TemporaryDirectory() as tmp:
        video = write_video(frames, total=len(frames), fps=24, out_dir=Path(tmp), stem="out",
                            preview=False)
        return video.mp4.read_bytes()
