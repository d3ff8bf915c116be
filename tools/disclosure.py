"""The visible AI disclosure on an ad: whether a label goes on it, and what it says (issue 26).

Generated and manipulated images must be recognisable as such (EU AI Act, article 50), and
some placements and advertisers want a visible label beside the C2PA manifest every asset
carries. The rule (``ADSTUDIO_AI_LABEL``): ``required`` labels an ad when its placement asks
for one (``ai_label`` in placements.yaml) or the advertiser's brand kit does; ``always``
labels every ad; ``off`` none. It is decided again at every render, so an edit or a resize
follows the rule and the placement of the new ad.

Videos follow the same rule: a storyboard video by the placement of its format (``story``
for 9:16, ``widescreen`` otherwise, whose safe zone its shots keep) and the video placement
it is made for (``ai_label`` in video_placements.yaml), a live image by its ad's.
The label then shows on every frame, at one place.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.placements import Placement, resolve_placement
from engines.local.ad.recipe import Recipe
from tools.sdk import CapabilityContext

if TYPE_CHECKING:
    from engines.local.video.storyboard import VideoPlacement


def label_for(ctx: CapabilityContext, placement: Placement) -> str | None:
    """The label an ad in ``placement`` carries for this call's tenant (None: no label)."""
    return _due(ctx, placement.ai_label)


def _due(ctx: CapabilityContext, asked: bool) -> str | None:
    """The label for this call's tenant when where it runs has ``asked`` for one (or not)."""
    rule = ctx.ai_label
    if rule.mode == "off":
        return None
    if rule.mode == "always" or asked:
        return rule.text
    kit = ctx.brand_kit()
    return rule.text if kit is not None and kit.ai_label else None


def disclosed(recipe: Recipe, ctx: CapabilityContext) -> Recipe:
    """``recipe`` with the label its placement, the deployment and the tenant ask for."""
    label = label_for(ctx, resolve_placement(recipe.format))
    if recipe.disclosure == label:
        return recipe
    return recipe.model_copy(update={"disclosure": label})


def video_label(
    ctx: CapabilityContext, size: tuple[int, int], placement: VideoPlacement | None = None
) -> str | None:
    """The label a storyboard video of ``size`` (width, height) carries (None: no label).

    It is asked for by the placement of its format, as its shots' safe zone is (``story``
    for a vertical video, ``widescreen`` otherwise), or by the video placement it is made
    for (``ai_label`` in video_placements.yaml), if any.
    """
    width, height = size
    shape = resolve_placement("story" if height > width else "widescreen")
    return _due(ctx, shape.ai_label or (placement is not None and placement.ai_label))
