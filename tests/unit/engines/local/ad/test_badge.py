"""The small corner marker of an ad (a carousel card's "2/5"): where it goes, what it covers."""

from __future__ import annotations

from functools import cache

import numpy as np
from PIL import Image

from core.placements import resolve_placement
from engines.local.ad.badge import badge_image, place_badge
from engines.local.ad.boxes import intersects
from engines.local.ad.compose import compose_ad, compose_layers
from engines.local.ad.recipe import Recipe
from engines.local.cutout import cut_out
from evals import recipes

SQUARE = resolve_placement("square")  # 1080x1080, safe zone 5% (54 px) on every side
NOTHING = Image.new("RGBA", (10, 10), (0, 0, 0, 0))


@cache
def bottle() -> Image.Image:
    return cut_out(recipes.bottle_on_white()[0]).image


def test_a_marker_is_a_small_pill_with_light_text_on_a_translucent_dark_fill() -> None:
    mark = np.asarray(badge_image("2/5", 44, "lato"))
    assert mark.shape[0] == 44 and 44 <= mark.shape[1] <= 132
    assert mark[0, 0, 3] == 0 and mark[-1, -1, 3] == 0  # rounded corners
    middle = mark[22, mark.shape[1] // 4]
    assert 100 < middle[3] < 230 and middle[:3].max() < 60  # see-through, dark
    assert (mark[..., :3].min(axis=2) > 200).sum() > 30  # the white digits


def test_the_marker_takes_the_first_free_corner_of_the_safe_zone() -> None:
    free = place_badge("1/3", SQUARE, [], NOTHING, (0, 0, 10, 10), "lato")
    assert free is not None
    left, top, right, bottom = free[1]
    assert (top, right) == (54, 1080 - 54)  # top right when nothing is in the way
    headline = (500, 40, 1040, 200)
    moved = place_badge("1/3", SQUARE, [headline], NOTHING, (0, 0, 10, 10), "lato")
    assert moved is not None and moved[1][:2] == (54, 54)  # then top left
    assert not intersects(moved[1], headline)


def test_the_marker_may_cover_the_products_transparent_margin_but_never_the_product() -> None:
    product = Image.new("RGBA", (600, 600), (0, 0, 0, 0))
    product.paste((90, 90, 90, 255), (0, 200, 600, 600))  # opaque below y = 200 only
    placed = place_badge("1/3", SQUARE, [], product, (480, 0, 1080, 600), "lato")
    assert placed is not None and placed[1][1] == 54 and placed[1][2] == 1026  # over the margin
    solid = Image.new("RGBA", (1080, 1080), (90, 90, 90, 255))
    assert place_badge("1/3", SQUARE, [], solid, (0, 0, 1080, 1080), "lato") is None


def test_a_rendered_marker_keeps_the_product_exact_and_is_part_of_the_text_layer() -> None:
    recipe = Recipe(theme="studio", headline="Cold for 24 hours", badge="2/5")
    plain = np.asarray(compose_ad(bottle(), recipe.model_copy(update={"badge": None})).image)
    composition, layers = compose_layers(bottle(), recipe)
    marked = np.asarray(composition.image)
    changed = np.abs(marked.astype(int) - plain.astype(int)).max(axis=2) > 0
    left, top, right, bottom = composition.product_box
    alpha = np.asarray(composition.product.getchannel("A")) > 0
    assert changed.any() and not changed[top:bottom, left:right][alpha].any()
    overlay_alpha = np.asarray(layers.overlay)[..., 3]
    assert overlay_alpha[changed].min() > 0  # the marker travels with the text and logo


def test_with_no_free_corner_the_marker_is_left_out_and_said_so() -> None:
    recipe = Recipe(theme="studio", format="320x50", headline="Cold for 24 hours, anywhere",
                    cta="Shop now", badge="10/10")  # a mobile banner full of text and product
    composition = compose_ad(bottle(), recipe)
    plain = compose_ad(bottle(), recipe.model_copy(update={"badge": None}))
    [check] = [c for c in composition.checks if c.rule == "badge"]
    assert check.fixed and "'10/10' left out: no free corner" in check.message
    assert np.array_equal(np.asarray(composition.image), np.asarray(plain.image))
    blocked = [(0, 0, 1080, 300), (0, 780, 1080, 1080)]  # text across the top and bottom
    assert place_badge("1/3", SQUARE, blocked, NOTHING, (0, 0, 10, 10), "lato") is None


def test_an_ai_label_sits_in_a_bottom_corner_clear_of_text_logo_and_product() -> None:
    recipe = Recipe(theme="studio", headline="Cold for 24 hours", cta="Shop now",
                    disclosure="AI-generated")
    composition = compose_ad(bottle(), recipe)
    plain = compose_ad(bottle(), recipe.model_copy(update={"disclosure": None}))
    box = composition.disclosure_box
    assert box is not None and plain.disclosure_box is None
    left, top, right, bottom = SQUARE.safe_box()
    assert left <= box[0] and box[2] <= right and top <= box[1] and box[3] <= bottom
    assert box[3] > 540  # the bottom half: where platforms put their own labels
    assert not any(intersects(box, t) for t in composition.text_boxes)
    changed = np.abs(np.asarray(composition.image).astype(int)
                     - np.asarray(plain.image).astype(int)).max(axis=2) > 0
    ys, xs = np.nonzero(changed)
    assert changed.any() and box[0] <= xs.min() and xs.max() < box[2]  # only the label
    assert box[1] <= ys.min() and ys.max() < box[3]
    height = box[3] - box[1]
    assert 12 <= height <= 0.05 * 1080  # small: a label, not a banner


def test_the_label_keeps_clear_of_a_carousel_marker_and_says_when_it_is_shortened() -> None:
    both = compose_ad(bottle(), Recipe(theme="studio", headline="Cold for 24 hours",
                                       badge="2/5", disclosure="Made with AI"))
    assert both.disclosure_box is not None
    crowded = compose_ad(bottle(), Recipe(theme="studio", format="320x50",
                                          headline="Cold for 24 hours, anywhere",
                                          cta="Shop now", disclosure="AI-generated"))
    [check] = [c for c in crowded.checks if c.rule == "disclosure"]
    # issue 22 (s32): every ad carries the disclosure; a 320x50 banner its short form
    assert crowded.disclosure_box is not None
    assert "'AI-generated' shortened to 'AI'" in check.message


def test_no_label_is_drawn_where_the_placement_allows_no_text() -> None:
    recipe = Recipe(theme="studio", format="amazon-sb-custom-image", disclosure="AI-generated")
    composition = compose_ad(bottle(), recipe)
    plain = compose_ad(bottle(), recipe.model_copy(update={"disclosure": None}))
    assert composition.disclosure_box is None  # Amazon refuses any text on this image
    assert np.array_equal(np.asarray(composition.image), np.asarray(plain.image))
    [check] = [c for c in composition.checks if c.rule == "disclosure"]
    assert "left out" in check.message and "allows no text" in check.message
