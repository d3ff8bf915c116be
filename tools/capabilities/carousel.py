"""Capability: a carousel ad, 2 to 10 cards telling one story in one scene.

The cards go through the generate_ad_images pipeline (one cutout, the same checks, renders
and storage); what makes them a set is planned here: one theme and seed for every card,
layouts that alternate the product's side as the viewer swipes, each card's line as its
headline, a small "2/5" marker on each, and the button on the last card only.
"""

from __future__ import annotations

from core.errors import CapabilityError
from core.placements import resolve_placement
from core.schemas import MakeCarouselRequest, MakeCarouselResult
from core.storage.brandkit import BrandKit
from engines.local.ad.recipe import Recipe
from engines.local.themes import resolve_theme
from tools.capabilities.ad_images import (
    cut_out_once,
    cutout_facts,
    doubt_note,
    edge_note,
    fallback_note,
    keep_all,
    photo_seed,
    render_all,
)
from tools.capabilities.common import check_ad_text, load_image_asset
from tools.disclosure import disclosed
from tools.sdk import CapabilityContext, capability

HERO, CLOSE = 0, 2
"""Layout variations of the first card (headline over the product) and of the last (the
product above its line and button)."""
SWIPE = (1, 3)
"""Layouts of the cards between, alternating: product left, then product right."""


# Its units (one image per card, and a new photo's cutout) are tools.cost's BUILTIN_USAGE.
@capability(name="make_carousel", cost_usd=0.24)
def make_carousel(req: MakeCarouselRequest, ctx: CapabilityContext) -> MakeCarouselResult:
    """Make a carousel ad: 2 to 10 cards that tell one story, one ad image per card.

    Use it when the advertiser asks for a carousel, a swipe or a multi-card ad, or a
    story told over several images. Give each card's text in order (it becomes the card's
    headline: hook first, a benefit per card, close last); the button goes on the last
    card. Every card shows the product in the same scene, with a small "1/3" index. The
    cards are ad images with their own numbers and can be edited one by one.
    """
    placement = resolve_placement(req.placement)
    if not placement.allows_text:
        raise CapabilityError(
            f"{placement.label} allows no text, so it cannot carry a carousel's story.",
            hint="Pick a placement with text, e.g. square, portrait or story.",
        )
    check_ad_text(*req.cards, req.cta, ctx=ctx)
    photo, image = load_image_asset(ctx, req.product_image)
    cutout_asset, product, new_cutout = cut_out_once(ctx, photo, image, as_is=False)
    confidence, doubts, cropped = cutout_facts(cutout_asset)
    kit = ctx.brand_kit() if req.use_brand_kit else None
    logo_id = kit.logo if kit else None
    logo = load_image_asset(ctx, logo_id)[1] if logo_id else None
    recipes = [disclosed(recipe, ctx) for recipe in
               plan_cards(req, seed=photo_seed(photo.sha256, ctx.seed), kit=kit, cropped=cropped)]
    total = len(recipes)
    ctx.progress(0, total, f"Rendering {total} cards")
    renders = render_all(ctx, product, recipes, logo)
    parents = [photo.id, cutout_asset.id] + ([logo_id] if logo_id else [])
    images, notes = keep_all(
        ctx, recipes, renders, parents, cutout_asset.id, logo_id,
        name=card_name, titled=True, capability="make_carousel",
    )
    if len(images) < total:
        notes.append(
            f"Only {len(images)} of the {total} cards were made; the story has gaps: make the "
            "carousel again, or change the missing cards' text."
        )
    edge = edge_note(ctx, cutout_asset, cropped)
    said = (fallback_note(cutout_asset), doubt_note(confidence, doubts), edge)
    first = [n for n in said if n]
    ctx.progress(total, total, "Done")
    return MakeCarouselResult(
        images=images,
        cutout_id=cutout_asset.id,
        new_cutout=new_cutout,
        cutout_confidence=confidence,
        notes=list(dict.fromkeys(first + notes)),
        carousel=[image.asset_id for image in images],
    )


def plan_cards(
    req: MakeCarouselRequest, *, seed: int, kit: BrandKit | None, cropped: list[str]
) -> list[Recipe]:
    """One recipe per card: same theme, seed, colours and font; its own line and index."""
    context = " ".join([req.context, *req.cards]).strip()
    theme = resolve_theme(req.theme, context, 0).id  # one scene for the whole set
    total = len(req.cards)
    return [
        Recipe(
            theme=theme,
            format=req.placement,
            seed=seed,
            variation=card_layout(index, total),
            headline=text,
            cta=req.cta if index == total - 1 else None,
            brand_colors=kit.colors if kit else [],
            font=kit.font if kit and kit.font else "lato",
            context=context,
            product_cropped=cropped,
            badge=f"{index + 1}/{total}",
        )
        for index, text in enumerate(req.cards)
    ]


def card_layout(index: int, total: int) -> int:
    """The layout variation of card ``index`` (0-based) of ``total``."""
    if index == 0:
        return HERO
    if index == total - 1:
        return CLOSE
    return SWIPE[(index - 1) % len(SWIPE)]


def card_name(recipe: Recipe) -> str:
    """A card as captions and notes name it: "Card 2/5"."""
    return f"Card {recipe.badge}"
