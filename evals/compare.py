"""Compare two runs: what regressed and what improved, and whether it is more than noise.

Trials are paired by (scenario, trial k). Each scenario, each evaluator and the whole run
get McNemar's exact test on the paired pass/fail outcomes. The scenarios are one family
and the evaluators another: their p-values are Holm-adjusted, so testing forty scenarios
does not raise false alarms. A significant regression (adjusted p < alpha, more pairs
regressed than improved) makes ``adstudio eval compare`` exit 1.

A comparison also says what could mislead a gate: runs that share no scenario are refused,
a scenario whose definition changed between the runs (its fingerprint in ``run.json``) is
named, and so is the fewest number of trials at which a regression could be significant at
all (:func:`fewest_pairs`): below it, "noise" means "too few trials to tell".
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from evals.report import evaluator_name, latencies, load_trials, percentile
from evals.stats import PairedTest, holm, sign_test

ALPHA = 0.05


class RunError(ValueError):
    """A folder that is not a run directory."""


class NothingShared(RunError):
    """Two runs with no (scenario, trial) in common: there is nothing to compare."""


def fewest_pairs(alpha: float, family: int = 1) -> int:
    """The fewest paired trials at which a regression can be significant.

    That is when every pair regressed: McNemar's exact two-sided p-value of ``n`` regressed
    pairs and none improved is ``2 * 0.5**n``, and Holm multiplies the smallest p-value of
    a family of ``family`` rows by ``family``.

    Args:
        alpha: The significance level.
        family: Rows tested together (the scenarios of a run; 1 for the whole run).
    """
    return max(1, math.floor(math.log2(2 * max(1, family) / alpha)) + 1)


@dataclass(frozen=True)
class Spend:
    """Latency and cost of one run's trials (those paired with the other run)."""

    p50_s: float | None
    p95_s: float | None
    mean_usd: float | None

    @classmethod
    def of(cls, trials: list[dict[str, Any]]) -> Spend:
        """The figures of ``trials``; a trial that did not record one is left out of it."""
        latency = latencies(trials)
        cost = _numbers(trials, "cost_usd")
        return cls(percentile(latency, 50), percentile(latency, 95),
                   sum(cost) / len(cost) if cost else None)


def _numbers(trials: list[dict[str, Any]], key: str) -> list[float]:
    values = (t.get(key) for t in trials)
    return [float(v) for v in values if isinstance(v, int | float) and not isinstance(v, bool)]


@dataclass(frozen=True)
class Row:
    """One compared unit (a scenario, an evaluator, or the whole run)."""

    name: str
    rate_a: float
    rate_b: float
    test: PairedTest
    p_adjusted: float | None = None
    """Holm-adjusted p-value within the row's family (None: the row is its own family)."""

    @property
    def p(self) -> float:
        """The p-value the verdict uses (adjusted when the row is one of a family)."""
        return self.test.p_value if self.p_adjusted is None else self.p_adjusted

    def verdict(self, alpha: float) -> str:
        """``regressed``/``improved`` (significant), ``noise`` (not significant), ``same``."""
        if self.test.direction == "same":
            return "same"
        return self.test.direction if self.p < alpha else "noise"


@dataclass
class Comparison:
    """The comparison of run B against run A."""

    run_a: str
    run_b: str
    alpha: float
    overall: Row
    scenarios: list[Row] = field(default_factory=list)
    evaluators: list[Row] = field(default_factory=list)
    only_in_a: list[str] = field(default_factory=list)
    only_in_b: list[str] = field(default_factory=list)
    redefined: list[str] = field(default_factory=list)
    """Shared scenarios whose definition differs between the runs (by fingerprint)."""
    fingerprinted: bool = True
    """Whether both runs recorded their scenarios' fingerprints (older runs did not)."""
    spend_a: Spend = field(default_factory=lambda: Spend(None, None, None))
    spend_b: Spend = field(default_factory=lambda: Spend(None, None, None))

    def regressions(self) -> list[Row]:
        """Rows with a significant regression."""
        rows = [self.overall, *self.scenarios, *self.evaluators]
        return [r for r in rows if r.verdict(self.alpha) == "regressed"]

    @property
    def trials_per_scenario(self) -> int:
        """The fewest paired trials of any shared scenario."""
        return min((r.test.pairs for r in self.scenarios), default=0)

    @property
    def trials_needed(self) -> int:
        """Trials per scenario from which one scenario's regression can be significant."""
        return fewest_pairs(self.alpha, len(self.scenarios))

    def underpowered(self) -> bool:
        """Whether no single scenario's regression could be significant with these trials."""
        return self.trials_per_scenario < self.trials_needed

    def cautions(self) -> list[str]:
        """What could make the verdict mislead: changed scenarios, too few trials."""
        lines = []
        if self.redefined:
            lines.append("these scenarios were changed between the runs (their definitions "
                         "differ), so their outcomes compare different tests: "
                         + ", ".join(self.redefined))
        if not self.fingerprinted:
            lines.append("a run from before fingerprints: changed scenario definitions cannot "
                         "be detected")
        if self.underpowered():
            lines.append(
                f"with {self.trials_per_scenario} trial(s) per scenario no single scenario's "
                f"regression can be significant at alpha {self.alpha:g} over "
                f"{len(self.scenarios)} scenario(s): that needs --repeat "
                f"{self.trials_needed} or more; 'noise' here means 'too few trials to tell'")
        return lines


def load_run(run_dir: Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """A run's ``run.json`` and trials.

    Raises:
        RunError: No ``run.json`` in the folder (or it is not JSON).
    """
    try:
        run = json.loads((run_dir / "run.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise RunError(f"{run_dir}: not a run directory (no readable run.json): {exc}") from exc
    return run, load_trials(run_dir)


def _row(name: str, pairs: list[tuple[bool, bool]]) -> Row:
    n = max(1, len(pairs))
    return Row(name, sum(a for a, _ in pairs) / n, sum(b for _, b in pairs) / n,
               sign_test(pairs))


def _evaluator_passes(trial: dict[str, Any]) -> dict[str, bool]:
    """Whether every check of each evaluator passed in the trial."""
    passes: dict[str, bool] = {}
    for item in trial["scores"]:
        name = evaluator_name(item["key"])
        passes[name] = passes.get(name, True) and item["score"] >= 1.0
    return passes


Fingerprints = dict[str, str]


def compare(trials_a: list[dict[str, Any]], trials_b: list[dict[str, Any]], *,
            names: tuple[str, str] = ("A", "B"), alpha: float = ALPHA,
            fingerprints: tuple[Fingerprints | None, Fingerprints | None] = (None, None),
            ) -> Comparison:
    """Compare run B with run A, trial by trial.

    Args:
        trials_a: The baseline run's trials.
        trials_b: The trials checked against them.
        names: The two runs' ids.
        alpha: The significance level.
        fingerprints: Each run's scenario fingerprints by id (None: not recorded).

    Raises:
        NothingShared: No (scenario, trial) is in both runs.
    """
    a = {(t["scenario"], t["trial"]): t for t in trials_a}
    b = {(t["scenario"], t["trial"]): t for t in trials_b}
    shared = sorted(a.keys() & b.keys())
    if not shared:
        raise NothingShared(
            f"{names[0]} and {names[1]} share no scenario trial: nothing to compare "
            f"(A has {len({k[0] for k in a})} scenarios, B {len({k[0] for k in b})}).")
    by_scenario: dict[str, list[tuple[bool, bool]]] = defaultdict(list)
    by_evaluator: dict[str, list[tuple[bool, bool]]] = defaultdict(list)
    for key in shared:
        by_scenario[key[0]].append((bool(a[key]["passed"]), bool(b[key]["passed"])))
        pa, pb = _evaluator_passes(a[key]), _evaluator_passes(b[key])
        for name in pa.keys() & pb.keys():
            by_evaluator[name].append((pa[name], pb[name]))
    scenarios_a = {k[0] for k in a}
    scenarios_b = {k[0] for k in b}
    return Comparison(
        run_a=names[0], run_b=names[1], alpha=alpha,
        overall=_row("all trials", [p for pairs in by_scenario.values() for p in pairs]),
        scenarios=_family([_row(name, pairs) for name, pairs in sorted(by_scenario.items())]),
        evaluators=_family([_row(name, pairs) for name, pairs in sorted(by_evaluator.items())]),
        only_in_a=sorted(scenarios_a - scenarios_b), only_in_b=sorted(scenarios_b - scenarios_a),
        redefined=_redefined(sorted(by_scenario), *fingerprints),
        fingerprinted=None not in fingerprints,
        spend_a=Spend.of([a[key] for key in shared]), spend_b=Spend.of([b[key] for key in shared]),
    )


def _redefined(names: list[str], a: Fingerprints | None, b: Fingerprints | None) -> list[str]:
    """The scenarios whose fingerprints both runs recorded and which differ."""
    if a is None or b is None:
        return []
    return [n for n in names if n in a and n in b and a[n] != b[n]]


def _family(rows: list[Row]) -> list[Row]:
    """The rows with their Holm-adjusted p-values (the family tested together)."""
    adjusted = holm([row.test.p_value for row in rows])
    return [replace(row, p_adjusted=p) for row, p in zip(rows, adjusted, strict=True)]


def compare_dirs(run_a: Path, run_b: Path, alpha: float = ALPHA) -> Comparison:
    """Compare two run directories.

    Raises:
        RunError: One of them is not a run directory, or they share no trial.
    """
    meta_a, trials_a = load_run(run_a)
    meta_b, trials_b = load_run(run_b)
    return compare(trials_a, trials_b, names=(str(meta_a["run_id"]), str(meta_b["run_id"])),
                   alpha=alpha, fingerprints=(meta_a.get("fingerprints"),
                                              meta_b.get("fingerprints")))
