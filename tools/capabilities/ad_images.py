"""Capability: stage the advertiser's product in new ad scenes, product kept intact."""

from __future__ import annotations

import hashlib
import os
from concurrent.futures import ThreadPoolExecutor, as_completed

from PIL import Image

from tools.assets import Asset
from tools.capabilities.common import check_ad_text, load_image_asset, store_ad
from tools.engines.local.compose import Composition, Recipe
from tools.errors import CapabilityError, NoProductError
from tools.images import encode_png
from tools.models import GenerateAdImagesRequest, GenerateAdImagesResult
from tools.sdk import CapabilityContext, capability


@capability(name="generate_ad_images", cost_usd=0.24)
def generate_ad_images(
    req: GenerateAdImagesRequest, ctx: CapabilityContext
) -> GenerateAdImagesResult:
    """Make ad images of the advertiser's product staged in new scenes.

    The product is cut out of its photo and kept pixel-for-pixel; only the scene, light,
    shadows and text around it are generated. Returns the new image asset ids in order
    (variation 1 first), so the user can refer to "the second one".
    """
    check_ad_text(req.headline, req.subline, req.cta)
    n = min(req.n, ctx.max_variations)
    photo, image = load_image_asset(ctx, req.product_image)
    cutout_asset, product = product_cutout(ctx, photo, image, as_is=req.photo_as_is)
    seed = req.seed if req.seed is not None else _seed(photo.sha256, ctx.seed)
    kit = ctx.brand_kit() if req.use_brand_kit else None
    colors = req.brand_colors or (kit.colors if kit else [])
    recipes = [
        Recipe(
            theme=req.theme,
            format=req.format,
            seed=seed,
            variation=variation,
            headline=req.headline,
            subline=req.subline,
            cta=req.cta,
            brand_colors=colors,
            context=req.context,
        )
        for variation in range(n)
    ]
    ctx.progress(0, n, f"Rendering {n} image{'s' if n != 1 else ''}")
    renders = render_all(ctx, product, recipes)
    images = []
    for recipe, (composition, png) in zip(recipes, renders, strict=True):
        images.append(
            store_ad(
                ctx,
                composition.image,
                png=png,
                theme=composition.theme.id,
                capability="generate_ad_images",
                parents=[photo.id, cutout_asset.id],
                parameters={
                    "recipe": recipe.model_dump(),
                    "cutout": cutout_asset.id,
                    "product_box": list(composition.product_box),
                },
                caption=f"Variation {recipe.variation + 1} · {composition.theme.label} · "
                f"{req.format}",
            )
        )
    ctx.progress(n, n, "Done")
    return GenerateAdImagesResult(images=images, cutout_id=cutout_asset.id)


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
    ctx: CapabilityContext, product: Image.Image, recipes: list[Recipe]
) -> list[tuple[Composition, bytes]]:
    """Render and encode every recipe, two at a time, reporting progress as each finishes.

    NumPy and zlib release the GIL, so two threads use both cores of a small machine.
    """

    def render(recipe: Recipe) -> tuple[Composition, bytes]:
        composition = ctx.engines.images.render_ad(product, recipe)
        return composition, encode_png(composition.image)

    with ThreadPoolExecutor(max_workers=min(len(recipes), os.cpu_count() or 1, 4)) as pool:
        futures = [pool.submit(render, recipe) for recipe in recipes]
        for done, _ in enumerate(as_completed(futures), 1):
            ctx.progress(done, len(recipes), f"Rendered {done} of {len(recipes)}")
        return [future.result() for future in futures]


def _seed(digest: str, base: int) -> int:
    """Derive a stable seed from the photo's content and the run's base seed."""
    return int(hashlib.sha256(f"{digest}:{base}".encode()).hexdigest()[:8], 16)
