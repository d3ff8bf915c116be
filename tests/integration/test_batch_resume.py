"""Resume: SIGKILL a running ``adstudio batch``, resume it, and find every asset once.

The batch runs as a real subprocess (in its own process group, so its workers die with
it, as on a crashed machine). Products finished before the kill keep their assets: the
same asset ids, files not rewritten.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from batch.store import BatchJobStore
from core.settings import Settings
from tests.integration.test_batch_pool import write_catalog

ADSTUDIO = str(Path(sys.executable).with_name("adstudio"))
PRODUCTS = 12
VARIATIONS = 2


def done_products(store: BatchJobStore) -> tuple[str, dict[str, list[str]]]:
    """The job and, per finished product, its ad asset ids."""
    jobs = store.jobs()
    if not jobs:
        return "", {}
    job = jobs[0].id
    finished = {}
    for entry in store.products(job):
        steps = entry["steps"].values()
        if steps and all(s.status == "done" for s in steps):
            finished[entry["product_id"]] = [o["asset_id"] for o in entry["outputs"]
                                             if o["kind"] == "ad_image"]
    return job, finished


def wait_for_some_done(store_path: Path, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and process.poll() is None:
        if store_path.exists() and len(done_products(BatchJobStore(store_path))[1]) >= 3:
            return
        time.sleep(0.05)
    raise AssertionError(f"the batch made no progress (exit code {process.poll()})")


def test_a_killed_batch_resumes_without_redoing_or_duplicating(
    tmp_path: Path, settings: Settings
) -> None:
    catalog = write_catalog(tmp_path, PRODUCTS, placements="300x250", variations=VARIATIONS)
    out = tmp_path / "out"
    env = {**os.environ, "ADSTUDIO_DATA_DIR": str(settings.data_dir), "CI": "true"}
    store_path = settings.data_dir / "batch.sqlite"
    command = [ADSTUDIO, "batch", str(catalog), "--out", str(out), "--yes", "--workers", "2"]
    process = subprocess.Popen(command, env=env, start_new_session=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_for_some_done(store_path, process)
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    store = BatchJobStore(store_path)
    job, before = done_products(store)
    assert 3 <= len(before) < PRODUCTS, "the kill came too late to test resuming"
    mtimes = {pid: {p.name: p.stat().st_mtime_ns for p in (out / pid).glob("*.png")}
              for pid in before}

    resumed = subprocess.run([ADSTUDIO, "batch", "--resume", job, "--yes", "--workers", "2"],
                             env=env, capture_output=True, text=True, timeout=180)
    assert resumed.returncode == 0, resumed.stderr
    _, after = done_products(store)
    assert len(after) == PRODUCTS
    for pid, asset_ids in before.items():
        assert after[pid] == asset_ids  # not regenerated
        assert {p.name: p.stat().st_mtime_ns for p in (out / pid).glob("*.png")} == mtimes[pid]
    manifest = json.loads((out / "manifest.json").read_text())["products"]
    assert len(manifest) == PRODUCTS
    every_asset = []
    for product in manifest:
        ads = [f for f in product["files"] if f["kind"] == "ad_image"]
        assert len(ads) == VARIATIONS and product["status"] == "done"
        pngs = sorted(p.name for p in (out / product["product_id"]).glob("*.png"))
        assert pngs == sorted(Path(f["path"]).name for f in ads)  # each asset once, no extras
        every_asset += [f["asset_id"] for f in ads]
    assert len(set(every_asset)) == PRODUCTS * VARIATIONS
    assert store.job(job).status == "finished"
