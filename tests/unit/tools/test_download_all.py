"""download_images without ids: every numbered ad the gallery shows, then live images and videos.

A new user made #1..#4, then "make #1 darker" (#5): "download all" must hold #1 to #5 (the
earlier version too), the live image and the video, and say which ones it packed.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import zipfile

import pytest
from PIL import Image
from pydantic import ValidationError

from core.errors import CapabilityError
from core.images import encode_png
from core.schemas import DownloadImagesRequest, number_ranges
from tools.capabilities import download as download_module
from tools.capabilities.lineage import shown_caption
from tools.sdk import CapabilityContext, ThreadGallery, registry
from tools.services import Services


@pytest.fixture
def ctx(services: Services) -> CapabilityContext:
    return services.capability_context("default")


def ad(ctx: CapabilityContext, shade: int, theme: str, edit_of: str | None = None) -> str:
    recipe = {"theme": theme, "format": "square"}
    return ctx.assets.put(
        encode_png(Image.new("RGB", (200, 200), (shade, 90, 90))), kind="ad_image",
        mime="image/png", width=200, height=200, parameters={"recipe": recipe},
        parents=[edit_of] if edit_of else [], capability="edit_image" if edit_of else
        "generate_ad_images", caption=f"{theme} · square", tenant=ctx.tenant,
    ).id


def mp4(ctx: CapabilityContext, kind: str, parent: str, capability: str, body: bytes) -> str:
    return ctx.assets.put(body, kind=kind, mime="video/mp4", width=200, height=200,
                          parents=[parent], capability=capability, caption="loop",
                          tenant=ctx.tenant).id


@pytest.fixture
def thread(ctx: CapabilityContext) -> dict[str, str]:
    """#1..#4, #5 = #1 darker, a live image of #3, a video (of a storyboard)."""
    ids = {f"#{n}": ad(ctx, n * 40, theme) for n, theme in
           enumerate(("marble", "beach", "studio", "forest"), 1)}
    ids["#5"] = ad(ctx, 10, "marble", edit_of=ids["#1"])
    ids["live"] = mp4(ctx, "live_image", ids["#3"], "animate_image", b"live-mp4")
    board = ctx.assets.put(b"{}", kind="storyboard", mime="application/json",
                           tenant=ctx.tenant).id
    ids["video"] = mp4(ctx, "video_ad", board, "generate_video", b"video-mp4")
    return ids


def gallery(ids: dict[str, str], removed: frozenset[str] = frozenset()) -> ThreadGallery:
    numbers = {ids[f"#{n}"]: n for n in range(1, 6)}
    current = tuple(ids[k] for k in ("#2", "#3", "#4", "#5") if ids[k] not in removed)
    return ThreadGallery(numbers=numbers, current=current, removed=removed,
                        motion=(ids["live"], ids["video"]))


def unzip(ctx: CapabilityContext, asset_id: str) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(ctx.assets.read(asset_id)))


def test_download_all_packs_every_numbered_ad_then_the_live_image_and_the_video(
    ctx: CapabilityContext, thread: dict[str, str]
) -> None:
    chat = dataclasses.replace(ctx, gallery=gallery(thread))
    result = registry()["download_images"].invoke({}, chat)
    files = ["ad-01-marble.png", "ad-02-beach.png", "ad-03-studio.png", "ad-04-forest.png",
             "ad-05-marble.png", "live-01-of-03.mp4", "video-01.mp4"]
    assert result.files == files
    assert (result.count, result.numbers, result.live_images, result.videos) == (
        7, [1, 2, 3, 4, 5], 1, 1)
    archive = unzip(ctx, result.asset_id)
    assert archive.namelist() == [*files, "manifest.csv"]
    assert archive.read("ad-01-marble.png") == ctx.assets.read(thread["#1"])  # the earlier one
    assert archive.read("ad-05-marble.png") == ctx.assets.read(thread["#5"])
    assert archive.read("live-01-of-03.mp4") == b"live-mp4"
    assert archive.read("video-01.mp4") == b"video-mp4"
    rows = list(csv.DictReader(io.StringIO(archive.read("manifest.csv").decode())))
    assert [(r["file"], r["number"], r["asset_id"]) for r in rows] == [
        *((files[n - 1], str(n), thread[f"#{n}"]) for n in range(1, 6)),
        ("live-01-of-03.mp4", "", thread["live"]), ("video-01.mp4", "", thread["video"]),
    ]
    said = result.summary()
    assert "7 files: #1-#5, 1 live image, 1 video" in said
    assert ctx.assets.get(result.asset_id).caption == (
        "ZIP of 7 files: #1-#5, 1 live image, 1 video")


def test_an_ad_taken_out_of_the_gallery_or_deleted_for_good_stays_out(
    ctx: CapabilityContext, thread: dict[str, str]
) -> None:
    assert ctx.assets.delete(thread["#4"], ctx.tenant)
    chat = dataclasses.replace(ctx, gallery=gallery(thread, removed=frozenset({thread["#2"]})))
    result = registry()["download_images"].invoke({}, chat)
    assert result.numbers == [1, 3, 5]
    assert result.files[:3] == ["ad-01-marble.png", "ad-03-studio.png", "ad-05-marble.png"]


def test_the_latest_ones_only_are_the_latest_version_of_each_ad(
    ctx: CapabilityContext, thread: dict[str, str]
) -> None:
    chat = dataclasses.replace(ctx, gallery=gallery(thread))
    result = registry()["download_images"].invoke({"latest": True}, chat)
    assert result.numbers == [2, 3, 4, 5]
    assert (result.live_images, result.videos) == (0, 0)


def test_named_ids_are_exactly_those_even_an_earlier_version_and_a_live_image(
    ctx: CapabilityContext, thread: dict[str, str]
) -> None:
    chat = dataclasses.replace(ctx, gallery=gallery(thread))
    download = registry()["download_images"]
    two = download.invoke({"asset_ids": [thread["#2"], thread["#5"]]}, chat)
    assert (two.files, two.numbers, two.count) == (
        ["ad-02-beach.png", "ad-05-marble.png"], [2, 5], 2)
    assert two.contents() == "2 files: #2, #5"
    live = download.invoke({"asset_ids": [thread["#1"], thread["live"]]}, chat)
    assert live.files == ["ad-01-marble.png", "live-01-of-03.mp4"]


def test_the_manifest_caption_never_shows_a_rival_number_or_an_asset_id(
    ctx: CapabilityContext, thread: dict[str, str]
) -> None:
    old = ctx.assets.put(encode_png(Image.new("RGB", (50, 50))), kind="ad_image",
                         mime="image/png", caption="Variation 6 · Beach · square",
                         tenant=ctx.tenant).id
    live = ctx.assets.put(b"mp4", kind="live_image", mime="video/mp4", parents=[thread["#3"]],
                          caption=f"Live image of {thread['#3']}", tenant=ctx.tenant).id
    numbers = {thread["#3"]: 3, old: 7}
    chat = dataclasses.replace(ctx, gallery=ThreadGallery(numbers=numbers, motion=(live,)))
    result = registry()["download_images"].invoke({}, chat)
    rows = list(csv.DictReader(io.StringIO(unzip(ctx, result.asset_id).read("manifest.csv")
                                           .decode())))
    assert [(r["number"], r["caption"]) for r in rows] == [
        ("3", "studio · square"), ("7", "Beach · square"), ("", "Live image of #3")
    ]


def test_the_live_image_of_an_ad_taken_out_or_deleted_stays_out_too(
    ctx: CapabilityContext, thread: dict[str, str]
) -> None:
    download = registry()["download_images"]
    out = dataclasses.replace(ctx, gallery=gallery(thread, removed=frozenset({thread["#3"]})))
    result = download.invoke({}, out)
    assert (result.numbers, result.live_images, result.videos) == ([1, 2, 4, 5], 0, 1)
    assert "live-01-of-03.mp4" not in result.files
    assert ctx.assets.delete(thread["#3"], ctx.tenant)
    deleted = download.invoke({}, dataclasses.replace(ctx, gallery=gallery(thread)))
    assert (deleted.numbers, deleted.live_images, deleted.videos) == ([1, 2, 4, 5], 0, 1)


def test_a_thread_with_only_videos_packs_them(ctx: CapabilityContext) -> None:
    board = ctx.assets.put(b"{}", kind="storyboard", mime="application/json",
                           tenant=ctx.tenant).id
    video = mp4(ctx, "video_ad", board, "generate_video", b"only-video")
    chat = dataclasses.replace(ctx, gallery=ThreadGallery(motion=(video,)))
    result = registry()["download_images"].invoke({}, chat)
    assert (result.files, result.numbers, result.videos) == (["video-01.mp4"], [], 1)
    assert result.contents() == "1 file: 1 video"
    with pytest.raises(CapabilityError, match="no ad images in this conversation"):
        registry()["download_images"].invoke({"latest": True}, chat)


def test_more_than_100_files_is_refused_with_how_to_ask_for_fewer(
    ctx: CapabilityContext,
) -> None:
    ids = [ctx.assets.put(encode_png(Image.new("RGB", (8, 8), (n % 256, n // 256, 0))),
                          kind="ad_image", mime="image/png", tenant=ctx.tenant).id
           for n in range(101)]
    chat = dataclasses.replace(ctx, gallery=ThreadGallery(
        numbers={asset_id: n for n, asset_id in enumerate(ids, 1)}, current=tuple(ids)))
    download = registry()["download_images"]
    with pytest.raises(CapabilityError, match="101 files") as refused:
        download.invoke({}, chat)
    assert "download #1-#20" in refused.value.hint and "latest" in refused.value.hint
    assert download.invoke({"asset_ids": ids[:20]}, chat).count == 20  # fewer, by name


def test_more_than_400_mb_is_refused(
    ctx: CapabilityContext, thread: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # 400 MB of test files would be slow to write: the limit is shrunk to the 7 files' size
    sizes = sum(ctx.assets.get(asset_id).size for asset_id in thread.values())
    monkeypatch.setattr(download_module, "MAX_BYTES", sizes - 1)
    with pytest.raises(CapabilityError, match="more than one ZIP holds") as refused:
        registry()["download_images"].invoke({}, dataclasses.replace(ctx, gallery=gallery(thread)))
    assert "download #1-#20" in refused.value.hint
    monkeypatch.setattr(download_module, "MAX_BYTES", sizes)
    assert registry()["download_images"].invoke(
        {}, dataclasses.replace(ctx, gallery=gallery(thread))).count == 7


def test_latest_with_asset_ids_is_refused_with_a_clear_message() -> None:
    with pytest.raises(ValidationError, match="latest .* cannot be given with asset_ids"):
        DownloadImagesRequest(asset_ids=["img_0000000001"], latest=True)
    assert DownloadImagesRequest(latest=True).asset_ids is None


@pytest.mark.parametrize(("numbers", "said"), [
    ([1, 2, 3, 4, 5, 7], "#1-#5, #7"), ([2, 5], "#2, #5"), ([1, 2], "#1, #2"),
    ([1, 2, 3, 10, 11, 12, 13], "#1-#3, #10-#13"), ([4], "#4"),
])
def test_the_numbers_are_said_as_ranges(numbers: list[int], said: str) -> None:
    assert number_ranges(numbers) == said


def test_a_numbered_image_is_named_by_its_number_in_an_error(
    ctx: CapabilityContext, thread: dict[str, str]
) -> None:
    from tools.capabilities.video import load_storyboard

    chat = dataclasses.replace(ctx, gallery=gallery(thread))
    with pytest.raises(CapabilityError) as refused:
        load_storyboard(chat, thread["#2"])
    assert refused.value.message == "#2 is a ad_image, not a storyboard."


@pytest.mark.parametrize(("kind", "caption", "shown"), [
    ("live_image", "Live image of img_00000000a3", "Live image of #3"),
    ("live_image", "Live image of img_00000000ff", "Live image of the image"),
    ("video_preview", "preview of vid_00000000b1", "preview of the image"),
    ("video_poster", "poster of img_00000000a3", "poster of #3"),
    ("comparison", "Side by side: img_00000000a3, #5", "Side by side: #3, #5"),
    # an upload keeps its file name, even one the API's own download gave it
    ("product_photo", "img_00000000a3.png", "img_00000000a3.png"),
    ("product_photo", "bottle img_00000000a3", "bottle img_00000000a3"),
    ("live_image", "Live image of img_00000000a3, again", "Live image of img_00000000a3, again"),
])
def test_only_the_old_fixed_captions_lose_their_ids(
    ctx: CapabilityContext, kind: str, caption: str, shown: str
) -> None:
    asset = ctx.assets.put(caption.encode(), kind=kind, mime="application/octet-stream",
                           caption=caption, tenant=ctx.tenant)
    assert shown_caption(asset, {"img_00000000a3": 3}) == shown
