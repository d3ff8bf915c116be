"""Capability: make a new version of an ad image.

Ads made by adstudio carry their recipe, so most edits change the recipe and render the ad
again from the stored cutout: the product stays pixel-exact whatever changes around it.
Retouches that work on pixels (remove an object, upscale) are kept as a list of operations
and replayed after every re-render, so later edits never lose them. Images not made by
adstudio (an uploaded photo) can only get pixel edits: colour, retouch, expand, upscale.
Retouches and expansions go through the image engine (``retouch``, ``extend``): locally, or
on Bedrock with Stability's erase, outpaint and upscale services (the local code as fallback).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from PIL import Image

from core.errors import CapabilityError
from core.findings import Finding
from core.placements import resolve_placement
from core.schemas import EditImageRequest, EditImageResult
from core.storage.assets import Asset
from engines import PaidCall
from engines.local import retouch
from engines.local.ad.composition import Composition, ad_layout, layout_boxes
from engines.local.ad.recipe import Recipe
from engines.local.ad.staging import trim
from engines.local.look import name_colors, to_lab
from tools.capabilities.common import (
    check_ad_text,
    copy_notes,
    finding_notes,
    load_image_asset,
    made_by,
    painted,
    record_copy_findings,
    recorded_models,
    store_ad,
)
from tools.capabilities.lineage import label
from tools.disclosure import disclosed
from tools.sdk import CapabilityContext, capability

RECIPE_ONLY = (
    "headline",
    "subline",
    "cta",
    "theme",
    "font",
    "logo",
    "product_scale",
    "product_shift",
    "backdrop_color",
    "brand_colors",
)


@capability(name="edit_image", cost_usd=0.06)
def edit_image(req: EditImageRequest, ctx: CapabilityContext) -> EditImageResult:
    """Make a new version of an ad image; the original stays as it is.

    Change its headline, subline or button, theme, warmth, brightness, contrast, background
    colour, font or logo; move or resize the product; remove an object in a region; expand
    it to another placement (the scene is extended, not padded); or upscale it 2x for print.
    The product's own pixels are never changed. Refer to images by their asset ids.
    """
    copy = check_ad_text(req.headline, req.subline, req.cta, ctx=ctx)
    changes = describe(req)
    if not changes:
        raise CapabilityError(
            "The edit does not change anything.",
            hint="Say what to change: headline, theme, warmth, brightness, contrast, "
            "background colour, font, logo, product size or position, a region to clean "
            "up, placement or upscale.",
        )
    asset, image = load_image_asset(ctx, req.asset_id)
    if "recipe" in asset.parameters:
        result = _edit_recipe(req, ctx, asset, changes)
    else:
        result = _edit_pixels(req, ctx, asset, image, changes)
    return with_copy_findings(ctx, result, copy)


def with_copy_findings(
    ctx: CapabilityContext, result: EditImageResult, findings: list[Finding]
) -> EditImageResult:
    """The result with the findings on its new copy, shown wherever the user works.

    They go into its notes (the chat), onto the new ad's policy checks (the panel) and
    into its findings (the run's guardrail events).
    """
    if not findings:
        return result
    record_copy_findings(ctx, findings, result.image.asset_id)
    return result.model_copy(update={
        "notes": [*copy_notes(findings), *result.notes],
        "copy_findings": findings,
    })


def _edit_recipe(
    req: EditImageRequest, ctx: CapabilityContext, asset: Asset, changes: list[str]
) -> EditImageResult:
    """Render the ad again from its updated recipe, then replay its retouches."""
    recipe = disclosed(updated_recipe(Recipe.model_validate(asset.parameters["recipe"]), req), ctx)
    cutout_id = str(asset.parameters["cutout"])
    cutout_asset, cutout = load_image_asset(ctx, cutout_id)
    logo_id = _logo_id(req, asset)
    logo = load_image_asset(ctx, logo_id)[1] if logo_id and recipe.logo else None
    composition = ctx.engines.images.render_ad(cutout, recipe, logo)
    notes = [c.message for c in composition.checks if c.fixed or not c.ok]
    operations = _carried_operations(asset, recipe, notes) + _new_operations(req, ctx, asset)
    retouched = ctx.engines.images.retouch(composition.image, operations, protected(composition))
    image, notes = retouched.image, notes + list(retouched.notes)
    factor = retouch.upscale_factor(operations)
    product_box = [v * factor for v in composition.product_box]
    if factor > 1:
        image = paste_product(image, trim(cutout), product_box)
    ad = store_ad(
        ctx,
        image,
        theme=composition.theme.id,
        placement=recipe.format,
        capability="edit_image",
        parents=[asset.id, cutout_id] + ([logo_id] if logo_id else []),
        parameters={
            "recipe": recipe.model_dump(mode="json"),
            "cutout": cutout_id,
            "logo": logo_id,
            "theme": composition.theme.id,
            "product_box": product_box,
            "layout": layout_boxes(composition, factor),
            "retouch": operations,
            "edit": req.model_dump(mode="json", exclude_none=True),
            **made_by([*painted(ctx), *retouched.calls], recorded_models(cutout_asset),
                    engine=ctx.engines.images.name),
        },
        caption=", ".join(changes),
        layout=ad_layout(composition, cutout, scale=factor),
    )
    notes += finding_notes("The new version", ad.findings)
    return EditImageResult(image=ad, parent_id=asset.id, changes=changes, notes=notes)


def _edit_pixels(
    req: EditImageRequest,
    ctx: CapabilityContext,
    asset: Asset,
    image: Image.Image,
    changes: list[str],
) -> EditImageResult:
    """Edit an image that has no recipe: colour, expand, retouch and upscale only."""
    asked = [name for name in RECIPE_ONLY if getattr(req, name) is not None]
    if asked:
        raise CapabilityError(
            f"{label(ctx, asset.id)} was not made by adstudio, so its {', '.join(asked)} cannot "
            "be changed.",
            hint="Generate ad images from it first, then edit those; colour, expand, clean-up "
            "and upscale work on any image.",
        )
    result = image.convert("RGB")
    placement, notes = "original", []
    calls: list[PaidCall] = []
    if req.warmth or req.brightness or req.contrast:
        result = ctx.engines.images.adjust(
            result,
            warmth=req.warmth or 0.0,
            brightness=req.brightness or 0.0,
            contrast=req.contrast or 0.0,
        )
    if req.placement is not None:
        target = resolve_placement(req.placement)
        extended = ctx.engines.images.extend(result, target.size)
        result, placement, notes = extended.image, target.id, list(extended.notes)
        calls += extended.calls
    operations = _new_operations(req, ctx, asset)
    retouched = ctx.engines.images.retouch(result, operations)
    result, notes = retouched.image, notes + list(retouched.notes)
    ad = store_ad(
        ctx,
        result,
        theme="original",
        placement=placement,
        capability="edit_image",
        parents=[asset.id],
        parameters={
            "retouch": operations,
            "edit": req.model_dump(mode="json", exclude_none=True),
            **made_by([*calls, *retouched.calls], recorded_models(asset),
                      engine=ctx.engines.images.name),
        },
        caption=", ".join(changes),
    )
    notes += finding_notes("The new version", ad.findings)
    return EditImageResult(image=ad, parent_id=asset.id, changes=changes, notes=notes)


def updated_recipe(recipe: Recipe, req: EditImageRequest) -> Recipe:
    """The recipe with the request's changes applied (relative ones added to the old)."""
    update: dict[str, Any] = {}
    for name in ("headline", "subline", "cta"):
        value = getattr(req, name)
        if value is not None:
            update[name] = value.strip() or None
    for name in ("theme", "font", "brand_colors", "backdrop_color"):
        if getattr(req, name) is not None:
            update[name] = getattr(req, name)
    if req.placement is not None:
        update["format"] = req.placement
    if req.logo is not None:
        update["logo"] = bool(req.logo)
    for name in ("warmth", "brightness", "contrast"):
        value = getattr(req, name)
        if value is not None:
            update[name] = _clamp(getattr(recipe, name) + value, -1.0, 1.0)
    if req.product_scale is not None:
        update["product_scale"] = _clamp(recipe.product_scale * req.product_scale, 0.5, 1.6)
    if req.product_shift is not None:
        dx, dy = recipe.product_shift
        update["product_shift"] = (
            _clamp(dx + req.product_shift[0], -0.3, 0.3),
            _clamp(dy + req.product_shift[1], -0.3, 0.3),
        )
    return Recipe.model_validate({**recipe.model_dump(), **update})


def _logo_id(req: EditImageRequest, asset: Asset) -> str | None:
    """The logo of the new version: the request's ("" removes it), else the parent's."""
    if req.logo is not None:
        return req.logo or None
    logo = asset.parameters.get("logo")
    return str(logo) if logo else None


def _carried_operations(asset: Asset, recipe: Recipe, notes: list[str]) -> list[dict[str, Any]]:
    """The parent's retouches that still apply; clean-ups are dropped on a new placement."""
    operations: list[dict[str, Any]] = list(asset.parameters.get("retouch", []))
    if recipe.format != asset.parameters["recipe"].get("format"):
        kept = [op for op in operations if op["op"] != "remove"]
        if len(kept) < len(operations):
            notes.append("earlier clean-ups were dropped: the layout changed with the placement")
        operations = kept
    return operations


def _new_operations(
    req: EditImageRequest, ctx: CapabilityContext, asset: Asset
) -> list[dict[str, Any]]:
    """The pixel retouches this request adds."""
    operations: list[dict[str, Any]] = []
    if req.remove_region is not None:
        operations.append({"op": "remove", "box": list(req.remove_region)})
    if req.upscale is not None:
        if any(op["op"] == "upscale" for op in asset.parameters.get("retouch", [])):
            raise CapabilityError(
                f"{label(ctx, asset.id)} is already upscaled for print.",
                hint="Upscale the original instead, or keep this one.",
            )
        operations.append({"op": "upscale", "factor": req.upscale})
    return operations


def protected(composition: Composition) -> np.ndarray:
    """Pixels retouches must not change: the product (any coverage), text, logo, AI label."""
    mask = np.zeros((composition.image.height, composition.image.width), bool)
    left, top, right, bottom = composition.product_box
    alpha = np.asarray(composition.product.getchannel("A")) > 0
    mask[top:bottom, left:right] = alpha[: bottom - top, : right - left]
    boxes = list(composition.text_boxes) + [
        box for box in (composition.logo_box, composition.disclosure_box) if box is not None]
    for x0, y0, x1, y1 in boxes:
        mask[max(0, y0) : y1, max(0, x0) : x1] = True
    return mask


def paste_product(image: Image.Image, product: Image.Image, box: list[int]) -> Image.Image:
    """Put the product back, freshly scaled from the cutout, over an enlarged ad.

    Upscaling resamples every pixel; this keeps the product exactly the LANCZOS resize of
    the cutout at the new size, like any rendered ad.
    """
    left, top, right, bottom = box
    scaled = product.resize((right - left, bottom - top), Image.Resampling.LANCZOS)
    out = image.convert("RGB").copy()
    out.paste(scaled, (left, top), scaled)
    return out


def _colour_words(value: str | None) -> str:
    """A colour as a person says it: "dark brown", "navy", "light blue"."""
    if not value:
        return ""
    lab = to_lab(np.array([[int(value[i : i + 2], 16) for i in (1, 3, 5)]], np.float32))
    name = name_colors(lab)[0]
    if name in ("navy", "black", "white"):
        return name
    lightness = float(lab[0, 0])
    return f"dark {name}" if lightness < 35 else f"light {name}" if lightness > 80 else name


def describe(req: EditImageRequest) -> list[str]:
    """The changes a request asks for, in words."""
    words = {
        "subline": "new subline",
        "brand_colors": "brand colours",
        "backdrop_color": f"{_colour_words(req.backdrop_color)} background ({req.backdrop_color})",
        "font": f"font {req.font}",
        "theme": f"theme {req.theme}",
        "placement": f"placement {req.placement}",
        "product_scale": "product larger" if (req.product_scale or 1) > 1 else "product smaller",
        "product_shift": "product moved",
        "remove_region": "area cleaned up",
        "upscale": "upscaled 2x",
    }
    changes = []
    if req.headline is not None:
        changes.append(f"headline '{req.headline}'" if req.headline.strip() else "no headline")
    if req.cta is not None:
        changes.append(f"button '{req.cta}'" if req.cta.strip() else "no button")
    if req.warmth:
        changes.append("warmer" if req.warmth > 0 else "cooler")
    if req.brightness:
        changes.append("brighter" if req.brightness > 0 else "darker")
    if req.contrast:
        changes.append("more contrast" if req.contrast > 0 else "less contrast")
    if req.logo is not None:
        changes.append("logo added" if req.logo else "logo removed")
    changes += [text for name, text in words.items() if getattr(req, name) is not None]
    return changes


def _clamp(value: float, low: float, high: float) -> float:
    """``value`` kept between ``low`` and ``high``."""
    return max(low, min(high, value))
