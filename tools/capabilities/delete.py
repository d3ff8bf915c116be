"""Capability: take ad images out of a conversation's gallery; their files and numbers stay.

Nothing is deleted here: the thread's gallery (``agent.gallery``) leaves out what this
result names, until a later result shows the image again. Deleting for good is the API's
``DELETE /v1/assets/{id}``.
"""

from __future__ import annotations

from core.errors import CapabilityError
from core.schemas import DeleteImagesRequest, DeleteImagesResult
from tools.capabilities.lineage import label
from tools.sdk import CapabilityContext, capability


@capability(name="delete_images", cost_usd=0.0, modes=("online",))
def delete_images(req: DeleteImagesRequest, ctx: CapabilityContext) -> DeleteImagesResult:
    """Take ad images out of this conversation's gallery, e.g. the ones the advertiser dislikes.

    Use it when the advertiser asks to delete, remove, discard or hide images. The other
    images keep their numbers (nothing is renumbered), and a removed image no longer goes
    into downloads of the conversation; its file is kept, so it can still be named by its
    number. Give the asset ids of ad images of this conversation.
    """
    gallery = ctx.gallery
    if gallery is None:
        raise CapabilityError(
            "Images can only be taken out of a conversation's gallery, and this call is not "
            "part of one.",
            hint="To delete an image for good, use DELETE /v1/assets/{id}.",
        )
    for asset_id in req.asset_ids:
        ctx.assets.get(asset_id, tenant=ctx.tenant)  # unknown, or another tenant's: not found
        if asset_id not in gallery.numbers:
            raise CapabilityError(
                f"{label(ctx, asset_id)} is not an ad image of this conversation.",
                hint="Name ad images shown in this conversation (by their asset ids).",
            )
    already = [i for i in req.asset_ids if i in gallery.removed]
    notes = [f"{label(ctx, i)} was already out of the gallery." for i in already]
    return DeleteImagesResult(
        removed=[i for i in req.asset_ids if i not in gallery.removed], notes=notes
    )
