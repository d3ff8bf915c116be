"""Word lists in the policy YAML: patterns name them as ``{{name}}``, and a list grows by data."""

from __future__ import annotations

import pytest

from core.errors import ConfigurationError
from policy.text import compile_policy, load_policy


def _policy(patterns: list[str], vocabularies: dict[str, list[str]]) -> dict[str, object]:
    return {
        "version": "test",
        "vocabularies": vocabularies,
        "rules": [{"id": "health.disease", "severity": "block", "reason": "r", "fix": "f",
                   "patterns": patterns}],
    }


def test_a_pattern_matches_every_word_of_the_named_lists() -> None:
    policy = compile_policy(_policy(
        [r"\b{{verbs}}\s+{{conditions}}\b"],
        {"verbs": ["cures", "lindert"], "conditions": ["gout", "back pain", "l'arthrose"]},
    ))
    assert [f.excerpt for f in policy.check("It cures gout.")] == ["cures gout"]
    assert [f.excerpt for f in policy.check("Lindert back pain")] == ["Lindert back pain"]
    assert policy.check("It cures boredom.") == []


def test_words_are_literal_and_the_longest_wins() -> None:
    policy = compile_policy(_policy(
        [r"\bno more {{conditions}}"], {"conditions": ["back", "back pain", "a.b"]}))
    assert [f.excerpt for f in policy.check("no more back pain")] == ["no more back pain"]
    assert policy.check("no more axb") == []  # "." is a dot, not any character


def test_an_unknown_list_is_a_configuration_error() -> None:
    with pytest.raises(ConfigurationError, match="missing"):
        compile_policy(_policy([r"\b{{missing}}\b"], {}))


def test_the_lists_of_an_included_file_feed_its_rules() -> None:
    # "conditions" and "cure_verbs" live in policy-classes.yaml, included by policy.yaml
    policy = load_policy()
    assert {f.family for f in policy.check("It relieves fibromyalgia.")} == {"health"}
    assert policy.check("It relieves tired feet.") == []


def test_a_long_list_with_shared_prefixes_matches_each_word_whole() -> None:
    words = ["acne", "acné", "acid reflux", "ac", "arthritis", "arthritis pain", "c++", "a|b"]
    policy = compile_policy(_policy([r"\bcures {{conditions}}(?![\w-])"], {"conditions": words}))
    for word in words:
        assert [f.excerpt for f in policy.check(f"cures {word}")] == [f"cures {word}"], word
    assert [f.excerpt for f in policy.check("cures arthritis pain")] == ["cures arthritis pain"]
    assert policy.check("cures acnes") == []  # a word is matched whole
    assert policy.check("cures a") == []  # no prefix of a word matches alone
    assert policy.check("cures ab") == []  # "|" is a character, not an alternation


def test_an_empty_list_matches_nothing() -> None:
    policy = compile_policy(_policy([r"\bcures {{conditions}}|\bnever"], {"conditions": []}))
    assert policy.check("cures acne") == []
    assert [f.excerpt for f in policy.check("never")] == ["never"]


def test_a_rule_runs_only_when_its_requirement_is_in_the_text() -> None:
    data = _policy([r"\b(?:cheaper|better) than (?:the )?\w+"], {"brands": ["Dyson", "Yeti"]})
    data["rules"][0]["requires"] = r"\b{{brands}}"  # type: ignore[index]
    policy = compile_policy(data)
    assert [f.excerpt for f in policy.check("Cheaper than Dyson")] == ["Cheaper than Dyson"]
    assert policy.check("Cheaper than the rest") == []  # no brand named: the rule is skipped
    assert policy.check("Cheaper than dyson") == []  # a gate with capitals keeps its case


def test_a_lower_case_requirement_ignores_case() -> None:
    data = _policy([r"\bcures \w+"], {})
    data["rules"][0]["requires"] = r"\bcures\b"  # type: ignore[index]
    policy = compile_policy(data)
    assert [f.excerpt for f in policy.check("CURES acne")] == ["CURES acne"]
