"""The simulated user on bedrock (``ModelUser``), played by a scripted fake chat model."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from langchain_core.messages import AIMessage, HumanMessage, SystemMessage

from core.settings import Settings
from evals import runner
from evals.runner import RunOptions, run_suite
from evals.scenario import Scenario, parse_scenario
from evals.user import DONE, OPENING_CUE, ModelUser, RuleUser, SimulatedUserError, user_for
from tests.fakes import ScriptedChatModel

PRODUCT = "Insulated steel water bottle, 750 ml, keeps drinks cold 24 h."
PERSONA = "A busy marketing manager at an outdoor brand who writes short messages."
GOAL = "Get ad images of the water bottle for a summer campaign."
ASKS_PHOTO = "Happy to help! Please upload a product photo."
ASKS_TONE = "Got the photo. What tone should the ads have?"


def scenario(**sim: Any) -> Scenario:
    """A simulated-user scenario; ``sim`` overrides fields of ``simulated_user``."""
    data = {
        "product": {"text": PRODUCT, "photo": {"recipe": "bottle", "max_side": 160}},
        "settings": {"default_variations": 1},
        "simulated_user": {"persona": PERSONA, "goal": GOAL, "opening": "Ads for {product}",
                           "attach_first": False, "max_turns": 3,
                           "done_when": "ad variation", **sim},
        "expect": {"limits": {"turns": 3}},
    }
    return parse_scenario(data, "sim.yaml")


def model_user(s: Scenario, *replies: Any) -> tuple[ModelUser, ScriptedChatModel]:
    model = ScriptedChatModel(replies=list(replies))
    user = user_for(s, "bedrock", model)
    assert isinstance(user, ModelUser)
    return user, model


def test_the_opening_is_sent_without_asking_the_model() -> None:
    user, model = model_user(scenario(attach_first=True))
    first = user.next([])
    assert first is not None
    assert (first.text, first.attach) == (f"Ads for {PRODUCT}", "photo")
    assert model.seen == []


def test_the_model_sees_the_persona_and_the_agents_replies_as_the_other_side() -> None:
    user, model = model_user(scenario(), AIMessage("Sure, here it is [Attach photo]"),
                             AIMessage("Energetic, for young hikers."))
    user.next([])
    second = user.next([ASKS_PHOTO])
    assert second is not None
    assert (second.text, second.attach) == ("Sure, here it is", "photo")  # marker not sent
    third = user.next([ASKS_PHOTO, ASKS_TONE])
    assert third is not None and (third.text, third.attach) == (
        "Energetic, for young hikers.", None)

    system, *conversation = model.seen[1]
    assert isinstance(system, SystemMessage)
    for part in (PERSONA, GOAL, PRODUCT, DONE, "[attach photo]"):
        assert part in system.text
    # its own lines are the AI's, the agent's replies the human's; it opens with a user cue
    assert [(type(m), m.text) for m in conversation] == [
        (HumanMessage, OPENING_CUE),
        (AIMessage, f"Ads for {PRODUCT}"),
        (HumanMessage, ASKS_PHOTO),
        (AIMessage, "Sure, here it is [Attach photo]"),
        (HumanMessage, ASKS_TONE),
    ]
    assert model.seen[0][1:] == conversation[:3]


def test_the_user_stops_when_the_finish_condition_is_met() -> None:
    user, model = model_user(scenario(), AIMessage("unused"))
    user.next([])
    assert user.next(["Here are 4 ad variations for your bottle."]) is None
    assert model.seen == []  # done_when matched: the model was not asked


def test_the_user_stops_after_the_turn_limit() -> None:
    user, model = model_user(scenario(max_turns=2, done_when=None), AIMessage("Summer, please"),
                             AIMessage("never sent"))
    user.next([])
    assert user.next([ASKS_PHOTO]) is not None
    assert user.next([ASKS_PHOTO, ASKS_TONE]) is None
    assert len(model.seen) == 1 and len(model.replies) == 1


@pytest.mark.parametrize("answer", [f"Thanks, {DONE.lower()}.", "", "   \n"])
def test_goal_reached_or_an_empty_answer_ends_the_conversation(answer: str) -> None:
    user, model = model_user(scenario(), AIMessage(answer))
    user.next([])
    assert user.next([ASKS_PHOTO]) is None
    assert len(model.seen) == 1


def test_a_failed_model_call_is_a_clear_error() -> None:
    user, _ = model_user(scenario(), TimeoutError("read timed out"))
    user.next([])
    with pytest.raises(SimulatedUserError, match="chat model failed: TimeoutError: read timed"):
        user.next([ASKS_PHOTO])


def test_the_local_engine_uses_rules_and_bedrock_needs_a_model() -> None:
    assert isinstance(user_for(scenario(), "local"), RuleUser)
    with pytest.raises(ValueError, match="needs the chat model"):
        user_for(scenario(), "bedrock")


def test_a_failing_simulated_user_fails_its_trial_not_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The local agent answers; the model playing the user breaks on its first answer."""
    def failing_user(s: Scenario, engine: str, model: object = None) -> ModelUser:
        assert s.simulated_user is not None
        return ModelUser(s, s.simulated_user, ScriptedChatModel(replies=[RuntimeError("503")]))

    monkeypatch.setattr(runner, "user_for", failing_user)
    run_dir = tmp_path / "run"
    run_suite([scenario()], "sim", RunOptions(repeat=2), run_dir)
    for k in (0, 1):
        trial = json.loads((run_dir / "trials" / "sim" / str(k) / "trial.json").read_text())
        assert trial["passed"] is False
        assert trial["scores"][0]["key"] == "run.setup"
        assert "simulated user's chat model failed: RuntimeError: 503" in (
            trial["scores"][0]["comment"])


def test_the_simulated_user_on_bedrock_is_played_at_temperature_zero(
    tmp_path: Path,
) -> None:
    """The agent keeps the deployment's temperature; the user (like the judge) gets 0."""
    built: list[float] = []

    def factory(settings: Any) -> ScriptedChatModel:
        built.append(settings.chat.temperature)
        return ScriptedChatModel(replies=[])

    settings = Settings(engine="bedrock", data_dir=tmp_path, chat_temperature=0.7)
    agent_model, user_model = runner.trial_models(
        settings, RunOptions(engine="bedrock", chat_model=factory), 0)
    assert built == [0.7, 0.0] and user_model is not None and user_model is not agent_model
    local = runner.trial_models(settings.with_changes(engine="local"),
                                RunOptions(chat_model=factory), 0)
    assert local[1] is None and len(built) == 3  # the local engine's user follows rules
