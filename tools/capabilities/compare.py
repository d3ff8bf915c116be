"""Capability: one picture with 2 to 4 images side by side, to choose between them."""

from __future__ import annotations

from core.images import encode_png
from core.schemas import CompareImagesRequest, CompareImagesResult
from engines.local.sheet import Label, side_by_side
from tools.capabilities.common import load_image_asset
from tools.capabilities.lineage import label
from tools.sdk import CapabilityContext, capability

KIND = "comparison"


@capability(name="compare_images", cost_usd=0.0, modes=("online",))
def compare_images(req: CompareImagesRequest, ctx: CapabilityContext) -> CompareImagesResult:
    """Show 2 to 4 images side by side in one picture, to compare them or pick one.

    Use it when the advertiser asks to compare images, see them next to each other, or
    choose between versions. The images are scaled to one height, in the order given, each
    labelled below with its number. Nothing is rendered again and it costs nothing; the
    picture is not an ad and gets no number. Give the images' asset ids.
    """
    loaded = [load_image_asset(ctx, asset_id) for asset_id in req.asset_ids]
    labels = [_label(ctx, asset.id, asset.caption) for asset, _ in loaded]
    sheet = side_by_side([image for _, image in loaded], labels)
    names = ", ".join(label(ctx, asset.id) for asset, _ in loaded)
    stored = ctx.assets.put(
        encode_png(sheet),
        kind=KIND,
        mime="image/png",
        width=sheet.width,
        height=sheet.height,
        parents=[asset.id for asset, _ in loaded],
        capability="compare_images",
        parameters={"compared": [asset.id for asset, _ in loaded]},
        caption=f"Side by side: {names}",
        tenant=ctx.tenant,
    )
    return CompareImagesResult(
        asset_id=stored.id,
        width=sheet.width,
        height=sheet.height,
        compared=[asset.id for asset, _ in loaded],
    )


def _label(ctx: CapabilityContext, asset_id: str, caption: str) -> Label:
    """The number in bold with the caption under it; the caption alone when unnumbered."""
    number = ctx.gallery.numbers.get(asset_id) if ctx.gallery else None
    if number:
        return Label(f"#{number}", caption)
    return Label(caption or asset_id)
