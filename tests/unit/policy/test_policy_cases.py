"""The local ad policy on the labelled sets: precision and recall per rule family and language.

``pytest -s tests/unit/policy/test_policy_cases.py`` prints the tables. The sets:
``policy_cases.yaml`` (English, written with the first policy) and
``policy_cases_multilingual.jsonl`` (en, de, fr, es and a few it; written by case writers
who never saw the rules, with near misses and obfuscated cases marked) and
``policy_cases_multilingual_2.jsonl`` (300 more by a third writer, scored before the rules
were tuned on it: precision 0.94, recall 0.60). The thresholds
are the figures reached when the sets were added, minus a small margin. They hold the rules
alone: the learned reader (policy/semantic.py) was trained on these sets, so its figures here
would say nothing; ``make bench`` gives its figures on the blind sets.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from policy.scoring import by_language, families, load_cases, score, table, total
from policy.text import load_policy
from tests.paths import DATA

RULES = load_policy(learned=False)

SETS = (DATA / "policy_cases.yaml", DATA / "policy_cases_multilingual.jsonl",
        DATA / "policy_cases_multilingual_2.jsonl")
FAMILIES = ("prohibited", "restricted", "claims", "health", "financial", "urgency",
            "trademark", "sensitive", "pii", "injection")
# (precision, recall) per family on the three sets together: reached 2026-12 after the
# second set was added (0.97-1.00), minus a margin
FLOORS = {
    "claims": (0.97, 0.97), "financial": (0.97, 0.97), "health": (0.95, 0.97),
    "injection": (0.97, 0.97), "pii": (0.97, 0.97), "prohibited": (0.97, 0.96),
    "restricted": (0.96, 0.97), "sensitive": (0.95, 0.95), "trademark": (0.95, 0.95),
    "urgency": (0.97, 0.97),
}
LANGUAGE_FLOORS = {"en": (0.97, 0.97), "de": (0.96, 0.97), "fr": (0.97, 0.97),
                   "es": (0.97, 0.97)}


@pytest.fixture(scope="module")
def cases() -> list[dict[str, Any]]:
    return [case for path in SETS for case in load_cases(path)]


def test_the_set_is_large_multilingual_and_covers_every_family(
    cases: list[dict[str, Any]],
) -> None:
    assert len(cases) >= 750
    compliant = [c for c in cases if not c["expect"]]
    assert len(compliant) >= len(cases) / 3  # compliant copy and near misses
    assert Counter(c.get("lang", "en") for c in cases).keys() >= {"en", "de", "fr", "es"}
    assert sum(1 for c in cases if c.get("adversarial")) >= 40
    expected = Counter(f for c in cases for f in families(c["expect"]))
    assert set(expected) <= set(FAMILIES)
    assert all(expected[f] >= 5 for f in FAMILIES)


def test_precision_and_recall_per_family(cases: list[dict[str, Any]]) -> None:
    scores = score(cases, policy=RULES)
    print("\n" + table(scores))
    overall = total(scores)
    assert overall.precision >= 0.97 and overall.recall >= 0.97
    low = {f: (round(scores[f].precision, 2), round(scores[f].recall, 2))
           for f, (p, r) in FLOORS.items() if scores[f].precision < p or scores[f].recall < r}
    assert not low


def test_precision_and_recall_per_language(cases: list[dict[str, Any]]) -> None:
    scores = score(cases, by_language, policy=RULES)
    print("\n" + table(scores, "language"))
    low = {lang: (round(scores[lang].precision, 2), round(scores[lang].recall, 2))
           for lang, (p, r) in LANGUAGE_FLOORS.items()
           if scores[lang].precision < p or scores[lang].recall < r}
    assert not low


def test_obfuscated_cases_are_caught(cases: list[dict[str, Any]]) -> None:
    adversarial = total(score([c for c in cases if c.get("adversarial")], policy=RULES))
    assert adversarial.recall >= 0.95 and adversarial.precision >= 0.95


def test_allowed_restricted_cases_are_warnings_not_blocks(cases: list[dict[str, Any]]) -> None:
    allowed = [c for c in cases if c.get("allow") and not c["expect"]]
    assert len(allowed) >= 5
    policy = load_policy()
    for case in allowed:
        findings = policy.check(case["text"], allow_restricted=case["allow"])
        restricted = [f for f in findings if f.family == "restricted"]
        assert all(f.severity == "warn" for f in restricted), case["text"]
    warned = [c for c in allowed
              if any(f.family == "restricted"
                     for f in policy.check(c["text"], allow_restricted=c["allow"]))]
    assert warned  # the category is still named, as a warning
