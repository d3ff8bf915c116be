"""A 20-product generated catalog end to end on the local process pool, bad rows included.

``write_catalog`` is shared by the other batch integration tests (resume, Ray, S3).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from PIL import Image
from typer.testing import CliRunner

from batch.store import BatchJobStore
from cli.app import app
from core.settings import Settings
from evals.recipes import bottle_on_white, glass_on_white, white_mug_on_white

PHOTO_WIDTH = 256
BAD_ROWS = 5


def write_photos(folder: Path) -> list[str]:
    """Three drawn product photos, 256 px wide (a PNG and two JPEGs)."""
    names = []
    for number, draw in enumerate((bottle_on_white, white_mug_on_white, glass_on_white)):
        photo, _ = draw(seed=number)
        small = photo.resize((PHOTO_WIDTH, round(photo.height * PHOTO_WIDTH / photo.width)))
        name = f"photo-{number}.{'png' if number == 0 else 'jpg'}"
        small.convert("RGB").save(folder / name)
        names.append(name)
    return names


def write_catalog(folder: Path, count: int = 20, *, placements: str = "300x250",
                  variations: int = 1, bad_rows: bool = False) -> Path:
    """A CSV catalog of ``count`` products (plus one of each bad row when asked)."""
    photos = write_photos(folder)
    rows = [{"id": f"P{i:03d}", "title": f"Insulated bottle {i}",
             "description": "Keeps drinks cold 24 h. Summer hiking campaign.",
             "bullets": "750 ml|Leak-proof lid", "image": photos[i % len(photos)],
             "placements": placements, "variations": str(variations)} for i in range(count)]
    if bad_rows:
        (folder / "corrupt.jpg").write_bytes(b"\xff\xd8\xff\xe0not really a jpeg")
        rows += [
            {"id": "X1", "title": "No photo", "image": "missing.jpg"},
            {"id": "X2", "title": "Corrupt photo", "image": "corrupt.jpg"},
            {"id": "P001", "title": "Same id again", "image": photos[0]},
            {"id": "X3", "title": "", "image": photos[0]},
            {"id": "X4", "title": "Diet pills", "description": "Lose 10 kg in a week, "
             "guaranteed weight loss", "image": photos[0]},
        ]
    path = folder / "catalog.csv"
    columns = ["id", "title", "description", "bullets", "image", "placements", "variations"]
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.DictWriter(file, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_twenty_products_on_two_worker_processes(tmp_path: Path, settings: Settings) -> None:
    catalog = write_catalog(tmp_path, bad_rows=True)
    out = tmp_path / "campaign"
    result = CliRunner().invoke(app, ["batch", str(catalog), "--out", str(out), "--yes",
                                      "--workers", "2"])
    assert result.exit_code == 1, result.output  # bad rows were skipped
    for line, why in ((22, "image not found"), (23, "cannot be read"),
                      (24, "duplicate product id 'P001'"), (25, "title is missing"),
                      (26, "ad policy")):
        assert f"line {line} (" in result.output and why in result.output
    assert "20 products done, 0 failed, 5 rows skipped" in result.output

    manifest = json.loads((out / "manifest.json").read_text())["products"]
    done = [p for p in manifest if p["status"] == "done"]
    assert len(done) == 20 and sum(p["status"] == "invalid" for p in manifest) == BAD_ROWS
    for product in done:
        ads = [f for f in product["files"] if f["kind"] == "ad_image"]
        assert len(ads) == 1 and ads[0]["placement"] == "medium-rectangle"
        files = sorted(p.name for p in (out / product["product_id"]).iterdir())
        assert files == [f"{product['product_id']}-01-medium-rectangle.png", "features.json"]
        assert Image.open(out / ads[0]["path"]).size == (300, 250)
    job = BatchJobStore(settings.data_dir / "batch.sqlite").jobs()[0]
    assert job.status == "finished"
    rows = list(csv.DictReader((out / "manifest.csv").open()))
    assert {r["line"] for r in rows if r["status"] == "invalid"} == {"22", "23", "24", "25", "26"}
