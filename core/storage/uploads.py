"""Storing an uploaded image: the one path a photo or logo takes into the asset store.

The chat (``AgentRuntime.upload``), the HTTP API (``POST /v1/assets``), MCP
(``upload_image``) and the batch all store what they are given the same way: checked
(type, size, pixel count, bombs), turned upright by its EXIF orientation and re-encoded
as PNG. What is stored carries no EXIF
(no GPS position, no camera serial), and its bytes, width and height describe the same,
upright picture.
"""

from __future__ import annotations

import hashlib

from core.images import decode_image, encode_png
from core.storage.assets import Asset, AssetStore


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
        reuse: Return the tenant's asset of this kind with the same normalised bytes,
            if there is one, instead of storing a copy (a batch run again).

    Raises:
        InvalidImageError: Not a PNG/JPEG/WebP, corrupt, too large or too many pixels.
    """
    image, mime = decode_image(data, max_bytes=max_bytes, max_pixels=max_pixels)
    png = encode_png(image)
    if reuse:
        known = assets.find(hashlib.sha256(png).hexdigest(), tenant=tenant)
        if known is not None and known.kind == kind:
            return known
    return assets.put(
        png,
        kind=kind,
        mime="image/png",
        width=image.width,
        height=image.height,
        parameters={"filename": filename, "uploaded_mime": mime},
        caption=filename,
        tenant=tenant,
    )
