"""download_images: a ZIP of PNGs named by number and theme, with a safe manifest."""

from __future__ import annotations

import csv
import dataclasses
import io
import zipfile

import pytest
from PIL import Image

from core.errors import AssetNotFoundError, CapabilityError, InvalidImageError
from core.images import encode_png
from core.spreadsheet import spreadsheet_safe
from tools.sdk import CapabilityContext, ThreadGallery, registry
from tools.services import Services


@pytest.fixture
def ctx(services: Services) -> CapabilityContext:
    return services.capability_context("default")


def put(ctx: CapabilityContext, color: tuple[int, int, int], *, theme: str = "studio",
        caption: str = "", mime: str = "image/png") -> str:
    image = Image.new("RGB", (400, 400), color)
    data = encode_png(image)
    if mime == "image/jpeg":
        buffer = io.BytesIO()
        image.save(buffer, "JPEG")
        data = buffer.getvalue()
    recipe = {"theme": theme, "format": "square"}
    return ctx.assets.put(data, kind="ad_image", mime=mime, width=400, height=400,
                          parameters={"recipe": recipe}, caption=caption,
                          tenant=ctx.tenant).id


def unzip(ctx: CapabilityContext, asset_id: str) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(ctx.assets.read(asset_id)))


def test_the_named_images_are_packed_in_order_as_numbered_pngs(ctx: CapabilityContext) -> None:
    ids = [put(ctx, (200, 0, 0), theme="marble"), put(ctx, (0, 0, 200), theme="hiking trail")]
    numbered = dataclasses.replace(ctx, gallery=ThreadGallery(numbers={ids[0]: 2, ids[1]: 11}))
    result = registry()["download_images"].invoke({"asset_ids": ids}, numbered)
    names = ["ad-02-marble.png", "ad-11-hiking-trail.png"]
    assert (result.count, result.files) == (2, names)
    stored = ctx.assets.get(result.asset_id)
    assert (stored.kind, stored.mime, stored.parents) == ("archive", "application/zip", ids)
    assert stored.size == result.bytes and ctx.assets.path(result.asset_id).suffix == ".zip"
    archive = unzip(ctx, result.asset_id)
    assert archive.namelist() == [*names, "manifest.csv"]
    for name, asset_id in zip(names, ids, strict=True):
        assert archive.read(name) == ctx.assets.read(asset_id)  # the stored PNG, byte for byte
    rows = list(csv.DictReader(io.StringIO(archive.read("manifest.csv").decode())))
    assert [(r["file"], r["number"], r["asset_id"]) for r in rows] == [
        (names[0], "2", ids[0]), (names[1], "11", ids[1])
    ]


def test_without_ids_every_numbered_ad_is_packed_and_latest_keeps_the_current_versions(
    ctx: CapabilityContext,
) -> None:
    first, second, edit = (put(ctx, (i * 60, 80, 80)) for i in range(3))
    gallery = ThreadGallery(numbers={first: 1, second: 2, edit: 3}, current=(first, edit))
    chat = dataclasses.replace(ctx, gallery=gallery)
    result = registry()["download_images"].invoke({}, chat)
    assert result.files == ["ad-01-studio.png", "ad-02-studio.png", "ad-03-studio.png"]
    assert unzip(ctx, result.asset_id).read("ad-03-studio.png") == ctx.assets.read(edit)
    latest = registry()["download_images"].invoke({"latest": True}, chat)
    assert latest.files == ["ad-01-studio.png", "ad-03-studio.png"]


def test_images_without_a_number_are_named_by_position_and_converted_to_png(
    ctx: CapabilityContext,
) -> None:
    photo = put(ctx, (10, 120, 10), mime="image/jpeg")
    result = registry()["download_images"].invoke({"asset_ids": [photo]}, ctx)
    assert result.files == ["ad-01-studio.png"]
    data = unzip(ctx, result.asset_id).read("ad-01-studio.png")
    assert data.startswith(b"\x89PNG")
    assert Image.open(io.BytesIO(data)).size == (400, 400)


def test_manifest_cells_that_spreadsheets_would_run_are_neutralised(
    ctx: CapabilityContext,
) -> None:
    ids = [put(ctx, (1, 2, 3), caption='=HYPERLINK("http://x","click")'),
           put(ctx, (3, 2, 1), caption="@SUM(A1)"), put(ctx, (9, 9, 9), caption="Variation 1")]
    result = registry()["download_images"].invoke({"asset_ids": ids}, ctx)
    rows = list(csv.DictReader(io.StringIO(unzip(ctx, result.asset_id).read("manifest.csv")
                                           .decode())))
    assert [r["caption"] for r in rows] == [
        "'=HYPERLINK(\"http://x\",\"click\")", "'@SUM(A1)", "Variation 1"
    ]
    assert [spreadsheet_safe(v) for v in ("+1", "-2", "\tx", "ok", 5)] == ["'+1", "'-2", "'\tx",
                                                                         "ok", 5]


def test_without_a_conversation_or_images_the_error_says_what_to_do(
    ctx: CapabilityContext,
) -> None:
    download = registry()["download_images"]
    with pytest.raises(CapabilityError, match="not part of a conversation") as caught:
        download.invoke({}, ctx)
    assert "asset ids" in caught.value.hint
    with pytest.raises(CapabilityError, match="no ad images, live images or videos in this"):
        download.invoke({}, dataclasses.replace(ctx, gallery=ThreadGallery()))


def test_bad_ids_are_refused(ctx: CapabilityContext, services: Services) -> None:
    download = registry()["download_images"]
    mine = put(ctx, (5, 5, 5))
    with pytest.raises(CapabilityError, match="at most 50 items"):
        download.invoke({"asset_ids": [mine] * 51}, ctx)
    with pytest.raises(CapabilityError, match="repeated"):
        download.invoke({"asset_ids": [mine, mine]}, ctx)
    theirs = put(services.capability_context("someone-else"), (7, 7, 7))
    with pytest.raises(AssetNotFoundError, match=theirs):
        download.invoke({"asset_ids": [mine, theirs]}, ctx)
    board = ctx.assets.put(b"{}", kind="storyboard", mime="application/json").id
    with pytest.raises(InvalidImageError, match="not an image"):
        download.invoke({"asset_ids": [board]}, ctx)
    assert not [a for a in ctx.assets.list(limit=100) if a.kind == "archive"]  # nothing stored
