"""Warm-up: the first turn's loading happens before the first message, and never fails a face."""

from __future__ import annotations

import logging

import pytest

from agent import warmup
from agent.planner import language
from agent.runtime import AgentRuntime
from core.settings import Settings
from policy import text as text_module
from policy.text import load_policy
from tools.services import Services


def test_warming_up_loads_the_policy_and_the_planners_word_lists(
    settings: Settings, services: Services
) -> None:
    language.lexicon.cache_clear()
    language.vocabulary.cache_clear()
    warmup.warm_up(settings, services)
    assert language.lexicon.cache_info().currsize == 1
    assert language.vocabulary.cache_info().currsize == 1
    # the tenant's policy (no override file) is the shipped one, compiled once for both
    assert services.policy(settings.tenant) is load_policy()
    # and prepared: a check skips the patterns whose words a text does not have
    assert all(p in text_module._NEEDED for rule in load_policy().rules
               for p in (*rule.exact, *rule.lowered))


def test_a_runtime_warms_up_in_a_daemon_thread(settings: Settings, services: Services) -> None:
    thread = AgentRuntime(settings, services=services).warm_in_background()
    assert thread.daemon
    thread.join(timeout=600)
    assert not thread.is_alive()


def test_a_failing_warm_up_is_logged_and_never_raised(
    settings: Settings, services: Services, monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    def broken(**kwargs: object) -> None:
        raise OSError("policy file unreadable")

    monkeypatch.setattr("tools.services.load_policy", broken)
    with caplog.at_level(logging.WARNING, logger="agent.warmup"):
        thread = warmup.warm_in_background(settings, services)
        thread.join(timeout=600)
    assert not thread.is_alive()
    assert "Warming up failed" in caplog.text and "policy file unreadable" in caplog.text
