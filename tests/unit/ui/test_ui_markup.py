"""The chat shows user and product text as typed: no HTML element, no remote image, no link.

Chat messages are Markdown (Gradio's Chatbot renders them); each is rendered here with a
renderer as permissive as a chat's (raw HTML on) to see what a browser would get.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from langchain_core.messages import AIMessage, HumanMessage
from markdown_it import MarkdownIt

from agent.events import (
    ConfirmEvent,
    ErrorEvent,
    GuardrailEvent,
    TextEvent,
    ToolEndEvent,
    ToolStartEvent,
)
from agent.runtime import AgentRuntime
from ui.app import ChatController, apply_event, build_app
from ui.history import rebuild

ATTACK = "<img src=x onerror=alert(1)> Mug ![x](http://evil.example/p.png)"
RENDER = MarkdownIt("commonmark", {"html": True})


def rendered(message: dict[str, Any]) -> str:
    content = message["content"]
    assert isinstance(content, str)
    return RENDER.render(content)


def assert_inert(html: str, shows_attack: bool = True) -> None:
    assert "<img" not in html and "<a " not in html and "<script" not in html
    if shows_attack:
        assert "&lt;img src=x onerror=alert(1)&gt;" in html  # shown as the characters typed


def test_agent_text_keeps_its_formatting_and_shows_markup_as_text() -> None:
    history: list[dict[str, Any]] = []
    apply_event(history, TextEvent(text=f"**Here are 4 ads** for {ATTACK}"))
    html = rendered(history[0])
    assert "<strong>Here are 4 ads</strong>" in html
    assert_inert(html)


def test_tool_results_findings_errors_and_questions_show_markup_as_text() -> None:
    history: list[dict[str, Any]] = []
    apply_event(history, ToolStartEvent(call_id="c1", name="update_brief",
                                        args={"product_name": "```\n" + ATTACK}))
    step = rendered(history[0])
    assert "<img" not in step and "&lt;img" in step  # the product name shown as text
    apply_event(history, ToolEndEvent(call_id="c1", name="update_brief", ok=True,
                                      summary=f"Brief: {ATTACK}"))
    apply_event(history, GuardrailEvent(stage="input", rule_id="x.y", severity="warn",
                                        reason=f"'{ATTACK}' is risky", fix=ATTACK))
    apply_event(history, ErrorEvent(message=f"{ATTACK}: not a readable image"))
    apply_event(history, ConfirmEvent(id="i", question=f"Render {ATTACK}?", estimate_usd=1,
                                      threshold_usd=0.5))
    for message in history:
        assert_inert(rendered(message))


def test_what_the_user_typed_and_file_names_show_exactly_as_typed(
    runtime: AgentRuntime, tmp_path: Path
) -> None:
    broken = tmp_path / "<img src=x onerror=alert(1)> **bold**.jpg"
    broken.write_bytes(b"not an image")
    *_, (history, *_rest) = ChatController(runtime).respond(
        {"text": ATTACK, "files": [str(broken)]}, [], None)
    users = [m for m in history if m["role"] == "user"]
    assert [RENDER.renderInline(m["content"]) for m in users] == [
        "📎 &lt;img src=x onerror=alert(1)&gt; **bold**.jpg",
        "&lt;img src=x onerror=alert(1)&gt; Mug ![x](http://evil.example/p.png)",
    ]
    for message in history:
        if isinstance(message["content"], str):
            assert_inert(rendered(message), shows_attack=False)


def test_a_reloaded_chat_shows_markup_as_text(runtime: AgentRuntime) -> None:
    messages = [HumanMessage(ATTACK), AIMessage(f"Meet the {ATTACK}")]
    history = rebuild(messages, runtime.services.assets, {})
    assert RENDER.renderInline(history[0]["content"]) == (
        "&lt;img src=x onerror=alert(1)&gt; Mug ![x](http://evil.example/p.png)")
    for message in history:
        assert_inert(rendered(message))


def test_the_chatbot_keeps_html_sanitised_and_renders_no_custom_tag_or_latex(
    runtime: AgentRuntime,
) -> None:
    app = build_app(runtime)
    (chat,) = [b for b in app.blocks.values() if getattr(b, "elem_id", None) == "chat"]
    config = chat.get_config()
    assert config["sanitize_html"] is True
    assert config["allow_tags"] is False
    assert config["latex_delimiters"] == []
