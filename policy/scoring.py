"""Score the text policy on labelled cases: precision and recall per family and per language.

Labelled sets are YAML (``cases:`` a list) or JSON Lines, one case a line:
``{"id", "lang", "text", "expect": [families or rule ids], "near_miss", "adversarial",
"allow"?: [restricted categories]}``. A family counts once per case: found and expected
is a true positive, found only a false positive, expected only a false negative.
``make bench`` (benchmarks/policy.py) and tests/unit/policy/test_policy_cases.py use it.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from core.findings import Finding
from core.yamlfile import SAFE_LOADER
from policy.text import TextPolicy, load_policy

Case = dict[str, Any]


@dataclass(frozen=True)
class Score:
    """True positives, false positives and false negatives of one group of cases."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        """The share of findings that were expected (1.0 with no findings)."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        """The share of expected families found (1.0 with nothing expected)."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    def __add__(self, other: Score) -> Score:
        return Score(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)


def load_cases(path: Path) -> list[Case]:
    """The cases of a labelled set (``.yaml`` with a ``cases`` list, or ``.jsonl``)."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".jsonl":
        return [json.loads(line) for line in text.splitlines() if line.strip()]
    return list(yaml.load(text, Loader=SAFE_LOADER)["cases"])


def families(names: Iterable[str]) -> set[str]:
    """The families of rule ids or family names (``claims.unsubstantiated`` -> ``claims``)."""
    return {name.split(".", 1)[0] for name in names}


def found_families(case: Case, policy: TextPolicy | None = None) -> set[str]:
    """The families the policy finds in one case.

    A restricted category the advertiser may run is only warned about: no violation.
    """
    policy = policy or load_policy()
    findings = policy.check(str(case["text"]), allow_restricted=case.get("allow") or ())
    return {f.family for f in findings if not _allowed_warning(f)}


def _allowed_warning(finding: Finding) -> bool:
    """A rule's warning about a restricted category the advertiser may run (no violation)."""
    return (finding.family == "restricted" and finding.severity == "warn"
            and not finding.rule_id.endswith(".learned"))


def score(
    cases: list[Case],
    group: Callable[[Case, str], str] = lambda case, family: family,
    policy: TextPolicy | None = None,
    aliases: Mapping[str, str] | None = None,
) -> dict[str, Score]:
    """Counts per group over the cases; by default a group is a family.

    Args:
        cases: The labelled cases.
        group: The group of a (case, family) pair: the family, the case's language...
        policy: The policy to score (the shipped one by default).
        aliases: Family names read as others, on both sides, for a set labelled in another
            taxonomy (its writer's "adult" is this policy's "prohibited", say).
    """
    policy = policy or load_policy()
    alias = aliases or {}
    counts: dict[str, Counter[str]] = {}
    for case in cases:
        expected = {alias.get(f, f) for f in families(case["expect"])}
        found = {alias.get(f, f) for f in found_families(case, policy)}
        for family in expected | found:
            tally = counts.setdefault(group(case, family), Counter())
            kind = "tp" if family in expected and family in found else (
                "fp" if family in found else "fn")
            tally[kind] += 1
    return {name: Score(c["tp"], c["fp"], c["fn"]) for name, c in counts.items()}


def by_language(case: Case, family: str) -> str:
    """A case's language (``en`` when the case does not say)."""
    return str(case.get("lang") or "en")


def total(scores: dict[str, Score]) -> Score:
    """All groups together."""
    return sum(scores.values(), Score())


def table(scores: dict[str, Score], title: str = "family") -> str:
    """The scores as a text table, with an overall line."""
    lines = [f"{title:<12}{'tp':>5}{'fp':>5}{'fn':>5}{'precision':>11}{'recall':>8}"]
    for name, s in [*sorted(scores.items()), ("overall", total(scores))]:
        lines.append(
            f"{name:<12}{s.tp:>5}{s.fp:>5}{s.fn:>5}{s.precision:>11.2f}{s.recall:>8.2f}"
        )
    return "\n".join(lines)
