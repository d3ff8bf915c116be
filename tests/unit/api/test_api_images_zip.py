"""GET /v1/threads/{id}/images.zip, read directly: its default, ``?all=true`` and its errors.

The default is as before "download all" changed: the latest version of each ad, PNGs
only; ``all=true`` is what the chat's "download all" packs.
"""

from __future__ import annotations

import io
import zipfile
from types import SimpleNamespace
from typing import Any

import pytest
from PIL import Image

from api.errors import ApiError
from api.routes import threads
from core.errors import CapabilityError
from core.images import encode_png
from core.storage.assets import AssetStore
from tools.capabilities import download
from tools.sdk import ThreadGallery
from tools.services import Services

TENANT = "default"


def ad(store: AssetStore, shade: int, edit_of: str | None = None) -> str:
    return store.put(encode_png(Image.new("RGB", (40, 40), (shade, 0, 0))), kind="ad_image",
                     mime="image/png", parameters={"recipe": {"theme": "marble"}},
                     parents=[edit_of] if edit_of else [],
                     capability="edit_image" if edit_of else "generate_ad_images",
                     tenant=TENANT).id


def live(store: AssetStore, parent: str) -> str:
    return store.put(b"live-" + parent.encode(), kind="live_image", mime="video/mp4",
                     parents=[parent], capability="animate_image", tenant=TENANT).id


def zip_of(services: Services, gallery: ThreadGallery, monkeypatch: pytest.MonkeyPatch,
           everything: bool = False) -> list[str]:
    """The file names of the thread's ZIP (the manifest not counted)."""
    monkeypatch.setattr(threads, "owned_thread", lambda *_: None)
    runtime = SimpleNamespace(gallery=lambda *_: gallery, services=services)
    ctx: Any = SimpleNamespace(runtime=runtime)
    caller: Any = SimpleNamespace(tenant=TENANT)
    data = threads._images_zip(ctx, caller, "t", everything)
    return zipfile.ZipFile(io.BytesIO(data)).namelist()[:-1]


@pytest.fixture
def edited(services: Services) -> ThreadGallery:
    """#1, #2, #3 = #1 edited, and a live image of #2."""
    store = services.assets
    first = ad(store, 10)
    second = ad(store, 20)
    third = ad(store, 30, edit_of=first)
    return ThreadGallery(numbers={first: 1, second: 2, third: 3}, current=(second, third),
                         motion=(live(store, second),))


def test_by_default_the_latest_version_of_each_ad_as_pngs_only(
    services: Services, edited: ThreadGallery, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert zip_of(services, edited, monkeypatch) == ["ad-02-marble.png", "ad-03-marble.png"]


def test_all_true_is_what_the_chats_download_all_packs(
    services: Services, edited: ThreadGallery, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert zip_of(services, edited, monkeypatch, everything=True) == [
        "ad-01-marble.png", "ad-02-marble.png", "ad-03-marble.png", "live-01-of-02.mp4"]


def test_a_thread_with_only_live_images_says_so_and_packs_them_with_all(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = services.assets
    source = ad(store, 50)  # an upload-like ad of another thread: this one has no ads
    motion_only = ThreadGallery(motion=(live(store, source),))
    with pytest.raises(ApiError) as caught:
        zip_of(services, motion_only, monkeypatch)
    assert (caught.value.status, caught.value.code) == (404, "no_images")
    assert caught.value.message == "The thread has no ad images yet, only live images or videos."
    assert "all=true" in caught.value.hint
    assert zip_of(services, motion_only, monkeypatch, everything=True) == ["live-01.mp4"]
    with pytest.raises(ApiError) as empty:
        zip_of(services, ThreadGallery(), monkeypatch, everything=True)
    assert empty.value.message == "The thread has no ad images, live images or videos yet."


def test_all_true_above_the_limit_is_refused_with_how_to_ask_for_less(
    services: Services, edited: ThreadGallery, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(download, "MAX_FILES", 3)  # 4 files with all=true, 2 without
    with pytest.raises(CapabilityError, match="4 files") as refused:
        zip_of(services, edited, monkeypatch, everything=True)
    assert "Leave out all=true" in refused.value.hint
    assert len(zip_of(services, edited, monkeypatch)) == 2
