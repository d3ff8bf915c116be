"""How uploaded files are referenced in the conversation (by asset id, never by bytes).

A file name is data: it is shown in the note as a quoted string on one line, with square
brackets turned into parentheses, so it cannot close the note and become part of what the
user typed. The note stays in the message's text, so the input policy checks the name like
any other text.
"""

from __future__ import annotations

import json
import re

from langchain_core.messages import BaseMessage

_NOTE = re.compile(r"\[Attached product photo: (img_[0-9a-f]{10})[^\]]*\]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
_INVISIBLE = re.compile(r"[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_BRACKETS = str.maketrans("[]", "()")
MAX_NAME_CHARS = 120
"""A longer file name is cut in the note (the asset keeps the whole name)."""


def quoted_name(filename: str) -> str:
    """``filename`` as the note shows it: one line, no square bracket, JSON-quoted."""
    name = _INVISIBLE.sub("", _CONTROL.sub(" ", filename)).translate(_BRACKETS)
    return json.dumps(" ".join(name.split())[:MAX_NAME_CHARS], ensure_ascii=False)


def attachment_note(asset_id: str, filename: str = "") -> str:
    """Return the line that tells the model a product photo was attached."""
    name = f" ({quoted_name(filename)})" if filename.strip() else ""
    return f"[Attached product photo: {asset_id}{name}]"


def attached_ids(message: BaseMessage) -> list[str]:
    """Return the asset ids of the photos attached to ``message``."""
    ids = message.additional_kwargs.get("attachments")
    if isinstance(ids, list):
        return [str(i) for i in ids]
    return _NOTE.findall(message.text)


def strip_notes(text: str) -> str:
    """Return ``text`` without attachment notes (what the user typed)."""
    return _NOTE.sub("", text).strip()
