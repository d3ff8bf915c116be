"""``adstudio eval compare`` on synthetic run folders: the regression statistic and exit codes.

The folders are written here in the layout ``adstudio eval run`` leaves (``run.json``,
``summary.json`` and ``trials/<scenario>/<k>/trial.json``; see evals/runner.py and
evals/report.py), with a known pass or fail for every check of every trial, so each
expected verdict follows from the data: McNemar's exact test of ``r`` regressed and ``i``
improved pairs has the two-sided p-value ``min(1, 2 * P(X <= min(r, i)))`` with X ~
Binomial(r + i, 1/2), Holm-adjusted within the scenarios and within the evaluators. Real
``eval run`` runs end to end are in test_eval_cli.py.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.app import app
from evals.compare import NothingShared, compare_dirs, fewest_pairs
from evals.stats import holm, sign_test

CHECKS = ("t2.trajectory", "t2.assets", "run.end_state")  # evaluators of the "warmer" edit
ALL_PASS = dict.fromkeys(CHECKS, True)
ALL_FAIL = dict.fromkeys(CHECKS, False)
SIX_OF_SIX = 2 * 0.5**6  # p of 6 regressed pairs out of 6, none improved
Trials = dict[str, list[dict[str, bool]]]


def write_run(folder: Path, run_id: str, trials: Trials,
              fingerprints: dict[str, str] | None = None, latency_s: float = 1.0) -> Path:
    """A run folder whose trial k of each scenario passed each check as ``trials`` says.

    Trial k took ``latency_s * (k + 1)`` seconds and cost $0.01 per second.
    """
    passed_count = 0
    for scenario, outcomes in trials.items():
        for k, checks in enumerate(outcomes):
            passed = all(checks.values())
            passed_count += passed
            trial = {
                "run_id": run_id, "scenario": scenario, "trial": k, "seed": 1000 + k,
                "passed": passed, "turns": [], "assets": [], "notices": [],
                "latency_s": latency_s * (k + 1), "cost_usd": 0.01 * latency_s * (k + 1),
                "scores": [{"key": key, "score": 1.0 if ok else 0.0, "comment": ""}
                           for key, ok in checks.items()],
            }
            trial_dir = folder / "trials" / scenario / str(k)
            trial_dir.mkdir(parents=True)
            (trial_dir / "trial.json").write_text(json.dumps(trial), encoding="utf-8")
    total = sum(len(outcomes) for outcomes in trials.values())
    summary = {"trials": total, "passed": passed_count, "pass_rate": passed_count / total}
    run = {
        "run_id": run_id, "suite": "synthetic", "engine": "local", "tenant": "default",
        "repeat": max(len(outcomes) for outcomes in trials.values()),
        "scenarios": sorted(trials), "summary": summary,
        **({"fingerprints": fingerprints} if fingerprints is not None else {}),
    }
    (folder / "run.json").write_text(json.dumps(run), encoding="utf-8")
    (folder / "summary.json").write_text(json.dumps(summary), encoding="utf-8")
    return folder


@pytest.fixture
def baseline(tmp_path: Path) -> Path:
    """Six trials of one edit scenario, every check passed."""
    return write_run(tmp_path / "a", "base-run", {"warmer": [ALL_PASS] * 6})


@pytest.fixture
def regressed(tmp_path: Path) -> Path:
    """The same six trials with the edit broken: every check failed."""
    return write_run(tmp_path / "b", "broken-run", {"warmer": [ALL_FAIL] * 6})


def compare_cli(run_a: Path, run_b: Path, *options: str) -> tuple[int, str]:
    """Exit code and output of ``adstudio eval compare RUN_A RUN_B [OPTIONS]``."""
    result = CliRunner().invoke(app, ["eval", "compare", str(run_a), str(run_b), *options])
    return result.exit_code, result.output


def row(output: str, name: str) -> str:
    """The table row whose first cell is ``name``, whitespace squeezed."""
    rows = [" ".join(line.split()) for line in output.splitlines()]
    found = [line for line in rows if line.startswith(f"│ {name} │")]
    assert len(found) == 1, f"no single row {name!r} in:\n{output}"
    return found[0]


def last_line(output: str) -> str:
    """The verdict line that closes the output."""
    return output.strip().splitlines()[-1]


def test_six_regressed_pairs_of_six_are_a_significant_regression(
    baseline: Path, regressed: Path
) -> None:
    result = compare_dirs(baseline, regressed)
    assert (result.run_a, result.run_b) == ("base-run", "broken-run")  # ids, not folders
    overall = result.overall
    assert (overall.rate_a, overall.rate_b) == (1.0, 0.0)
    assert (overall.test.pairs, overall.test.regressed, overall.test.improved) == (6, 6, 0)
    assert overall.p == pytest.approx(SIX_OF_SIX) and overall.verdict(0.05) == "regressed"
    [warmer] = result.scenarios  # a family of one: Holm leaves its p-value as it is
    assert warmer.p == pytest.approx(SIX_OF_SIX) and warmer.verdict(0.05) == "regressed"
    # three evaluators, each 6 of 6 regressed: Holm multiplies the smallest p by 3
    assert {r.name: (round(r.p, 5), r.verdict(0.05)) for r in result.evaluators} == {
        name: (round(3 * SIX_OF_SIX, 5), "noise") for name in ("assets", "end_state", "trajectory")
    }
    assert [r.name for r in result.regressions()] == ["all trials", "warmer"]
    assert not result.only_in_a and not result.only_in_b


def test_compare_exits_1_on_the_regression_and_0_on_the_same_run(
    baseline: Path, regressed: Path
) -> None:
    code, output = compare_cli(baseline, regressed)
    assert code == 1, output
    assert "A = base-run\nB = broken-run" in output
    assert last_line(output) == "significant regressions: all trials, warmer"
    assert row(output, "all trials") == "│ all trials │ 100% │ 0% │ 6 │ 0 │ 0.031 │ regressed │"
    assert row(output, "warmer") == "│ warmer │ 100% │ 0% │ 6 │ 0 │ 0.031 │ regressed │"
    # shown, but not significant once adjusted for the three evaluators
    assert row(output, "trajectory") == "│ trajectory │ 100% │ 0% │ 6 │ 0 │ 0.094 │ noise │"

    code, output = compare_cli(baseline, baseline)
    assert code == 0, output
    assert "no scenario changed" in output and last_line(output) == "no significant regression"


def test_too_few_regressions_are_noise_and_an_improvement_passes(
    baseline: Path, regressed: Path, tmp_path: Path
) -> None:
    flaky = write_run(tmp_path / "flaky", "flaky-run",
                      {"warmer": [ALL_FAIL] * 2 + [ALL_PASS] * 4})
    result = compare_dirs(baseline, flaky)
    assert (result.overall.test.regressed, result.overall.test.improved) == (2, 0)
    assert result.overall.p == pytest.approx(2 * 0.5**2)  # 0.5: two flips prove nothing
    code, output = compare_cli(baseline, flaky)
    assert code == 0, output
    assert row(output, "all trials") == "│ all trials │ 100% │ 67% │ 2 │ 0 │ 0.500 │ noise │"
    assert last_line(output) == "no significant regression"

    code, output = compare_cli(regressed, baseline)  # B fixes what A broke
    assert code == 0, output
    assert row(output, "all trials") == "│ all trials │ 0% │ 100% │ 0 │ 6 │ 0.031 │ improved │"
    assert last_line(output) == "no significant regression"


def test_runs_sharing_no_scenario_are_refused(tmp_path: Path) -> None:
    # they used to print "all trials 0% -> 0%, same" and exit 0: a gate that always passes
    greet = write_run(tmp_path / "a", "greet-run", {"greet": [ALL_PASS] * 3})
    photo = write_run(tmp_path / "b", "photo-run", {"photo-ad": [ALL_FAIL] * 3})
    with pytest.raises(NothingShared):
        compare_dirs(greet, photo)
    code, output = compare_cli(greet, photo)
    assert code == 2 and "share no scenario" in " ".join(output.split())


def test_a_scenario_changed_between_the_runs_is_named_and_fails_strict(tmp_path: Path) -> None:
    same = {"warmer": [ALL_PASS] * 7, "greet": [ALL_PASS] * 7}  # 7: enough for two
    a = write_run(tmp_path / "a", "run-a", same, {"warmer": "1111", "greet": "2222"})
    b = write_run(tmp_path / "b", "run-b", same, {"warmer": "9999", "greet": "2222"})
    assert compare_dirs(a, b).redefined == ["warmer"]
    code, output = compare_cli(a, b)
    assert code == 0 and "changed between the runs" in " ".join(output.split())
    code, output = compare_cli(a, b, "--strict")
    assert code == 2 and "warmer" in output
    unchanged = write_run(tmp_path / "c", "run-c", same, {"warmer": "1111", "greet": "2222"})
    assert compare_cli(a, unchanged, "--strict")[0] == 0


def test_one_trial_cannot_show_a_regression_and_says_so(tmp_path: Path) -> None:
    # 100% -> 0% at -k 1 was called "noise" with nothing saying no verdict was possible
    prints = {"warmer": "1111"}
    a = write_run(tmp_path / "a", "run-a", {"warmer": [ALL_PASS]}, prints)
    b = write_run(tmp_path / "b", "run-b", {"warmer": [ALL_FAIL]}, prints)
    result = compare_dirs(a, b)
    assert result.underpowered() and result.trials_needed == 6
    code, output = compare_cli(a, b)
    flat = " ".join(output.split())
    assert code == 0 and "needs --repeat 6 or more" in flat and "too few trials" in flat
    assert compare_cli(a, b, "--strict")[0] == 2


@pytest.mark.parametrize(("family", "alpha"), [(1, 0.05), (3, 0.05), (40, 0.05), (5, 0.01)])
def test_the_fewest_trials_is_where_an_all_regressed_scenario_turns_significant(
    family: int, alpha: float
) -> None:
    n = fewest_pairs(alpha, family)
    def smallest_adjusted(pairs: int) -> float:
        p = sign_test([(True, False)] * pairs).p_value
        return holm([p] + [1.0] * (family - 1))[0]
    assert smallest_adjusted(n) < alpha <= smallest_adjusted(n - 1)


def test_latency_percentiles_and_cost_sit_beside_the_rates(tmp_path: Path) -> None:
    prints = {"warmer": "1111"}
    a = write_run(tmp_path / "a", "run-a", {"warmer": [ALL_PASS] * 6}, prints, latency_s=1.0)
    b = write_run(tmp_path / "b", "run-b", {"warmer": [ALL_PASS] * 6}, prints, latency_s=2.0)
    result = compare_dirs(a, b)
    # trial k took (k+1) s in A and 2(k+1) s in B: nearest-rank p50 is the 3rd, p95 the 6th
    assert (result.spend_a.p50_s, result.spend_a.p95_s) == (3.0, 6.0)
    assert (result.spend_b.p50_s, result.spend_b.p95_s) == (6.0, 12.0)
    assert result.spend_b.mean_usd == pytest.approx(2 * result.spend_a.mean_usd)
    code, output = compare_cli(a, b)
    assert code == 0
    assert row(output, "latency p95") == "│ latency p95 │ 6.00 s │ 12.00 s │ +6.00 s │"


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


def test_a_run_that_recorded_no_latency_shows_none_not_zero(tmp_path: Path) -> None:
    prints = {"warmer": "1111"}
    old = write_run(tmp_path / "a", "run-a", {"warmer": [ALL_PASS] * 6}, prints)
    for path in (old / "trials").glob("*/*/trial.json"):  # a run from before latency was kept
        trial = json.loads(path.read_text())
        del trial["latency_s"], trial["cost_usd"]
        path.write_text(json.dumps(trial))
    new = write_run(tmp_path / "b", "run-b", {"warmer": [ALL_PASS] * 6}, prints)
    result = compare_dirs(old, new)
    assert (result.spend_a.p95_s, result.spend_a.mean_usd) == (None, None)
    code, output = compare_cli(old, new)
    assert code == 0 and row(output, "latency p95") == "│ latency p95 │ - │ 6.00 s │ - │"
