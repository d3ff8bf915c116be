"""Ad composition: stage a cut-out product in a themed scene with shadows, text and a logo.

The product's own pixels are sacred: it is resized once (LANCZOS) and pasted last, after
grading, shadows, reflections, text and logo, so every opaque product pixel of the result is
exactly the resized product's pixel. Text and logo never overlap the product's box, stay in
the placement's safe zone and are checked (:func:`~engines.local.ad.composition.validate`)
on every render.

This module runs the steps; each lives in its own module: :mod:`~engines.local.ad.layouts`
(where things go), :mod:`~engines.local.ad.staging` (the product, its shadows and paste),
:mod:`~engines.local.ad.copy` and :mod:`~engines.local.typography.lettering` (text),
:mod:`~engines.local.ad.logo` and :mod:`~engines.local.ad.composition` (the result and its checks).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from PIL import Image

from core.placements import Placement, resolve_placement
from engines import AdLayers
from engines.local.ad.badge import (
    LABEL_CORNERS,
    LABEL_MIN_HEIGHT,
    label_height,
    label_width,
    place_badge,
    short_label,
)
from engines.local.ad.boxes import Box, Frac
from engines.local.ad.composition import Composition, validate, with_fixes
from engines.local.ad.copy import plan_text
from engines.local.ad.flatlay import is_flat_lay
from engines.local.ad.layouts import choose_layout, layout_margin
from engines.local.ad.logo import place_logo
from engines.local.ad.recipe import Recipe, Role
from engines.local.ad.sizing import concept_scale, scene_share
from engines.local.ad.staging import (
    flush_to_sides,
    lie_flat,
    lying_shadow,
    paste_exact,
    place_product,
    product_area,
    reach_sides,
    reflection,
    shadows,
    staged_theme,
    trim,
)
from engines.local.grading import grade_array
from engines.local.scene.render import recolor_painted, render_scene
from engines.local.scene.tabletop import render_tabletop
from engines.local.themes import Theme, resolve_theme
from engines.local.typography import lettering
from engines.local.typography.blocks import TextBlock
from engines.local.typography.fonts import MIN_TEXT_SIZE
from engines.local.typography.ink import WHITE
from engines.local.typography.wrapping import shorten


@dataclass(frozen=True)
class SceneRequest:
    """What an image model needs to draw the scene around an already placed product.

    Attributes:
        size: Canvas size.
        theme: The resolved theme (for the art direction).
        recipe: The ad's recipe.
        product: The product at its final scale (RGBA).
        product_box: Where it stands on the canvas.
        local_scene: The local engine's render of the scene (a reference or a fallback).
    """

    size: tuple[int, int]
    theme: Theme
    recipe: Recipe
    product: Image.Image
    product_box: Box
    local_scene: Image.Image


SceneSource = Callable[[SceneRequest], Image.Image]


def compose_ad(
    cutout: Image.Image,
    recipe: Recipe,
    logo: Image.Image | None = None,
    scene_source: SceneSource | None = None,
) -> Composition:
    """Render an ad: scene, grounded product, text and logo; deterministic in the inputs.

    Args:
        cutout: The product with transparency (e.g. ``Cutout.image``); transparent margins
            are trimmed.
        recipe: Theme, placement, variation, texts, font, product framing and colours.
        logo: The brand logo (transparency respected); placed in a free corner of the safe
            zone when the recipe and the placement allow it.
        scene_source: Draws the scene instead of the local renderer (an image model
            outpainting around the product). Its picture already grounds the product, so
            no local shadows are added; the product's own pixels and the text are still
            put on by this function.

    Returns:
        The ad, where its parts are and the rule checks (``checks``), including what was
        fixed (headline shortened, subline dropped...).

    Raises:
        ValueError: The cutout is fully transparent.
    """
    return _compose(cutout, recipe, logo, scene_source).composition


@dataclass(frozen=True)
class _Parts:
    """A finished ad and what it was drawn from (for :func:`compose_layers`)."""

    composition: Composition
    scene: Image.Image
    blocks: list[TextBlock]
    logo: tuple[Image.Image, Box] | None
    badge: tuple[Image.Image, Box] | None = None
    label: tuple[Image.Image, Box] | None = None


def _grade_scene(canvas: np.ndarray, recipe: Recipe, painted: bool) -> np.ndarray:
    """The recipe's brightness and contrast on the scene, before text and product go on.

    A painted scene (an image model's) also takes the recipe's warmth here: the local
    renderer puts warmth into its light, which a painted scene does not have.
    """
    warmth = recipe.warmth if painted else 0.0
    if not (warmth or recipe.brightness or recipe.contrast):
        return canvas
    return grade_array(
        canvas, warmth=warmth, brightness=recipe.brightness, contrast=recipe.contrast
    )


def _clamp_into(box: Box, size: tuple[int, int]) -> Box:
    """Move ``box`` (no larger than the canvas) so it lies inside the canvas."""
    w, h = size
    dx = max(-box[0], 0) - max(box[2] - w, 0)
    dy = max(-box[1], 0) - max(box[3] - h, 0)
    return (box[0] + dx, box[1] + dy, box[2] + dx, box[3] + dy)


def _compose(
    cutout: Image.Image,
    recipe: Recipe,
    logo: Image.Image | None,
    scene_source: SceneSource | None,
) -> _Parts:
    """Render the ad (see :func:`compose_ad`), keeping the scene, text blocks and logo."""
    placement = resolve_placement(recipe.format)
    size = placement.size
    fixes: dict[str, list[str]] = {}
    texts: dict[Role, str | None] = {
        "headline": recipe.headline,
        "subline": recipe.subline,
        "cta": recipe.cta,
    }
    if any(texts.values()) and not placement.allows_text:
        fixes["text-allowed"] = [f"text left out: {placement.label} allows no text"]
        texts = {"headline": None, "subline": None, "cta": None}
    limit = placement.max_headline_chars
    headline = texts["headline"]
    if headline and limit and len(headline) > limit:
        short = shorten(headline, limit)
        texts["headline"] = short or None
        fixes["headline-length"] = [
            f"headline shortened to {short!r} ({limit} characters at most)"
            if short
            else f"headline left out (longer than {limit} characters)"
        ]
    leaves_bottom = "bottom" in recipe.product_cropped
    margin = layout_margin(placement)
    label_room = label_height(size) + margin if recipe.disclosure else 0
    label_column = (
        label_width(short_label(recipe.disclosure), label_height(size), recipe.font) + margin
        if recipe.disclosure else 0
    )
    layout = choose_layout(
        placement, recipe.variation, any(texts.values()), leaves_bottom, label_room,
        label_column,
    )
    theme = resolve_theme(recipe.theme, recipe.context, recipe.variation)
    concept = (  # a held product, or one in a narrow banner, keeps its layout's size
        concept_scale(recipe.context, recipe.variation)
        if not recipe.product_cropped and layout.kind in ("stack", "side", "scene")
        else 1.0
    )
    trimmed = trim(cutout)
    flat = not recipe.product_cropped and is_flat_lay(trimmed, recipe.context)
    if layout.kind in ("stack", "side", "scene"):  # banners keep their layout's size
        concept *= _true_to_size(layout.product, size, recipe, concept, trimmed.size,
                                 None if flat else scene_share(theme.id, recipe.context,
                                                               recipe.variation))
    area = reach_sides(
        product_area(layout.product, size, recipe, concept), size, recipe.product_cropped
    )
    product, box = place_product(trimmed, area)
    if flat:  # a garment laid flat lies on a table seen from above, centred in its space
        box = lie_flat(box, area)
    box = flush_to_sides(_clamp_into(box, size), size, recipe.product_cropped)
    staged = staged_theme(theme, box, size, recipe.variation, bool(recipe.product_cropped))
    draw = render_tabletop if flat else render_scene
    scene = draw(
        staged,
        size,
        recipe.seed * 1_000_003 + recipe.variation,
        recipe.brand_colors,
        recipe.warmth,
        backdrop_color=recipe.backdrop_color,
        stage=(box[0], box[2], box[3]),
    )
    if scene_source is not None:
        drawn = scene_source(SceneRequest(size, theme, recipe, product, box, scene.image))
        canvas = np.asarray(
            drawn.convert("RGB").resize(size, Image.Resampling.LANCZOS), dtype=np.float32
        )
        if recipe.backdrop_color:  # the model painted its own backdrop: recolour it here
            canvas = recolor_painted(canvas, recipe.backdrop_color)
    else:
        canvas = np.array(scene.image, dtype=np.float32)
        alpha = np.asarray(product.getchannel("A"), dtype=np.float32) / 255.0
        if flat:
            canvas = lying_shadow(canvas, alpha, box, scene)
        elif not recipe.product_cropped:  # a held or frame-cut product never touches the floor
            canvas = shadows(canvas, alpha, box, scene)
            canvas = reflection(canvas, product, box, scene)
    canvas = _grade_scene(canvas, recipe, painted=scene_source is not None)
    image = Image.fromarray(np.clip(canvas + 0.5, 0, 255).astype(np.uint8), "RGB")
    scene_image = image.copy()

    blocks = plan_text(layout, placement, texts, box, theme, recipe)
    for block in blocks:
        lettering.prepare(image, block)  # may plan the block again, inset for its panel
        if block.fixes:
            fixes.setdefault("text-fit", []).extend(block.fixes)
    backplate = image.copy() if blocks else None
    items = [item for block in blocks for item in lettering.render(image, block)]

    logo_box = None
    placed = None
    if logo is not None and recipe.logo:
        if not placement.allows_logo:
            fixes["logo"] = [f"logo left out: {placement.label} allows no logo"]
        else:
            placed = place_logo(
                logo, placement, [box, *(t.box for t in items)], recipe.logo_position
            )
            if placed is None:
                fixes["logo"] = ["logo left out: no free corner in the safe zone"]
            else:
                mark, logo_box = placed
                image.paste(mark, logo_box[:2], mark)

    badge = None
    if recipe.badge:
        taken = [t.box for t in items] + ([logo_box] if logo_box else [])
        badge = place_badge(recipe.badge, placement, taken, product, box, recipe.font)
        if badge is None:
            fixes["badge"] = [f"marker {recipe.badge!r} left out: no free corner in the safe zone"]
        else:
            image.paste(badge[0], badge[1][:2], badge[0])

    label = None
    if recipe.disclosure and not (placement.allows_text or placement.ai_label):
        fixes["disclosure"] = [f"label {recipe.disclosure!r} left out: {placement.label} "
                               "allows no text"]
    elif recipe.disclosure:
        taken = [t.box for t in items] + [b[1] for b in (placed, badge) if b is not None]
        taken += [b.panel for b in blocks if b.scrim and b.panel is not None]
        label, form = _place_label(recipe.disclosure, placement, taken, product, box,
                                   recipe.font, margin)
        if form != recipe.disclosure:
            fixes["disclosure"] = [f"label {recipe.disclosure!r} shortened to {form!r}: no "
                                   "corner of the safe zone holds the whole label"]
        if label is None:
            fixes["disclosure"] = [f"label {recipe.disclosure!r} left out: no free corner "
                                   "in the safe zone"]
        else:
            image.paste(label[0], label[1][:2], label[0])

    pixels = paste_exact(np.array(image), product, box)
    composition = Composition(
        image=Image.fromarray(pixels, "RGB"),
        theme=theme,
        product_box=box,
        product=product,
        text_boxes=[t.box for t in items],
        placement=placement,
        texts=items,
        logo_box=logo_box,
        disclosure_box=label[1] if label is not None else None,
        backplate=backplate,
        panels=[b.panel for b in blocks if b.scrim and b.panel is not None],
    )
    composition.checks = with_fixes(validate(composition, placement), fixes)
    return _Parts(composition, scene_image, blocks, placed, badge, label)


def _true_to_size(
    frac: Frac, size: tuple[int, int], recipe: Recipe, concept: float,
    product: tuple[int, int], share: float | None,
) -> float:
    """How much smaller the product must stand to be no taller than ``share`` of the ad.

    ``share`` is what the scene's sense of size allows (:func:`scene_share`); 1.0 when it
    is None, when the product is held (framed as photographed) or when the user set its
    scale ("make the product bigger").
    """
    if share is None or recipe.product_cropped or recipe.product_scale != 1.0:
        return 1.0
    left, top, right, bottom = product_area(frac, size, recipe, concept)
    pw, ph = product
    standing = min(bottom - top, (right - left) * ph / max(pw, 1))
    return min(1.0, share * size[1] / max(standing, 1.0))


def _place_label(
    text: str, placement: Placement, taken: list[Box], product: Image.Image, box: Box,
    family: str, margin: int,
) -> tuple[tuple[Image.Image, Box] | None, str]:
    """The disclosure label in a free corner, whole or else its short form ("AI").

    Returns the label (None when neither form finds a corner) and the form placed. Its
    letters are never under the ad's smallest text size; every placement that shows text
    leaves a corner for one form or the other (see :func:`choose_layout`).
    """
    for form in dict.fromkeys((text, short_label(text))):
        label = place_badge(form, placement, taken, product, box, family, LABEL_CORNERS,
                            LABEL_MIN_HEIGHT, margin, MIN_TEXT_SIZE)
        if label is not None:
            return label, form
    return None, text


# --------------------------------------------------------------------------- layers


def compose_layers(
    cutout: Image.Image,
    recipe: Recipe,
    logo: Image.Image | None = None,
    scene_source: SceneSource | None = None,
) -> tuple[Composition, AdLayers]:
    """Render an ad like :func:`compose_ad` and also return the layers it is made of.

    The overlay (scrims, glyphs, button, logo) is separated by difference matting: the
    same drawing operations, with the choices made on the real ad (ink, scrim opacity,
    logo corner), are replayed on a black and on a white canvas, which gives each pixel's
    exact alpha and colour. Putting ``overlay`` over ``scene`` and pasting ``product`` at
    ``product_box`` reproduces ``composition.image`` within 8-bit rounding.

    Args:
        cutout: The product with transparency.
        recipe: The ad's recipe.
        logo: The brand logo, if any.
        scene_source: An image model drawing the scene, if any (see :func:`compose_ad`).

    Returns:
        The composition (identical to :func:`compose_ad`'s) and its layers.

    Raises:
        ValueError: The cutout is fully transparent.
    """
    parts = _compose(cutout, recipe, logo, scene_source)
    composition = parts.composition
    layers = AdLayers(
        scene=parts.scene,
        product=composition.product,
        product_box=composition.product_box,
        overlay=_overlay(parts.scene.size, parts.blocks, parts.logo, parts.badge, parts.label),
        theme=composition.theme.id,
    )
    return composition, layers


def _overlay(
    size: tuple[int, int],
    blocks: list[TextBlock],
    logo: tuple[Image.Image, Box] | None,
    badge: tuple[Image.Image, Box] | None = None,
    label: tuple[Image.Image, Box] | None = None,
) -> Image.Image:
    """The text, logo, marker and label layer (straight RGBA), drawn on black and on white."""
    on_black, on_white = Image.new("RGB", size, (0, 0, 0)), Image.new("RGB", size, WHITE)
    for canvas in (on_black, on_white):
        for block in blocks:
            lettering.paint_scrim(canvas, block)
        for block in blocks:
            lettering.render(canvas, block)
        for mark in (logo, badge, label):
            if mark is not None:
                canvas.paste(mark[0], mark[1][:2], mark[0])
    black = np.asarray(on_black, dtype=np.float32)
    white = np.asarray(on_white, dtype=np.float32)
    # drawn over background B, a pixel is alpha * colour + (1 - alpha) * B
    alpha = np.rint(np.clip(255.0 - (white - black).mean(axis=2), 0.0, 255.0))
    color = np.clip(np.rint(black * 255.0 / np.maximum(alpha, 1.0)[..., None]), 0, 255)
    return Image.fromarray(np.dstack([color, alpha]).astype(np.uint8), "RGBA")
