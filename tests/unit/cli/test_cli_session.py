"""The chat's printing: replies wrap at the terminal's width and lose no words."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from agent.events import TextEvent
from cli import session


def test_a_long_reply_wraps_and_keeps_every_word(monkeypatch: pytest.MonkeyPatch) -> None:
    buffer = io.StringIO()
    monkeypatch.setattr(session, "out", Console(file=buffer, width=40, soft_wrap=True))
    words = [f"word{i}" for i in range(60)]
    session.print_event(TextEvent(text="Benefits: " + " ".join(words)))
    printed = buffer.getvalue()
    assert all(word in printed.split() for word in words)
    assert max(len(line.rstrip()) for line in printed.splitlines()) <= 40
