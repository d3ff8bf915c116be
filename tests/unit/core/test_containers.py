"""The structure walk keeps only files that hold picture data and nothing else."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image
from PIL.PngImagePlugin import PngInfo

from core.storage.containers import only_picture_data

PAYLOAD = b"<html><script>alert(1)</script></html>"


def encoded(image: Image.Image, fmt: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **options)
    return buffer.getvalue()


def photo(mode: str = "RGB") -> Image.Image:
    return Image.effect_noise((320, 240), 40).convert(mode)


def png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


@pytest.mark.parametrize(
    ("fmt", "mode", "options"),
    [("JPEG", "RGB", {}), ("JPEG", "RGB", {"progressive": True}),
     ("JPEG", "RGB", {"dpi": (300, 300)}), ("JPEG", "L", {}),
     ("JPEG", "RGB", {"restart_marker_blocks": 1}),
     ("PNG", "RGB", {}), ("PNG", "RGBA", {"dpi": (72, 72)}), ("PNG", "P", {}),
     ("WEBP", "RGB", {}), ("WEBP", "RGBA", {}), ("WEBP", "RGB", {"lossless": True})],
    ids=["jpeg", "progressive", "jpeg-dpi", "jpeg-grey", "jpeg-restarts", "png", "png-rgba-dpi",
         "png-palette", "webp", "webp-alpha", "webp-lossless"],
)
def test_a_plain_file_holds_only_picture_data(fmt: str, mode: str, options: dict) -> None:
    assert only_picture_data(encoded(photo(mode), fmt, **options))


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_bytes_after_the_end_are_refused(fmt: str) -> None:
    assert not only_picture_data(encoded(photo(), fmt) + PAYLOAD)
    assert not only_picture_data(encoded(photo(), fmt) + b"PK\x03\x04zip")


@pytest.mark.parametrize(
    "segment",
    [b"\xff\xe3\x00\x08secret", b"\xff\xfe\x00\x08secret", b"\xff\xe1\x00\x08Exif\0\0"],
    ids=["app3", "comment", "exif"],
)
def test_a_jpeg_segment_off_the_list_is_refused(segment: bytes) -> None:
    data = encoded(photo(), "JPEG")
    assert only_picture_data(data)
    assert not only_picture_data(data[:2] + segment + data[2:])


def test_a_jfif_thumbnail_is_refused() -> None:
    data = encoded(photo(), "JPEG")
    assert data[2:4] == b"\xff\xe0"  # Pillow writes JFIF right after SOI
    length = struct.unpack(">H", data[4:6])[0]
    thumbnail = bytes([2, 2]) + b"\x10" * 12  # a 2x2 RGB picture inside the header
    app0 = data[6:4 + length - 2] + thumbnail
    with_thumbnail = data[:2] + b"\xff\xe0" + struct.pack(">H", len(app0) + 2) + app0
    assert not only_picture_data(with_thumbnail + data[4 + length:])


@pytest.mark.parametrize("kind", [b"tEXt", b"eXIf", b"iCCP", b"prVt"])
def test_a_png_chunk_off_the_list_is_refused(kind: bytes) -> None:
    data = encoded(photo(), "PNG")
    ihdr_end = 8 + 12 + 13
    assert not only_picture_data(data[:ihdr_end] + png_chunk(kind, b"secret") + data[ihdr_end:])


def test_png_text_and_webp_metadata_written_by_pillow_are_refused() -> None:
    info = PngInfo()
    info.add_text("Author", "someone")
    assert not only_picture_data(encoded(photo(), "PNG", pnginfo=info))
    exif = Image.Exif()
    exif[0x0131] = "firmware"
    assert not only_picture_data(encoded(photo(), "WEBP", exif=exif.tobytes()))


def test_a_webp_whose_riff_size_covers_a_payload_is_refused() -> None:
    data = encoded(photo(), "WEBP") + b"JUNK" + struct.pack("<I", len(PAYLOAD)) + PAYLOAD
    data = data[:4] + struct.pack("<I", len(data) - 8) + data[8:]
    assert not only_picture_data(data)


@pytest.mark.parametrize("data", [b"", b"GIF89a...", encoded(photo(), "JPEG")[:400],
                                  encoded(photo(), "PNG")[:60]],
                         ids=["empty", "gif", "cut-jpeg", "cut-png"])
def test_other_or_truncated_files_are_refused(data: bytes) -> None:
    assert not only_picture_data(data)
