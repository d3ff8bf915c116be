"""Stored images as the gallery tools see them: versions, numbers and AdImage descriptions.

An edit is a new asset whose first parent is the image it changed (see ``edit_image``); so
an image's previous version is that parent, and an image made any other way is an original.
"""

from __future__ import annotations

from core.findings import Finding
from core.schemas import AdImage, ImageLook
from core.storage.assets import Asset
from engines.local.ad.recipe import Recipe
from engines.local.themes import resolve_theme
from policy.audit import LOCAL_ENGINE
from tools.sdk import CapabilityContext

EDIT = "edit_image"


def previous_version(asset: Asset) -> str | None:
    """The asset id of the image ``asset`` was edited from (None: it is an original)."""
    if asset.capability == EDIT and asset.parents:
        return asset.parents[0]
    return None


def label(ctx: CapabilityContext, asset_id: str) -> str:
    """How to name an image to the advertiser: its number ("#3") when known, else its id."""
    number = ctx.gallery.numbers.get(asset_id) if ctx.gallery else None
    return f"#{number}" if number else asset_id


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
        caption=asset.caption,
        theme=theme,
        placement=placement,
        width=asset.width or 0,
        height=asset.height or 0,
        findings=_findings(ctx, asset),
        look=ImageLook.model_validate(look) if isinstance(look, dict) else None,
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
