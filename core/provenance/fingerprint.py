"""A perceptual fingerprint of an image: the record of a copy whose credentials were stripped.

A platform that re-encodes an upload (another JPEG quality, WebP, a smaller size) usually
drops its C2PA manifest. The asset store keeps each signed image's fingerprint, so
``adstudio verify`` can still name the record, and the signed original, of such a copy.

The fingerprint is two parts:

- a 64-bit difference hash (dHash) of the image's structure: the image in grey at 9x8
  pixels, one bit per pair of horizontal neighbours (is the left one brighter?);
- the image's colours: its mean CIELAB colour in each cell of a 4x4 grid. They tell apart
  what the hash cannot: a "warmer" or "darker" edit of an ad, or the same layout in another
  scene, keeps its structure (the product's outline dominates it), and so its hash.

It survives re-encoding at any quality, resizing and format changes. It does not survive a
crop, a flip or rotation, a frame or text laid over the image, or a strong colour filter;
there, ``verify`` finds nothing rather than a wrong record. Written with Pillow and NumPy
(a few lines) rather than taken from ``imagehash``, which brings SciPy and PyWavelets.

A video's fingerprint is the fingerprints of three frames, at 5%, 15% and 25% of its
length (:func:`video_fingerprint`; early, so the store decodes only its first quarter). A
remux, a re-encode at another quality, size or frame rate, or a new soundtrack keeps them
(the picture is what is compared); a trim, a cut or a changed length does not (the frames
at those points are other frames), nor does anything that defeats an image's fingerprint.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Final

import av
import cv2
import numpy as np
from PIL import Image

GRID = 4
"""The colour grid's cells per side."""
VIDEO_POINTS: Final = (0.05, 0.15, 0.25)
"""Where a video's fingerprinted frames lie, as shares of its length."""
SAME_STRUCTURE = 8
"""Bits of 64 at most between a copy's hash and its original's (re-encodes: 0 to 2)."""
SAME_COLOUR = 4.0
"""CIELAB units at most between any cell of a copy and its original's (re-encodes down to
JPEG quality 40: under 2; the same ad warmer, darker or in another scene: 9 and more)."""


@dataclass(frozen=True)
class Fingerprint:
    """An image's perceptual fingerprint.

    Attributes:
        dhash: The 64-bit difference hash, 16 hex digits.
        grid: The mean CIELAB colour (L 0..100, a and b about -128..127) of each cell, row by
            row, three values per cell, one decimal.
    """

    dhash: str
    grid: tuple[float, ...]

    def distance(self, other: Fingerprint) -> tuple[int, float]:
        """Bits that differ between the hashes, and the largest CIELAB distance of a cell."""
        bits = bin(int(self.dhash, 16) ^ int(other.dhash, 16)).count("1")
        cells = np.subtract(self.grid, other.grid).reshape(-1, 3)
        return bits, float(np.linalg.norm(cells, axis=1).max())

    def matches(self, other: Fingerprint) -> bool:
        """Whether ``other`` is likely this image again (re-encoded or resized)."""
        bits, colour = self.distance(other)
        return bits <= SAME_STRUCTURE and colour <= SAME_COLOUR

    def as_record(self) -> dict[str, object]:
        """The fingerprint as the asset store records it (JSON)."""
        return {"dhash": self.dhash, "grid": list(self.grid)}

    @classmethod
    def from_record(cls, record: object) -> Fingerprint | None:
        """A recorded fingerprint, or None for a missing or malformed record."""
        if not isinstance(record, dict):
            return None
        dhash, grid = record.get("dhash"), record.get("grid")
        if not isinstance(dhash, str) or not isinstance(grid, list) or len(grid) != GRID**2 * 3:
            return None
        try:
            int(dhash, 16)
            return cls(dhash=dhash, grid=tuple(float(v) for v in grid))
        except (TypeError, ValueError):
            return None


def fingerprint(image: Image.Image) -> Fingerprint:
    """The fingerprint of ``image`` (any mode; transparency is laid on white first)."""
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        image = flat
    rgb = image.convert("RGB")
    small_grey = rgb.convert("L").resize((9, 8), Image.Resampling.LANCZOS, reducing_gap=3.0)
    grey = np.asarray(small_grey, np.int16)
    bits = (grey[:, :-1] > grey[:, 1:]).flatten()
    dhash = f"{int(''.join('1' if b else '0' for b in bits), 2):016x}"
    small = np.asarray(rgb.resize((GRID * 8, GRID * 8), Image.Resampling.BOX), np.float32)
    lab = cv2.cvtColor(small / np.float32(255.0), cv2.COLOR_RGB2LAB)
    cells = lab.reshape(GRID, 8, GRID, 8, 3).mean(axis=(1, 3))
    return Fingerprint(dhash=dhash, grid=tuple(round(float(v), 1) for v in cells.flatten()))


def fingerprint_bytes(data: bytes) -> Fingerprint:
    """The fingerprint of an encoded image (PNG, JPEG, WebP...).

    Raises:
        OSError: The bytes are not an image Pillow can read.
    """
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        return fingerprint(image)



def video_fingerprint(data: bytes) -> tuple[Fingerprint, ...]:
    """The fingerprints of a video's frames at :data:`VIDEO_POINTS` of its length.

    One pass decodes the video up to the last point (its first quarter: about 6% of the
    CPU time adstudio takes to encode it), never the whole of it.

    Raises:
        ValueError: The bytes are not a video PyAV can decode.
    """
    try:
        with av.open(io.BytesIO(data), mode="r") as container:
            stream = container.streams.video[0]
            stream.thread_type = "AUTO"
            targets = [_seconds(container, stream) * p for p in VIDEO_POINTS]
            found: list[Fingerprint] = []
            for frame in container.decode(stream):
                shown = frame.time or 0.0
                while len(found) < len(targets) and shown >= targets[len(found)] - 1e-3:
                    found.append(fingerprint(frame.to_image()))
                if len(found) == len(targets):
                    return tuple(found)
    except (av.FFmpegError, IndexError) as exc:
        raise ValueError(f"not a video PyAV can decode: {exc}") from exc
    raise ValueError("the video ends before its fingerprinted frames")


def _seconds(container: av.container.InputContainer, stream: av.video.stream.VideoStream) -> float:
    """A video's length in seconds (0 when the container does not say)."""
    if stream.duration is not None and stream.time_base is not None:
        return float(stream.duration * stream.time_base)
    return float(container.duration or 0) / av.time_base
