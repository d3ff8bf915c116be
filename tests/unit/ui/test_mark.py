"""The "Mark the product" panel without a server: clicks become a box kept with the photo."""

from __future__ import annotations

import os

import gradio as gr
import numpy as np
import pytest
from PIL import Image

from agent.runtime import AgentRuntime
from core.images import encode_png
from core.storage.seed_box import seed_box
from ui.mark import NO_PHOTO, ProductMarker, box_of, draw_marks, photo_name, to_photo

WIDTH, HEIGHT = 1800, 1200  # larger than the preview, so clicks must be scaled back
PREVIEW = (720, 480)  # 1800x1200 shrunk to 720 px on its longest side

NAME = "two\\.png"  # the upload, by its file name, its dot escaped for Markdown


def two_products() -> Image.Image:
    photo = np.full((HEIGHT, WIDTH, 3), 247, np.uint8)
    photo[300:900, 200:700] = (200, 40, 40)
    photo[400:840, 1120:1520] = (40, 70, 190)
    return Image.fromarray(photo)


def click(x: int, y: int) -> gr.SelectData:
    return gr.SelectData(None, {"index": [x, y], "value": None})


@pytest.fixture
def marker(runtime: AgentRuntime) -> ProductMarker:
    return ProductMarker(runtime)


@pytest.fixture
def thread(runtime: AgentRuntime) -> tuple[str, str]:
    """A thread where a photo of two products was attached; its id and the photo's."""
    photo = runtime.upload(encode_png(two_products()), "two.png")
    thread = runtime.new_thread()
    list(runtime.stream(thread, "", [photo]))
    return thread, photo.id


def test_a_click_on_the_preview_lands_on_the_same_spot_of_the_photo() -> None:
    assert to_photo([0, 0], PREVIEW, (WIDTH, HEIGHT)) == [0, 0]
    assert to_photo([360, 240], PREVIEW, (WIDTH, HEIGHT)) == [900, 600]
    assert to_photo([719, 479], PREVIEW, (WIDTH, HEIGHT)) == [1797, 1197]
    assert to_photo(None, PREVIEW, (WIDTH, HEIGHT)) is None


def test_two_corners_in_any_order_span_the_box_including_both() -> None:
    assert box_of([[700, 500], [100, 50]], (900, 600)) == (100, 50, 701, 501)
    assert box_of([[899, 599], [0, 0]], (900, 600)) == (0, 0, 900, 600)


def test_the_preview_dims_what_is_outside_the_box() -> None:
    preview = Image.new("RGB", (450, 300), (200, 200, 200))
    shown = np.asarray(draw_marks(preview, (900, 600), [], (200, 100, 600, 400)))
    assert tuple(shown[150, 200]) == (200, 200, 200)  # inside the box: as it is
    assert shown[20, 20].max() < 160  # outside: darker
    assert tuple(shown[50, 150]) != (200, 200, 200)  # the box's edge is drawn


def test_without_a_photo_the_panel_asks_for_one(marker: ProductMarker,
                                                runtime: AgentRuntime) -> None:
    image, marks, status, _ = marker.refresh(runtime.new_thread(), None)
    assert image is None and marks == {} and status == NO_PHOTO
    assert marker.refresh(None, None)[2] == NO_PHOTO


def test_two_clicks_and_use_keep_the_box_with_the_latest_photo_and_say_so(
    marker: ProductMarker, runtime: AgentRuntime, thread: tuple[str, str]
) -> None:
    thread_id, photo_id = thread
    image, marks, status, use = marker.refresh(thread_id, None)
    assert marks["photo"] == photo_id and photo_id in status
    with Image.open(image) as shown:
        assert shown.size == PREVIEW
    assert use.interactive is False
    _, marks, status, _ = marker.click(marks, click(100, 200))
    assert "opposite corner" in status
    image, marks, status, use = marker.click(marks, click(600, 400))
    # the corners on the 1800x1200 photo: preview pixels times 2.5
    expected = (250, 500, 1501, 1001)
    assert ",".join(map(str, expected)) in status and use.interactive is True
    history, *_ = marker.use(marks, [{"role": "user", "content": "hi"}])
    assert seed_box(runtime.services.assets.get(photo_id)) == expected
    assert history[-1]["content"] == (
        f"✂️ Marked the product on photo “{NAME}”: box {','.join(map(str, expected))}; "
        "the next ads cut out only what is inside."
    )
    # reopened later, the panel shows the box kept with the photo
    _, _, status, _ = ProductMarker(runtime).refresh(thread_id, None)
    assert "is marked" in status and ",".join(map(str, expected)) in status


def test_a_redraw_never_rewrites_a_picture_the_browser_may_be_fetching(
    marker: ProductMarker, thread: tuple[str, str]
) -> None:
    first, marks, _, _ = marker.refresh(thread[0], None)
    written = os.stat(first).st_mtime_ns, os.stat(first).st_ino
    again, _, _, _ = marker.refresh(thread[0], marks)  # the same picture: the same file
    assert again == first and (os.stat(first).st_mtime_ns, os.stat(first).st_ino) == written
    clicked, _, _, _ = marker.click(marks, click(100, 200))
    assert clicked != first  # a new picture is a new file; the old one stays whole
    with Image.open(first) as old, Image.open(clicked) as new:
        assert old.size == new.size == PREVIEW
        assert np.asarray(old).tolist() != np.asarray(new).tolist()


def test_a_third_click_starts_over(marker: ProductMarker, thread: tuple[str, str]) -> None:
    _, marks, _, _ = marker.refresh(thread[0], None)
    for x, y in ((10, 10), (300, 300), (500, 100)):
        _, marks, _, _ = marker.click(marks, click(x, y))
    assert marks["points"] == [[1250, 250]]


def test_a_box_too_small_is_refused_in_the_panel_not_the_chat(
    marker: ProductMarker, runtime: AgentRuntime, thread: tuple[str, str]
) -> None:
    _, marks, _, _ = marker.refresh(thread[0], None)
    _, marks, _, _ = marker.click(marks, click(100, 100))
    _, marks, _, _ = marker.click(marks, click(101, 101))
    history, _, _, status, _ = marker.use(marks, [])
    assert history == [] and status.startswith("⚠️") and "too small" in status
    assert seed_box(runtime.services.assets.get(thread[1])) is None


def test_clear_removes_the_kept_box_and_says_so(
    marker: ProductMarker, runtime: AgentRuntime, thread: tuple[str, str]
) -> None:
    _, marks, _, _ = marker.refresh(thread[0], None)
    _, marks, _, _ = marker.click(marks, click(100, 200))
    _, marks, _, _ = marker.click(marks, click(600, 400))
    history, _, marks, _, _ = marker.use(marks, [])
    history, _, marks, status, use = marker.clear(marks, history)
    assert seed_box(runtime.services.assets.get(thread[1])) is None
    assert history[-1]["content"].startswith(f"✂️ Cleared the box on photo “{NAME}”:")
    assert thread[1] not in history[-1]["content"] and len(history) == 2  # named, not by id
    assert marks["points"] == [] and use.interactive is False
    history, *_ = marker.clear(marks, history)  # nothing kept: nothing more to say
    assert len(history) == 2


def test_a_photo_deleted_meanwhile_empties_the_panel(
    marker: ProductMarker, runtime: AgentRuntime, thread: tuple[str, str]
) -> None:
    _, marks, _, _ = marker.refresh(thread[0], None)
    assert runtime.services.assets.delete(thread[1], runtime.settings.tenant)
    assert marker.click(marks, click(10, 10))[1:3] == ({}, NO_PHOTO)
    assert marker.refresh(thread[0], marks)[1:3] == ({}, NO_PHOTO)


def test_a_photo_without_a_file_name_is_the_photo_you_uploaded(runtime: AgentRuntime) -> None:
    store = runtime.services.assets
    nameless = store.put(encode_png(two_products()), kind="product_photo", mime="image/png").id
    assert photo_name(store, nameless) == "the photo you uploaded"
    assert photo_name(store, "img_0000000000") == "the photo you uploaded"  # gone since
