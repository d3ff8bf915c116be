"""Tool lines as API clients see them: forms safe to render, old stored events included."""

from __future__ import annotations

from typing import Any, cast

from api.routes.common import present


def test_a_tool_line_stored_before_the_safe_forms_existed_gets_them() -> None:
    stored = {"type": "tool_end", "call_id": "c1", "name": "update_brief", "ok": True,
              "summary": "Brief updated: product <img src=x onerror=alert(1)> Mug",
              "shown": "Brief updated: product <img src=x onerror=alert(1)> Mug"}
    shown = present(cast(Any, None), cast(Any, None), stored)
    assert shown["summary"] == stored["summary"] and shown["shown"] == stored["shown"]
    assert shown["html"] == "Brief updated: product &lt;img src=x onerror=alert(1)&gt; Mug"
    assert "<img" not in shown["markdown"]


def test_a_stored_tool_line_without_shown_makes_its_safe_forms_from_the_summary() -> None:
    stored = {"type": "tool_end", "call_id": "c1", "name": "x", "ok": False,
              "summary": "Failed: ![x](http://evil.example/p.png)"}
    shown = present(cast(Any, None), cast(Any, None), stored)
    assert "](" not in shown["markdown"].replace("\\](", "")  # no image or link made
