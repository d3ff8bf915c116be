"""``adstudio eval`` on the real local agent, and a planted regression ``compare`` catches.

The run directory is checked against the contract the Review tab reads; the regression is
a planner rule switched off for run B (the warmth reading), over 6 paired trials.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from agent.planner import intents
from cli.app import app

SCENARIO = """
description: One ad, then "make it warmer" on it.
tags: [edit]
product:
  text: "Insulated steel water bottle, 750 ml, keeps drinks cold 24 h. One 300x250 banner."
  photo: {recipe: bottle, max_side: 320}
settings: {default_variations: 1}
turns:
  - user: "{product}"
    attach: photo
  - user: "make it warmer"
    expect:
      trajectory: {mode: strict, calls: [{tool: edit_image, where: ["warmth > 0"]}]}
      assets: [{kind: image, count: 1, fidelity: true}]
expect:
  end_state:
    assets: [{kind: image, count: 2, size: 300x250}]
    lineage: [{asset: "image#2", parent: "image#1"}]
"""


@pytest.fixture
def suite(tmp_path: Path) -> Path:
    folder = tmp_path / "suite"
    folder.mkdir()
    (folder / "warmer.yaml").write_text(SCENARIO)
    return folder


def test_a_planted_regression_is_caught_by_compare(
    suite: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = CliRunner()
    run_a, run_b = tmp_path / "a", tmp_path / "b"
    result = runner.invoke(app, ["eval", "run", str(suite), "--repeat", "6", "--out", str(run_a)])
    assert result.exit_code == 0, result.output
    assert "6/6 trials passed" in result.output

    run = json.loads((run_a / "run.json").read_text())
    assert run["repeat"] == 6 and run["scenarios"] == ["warmer"] and run["engine"] == "local"
    assert run["summary"]["pass_hat_k"]["6"] == 1.0
    trial = json.loads((run_a / "trials" / "warmer" / "3" / "trial.json").read_text())
    assert trial["trial"] == 3 and trial["passed"] and trial["run_id"] == run["run_id"]
    images = [a for a in trial["assets"] if a["kind"] == "image"]
    assert len(images) == 2 and images[1]["parents"][0] == images[0]["id"]
    assert all((run_a / "trials" / "warmer" / "3" / a["path"]).is_file() for a in images)
    seeds = {json.loads(p.read_text())["seed"] for p in run_a.glob("trials/*/*/trial.json")}
    assert len(seeds) == 6
    assert "warmer" in (run_a / "report.html").read_text()

    monkeypatch.setattr(intents, "find_warmth", lambda text: None)  # the planted regression
    result = runner.invoke(app, ["eval", "run", str(suite), "--repeat", "6", "--out", str(run_b)])
    assert result.exit_code == 1 and "0/6 trials passed" in result.output

    result = runner.invoke(app, ["eval", "compare", str(run_a), str(run_b)])
    assert result.exit_code == 1, result.output
    assert "significant regressions" in result.output and "trajectory" in result.output
    same = runner.invoke(app, ["eval", "compare", str(run_a), str(run_a)])
    assert same.exit_code == 0 and "no significant regression" in same.output


def test_bad_input_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    runner = CliRunner()
    broken = tmp_path / "broken.yaml"
    broken.write_text("turns: [{user: hi, confirm: maybe}]\n")
    result = runner.invoke(app, ["eval", "run", str(broken)])
    assert result.exit_code == 2 and "turns.0.confirm" in result.output
    result = runner.invoke(app, ["eval", "compare", str(tmp_path), str(tmp_path)])
    assert result.exit_code == 2 and "not a run directory" in " ".join(result.output.split())
    listed = runner.invoke(app, ["eval", "list"])
    counted = re.search(r"(\d+) scenarios", listed.output)
    assert listed.exit_code == 0 and counted and int(counted.group(1)) >= 30
