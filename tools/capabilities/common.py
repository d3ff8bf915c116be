"""Helpers the image capabilities share: loading inputs and storing rendered ads."""

from __future__ import annotations

import logging
from typing import Any

from PIL import Image

from tools.assets import Asset
from tools.engines.bedrock.guardrail import GuardrailBlockedError
from tools.errors import InvalidImageError, PolicyViolationError
from tools.images import decode_image, encode_png
from tools.models import AdImage
from tools.policy import check_text
from tools.sdk import CapabilityContext

log = logging.getLogger(__name__)

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


def screen_ad(ctx: CapabilityContext, png: bytes) -> None:
    """Refuse a generated image the run's Bedrock guardrail blocks (no guardrail: no check).

    A guardrail that cannot be reached only logs a warning: the image model's own content
    filters have already passed the image.

    Raises:
        GuardrailBlockedError: The guardrail blocked the image.
    """
    if ctx.guardrail is None:
        return
    findings = ctx.guardrail.check_images([png], "OUTPUT")
    for finding in findings:
        if finding.severity == "block":
            raise GuardrailBlockedError(
                f"The guardrail blocked a generated image: {finding.reason}", hint=finding.fix
            )
        log.warning("guardrail on a generated image: %s %s", finding.rule_id, finding.reason)


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
    """Screen an ad image with the guardrail (if any), store it and describe it.

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

    Raises:
        GuardrailBlockedError: The run's guardrail blocked the image; nothing was stored.
    """
    png = png if png is not None else encode_png(image)
    screen_ad(ctx, png)
    asset = ctx.assets.put(
        png,
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
