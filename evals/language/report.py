"""Scoring a chat model on the language suite: accuracy per intent and language, silent wrongs.

``python -m evals.language.report [split ...]`` prints the figures for the local planner;
``adstudio eval language`` does the same for any chat engine.
"""

from __future__ import annotations

import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from langchain_core.language_models import BaseChatModel

from evals.language.cases import SPLITS, Case, load_cases
from evals.language.harness import run_case
from evals.language.matching import Outcome, judge


@dataclass
class Scored:
    """One case's result."""

    case: Case
    outcome: Outcome
    calls: list[dict[str, Any]]
    reply: str


@dataclass
class Tally:
    """Outcome counts of a group of cases."""

    counts: Counter[str] = field(default_factory=Counter)

    @property
    def total(self) -> int:
        """Cases in the group."""
        return sum(self.counts.values())

    def share(self, outcome: str) -> float:
        """Fraction of the group with this outcome."""
        return self.counts[outcome] / self.total if self.total else 0.0


def score(model: BaseChatModel, cases: Iterable[Case]) -> list[Scored]:
    """Run and judge every case."""
    results = []
    for case in cases:
        calls, context, reply = run_case(model, case)
        results.append(Scored(case, judge(case, calls, context.symbols()), calls, reply))
    return results


def tallies(results: list[Scored], key: str) -> dict[str, Tally]:
    """Outcome counts grouped by a case attribute (``intent``, ``lang``, ``split``)."""
    groups: dict[str, Tally] = defaultdict(Tally)
    for result in results:
        groups[str(getattr(result.case, key))].counts[result.outcome] += 1
    return dict(sorted(groups.items()))


def table(results: list[Scored], key: str) -> str:
    """A plain-text table: accuracy, questions back and silent wrong actions per group."""
    lines = [f"{key:<12} {'cases':>5} {'right':>6} {'asked':>6} {'part':>5} {'WRONG':>6}"]
    groups = {**tallies(results, key), "all": _all(results)}
    for name, tally in groups.items():
        lines.append(
            f"{name:<12} {tally.total:>5} {tally.share('correct'):>6.0%} "
            f"{tally.share('asked'):>6.0%} {tally.share('partial'):>5.0%} "
            f"{tally.share('wrong'):>6.1%}"
        )
    return "\n".join(lines)


def _all(results: list[Scored]) -> Tally:
    tally = Tally()
    for result in results:
        tally.counts[result.outcome] += 1
    return tally


def failures(results: list[Scored]) -> str:
    """Every case that was not right: the message, what was expected and what was done."""
    lines = []
    for r in results:
        if r.outcome == "correct":
            continue
        made = "; ".join(f"{c['name']}({_args(c['args'])})" for c in r.calls) or "no call"
        lines.append(f"[{r.outcome}] {r.case.id} ({r.case.context}): {r.case.text}\n"
                     f"    expected {r.case.expect.model_dump(exclude_defaults=True)}\n"
                     f"    made     {made}")
    return "\n".join(lines)


def _args(args: dict[str, Any]) -> str:
    return ", ".join(f"{k}={v!r}" for k, v in args.items() if k not in ("context", "description"))


def main(argv: list[str]) -> int:
    """Score the local planner on the named splits (all by default) and print the tables."""
    from agent.planner.local import LocalPlanner

    show = "--failures" in argv
    splits = [a for a in argv if not a.startswith("--")] or list(SPLITS)
    model = LocalPlanner()
    started = time.perf_counter()
    score(model, load_cases(splits[0])[:1])
    cold = time.perf_counter() - started  # word lists and lexicon loaded once per process
    for split in splits:
        started = time.perf_counter()
        results = score(model, load_cases(split))
        per_turn = (time.perf_counter() - started) / max(1, len(results)) * 1000
        print(f"\n== language suite: {split} ({len(results)} cases; {per_turn:.0f} ms per turn, "
              f"first turn of a process {cold:.2f} s) ==")
        print(table(results, "intent"))
        print()
        print(table(results, "lang"))
        if show:
            print(failures(results))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
