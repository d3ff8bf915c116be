"""The same 20-product job as Ray tasks, on a local Ray instance the test starts (2 CPUs)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from batch.catalog import RowChecker
from batch.models import RowDefaults
from batch.output import write_outputs
from batch.plan import plan_catalog
from batch.run import RunOptions, Tally, make_backend, run_job
from batch.storage import LocalStorage
from batch.store import BatchJobStore
from core.settings import Settings
from core.storage.brandkit import BrandKitStore
from policy.text import load_policy
from tests.integration.test_batch_pool import write_catalog

ray = pytest.importorskip("ray", reason="the ray extra is not installed (make install adds it)")


@pytest.fixture(scope="module")
def local_ray() -> Iterator[Any]:
    """A Ray instance with 2 CPUs for this module (starting Ray takes seconds)."""
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield ray
    ray.shutdown()


def test_twenty_products_as_ray_tasks(
    local_ray: Any, tmp_path: Path, settings: Settings
) -> None:
    catalog = write_catalog(tmp_path, 20, placements="mobile-banner", variations=2)
    store = BatchJobStore(settings.data_dir / "batch.sqlite")
    out = tmp_path / "out"
    job = store.create_job(str(catalog), str(out))
    checker = RowChecker(base_dir=tmp_path, defaults=RowDefaults(), policy=load_policy(),
                         brand_kits=BrandKitStore(settings.data_dir / "kits.sqlite"),
                         max_bytes=2**24, max_pixels=10**7, tenant=settings.tenant)
    plan = plan_catalog(store, job, catalog, checker, settings, lambda row: None)
    assert plan.products == 20

    options = RunOptions(ray="auto")
    backend = make_backend(options)
    assert backend.slots == 2  # the Ray instance's CPUs, not this machine's
    tallies: list[Tally] = []
    run_job(store, job, settings, backend, options, tallies.append)
    assert local_ray.is_initialized()  # the caller's Ray instance is left running
    assert tallies[-1] == Tally(done=20, failed=0, total=20)
    write_outputs(store, job, LocalStorage(out))
    for entry in store.products(job):
        ads = [o for o in entry["outputs"] if o["kind"] == "ad_image"]
        assert len(ads) == 2
        for ad in ads:
            assert Image.open(out / ad["key"]).size == (320, 50)
    assert (out / "manifest.csv").read_text().count("\n") == 21
