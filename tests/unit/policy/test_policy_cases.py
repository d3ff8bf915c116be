"""The local ad policy on the labelled set: precision and recall per rule family.

``pytest -s tests/unit/policy/test_policy_cases.py`` prints the table.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

import pytest
import yaml

from policy.text import load_policy
from tests.paths import DATA

CASES = DATA / "policy_cases.yaml"
FAMILIES = ("prohibited", "restricted", "claims", "health", "financial", "urgency",
            "trademark", "sensitive", "pii", "injection")


@dataclass(frozen=True)
class Score:
    """True positives, false positives and false negatives of one family."""

    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def load_cases() -> list[dict[str, Any]]:
    return list(yaml.safe_load(CASES.read_text(encoding="utf-8"))["cases"])


def families(names: list[str]) -> set[str]:
    return {name.split(".", 1)[0] for name in names}


def score(cases: list[dict[str, Any]]) -> dict[str, Score]:
    """Per-family counts over the cases (a family found or expected once per case)."""
    policy = load_policy()
    counts: dict[str, Counter[str]] = {}
    for case in cases:
        expected = families(case["expect"])
        allow = case.get("allow", [])
        found = {f.family for f in policy.check(case["text"], allow_restricted=allow)}
        for family in expected | found:
            tally = counts.setdefault(family, Counter())
            tally["tp" if family in expected and family in found else
                  "fp" if family in found else "fn"] += 1
    return {f: Score(c["tp"], c["fp"], c["fn"]) for f, c in counts.items()}


def table(scores: dict[str, Score]) -> str:
    total = Score(*(sum(getattr(s, k) for s in scores.values()) for k in ("tp", "fp", "fn")))
    lines = [f"{'family':<12}{'tp':>5}{'fp':>5}{'fn':>5}{'precision':>11}{'recall':>8}"]
    for name, s in [*sorted(scores.items()), ("overall", total)]:
        lines.append(f"{name:<12}{s.tp:>5}{s.fp:>5}{s.fn:>5}{s.precision:>11.2f}{s.recall:>8.2f}")
    return "\n".join(lines)


@pytest.fixture(scope="module")
def cases() -> list[dict[str, Any]]:
    return load_cases()


def test_the_set_is_large_and_covers_every_family(cases: list[dict[str, Any]]) -> None:
    assert len(cases) >= 150
    assert sum(1 for c in cases if not c["expect"]) >= 50  # compliant copy and near misses
    expected = Counter(f for c in cases for f in families(c["expect"]))
    assert set(expected) <= set(FAMILIES)
    assert all(expected[f] >= 2 for f in FAMILIES)
    assert all(expected[f] >= 5 for f in FAMILIES if f != "sensitive")


def test_precision_and_recall_on_the_labelled_set(cases: list[dict[str, Any]]) -> None:
    scores = score(cases)
    print("\n" + table(scores))
    tp, fp, fn = (sum(getattr(s, k) for s in scores.values()) for k in ("tp", "fp", "fn"))
    assert tp / (tp + fp) >= 0.95
    assert tp / (tp + fn) >= 0.90
    assert all(scores[f].recall >= 0.75 for f in FAMILIES)


def test_allowed_restricted_cases_are_warnings_not_blocks(cases: list[dict[str, Any]]) -> None:
    allowed = [c for c in cases if c.get("allow")]
    assert allowed
    for case in allowed:
        findings = load_policy().check(case["text"], allow_restricted=case["allow"])
        restricted = [f for f in findings if f.family == "restricted"]
        assert restricted and all(f.severity == "warn" for f in restricted)
