"""Capability: remove a photo's background, giving a transparent PNG of the product.

The PNG has the photo's own size with the product where it was in the photo, so it lines
up with the photo in any editor. It holds no ad copy and no generated pixels (a model may
draw the matte, the product's pixels stay the photo's), so, like the cutout ads are made
from, it passes no text or ad-image policy; the photo was checked when it was uploaded.
"""

from __future__ import annotations

from typing import Any

from PIL import Image

from core.errors import NoProductError
from core.images import encode_png
from core.schemas import RemoveBackgroundRequest, RemoveBackgroundResult
from core.storage.seed_box import seed_box
from engines.bedrock.stability.client import PRICE_PER_IMAGE_USD
from engines.local.cutout import Cutout
from engines.local.cutout.confidence import FINE_DOUBT, PAPER_INSIDE_DOUBT
from tools.capabilities.ad_images import hand_note, matte_calls
from tools.capabilities.common import (
    cutout_parameters,
    load_image_asset,
    made_by,
    marked_note,
    recorded_models,
    sides_phrase,
)
from tools.sdk import CapabilityContext, capability

KIND = "background_removed"


# The declared cost is Stability's remove-background price (the default Bedrock image
# engine); the local engine, and the other Bedrock engines, cut out locally for free.
@capability(name="remove_background", cost_usd=PRICE_PER_IMAGE_USD["remove_background"])
def remove_background(
    req: RemoveBackgroundRequest, ctx: CapabilityContext
) -> RemoveBackgroundResult:
    """Remove the background of a photo: the product alone on a transparent PNG.

    Use it when the advertiser asks to remove or erase the background, to cut the product
    out, or for a transparent PNG. The PNG keeps the photo's size, the product where it
    was. Refer to the photo by its asset id; pass ``box`` only when the advertiser marks
    where the product is (a box already marked on the photo is used when none is given).
    A PNG made here can be uploaded as the product photo for ads.
    """
    photo, image = load_image_asset(ctx, req.product_image)
    marked = None if req.box else seed_box(photo)
    box = req.box or marked
    ctx.progress(0, 2, "Finding the product")
    try:
        cut = ctx.engines.images.remove_background(image, box)
    except NoProductError as exc:
        error = NoProductError(
            "I could not separate a product from this photo: it looks like a texture, a blank "
            "or a full scene rather than a product on a background.",
            hint="Upload a photo of the product on a plain background, or a PNG of the product "
            "that already has a transparent background.",
        )
        error.calls = exc.calls  # a model's matte that kept nothing is billed all the same
        raise error from exc
    ctx.progress(1, 2, "Saving the transparent PNG")
    png = on_transparent_canvas(cut, image.size)
    asset = ctx.assets.put(
        encode_png(png),
        kind=KIND,
        mime="image/png",
        width=png.width,
        height=png.height,
        parents=[photo.id],
        capability="remove_background",
        parameters={
            **_parameters(cut, box),
            **made_by(matte_calls(cut), recorded_models(photo), engine=ctx.engines.images.name),
        },
        caption="background removed",
        tenant=ctx.tenant,
    )
    ctx.progress(2, 2, "Done")
    return RemoveBackgroundResult(
        asset_id=asset.id,
        parent_id=photo.id,
        width=png.width,
        height=png.height,
        method=cut.method,
        confidence=cut.confidence,
        notes=marked_note(marked, image.size) + notes(cut, can_erase=ctx.engines.images.can_erase),
    )


def on_transparent_canvas(cut: Cutout, size: tuple[int, int]) -> Image.Image:
    """The cutout put back where it was, on a fully transparent canvas of the photo's size."""
    canvas = Image.new("RGBA", size, (0, 0, 0, 0))
    canvas.paste(cut.image.convert("RGBA"), cut.box[:2])  # a copy, not a blend
    return canvas


def notes(cut: Cutout, *, can_erase: bool = False) -> list[str]:
    """What the advertiser should know about the cutout, in plain words.

    ``can_erase``: the engine can remove a hand holding the product (it is offered).
    """
    found: list[str] = []
    if cut.doubtful:
        why = "; ".join(cut.doubts) or "the product was hard to tell apart from the background"
        fix = ("upload a PNG of the product with a transparent background (a box around the "
               "product would keep the loop filled), or use the photo as it is"
               if PAPER_INSIDE_DOUBT in cut.doubts else
               "upload a PNG of the product with a transparent background (a box around the "
               "product would not show its thin parts any better), or use the photo as it is"
               if FINE_DOUBT in cut.doubts else
               "mark the product with a box (the chat's 'Mark the product' panel, or left, top, "
               "right, bottom in the photo's pixels), upload a PNG of the product with a "
               "transparent background, or use the photo as it is")
        found.append(f"The cutout may not follow the product exactly: {why}. If the edges "
                     f"look wrong, {fix}.")
    if cut.hand:
        found.append(hand_note(sorted(cut.cropped), can_erase=can_erase))
    elif cut.cropped:
        found.append(
            f"The product runs off the photo's {sides_phrase(cut.cropped)}, so it is cut off "
            "there."
        )
    return found


def _parameters(cut: Cutout, box: tuple[int, int, int, int] | None) -> dict[str, Any]:
    """How the PNG was made, for its lineage (with the box the advertiser drew, if any)."""
    return {"seed_box": list(box) if box else None, **cutout_parameters(cut)}
