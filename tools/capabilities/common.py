"""Helpers the image capabilities share: loading inputs and storing rendered ads."""

from __future__ import annotations

from typing import Any

from PIL import Image

from tools.assets import Asset
from tools.errors import InvalidImageError, PolicyViolationError
from tools.images import decode_image, encode_png
from tools.models import AdImage
from tools.policy import check_text
from tools.sdk import CapabilityContext

IMAGE_KINDS = ("product_photo", "product_cutout", "ad_image")


def load_image_asset(ctx: CapabilityContext, asset_id: str) -> tuple[Asset, Image.Image]:
    """Return an image asset's metadata and decoded pixels.

    Raises:
        AssetNotFoundError: No such asset for this tenant.
        InvalidImageError: The asset is not an image.
    """
    asset = ctx.assets.get(asset_id, tenant=ctx.tenant)
    if not asset.mime.startswith("image/"):
        raise InvalidImageError(
            f"Asset {asset_id} is a {asset.kind}, not an image.", hint="Pick an image asset."
        )
    data = ctx.assets.read(asset.id)
    image, _ = decode_image(data, max_bytes=len(data), max_pixels=10**9)
    return asset, image


def check_ad_text(*texts: str | None) -> None:
    """Refuse ad copy the text policy blocks, before it is rendered.

    Raises:
        PolicyViolationError: A blocked term appears in the copy.
    """
    for text in texts:
        for finding in check_text(text or ""):
            if finding.severity == "block":
                raise PolicyViolationError(
                    f"The text '{text}' cannot go on an ad: {finding.reason}", hint=finding.fix
                )


def store_ad(
    ctx: CapabilityContext,
    image: Image.Image,
    *,
    theme: str,
    placement: str,
    capability: str,
    parents: list[str],
    parameters: dict[str, Any],
    caption: str,
    png: bytes | None = None,
) -> AdImage:
    """Store an ad image and describe it.

    Args:
        ctx: The capability's context (asset store, tenant).
        image: The rendered ad.
        theme: Id of the theme it shows.
        placement: Id of the placement it was made for.
        capability: The capability that made it.
        parents: Assets it was made from.
        parameters: Everything needed to make it again (the recipe).
        caption: A short human-readable label.
        png: The image already PNG-encoded (encoded here when omitted).
    """
    asset = ctx.assets.put(
        png if png is not None else encode_png(image),
        kind="ad_image",
        mime="image/png",
        width=image.width,
        height=image.height,
        parents=parents,
        capability=capability,
        parameters=parameters,
        caption=caption,
        tenant=ctx.tenant,
    )
    return AdImage(
        asset_id=asset.id,
        caption=caption,
        theme=theme,
        placement=placement,
        width=image.width,
        height=image.height,
    )
