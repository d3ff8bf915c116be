"""Capability: make a new version of an ad image (headline, theme, colour, format)."""

from __future__ import annotations

from typing import Any

from tools.capabilities.common import check_ad_text, load_image_asset, store_ad
from tools.engines.local.compose import Recipe
from tools.errors import CapabilityError
from tools.models import EditImageRequest, EditImageResult
from tools.sdk import CapabilityContext, capability


@capability(name="edit_image", cost_usd=0.06)
def edit_image(req: EditImageRequest, ctx: CapabilityContext) -> EditImageResult:
    """Make a new version of an ad image: change its headline, theme, warmth or format.

    The original stays as it is; the product's pixels stay intact in the new version.
    Refer to images by the asset ids returned when they were made.
    """
    check_ad_text(req.headline, req.subline, req.cta)
    asset, image = load_image_asset(ctx, req.asset_id)
    changes = _describe(req)
    if not changes:
        raise CapabilityError(
            "The edit does not change anything.",
            hint="Say what to change: headline, theme, warmth (warmer/cooler) or format.",
        )
    recipe_data = asset.parameters.get("recipe")
    if recipe_data is None:
        return _grade_plain_image(req, ctx, asset.id, image, changes)
    recipe = _updated_recipe(Recipe.model_validate(recipe_data), req)
    cutout_id = str(asset.parameters["cutout"])
    _, cutout = load_image_asset(ctx, cutout_id)
    composition = ctx.engines.images.render_ad(cutout, recipe)
    ad = store_ad(
        ctx,
        composition.image,
        capability="edit_image",
        parents=[asset.id, cutout_id],
        parameters={
            "recipe": recipe.model_dump(),
            "cutout": cutout_id,
            "product_box": list(composition.product_box),
            "edit": _edit(req),
        },
        caption=f"Edit of {asset.id} · {', '.join(changes)}",
        theme=composition.theme.id,
    )
    return EditImageResult(image=ad, parent_id=asset.id, changes=changes)


def _updated_recipe(recipe: Recipe, req: EditImageRequest) -> Recipe:
    update: dict[str, Any] = {}
    for name in ("headline", "subline", "cta"):
        value = getattr(req, name)
        if value is not None:
            update[name] = value.strip() or None
    if req.theme is not None:
        update["theme"] = req.theme
    if req.format is not None:
        update["format"] = req.format
    if req.brand_colors is not None:
        update["brand_colors"] = req.brand_colors
    if req.warmth is not None:
        update["warmth"] = max(-1.0, min(1.0, recipe.warmth + req.warmth))
    return Recipe.model_validate({**recipe.model_dump(), **update})


def _grade_plain_image(
    req: EditImageRequest, ctx: CapabilityContext, asset_id: str, image: Any, changes: list[str]
) -> EditImageResult:
    """Edit an image that was not made by adstudio: only colour changes are possible."""
    if req.warmth is None or len(changes) > 1:
        raise CapabilityError(
            f"{asset_id} was not made by adstudio, so only its colours can be changed.",
            hint="Generate ad images from it first, then edit those.",
        )
    graded = ctx.engines.images.adjust(image.convert("RGB"), warmth=req.warmth)
    ad = store_ad(
        ctx,
        graded,
        capability="edit_image",
        parents=[asset_id],
        parameters={"edit": _edit(req)},
        caption=f"Edit of {asset_id} · {changes[0]}",
        theme="original",
    )
    return EditImageResult(image=ad, parent_id=asset_id, changes=changes)


def _describe(req: EditImageRequest) -> list[str]:
    changes = []
    if req.headline is not None:
        changes.append(f"headline '{req.headline}'" if req.headline.strip() else "no headline")
    if req.subline is not None:
        changes.append("new subline")
    if req.cta is not None:
        changes.append(f"button '{req.cta}'")
    if req.theme is not None:
        changes.append(f"theme {req.theme}")
    if req.warmth:
        changes.append("warmer" if req.warmth > 0 else "cooler")
    if req.format is not None:
        changes.append(f"format {req.format}")
    if req.brand_colors is not None:
        changes.append("brand colors")
    return changes


def _edit(req: EditImageRequest) -> dict[str, Any]:
    return req.model_dump(exclude_none=True)
