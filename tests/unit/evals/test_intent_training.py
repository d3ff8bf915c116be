"""The intent reader's training: labels from the cases, thresholds, and the shipped model."""

from __future__ import annotations

import numpy as np
import pytest

from agent.planner import intent_reader
from agent.planner.intent_reader import NONE, load_model
from agent.planner.local import read_conversation
from evals.language import intent_training as training
from evals.language.cases import Case
from evals.language.contexts import build_context


def test_the_blind_splits_are_never_learned_from() -> None:
    assert "fresh15" not in training.DEV and "held_out" not in training.DEV
    assert {"tune", "fresh14"} <= set(training.DEV)


def test_the_shipped_model_was_trained_on_todays_development_cases() -> None:
    cases = training.dev_cases()
    assert len(cases) >= 5000
    model = load_model()
    assert model.digest == training.training_digest(cases), (
        "the language suite's development cases changed: run `make intent-model`")
    assert model.labels == training.labels()


def _case(expect: dict[str, object], forbid: list[str] | None = None) -> Case:
    return Case(id="x", lang="en", intent="edit", context="ads4", text="make it pop",
                expect=expect, forbid=forbid or [])


def test_labels_are_the_tools_of_every_acceptable_outcome() -> None:
    names = training.labels()
    either = _case({"any_of": [{"none": True}, {"calls": [{"tool": "edit_image"}]}]})
    found = training.case_labels(either, names)
    assert {n for n, y in zip(names, found, strict=True) if y} == {NONE, "edit_image"}
    one = _case({"calls": [{"tool": "generate_ad_images"}, {"tool": "download_images"}]},
                forbid=["delete_images"])
    found = training.case_labels(one, names)
    assert {n for n, y in zip(names, found, strict=True) if y} == {"generate_ad_images",
                                                                    "download_images"}


def _runs(outcome: str, silent: str, count: int) -> list[training.RulesRun]:
    return [training.RulesRun(("edit_image",), outcome, silent)] * count  # type: ignore[arg-type]


def test_the_thresholds_take_back_wrong_actions_without_losing_right_ones() -> None:
    # 90 right turns the reader agrees with, 10 wrong ones where it is sure nothing is wanted
    runs = _runs("correct", "asked", 90) + _runs("wrong", "correct", 10)
    names = training.labels()
    agree = np.where(np.array(names) == "edit_image", 0.95, 0.05)
    against = np.where(np.array(names) == NONE, 0.99, 0.01)
    probabilities = np.stack([agree] * 90 + [against] * 10).astype(np.float32)
    model = load_model()
    none_at, tool_below = training.choose(runs, probabilities, model)
    gate = intent_reader.IntentModel(model.labels, model.hidden, model.output, none_at,
                                     tool_below)
    outcomes = training.gated_outcomes(runs, probabilities, gate)
    assert training.shares(outcomes) == (1.0, 0.0, 0.0)


def test_no_threshold_is_chosen_when_the_gate_would_cost_right_turns() -> None:
    runs = _runs("correct", "asked", 50) + _runs("wrong", "asked", 1)
    names = training.labels()
    against = np.where(np.array(names) == NONE, 0.99, 0.01)  # the reader doubts every turn
    probabilities = np.stack([against] * 51).astype(np.float32)
    assert training.choose(runs, probabilities, load_model()) == (1.01, 0.0)


# written for this test, in none of the language suite's splits
@pytest.mark.parametrize(("context", "text", "tool"), [
    ("ads4", "could you make the third one a little darker please", "edit_image"),
    ("ads4", "Lösch bitte die zweite Anzeige, die gefällt mir gar nicht", "delete_images"),
    ("ads4", "¿me las puedes bajar todas en un zip?", "download_images"),
    ("storyboard", "parfait, lance le rendu de la vidéo maintenant", "generate_video"),
    ("ads4", "fammi altre due versioni in spiaggia", "generate_ad_images"),
    ("new_text", "what time does the post office close on saturdays?", NONE),
])
def test_the_reader_predicts_the_tools_of_new_messages(context: str, text: str,
                                                       tool: str) -> None:
    convo = build_context(context)
    messages = [*convo.messages, convo.user(text)]
    found = intent_reader.read(read_conversation(messages), messages)
    assert max(found, key=found.__getitem__) == tool, found
