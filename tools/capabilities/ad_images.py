"""Capability: stage the advertiser's product in new ad scenes, product kept intact."""

from __future__ import annotations

import hashlib
import io
import logging
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import asdict
from typing import Any

from PIL import Image

from core.errors import CapabilityError, NoProductError
from core.findings import Finding
from core.images import encode_png
from core.schemas import AdImage, GenerateAdImagesRequest, GenerateAdImagesResult
from core.storage.assets import Asset
from core.storage.brandkit import BrandKit
from core.storage.seed_box import KEY as SEED_BOX
from core.storage.seed_box import seed_box
from engines import PaidCall
from engines.bedrock.background import FallbackCutout, ServiceCutout
from engines.bedrock.guardrail import GuardrailBlockedError
from engines.bedrock.invoke import ContentFilteredError
from engines.local.ad.composition import Composition, ad_layout, layout_boxes
from engines.local.ad.recipe import Recipe
from engines.local.cutout import Cutout
from engines.local.cutout.confidence import DOUBTFUL, FINE_DOUBT, PAPER_INSIDE_DOUBT
from engines.local.themes import resolve_theme
from policy.images import check_ad
from tools.capabilities.common import (
    check_ad_text,
    copy_notes,
    cutout_parameters,
    finding_notes,
    load_image_asset,
    made_by,
    marked_note,
    painted,
    record_copy_findings,
    recorded_models,
    sides_phrase,
    store_ad,
)
from tools.disclosure import disclosed
from tools.sdk import CapabilityContext, capability

log = logging.getLogger(__name__)

MAX_RENDERS = 16

Render = tuple[Composition, bytes, list[Finding]] | CapabilityError
"""One recipe's outcome: the composition, its PNG and the image policy's findings, or why
it failed."""
Naming = Callable[[Recipe], str]
"""What an image is called in notes (and a carousel card in its caption): "Card 2/5"."""


def request_naming(recipes: Sequence[Recipe]) -> Naming:
    """Name the images of one generate_ad_images call by their place in it: "New image 2 of 4".

    Never "Variation 6" (the variation continues across calls): a thread's gallery numbers
    its ads #1, #2, ... and a second number on the same image would contradict it. The
    caption of such an image carries no number at all (theme and placement only).
    """
    places = {id(recipe): place for place, recipe in enumerate(recipes, 1)}
    total = len(recipes)

    def name(recipe: Recipe) -> str:
        return f"New image {places[id(recipe)]} of {total}"

    return name


@capability(name="generate_ad_images", cost_usd=0.24)
def generate_ad_images(
    req: GenerateAdImagesRequest, ctx: CapabilityContext
) -> GenerateAdImagesResult:
    """Make ad images of the advertiser's product staged in new scenes.

    The product is cut out of its photo and kept pixel-for-pixel; only the scene, light,
    shadows and text around it are generated. Each variation is made for every placement
    asked for, with the same scene, product and message. Returns the new image asset ids
    in order (variation 1 first), so the user can refer to them by number. When some
    images fail (an image model's content filter, say), the others are returned with a
    note per failure; the call fails only when every image does.
    """
    copy = check_ad_text(req.headline, *req.headlines, req.subline, *req.sublines, req.cta,
                         ctx=ctx)
    photo, image = load_image_asset(ctx, req.product_image)
    cutout_asset, product, new_cutout = cut_out_once(ctx, photo, image, as_is=req.photo_as_is)
    confidence, doubts, cropped = cutout_facts(cutout_asset)
    kit = ctx.brand_kit() if req.use_brand_kit else None
    logo_id = req.logo or (kit.logo if kit else None)
    logo = load_image_asset(ctx, logo_id)[1] if logo_id else None
    recipes = [disclosed(recipe, ctx) for recipe in plan_recipes(
        req, ctx, seed=photo_seed(photo.sha256, ctx.seed), kit=kit, cropped=cropped
    )]
    total = len(recipes)
    ctx.progress(0, total, f"Rendering {total} image{'s' if total != 1 else ''}")
    renders = render_all(ctx, product, recipes, logo)
    parents = [photo.id, cutout_asset.id] + ([logo_id] if logo_id else [])
    images, notes = keep_all(
        ctx, recipes, renders, parents, cutout_asset.id, logo_id, name=request_naming(recipes)
    )
    edge = edge_note(ctx, cutout_asset, cropped)
    marked = cutout_asset.parameters.get(SEED_BOX)
    boxed = marked_note(marked, image.size) if isinstance(marked, list) else []
    said = (fallback_note(cutout_asset), doubt_note(confidence, doubts), edge)
    first = copy_notes(copy) + boxed + [n for n in said if n]
    for ad in images:  # each new ad's Policy checks panel shows its copy's findings
        recipe = ctx.assets.get(ad.asset_id, tenant=ctx.tenant).parameters["recipe"]
        record_copy_findings(ctx, own_findings(copy, recipe, req), ad.asset_id)
    ctx.progress(total, total, "Done")
    return GenerateAdImagesResult(
        images=images,
        cutout_id=cutout_asset.id,
        new_cutout=new_cutout,
        cutout_confidence=confidence,
        notes=list(dict.fromkeys(first + notes)),
    )


def own_findings(
    findings: list[Finding], recipe: dict[str, Any], req: GenerateAdImagesRequest
) -> list[Finding]:
    """The copy findings that concern one ad: none about a headline another ad carries."""
    carried = " \n".join(str(recipe.get(k) or "") for k in ("headline", "subline", "cta"))
    offered = [h.casefold() for h in [*req.headlines, req.headline or ""] if h]

    def elsewhere(finding: Finding) -> bool:
        excerpt = finding.excerpt.casefold()
        return excerpt not in carried.casefold() and any(excerpt in h for h in offered)

    return [f for f in findings if not elsewhere(f)]


def keep_all(
    ctx: CapabilityContext,
    recipes: list[Recipe],
    renders: list[Render],
    parents: list[str],
    cutout_id: str,
    logo_id: str | None,
    *,
    name: Naming,
    titled: bool = False,
    capability: str = "generate_ad_images",
) -> tuple[list[AdImage], list[str]]:
    """Store every render that succeeded; note each one that failed.

    ``name`` says what each image is called in notes (and, ``titled``, first in its
    caption: a carousel's "Card 2/5"); ``capability`` is recorded as the one that made them.

    Returns:
        The stored images in order, and the notes (layout fixes, one line per failure).

    Raises:
        CapabilityError: Every render failed (the first failure is raised).
    """
    images: list[AdImage] = []
    notes: list[str] = []
    failures: list[CapabilityError] = []
    for recipe, outcome in zip(recipes, renders, strict=True):
        try:
            ad, checks = keep_render(
                ctx, recipe, outcome, parents, cutout_id, logo_id, name=name, titled=titled,
                capability=capability,
            )
        except CapabilityError as exc:
            failures.append(exc)
            notes.append(failure_note(recipe, exc, name))
            continue
        images.append(ad)
        notes += checks
    if not images:
        raise failures[0]
    return images, notes


def keep_render(
    ctx: CapabilityContext,
    recipe: Recipe,
    outcome: Render,
    parents: list[str],
    cutout_id: str,
    logo_id: str | None,
    *,
    name: Naming,
    titled: bool = False,
    capability: str = "generate_ad_images",
) -> tuple[AdImage, list[str]]:
    """Store one render and return it with its layout notes and policy warnings.

    Its caption is theme and placement ("Marble luxe · square"), after its name when
    ``titled``; the gallery shows it under its #number.

    Raises:
        CapabilityError: The render failed (re-raised), or the image policy or the
            guardrail blocked it.
    """
    if isinstance(outcome, CapabilityError):
        raise outcome
    composition, png, findings = outcome
    cutout = recorded_models(ctx.assets.get(cutout_id, tenant=ctx.tenant))
    image = store_ad(
        ctx,
        composition.image,
        png=png,
        findings=findings,
        theme=composition.theme.id,
        placement=recipe.format,
        capability=capability,
        parents=parents,
        parameters={
            **ad_parameters(recipe, composition, cutout_id, logo_id),
            **made_by(painted(ctx), cutout, engine=ctx.engines.images.name),
        },
        caption=" · ".join(
            [*([name(recipe)] if titled else []), composition.theme.label, recipe.format]
        ),
    )
    label = f"{name(recipe)} ({recipe.format})"
    layout_notes = [c.message for c in composition.checks if c.fixed or not c.ok]
    return image, layout_notes + finding_notes(label, image.findings)


def failure_note(recipe: Recipe, error: CapabilityError, name: Naming) -> str:
    """Say which image failed and why: "New image 3 of 4 (Beach, square) was blocked by ..."."""
    theme = resolve_theme(recipe.theme, recipe.context, recipe.variation).label
    which = f"{name(recipe)} ({theme}, {recipe.format})"
    if isinstance(error, ContentFilteredError):
        return f"{which} was blocked by the image model's content filter."
    if isinstance(error, GuardrailBlockedError):
        return f"{which} was blocked by the guardrail and was not kept."
    return f"{which} could not be made: {error.message}"


def plan_recipes(
    req: GenerateAdImagesRequest,
    ctx: CapabilityContext,
    *,
    seed: int,
    kit: BrandKit | None,
    cropped: list[str] | None = None,
) -> list[Recipe]:
    """One recipe per variation and placement; the brand kit fills what the request omits.

    At most ``MAX_RENDERS`` images per call: variations are cut first when many placements
    are asked for. ``cropped`` are the photo sides the product runs off (a held product).
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
        "product_cropped": cropped or [],
    }
    # "2 more" in a chat continues the thread's variations instead of repeating #1 and #2.
    first = len(ctx.gallery.numbers) if ctx.gallery is not None and req.seed is None else 0
    return [
        Recipe(**{**shared, **_copy(req, variation)}, variation=variation, format=placement)
        for variation in range(first, first + n)
        for placement in req.placements
    ]


def _copy(req: GenerateAdImagesRequest, variation: int) -> dict[str, str | None]:
    """A variation's headline and subline (each its own of ``headlines``/``sublines``, in turn).

    A subline that repeats the variation's headline (a benefit used as both) gives way to the
    next of ``sublines``, or is left out when there is no other.
    """
    lines = [h.strip() for h in req.headlines if h.strip()]
    headline = lines[variation % len(lines)] if lines else req.headline
    subs = list(dict.fromkeys(s.strip() for s in req.sublines if s.strip()))
    if not subs and req.subline and req.subline.strip():
        subs = [req.subline.strip()]
    said = (headline or "").strip()
    turn = [subs[(variation + k) % len(subs)] for k in range(len(subs))]
    subline = next((s for s in turn if s != said), None)
    return {"headline": headline, "subline": subline}


def ad_parameters(
    recipe: Recipe, composition: Composition, cutout_id: str, logo_id: str | None
) -> dict[str, Any]:
    """What an ad asset records: everything needed to render it again, and its checks."""
    return {
        "recipe": recipe.model_dump(mode="json"),
        "cutout": cutout_id,
        "logo": logo_id,
        "theme": composition.theme.id,
        "product_box": list(composition.product_box),
        "layout": layout_boxes(composition),
        "checks": [asdict(c) for c in composition.checks],
    }


def product_cutout(
    ctx: CapabilityContext, photo: Asset, image: Image.Image, *, as_is: bool
) -> tuple[Asset, Image.Image]:
    """Cut the product out of its photo (or take the whole photo) and store the cutout.

    See :func:`cut_out_once`, which also says whether the cutout was made now.
    """
    asset, product, _ = cut_out_once(ctx, photo, image, as_is=as_is)
    return asset, product


def cut_out_once(
    ctx: CapabilityContext, photo: Asset, image: Image.Image, *, as_is: bool
) -> tuple[Asset, Image.Image, bool]:
    """Cut the product out of its photo (or take the whole photo) unless it was before.

    A photo is cut out once: the cutout stored the first time (by any capability) is
    used again, so every ad and video of the photo shows exactly the same product pixels.
    A box marked on the photo (:mod:`core.storage.seed_box`) seeds the cutout: only what
    lies inside it is cut out, and the cutout is kept per box, so a cutout made before the
    box was marked (or changed) is not used again. The stored asset records the method,
    the box in the photo, the seed box, the matte's confidence and doubts, and the photo
    sides the product runs off (see :func:`cutout_facts`).

    Returns:
        The cutout's asset, the product, and whether the cutout was made by this call
        (False: one made the same way before was used; its model calls are not spent now).

    Raises:
        CapabilityError: No product can be separated; the hint offers the photo as is.
    """
    known = stored_cutout(ctx, photo, as_is=as_is)
    if known is not None:
        return *known, False
    facts: dict[str, Any]
    if as_is:
        product = image.convert("RGBA")
        facts = {"method": "as-is", "box": [0, 0, *image.size],
                 **made_by([], recorded_models(photo), engine=ctx.engines.images.name)}
    else:
        box = seed_box(photo)
        # the first cutout of a photo is a model run and the matting: seconds, said as a step
        ctx.progress(0, 1, "Cutting the product out of its photo")
        cutout = _cut_out(ctx, image, box)
        product = cutout.image
        facts = {
            SEED_BOX: list(box) if box else None,
            **cutout_parameters(cutout),
            **matte_facts(cutout),
            **made_by(matte_calls(cutout), recorded_models(photo), engine=ctx.engines.images.name),
        }
    asset = ctx.assets.put(
        encode_png(product),
        kind="product_cutout",
        mime="image/png",
        width=product.width,
        height=product.height,
        parents=[photo.id],
        capability="generate_ad_images",
        parameters=facts,
        tenant=ctx.tenant,
    )
    return asset, product, True


def matte_facts(cut: Cutout) -> dict[str, Any]:
    """What the engine's route adds to a stored cutout's facts.

    A model's matte (:class:`ServiceCutout`) has no measured confidence (None, so no doubt
    is claimed either way): it records the shares of the photo its alpha keeps, and of the
    kept area its soft edges. A local cutout made because the model's matte could not be
    had (:class:`FallbackCutout`) records why.
    """
    if isinstance(cut, ServiceCutout):
        return {
            "confidence": None,
            "kept_share": round(cut.kept_share, 4),
            "soft_share": round(cut.soft_share, 4),
        }
    if isinstance(cut, FallbackCutout):
        return {"fallback": cut.fallback}
    return {}


def matte_calls(cut: Cutout) -> list[PaidCall]:
    """The remove-background call billed for ``cut`` (none when no call answered).

    The call whose matte made it, or one that answered with a matte the local cutout
    replaced (billed, but not used: not in the provenance).
    """
    if isinstance(cut, ServiceCutout) and cut.model:
        return [PaidCall("cutout", cut.model)]
    if isinstance(cut, FallbackCutout) and cut.billed:
        return [PaidCall("cutout", cut.billed, used=False)]
    return []


def fallback_note(cutout: Asset) -> str | None:
    """Say that the product was cut out locally because the engine's service was not used."""
    why = cutout.parameters.get("fallback")
    if not isinstance(why, str):
        return None
    return f"{why}, so the product was cut out locally; check its edges in the ads."


def _cut_out(
    ctx: CapabilityContext, image: Image.Image, box: tuple[int, int, int, int] | None
) -> Cutout:
    """The engine's cutout of the photo (inside the marked box, if any).

    Raises:
        CapabilityError: No product can be separated; the hint offers the choices.
    """
    try:
        images = ctx.engines.images
        return images.cut_out(image) if box is None else images.cut_out(image, box)
    except NoProductError as exc:
        where = "inside the box marked on this photo" if box else "in this photo"
        raise CapabilityError(
            f"I could not find a product {where}: nothing in it stands out from the "
            "background (it looks like a texture, a pattern or an empty backdrop).",
            hint="Upload a photo of the product on a plain background, or a PNG of it "
            "with a transparent background; mark the product again with a box around all "
            "of it; or say 'use the photo as is' to frame the whole photo in the ads.",
        ) from exc


def cutout_facts(cutout: Asset) -> tuple[float | None, list[str], list[str]]:
    """A stored cutout's confidence (None when not measured), doubts and cropped sides.

    A product cut on two opposite sides (a wide fabric cropped left and right) cannot enter
    from both: those sides are dropped, and it is staged as a whole product.
    """
    params = cutout.parameters
    confidence = params.get("confidence")
    sides = [str(side) for side in params.get("cropped", [])]
    for pair in (("left", "right"), ("top", "bottom")):
        if set(pair) <= set(sides):
            sides = [side for side in sides if side not in pair]
    return (
        float(confidence) if confidence is not None else None,
        [str(d) for d in params.get("doubts", [])],
        sides,
    )


def doubt_note(confidence: float | None, doubts: list[str]) -> str | None:
    """What to tell the advertiser when the cutout may be wrong, with their choices."""
    if confidence is None or confidence >= DOUBTFUL:
        return None
    why = "; ".join(doubts) or "the matte is uncertain"
    if FINE_DOUBT in doubts:
        return (
            f"I am not sure I separated the product cleanly ({why}): check its thin parts, "
            "whether any is missing or filled in with background. If so, upload a PNG of the "
            "product with a transparent background (a box around it would not show thin parts "
            "any better), or say 'use the photo as is' to frame the whole photo in the scene."
        )
    if PAPER_INSIDE_DOUBT in doubts:
        return (
            f"I am not sure I separated the product cleanly ({why}): check whether the "
            "background shows inside a loop, hoop or handle. If it does, upload a PNG of the "
            "product with a transparent background (a box around the product would keep the "
            "loop filled), or say 'use the photo as is' to frame the whole photo in the scene."
        )
    return (
        f"I am not sure I separated the product cleanly ({why}): check that no part of it "
        "is missing and no background shows. If it is wrong, mark the product with a box "
        "(the chat's 'Mark the product' panel: the next ads cut out only what is inside), "
        "upload a PNG of the product with a transparent background (remove_background with "
        "a box around the product, or `adstudio cutout --box`, makes one), or say 'use the "
        "photo as is' to frame the whole photo in the scene."
    )


def cropped_note(cropped: list[str]) -> str | None:
    """Why the product enters the ads from an edge (it runs off the photo there)."""
    if not cropped:
        return None
    sides = sides_phrase(cropped)
    return (
        f"The product runs off the photo's {sides} (held in a hand, or cut by the frame), "
        f"so each ad shows it entering from the {sides} instead of standing on the floor; "
        "for a free-standing product, upload a photo with all of it in frame."
    )


def edge_note(ctx: CapabilityContext, cutout: Asset, cropped: list[str]) -> str | None:
    """Why the product enters from an edge: the hand holding it (with the offer), or the frame."""
    if held_by_hand(cutout):
        return hand_note(cropped, can_erase=ctx.engines.images.can_erase)
    return cropped_note(cropped)


def held_by_hand(cutout: Asset) -> bool:
    """Whether a stored cutout found a hand holding the product (see :mod:`.hands`)."""
    return bool(cutout.parameters.get("hand"))


def hand_note(cropped: list[str], *, can_erase: bool) -> str:
    """What to tell the advertiser about the hand holding the product, with the offer.

    ``can_erase``: the engine can remove the hand (Stability's erase-object service);
    otherwise it cannot paint the product under the fingers, and the choices that work
    are offered instead.
    """
    where = f", entering from the {sides_phrase(cropped)}" if cropped else ""
    held = (
        "A hand holds the product in this photo: it stays in the cutout, and the ads show "
        f"the product held{where}."
    )
    if can_erase:
        return (
            f"{held} Say 'remove the hand' and I will erase the hand from the photo "
            "(Stability's erase-object, one paid image edit) and cut the product out again, "
            "so it can stand in the scenes on its own."
        )
    return (
        f"{held} This engine cannot remove the hand: it cannot paint the part of the "
        "product the fingers cover. What works: keep the photo as it is (the product held, "
        "cropped at the ad's frame edge); mark the product with a box so only it is cut out; "
        "or upload a photo of the product without a hand."
    )


def stored_cutout(
    ctx: CapabilityContext, photo: Asset, *, as_is: bool
) -> tuple[Asset, Image.Image] | None:
    """The cutout already made of ``photo`` the same way, if any.

    The same way: as is, or cut out with the box now marked on the photo (a cutout made
    with another box, or none, is not the same product).
    """
    box = seed_box(photo)
    marked = list(box) if box and not as_is else None
    for asset in ctx.assets.derived(photo.id, "product_cutout", ctx.tenant):
        same_box = asset.parameters.get(SEED_BOX) == marked
        if (asset.parameters.get("method") == "as-is") == as_is and same_box:
            with Image.open(io.BytesIO(ctx.assets.read(asset.id))) as image:
                return asset, image.convert("RGBA")
    return None


def render_all(
    ctx: CapabilityContext,
    product: Image.Image,
    recipes: list[Recipe],
    logo: Image.Image | None = None,
) -> list[Render]:
    """Render, check and encode every recipe, two at a time, reporting progress.

    NumPy and zlib release the GIL, so two threads use both cores of a small machine. A
    render that fails with a :class:`CapabilityError` (an image model's content filter, a
    failed model call) is returned in its place, so the others are still kept. The image
    policy checks each ad against its known layout and the product cutout.
    """

    def render(recipe: Recipe) -> Render:
        try:
            composition = ctx.engines.images.render_ad(product, recipe, logo)
        except CapabilityError as exc:
            log.warning("variation %d (%s) failed: %s", recipe.variation + 1, recipe.format, exc)
            return exc
        findings = check_ad(composition.image, ad_layout(composition, product))
        return composition, encode_png(composition.image), findings

    with ThreadPoolExecutor(max_workers=max(1, min(len(recipes), ctx.threads, 4))) as pool:
        futures = [pool.submit(render, recipe) for recipe in recipes]
        for done, _ in enumerate(as_completed(futures), 1):
            ctx.progress(done, len(recipes), f"Rendered {done} of {len(recipes)}")
        return [future.result() for future in futures]


def photo_seed(digest: str, base: int) -> int:
    """Derive a stable seed from the photo's content and the run's base seed."""
    return int(hashlib.sha256(f"{digest}:{base}".encode()).hexdigest()[:8], 16)
