"""Train the planner's intent reader (:mod:`agent.planner.intent_reader`): ``make intent-model``.

Every case of the language suite's development splits (:data:`DEV`; the blind ones are never
read here) is one training message: its text's sentence embedding beside what the planner
knows of its conversation (:func:`agent.planner.intent_reader.situation`, computed from the
case's context exactly as the planner reads it at run time). Its labels are the tools of its
expected calls, over every acceptable alternative, and ``none`` when calling nothing is right
(asking back, refusing, explaining). A network with one hidden layer and a sigmoid per label
is fitted by full-batch Adam with each label's classes balanced (the ad policy reader's
helpers, :mod:`policy.fitting`).

``--loso`` leaves one split out at a time: a reader trained without it gates the planner on
it. The rules run once per case (what they call first, and the outcome); the gate's two
thresholds are chosen on those out-of-split readings alone (:func:`choose`: the fewest
wrong actions while "right" drops by at most ``MAX_RIGHT_LOSS``), and then each split is
scored again through the real planner with its own left-out reader and those thresholds.
Without ``--loso`` the thresholds are chosen the same way, and the reader trained on every
split is written with them.
"""

from __future__ import annotations

import argparse
import pickle
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.messages import BaseMessage, ToolMessage
from langchain_core.outputs import ChatResult

from agent.planner import intent_reader
from agent.planner.intent_reader import NONE, IntentModel
from agent.planner.local import LocalPlanner, read_conversation
from agent.toolkit import make_tools
from evals.language.cases import SPLITS, Case, load_cases
from evals.language.contexts import build_context
from evals.language.harness import run_case
from evals.language.matching import Outcome, judge
from policy.fitting import Adam, balanced
from policy.semantic import digest

BLIND = ("fresh15", "fresh16", "held_out")
"""Splits never read here."""
DEV = tuple(split for split in SPLITS if split not in BLIND)
"""The development splits the reader learns from."""
MAX_RIGHT_LOSS = 0.02
"""The most the share of right turns may drop, over all splits left out in turn."""
UNITS = 32
"""Hidden units (the policy reader's 128 fit no better here and cost four times the time)."""
STEPS = 300
RATE = 0.01
L2 = 1e-3
NONE_GRID = (1.01, 0.99, 0.98, 0.97, 0.95, 0.93, 0.9, 0.85, 0.8, 0.75, 0.7)
TOOL_GRID = (0.0, 0.005, 0.01, 0.02, 0.03, 0.05, 0.08, 0.1, 0.15, 0.2, 0.25, 0.3)


def labels() -> tuple[str, ...]:
    """The labels: every tool the gate may question, and ``none``."""
    tools = [t.name for t in make_tools() if t.name not in intent_reader.FREE_TOOLS]
    return (*tools, NONE)


def case_labels(case: Case, names: Sequence[str]) -> np.ndarray:
    """0/1 per label: the tools some acceptable outcome calls; ``none`` if calling nothing is."""
    found: set[str] = set()
    for alternative in case.expect.alternatives():
        tools = {call.tool for call in alternative.calls or []}
        found |= tools
        if alternative.none or not tools:
            found.add(NONE)
    found -= set(case.forbid)
    return np.array([name in found for name in names], np.float32)


@dataclass(frozen=True)
class Data:
    """The development cases as the trainer sees them.

    Attributes:
        cases: The cases.
        inputs: The network's inputs per case (embedding and situation).
        labels: 0/1 per case and label.
        splits: Each case's split.
    """

    cases: list[Case]
    inputs: np.ndarray
    labels: np.ndarray
    splits: np.ndarray


def dev_cases(splits: Sequence[str] = DEV) -> list[Case]:
    """Every case of the development splits."""
    return [case for split in splits for case in load_cases(split)]


def training_digest(cases: Sequence[Case]) -> str:
    """The digest of the cases' contexts, texts and labels."""
    names = labels()
    return digest(f"{c.context}\t{c.text}\t{case_labels(c, names).astype(int).tolist()}"
                  for c in cases)


def _messages(case: Case) -> list[BaseMessage]:
    context = build_context(case.context)
    return [*context.messages, context.user(case.text)]


def prepare(cases: list[Case]) -> Data:
    """Embed every case's message and read its situation as the planner would."""
    names = labels()
    situations, texts = [], []
    for case in cases:
        messages = _messages(case)
        situations.append(intent_reader.situation(read_conversation(messages), messages))
        texts.append(intent_reader.message_text(messages))
    vectors = intent_reader.embed(texts)
    return Data(cases, intent_reader.inputs(vectors, np.stack(situations)),
                np.stack([case_labels(c, names) for c in cases]),
                np.array([c.split for c in cases]))


def fit(x: np.ndarray, y: np.ndarray, seed: int = 0
        ) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """One hidden ReLU layer and a sigmoid per label, by full-batch Adam (L2, classes balanced).

    Args:
        x: Inputs, shape ``(n, dim)``.
        y: 0/1 labels, shape ``(n, labels)``.
        seed: The initial weights' seed (the same data and seed give the same model).

    Returns:
        The hidden layer's weights and biases, and the output layer's.
    """
    rng = np.random.default_rng(seed)
    weight = balanced(y, np.ones_like(y)).astype(np.float32)
    params = [rng.normal(0, 1 / np.sqrt(x.shape[1]), (x.shape[1], UNITS)), np.zeros(UNITS),
              rng.normal(0, 1 / np.sqrt(UNITS), (UNITS, y.shape[1])), np.zeros(y.shape[1])]
    params = [p.astype(np.float32) for p in params]
    adam = Adam(params, RATE)
    for _ in range(STEPS):
        units = np.maximum(x @ params[0] + params[1], 0)
        p = 1 / (1 + np.exp(-np.clip(units @ params[2] + params[3], -30, 30)))
        error = ((p - y) * weight).astype(np.float32)
        back = (error @ params[2].T) * (units > 0)
        adam.step([x.T @ back + L2 * params[0], back.sum(axis=0),
                   units.T @ error + L2 * params[2], error.sum(axis=0)])
    return (params[0], params[1]), (params[2], params[3])


def train_model(data: Data, rows: np.ndarray, name: str = "") -> IntentModel:
    """The reader fitted on the cases ``rows`` (thresholds left off)."""
    y = data.labels[rows]
    hidden, output = fit(data.inputs[rows], y)
    return IntentModel(labels(), hidden, output, digest=name)


@dataclass(frozen=True)
class RulesRun:
    """What the rules alone did with one case.

    Attributes:
        first: The tools of the turn's first step (what the gate sees).
        outcome: The turn's outcome.
        silent: The outcome of the same turn calling nothing (what the gate makes of it).
    """

    first: tuple[str, ...]
    outcome: Outcome
    silent: Outcome


_FIRST: list[tuple[str, ...]] = []


class _FirstStep(LocalPlanner):
    """The planner, noting the tools of each turn's first step."""

    def _generate(self, messages: list[BaseMessage], stop: list[str] | None = None,
                  run_manager: CallbackManagerForLLMRun | None = None,
                  **kwargs: Any) -> ChatResult:
        result = super()._generate(messages, stop, run_manager, **kwargs)
        if not isinstance(messages[-1], ToolMessage):
            calls = getattr(result.generations[0].message, "tool_calls", [])
            _FIRST.append(tuple(call["name"] for call in calls))
        return result


def rules_runs(cases: Sequence[Case]) -> list[RulesRun]:
    """Run the rules alone on every case (the gate off)."""
    model = _FirstStep(intent_gate=False)
    runs = []
    for case in cases:
        _FIRST.clear()
        calls, context, _ = run_case(model, case)
        symbols = context.symbols()
        runs.append(RulesRun(_FIRST[0] if _FIRST else (), judge(case, calls, symbols),
                             judge(case, [], symbols)))
    return runs


def gated_outcomes(runs: Sequence[RulesRun], probabilities: np.ndarray,
                   model: IntentModel) -> list[Outcome]:
    """The outcomes with the gate, from the rules' runs and the reader's probabilities."""
    found: list[Outcome] = []
    for run, row in zip(runs, probabilities, strict=True):
        doubted = intent_reader.doubt(run.first, _read(row, model), model)
        found.append(run.silent if doubted else run.outcome)
    return found


def shares(outcomes: Sequence[str]) -> tuple[float, float, float]:
    """The shares of right, asked (or partial) and wrong outcomes."""
    counts = Counter(outcomes)
    total = max(1, len(outcomes))
    return (counts["correct"] / total, (counts["asked"] + counts["partial"]) / total,
            counts["wrong"] / total)


def choose(runs: Sequence[RulesRun], probabilities: np.ndarray,
           model: IntentModel) -> tuple[float, float]:
    """The thresholds with the fewest wrong turns at most ``MAX_RIGHT_LOSS`` of right lost.

    Returns:
        ``none_at`` and ``tool_below`` (1.01 and 0.0 when no setting helps: the gate idle).
    """
    before = shares([run.outcome for run in runs])
    best = (before[2], -before[0], 1.01, 0.0)
    for none_at in NONE_GRID:
        for tool_below in TOOL_GRID:
            trial = replace(model, none_at=none_at, tool_below=tool_below)
            right, _, wrong = shares(gated_outcomes(runs, probabilities, trial))
            if before[0] - right <= MAX_RIGHT_LOSS + 1e-9:
                best = min(best, (wrong, -right, none_at, tool_below))
    return best[2], best[3]


def out_of_split(data: Data, splits: Sequence[str] = DEV
                 ) -> tuple[np.ndarray, dict[str, IntentModel]]:
    """Each case's probabilities from a reader trained without its split; those readers.

    Args:
        data: The development cases.
        splits: The splits left out in turn (the others' cases score 0).
    """
    probabilities = np.zeros(data.labels.shape, np.float32)
    models = {}
    for split in [s for s in dict.fromkeys(data.splits.tolist()) if s in splits]:
        held = data.splits == split
        models[split] = train_model(data, np.flatnonzero(~held))
        probabilities[held] = models[split].probabilities(data.inputs[held])
        print(f"  trained without {split}", file=sys.stderr, flush=True)
    return probabilities, models


def _row(name: str, before: Sequence[str], after: Sequence[str]) -> str:
    b, a = shares(before), shares(after)
    return (f"{name:<9} {len(before):>5}  {b[0]:>6.1%} {b[1]:>6.1%} {b[2]:>6.1%}   "
            f"{a[0]:>6.1%} {a[1]:>6.1%} {a[2]:>6.1%}")


def loso(cache: Path | None = None, splits: Sequence[str] = DEV) -> None:
    """Print the leave-one-split-out table: rules alone, then rules and gate, per split.

    Each split of ``splits`` is read by a reader trained on every other development split.
    Where the gate fires, the case is run again through the real planner with the split's
    own reader; elsewhere the gate leaves the rules' reply as it is, so their outcome stands.
    """
    data = _cached(cache, "data", lambda: prepare(dev_cases()))
    cases, runs, probabilities, models = _left_out(data, splits, cache)
    none_at, tool_below = choose(runs, probabilities, next(iter(models.values())))
    print(f"thresholds chosen out of split: none at {none_at}, tool below {tool_below}")
    print(f"{'split':<9} {'cases':>5}  {'right':>6} {'asked':>6} {'wrong':>6}   "
          f"{'right':>6} {'asked':>6} {'wrong':>6}   (rules alone | rules and gate)")
    before_all: list[str] = []
    after_all: list[str] = []
    for split, model in models.items():
        held = [i for i, case in enumerate(cases) if case.split == split]
        gate = replace(model, none_at=none_at, tool_below=tool_below)
        after = gated_outcomes([runs[i] for i in held], probabilities[held], gate)
        fired = [k for k, i in enumerate(held)
                 if intent_reader.doubt(runs[i].first, _read(probabilities[i], gate), gate)]
        for k, outcome in zip(fired, _scored([cases[held[k]] for k in fired], gate),
                              strict=True):
            after[k] = outcome
        before = [runs[i].outcome for i in held]
        before_all += before
        after_all += after
        print(_row(split, before, after) + f"   gate fired {len(fired)}", flush=True)
    print(_row("all", before_all, after_all))


def _left_out(data: Data, splits: Sequence[str], cache: Path | None
              ) -> tuple[list[Case], list[RulesRun], np.ndarray, dict[str, IntentModel]]:
    """The cases of ``splits``, the rules' runs and out-of-split readings of them, the readers."""
    scored = np.flatnonzero(np.isin(data.splits, list(splits)))
    cases = [data.cases[i] for i in scored]
    probabilities, models = out_of_split(data, splits)
    return cases, _rules(cases, cache), probabilities[scored], models


def _read(row: np.ndarray, model: IntentModel) -> dict[str, float]:
    return dict(zip(model.labels, (float(p) for p in row), strict=True))


def _rules(cases: Sequence[Case], cache: Path | None) -> list[RulesRun]:
    """The rules' runs of the cases, split by split (kept in ``cache`` when given)."""
    runs: list[RulesRun] = []
    for split in dict.fromkeys(case.split for case in cases):
        some = [case for case in cases if case.split == split]
        runs += _cached(cache, f"rules_{split}", lambda some=some: rules_runs(some))
    return runs


def _scored(cases: Sequence[Case], gate: IntentModel) -> list[Outcome]:
    """The outcomes of the real planner with the gate."""
    model = LocalPlanner(intent_gate=True, intent_model=gate)
    found: list[Outcome] = []
    for case in cases:
        calls, context, _ = run_case(model, case)
        found.append(judge(case, calls, context.symbols()))
    return found


def _cached(cache: Path | None, name: str, make: Any) -> Any:
    """``make()``, kept in ``cache`` between runs when a directory is given."""
    if cache is None:
        return make()
    path = cache / f"{name}.pickle"
    if path.exists():
        return pickle.loads(path.read_bytes())
    found = make()
    cache.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(found))
    return found


def train(cache: Path | None = None, out: Path = intent_reader.MODEL_FILE,
          splits: Sequence[str] = DEV) -> IntentModel:
    """Fit the reader on every development split, its thresholds chosen out of split; write it.

    Args:
        cache: Where the rules' runs and the embeddings are kept between runs (None: nowhere).
        out: The model file to write.
        splits: The splits the thresholds are chosen on, each read by a reader trained
            without it.
    """
    data = _cached(cache, "data", lambda: prepare(dev_cases()))
    _, runs, probabilities, models = _left_out(data, splits, cache)
    none_at, tool_below = choose(runs, probabilities, next(iter(models.values())))
    cases = data.cases
    model = train_model(data, np.arange(len(cases)), training_digest(cases))
    model = replace(model, none_at=none_at, tool_below=tool_below)
    model.save(out)
    print(f"{len(cases)} cases; thresholds none at {none_at}, tool below {tool_below}; "
          f"wrote {out}")
    return model


def main(argv: Sequence[str] | None = None) -> None:
    """Train and write the reader, or (``--loso``) print the leave-one-split-out table."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--loso", action="store_true",
                        help="print the leave-one-split-out table instead (writes nothing)")
    parser.add_argument("--cache", type=Path, default=None,
                        help="keep the rules' runs and the embeddings here between runs")
    parser.add_argument("--out", type=Path, default=intent_reader.MODEL_FILE)
    parser.add_argument("--splits", nargs="*", default=list(DEV), choices=DEV,
                        help="the splits the thresholds are chosen on, each left out in turn")
    args = parser.parse_args(argv)
    if args.loso:
        loso(args.cache, args.splits)
    else:
        train(args.cache, args.out, args.splits)


if __name__ == "__main__":
    main()
