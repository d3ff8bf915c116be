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
