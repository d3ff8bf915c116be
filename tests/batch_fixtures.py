"""Small catalogs for the batch tests: a drawn product photo and a planned job."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from batch.models import Product
from batch.store import BatchJobStore


def draw_mug(path: Path) -> Path:
    """A 160x200 product photo (a teal mug shape on off-white), saved as PNG at ``path``."""
    image = Image.new("RGB", (160, 200), (246, 245, 242))
    image.paste((30, 92, 104), (50, 40, 110, 170))
    image.save(path)
    return path


def planned_job(store: BatchJobStore, photo: Path, count: int, out: Path) -> str:
    """A planned job of ``count`` products (one mobile banner each) all showing ``photo``."""
    job = store.create_job("catalog.csv", str(out))
    rows = [(i + 2, Product(id=f"P{i}", title=f"Mug {i}", image=photo,
                            placements=["mobile-banner"], variations=1)) for i in range(count)]
    list(store.add_rows(job, rows))
    store.planned(job)
    return job
