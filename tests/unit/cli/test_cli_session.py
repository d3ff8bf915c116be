"""The chat's printing: replies wrap at the terminal's width and lose no words."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from agent.events import ErrorEvent, TextEvent, ToolEndEvent
from cli import session


def test_a_long_reply_wraps_and_keeps_every_word(monkeypatch: pytest.MonkeyPatch) -> None:
    buffer = io.StringIO()
    monkeypatch.setattr(session, "out", Console(file=buffer, width=40, soft_wrap=True))
    words = [f"word{i}" for i in range(60)]
    session.print_event(TextEvent(text="Benefits: " + " ".join(words)))
    printed = buffer.getvalue()
    assert all(word in printed.split() for word in words)
    assert max(len(line.rstrip()) for line in printed.splitlines()) <= 40


def test_a_reply_prints_markup_as_text_with_no_link_or_terminal_escape(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    buffer = io.StringIO()
    monkeypatch.setattr(session, "out", Console(file=buffer, width=200, force_terminal=True))
    reply = ("**Meet** the <img src=x onerror=alert(1)> Mug ![x](http://evil.example/p.png) "
             "\x1b]8;;http://evil.example\x1b\\here")
    session.print_event(TextEvent(text=reply))
    printed = buffer.getvalue()
    assert "<img src=x onerror=alert(1)>" in printed  # shown, not hidden
    assert "![x](http://evil.example/p.png)" in printed
    assert "\x1b]8;" not in printed  # no hyperlink, no escape sequence from the text
    assert "\x1b[1m" in printed  # the agent's own bold still shows


def test_rich_markup_in_a_tool_summary_or_an_error_prints_as_typed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    buffer = io.StringIO()
    monkeypatch.setattr(session, "console", Console(file=buffer, width=200, force_terminal=True,
                                                    highlight=False))  # as cli.console
    session.print_event(ToolEndEvent(call_id="c", name="update_brief", ok=True,
                                     summary="Brief: [link=http://evil.example]Mug[/link]"))
    session.print_event(ErrorEvent(message="[blink]x.jpg[/blink]: not an image"))
    printed = buffer.getvalue()
    assert "[link=http://evil.example]Mug[/link]" in printed and "\x1b]8;" not in printed
    assert "[blink]x.jpg[/blink]" in printed
