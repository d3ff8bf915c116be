"""A SQLite cache of identical model calls (``adstudio eval run --cache``).

It is given to the chat model of each trial (``cache=``), so a prompt the model already
answered with the same settings is answered from the file: reruns of a suite on bedrock
cost nothing for the turns that did not change.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path
from typing import Any

from langchain_core.caches import RETURN_VAL_TYPE, BaseCache
from langchain_core.messages import messages_from_dict, messages_to_dict
from langchain_core.outputs import ChatGeneration

from tools.sqlite import connect

_SCHEMA = "CREATE TABLE IF NOT EXISTS calls (key TEXT PRIMARY KEY, value TEXT NOT NULL)"


class SQLiteModelCache(BaseCache):
    """Model generations keyed by the SHA-256 of (prompt, model settings).

    Args:
        path: The SQLite file (created when missing); safe across threads.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        with connect(path) as db:
            db.execute(_SCHEMA)

    @staticmethod
    def _key(prompt: str, llm_string: str) -> str:
        return hashlib.sha256(f"{llm_string}\x00{prompt}".encode()).hexdigest()

    def lookup(self, prompt: str, llm_string: str) -> RETURN_VAL_TYPE | None:
        """The cached generations of this call, or None."""
        with connect(self.path) as db:
            row = db.execute("SELECT value FROM calls WHERE key = ?",
                             (self._key(prompt, llm_string),)).fetchone()
        if row is None:
            return None
        return [ChatGeneration(message=m) for m in messages_from_dict(json.loads(row[0]))]

    def update(self, prompt: str, llm_string: str, return_val: RETURN_VAL_TYPE) -> None:
        """Store the generations of this call (chat generations; others are not cached)."""
        if not all(isinstance(g, ChatGeneration) for g in return_val):
            return
        value = json.dumps(messages_to_dict([g.message for g in return_val
                                             if isinstance(g, ChatGeneration)]))
        try:
            with connect(self.path) as db:
                db.execute("INSERT OR REPLACE INTO calls VALUES (?, ?)",
                           (self._key(prompt, llm_string), value))
        except sqlite3.Error:
            return  # a cache that cannot be written only costs a repeated call

    def clear(self, **kwargs: Any) -> None:
        """Forget every cached call."""
        with connect(self.path) as db:
            db.execute("DELETE FROM calls")

    def __len__(self) -> int:
        with connect(self.path) as db:
            return int(db.execute("SELECT COUNT(*) FROM calls").fetchone()[0])

