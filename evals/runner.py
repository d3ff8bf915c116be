"""Run a suite: every scenario K times, each trial in its own data dir, into a run dir.

Layout of a run directory (read by ``adstudio eval compare`` and the Review tab)::

    RUN_DIR/run.json                          run id, suite, engine, repeat, scenarios (and their
                                              fingerprints), summary
    RUN_DIR/trials/<scenario>/<k>/trial.json  seed, passed, scores, assets, turns (transcript)
    RUN_DIR/trials/<scenario>/<k>/assets/     the files the trial made
"""

from __future__ import annotations

import json
import logging
import shutil
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from langchain_core.language_models import BaseChatModel
from langgraph.checkpoint.memory import InMemorySaver
from pydantic import ValidationError

from agent.context import Context
from agent.events import ConfirmEvent, DoneEvent, ErrorEvent, Event
from agent.models import make_chat_model
from agent.runtime import SERIALIZER, AgentRuntime
from core.errors import CapabilityError
from core.settings import Settings
from core.storage.assets import Asset
from evals import asset_checks, evaluators, tracing
from evals.cache import SQLiteModelCache
from evals.evaluators import Evaluator, Score
from evals.judge import SKIPPED, judge
from evals.recipes import recipe_bytes
from evals.scenario import Expect, Scenario
from evals.transcript import Scope, Trial, TurnRecord, format_of, kind_of
from evals.user import UserMessage, user_for

ModelFactory = Callable[[Settings], BaseChatModel]
log = logging.getLogger(__name__)
MAX_TURNS = 20
_EXTENSIONS = {"png": ".png", "jpeg": ".jpg", "webp": ".webp", "mp4": ".mp4", "json": ".json"}


@dataclass(frozen=True)
class RunOptions:
    """How to run a suite.

    Attributes:
        engine: ``local`` or ``bedrock``.
        repeat: Trials per scenario (K).
        concurrency: Trials run at the same time.
        cache_path: SQLite file caching identical model calls (None: no cache).
        chat_model: Builds each trial's chat model from its settings (default: the
            settings' own, via ``agent.models.make_chat_model``).
        judge_model: The vision model of the LLM judge (bedrock; None skips the judge).
        tenant: Tenant the trials run as.
    """

    engine: str = "local"
    repeat: int = 1
    concurrency: int = 1
    cache_path: Path | None = None
    chat_model: ModelFactory = make_chat_model
    judge_model: BaseChatModel | None = None
    tenant: str = "default"


@dataclass
class TrialResult:
    """A finished trial: what ``trial.json`` holds."""

    scenario: str
    trial: int
    seed: int
    passed: bool
    scores: list[Score]
    record: dict[str, Any] = field(default_factory=dict)


class TrialRuntime(AgentRuntime):
    """The agent with a fixed seed for every run of the trial (reproducible images)."""

    def __init__(self, settings: Settings, seed: int, **kwargs: Any) -> None:
        super().__init__(settings, **kwargs)
        self.seed = seed

    def context(self, tenant: str | None = None, stop: Any = None) -> Context:
        """The deployment's context with the trial's seed."""
        return replace(super().context(tenant, stop), seed=self.seed)


def evaluators_for(expect: Expect, judge_model: BaseChatModel | None) -> list[Evaluator]:
    """The evaluators an expectation asks for (the judge only with a judge model)."""
    found: list[Evaluator | None] = [
        evaluators.trajectory(expect.trajectory) if expect.trajectory else None,
        evaluators.guardrail(expect.guardrail) if expect.guardrail else None,
        asset_checks.assets(expect.assets) if expect.assets else None,
        evaluators.reply(expect.reply) if expect.reply else None,
        asset_checks.end_state(expect.end_state) if expect.end_state else None,
        evaluators.clarify(expect.clarify) if expect.clarify else None,
        evaluators.limits(expect.limits) if expect.limits else None,
        evaluators.confirmation(expect.confirmation) if expect.confirmation is not None
        else None,
        evaluators.errors(expect.errors) if expect.errors is not None else None,
        judge(expect.judge, judge_model) if expect.judge and judge_model else None,
    ]
    return [e for e in found if e is not None]


def trial_seed(scenario: Scenario, k: int) -> int:
    """The seed of trial ``k``: 1000 x the scenario's seed + k (recorded in trial.json)."""
    return scenario.seed * 1000 + k


def _settings(scenario: Scenario, options: RunOptions, data_dir: Path) -> Settings:
    return Settings(**{**scenario.settings, "engine": options.engine, "data_dir": data_dir})


def _chat_model(settings: Settings, options: RunOptions, k: int) -> BaseChatModel:
    model = options.chat_model(settings)
    if options.cache_path is None:
        return model
    # one namespace per trial index: a rerun's trial k reuses trial k's answers, while the
    # K trials of one run keep their own (sampled) answers
    cache = SQLiteModelCache(options.cache_path, namespace=f"trial-{k}")
    return model.model_copy(update={"cache": cache})


def trial_models(settings: Settings, options: RunOptions,
                 k: int) -> tuple[BaseChatModel, BaseChatModel | None]:
    """The agent's chat model of trial ``k``, and the simulated user's (bedrock only).

    The user is played at temperature 0, like the judge; the agent keeps the settings'.
    """
    agent_model = _chat_model(settings, options, k)
    if options.engine != "bedrock":
        return agent_model, None
    user_settings = settings.with_changes(chat_temperature=0.0)
    return agent_model, _chat_model(user_settings, options, k)


def _upload(runtime: AgentRuntime, scenario: Scenario, attach: str,
            base: Path, tenant: str) -> tuple[Asset | None, str | None]:
    """Upload the product photo (``photo``) or a recipe; (asset, None) or (None, error).

    Drawn photos use the scenario's seed: every trial sees the same product photo.
    """
    seed = scenario.seed
    photo = scenario.product.photo
    try:
        if attach != "photo":
            data, name = recipe_bytes(attach, seed), f"{attach}.png"
        elif photo is None:
            return None, "the scenario has no product photo to attach"
        elif photo.recipe:
            data, name = recipe_bytes(photo.recipe, seed, photo.max_side), photo.name
        else:
            data, name = (base / str(photo.file)).read_bytes(), photo.name
        return runtime.upload(data, name, tenant), None
    except CapabilityError as exc:
        return None, f"{exc.message} {exc.hint}".strip()
    except OSError as exc:
        return None, f"cannot read the scenario's photo: {exc}"


def _answered(runtime: AgentRuntime, thread: str, events: Iterator[Event],
              message: UserMessage) -> Iterator[Event]:
    """A turn's events, answering every spend confirmation as the turn says."""
    while True:
        asked = None
        for event in events:
            asked = event if isinstance(event, ConfirmEvent) else asked
            yield event
        if asked is None:
            return
        events = runtime.resume(thread, message.confirm == "approve")


def _asset_ids(runtime: AgentRuntime, tenant: str) -> list[str]:
    return [a.id for a in runtime.services.assets.list(tenant, limit=100_000)]


def play(scenario: Scenario, runtime: AgentRuntime, options: RunOptions,
         user_model: BaseChatModel | None = None) -> tuple[list[TurnRecord], list[Expect | None]]:
    """Play the conversation; returns the turns and each turn's expectations."""
    user = user_for(scenario, options.engine, user_model)
    thread = runtime.new_thread()
    replies: list[str] = []
    turns: list[TurnRecord] = []
    expects: list[Expect | None] = []
    base = Path(scenario.source).parent
    while len(turns) < MAX_TURNS and (message := user.next(replies)) is not None:
        before = set(_asset_ids(runtime, options.tenant))
        started = time.perf_counter()
        events: list[Event] = []
        attachments: list[Asset] = []
        if message.attach:
            asset, error = _upload(runtime, scenario, message.attach, base, options.tenant)
            attachments += [asset] if asset else []
            events += [ErrorEvent(message=error)] if error else []
        stream = runtime.stream(thread, message.text, attachments, options.tenant)
        events += list(_answered(runtime, thread, stream, message))
        latency = time.perf_counter() - started
        cost = sum(e.turn_usd or 0.0 for e in events if isinstance(e, DoneEvent))
        made = [i for i in reversed(_asset_ids(runtime, options.tenant)) if i not in before]
        turn = TurnRecord(
            index=len(turns), user=message.text, attachments=[a.id for a in attachments],
            events=[e.model_dump(mode="json") for e in events], latency_s=round(latency, 3),
            cost_usd=round(cost, 4), new_assets=made,
        )
        turns.append(turn)
        expects.append(message.expect)
        replies.append(turn.reply())
    return turns, expects


def evaluate(trial: Trial, expects: list[Expect | None],
             judge_model: BaseChatModel | None) -> list[Score]:
    """Every score of a trial: per turn (``t1.*``...) and for the run (``run.*``)."""
    scopes = [Scope(f"t{i + 1}", [turn], expect)
              for i, (turn, expect) in enumerate(zip(trial.turns, expects, strict=True))
              if expect is not None]
    scopes.append(Scope("run", trial.turns, trial.scenario.expect))
    scores: list[Score] = []
    for scope in scopes:
        for evaluator in evaluators_for(scope.expect, judge_model):
            try:
                scores.append(evaluator(trial, scope))
            except Exception as exc:  # noqa: BLE001 - one broken check must not stop the run
                scores.append({"key": f"{scope.name}.evaluator_error", "score": 0.0,
                               "comment": f"{type(exc).__name__}: {exc}"})
    return scores


def export_assets(trial: Trial, trial_dir: Path) -> list[dict[str, Any]]:
    """Copy the trial's assets into ``trial_dir/assets`` and describe them (run dir contract)."""
    folder = trial_dir / "assets"
    folder.mkdir(parents=True, exist_ok=True)
    described = []
    for asset in trial.assets:
        fmt = format_of(asset)
        name = f"{asset.id}{_EXTENSIONS.get(fmt or '', '.bin')}"
        shutil.copyfile(trial.store.path(asset.id), folder / name)
        described.append({
            "id": asset.id, "kind": kind_of(asset), "path": f"assets/{name}", "format": fmt,
            "width": asset.width, "height": asset.height, "parents": asset.parents,
            "capability": asset.capability, "caption": asset.caption,
            "seconds": asset.parameters.get("seconds"),
        })
    return described


def run_trial(scenario: Scenario, k: int, options: RunOptions, run_id: str,
              run_dir: Path) -> TrialResult:
    """Play one trial in a fresh data dir, score it and write ``trial.json``."""
    seed = trial_seed(scenario, k)
    trial_dir = run_dir / "trials" / scenario.id / str(k)
    trial_dir.mkdir(parents=True, exist_ok=True)
    meta = {"scenario": scenario.id, "trial": k, "seed": seed, "engine": options.engine}
    with tempfile.TemporaryDirectory(prefix="adstudio-eval-") as data, \
            tracing.traced(f"eval:{scenario.id}", {"scenario": scenario.id}, meta) as finish:
        try:
            result, record = _trial(scenario, k, seed, options, Path(data), trial_dir)
        except (ValidationError, CapabilityError, ValueError) as exc:
            message = f"the trial could not run: {exc}".replace("\n", " ")[:500]
            result = TrialResult(scenario.id, k, seed, False,
                                 [{"key": "run.setup", "score": 0.0, "comment": message}])
            record = {"turns": [], "assets": [], "notices": []}
        except Exception as exc:  # noqa: BLE001 - one broken trial must not lose the run
            log.exception("trial %s #%d failed unexpectedly", scenario.id, k)
            message = f"the trial failed: {type(exc).__name__}: {exc}".replace("\n", " ")[:500]
            result = TrialResult(scenario.id, k, seed, False,
                                 [{"key": "run.setup", "score": 0.0, "comment": message}])
            record = {"turns": [], "assets": [], "notices": []}
        finish({"passed": result.passed}, result.scores)
    result.record = {"run_id": run_id, "scenario": scenario.id, "trial": k, "seed": seed,
                     "passed": result.passed, "scores": result.scores, **record}
    (trial_dir / "trial.json").write_text(json.dumps(result.record, indent=1), encoding="utf-8")
    return result


def _trial(scenario: Scenario, k: int, seed: int, options: RunOptions, data: Path,
           trial_dir: Path) -> tuple[TrialResult, dict[str, Any]]:
    settings = _settings(scenario, options, data)
    model, user_model = trial_models(settings, options, k)
    runtime = TrialRuntime(settings, seed, chat_model=model,
                           checkpointer=InMemorySaver(serde=SERIALIZER))
    turns, expects = play(scenario, runtime, options, user_model)
    trial = Trial(
        scenario=scenario, engine=options.engine, turns=turns,
        assets=sorted(runtime.services.assets.list(options.tenant, limit=100_000),
                      key=lambda a: a.created),
        store=runtime.services.assets, audit=runtime.services.audit, tenant=options.tenant,
    )
    if options.judge_model is None and _wants_judge(scenario):
        trial.notices.append(SKIPPED)
    scores = evaluate(trial, expects, options.judge_model)
    passed = bool(scores) and all(s["score"] >= 1.0 for s in scores)
    record = {
        "turns": [t.model_dump(mode="json") for t in turns],
        "assets": export_assets(trial, trial_dir),
        "latency_s": round(sum(t.latency_s for t in turns), 3),
        "cost_usd": round(sum(t.cost_usd for t in turns), 4),
        "tool_calls": sum(len(t.of_type("tool_start")) for t in turns),
        "notices": trial.notices,
    }
    return TrialResult(scenario.id, k, seed, passed, scores), record


def _wants_judge(scenario: Scenario) -> bool:
    return scenario.expect.judge is not None or any(t.expect.judge for t in scenario.turns)


def new_run_id(suite: str, engine: str) -> str:
    """A readable, unique run id: suite, engine, UTC time and a short random suffix."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    return f"{Path(suite).name}-{engine}-{stamp}-{uuid.uuid4().hex[:4]}"


def run_suite(
    scenarios: list[Scenario], suite: str, options: RunOptions, run_dir: Path,
    on_trial: Callable[[TrialResult], None] | None = None, run_id: str | None = None,
) -> dict[str, Any]:
    """Run every scenario ``options.repeat`` times and write the run directory.

    Args:
        scenarios: The scenarios.
        suite: The suite's name or path (recorded).
        options: Engine, repeat, concurrency, cache, models.
        run_dir: Where run.json and trials/ go (created).
        on_trial: Called after each trial (progress).
        run_id: The run's id (default: a new unique one; never the folder's name, so two
            runs written to folders of the same name stay apart in reviews and compares).

    Returns:
        The content of ``run.json`` (without the summary, which :mod:`evals.report` adds).
    """
    run_dir.mkdir(parents=True, exist_ok=True)
    run_id = run_id or new_run_id(suite, options.engine)
    started = time.perf_counter()
    jobs = [(s, k) for s in scenarios for k in range(options.repeat)]
    results: list[TrialResult] = []
    with ThreadPoolExecutor(max_workers=max(1, options.concurrency)) as pool:
        futures = [pool.submit(run_trial, s, k, options, run_id, run_dir) for s, k in jobs]
        for future in as_completed(futures):
            results.append(future.result())
            if on_trial:
                on_trial(results[-1])
    run = {
        "run_id": run_id, "suite": suite, "engine": options.engine, "tenant": options.tenant,
        "created": datetime.now(UTC).isoformat(), "repeat": options.repeat,
        "scenarios": [s.id for s in scenarios],
        "fingerprints": {s.id: s.fingerprint() for s in scenarios},
        "concurrency": options.concurrency,
        "cache": options.cache_path is not None,
        "runtime_s": round(time.perf_counter() - started, 2),
        "notices": [SKIPPED] if options.judge_model is None and any(
            _wants_judge(s) for s in scenarios) else [],
    }
    (run_dir / "run.json").write_text(json.dumps(run, indent=1), encoding="utf-8")
    return run
