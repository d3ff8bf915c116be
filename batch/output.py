"""A job's manifests and contact sheet, beside the products' folders.

``manifest.csv``, ``manifest.json`` and ``index.html`` (a self-contained contact sheet,
thumbnails inlined, for review). All three are written from the job store a page of
products at a time, to temporary files that replace the old ones whole, so a reader never
sees half a manifest.
"""

from __future__ import annotations

import base64
import csv
import html
import json
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from batch.storage import LocalStorage, S3Storage
from batch.store import BatchJobStore, Counts
from core.spreadsheet import write_safe_row

CSV_COLUMNS = (
    "product_id", "line", "status", "title", "placements", "theme", "seed", "ad_asset_ids",
    "ad_paths", "live_image", "findings", "provenance", "cost_usd", "error",
)
MANIFESTS = ("manifest.csv", "manifest.json", "index.html")


def status_of(entry: dict[str, Any]) -> str:
    """``invalid``, ``failed``, ``done`` or ``pending``."""
    if entry["product"] is None:
        return "invalid"
    states = [s.status for s in entry["steps"].values()]
    if "failed" in states:
        return "failed"
    return "done" if all(s == "done" for s in states) else "pending"


def record(entry: dict[str, Any], storage: LocalStorage | S3Storage) -> dict[str, Any]:
    """One product's manifest record: its files, placements, seed, findings and cost."""
    product = entry["product"]
    steps = entry["steps"]
    failed = next((s for s in steps.values() if s.status == "failed"), None)
    files = [{
        "asset_id": o["asset_id"], "kind": o["kind"], "path": o["key"],
        "location": storage.location(o["key"]), "placement": o["placement"] or None,
        "theme": o["theme"] or None, "width": o["width"], "height": o["height"],
        "findings": json.loads(o["findings"]), "provenance": o["provenance"] or None,
    } for o in entry["outputs"]]
    text_findings = [f.model_dump(mode="json") for f in product.findings] if product else []
    return {
        "product_id": entry["product_id"], "line": entry["line"], "status": status_of(entry),
        "title": product.title if product else None,
        "placements": product.placements if product else [],
        "theme": product.theme if product else None,
        "seed": product.base_seed() if product else None,
        "files": files,
        "findings": text_findings + [f for file in files for f in file["findings"]],
        "steps": {name: {"status": s.status, "attempts": s.attempts, "seconds": s.seconds,
                         "cost_usd": s.cost_usd, "error": s.error} for name, s in steps.items()},
        "cost_usd": round(sum(s.cost_usd for s in steps.values()), 4),
        "error": entry["error"] or (f"{failed.step}: {failed.error}" if failed else None),
    }


def csv_row(item: dict[str, Any]) -> dict[str, Any]:
    """A manifest record flattened for the CSV (lists joined with ``|``)."""
    ads = [f for f in item["files"] if f["kind"] == "ad_image"]
    live = next((f["path"] for f in item["files"] if f["kind"] == "live_image"), "")
    findings = sorted({f"{f['severity']}:{f['rule_id']}" for f in item["findings"]})
    signed = [f["provenance"] for f in item["files"] if f["provenance"]]
    return {
        "product_id": item["product_id"], "line": item["line"], "status": item["status"],
        "title": item["title"] or "", "placements": "|".join(item["placements"]),
        "theme": item["theme"] or "", "seed": item["seed"] if item["seed"] is not None else "",
        "ad_asset_ids": "|".join(f["asset_id"] for f in ads),
        "ad_paths": "|".join(f["path"] for f in ads), "live_image": live,
        "findings": "|".join(findings), "provenance": "|".join(dict.fromkeys(signed)),
        "cost_usd": item["cost_usd"],
        "error": item["error"] or "",
    }


@contextmanager
def _staged(storage: LocalStorage | S3Storage, key: str, content_type: str) -> Iterator[IO[str]]:
    """A temporary text file that becomes ``key`` when the block ends without error."""
    folder = storage.root if isinstance(storage, LocalStorage) else Path(tempfile.gettempdir())
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", newline="", dir=folder,
                                     prefix=f".{key}.", suffix=".tmp", delete=False) as file:
        path = Path(file.name)
        try:
            yield file
        except BaseException:
            file.close()
            path.unlink(missing_ok=True)
            raise
    storage.put_file(key, path, content_type)


def write_outputs(
    store: BatchJobStore, job: str, storage: LocalStorage | S3Storage
) -> list[str]:
    """Write the manifests and the contact sheet; return where they are."""
    counts = store.counts(job)
    with _staged(storage, "manifest.csv", "text/csv") as file:
        writer = csv.DictWriter(file, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        for entry in store.products(job):
            write_safe_row(writer, csv_row(record(entry, storage)))
    with _staged(storage, "manifest.json", "application/json") as file:
        file.write(f'{{"job": {json.dumps(job)}, "products": [\n')
        for number, entry in enumerate(store.products(job)):
            file.write((",\n" if number else "") + json.dumps(record(entry, storage)))
        file.write("\n]}\n")
    with _staged(storage, "index.html", "text/html") as file:
        write_contact_sheet(file, store, job, counts, storage)
    return [storage.location(name) for name in MANIFESTS]


_STYLE = """
body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#1a1a2e;background:#fafafa}
h1{font-size:20px}.summary span{margin-right:16px}
.product{background:#fff;border:1px solid #ddd;border-radius:8px;padding:12px;margin:12px 0}
.product h2{font-size:15px;margin:0 0 8px}.grid{display:flex;flex-wrap:wrap;gap:8px}
figure{margin:0;width:240px}figure img{max-width:240px;max-height:240px;display:block}
figcaption{font-size:12px;color:#555}.failed,.invalid{border-color:#d33}
.error{color:#b00}.finding{font-size:12px;color:#8a6d00}.pending{opacity:.6}
.signed{color:#1b6e3a}.unsigned{color:#b00;font-weight:600}.unknown{color:#777}
"""


def _product_html(item: dict[str, Any], thumbs: dict[str, bytes]) -> str:
    esc = html.escape
    title = esc(f"{item['product_id'] or '?'} · {item['title'] or ''} (line {item['line']})")
    parts = [f'<section class="product {item["status"]}"><h2>{title} — {item["status"]}</h2>']
    if item["error"]:
        parts.append(f'<p class="error">{esc(item["error"])}</p>')
    figures = []
    for file in item["files"]:
        thumb = thumbs.get(file["path"])
        if thumb is None:
            continue
        data = base64.b64encode(thumb).decode()
        caption = esc(f"{file['placement']} · {file['theme']} · {file['asset_id']}")
        # an ad a job recorded before the column existed was signed too: not known here
        status = file["provenance"] or "not recorded"
        kind = "signed" if status.startswith("signed") else (
            "unsigned" if status.startswith("unsigned") else "unknown")
        mark = f'<span class="{kind}">C2PA: {esc(status)}</span>'
        figures.append(f'<figure><a href="{esc(file["path"])}"><img alt="{caption}" '
                       f'src="data:image/jpeg;base64,{data}"></a>'
                       f"<figcaption>{caption}<br>{mark}</figcaption></figure>")
    if figures:
        parts.append('<div class="grid">' + "".join(figures) + "</div>")
    for finding in item["findings"]:
        parts.append(f'<p class="finding">{esc(finding["severity"])} {esc(finding["rule_id"])}: '
                     f'{esc(finding["reason"])}</p>')
    return "".join(parts) + "</section>\n"


def write_contact_sheet(
    file: IO[str], store: BatchJobStore, job: str, counts: Counts, storage: LocalStorage | S3Storage
) -> None:
    """One self-contained HTML page: a section per product, thumbnails inlined."""
    file.write(f"<!doctype html><html lang=en><meta charset=utf-8><title>adstudio batch "
               f"{html.escape(job)}</title><style>{_STYLE}</style><body>"
               f"<h1>Batch {html.escape(job)}</h1><p class=summary>"
               f"<span>{counts.done} done</span><span>{counts.failed} failed</span>"
               f"<span>{counts.pending} pending</span><span>{counts.invalid} invalid rows</span>"
               f"<span>{counts.images} images</span><span>${counts.cost_usd:.2f}</span></p>\n")
    for entry in store.products(job):
        thumbs = {o["key"]: o["thumb"] for o in entry["outputs"] if o["thumb"]}
        file.write(_product_html(record(entry, storage), thumbs))
    file.write("</body></html>\n")
