"""A SQLite cache of identical model calls (``adstudio eval run --cache``).

It is given to the chat model of each trial (``cache=``), so a prompt the model already
answered with the same settings is answered from the file: reruns of a suite on bedrock
cost nothing for the turns that did not change.

What differs between two runs of the same conversation is left out of the key: message
metadata (LangChain marks a cached answer's usage with ``total_cost: 0``) and asset ids
(new ones every run). Asset ids become placeholders in the key and in the stored answer,
and the current run's ids are put back into an answer read from the cache.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from pathlib import Path
from typing import Any

from langchain_core.caches import RETURN_VAL_TYPE, BaseCache
from langchain_core.messages import messages_from_dict, messages_to_dict
from langchain_core.outputs import ChatGeneration

from core.storage.sqlite import connect

_SCHEMA = "CREATE TABLE IF NOT EXISTS calls (key TEXT PRIMARY KEY, value TEXT NOT NULL)"
_VOLATILE = frozenset({"usage_metadata", "response_metadata"})
_ASSET_ID = re.compile(r"\b(?:img|vid|ast)_[0-9a-f]{10}\b")
_PLACEHOLDER = re.compile(r"\$asset(\d+)\$")


def _without_metadata(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_metadata(v) for k, v in value.items() if k not in _VOLATILE}
    if isinstance(value, list):
        return [_without_metadata(v) for v in value]
    return value


def canonical(prompt: str) -> tuple[str, list[str]]:
    """The prompt as the cache key sees it, and the asset ids it replaced, in order.

    Args:
        prompt: LangChain's serialized messages (JSON); other text is used as it is.
    """
    try:
        text = json.dumps(_without_metadata(json.loads(prompt)), sort_keys=True)
    except ValueError:
        text = prompt
    ids = list(dict.fromkeys(_ASSET_ID.findall(text)))
    number = {asset_id: n for n, asset_id in enumerate(ids)}
    return _ASSET_ID.sub(lambda m: f"$asset{number[m.group()]}$", text), ids


class SQLiteModelCache(BaseCache):
    """Model generations keyed by the SHA-256 of (namespace, model settings, prompt).

    Args:
        path: The SQLite file (created when missing); safe across threads.
        namespace: Keeps callers apart (the runner uses one per trial index, so the K
            trials of a run do not share answers).
    """

    def __init__(self, path: Path, namespace: str = "") -> None:
        self.path = path
        self.namespace = namespace
        path.parent.mkdir(parents=True, exist_ok=True)
        with connect(path) as db:
            db.execute(_SCHEMA)

    def _key(self, prompt: str, llm_string: str) -> str:
        raw = f"{self.namespace}\x00{llm_string}\x00{prompt}"
        return hashlib.sha256(raw.encode()).hexdigest()

    def lookup(self, prompt: str, llm_string: str) -> RETURN_VAL_TYPE | None:
        """The cached generations of this call (with this run's asset ids), or None."""
        text, ids = canonical(prompt)
        with connect(self.path) as db:
            row = db.execute("SELECT value FROM calls WHERE key = ?",
                             (self._key(text, llm_string),)).fetchone()
        if row is None:
            return None
        value = _PLACEHOLDER.sub(
            lambda m: ids[int(m.group(1))] if int(m.group(1)) < len(ids) else m.group(), row[0])
        return [ChatGeneration(message=m) for m in messages_from_dict(json.loads(value))]

    def update(self, prompt: str, llm_string: str, return_val: RETURN_VAL_TYPE) -> None:
        """Store the generations of this call (chat generations; others are not cached)."""
        if not all(isinstance(g, ChatGeneration) for g in return_val):
            return
        text, ids = canonical(prompt)
        value = json.dumps(messages_to_dict([g.message for g in return_val
                                             if isinstance(g, ChatGeneration)]))
        for n, asset_id in enumerate(ids):
            value = value.replace(asset_id, f"$asset{n}$")
        try:
            with connect(self.path) as db:
                db.execute("INSERT OR REPLACE INTO calls VALUES (?, ?)",
                           (self._key(text, llm_string), value))
        except sqlite3.Error:
            return  # a cache that cannot be written only costs a repeated call

    def clear(self, **kwargs: Any) -> None:
        """Forget every cached call."""
        with connect(self.path) as db:
            db.execute("DELETE FROM calls")

    def __len__(self) -> int:
        with connect(self.path) as db:
            return int(db.execute("SELECT COUNT(*) FROM calls").fetchone()[0])

