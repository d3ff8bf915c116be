"""Capability: remove the hand holding the product from its photo, then cut it out again.

A product held in a hand is staged cropped at the ad's frame edge, hand and all. Where the
engine can paint (Stability's erase-object service on Bedrock), the hand is erased from the
photo, masked to the hand found in the cutout (:mod:`engines.local.cutout.hands`) grown by
a few pixels; every other pixel stays the photo's own. The result is a new product photo,
cut out again (that cutout is stored, so the next ads use it). The local engine cannot paint
the product under the fingers: it says so and offers what works instead.
"""

from __future__ import annotations

import cv2
import numpy as np
from PIL import Image

from core.errors import CapabilityError
from core.images import encode_png, normalise
from core.schemas import RemoveHandRequest, RemoveHandResult
from core.storage.assets import Asset
from engines import PaidCall
from engines.bedrock.stability.client import PRICE_PER_IMAGE_USD
from engines.local.cutout.hands import find_hand
from tools.capabilities.ad_images import (
    cropped_note,
    cutout_facts,
    doubt_note,
    held_by_hand,
    product_cutout,
)
from tools.capabilities.common import load_image_asset, made_by, recorded_models
from tools.sdk import CapabilityContext, capability

GROW_SHARE = 1 / 200  # the hand's mask grows by this share of the photo's long side ...
GROW_LEAST = 6  # ... and by at least this many pixels, to take its soft edge and shadow

NO_HAND = "I could not find a hand holding the product in this photo."
NO_HAND_HINT = (
    "The hand is found where skin-coloured parts of the cutout run off the photo's edge; "
    "if a hand is there, mark the product with a box so only it is cut out, or upload a "
    "photo of the product without a hand."
)


# The declared cost is Stability's erase-object price, the one engine that can do it.
@capability(name="remove_hand", cost_usd=PRICE_PER_IMAGE_USD["erase_object"])
def remove_hand(req: RemoveHandRequest, ctx: CapabilityContext) -> RemoveHandResult:
    """Remove the hand holding the product from its photo, so ads show the product alone.

    Use it when the advertiser asks to remove, erase or get rid of the hand (the fingers,
    the arm) holding the product. Makes a new product photo without the hand and cuts the
    product out of it again; use the new photo's asset id for the next ads. Only an engine
    that can paint does it (Stability on Bedrock); otherwise it explains the choices.
    """
    photo, image = load_image_asset(ctx, req.product_image)
    ctx.progress(0, 3, "Finding the hand")
    cutout_asset, product = product_cutout(ctx, photo, image, as_is=False)
    upright = normalise(image).convert("RGB")
    mask = hand_mask(cutout_asset, product, upright.size)
    if mask is None:
        raise CapabilityError(NO_HAND, hint=NO_HAND_HINT)
    ctx.progress(1, 3, "Erasing the hand")
    erased = ctx.engines.images.erase(upright, mask)  # the local engine refuses here
    ctx.progress(2, 3, "Cutting the product out again")
    new_photo = ctx.assets.put(
        encode_png(erased),
        kind="product_photo",
        mime="image/png",
        width=erased.width,
        height=erased.height,
        parents=[photo.id],
        capability="remove_hand",
        parameters={"erased_box": list(mask.getbbox() or (0, 0, 0, 0)),
                    "engine": ctx.engines.images.name,
                    **made_by(erase_calls(ctx), recorded_models(photo))},
        caption="hand removed",
        tenant=ctx.tenant,
    )
    new_cutout, _ = product_cutout(ctx, new_photo, erased, as_is=False)
    confidence, doubts, cropped = cutout_facts(new_cutout)
    ctx.progress(3, 3, "Done")
    return RemoveHandResult(
        asset_id=new_photo.id,
        parent_id=photo.id,
        cutout_id=new_cutout.id,
        width=erased.width,
        height=erased.height,
        cutout_confidence=confidence,
        cropped=cropped,
        notes=_notes(new_cutout, confidence, doubts, cropped),
    )


def erase_calls(ctx: CapabilityContext) -> list[PaidCall]:
    """The erase-object call that painted the hand away (none when the engine names no model)."""
    model = ctx.engines.images.erase_model
    return [PaidCall("erase", model)] if model else []


def hand_mask(cutout: Asset, product: Image.Image, size: tuple[int, int]) -> Image.Image | None:
    """The hand in a stored cutout, on the photo's canvas, grown a few pixels (L, 255 = hand).

    Args:
        cutout: The stored cutout (its parameters give its box in the photo and cut sides).
        product: Its RGBA pixels.
        size: The upright photo's size.

    Returns:
        The mask, or None when no hand holds the product.
    """
    sides = [str(side) for side in cutout.parameters.get("cropped", [])]
    found = find_hand(np.asarray(product.convert("RGBA")), sides)
    box = cutout.parameters.get("box")
    if found is None or not box:
        return None
    left, top = int(box[0]), int(box[1])
    canvas = np.zeros((size[1], size[0]), np.uint8)
    h, w = min(found.shape[0], size[1] - top), min(found.shape[1], size[0] - left)
    canvas[top : top + h, left : left + w] = np.where(found[:h, :w], 255, 0)
    grow = max(GROW_LEAST, round(GROW_SHARE * max(size)))
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * grow + 1, 2 * grow + 1))
    return Image.fromarray(cv2.dilate(canvas, kernel))


def _notes(
    cutout: Asset, confidence: float | None, doubts: list[str], cropped: list[str]
) -> list[str]:
    """What to check on the new photo's cutout."""
    notes = [
        "The product's own pixels are the photo's; only the hand was painted over. Where "
        "the fingers covered the product, the model painted what it guessed: check that "
        "part before using the ads."
    ]
    if held_by_hand(cutout):
        notes.append(
            "Part of the hand still shows in the new photo; if it matters, upload a photo of "
            "the product without a hand."
        )
    notes += [n for n in (doubt_note(confidence, doubts), cropped_note(cropped)) if n]
    return notes
