"""Storing an uploaded image: the one path a photo or logo takes into the asset store.

The chat (``AgentRuntime.upload``), the HTTP API (``POST /v1/assets``), MCP
(``upload_image``) and the batch all store what they are given the same way: checked
(type, size, pixel count, bombs), then kept in its own format (PNG, JPEG or WebP; an MPO
is stored as its first JPEG). The uploaded bytes are kept as they are when they already
are an upright 8-bit RGB(A) picture with no metadata and at most :data:`MAX_STORED_SIDE`
pixels on the long side, and a walk of the file's segments or chunks finds only picture
data (:func:`core.storage.containers.only_picture_data`: no unknown segment, comment or
bytes after the end marker). Otherwise the picture is turned upright by its EXIF
orientation, converted to sRGB when it carries another RGB colour profile (Display P3,
Adobe RGB), scaled down to that side when larger, and re-encoded once in the same format.
What is stored carries no EXIF (no GPS position, no camera serial), colour profile nor
other metadata, and its bytes, width and height describe the same, upright sRGB picture;
it is never larger than a bounded re-encode of the upload (no 13 MB JPEG turned into a
100 MB PNG).

An upload that carries Content Credentials (a camera's or another tool's C2PA manifest)
keeps them beside the cleaned picture: its manifest store is captured before the re-encode
(:mod:`core.provenance.uploaded`) and stored as an ``upload_credentials`` asset the photo's
record names, so every asset made from the photo carries that chain as an ingredient.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
from dataclasses import dataclass
from functools import cache

from PIL import Image, ImageCms

from core.errors import InvalidImageError
from core.images import decode_image, encode_png
from core.plaintext import well_formed
from core.provenance.uploaded import ARCHIVE_MIME, UploadedCredentials, uploaded_credentials
from core.storage.assets import Asset, AssetStore
from core.storage.containers import only_picture_data

MAX_STORED_SIDE = 4096
"""Longest side an upload is stored at: a larger photo is scaled down (ads are 1920 px at
most, and a cutout works on far fewer pixels)."""
JPEG_QUALITY = 92
WEBP_QUALITY = 90
_FORMATS = {"image/png": "PNG", "image/jpeg": "JPEG", "image/webp": "WEBP"}
_HARMLESS_INFO = frozenset({
    "dpi", "jfif", "jfif_version", "jfif_unit", "jfif_density", "progressive", "progression",
    "gamma", "aspect", "srgb", "chromaticity", "loop", "duration", "background", "timestamp",
})
"""Header facts Pillow reports that say nothing about the picture's subject or its maker.
Anything else (EXIF, XMP, ICC, comments, PNG text, Photoshop blocks) is dropped by a
re-encode."""


@dataclass(frozen=True)
class PreparedImage:
    """A checked upload and the bytes to store for it.

    Attributes:
        data: The bytes to store (the upload itself, or its re-encode).
        mime: Their type.
        width: Width of the stored picture.
        height: Height of the stored picture.
        uploaded_mime: The upload's type.
        uploaded_size: The upload's upright width and height (larger when scaled down).
        credentials: The Content Credentials the upload carried (None: none).
    """

    data: bytes
    mime: str
    width: int
    height: int
    uploaded_mime: str
    uploaded_size: tuple[int, int]
    credentials: UploadedCredentials | None = None


def prepare_image(
    data: bytes, *, max_bytes: int, max_pixels: int, max_side: int = MAX_STORED_SIDE
) -> PreparedImage:
    """Check an upload and choose what to store: its own bytes, or a bounded re-encode.

    Args:
        data: The file's bytes, as uploaded.
        max_bytes: Largest accepted file.
        max_pixels: Largest accepted width × height.
        max_side: Longest side stored; a larger picture is scaled down to it.

    Raises:
        InvalidImageError: Not a PNG/JPEG/WebP, corrupt, too large or too many pixels.
    """
    image, mime = decode_image(data, max_bytes=max_bytes, max_pixels=max_pixels)
    uploaded = image.size
    if _keepable(data, image, max_side):
        return PreparedImage(data, mime, *uploaded, uploaded_mime=mime, uploaded_size=uploaded)
    credentials = uploaded_credentials(data, mime)  # read before the re-encode drops them
    image = _to_srgb(image)
    if max(image.size) > max_side:
        image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS, reducing_gap=3.0)
    return PreparedImage(_encode(image, mime), mime, *image.size, uploaded_mime=mime,
                         uploaded_size=uploaded, credentials=credentials)


def _keepable(data: bytes, image: Image.Image, max_side: int) -> bool:
    """Whether the upload's bytes already are what would be stored (header and structure)."""
    with Image.open(io.BytesIO(data)) as opened:
        return (
            only_picture_data(data)
            and opened.format in _FORMATS.values()
            and getattr(opened, "n_frames", 1) == 1
            and opened.mode == image.mode
            and opened.size == image.size
            and max(opened.size) <= max_side
            and not opened.getexif()
            and set(opened.info) <= _HARMLESS_INFO
        )


def _to_srgb(image: Image.Image) -> Image.Image:
    """``image`` in sRGB, without metadata: converted when it carries an RGB colour profile.

    A profile that cannot be read, or that describes other channels than the picture's
    (a CMYK or grey profile on a picture already turned RGB), is dropped: the pixels are
    then shown as sRGB, as every browser shows an untagged picture.
    """
    icc = image.info.get("icc_profile")
    image.info = {}  # Pillow would write a comment or ICC profile kept from the upload
    if not icc:
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        if source.profile.xcolor_space.strip() != "RGB":
            return image
        converted = ImageCms.profileToProfile(image, source, _srgb(), outputMode=image.mode)
    except (OSError, ImageCms.PyCMSError):
        return image
    assert converted is not None  # not converted in place
    converted.info = {}
    return converted


@cache
def _srgb() -> ImageCms.ImageCmsProfile:
    """The sRGB profile uploads are converted to."""
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def _encode(image: Image.Image, mime: str) -> bytes:
    """``image`` in the format of ``mime``, without metadata."""
    image.info = {}  # Pillow would write a comment or ICC profile kept from the upload
    fmt = _FORMATS[mime]
    if fmt == "PNG":
        return encode_png(image)
    buffer = io.BytesIO()
    if fmt == "JPEG":
        image.save(buffer, format="JPEG", quality=JPEG_QUALITY)
    else:
        image.save(buffer, format="WEBP", quality=WEBP_QUALITY)
    return buffer.getvalue()


def put_image(
    assets: AssetStore,
    prepared: PreparedImage,
    *,
    filename: str,
    tenant: str,
    kind: str,
    reuse: bool = False,
) -> Asset:
    """Store a prepared upload as an asset of ``kind``.

    Args:
        assets: The asset store.
        prepared: What :func:`prepare_image` chose.
        filename: The file's name (kept as the caption).
        tenant: Who owns the asset.
        kind: ``product_photo`` or ``logo``.
        reuse: Return the tenant's asset of this kind with the same stored bytes, if there
            is one, instead of storing a copy (a batch run again).
    """
    if reuse:
        known = assets.find(hashlib.sha256(prepared.data).hexdigest(), tenant=tenant)
        if known is not None and known.kind == kind:
            return known
    parameters: dict[str, object] = {"filename": filename, "uploaded_mime": prepared.uploaded_mime}
    if prepared.uploaded_size != (prepared.width, prepared.height):
        parameters["uploaded_size"] = list(prepared.uploaded_size)
    if prepared.credentials is not None:
        parameters["provenance"] = _kept_credentials(assets, prepared.credentials, filename,
                                                     tenant)
    return assets.put(
        prepared.data,
        kind=kind,
        mime=prepared.mime,
        width=prepared.width,
        height=prepared.height,
        parameters=parameters,
        caption=filename,
        tenant=tenant,
    )


def _kept_credentials(
    assets: AssetStore, credentials: UploadedCredentials, filename: str, tenant: str
) -> dict[str, object]:
    """Store an upload's Content Credentials (its ingredient archive); the photo's record.

    The record (the photo's ``provenance`` parameters) names the upload's manifest, what
    the reader said of it, the SHA-256 of the upload as sent and the archive's asset id.
    """
    record: dict[str, object] = {"uploaded_manifest": credentials.label,
                                 "uploaded_state": credentials.state,
                                 "uploaded_sha256": credentials.sha256}
    if credentials.archive is None:  # personal data in the chain: recorded, not carried
        return {**record, "carried": False}
    kept = assets.put(credentials.archive, kind="upload_credentials", mime=ARCHIVE_MIME,
                      caption=f"Content Credentials of {filename or 'an upload'}",
                      tenant=tenant)
    return {**record, "credentials": kept.id}


def store_image(
    assets: AssetStore,
    data: bytes,
    *,
    filename: str,
    tenant: str,
    kind: str,
    max_bytes: int,
    max_pixels: int,
    reuse: bool = False,
) -> Asset:
    """Check, normalise and store an uploaded image; return its asset.

    Args:
        assets: The asset store.
        data: The file's bytes, as uploaded.
        filename: The file's name (kept as the caption).
        tenant: Who owns the asset.
        kind: ``product_photo`` or ``logo``.
        max_bytes: Largest accepted file.
        max_pixels: Largest accepted width × height.
        reuse: Return the tenant's asset of this kind with the same stored bytes, if there
            is one, instead of storing a copy (a batch run again).

    Raises:
        InvalidImageError: Not a PNG/JPEG/WebP, corrupt, too large or too many pixels.
    """
    prepared = prepare_image(data, max_bytes=max_bytes, max_pixels=max_pixels)
    return put_image(assets, prepared, filename=well_formed(filename), tenant=tenant, kind=kind,
                     reuse=reuse)  # a name from argv or JSON may hold a lone surrogate


def decode_base64(data: str, max_bytes: int | None = None) -> bytes:
    """Decode an uploaded file sent as base64 text (a ``data:`` URL prefix is accepted).

    Args:
        data: The text; whitespace in it is ignored.
        max_bytes: Largest file accepted: longer text is refused before it is decoded.

    Raises:
        InvalidImageError: The text is not base64, or it holds more than ``max_bytes``.
    """
    payload = data.split(",", 1)[1] if data.startswith("data:") else data
    payload = "".join(payload.split())
    if max_bytes is not None and len(payload) > (max_bytes // 3 + 1) * 4:
        raise InvalidImageError(
            f"The image is over the {max_bytes / 1e6:.0f} MB limit.",
            hint="Send a smaller JPEG or PNG.",
        )
    try:
        return base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise InvalidImageError(
            "The image data is not valid base64.",
            hint="Send the file's bytes base64-encoded (standard alphabet, with padding).",
        ) from exc
