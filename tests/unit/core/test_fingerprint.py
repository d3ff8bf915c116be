"""The perceptual fingerprint: a re-encoded or resized copy matches, another version does not."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter

from core.provenance.fingerprint import Fingerprint, fingerprint, fingerprint_bytes
from engines.local import grading


def scene(backdrop: tuple[int, int, int] = (196, 170, 140), seed: int = 3) -> Image.Image:
    """An ad-like picture: a textured, shaded backdrop, a floor and a product with a label."""
    rng = np.random.default_rng(seed)
    h, w = 540, 540
    ramp = np.linspace(1.1, 0.75, h, dtype=np.float32)[:, None, None]
    noise = rng.normal(0, 6, (h, w, 1)).astype(np.float32)
    pixels = np.clip(np.asarray(backdrop, np.float32) * ramp + noise, 0, 255).astype(np.uint8)
    image = Image.fromarray(pixels)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 400, w, h), fill=(120, 90, 60))
    draw.rounded_rectangle((90, 150, 220, 430), radius=30, fill=(25, 60, 120))  # off-centre
    draw.rectangle((105, 240, 205, 300), fill=(240, 236, 226))
    draw.rounded_rectangle((330, 330, 500, 390), radius=12, fill=(230, 90, 40))  # a button
    draw.text((30, 30), "Stay cold. Go far.", fill=(20, 20, 20))
    return image.filter(ImageFilter.GaussianBlur(0.6))


def encoded(image: Image.Image, fmt: str, **options: object) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


@pytest.mark.parametrize(("name", "copy"), [
    ("jpeg 40", lambda im: encoded(im, "JPEG", quality=40)),
    ("jpeg 92", lambda im: encoded(im, "JPEG", quality=92)),
    ("webp 70", lambda im: encoded(im, "WEBP", quality=70)),
    ("a third the size", lambda im: encoded(im.resize((180, 180)), "JPEG", quality=80)),
    ("twice the size", lambda im: encoded(im.resize((1080, 1080)), "PNG")),
])
def test_a_re_encoded_or_resized_copy_matches_its_original(name: str, copy: object) -> None:
    original = scene()
    assert callable(copy)
    assert fingerprint(original).matches(fingerprint_bytes(copy(original))), name


def test_another_version_of_the_same_ad_does_not_match() -> None:
    original = fingerprint(scene())
    warmer = grading.adjust(scene(), warmth=0.35)  # the same structure, warmer
    darker = grading.adjust(scene(), brightness=-0.3)
    other_scene = scene(backdrop=(150, 175, 200))
    for version in (warmer, darker, other_scene):
        bits, colour = original.distance(fingerprint(version))
        assert not original.matches(fingerprint(version)), (bits, colour)


def test_a_crop_or_a_flip_finds_nothing_rather_than_a_wrong_record() -> None:
    original = scene()
    crop = original.crop((54, 54, 486, 486))
    flipped = original.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    assert not fingerprint(original).matches(fingerprint(crop))
    assert not fingerprint(original).matches(fingerprint(flipped))


def test_transparency_is_read_on_white() -> None:
    rgba = scene().convert("RGBA")
    rgba.putalpha(Image.new("L", rgba.size, 255))
    assert fingerprint(rgba) == fingerprint(scene())


def test_a_fingerprint_round_trips_through_its_record_and_a_bad_record_is_none() -> None:
    known = fingerprint(scene())
    assert Fingerprint.from_record(known.as_record()) == known
    for bad in (None, "x", {"dhash": "zz", "grid": [0.0] * 48}, {"dhash": "ab", "grid": [1]},
                {"dhash": 5, "grid": [0.0] * 48}, {"dhash": "ab", "grid": ["a"] * 48}):
        assert Fingerprint.from_record(bad) is None


def test_bytes_that_are_no_image_raise_os_error() -> None:
    with pytest.raises(OSError):
        fingerprint_bytes(b"not an image")
