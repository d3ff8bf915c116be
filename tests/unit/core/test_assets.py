"""The asset store: content-addressed bytes, metadata, lineage and tenants."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from core.errors import AssetNotFoundError
from core.storage.assets import AssetStore
from core.storage.blobs import LocalBlobs


def test_put_get_read_roundtrip(tmp_path: Path) -> None:
    store = AssetStore(tmp_path)
    asset = store.put(b"\x89PNG fake", kind="ad_image", mime="image/png", width=10, height=20,
                      parents=["img_parent0000"], capability="generate_ad_images",
                      parameters={"recipe": {"theme": "beach"}}, caption="Variation 1")
    again = store.get(asset.id)
    assert again == asset
    assert store.read(asset.id) == b"\x89PNG fake"
    assert again.parents == ["img_parent0000"] and again.parameters["recipe"]["theme"] == "beach"
    assert asset.id.startswith("img_")


def test_identical_bytes_share_a_file_but_not_an_id(tmp_path: Path) -> None:
    store = AssetStore(tmp_path)
    first = store.put(b"same", kind="ad_image", mime="image/png")
    second = store.put(b"same", kind="ad_image", mime="image/png", parents=[first.id])
    assert first.id != second.id
    assert store.path(first.id) == store.path(second.id)
    assert len(list((tmp_path / "blobs").rglob("*.png"))) == 1


def test_unknown_and_foreign_ids_are_not_found(tmp_path: Path) -> None:
    store = AssetStore(tmp_path)
    asset = store.put(b"x", kind="product_photo", mime="image/png", tenant="acme")
    with pytest.raises(AssetNotFoundError, match="no asset with the id 'img_nope'"):
        store.get("img_nope")
    with pytest.raises(AssetNotFoundError):
        store.get(asset.id, tenant="other")
    assert store.get(asset.id, tenant="acme").tenant == "acme"


def test_store_survives_reopening_and_lists_newest_first(tmp_path: Path) -> None:
    store = AssetStore(tmp_path)
    ids = [store.put(bytes([i]), kind="ad_image", mime="image/png").id for i in range(3)]
    reopened = AssetStore(tmp_path)
    assert [a.id for a in reopened.list()] == ids[::-1]
    assert reopened.list(tenant="nobody") == []


def test_delete_forgets_the_asset_and_frees_unshared_bytes(tmp_path: Path) -> None:
    store = AssetStore(tmp_path)
    shared_a = store.put(b"same", kind="ad_image", mime="image/png", tenant="acme")
    shared_b = store.put(b"same", kind="ad_image", mime="image/png", tenant="acme")
    alone = store.put(b"alone", kind="ad_image", mime="image/png", tenant="acme",
                      parents=[shared_a.id])
    assert not store.delete(alone.id, "globex")  # another tenant's id: nothing happens
    assert store.read(alone.id) == b"alone"
    path = store.path(alone.id)
    assert store.delete(alone.id, "acme") and not path.exists()
    with pytest.raises(AssetNotFoundError):
        store.get(alone.id)
    assert not store.delete(alone.id, "acme")
    assert store.delete(shared_a.id, "acme")
    assert store.read(shared_b.id) == b"same"  # the bytes stay while another asset has them


class _SlowUpload(LocalBlobs):
    """Bytes whose first upload is slow (a bucket far away); ``meanwhile`` runs during it."""

    def __init__(self, root: Path, meanwhile: Callable[[], None]) -> None:
        super().__init__(root)
        self.meanwhile, self.uploads = meanwhile, 0

    def put(self, data: bytes, sha256: str, mime: str) -> Path:
        self.uploads += 1
        if self.uploads == 1:
            self.meanwhile()
        return super().put(data, sha256, mime)


def test_other_assets_are_saved_while_one_uploads_its_bytes(tmp_path: Path) -> None:
    # with the index in one SQLite file and the bytes in a bucket, a slow upload must not hold
    # the index's write lock: other saves (another user's upload, a new ad) go on meanwhile
    saved: list[str] = []

    def another_save() -> None:
        other = AssetStore(tmp_path / "other", tmp_path / "index.sqlite")
        worker = threading.Thread(target=lambda: saved.append(
            other.put(b"other bytes", kind="ad_image", mime="image/png").id))
        worker.start()
        worker.join(timeout=10)  # the index's lock would keep it waiting 30 s
        assert saved, "another asset could not be saved during the upload"

    store = AssetStore(tmp_path / "a", tmp_path / "index.sqlite")
    store.blobs = _SlowUpload(tmp_path / "a", another_save)
    asset = store.put(b"big photo", kind="product_photo", mime="image/png")
    assert store.read(asset.id) == b"big photo" and store.get(saved[0]).kind == "ad_image"


def test_bytes_deleted_between_upload_and_index_are_stored_again(tmp_path: Path) -> None:
    # the last asset with some bytes is deleted (with its bytes) while a new asset with the
    # same bytes uploads them: the new asset still finds its bytes
    store = AssetStore(tmp_path)
    old = store.put(b"same bytes", kind="ad_image", mime="image/png")
    store.blobs = _SlowUpload(tmp_path, lambda: store.delete(old.id, "default"))
    new = store.put(b"same bytes", kind="ad_image", mime="image/png")
    assert store.read(new.id) == b"same bytes"
