"""``adstudio review``: list, import, export and agreement from the terminal."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from typer.testing import CliRunner

from cli.app import app
from core.settings import Settings
from evals.reviews.runs import evals_dir
from evals.reviews.store import review_store
from tests.review_fixtures import write_run


def test_import_rate_export_and_agreement(settings: Settings, tmp_path: Path) -> None:
    write_run(evals_dir(settings.data_dir), "run-1", {"bottle": 2})
    runner = CliRunner()
    listed = runner.invoke(app, ["review", "runs"])
    assert listed.exit_code == 0 and "run-1" in listed.output
    imported = runner.invoke(app, ["review", "import", "run-1"])
    assert imported.exit_code == 0 and "run-1: 2 items" in imported.output, imported.output
    store = review_store(settings.data_dir)
    first, second = store.items(settings.tenant, "run-1")
    for who, scores in (("ana", (4, 2)), ("ben", (5, 2))):
        for item, score in zip((first, second), scores, strict=True):
            store.rate(settings.tenant, item.id, who, "brief_fit", score)

    out = tmp_path / "ratings.csv"
    exported = runner.invoke(app, ["review", "export", "run-1", "--out", str(out)])
    assert exported.exit_code == 0 and "4 rows written" in exported.output, exported.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert {(r["reviewer"], r["score"]) for r in rows} == {
        ("ana", "4"), ("ana", "2"), ("ben", "5"), ("ben", "2")}
    assert all(r["scenario"] == "bottle" for r in rows)

    agreed = runner.invoke(app, ["review", "agreement", "run-1", "--json"])
    assert agreed.exit_code == 0, agreed.output
    fit = next(c for c in json.loads(agreed.output)["criteria"] if c["criterion"] == "brief_fit")
    assert fit["reviewers"] == 2 and fit["alpha"] is not None and fit["alpha"] > 0.5

    missing = runner.invoke(app, ["review", "export", "no-such-run"])
    assert missing.exit_code == 2 and "no-such-run" in missing.output
