"""Stored images as the gallery tools see them: versions, numbers and AdImage descriptions.

An edit is a new asset whose first parent is the image it changed (see ``edit_image``); so
an image's previous version is that parent, and an image made any other way is an original.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from core.findings import Finding
from core.schemas import AdImage, ImageLook
from core.storage.assets import Asset
from engines.local.ad.recipe import Recipe
from engines.local.themes import resolve_theme
from policy.audit import LOCAL_ENGINE
from tools.sdk import CapabilityContext, ThreadGallery

EDIT = "edit_image"
MOTION_KINDS = frozenset({"live_image", "video_ad", "video"})
"""Kinds of a thread's MP4s: local live images and video ads, and remote models' videos."""
LIVE_CAPABILITY = "animate_image"

_VARIATION = re.compile(r"^Variation \d+ · ")
_ID = r"(?:img|vid|ast)_[0-9a-f]{10}"
_RAW_ID = re.compile(_ID)
_ID_CAPTIONS = (
    re.compile(rf"^Live image of {_ID}$"),
    re.compile(rf"^(?:preview|poster) of {_ID}$"),
    re.compile(rf"^Side by side: (?:#\d+|{_ID})(?:, (?:#\d+|{_ID}))*$"),
)
"""The fixed captions earlier versions wrote with an asset id in them (animate_image's
live image, a video's preview and poster, compare_images outside a conversation); an
upload's caption is its file name and is never rewritten, whatever it looks like."""


def motion_of(gallery: ThreadGallery | None) -> tuple[str, ...]:
    """The live images and videos of a thread's gallery (none outside a thread)."""
    return gallery.motion if gallery is not None else ()


def is_live_image(asset: Asset) -> bool:
    """Whether an MP4 is a live image (a local one, or one a remote model made)."""
    return asset.kind == "live_image" or asset.capability == LIVE_CAPABILITY


def shown_caption(asset: Asset, numbers: Mapping[str, int]) -> str:
    """An asset's caption as the advertiser sees it: no competing number, no internal id.

    Captions stored by earlier versions said "Variation 6 · Beach · square" (a number per
    call, which the gallery's #7 contradicts) and "Live image of img_…"; the first loses its
    variation; in those fixed captions only (``_ID_CAPTIONS``), an id becomes the image's
    #number ("the image" when it has none). Any other caption (an upload's file name) is
    shown as stored.
    """
    caption = _VARIATION.sub("", asset.caption) if asset.kind == "ad_image" else asset.caption
    if not any(pattern.match(caption) for pattern in _ID_CAPTIONS):
        return caption
    return _RAW_ID.sub(lambda m: label_of(numbers, m[0], "the image"), caption)


def previous_version(asset: Asset) -> str | None:
    """The asset id of the image ``asset`` was edited from (None: it is an original)."""
    if asset.capability == EDIT and asset.parents:
        return asset.parents[0]
    return None


def label(ctx: CapabilityContext, asset_id: str) -> str:
    """How to name an image to the advertiser: its number ("#3") when known, else its id."""
    return label_of(ctx.gallery.numbers if ctx.gallery else {}, asset_id)


def label_of(numbers: Mapping[str, int], asset_id: str, unknown: str | None = None) -> str:
    """An image's #number in ``numbers`` ("#3"), else ``unknown`` (its id by default)."""
    number = numbers.get(asset_id)
    if number:
        return f"#{number}"
    return asset_id if unknown is None else unknown


def ad_copy(parameters: Mapping[str, Any]) -> tuple[str, str]:
    """The headline and call to action an ad was rendered with ('' for none or unknown)."""
    recipe = parameters.get("recipe")
    recipe = recipe if isinstance(recipe, dict) else {}
    return str(recipe.get("headline") or "").strip(), str(recipe.get("cta") or "").strip()


def ad_image_of(ctx: CapabilityContext, asset: Asset) -> AdImage:
    """Describe a stored image as the image tools return it.

    Its theme and placement come from its recipe (the theme resolved as it was rendered),
    ``original`` for an image adstudio did not compose; its findings are the image
    policy's latest warnings on it, from the audit log; its look is the one stored with it.
    """
    look = asset.parameters.get("look")
    theme, placement = theme_and_placement(asset)
    return AdImage(
        asset_id=asset.id,
        caption=shown_caption(asset, ctx.gallery.numbers if ctx.gallery else {}),
        theme=theme,
        placement=placement,
        width=asset.width or 0,
        height=asset.height or 0,
        findings=_findings(ctx, asset),
        look=ImageLook.model_validate(look) if isinstance(look, dict) else None,
        headline=ad_copy(asset.parameters)[0],
        cta=ad_copy(asset.parameters)[1],
    )


def theme_and_placement(asset: Asset) -> tuple[str, str]:
    """The theme id an image was rendered in and its placement id.

    Both are ``original`` for an image adstudio did not compose.
    """
    recipe_data = asset.parameters.get("recipe")
    if not isinstance(recipe_data, dict):
        return "original", "original"
    recipe = Recipe.model_validate(recipe_data)
    return resolve_theme(recipe.theme, recipe.context, recipe.variation).id, recipe.format


def _findings(ctx: CapabilityContext, asset: Asset) -> list[Finding]:
    """The image policy's warnings at its latest check of ``asset`` (none when unchecked)."""
    if ctx.audit is None:
        return []
    checks = [
        entry
        for entry in ctx.audit.for_asset(asset.id, ctx.tenant)
        if entry.subject == "image" and entry.engine == LOCAL_ENGINE
    ]
    return list(checks[-1].findings) if checks else []
