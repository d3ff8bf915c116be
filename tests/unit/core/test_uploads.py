"""Uploads are checked before anything trusts them: type, size, pixels, corruption."""

from __future__ import annotations

import io
import struct

import pytest
from PIL import Image, ImageCms
from PIL.PngImagePlugin import PngInfo

from agent.runtime import AgentRuntime
from core.errors import InvalidImageError
from core.images import decode_image
from core.storage.uploads import prepare_image

LIMITS = {"max_bytes": 20 * 1024 * 1024, "max_pixels": 40_000_000}


def encoded(image: Image.Image, fmt: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **options)
    return buffer.getvalue()


@pytest.mark.parametrize(("fmt", "mime"), [("PNG", "image/png"), ("JPEG", "image/jpeg"),
                                           ("WEBP", "image/webp")])
def test_accepts_png_jpeg_webp(fmt: str, mime: str) -> None:
    image, found = decode_image(encoded(Image.new("RGB", (320, 200), "#3366cc"), fmt), **LIMITS)
    assert found == mime and image.size == (320, 200) and image.mode == "RGB"


def test_transparency_is_kept_as_rgba() -> None:
    rgba = Image.new("RGBA", (250, 250), (0, 0, 0, 0))
    rgba.paste((200, 10, 10, 255), (20, 20, 80, 80))
    image, _ = decode_image(encoded(rgba, "PNG"), **LIMITS)
    assert image.mode == "RGBA" and image.getpixel((0, 0))[3] == 0
    palette = rgba.convert("RGB").convert("P", palette=Image.Palette.ADAPTIVE)
    palette.info["transparency"] = 0
    image, _ = decode_image(encoded(palette, "PNG", transparency=0), **LIMITS)
    assert image.mode == "RGBA"


def test_exif_orientation_is_applied() -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise on display
    data = encoded(Image.new("RGB", (600, 300), "red"), "JPEG", exif=exif.tobytes())
    image, _ = decode_image(data, **LIMITS)
    assert image.size == (300, 600)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"%PDF-1.7 this is a document, not a photo" * 10, "not a readable image"),
        (encoded(Image.new("RGB", (400, 400), "blue"), "JPEG")[:300], "not a readable image"),
        (encoded(Image.new("RGB", (300, 300), "blue"), "GIF"), "GIF files are not supported"),
        (encoded(Image.new("RGB", (190, 150), "blue"), "PNG"), "only 190x150 pixels"),
        (encoded(Image.new("RGB", (900, 20), "blue"), "PNG"), "only 900x20 pixels"),
    ],
    ids=["empty", "not-an-image", "truncated-jpeg", "gif", "tiny", "thin"],
)
def test_bad_files_get_a_clear_error(data: bytes, message: str) -> None:
    with pytest.raises(InvalidImageError, match=message) as info:
        decode_image(data, **LIMITS)
    assert info.value.hint


def test_cmyk_jpeg_becomes_rgb() -> None:
    cmyk = Image.new("CMYK", (300, 300), (0, 255, 255, 0))  # pure red ink
    image, mime = decode_image(encoded(cmyk, "JPEG", quality=95), **LIMITS)
    assert mime == "image/jpeg" and image.mode == "RGB"
    red, green, blue = image.getpixel((150, 150))
    assert red > 200 and green < 60 and blue < 60


def test_16_bit_png_is_scaled_not_clipped() -> None:
    import numpy as np

    ramp = np.tile(np.linspace(0, 65535, 256, dtype=np.uint16), (256, 1))
    image, _ = decode_image(encoded(Image.fromarray(ramp), "PNG"), **LIMITS)
    assert image.mode == "RGB"
    row = np.asarray(image)[0, :, 0]
    assert row[0] == 0 and row[-1] == 255 and 120 <= row[128] <= 135


def test_palette_and_grey_alpha_images() -> None:
    palette = Image.new("RGB", (300, 300), "green").convert("P")
    assert decode_image(encoded(palette, "PNG"), **LIMITS)[0].mode == "RGB"
    grey_alpha = Image.new("LA", (300, 300), (128, 100))
    assert decode_image(encoded(grey_alpha, "PNG"), **LIMITS)[0].mode == "RGBA"


def test_oversized_file_is_refused_before_decoding() -> None:
    data = encoded(Image.new("RGB", (300, 300), "white"), "PNG")
    with pytest.raises(InvalidImageError, match="the limit is 0 MB"):
        decode_image(data, max_bytes=len(data) - 1, max_pixels=10**9)


def test_decompression_bomb_is_refused() -> None:
    bomb = encoded(Image.new("1", (9000, 5000)), "PNG")  # 45 MP in a few kB
    assert len(bomb) < 100_000
    with pytest.raises(InvalidImageError, match="more than 40 megapixels"):
        decode_image(bomb, **LIMITS)


def test_runtime_upload_uses_the_configured_limits(runtime: AgentRuntime) -> None:
    runtime.settings = runtime.settings.with_changes(max_upload_mb=0.001)
    with pytest.raises(InvalidImageError, match="limit"):
        runtime.upload(encoded(Image.effect_noise((200, 200), 80).convert("RGB"), "PNG"), "n.png")
    runtime.settings = runtime.settings.with_changes(max_upload_mb=20)
    asset = runtime.upload(encoded(Image.new("RGB", (200, 200), "red"), "JPEG"), "red.jpg")
    assert asset.kind == "product_photo" and asset.mime == "image/jpeg"
    assert asset.parameters["filename"] == "red.jpg"


@pytest.mark.parametrize(("fmt", "mime"), [("PNG", "image/png"), ("JPEG", "image/jpeg"),
                                           ("WEBP", "image/webp")])
def test_a_plain_upload_is_stored_as_it_came(fmt: str, mime: str) -> None:
    data = encoded(Image.effect_noise((640, 480), 40).convert("RGB"), fmt)
    prepared = prepare_image(data, **LIMITS)
    assert (prepared.data, prepared.mime, prepared.width, prepared.height) == (
        data, mime, 640, 480)


def test_metadata_is_dropped_by_one_reencode_in_the_same_format() -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise on display
    exif[0x0131] = "Camera firmware 1.2"
    data = encoded(Image.new("RGB", (600, 300), "red"), "JPEG", exif=exif.tobytes(),
                   icc_profile=b"\0" * 200, comment=b"shot at home")
    prepared = prepare_image(data, **LIMITS)
    stored = Image.open(io.BytesIO(prepared.data))
    assert stored.format == "JPEG" and stored.size == (300, 600) == (prepared.width,
                                                                     prepared.height)
    assert not stored.getexif() and not {"exif", "icc_profile", "comment"} & set(stored.info)
    assert b"Camera firmware" not in prepared.data and b"shot at home" not in prepared.data


def test_a_png_with_text_chunks_or_a_palette_is_reencoded_as_a_plain_png() -> None:
    info = PngInfo()
    info.add_text("Author", "someone@example.com")
    data = encoded(Image.new("RGB", (300, 300), "blue"), "PNG", pnginfo=info)
    prepared = prepare_image(data, **LIMITS)
    assert prepared.mime == "image/png" and b"someone@example.com" not in prepared.data
    palette = encoded(Image.new("RGB", (300, 300), "green").convert("P"), "PNG")
    stored = Image.open(io.BytesIO(prepare_image(palette, **LIMITS).data))
    assert (stored.format, stored.mode) == ("PNG", "RGB")


def test_a_photo_over_the_side_limit_is_scaled_down_in_its_own_format() -> None:
    data = encoded(Image.effect_noise((1000, 500), 40).convert("RGB"), "WEBP")
    prepared = prepare_image(data, **LIMITS, max_side=400)
    assert (prepared.mime, prepared.width, prepared.height) == ("image/webp", 400, 200)
    assert prepared.uploaded_size == (1000, 500)
    assert Image.open(io.BytesIO(prepared.data)).size == (400, 200)


def swapped_primaries_profile() -> bytes:
    """An RGB profile whose red primary is sRGB's blue and whose blue is sRGB's red.

    Built from Pillow's sRGB profile, so pixels converted from it to sRGB swap red and
    blue: a conversion shows, a dropped tag does not.
    """
    profile = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    (count,) = struct.unpack_from(">I", profile, 128)
    entries = {}
    for index in range(count):
        signature, offset, size = struct.unpack_from(">4sII", profile, 132 + 12 * index)
        entries[signature] = (132 + 12 * index, offset, size)
    red, blue = entries[b"rXYZ"], entries[b"bXYZ"]
    struct.pack_into(">4sII", profile, red[0], b"rXYZ", blue[1], blue[2])
    struct.pack_into(">4sII", profile, blue[0], b"bXYZ", red[1], red[2])
    return bytes(profile)


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_a_picture_in_another_colour_space_is_converted_to_srgb(fmt: str) -> None:
    data = encoded(Image.new("RGB", (300, 300), (220, 20, 20)), fmt,
                   icc_profile=swapped_primaries_profile())
    prepared = prepare_image(data, **LIMITS)
    stored = Image.open(io.BytesIO(prepared.data))
    assert stored.format == fmt and "icc_profile" not in stored.info
    red, green, blue = stored.convert("RGB").getpixel((150, 150))
    assert blue > 200 and red < 40 and green < 40  # its red is sRGB blue


def test_a_converted_picture_keeps_its_transparency() -> None:
    data = encoded(Image.new("RGBA", (300, 300), (220, 20, 20, 100)), "PNG",
                   icc_profile=swapped_primaries_profile())
    red, green, blue, alpha = Image.open(io.BytesIO(prepare_image(data, **LIMITS).data)).getpixel(
        (10, 10))
    assert alpha == 100 and blue > 200 and red < 40


def test_an_srgb_profile_leaves_the_colours_as_they_are() -> None:
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    data = encoded(Image.new("RGB", (300, 300), (220, 20, 20)), "PNG", icc_profile=srgb)
    stored = Image.open(io.BytesIO(prepare_image(data, **LIMITS).data))
    red, green, blue = stored.getpixel((150, 150))
    assert abs(red - 220) <= 2 and green <= 22 and blue <= 22


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_bytes_after_the_picture_are_not_stored(fmt: str) -> None:
    payload = b"<html><script>fetch('/steal')</script></html>PK\x03\x04"
    data = encoded(Image.effect_noise((640, 480), 40).convert("RGB"), fmt) + payload
    prepared = prepare_image(data, **LIMITS)
    assert payload not in prepared.data and b"<script>" not in prepared.data
    assert (prepared.mime, prepared.width, prepared.height) == (
        {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}[fmt], 640, 480)
    assert Image.open(io.BytesIO(prepared.data)).size == (640, 480)


def test_an_unknown_jpeg_segment_is_not_stored() -> None:
    clean = encoded(Image.effect_noise((640, 480), 40).convert("RGB"), "JPEG")
    app3 = b"\xff\xe3" + struct.pack(">H", 2 + 18) + b"private tracker id"
    prepared = prepare_image(clean[:2] + app3 + clean[2:], **LIMITS)
    assert b"private tracker id" not in prepared.data
    assert Image.open(io.BytesIO(prepared.data)).format == "JPEG"


def test_a_clean_progressive_photo_is_stored_byte_for_byte() -> None:
    data = encoded(Image.effect_noise((640, 480), 40).convert("RGB"), "JPEG", progressive=True,
                   dpi=(300, 300))
    assert prepare_image(data, **LIMITS).data == data


def test_a_file_name_with_a_lone_surrogate_is_stored(runtime: AgentRuntime) -> None:
    # a name from argv (undecodable bytes) or JSON ("\ud800") raised UnicodeEncodeError
    photo = runtime.upload(encoded(Image.new("RGB", (400, 400), "red"), "PNG"), "bottle\ud800.png")
    assert runtime.services.assets.get(photo.id).parameters["filename"] == "bottle\ufffd.png"
