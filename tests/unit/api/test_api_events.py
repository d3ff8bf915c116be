"""Events as API clients see them: text in a form safe to render, old events included."""

from __future__ import annotations

from typing import Any, cast

from api.routes.common import present


def test_a_text_event_stored_before_the_safe_forms_existed_gets_them() -> None:
    stored = {"type": "text", "text": "Meet the <img src=x onerror=alert(1)> mug"}
    shown = present(cast(Any, None), cast(Any, None), stored)
    assert shown["text"] == stored["text"]
    assert shown["html"] == "Meet the &lt;img src=x onerror=alert(1)&gt; mug"
    assert "<img" not in shown["markdown"]
