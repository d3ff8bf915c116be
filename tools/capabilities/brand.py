"""Capability: remember the advertiser's brand kit (colours, logo, font, tone)."""

from __future__ import annotations

from core.errors import CapabilityError
from core.schemas import BrandKitResult, SaveBrandKitRequest
from core.storage.brandkit import BrandKit
from tools.capabilities.common import load_image_asset
from tools.sdk import CapabilityContext, capability


@capability(name="save_brand_kit", cost_usd=0.0)
def save_brand_kit(req: SaveBrandKitRequest, ctx: CapabilityContext) -> BrandKitResult:
    """Save the advertiser's brand kit; later ads use it unless a request says otherwise.

    Call it when the advertiser gives brand colours, a logo image (by asset id), a font or
    a tone of voice to use on every ad. Fields left out keep their saved values.
    """
    if ctx.brand_kits is None:
        raise CapabilityError("Brand kits are not available in this deployment.")
    if req.logo is not None:
        load_image_asset(ctx, req.logo)  # must be an image this tenant owns
    update = BrandKit.model_validate(req.model_dump(exclude_none=True))
    kit = ctx.brand_kits.save(ctx.tenant, update)
    return BrandKitResult(**kit.model_dump())
