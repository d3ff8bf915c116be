"""How uploaded files are referenced in the conversation (by asset id, never by bytes)."""

from __future__ import annotations

import re

from langchain_core.messages import BaseMessage

_NOTE = re.compile(r"\[Attached product photo: (img_[0-9a-f]{10})[^\]]*\]")


def attachment_note(asset_id: str, filename: str = "") -> str:
    """Return the line that tells the model a product photo was attached."""
    name = f" ({filename})" if filename else ""
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
