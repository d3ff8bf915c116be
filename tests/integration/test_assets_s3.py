"""Asset bytes in an S3 bucket (moto's server on loopback), shared by replicas (issue 25).

Each replica keeps the bytes it has seen in its own data dir (a cache); the bucket is the
copy every replica reads. The suite's AWS guard refuses every botocore request except
those to 127.0.0.1.
"""

from __future__ import annotations

import threading
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import boto3
import httpx
import pytest
from PIL import ImageOps
from pydantic import ValidationError

from agent.runtime import AgentRuntime
from api.auth import key_store
from core.errors import AssetNotFoundError
from core.images import encode_png
from core.settings import Settings
from core.storage.assets import Asset, AssetStore
from core.storage.blobs import BlobStoreError, S3Blobs
from evals.recipes import bottle_on_white
from tests.moto_s3 import loopback_s3
from tests.servers import free_port, serve_api
from tools.services import build_services

BUCKET = "ad-assets"
PHOTO = encode_png(bottle_on_white()[0])


@pytest.fixture
def s3(moto_endpoint: str, monkeypatch: pytest.MonkeyPatch) -> Any:
    """An S3 client on moto with an empty bucket; botocore may reach loopback only."""
    return loopback_s3(moto_endpoint, monkeypatch, BUCKET)


def _store(tmp_path: Path, name: str) -> AssetStore:
    """A replica's asset store: its own cache folder, the shared index and bucket."""
    index = tmp_path / "shared-index.sqlite"
    return AssetStore(tmp_path / name, index, S3Blobs(tmp_path / name, f"s3://{BUCKET}/prod"))


def test_bytes_one_replica_stores_are_read_by_another_from_the_bucket(
    s3: Any, tmp_path: Path
) -> None:
    a, b = _store(tmp_path, "a"), _store(tmp_path, "b")
    asset = a.put(PHOTO, kind="product_photo", mime="image/png", tenant="acme")
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket=BUCKET)["Contents"]]
    assert keys == [f"prod/blobs/{asset.sha256[:2]}/{asset.sha256}.png"]
    assert not (tmp_path / "b" / "blobs").exists()  # B has not seen it yet
    assert b.read(asset.id, "acme") == PHOTO  # fetched once, then cached
    assert b.path(asset.id, "acme").is_file()
    again = b.put(PHOTO, kind="product_photo", mime="image/png", tenant="acme")
    assert len(s3.list_objects_v2(Bucket=BUCKET)["Contents"]) == 1  # same bytes, one object
    assert b.delete(asset.id, "acme") and b.delete(again.id, "acme")
    assert s3.list_objects_v2(Bucket=BUCKET).get("Contents", []) == []  # last user: gone
    with pytest.raises(AssetNotFoundError):
        a.path(asset.id, "acme")


def test_a_missing_bucket_is_a_clear_error_and_nothing_is_indexed(
    s3: Any, tmp_path: Path
) -> None:
    store = AssetStore(tmp_path / "a", tmp_path / "index.sqlite",
                       S3Blobs(tmp_path / "a", "s3://no-such-bucket/x"))
    with pytest.raises(BlobStoreError, match="s3://no-such-bucket/x/blobs/"):
        store.put(PHOTO, kind="product_photo", mime="image/png")
    assert store.list() == []


def test_only_an_s3_uri_is_taken_as_the_assets_uri() -> None:
    assert Settings(assets_uri=f"s3://{BUCKET}/prod").storage.assets_uri == f"s3://{BUCKET}/prod"
    for wrong in ("/srv/assets", "s3://", "https://bucket.example/x"):
        with pytest.raises(ValidationError, match="s3://bucket/prefix"):
            Settings(assets_uri=wrong)


def test_an_upload_to_one_replica_downloads_from_the_other(
    s3: Any, tmp_path: Path, postgres_url: str
) -> None:
    with ExitStack() as stack:
        servers = []
        for name in ("a", "b"):
            settings = Settings(data_dir=tmp_path / name, api_auth="keys",
                                database_url=postgres_url, assets_uri=f"s3://{BUCKET}/prod")
            runtime = AgentRuntime(settings, services=build_services(settings))
            servers.append(stack.enter_context(serve_api(runtime, settings=settings)))
        _record, key = key_store(settings).create("alice")
        headers = {"Authorization": f"Bearer {key}"}
        on_a = stack.enter_context(httpx.Client(base_url=servers[0].url, headers=headers))
        on_b = stack.enter_context(httpx.Client(base_url=servers[1].url, headers=headers))
        made = on_a.post("/v1/assets", files={"file": ("bottle.png", PHOTO, "image/png")})
        assert made.status_code == 201, made.text
        asset = made.json()["id"]
        shown = on_b.get(f"/v1/assets/{asset}/content")
        assert shown.status_code == 200 and shown.content == PHOTO
        assert [a["id"] for a in on_b.get("/v1/assets").json()["items"]] == [asset]


def test_presigned_links_send_the_bytes_from_the_bucket_not_the_api(
    s3: Any, tmp_path: Path, moto_endpoint: str
) -> None:
    settings = Settings(data_dir=tmp_path / "a", assets_uri=f"s3://{BUCKET}/prod",
                        asset_urls="s3")
    runtime = AgentRuntime(settings, services=build_services(settings))
    with serve_api(runtime, settings=settings) as api, httpx.Client(base_url=api.url) as client:
        made = client.post("/v1/assets", files={"file": ("bottle.png", PHOTO, "image/png")})
        assert made.status_code == 201, made.text
        link = made.json()["url"]
        assert link.startswith(f"{moto_endpoint}/{BUCKET}/prod/blobs/")
        assert "Signature" in link and api.url not in link
        fetched = httpx.get(link)
        assert fetched.status_code == 200 and fetched.content == PHOTO
        assert fetched.headers["content-type"] == "image/png"
    with pytest.raises(ValidationError, match="ADSTUDIO_ASSETS_URI"):
        Settings(asset_urls="s3")  # nothing to presign for


def test_bytes_the_bucket_lost_or_cannot_give_are_not_called_the_clients_fault(
    s3: Any, tmp_path: Path, postgres_url: str
) -> None:
    # replica b has never seen the asset: it must fetch the bytes from the bucket. When the
    # bucket lost them, it is the same 404 content_missing as a data dir that lost a file;
    # when the bucket cannot be reached, the service is unavailable (503), not a 400
    with ExitStack() as stack:
        servers, runtimes = [], []
        for name in ("a", "b"):
            settings = Settings(data_dir=tmp_path / name, api_auth="keys",
                                database_url=postgres_url, assets_uri=f"s3://{BUCKET}/prod")
            runtimes.append(AgentRuntime(settings, services=build_services(settings)))
            servers.append(stack.enter_context(serve_api(runtimes[-1], settings=settings)))
        _record, key = key_store(settings).create("alice")
        headers = {"Authorization": f"Bearer {key}"}
        on_a = stack.enter_context(httpx.Client(base_url=servers[0].url, headers=headers))
        on_b = stack.enter_context(httpx.Client(base_url=servers[1].url, headers=headers))
        lost = on_a.post("/v1/assets", files={"file": ("bottle.png", PHOTO, "image/png")})
        for item in s3.list_objects_v2(Bucket=BUCKET).get("Contents", []):
            s3.delete_object(Bucket=BUCKET, Key=item["Key"])
        gone = on_b.get(f"/v1/assets/{lost.json()['id']}/content")
        assert gone.status_code == 404 and gone.json()["error"]["code"] == "content_missing"

        other = encode_png(ImageOps.mirror(bottle_on_white()[0]))  # bytes b never cached
        kept = on_a.post("/v1/assets", files={"file": ("mirrored.png", other, "image/png")})
        nowhere = boto3.client("s3", region_name="us-east-1",  # nothing listens on that port
                               endpoint_url=f"http://127.0.0.1:{free_port()}")
        runtimes[1].services.assets.blobs._client = nowhere  # type: ignore[attr-defined]
        down = on_b.get(f"/v1/assets/{kept.json()['id']}/content")
        assert down.status_code == 503 and down.json()["error"]["code"] == "unavailable"
        assert "s3://" in down.json()["error"]["message"]


def test_bytes_saved_again_while_their_last_asset_is_deleted_stay_in_the_bucket(
    s3: Any, tmp_path: Path
) -> None:
    # replica a deletes the last asset of some bytes while replica b stores the same bytes
    # anew (bob uploads the photo alice deletes): b's asset must keep its bytes in the
    # bucket, for every replica that has not seen them
    a, b = _store(tmp_path, "a"), _store(tmp_path, "b")
    old = a.put(PHOTO, kind="product_photo", mime="image/png", tenant="alice")
    made: list[Asset] = []
    delete_bytes = a.blobs.delete

    def delete_while_b_stores_them(sha256: str, mime: str) -> None:
        saving = threading.Thread(target=lambda: made.append(
            b.put(PHOTO, kind="product_photo", mime="image/png", tenant="bob")))
        saving.start()
        saving.join(timeout=3)  # b goes as far as it can before a deletes the bytes
        delete_bytes(sha256, mime)
        threads.append(saving)

    threads: list[threading.Thread] = []
    a.blobs.delete = delete_while_b_stores_them  # type: ignore[method-assign]
    assert a.delete(old.id, "alice")
    threads[0].join(timeout=30)
    assert len(made) == 1
    assert _store(tmp_path, "c").read(made[0].id, "bob") == PHOTO  # a replica with no cache


def test_readiness_says_when_the_asset_bucket_cannot_be_reached(
    s3: Any, tmp_path: Path
) -> None:
    for bucket, status, said in ((BUCKET, 200, "ok"), ("no-such-bucket", 503, "unavailable")):
        settings = Settings(data_dir=tmp_path / bucket, assets_uri=f"s3://{bucket}/prod")
        runtime = AgentRuntime(settings, services=build_services(settings))
        with serve_api(runtime, settings=settings) as api:
            ready = httpx.get(f"{api.url}/readyz")
        assert ready.status_code == status and ready.json()["checks"]["bucket"] == said
