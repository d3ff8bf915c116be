"""Capability: stage the advertiser's product in new ad scenes, product kept intact."""

from __future__ import annotations

import hashlib
import os
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import asdict
from typing import Any

from PIL import Image

from tools.assets import Asset
from tools.brandkit import BrandKit
from tools.capabilities.common import check_ad_text, load_image_asset, store_ad
from tools.engines.local.compose import Composition, Recipe
from tools.errors import CapabilityError, NoProductError
from tools.images import encode_png
from tools.models import GenerateAdImagesRequest, GenerateAdImagesResult
from tools.sdk import CapabilityContext, capability

MAX_RENDERS = 16


@capability(name="generate_ad_images", cost_usd=0.24)
def generate_ad_images(
    req: GenerateAdImagesRequest, ctx: CapabilityContext
) -> GenerateAdImagesResult:
    """Make ad images of the advertiser's product staged in new scenes.

    The product is cut out of its photo and kept pixel-for-pixel; only the scene, light,
    shadows and text around it are generated. Each variation is made for every placement
    asked for, with the same scene, product and message. Returns the new image asset ids
    in order (variation 1 first), so the user can refer to them by number.
    """
    check_ad_text(req.headline, req.subline, req.cta)
    photo, image = load_image_asset(ctx, req.product_image)
    cutout_asset, product = product_cutout(ctx, photo, image, as_is=req.photo_as_is)
    kit = ctx.brand_kit() if req.use_brand_kit else None
    logo_id = req.logo or (kit.logo if kit else None)
    logo = load_image_asset(ctx, logo_id)[1] if logo_id else None
    recipes = plan_recipes(req, ctx, seed=_seed(photo.sha256, ctx.seed), kit=kit)
    total = len(recipes)
    ctx.progress(0, total, f"Rendering {total} image{'s' if total != 1 else ''}")
    renders = render_all(ctx, product, recipes, logo)
    parents = [photo.id, cutout_asset.id] + ([logo_id] if logo_id else [])
    images, notes = [], []
    for recipe, (composition, png) in zip(recipes, renders, strict=True):
        notes += [c.message for c in composition.checks if c.fixed or not c.ok]
        images.append(
            store_ad(
                ctx,
                composition.image,
                png=png,
                theme=composition.theme.id,
                placement=recipe.format,
                capability="generate_ad_images",
                parents=parents,
                parameters=ad_parameters(recipe, composition, cutout_asset.id, logo_id),
                caption=f"Variation {recipe.variation + 1} · {composition.theme.label} · "
                f"{recipe.format}",
            )
        )
    ctx.progress(total, total, "Done")
    return GenerateAdImagesResult(
        images=images, cutout_id=cutout_asset.id, notes=list(dict.fromkeys(notes))
    )


def plan_recipes(
    req: GenerateAdImagesRequest, ctx: CapabilityContext, *, seed: int, kit: BrandKit | None
) -> list[Recipe]:
    """One recipe per variation and placement; the brand kit fills what the request omits.

    At most ``MAX_RENDERS`` images per call: variations are cut first when many placements
    are asked for.
    """
    n = max(1, min(req.n, ctx.max_variations, MAX_RENDERS // len(req.placements)))
    shared = {
        "theme": req.theme,
        "seed": req.seed if req.seed is not None else seed,
        "headline": req.headline,
        "subline": req.subline,
        "cta": req.cta,
        "brand_colors": req.brand_colors or (kit.colors if kit else []),
        "font": req.font or (kit.font if kit and kit.font else "lato"),
        "context": req.context,
    }
    return [
        Recipe(**shared, variation=variation, format=placement)
        for variation in range(n)
        for placement in req.placements
    ]


def ad_parameters(
    recipe: Recipe, composition: Composition, cutout_id: str, logo_id: str | None
) -> dict[str, Any]:
    """What an ad asset records: everything needed to render it again, and its checks."""
    return {
        "recipe": recipe.model_dump(mode="json"),
        "cutout": cutout_id,
        "logo": logo_id,
        "product_box": list(composition.product_box),
        "checks": [asdict(c) for c in composition.checks],
    }


def product_cutout(
    ctx: CapabilityContext, photo: Asset, image: Image.Image, *, as_is: bool
) -> tuple[Asset, Image.Image]:
    """Cut the product out of its photo (or take the whole photo) and store the cutout.

    Raises:
        CapabilityError: No product can be separated; the hint offers the photo as is.
    """
    if as_is:
        product, method, box = image.convert("RGBA"), "as-is", (0, 0, *image.size)
    else:
        try:
            cutout = ctx.engines.images.cut_out(image)
        except NoProductError as exc:
            raise CapabilityError(
                "I could not separate a product from this photo: it looks like a texture or "
                "a full scene rather than a product on a background.",
                hint="Say 'use the photo as is' to place the whole photo in the ads, or upload "
                "a photo of the product on a plain background.",
            ) from exc
        product, method, box = cutout.image, cutout.method, cutout.box
    asset = ctx.assets.put(
        encode_png(product),
        kind="product_cutout",
        mime="image/png",
        width=product.width,
        height=product.height,
        parents=[photo.id],
        capability="generate_ad_images",
        parameters={"method": method, "box": list(box)},
        tenant=ctx.tenant,
    )
    return asset, product


def render_all(
    ctx: CapabilityContext,
    product: Image.Image,
    recipes: list[Recipe],
    logo: Image.Image | None = None,
) -> list[tuple[Composition, bytes]]:
    """Render and encode every recipe, two at a time, reporting progress as each finishes.

    NumPy and zlib release the GIL, so two threads use both cores of a small machine.
    """

    def render(recipe: Recipe) -> tuple[Composition, bytes]:
        composition = ctx.engines.images.render_ad(product, recipe, logo)
        return composition, encode_png(composition.image)

    with ThreadPoolExecutor(max_workers=min(len(recipes), os.cpu_count() or 1, 4)) as pool:
        futures = [pool.submit(render, recipe) for recipe in recipes]
        for done, _ in enumerate(as_completed(futures), 1):
            ctx.progress(done, len(recipes), f"Rendered {done} of {len(recipes)}")
        return [future.result() for future in futures]


def _seed(digest: str, base: int) -> int:
    """Derive a stable seed from the photo's content and the run's base seed."""
    return int(hashlib.sha256(f"{digest}:{base}".encode()).hexdigest()[:8], 16)
