"""Capability: undo an edit by going back to the image it was made from (nothing is rendered)."""

from __future__ import annotations

from core.errors import AssetNotFoundError, CapabilityError
from core.schemas import RevertImageRequest, RevertImageResult
from tools.capabilities.common import load_image_asset
from tools.capabilities.lineage import ad_image_of, label, previous_version
from tools.sdk import CapabilityContext, capability


@capability(name="revert_image", cost_usd=0.0, modes=("online",))
def revert_image(req: RevertImageRequest, ctx: CapabilityContext) -> RevertImageResult:
    """Undo an edit: show again the image this one was made from, as the current version.

    Use it when the advertiser says undo, go back, revert, or that they liked the previous
    version better. Nothing new is made and it costs nothing: the earlier image comes back
    with its own asset id and number, and later edits start from it. Give the asset id of
    the edited image; an image that is not an edit of another has nothing to go back to.
    """
    asset, _ = load_image_asset(ctx, req.asset_id)
    parent_id = previous_version(asset)
    if parent_id is None:
        raise CapabilityError(
            f"{label(ctx, asset.id)} is an original; there is nothing to go back to.",
            hint="Only an edited image can be undone; edit it, or pick an edited version.",
        )
    try:
        parent = ctx.assets.get(parent_id, tenant=ctx.tenant)
    except AssetNotFoundError as exc:
        raise AssetNotFoundError(
            f"{label(ctx, asset.id)} was made from {label(ctx, parent_id)}, which has been "
            "deleted, so there is nothing to go back to.",
            hint="Keep this version, or edit it again.",
        ) from exc
    return RevertImageResult(image=ad_image_of(ctx, parent), reverted_from=asset.id)
