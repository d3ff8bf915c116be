"""LangSmith tracing of eval trials, against a fake LangSmith client (no network)."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import langsmith
import langsmith.run_trees
import langsmith.utils
import pytest

from evals import tracing
from evals.runner import RunOptions, run_suite
from evals.scenario import Scenario, parse_scenario

SCENARIO = {
    "seed": 7,
    "turns": [{"user": "hi", "expect": {"trajectory": {"mode": "strict", "calls": []},
                                        "reply": {"contains": ["photo"]}}}],
}


class FakeLangSmith:
    """Records what the LangSmith client is asked to send."""

    def __init__(self) -> None:
        self.created: list[dict[str, Any]] = []
        self.updated: list[dict[str, Any]] = []
        self.feedback: list[dict[str, Any]] = []
        self.clients = 0
        self.fail_feedback = self.fail_runs = False

    def __call__(self, *args: Any, **kwargs: Any) -> FakeLangSmith:
        """Stands in for ``langsmith.Client()``: counts the clients made."""
        self.clients += 1
        return self

    def create_run(self, **run: Any) -> None:
        if self.fail_runs:
            raise ConnectionError("LangSmith is down")
        self.created.append(run)

    def update_run(self, *args: Any, **run: Any) -> None:
        if self.fail_runs:
            raise ConnectionError("LangSmith is down")
        self.updated.append(run)

    def create_feedback(self, run_id: Any, key: str, **kwargs: Any) -> None:
        if self.fail_feedback:
            raise ConnectionError("LangSmith is down")
        self.feedback.append({"run_id": str(run_id), "key": key, **kwargs})

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return lambda *args, **kwargs: None  # flush() and the like


def forget_env() -> None:
    """Make LangSmith read its env vars again (it caches them)."""
    cast(Any, langsmith.utils.get_env_var).cache_clear()


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Any]]:
    """Record (and refuse) every outgoing connection."""
    attempts: list[Any] = []

    def refuse(self: socket.socket, address: Any) -> None:
        attempts.append(address)
        raise ConnectionRefusedError("no network in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    yield attempts
    assert attempts == []


@pytest.fixture
def langsmith_fake(
    monkeypatch: pytest.MonkeyPatch, no_network: list[Any]
) -> Iterator[FakeLangSmith]:
    """The fake client behind ``langsmith.Client()`` and LangSmith's cached client."""
    fake = FakeLangSmith()
    monkeypatch.setattr(langsmith, "Client", fake)
    monkeypatch.setattr(langsmith.run_trees, "_CLIENT", fake)
    forget_env()  # LangSmith caches the env vars it read
    yield fake
    monkeypatch.undo()  # the env vars go before the cache is cleared again
    forget_env()
    assert not langsmith.utils.tracing_is_enabled()  # later tests are not traced


def switch_on(monkeypatch: pytest.MonkeyPatch, flag: str = "LANGSMITH_TRACING") -> None:
    monkeypatch.setenv(flag, "true")
    monkeypatch.setenv("LANGSMITH_API_KEY", "lsv2_pt_fake")
    forget_env()


def scenario(name: str) -> Scenario:
    return parse_scenario(SCENARIO, f"{name}.yaml")


@pytest.mark.parametrize("flag", ["LANGSMITH_TRACING", "LANGCHAIN_TRACING_V2"])
def test_tracing_needs_the_flag_and_a_key(monkeypatch: pytest.MonkeyPatch, flag: str) -> None:
    monkeypatch.delenv("LANGSMITH_API_KEY", raising=False)
    monkeypatch.delenv("LANGCHAIN_API_KEY", raising=False)
    assert not tracing.enabled()
    monkeypatch.setenv(flag, "true")
    assert not tracing.enabled()  # no key
    monkeypatch.setenv("LANGCHAIN_API_KEY", "lsv2_pt_fake")
    assert tracing.enabled()
    monkeypatch.setenv(flag, "false")
    assert not tracing.enabled()


def test_each_trial_is_a_run_with_its_scores_as_feedback(
    monkeypatch: pytest.MonkeyPatch, langsmith_fake: FakeLangSmith, tmp_path: Path
) -> None:
    switch_on(monkeypatch)
    run_suite([scenario("greet")], "smoke", RunOptions(repeat=2, concurrency=2),
              tmp_path / "run")

    roots = [r for r in langsmith_fake.created if r.get("parent_run_id") is None]
    assert sorted(r["name"] for r in roots) == ["eval:greet", "eval:greet"]
    assert sorted(r["extra"]["metadata"]["seed"] for r in roots) == [7000, 7001]
    assert all(r["inputs"] == {"scenario": "greet"} for r in roots)
    root_ids = {str(r["id"]) for r in roots}
    # the agent's own runs (graph, model) nest under their trial's run
    nested = [r for r in langsmith_fake.created if r.get("parent_run_id") is not None]
    assert {"adstudio", "LocalPlanner"} <= {r["name"] for r in nested}
    assert {str(r["trace_id"]) for r in nested} == root_ids
    ended = [r for r in langsmith_fake.updated if str(r.get("run_id")) in root_ids]
    assert len(ended) == 2 and all(r["outputs"] == {"passed": True} for r in ended)

    assert len(langsmith_fake.feedback) == 4  # two scores per trial
    for run_id in root_ids:
        given = {f["key"]: f["score"] for f in langsmith_fake.feedback if f["run_id"] == run_id}
        assert given == {"t1.trajectory": 1.0, "t1.reply": 1.0}


def test_a_feedback_failure_is_logged_not_raised(
    monkeypatch: pytest.MonkeyPatch, langsmith_fake: FakeLangSmith,
    caplog: pytest.LogCaptureFixture,
) -> None:
    switch_on(monkeypatch, "LANGCHAIN_TRACING_V2")
    langsmith_fake.fail_feedback = True
    with tracing.traced("eval:x", {"scenario": "x"}, {"seed": 1}) as finish:
        finish({"passed": False}, [{"key": "run.setup", "score": 0.0, "comment": "broken"}])
    assert "LangSmith feedback not sent: LangSmith is down" in caplog.text
    assert [r["name"] for r in langsmith_fake.created] == ["eval:x"]
    assert langsmith_fake.updated[-1]["outputs"] == {"passed": False}


def test_a_trial_runs_on_when_langsmith_cannot_record_runs(
    monkeypatch: pytest.MonkeyPatch, langsmith_fake: FakeLangSmith, tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    switch_on(monkeypatch)
    langsmith_fake.fail_runs = True
    run_suite([scenario("greet")], "smoke", RunOptions(), tmp_path / "run")
    trial = json.loads((tmp_path / "run" / "trials" / "greet" / "0" / "trial.json").read_text())
    assert trial["passed"] is True
    assert "LangSmith trace not started: LangSmith is down" in caplog.text


def test_tracing_is_silent_without_the_env_vars(
    langsmith_fake: FakeLangSmith, tmp_path: Path
) -> None:
    run_suite([scenario("greet")], "smoke", RunOptions(), tmp_path / "run")
    assert (tmp_path / "run" / "trials" / "greet" / "0" / "trial.json").is_file()
    assert langsmith_fake.clients == 0
    assert langsmith_fake.created == langsmith_fake.updated == langsmith_fake.feedback == []
