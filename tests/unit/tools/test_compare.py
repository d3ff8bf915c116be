"""compare_images: 2 to 4 images side by side at one height, labelled, stored as a comparison."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from PIL import Image

from agent.numbering import number_ads
from core.errors import AssetNotFoundError, CapabilityError, InvalidImageError
from core.images import encode_png
from tools.sdk import CapabilityContext, ThreadGallery, registry
from tools.services import Services

RED, BLUE, GREEN = (220, 30, 30), (30, 60, 220), (20, 170, 60)


@pytest.fixture
def ctx(services: Services) -> CapabilityContext:
    return services.capability_context("default")


def put(ctx: CapabilityContext, size: tuple[int, int], color: tuple[int, int, int],
        caption: str = "") -> str:
    image = Image.new("RGB", size, color)
    return ctx.assets.put(encode_png(image), kind="ad_image", mime="image/png", width=size[0],
                          height=size[1], caption=caption, tenant=ctx.tenant).id


def spans(row: np.ndarray, color: tuple[int, int, int]) -> tuple[int, int]:
    """First and last column of ``row`` with (about) ``color``."""
    hits = np.flatnonzero(np.abs(row.astype(int) - color).max(axis=1) < 8)
    return int(hits[0]), int(hits[-1])


def test_the_images_stand_side_by_side_at_one_height_in_the_order_given(
    ctx: CapabilityContext,
) -> None:
    ids = [put(ctx, (800, 800), RED), put(ctx, (400, 800), BLUE), put(ctx, (1200, 600), GREEN)]
    result = registry()["compare_images"].invoke({"asset_ids": ids}, ctx)
    assert result.compared == ids
    stored = ctx.assets.get(result.asset_id)
    assert (stored.kind, stored.mime, stored.parents) == ("comparison", "image/png", ids)
    sheet = np.asarray(Image.open(ctx.assets.path(result.asset_id)).convert("RGB"))
    assert sheet.shape[:2] == (result.height, result.width)
    heights = []
    for color in (RED, BLUE, GREEN):
        column = spans(sheet.transpose(1, 0, 2)[spans(sheet[sheet.shape[0] // 3], color)[0]],
                       color)
        heights.append(column[1] - column[0] + 1)
    assert max(heights) - min(heights) <= 1  # one height for all
    row = sheet[sheet.shape[0] // 3]
    (r0, r1), (b0, b1), (g0, g1) = (spans(row, c) for c in (RED, BLUE, GREEN))
    assert r1 < b0 and b1 < g0  # red, then blue, then green
    widths = [r1 - r0 + 1, b1 - b0 + 1, g1 - g0 + 1]
    assert [round(w / heights[0], 2) for w in widths] == [1.0, 0.5, 2.0]  # aspect ratios kept
    assert 0 < b0 - r1 < 0.1 * heights[0]  # a small gap


def test_each_image_is_labelled_below_with_its_number(ctx: CapabilityContext) -> None:
    ids = [put(ctx, (600, 600), RED, "Variation 1"), put(ctx, (600, 600), BLUE, "Variation 2")]
    numbered = dataclasses.replace(ctx, gallery=ThreadGallery(numbers={ids[0]: 4, ids[1]: 9}))
    result = registry()["compare_images"].invoke({"asset_ids": ids}, numbered)
    assert ctx.assets.get(result.asset_id).caption == "Side by side: #4, #9"
    sheet = np.asarray(Image.open(ctx.assets.path(result.asset_id)).convert("RGB")).astype(int)
    red = (np.abs(sheet - RED).max(axis=2) < 8).any(axis=1)
    bottom = int(np.flatnonzero(red)[-1])  # the images' lower edge
    ink = np.abs(sheet - (26, 26, 26)).max(axis=2) < 40  # the labels' dark lettering
    assert not ink[:bottom].any()
    half = sheet.shape[1] // 2
    assert ink[bottom:, :half].sum() > 200 and ink[bottom:, half:].sum() > 200  # under each
    # without a number the caption is the title: "Variation 1" runs wider than "#4"
    plain = registry()["compare_images"].invoke({"asset_ids": ids}, ctx)
    unnumbered = np.asarray(Image.open(ctx.assets.path(plain.asset_id)).convert("RGB"))
    plain_ink = np.abs(unnumbered.astype(int) - (26, 26, 26)).max(axis=2) < 40

    def title_width(marks: np.ndarray) -> int:
        columns = np.flatnonzero(marks[bottom:, :half].any(axis=0))
        return int(columns[-1] - columns[0])

    assert title_width(plain_ink) > 2 * title_width(ink)


def test_a_comparison_is_not_numbered_as_an_ad(ctx: CapabilityContext) -> None:
    ids = [put(ctx, (500, 500), RED), put(ctx, (500, 500), BLUE)]
    result = registry()["compare_images"].invoke({"asset_ids": ids}, ctx)
    assert number_ads([*ids, result.asset_id], ctx.assets) == {ids[0]: 1, ids[1]: 2}


@pytest.mark.parametrize(
    ("count", "message"),
    [(1, "at least 2 items"), (5, "at most 4 items")],
)
def test_two_to_four_images(ctx: CapabilityContext, count: int, message: str) -> None:
    ids = [put(ctx, (300, 300), RED) for _ in range(count)]
    with pytest.raises(CapabilityError, match=message):
        registry()["compare_images"].invoke({"asset_ids": ids}, ctx)


def test_bad_ids_are_refused(ctx: CapabilityContext, services: Services) -> None:
    compare = registry()["compare_images"]
    mine = put(ctx, (300, 300), RED)
    with pytest.raises(CapabilityError, match="repeated"):
        compare.invoke({"asset_ids": [mine, mine]}, ctx)
    with pytest.raises(AssetNotFoundError, match="'img_nope'"):
        compare.invoke({"asset_ids": [mine, "img_nope"]}, ctx)
    stranger = services.capability_context("someone-else")
    theirs = put(stranger, (300, 300), BLUE)
    with pytest.raises(AssetNotFoundError, match=theirs):
        compare.invoke({"asset_ids": [mine, theirs]}, ctx)
    board = ctx.assets.put(b"{}", kind="storyboard", mime="application/json").id
    with pytest.raises(InvalidImageError, match="not an image"):
        compare.invoke({"asset_ids": [mine, board]}, ctx)
