"""Motion capabilities: live images, storyboards and video ads.

On the local engine the MP4 is rendered here and now (with progress, cancellable); with a
remote video model (Nova Reel, Luma Ray2) the job is submitted, persisted and polled, and
the video arrives later as its own event, so a long render never blocks the chat.
"""

from __future__ import annotations

import logging
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PIL import Image

from core.errors import AssetNotFoundError, CapabilityError, ConfigurationError, InvalidImageError
from core.schemas import (
    AnimateImageRequest,
    AnimateImageResult,
    GenerateVideoRequest,
    GenerateVideoResult,
    ReviseStoryboardRequest,
    Storyboard,
    StoryboardResult,
    VideoAsset,
    WriteStoryboardRequest,
)
from core.storage.assets import Asset
from engines import AdLayers, RenderedVideo, VideoRenderer
from engines.local.ad.compose import compose_layers
from engines.local.ad.recipe import Recipe
from engines.local.encoding.encode import CBR_MARGIN
from engines.local.features import product_name
from tools.capabilities.ad_images import cut_out_once, cutout_facts, stored_cutout
from tools.capabilities.common import check_ad_text, load_image_asset
from tools.capabilities.lineage import label
from tools.disclosure import disclosed, video_label
from tools.provenance import COMPONENTS
from tools.sdk import CapabilityContext, capability

if TYPE_CHECKING:
    from engines.local.video.storyboard import VideoPlacement

log = logging.getLogger(__name__)

_STORYBOARD_MIME = "application/json"


@capability(name="animate_image", cost_usd=0.48)
def animate_image(req: AnimateImageRequest, ctx: CapabilityContext) -> AnimateImageResult:
    """Make a "live image" from an ad image: a short seamless loop with subtle motion.

    Gentle camera push or drift, parallax between scene and product, a slow sheen on the
    product and particles that suit the theme; the product stays sharp and the text still.
    Returns the MP4 (with an animated WebP preview), or a started job on a remote video
    model, whose result arrives later.
    """
    asset, image = load_image_asset(ctx, req.asset_id)
    if ctx.engines.video_jobs is not None:
        drawn = _drawn_label(asset)
        due = None if drawn else _live_label(ctx, asset)
        job = _jobs(ctx).submit_animation(
            _frame_for_video(image), _motion_prompt(asset), tenant=ctx.tenant,
            thread=ctx.thread or "", parents=[asset.id],
            parameters={**req.model_dump(mode="json"), **_components(ctx, asset)},
            capability="animate_image", label=due,
        )
        return AnimateImageResult(
            parent_id=asset.id, job_id=job.id, status="started",
            notes=[*job.notes, *(_moving_label_notes(drawn) if drawn else remote_label_notes(due))],
        )
    layers, notes = ad_layers(ctx, asset, image)
    with _workdir(ctx) as out_dir:
        rendered = _renderer(ctx).animate(
            layers, req, out_dir, ctx.progress, ctx.cancelled, seed=ctx.seed
        )
        video = store_video(
            ctx, rendered, kind="live_image", parents=[asset.id], capability="animate_image",
            parameters={**req.model_dump(mode="json"), **_components(ctx, asset)},
            caption=live_caption(ctx, asset),
        )
    return AnimateImageResult(parent_id=asset.id, video=video, notes=notes)


@capability(name="write_storyboard", cost_usd=0.0)
def write_storyboard(req: WriteStoryboardRequest, ctx: CapabilityContext) -> StoryboardResult:
    """Plan a video ad as a storyboard of shots, for the advertiser to review before rendering.

    Shots: a product hero, feature callouts, a lifestyle scene, a how-it-works panel for
    longer videos and an end card with logo, headline and call to action. Nothing is
    rendered yet: show the shots and ask whether to change any, then call generate_video.
    """
    from core.schemas import ExtractFeaturesRequest
    from engines.local.video.storyboard import write_storyboard as plan

    check_ad_text(req.headline, req.cta, req.context, ctx=ctx)
    photo = ctx.assets.get(req.product_image, tenant=ctx.tenant)
    kit = ctx.brand_kit() if req.use_brand_kit else None
    features = None
    if req.context.strip():
        title = req.context.strip().splitlines()[0][:200]
        features = ctx.engines.features.extract(
            ExtractFeaturesRequest(title=title, description=req.context)
        )
    storyboard, notes = plan(
        req, features, photo.id, list(kit.colors) if kit else [], kit.logo if kit else None
    )
    if req.shots:
        storyboard, notes = _written_shots(storyboard, req, ctx)
    return _store_storyboard(ctx, storyboard, parents=[photo.id], notes=notes,
                             capability="write_storyboard")


def _written_shots(
    planned: Storyboard, req: WriteStoryboardRequest, ctx: CapabilityContext
) -> tuple[Storyboard, list[str]]:
    """The storyboard with the shots the chat model wrote (theme, copy and kit kept)."""
    shots = list(req.shots or [])
    check_ad_text(
        *(shot.text for shot in shots), *(shot.description for shot in shots), ctx=ctx
    )
    shots[0] = shots[0].model_copy(update={"transition": "cut"})
    board = planned.model_copy(update={"shots": shots})
    notes = [f"{len(shots)} shots, {board.seconds:g} s at {board.size}, as written."]
    if abs(board.seconds - req.seconds) >= 0.5:
        notes.append(f"The shots add up to {board.seconds:g} s, not the {req.seconds} s asked.")
    if shots[-1].kind != "end_card":
        notes.append("There is no end card last: the video ends without logo and button.")
    return board, notes


@capability(name="revise_storyboard", cost_usd=0.0)
def revise_storyboard(req: ReviseStoryboardRequest, ctx: CapabilityContext) -> StoryboardResult:
    """Change, remove or insert one shot of a storyboard; a new version results."""
    from engines.local.video.storyboard import revise_storyboard as revise

    check_ad_text(req.text, req.description, ctx=ctx)
    asset, storyboard = load_storyboard(ctx, req.storyboard_id)
    revised, notes = revise(storyboard, req)
    return _store_storyboard(ctx, revised, parents=[asset.id], notes=notes,
                             capability="revise_storyboard")


@capability(name="generate_video", cost_usd=0.96)
def generate_video(req: GenerateVideoRequest, ctx: CapabilityContext) -> GenerateVideoResult:
    """Render a storyboard into a video ad (MP4, H.264, silent AAC track).

    With a placement, the storyboard is first checked against its rules (length, size)
    and what does not fit is said instead of rendering. On the local engine the video is
    returned; on a remote video model a job starts and the video arrives later.
    """
    from engines.local.video.storyboard import check_video_rules, resolve_video_placement

    asset, storyboard = load_storyboard(ctx, req.storyboard_id)
    problems = check_video_rules(storyboard, req.placement)
    if problems:
        raise CapabilityError(
            f"The storyboard does not fit {req.placement}: "
            + "; ".join(p.rstrip(".") for p in problems) + ".",
            hint="Revise the storyboard (length, size) or pick another placement.",
        )
    rules = resolve_video_placement(req.placement) if req.placement else None
    cutout, cropped, cutout_id, new_cutout = _cutout(ctx, storyboard.product_image)
    parameters = {**req.model_dump(mode="json"),
                  COMPONENTS: list(dict.fromkeys(
                      p for p in (storyboard.product_image, cutout_id) if p is not None))}
    if ctx.engines.video_jobs is not None:
        due = video_label(ctx, storyboard.dimensions, rules)
        job = _jobs(ctx).submit_storyboard(
            storyboard, {0: _frame_for_video(_hero_still(cutout, storyboard, cropped))},
            tenant=ctx.tenant, thread=ctx.thread or "", parents=[asset.id],
            parameters=parameters, capability="generate_video", label=due,
        )
        return GenerateVideoResult(
            storyboard_id=asset.id, cutout_id=cutout_id, new_cutout=new_cutout, job_id=job.id,
            status="started",
            notes=[*job.notes, *remote_bitrate_notes(rules), *remote_label_notes(due)],
        )
    logo = load_image_asset(ctx, storyboard.logo)[1] if storyboard.logo else None
    with _workdir(ctx) as out_dir:
        rendered = _renderer(ctx).render(
            storyboard, cutout, logo, out_dir, ctx.progress, ctx.cancelled, seed=ctx.seed,
            min_kbps=rules.min_video_kbps if rules else None, cropped=cropped,
            label=video_label(ctx, storyboard.dimensions, rules),
        )
        video = store_video(
            ctx, rendered, kind="video_ad", parents=[asset.id], capability="generate_video",
            parameters=parameters,
            caption=f"{storyboard.title or 'Video ad'}, {storyboard.seconds:g} s",
        )
    return GenerateVideoResult(storyboard_id=asset.id, cutout_id=cutout_id,
                               new_cutout=new_cutout, video=video,
                               notes=[*bitrate_notes(rules), *rendered.notes])


def live_caption(ctx: CapabilityContext, asset: Asset) -> str:
    """A live image's caption: "Live image of #3", never the ad's internal id.

    An ad without a number in this conversation (an API or CLI call) is named by the
    product its brief names ("Live image of Insulated steel water bottle").
    """
    number = ctx.gallery.numbers.get(asset.id) if ctx.gallery else None
    if number:
        return f"Live image of #{number}"
    product = _product_name(asset)
    return f"Live image of {product}" if product else "Live image of the ad"


def _product_name(asset: Asset) -> str:
    """The product an ad's brief names (its first line, read locally), or ""."""
    recipe = asset.parameters.get("recipe")
    context = str(recipe.get("context") or "").strip() if isinstance(recipe, dict) else ""
    if not context:
        return ""
    return product_name(context.splitlines()[0][:200])


def remote_label_notes(label: str | None) -> list[str]:
    """What becomes of the AI label ``label`` due on a remote video model's file (None: none due).

    The label the placement, the deployment or the brand kit asks for goes with the job and
    is drawn on every frame of the model's MP4 when it arrives
    (:func:`~engines.local.video.relabel.label_video`): in a bottom corner of the video's
    safe zone, as nothing else of its layout is known. A file that cannot be decoded, or
    whose sound can be neither copied nor encoded again, is stored as made, and its caption
    says the label is left out and why.
    """
    if not label:
        return []
    return [f"label {label!r} is drawn on every frame of the video model's file when it "
            "arrives, in a bottom corner of its safe zone (the model's picture there is not "
            "known: check it does not cover the product); a file that cannot be decoded, or "
            "whose sound cannot be kept under it, is stored as made, without it"]


def _live_label(ctx: CapabilityContext, asset: Asset) -> str | None:
    """The AI label a live image of ``asset`` is due (its recipe's placement; None: none)."""
    recipe = asset.parameters.get("recipe")
    if not isinstance(recipe, dict):
        return None
    return disclosed(Recipe.model_validate(recipe), ctx).disclosure


def remote_bitrate_notes(rules: VideoPlacement | None) -> list[str]:
    """What a remote model's video may miss of the placement's bitrate floors."""
    if rules is None or not (rules.min_video_kbps or rules.min_audio_kbps):
        return []
    floors = []
    if rules.min_video_kbps:
        floors.append(f"video of at least {rules.min_video_kbps / 1000:g} Mbps")
    if rules.min_audio_kbps:
        floors.append(f"audio of at least {rules.min_audio_kbps} kbps")
    return [f"{rules.label} asks for {' and '.join(floors)}; the video model encodes its own "
            "file, so check its bitrates before you upload (the local engine meets the video "
            "floor)."]


def bitrate_notes(rules: VideoPlacement | None) -> list[str]:
    """What the placement asks of the file's bitrates, and what still does not fit."""
    if rules is None:
        return []
    notes = []
    if rules.min_video_kbps:
        notes.append(f"Encoded at a constant {rules.min_video_kbps * CBR_MARGIN / 1000:.1f} Mbps "
                     f"for {rules.label} (it asks at least {rules.min_video_kbps / 1000:g} Mbps).")
    if rules.min_audio_kbps:
        notes.append(f"{rules.label} asks for audio of at least {rules.min_audio_kbps} kbps; "
                     "this video's track is silent (a few kbps), so add a soundtrack before "
                     "you upload it.")
    return notes


# --------------------------------------------------------------------------- helpers


def load_storyboard(ctx: CapabilityContext, storyboard_id: str) -> tuple[Asset, Storyboard]:
    """Return a stored storyboard.

    Raises:
        CapabilityError: The asset is not a storyboard.
    """
    asset = ctx.assets.get(storyboard_id, tenant=ctx.tenant)
    if asset.kind != "storyboard":
        raise CapabilityError(
            f"{label(ctx, storyboard_id)} is a {asset.kind}, not a storyboard.",
            hint="Call write_storyboard first, then generate_video with its storyboard_id.",
        )
    return asset, Storyboard.model_validate_json(ctx.assets.read(asset.id))


def _store_storyboard(
    ctx: CapabilityContext, storyboard: Storyboard, *, parents: list[str], notes: list[str],
    capability: str,
) -> StoryboardResult:
    """Store the storyboard as a JSON asset and return it."""
    asset = ctx.assets.put(
        storyboard.model_dump_json(indent=2).encode(), kind="storyboard", mime=_STORYBOARD_MIME,
        parents=parents, capability=capability, tenant=ctx.tenant,
        caption=f"Storyboard: {len(storyboard.shots)} shots, {storyboard.seconds:g} s",
    )
    return StoryboardResult(storyboard_id=asset.id, storyboard=storyboard, notes=notes)


def ad_layers(
    ctx: CapabilityContext, asset: Asset, image: Image.Image
) -> tuple[AdLayers, list[str]]:
    """The layers of an ad: re-rendered from its recipe when that reproduces it exactly.

    The AI label is decided again for this call (:func:`~tools.disclosure.disclosed`, by the
    ad's placement) and lies in the still overlay, so it shows at one place on every frame;
    where the placement allows no text or no corner is free, the notes say so as an ad's do.
    Ads with retouches, made by a remote image model, or uploaded images move as one flat
    picture (camera and particles only), which is said in the notes, with the label drawn
    on the picture, if any, moving with it.
    """
    params = asset.parameters
    exact = (
        "recipe" in params and not params.get("operations")
        and ctx.engines.images.name == "local"
    )
    if exact:
        recipe = disclosed(Recipe.model_validate(params["recipe"]), ctx)
        _, cutout = load_image_asset(ctx, str(params["cutout"]))
        logo_id = params.get("logo")
        logo = load_image_asset(ctx, str(logo_id))[1] if logo_id and recipe.logo else None
        composition, layers = compose_layers(cutout, recipe, logo)
        if composition.image.size == image.size:
            return layers, [c.message for c in composition.checks if c.rule == "disclosure"]
    flat = AdLayers(
        scene=image.convert("RGB"),
        product=Image.new("RGBA", (1, 1), (0, 0, 0, 0)),
        product_box=(0, 0, 1, 1),
        overlay=Image.new("RGBA", image.size, (0, 0, 0, 0)),
        theme=str(params.get("recipe", {}).get("theme", "studio")),
    )
    return flat, ["This image moves as one picture (its layers are not available).",
                  *_flat_label_notes(ctx, params)]


def _components(ctx: CapabilityContext, ad: Asset) -> dict[str, list[str]]:
    """The product photo and cutout an ad shows, as a live image's recorded components.

    The live image's manifest names them as ingredients beside the ad (its one parent),
    so it says which product photo it shows even where the ad's own manifest is not read.
    The ad's recorded cutout leads to both (an edit of an ad records the ad's cutout); an
    uploaded picture or a remote model's edit records none, and names none.
    """
    cutout_id = ad.parameters.get("cutout")
    if not cutout_id:
        return {}
    try:
        cutout = ctx.assets.get(str(cutout_id), tenant=ctx.tenant)
    except AssetNotFoundError:  # deleted since: the ad's own manifest still names it
        return {}
    photo = cutout.parents[:1] if cutout.kind == "product_cutout" else []
    return {COMPONENTS: [p for p in dict.fromkeys([*photo, cutout.id]) if p != ad.id]}


def _drawn_label(asset: Asset) -> str | None:
    """The AI label already drawn on the stored ad ``asset`` (None: none).

    A remote model animates the stored picture, label included, so a second label drawn
    on its video would show the disclosure twice.
    """
    recipe = asset.parameters.get("recipe")
    drawn = recipe.get("disclosure") if isinstance(recipe, dict) else None
    return str(drawn) if drawn else None


def _moving_label_notes(drawn: str) -> list[str]:
    """What becomes of a label that is part of the picture a video model animates."""
    return [f"Its label {drawn!r} is part of the picture and moves with it."]


def _flat_label_notes(ctx: CapabilityContext, params: dict[str, Any]) -> list[str]:
    """What becomes of the AI label on a live image that moves as one picture."""
    recipe = params.get("recipe")
    if not isinstance(recipe, dict):
        return []
    drawn = recipe.get("disclosure")
    due = disclosed(Recipe.model_validate(recipe), ctx).disclosure
    if drawn:
        return _moving_label_notes(str(drawn))
    if due:
        return [f"label {due!r} left out: the free corners of a picture that moves as one "
                "are not known"]
    return []


def store_video(
    ctx: CapabilityContext, rendered: RenderedVideo, *, kind: str, parents: list[str],
    capability: str, parameters: dict[str, Any], caption: str,
) -> VideoAsset:
    """Store the MP4, its WebP preview and poster; the MP4 is the parent of the other two."""
    mp4 = ctx.assets.put(
        rendered.mp4.read_bytes(), kind=kind, mime="video/mp4", width=rendered.width,
        height=rendered.height, parents=parents, capability=capability,
        parameters={**parameters, "seconds": rendered.seconds, "fps": rendered.fps},
        caption=caption, tenant=ctx.tenant,
    )
    extras: dict[str, str | None] = {"preview": None, "poster": None}
    for role, path, mime in (
        ("preview", rendered.preview, "image/webp"), ("poster", rendered.poster, "image/png")
    ):
        if path is not None:
            extras[role] = ctx.assets.put(
                path.read_bytes(), kind=f"video_{role}", mime=mime, parents=[mp4.id],
                capability=capability, caption=f"{role.capitalize()}: {caption}",
                tenant=ctx.tenant,
            ).id
    return VideoAsset(
        asset_id=mp4.id, preview_id=extras["preview"], poster_id=extras["poster"],
        width=rendered.width, height=rendered.height, seconds=rendered.seconds,
        fps=rendered.fps, caption=caption,
    )


@contextmanager
def _workdir(ctx: CapabilityContext) -> Iterator[Path]:
    """A private scratch directory beside the store, removed afterwards (even on cancel)."""
    path = ctx.assets.root / "renders" / uuid.uuid4().hex
    path.mkdir(parents=True)
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def _renderer(ctx: CapabilityContext) -> VideoRenderer:
    if ctx.engines.video is None:
        raise ConfigurationError(
            "No video renderer is configured.", hint="Run `adstudio doctor` to check the setup."
        )
    return ctx.engines.video


def _jobs(ctx: CapabilityContext) -> Any:
    return ctx.engines.video_jobs


def _cutout(
    ctx: CapabilityContext, asset_id: str
) -> tuple[Image.Image, list[str], str | None, bool]:
    """The product, the sides its photo's frame cuts it at, its cutout's id, and if made now.

    A product photo goes through the same stored cutout as its ads (a transparent upload
    included), so every ad and video of the photo shows exactly the same product pixels,
    and a held product enters the video from the same edges as the ads; once the cutout
    exists, the photo is not decoded again. The cutout's asset records whether a model's
    call made it (its ``calls``), which is how the video's cost tells a remove-background
    call that was used from one the local cutout stood in for (:func:`tools.cost.spent`);
    an upload that already had transparency has no cutout asset (None).
    """
    photo = ctx.assets.get(asset_id, tenant=ctx.tenant)
    if photo.kind == "product_photo":
        known = stored_cutout(ctx, photo, as_is=False)
        if known is not None:
            return known[1], cutout_facts(known[0])[2], known[0].id, False
    asset, image = load_image_asset(ctx, asset_id)
    if asset.kind == "product_photo":
        made, product, new = cut_out_once(ctx, asset, image, as_is=False)
        return product, cutout_facts(made)[2], made.id, new
    if asset.kind == "product_cutout":
        return image.convert("RGBA"), cutout_facts(asset)[2], asset.id, False
    if _has_transparency(image):
        return image.convert("RGBA"), [], None, False
    raise InvalidImageError(
        f"{label(ctx, asset_id)} is a {asset.kind}; a video needs the product photo.",
        hint="Use the uploaded product photo's asset id.",
    )


def _has_transparency(image: Image.Image) -> bool:
    """Whether an upload already carries a cut-out product (an alpha channel in use)."""
    if image.mode != "RGBA":
        return False
    low, _ = image.getchannel("A").getextrema()
    return isinstance(low, int) and low < 250


def _hero_still(cutout: Image.Image, storyboard: Storyboard, cropped: list[str]) -> Image.Image:
    """The first frame a remote model starts from: the product staged locally, no text.

    A held product (``cropped``: the sides its photo cuts it at) enters from those sides.
    """
    placement = "widescreen" if storyboard.dimensions[0] > storyboard.dimensions[1] else "story"
    recipe = Recipe.model_validate({
        "theme": storyboard.theme, "format": placement,
        "brand_colors": storyboard.brand_colors, "product_cropped": cropped,
    })
    return compose_layers(cutout, recipe)[0].image


def _frame_for_video(image: Image.Image) -> Image.Image:
    """An 8-bit RGB frame (remote models refuse transparency)."""
    return image.convert("RGB")


def _motion_prompt(asset: Asset) -> str:
    """A prompt for a subtle live image of an ad, from its theme."""
    theme = str(asset.parameters.get("recipe", {}).get("theme", "studio"))
    return (
        f"Subtle cinematic motion of a product advertisement in a {theme} setting, slow "
        "gentle camera push-in, soft light shimmering, the product stays still and sharp"
    )
