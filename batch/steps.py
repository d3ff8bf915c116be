"""The steps of a product: which capability each calls, with which request, what it keeps.

Per product: ``extract_features`` → ``generate_ad_images`` (placements × variations) →
``animate_image`` (when the row asks for a live image). Each step calls the capability
declared in the registry (``tools.sdk``), the same one the agent and the API call; this
module only says how a catalog row becomes its request, what later steps need from its
result, and which files land in the output.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PIL import Image

from batch.models import OutputFile, Product, StepTask
from batch.storage import Storage
from core.errors import ConfigurationError, InvalidImageError
from core.schemas import (
    AnimateImageResult,
    GenerateAdImagesResult,
    ProductFeatures,
)
from core.storage.assets import Asset, AssetStore
from core.storage.uploads import store_image
from tools.provenance import provenance_status
from tools.services import Services

Inputs = dict[str, Any]
"""What a step gets from earlier ones: ``photo`` (asset id), ``features``, ``ads``, ``kit``."""

PLANNED = "planned"
PLAN_INPUTS: Inputs = {"photo": PLANNED, "ads": [PLANNED]}
"""Stand-ins for inputs that exist only once earlier steps ran (for the plan's estimate)."""

THUMB_SIZE = (240, 240)
LIVE_SECONDS = 4.0


@dataclass(frozen=True)
class Step:
    """One step of a product.

    Attributes:
        name: The capability it calls (its name in the registry).
        applies: Whether a product has this step.
        request: The capability's request for a product and what earlier steps made.
        carry: What later steps need from the result.
        save: Writes the result's files to the output; returns what it wrote.
        prepare: Inputs the worker adds before the call (the stored photo, a brand kit).
        reads_photo: Whether ``prepare`` reads the product photo (a driver sends its bytes
            to workers on other machines).
    """

    name: str
    applies: Callable[[Product], bool]
    request: Callable[[Product, Inputs], dict[str, Any]]
    carry: Callable[[Any], dict[str, Any]]
    save: Callable[[Any, Product, AssetStore, Storage], list[OutputFile]]
    prepare: Callable[[StepTask, Services], Inputs] | None = None
    reads_photo: bool = False


def features_request(product: Product, inputs: Inputs) -> dict[str, Any]:
    """The product text to analyse."""
    return {"title": product.title, "description": product.description,
            "bullets": product.bullets}


def images_request(product: Product, inputs: Inputs) -> dict[str, Any]:
    """Ads of the product photo; the headline and subline come from the features, as in chat."""
    features = inputs.get("features") or {}
    ideas = [h for h in features.get("headline_ideas", []) if isinstance(h, str) and len(h) <= 90]
    headline = product.headline or next(iter(ideas), None)
    benefits = [b for b in features.get("benefits", []) if isinstance(b, str) and len(b) <= 140]
    args: dict[str, Any] = {
        "product_image": inputs["photo"], "n": product.variations, "theme": product.theme,
        "placements": product.placements, "headline": headline,
        "subline": next((b for b in benefits if b != headline), None),
        "cta": product.cta or "Shop now", "context": product.text()[:2000],
        "seed": product.base_seed(),
    }
    kit = inputs.get("kit")
    if kit is not None:  # the row names the kit: the fields read when it was checked
        args.update(brand_colors=kit.get("colors") or [], font=kit.get("font"),
                    logo=kit.get("logo"), use_brand_kit=False)
    return args


def animate_request(product: Product, inputs: Inputs) -> dict[str, Any]:
    """A live image of the product's first ad."""
    return {"asset_id": inputs["ads"][0], "seconds": LIVE_SECONDS}


def carry_features(result: ProductFeatures) -> dict[str, Any]:
    """The features, for the headline of the ads."""
    return {"features": result.model_dump(mode="json")}


def carry_images(result: GenerateAdImagesResult) -> dict[str, Any]:
    """The ads, for the live image (and the manifest)."""
    return {"ads": result.new_asset_ids(), "cutout": result.cutout_id, "notes": result.notes}


def carry_video(result: AnimateImageResult) -> dict[str, Any]:
    """The live image's asset ids."""
    video = result.video
    return {"video": video.asset_id if video else None, "job_id": result.job_id,
            "notes": result.notes}


def save_features(
    result: ProductFeatures, product: Product, assets: AssetStore, storage: Storage
) -> list[OutputFile]:
    """``<id>/features.json``."""
    key = f"{product.id}/features.json"
    storage.put(key, result.model_dump_json(indent=2).encode(), "application/json")
    return [OutputFile(kind="features", key=key)]


def save_images(
    result: GenerateAdImagesResult, product: Product, assets: AssetStore, storage: Storage
) -> list[OutputFile]:
    """``<id>/<id>-01-square.png``...: the same names when a step runs again (no duplicates)."""
    files = []
    for number, ad in enumerate(result.images, 1):
        key = f"{product.id}/{product.id}-{number:02d}-{ad.placement}.png"
        data = assets.read(ad.asset_id)
        storage.put(key, data, "image/png")
        files.append(OutputFile(
            asset_id=ad.asset_id, kind="ad_image", key=key, placement=ad.placement,
            theme=ad.theme, width=ad.width, height=ad.height, findings=ad.findings,
            thumb=thumbnail(data),
            provenance=provenance_status(assets.get(ad.asset_id).parameters),
        ))
    return files


def save_video(
    result: AnimateImageResult, product: Product, assets: AssetStore, storage: Storage
) -> list[OutputFile]:
    """``<id>/<id>-live.mp4`` with its ``.webp`` preview and ``.png`` poster."""
    video = result.video
    if video is None:  # a remote job: the video arrives later, in the asset store
        return []
    files = []
    kinds = (("live_image", video.asset_id), ("preview", video.preview_id),
             ("poster", video.poster_id))
    for kind, asset_id in kinds:
        if asset_id is None:
            continue
        asset = assets.get(asset_id)
        suffix = assets.path(asset_id).suffix
        key = f"{product.id}/{product.id}-live{suffix}"
        storage.put(key, assets.read(asset_id), asset.mime)
        files.append(OutputFile(asset_id=asset_id, kind=kind, key=key, width=video.width,
                                height=video.height,
                                provenance=provenance_status(asset.parameters)))
    return files


def photo_inputs(task: StepTask, services: Services) -> Inputs:
    """The product photo as an asset and, when the row names it, the brand kit's fields.

    Raises:
        InvalidImageError: The photo is gone, cannot be decoded, or is too large.
        ConfigurationError: The row's brand kit is not the tenant's, or is gone.
    """
    inputs: Inputs = {"photo": stored_photo(task, services).id}
    if task.product.brand_kit:
        inputs["kit"] = named_kit(task.product.brand_kit, services)
    return inputs


def named_kit(name: str, services: Services) -> dict[str, Any]:
    """The brand kit a row names, as JSON: the run's tenant's own, which must still exist.

    Raises:
        ConfigurationError: The kit is another tenant's (the batch now runs as someone
            else than when it was checked), or it was deleted since the check.
    """
    tenant = services.settings.tenant
    if name != tenant:
        raise ConfigurationError(
            f"This row names the brand kit of tenant '{name}', but the batch runs as "
            f"tenant '{tenant}': a tenant may only apply its own kit.",
            hint=f"Resume the job as tenant '{name}' (ADSTUDIO_TENANT={name}).",
        )
    kit = services.brand_kits.get(name)
    if kit is None:
        raise ConfigurationError(
            f"The brand kit of tenant '{name}' that this row names is gone (it was there "
            "when the catalog was checked).",
            hint="Save the brand kit again, then resume the job (adstudio batch --resume JOB).",
        )
    return kit.model_dump(mode="json")


def stored_photo(task: StepTask, services: Services) -> Asset:
    """The photo's asset, stored as a chat upload is (upright PNG, no EXIF), once per tenant.

    The bytes come with the task when the driver sent them (a worker on another machine),
    else from the photo's path. A run again finds the asset it stored before.

    Raises:
        InvalidImageError: The photo is gone, cannot be decoded, or is too large.
    """
    settings = services.settings
    path = task.product.image
    try:
        data = task.photo if task.photo is not None else path.read_bytes()
    except OSError as exc:
        raise InvalidImageError(f"The product photo {path} cannot be read: {exc.strerror}.",
                                hint="Put the photo back, then resume the job.") from exc
    return store_image(services.assets, data, filename=path.name, tenant=settings.tenant,
                       kind="product_photo", max_bytes=settings.limits.max_upload_bytes,
                       max_pixels=int(settings.limits.max_megapixels * 1e6), reuse=True)


def thumbnail(png: bytes) -> bytes:
    """A small JPEG of an ad, for the contact sheet."""
    with Image.open(io.BytesIO(png)) as image:
        small = image.convert("RGB")
        small.thumbnail(THUMB_SIZE)
    buffer = io.BytesIO()
    small.save(buffer, "JPEG", quality=72)
    return buffer.getvalue()


def _always(product: Product) -> bool:
    return True


def _animated(product: Product) -> bool:
    return product.animate


STEPS: tuple[Step, ...] = (
    Step("extract_features", _always, features_request, carry_features, save_features),
    Step("generate_ad_images", _always, images_request, carry_images, save_images,
         photo_inputs, reads_photo=True),
    Step("animate_image", _animated, animate_request, carry_video, save_video),
)
BY_NAME = {step.name: step for step in STEPS}


def steps_of(product: Product) -> list[Step]:
    """The steps a product goes through, in order."""
    return [step for step in STEPS if step.applies(product)]
