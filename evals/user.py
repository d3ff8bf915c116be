"""The user side of a trial: scripted turns, or a simulated user.

A simulated user has a persona and a goal. On the local engine it answers by rules (the
first rule whose pattern matches the agent's last reply); on bedrock the chat model plays
the persona, at temperature 0, and says ``GOAL REACHED`` when it has what it wanted.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage

from evals.scenario import Expect, Scenario, SimulatedUser
from evals.scenario import Turn as ScriptedTurn

DONE = "GOAL REACHED"
OPENING_CUE = "(The assistant is ready. Send your first message.)"
"""The simulated user's first cue: chat APIs (Bedrock Converse) need a user message first."""
_ATTACH_PHOTO = re.compile(r"\s*\[attach photo\]", re.IGNORECASE)


class SimulatedUserError(ValueError):
    """The chat model playing the user failed; the trial cannot go on."""


@dataclass(frozen=True)
class UserMessage:
    """What the user sends next.

    Attributes:
        text: The message.
        attach: ``photo`` (the product photo), another recipe name, or None.
        confirm: How a spend confirmation in this turn is answered.
        expect: The turn's expectations (none for simulated turns).
    """

    text: str
    attach: str | None = None
    confirm: Literal["approve", "decline"] = "approve"
    expect: Expect | None = None


class User(Protocol):
    """Gives the next message from the agent's replies so far (None: the user is done)."""

    def next(self, replies: Sequence[str]) -> UserMessage | None:
        """The message after ``replies`` (one per finished turn)."""
        ...


def fill(text: str, scenario: Scenario) -> str:
    """Put the product's text in for ``{product}``."""
    return text.replace("{product}", scenario.product.text)


class ScriptedUser:
    """Sends the scenario's turns in order, whatever the agent says."""

    def __init__(self, scenario: Scenario) -> None:
        self._scenario = scenario
        self._turns: list[ScriptedTurn] = list(scenario.turns)

    def next(self, replies: Sequence[str]) -> UserMessage | None:
        """The scripted turn after ``len(replies)`` turns, or None at the end."""
        if len(replies) >= len(self._turns):
            return None
        turn = self._turns[len(replies)]
        return UserMessage(fill(turn.user, self._scenario), turn.attach, turn.confirm, turn.expect)


class RuleUser:
    """The local engine's simulated user: the opening, then the first matching rule."""

    def __init__(self, scenario: Scenario, sim: SimulatedUser) -> None:
        self._scenario = scenario
        self._sim = sim

    def next(self, replies: Sequence[str]) -> UserMessage | None:
        """The opening first; then a rule's answer to the last reply, or None when done."""
        if not replies:
            attach = "photo" if self._sim.attach_first else None
            return UserMessage(fill(self._sim.opening, self._scenario), attach)
        if _finished(self._sim, replies):
            return None
        for rule in self._sim.rules:
            if re.search(rule.when, replies[-1], re.IGNORECASE):
                return UserMessage(fill(rule.say, self._scenario), rule.attach)
        return None


class ModelUser:
    """The bedrock engine's simulated user: the chat model plays the persona."""

    def __init__(self, scenario: Scenario, sim: SimulatedUser, model: BaseChatModel) -> None:
        self._scenario = scenario
        self._sim = sim
        self._model = model
        self._sent: list[str] = []

    def messages(self, replies: Sequence[str], sent: Sequence[str]) -> list[BaseMessage]:
        """The conversation from the simulated user's side (its own lines are the AI's).

        It opens with a short cue as the human turn, so the conversation alternates and
        starts with a user message, as Bedrock's Converse API requires.
        """
        history: list[BaseMessage] = [
            SystemMessage(persona_prompt(self._scenario, self._sim)), HumanMessage(OPENING_CUE),
        ]
        for mine, theirs in zip(sent, replies, strict=False):
            history += [AIMessage(mine), HumanMessage(theirs)]
        return history

    def next(self, replies: Sequence[str]) -> UserMessage | None:
        """The opening first; then what the model, as the user, answers.

        An empty answer ends the conversation, like ``GOAL REACHED``. ``[attach photo]``
        attaches the product photo (the marker itself is not sent to the agent).

        Raises:
            SimulatedUserError: The model call failed (the trial is recorded as failed).
        """
        if not replies:
            self._sent = [fill(self._sim.opening, self._scenario)]
            return UserMessage(self._sent[0], "photo" if self._sim.attach_first else None)
        if _finished(self._sim, replies):
            return None
        try:
            answer = self._model.invoke(self.messages(replies, self._sent)).text.strip()
        except Exception as exc:  # noqa: BLE001 - any model failure ends the trial clearly
            raise SimulatedUserError(
                f"the simulated user's chat model failed: {type(exc).__name__}: {exc}"
            ) from exc
        if not answer or DONE in answer.upper():
            return None
        self._sent.append(answer)
        attach = "photo" if _ATTACH_PHOTO.search(answer) else None
        return UserMessage(_ATTACH_PHOTO.sub("", answer).strip(), attach)


def persona_prompt(scenario: Scenario, sim: SimulatedUser) -> str:
    """The system prompt of the simulated user."""
    return (
        f"You play an advertiser talking to an ad-making assistant. Persona: {sim.persona}\n"
        f"Your goal: {sim.goal}\nYour product: {scenario.product.text or '(not given)'}\n"
        "Answer the assistant's last message in one or two short sentences, as this person "
        "would. Write [attach photo] when you send your product photo. When your goal is "
        f"reached, or cannot be reached, reply exactly {DONE}."
    )


def _finished(sim: SimulatedUser, replies: Sequence[str]) -> bool:
    if len(replies) >= sim.max_turns:
        return True
    return bool(sim.done_when and re.search(sim.done_when, replies[-1], re.IGNORECASE))


def user_for(scenario: Scenario, engine: str, model: BaseChatModel | None = None) -> User:
    """The user of a scenario: scripted turns, rules (local) or the chat model (bedrock).

    Raises:
        ValueError: A simulated user on bedrock without a chat model.
    """
    sim = scenario.simulated_user
    if sim is None:
        return ScriptedUser(scenario)
    if engine == "bedrock":
        if model is None:
            raise ValueError("a simulated user on bedrock needs the chat model")
        return ModelUser(scenario, sim, model)
    return RuleUser(scenario, sim)
