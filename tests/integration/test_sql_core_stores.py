"""The core stores (asset index, brand kits, video jobs) on an SQLite file and on PostgreSQL.

Every ``database_url`` test runs twice (issue 25): the same code, the same expectations. The
``old_*`` tests open a data dir as an adstudio from before migrations left it (the old
schema, a row, no version table) and read it.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from sqlalchemy import Engine, inspect, text
from typer.testing import CliRunner

from api.db import sql_stores
from batch import job_costs
from batch.store import BatchJobStore
from cli.app import app
from core.errors import AssetNotFoundError
from core.images import encode_png
from core.settings import Settings, get_settings
from core.storage.assets import SCHEMA as ASSETS_SCHEMA
from core.storage.assets import AssetStore
from core.storage.brandkit import SCHEMA as KITS_SCHEMA
from core.storage.brandkit import BrandKit, BrandKitStore
from core.storage.database import make_engine
from core.storage.jobs import SCHEMA as JOBS_SCHEMA
from core.storage.jobs import (
    JobConflictError,
    VideoJob,
    VideoJobNotFoundError,
    VideoJobStore,
    video_jobs_url,
)
from core.storage.migrations import current
from evals.recipes import bottle_on_white
from tests.concurrency import together
from tools.services import build_services


def _racing_a_writer(
    url: str, change: str, values: dict[str, Any], work: Callable[[], Any]
) -> None:
    """Run ``work`` while another PostgreSQL transaction holds ``change`` uncommitted.

    ``work`` reads the row as last committed, then waits on the other writer's row lock; the
    other writer commits once ``work`` is seen waiting, so ``work`` writes after it.
    """
    engine = make_engine(url)
    with engine.connect() as other:
        other.begin()
        other.execute(text(change), values)
        worker = threading.Thread(target=work)
        worker.start()
        deadline = time.monotonic() + 20
        while not _waiting_on_a_lock(engine) and time.monotonic() < deadline:
            time.sleep(0.05)
        other.commit()
    worker.join(20)
    engine.dispose()


def _waiting_on_a_lock(engine: Engine) -> bool:
    """Whether a connection to the test's database waits on a lock."""
    with engine.connect() as db:
        return bool(db.execute(text(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
            "AND datname = current_database()")).scalar())


# --- the asset index ------------------------------------------------------------------------


def test_assets_are_stored_found_listed_and_kept_per_tenant(
    database_url: str, tmp_path: Path
) -> None:
    store = AssetStore(tmp_path / "assets", database_url)
    photo = store.put(b"photo", kind="product_photo", mime="image/png", width=900, height=600,
                      parameters={"filename": "bottle.png"}, caption="Bottle", tenant="acme")
    ads = [store.put(bytes([n]), kind="ad_image", mime="image/png", parents=[photo.id],
                     capability="generate_ad_images", tenant="acme") for n in range(3)]
    theirs = store.put(b"photo", kind="product_photo", mime="image/png", tenant="globex")
    assert store.get(photo.id) == photo and store.read(photo.id) == b"photo"
    assert store.get(photo.id, tenant="acme").parameters == {"filename": "bottle.png"}
    with pytest.raises(AssetNotFoundError):
        store.get(photo.id, tenant="globex")
    assert [a.id for a in store.list("acme")] == [a.id for a in ads[::-1]] + [photo.id]
    assert [a.id for a in store.list("acme", limit=2, offset=1)] == [ads[1].id, ads[0].id]
    assert store.list("nobody") == []
    found = store.find(photo.sha256, "acme")
    assert found is not None and found.id == photo.id  # not globex's copy of the bytes
    assert store.find(photo.sha256, "initech") is None
    assert store.path(photo.id) == store.path(theirs.id)  # one file for the same bytes


def test_derived_assets_are_found_by_their_exact_parent(database_url: str, tmp_path: Path) -> None:
    store = AssetStore(tmp_path / "assets", database_url)
    cutout = store.put(b"c1", kind="product_cutout", mime="image/png", parents=["img_a1"],
                       tenant="acme")
    both = store.put(b"c2", kind="product_cutout", mime="image/png",
                     parents=["img_zz", "img_a1"], tenant="acme")
    store.put(b"c3", kind="product_cutout", mime="image/png", parents=["img_a10"],
              tenant="acme")  # a longer id that starts the same
    store.put(b"c4", kind="product_cutout", mime="image/png", parents=["imgXa1"],
              tenant="acme")  # "_" is no wildcard
    store.put(b"c5", kind="ad_image", mime="image/png", parents=["img_a1"], tenant="acme")
    store.put(b"c6", kind="product_cutout", mime="image/png", parents=["img_a1"],
              tenant="globex")
    assert [a.id for a in store.derived("img_a1", "product_cutout", "acme")] == [
        both.id, cutout.id]  # newest first
    assert store.derived("img_a", "product_cutout", "acme") == []
    assert store.derived("img_%", "product_cutout", "acme") == []


def test_a_parameter_is_set_and_removed_without_touching_the_others(
    database_url: str, tmp_path: Path
) -> None:
    store = AssetStore(tmp_path / "assets", database_url)
    photo = store.put(b"p", kind="product_photo", mime="image/png",
                      parameters={"filename": "two.png"}, tenant="acme")
    marked = store.set_parameter(photo.id, "seed_box", [1, 2, 30, 40], "acme")
    assert marked.parameters == {"filename": "two.png", "seed_box": [1, 2, 30, 40]}
    assert store.get(photo.id).parameters["seed_box"] == [1, 2, 30, 40]
    assert store.set_parameter(photo.id, "seed_box", None, "acme").parameters == {
        "filename": "two.png"}
    assert store.set_parameter(photo.id, "absent", None, "acme").parameters == {
        "filename": "two.png"}
    with pytest.raises(AssetNotFoundError):
        store.set_parameter(photo.id, "seed_box", [0, 0, 9, 9], "globex")
    assert "seed_box" not in store.get(photo.id).parameters


def test_concurrent_writers_of_different_parameters_all_land(
    database_url: str, tmp_path: Path
) -> None:
    store = AssetStore(tmp_path / "assets", database_url)
    photo = store.put(b"p", kind="product_photo", mime="image/png", tenant="acme")

    def write(n: int) -> None:
        for round_ in range(5):
            store.set_parameter(photo.id, f"key{n}", round_, "acme")

    assert together(write, 4) == []
    assert store.get(photo.id).parameters == {f"key{n}": 4 for n in range(4)}


def test_deleting_an_asset_frees_its_bytes_only_when_no_other_asset_shares_them(
    database_url: str, tmp_path: Path
) -> None:
    store = AssetStore(tmp_path / "assets", database_url)
    first = store.put(b"same", kind="ad_image", mime="image/png", tenant="acme")
    second = store.put(b"same", kind="ad_image", mime="image/png", tenant="acme")
    path = store.path(first.id)
    assert not store.delete(first.id, "globex") and path.exists()
    assert store.delete(first.id, "acme") and path.exists()  # second still has the bytes
    assert not store.delete(first.id, "acme")
    assert store.delete(second.id, "acme") and not path.exists()
    with pytest.raises(AssetNotFoundError):
        store.get(second.id)


def test_a_parameter_set_while_another_writer_commits_keeps_both(
    postgres_url: str, tmp_path: Path
) -> None:
    store = AssetStore(tmp_path / "assets", postgres_url)
    photo = store.put(b"p", kind="product_photo", mime="image/png", tenant="acme")
    _racing_a_writer(
        postgres_url, "UPDATE assets SET parameters = :p WHERE id = :id",
        {"p": '{"filename": "two.png"}', "id": photo.id},
        lambda: store.set_parameter(photo.id, "seed_box", [1, 2, 30, 40], "acme"),
    )
    assert store.get(photo.id).parameters == {"filename": "two.png", "seed_box": [1, 2, 30, 40]}


OLD_ASSETS_SCHEMA = """
CREATE TABLE assets (id TEXT PRIMARY KEY, sha256 TEXT NOT NULL, kind TEXT NOT NULL,
    mime TEXT NOT NULL, size INTEGER NOT NULL, width INTEGER, height INTEGER,
    created TEXT NOT NULL, parents TEXT NOT NULL, capability TEXT, parameters TEXT NOT NULL,
    caption TEXT NOT NULL, tenant TEXT NOT NULL);
CREATE INDEX assets_tenant_created ON assets (tenant, created);
INSERT INTO assets VALUES ('img_old0000001', 'ab12', 'product_cutout', 'image/png', 4, 10, 20,
    '2026-11-01T10:00:00+00:00', '["img_photo00001"]', 'remove_background',
    '{"model":"local"}', 'Cut out', 'acme');
"""


def test_old_asset_index_is_read_after_opening(tmp_path: Path) -> None:
    root = tmp_path / "assets"  # as an earlier adstudio left it: no version table
    root.mkdir()
    with sqlite3.connect(root / "index.sqlite") as old:
        old.executescript(OLD_ASSETS_SCHEMA)
    store = AssetStore(root)
    asset = store.get("img_old0000001", tenant="acme")
    assert (asset.kind, asset.parents, asset.parameters) == (
        "product_cutout", ["img_photo00001"], {"model": "local"})
    assert [a.id for a in store.derived("img_photo00001", "product_cutout", "acme")] == [
        asset.id]
    marked = store.set_parameter(asset.id, "seed_box", [0, 0, 5, 5], "acme")
    assert marked.parameters == {"model": "local", "seed_box": [0, 0, 5, 5]}
    assert current(store.engine, ASSETS_SCHEMA) == ASSETS_SCHEMA.head()


def test_verify_finds_a_stripped_copys_original_in_the_deployment_database(
    postgres_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ADSTUDIO_DATABASE_URL", postgres_url)
    get_settings.cache_clear()
    services = build_services(get_settings())  # what verify reads (ADSTUDIO_DATA_DIR)
    image = bottle_on_white()[0]
    ad = services.assets.put(encode_png(image), kind="ad_image", mime="image/png",
                             width=image.width, height=image.height,
                             capability="generate_ad_images")
    copy = tmp_path / "from-the-feed.jpg"  # re-encoded by a platform: no manifest any more
    Image.open(services.assets.path(ad.id)).convert("RGB").save(copy, "JPEG", quality=60)
    assert not (get_settings().assets_dir / "index.sqlite").exists()  # the index is shared
    result = CliRunner().invoke(app, ["verify", "--json", str(copy)])
    assert [o["asset_id"] for o in json.loads(result.stdout)["originals"]] == [ad.id]


# --- brand kits -----------------------------------------------------------------------------


def test_a_brand_kit_is_kept_per_tenant_and_merged_on_save(database_url: str) -> None:
    kits = BrandKitStore(database_url)
    assert kits.get("acme") is None
    first = kits.save("acme", BrandKit(colors=["#112233"], tone="warm"))
    assert first == BrandKit(colors=["#112233"], tone="warm") and kits.get("acme") == first
    merged = kits.save("acme", BrandKit(font="lato"))  # only the font is set: the rest stays
    assert merged == BrandKit(colors=["#112233"], tone="warm", font="lato")
    assert kits.get("acme") == merged
    assert kits.save("acme", BrandKit(colors=[])).colors == []  # a field set empty is set
    kits.save("globex", BrandKit(logo="img_logo000001"))
    assert kits.get("globex") == BrandKit(logo="img_logo000001")
    acme = kits.get("acme")
    assert acme is not None and acme.logo is None  # globex's logo is globex's
    assert kits.get("initech") is None


def test_concurrent_saves_of_different_fields_all_land(database_url: str) -> None:
    kits = BrandKitStore(database_url)
    updates = [BrandKit(colors=["#aabbcc"]), BrandKit(font="manrope"),
               BrandKit(tone="playful"), BrandKit(logo="img_logo000001")]

    start = threading.Barrier(len(updates))

    def save(n: int) -> None:
        for _ in range(5):
            start.wait()  # every round, the four saves race
            kits.save("acme", updates[n])

    assert together(save, len(updates)) == []
    assert kits.get("acme") == BrandKit(colors=["#aabbcc"], font="manrope", tone="playful",
                                        logo="img_logo000001")


def test_a_save_while_another_writer_commits_merges_onto_what_it_wrote(
    postgres_url: str,
) -> None:
    kits = BrandKitStore(postgres_url)
    kits.save("acme", BrandKit(tone="warm"))
    _racing_a_writer(
        postgres_url, "UPDATE brand_kits SET kit = :kit WHERE tenant = 'acme'",
        {"kit": BrandKit(tone="warm", font="lato").model_dump_json()},
        lambda: kits.save("acme", BrandKit(colors=["#aabbcc"])),
    )
    assert kits.get("acme") == BrandKit(tone="warm", font="lato", colors=["#aabbcc"])


OLD_KITS_SCHEMA = """
CREATE TABLE brand_kits (tenant TEXT PRIMARY KEY, kit TEXT NOT NULL, updated TEXT NOT NULL);
INSERT INTO brand_kits VALUES ('acme',
    '{"colors":["#112233"],"logo":null,"font":"lato","tone":"warm"}', '2026-11-01T10:00:00+00:00');
"""


def test_old_brand_kits_file_is_read_after_opening(tmp_path: Path) -> None:
    path = tmp_path / "brand_kits.sqlite"  # as an earlier adstudio left it: no version table
    with sqlite3.connect(path) as old:
        old.executescript(OLD_KITS_SCHEMA)
    kits = BrandKitStore(path)
    assert kits.get("acme") == BrandKit(colors=["#112233"], font="lato", tone="warm")
    assert kits.save("acme", BrandKit(tone="bold")) == BrandKit(
        colors=["#112233"], font="lato", tone="bold")
    assert current(kits.engine, KITS_SCHEMA) == KITS_SCHEMA.head()


# --- video jobs -----------------------------------------------------------------------------

T0 = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)


def _job(thread: str = "t1", tenant: str = "acme", **fields: Any) -> VideoJob:
    return VideoJob(kind="animation", engine="nova-reel", model_id="amazon.nova-reel-v1:1",
                    thread=thread, tenant=tenant, **fields)


def test_a_job_is_created_read_and_kept_per_tenant(database_url: str) -> None:
    store = VideoJobStore(database_url)
    job = store.create(_job(parents=["img_ad0000001"], request={"seed": 7}, seconds=6.0))
    assert store.get(job.id) == job and store.get(f" {job.id} ", tenant="acme") == job
    with pytest.raises(VideoJobNotFoundError):
        store.get(job.id, tenant="globex")
    with pytest.raises(VideoJobNotFoundError):
        store.get("job_nope")


def test_a_save_from_a_stale_read_is_refused_and_change_rereads(database_url: str) -> None:
    store = VideoJobStore(database_url)
    job = store.create(_job())
    saved = store.update(job.model_copy(update={"status": "in_progress",
                                                "invocation_arn": "arn:1"}))
    assert saved.revision == 1 and store.get(job.id).invocation_arn == "arn:1"
    with pytest.raises(JobConflictError):
        store.update(job.model_copy(update={"message": "from a stale read"}))
    with pytest.raises(VideoJobNotFoundError):
        store.update(_job())  # never created
    changed = store.change(job.id, attempts=3)
    assert (changed.revision, changed.attempts, changed.invocation_arn) == (2, 3, "arn:1")


def test_only_one_of_two_writers_from_the_same_read_wins(database_url: str) -> None:
    store = VideoJobStore(database_url)
    job = store.create(_job())
    start = threading.Barrier(4)
    saved: list[int] = []

    def save(n: int) -> None:
        start.wait()
        saved.append(store.update(job.model_copy(update={"attempts": n})).attempts)

    errors = together(save, 4)
    assert len(saved) == 1 and len(errors) == 3
    assert all(isinstance(error, JobConflictError) for error in errors)
    assert store.get(job.id).attempts == saved[0] and store.get(job.id).revision == 1


def test_pending_jobs_come_soonest_poll_first_and_unscheduled_last(database_url: str) -> None:
    store = VideoJobStore(database_url)
    later = store.create(_job(status="in_progress", next_poll_at=T0 + timedelta(minutes=2)))
    unscheduled = store.create(_job(status="submitting"))
    sooner = store.create(_job(thread="t2", tenant="globex", status="in_progress",
                               next_poll_at=T0 + timedelta(minutes=1)))
    store.create(_job(status="completed"))
    assert [j.id for j in store.pending()] == [sooner.id, later.id, unscheduled.id]


def test_finished_jobs_are_delivered_once_per_thread(database_url: str) -> None:
    store = VideoJobStore(database_url)
    done = store.create(_job(status="completed", asset_id="vid_0000000001",
                             created=T0 + timedelta(seconds=2)))
    failed = store.create(_job(status="failed", message="blocked by the model",
                               created=T0 + timedelta(seconds=1)))
    running = store.create(_job(status="in_progress", created=T0))
    store.create(_job(thread="t1", tenant="globex", status="completed"))
    store.create(_job(thread="t2", status="completed"))
    assert [j.id for j in store.for_thread("t1", "acme")] == [running.id, failed.id, done.id]
    assert len(store.for_thread("t1")) == 4
    assert [j.id for j in store.undelivered("t1", "acme")] == [failed.id, done.id]
    start = threading.Barrier(3)
    marked: list[bool] = []

    def deliver(_n: int) -> None:
        start.wait()  # three UIs show the same finished job
        marked.append(store.mark_delivered(done.id))

    assert together(deliver, 3) == []
    assert sorted(marked) == [False, False, True]
    assert [j.id for j in store.undelivered("t1", "acme")] == [failed.id]
    assert not store.mark_delivered("job_nope")


OLD_JOBS_SCHEMA = """
CREATE TABLE video_jobs (id TEXT PRIMARY KEY, tenant TEXT NOT NULL, thread TEXT NOT NULL,
    status TEXT NOT NULL, next_poll_at TEXT, delivered INTEGER NOT NULL DEFAULT 0,
    revision INTEGER NOT NULL DEFAULT 0, created TEXT NOT NULL, data TEXT NOT NULL);
CREATE INDEX video_jobs_status ON video_jobs (status, next_poll_at);
CREATE INDEX video_jobs_thread ON video_jobs (thread, tenant, created);
"""


def test_old_video_jobs_file_is_read_after_opening(tmp_path: Path) -> None:
    path = tmp_path / "jobs.sqlite"  # as an earlier adstudio left it: no version table
    job = _job(status="in_progress", invocation_arn="arn:old", created=T0,
               next_poll_at=T0 + timedelta(seconds=15))
    with sqlite3.connect(path) as old:
        old.executescript(OLD_JOBS_SCHEMA)
        old.execute("INSERT INTO video_jobs (id, tenant, thread, status, next_poll_at, "
                    "delivered, created, data) VALUES (?,?,?,?,?,0,?,?)",
                    (job.id, job.tenant, job.thread, job.status,
                     job.next_poll_at.isoformat() if job.next_poll_at else None,
                     job.created.isoformat(), job.model_dump_json()))
    store = VideoJobStore(path)
    assert store.get(job.id, tenant="acme") == job
    assert [j.id for j in store.pending()] == [job.id]  # a restart resumes the paid job
    assert store.change(job.id, status="completed").revision == 1
    assert current(store.engine, JOBS_SCHEMA) == JOBS_SCHEMA.head()


# --- every core store in one database -------------------------------------------------------


def test_the_core_stores_share_one_database_and_migrate_independently(
    database_url: str, tmp_path: Path
) -> None:
    assets, kits = AssetStore(tmp_path / "assets", database_url), BrandKitStore(database_url)
    jobs = VideoJobStore(database_url)
    engine = make_engine(database_url)
    assert {"assets", "brand_kits", "video_jobs"} <= set(inspect(engine).get_table_names())
    for schema in (ASSETS_SCHEMA, KITS_SCHEMA, JOBS_SCHEMA):
        assert current(engine, schema) == schema.head(), schema.name
    assert not (tmp_path / "assets" / "index.sqlite").exists()  # the index is in the database
    assets.close(), kits.close(), jobs.close(), engine.dispose()


def test_a_batch_settles_its_video_jobs_in_the_deployment_database(
    postgres_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    batches = BatchJobStore(tmp_path / "batch.sqlite")
    job = batches.create_job(str(tmp_path / "catalog.csv"), str(tmp_path / "out"))
    read: list[str] = []
    monkeypatch.setattr(job_costs, "settle_video_jobs",
                        lambda _store, _job, videos: read.append(videos.url) or 0)
    embedded = Settings(data_dir=tmp_path / "embedded")
    assert job_costs.settle_in(embedded, batches, job) == 0 and read == []  # no job ever
    assert not (tmp_path / "embedded" / "jobs.sqlite").exists()
    shared = Settings(data_dir=tmp_path / "replica", database_url=postgres_url)
    job_costs.settle_in(shared, batches, job)
    assert read == [video_jobs_url(shared)] and read[0].startswith("postgresql+psycopg://")


def test_the_deployment_database_holds_every_core_store(tmp_path: Path) -> None:
    url = "postgresql://ads:pw@db.example:5432/ads"
    shared = dict(sql_stores(Settings(data_dir=tmp_path, database_url=url)))
    embedded = dict(sql_stores(Settings(data_dir=tmp_path)))
    for schema in (ASSETS_SCHEMA, KITS_SCHEMA, JOBS_SCHEMA):
        assert shared[schema] == "postgresql+psycopg://ads:pw@db.example:5432/ads"
    assert embedded[ASSETS_SCHEMA] == f"sqlite:///{tmp_path / 'assets' / 'index.sqlite'}"
    assert embedded[KITS_SCHEMA] == f"sqlite:///{tmp_path / 'brand_kits.sqlite'}"
    assert embedded[JOBS_SCHEMA] == f"sqlite:///{tmp_path / 'jobs.sqlite'}"


def test_db_upgrade_brings_every_core_store_to_its_head(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ADSTUDIO_DATABASE_URL", postgres_url)
    get_settings.cache_clear()
    runner = CliRunner()
    assert runner.invoke(app, ["db", "status"]).exit_code == 1
    done = runner.invoke(app, ["db", "upgrade"])
    assert done.exit_code == 0, done.output
    for schema in (ASSETS_SCHEMA, KITS_SCHEMA, JOBS_SCHEMA):
        assert f"{schema.name}: new → {schema.head()}" in done.output
    assert runner.invoke(app, ["db", "status"]).exit_code == 0
