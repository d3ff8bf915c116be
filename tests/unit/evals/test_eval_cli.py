"""``adstudio eval run`` end to end on the local agent: ``--concurrency`` and ``--cache``."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from langchain_core.messages import AIMessage
from langchain_core.outputs import ChatGeneration
from PIL import Image
from typer.testing import CliRunner

import agent.planner.local
from cli.app import app
from evals.cache import SQLiteModelCache

GREET = """
description: A greeting, answered without tools.
seed: 3
turns:
  - user: "hi"
    expect:
      trajectory: {mode: strict, calls: []}
      reply: {contains: ["photo"]}
"""
PHOTO_AD = """
description: One small ad from the photo and the brief.
seed: 5
product:
  text: "Insulated steel water bottle, 750 ml, keeps drinks cold 24 h. Summer campaign."
  photo: {recipe: bottle, max_side: 256}
settings: {default_variations: 1}
turns:
  - user: "{product}"
    attach: photo
    expect:
      trajectory: {mode: superset, calls: [{tool: generate_ad_images}]}
      assets: [{kind: image, count: 1}]
"""
SEEDS = {("greet", 0): 3000, ("greet", 1): 3001, ("photo-ad", 0): 5000, ("photo-ad", 1): 5001}


@pytest.fixture
def suite(tmp_path: Path) -> Path:
    folder = tmp_path / "suite"
    folder.mkdir()
    (folder / "greet.yaml").write_text(GREET)
    (folder / "photo-ad.yaml").write_text(PHOTO_AD)
    return folder


def eval_run(suite: Path, out: Path, *options: str) -> None:
    result = CliRunner().invoke(app, ["eval", "run", str(suite), "--repeat", "2",
                                      "--out", str(out), *options])
    assert result.exit_code == 0, result.output
    assert "4/4 trials passed" in result.output


def pixels(path: Path) -> str:
    """The digest of an image's pixels (its file differs per run: a new C2PA manifest)."""
    with Image.open(path) as image:
        return hashlib.sha256(image.mode.encode() + image.tobytes()).hexdigest()


def outcome(run_dir: Path) -> dict[tuple[str, int], dict[str, Any]]:
    """Each trial's result without what is new every run (asset ids, timings)."""
    found = {}
    for path in sorted(run_dir.glob("trials/*/*/trial.json")):
        trial = json.loads(path.read_text())
        folder = path.parent
        found[(trial["scenario"], trial["trial"])] = {
            "seed": trial["seed"], "passed": trial["passed"], "scores": trial["scores"],
            "tools": [e["name"] for t in trial["turns"] for e in t["events"]
                      if e["type"] == "tool_start"],
            "assets": [(a["kind"], a["width"], a["height"], pixels(folder / a["path"]))
                       for a in trial["assets"]],
        }
    return found


def test_concurrent_trials_give_the_same_results_as_one_at_a_time(
    suite: Path, tmp_path: Path
) -> None:
    eval_run(suite, tmp_path / "serial", "--concurrency", "1")
    eval_run(suite, tmp_path / "parallel", "--concurrency", "2")

    run = json.loads((tmp_path / "parallel" / "run.json").read_text())
    assert (run["concurrency"], run["repeat"]) == (2, 2)
    assert run["scenarios"] == ["greet", "photo-ad"] and run["engine"] == "local"
    assert run["summary"]["pass_hat_k"] == {"1": 1.0, "2": 1.0}
    serial = json.loads((tmp_path / "serial" / "run.json").read_text())
    assert serial["fingerprints"] == run["fingerprints"]
    assert len(set(run["fingerprints"].values())) == 2
    assert "photo-ad" in (tmp_path / "parallel" / "report.html").read_text()
    trial = json.loads((tmp_path / "parallel" / "trials/photo-ad/1/trial.json").read_text())
    assert trial["run_id"] == run["run_id"]
    parallel = outcome(tmp_path / "parallel")
    assert {key: trial["seed"] for key, trial in parallel.items()} == SEEDS
    assert all(trial["passed"] for trial in parallel.values())
    assert [a[0] for a in parallel["photo-ad", 1]["assets"]] == ["photo", "cutout", "image"]
    assert parallel == outcome(tmp_path / "serial")


def test_a_second_cached_run_is_answered_from_the_cache(
    suite: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hits: list[bool] = []
    lookup = SQLiteModelCache.lookup

    def counting(self: SQLiteModelCache, prompt: str, llm_string: str) -> Any:
        found = lookup(self, prompt, llm_string)
        hits.append(found is not None)
        return found

    monkeypatch.setattr(SQLiteModelCache, "lookup", counting)
    runs = tmp_path / "runs"
    eval_run(suite, runs / "first", "--cache")
    cache = runs / "model-cache.sqlite"  # beside the run
    assert cache.is_file() and hits and not any(hits)  # trial 1 does not reuse trial 0's
    with sqlite3.connect(cache) as db:
        stored = db.execute("SELECT COUNT(*) FROM calls").fetchone()[0]
    assert stored == len(hits)
    run = json.loads((runs / "first" / "run.json").read_text())
    assert run["cache"] is True

    def no_planner(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the planner was asked: a cache miss")

    monkeypatch.setattr(agent.planner.local, "plan", no_planner)
    hits.clear()
    eval_run(suite, runs / "second", "--cache", "--concurrency", "2")
    assert len(hits) == stored and all(hits)
    assert outcome(runs / "second") == outcome(runs / "first")


def test_cached_answers_get_the_current_runs_asset_ids(tmp_path: Path) -> None:
    """Asset ids are new every run: they are placeholders in the key and the answer."""
    cache = SQLiteModelCache(tmp_path / "cache.sqlite", namespace="trial-0")

    def prompt(photo: str, usage: int) -> str:
        return json.dumps([{"content": f"[Attached product photo: {photo}]"},
                           {"content": "ok", "usage_metadata": {"total_tokens": usage}}])

    answer = AIMessage("", tool_calls=[{"name": "generate_ad_images", "id": "call_1",
                                        "args": {"photo": "img_0123456789"}}])
    cache.update(prompt("img_0123456789", 10), "model", [ChatGeneration(message=answer)])
    again = cache.lookup(prompt("img_abcdefabcd", 99), "model")
    assert again is not None
    message = again[0].message  # type: ignore[attr-defined]
    assert message.tool_calls[0]["args"] == {"photo": "img_abcdefabcd"}
    other_trial = SQLiteModelCache(tmp_path / "cache.sqlite", namespace="trial-1")
    assert other_trial.lookup(prompt("img_0123456789", 10), "model") is None
    assert cache.lookup(prompt("img_0123456789", 10), "other model") is None


def test_a_deployment_tenant_and_a_crashing_trial_still_give_a_whole_run(
    suite: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ADSTUDIO_TENANT", "acme")  # the photo and the run share the tenant
    from core.settings import get_settings
    from evals import runner

    get_settings.cache_clear()
    real = runner._trial

    def crash_greet(scenario: Any, *args: Any) -> Any:
        if scenario.id == "greet":
            raise KeyError("boom")  # an unexpected bug in one trial
        return real(scenario, *args)

    monkeypatch.setattr(runner, "_trial", crash_greet)
    out = tmp_path / "b"
    result = CliRunner().invoke(app, ["eval", "run", str(suite), "--out", str(out)])
    assert result.exit_code == 1 and "1/2 trials passed" in result.output, result.output
    run = json.loads((out / "run.json").read_text())
    assert run["tenant"] == "acme" and run["run_id"] != "b"  # ids never come from folders
    greet = json.loads((out / "trials" / "greet" / "0" / "trial.json").read_text())
    assert not greet["passed"] and "KeyError" in greet["scores"][0]["comment"]
    photo = json.loads((out / "trials" / "photo-ad" / "0" / "trial.json").read_text())
    assert photo["passed"], photo["scores"]
