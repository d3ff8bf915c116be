"""Tool lines (``tool_end`` events) carry forms safe to render, like text events.

Issue 20: the update_brief line repeated ``<img src=x onerror=alert(1)> Mug ![x](...)`` in
``summary`` and ``shown``, with no escaped form, so a page that put it in ``innerHTML`` ran it.
"""

from __future__ import annotations

from langchain_core.messages import AIMessage
from langgraph.checkpoint.memory import InMemorySaver
from markdown_it import MarkdownIt

from agent.events import ToolEndEvent
from agent.runtime import SERIALIZER, AgentRuntime
from core.settings import Settings
from tests.fakes import ScriptedChatModel
from tools.services import Services

MARKUP = "<img src=x onerror=alert(1)> Mug ![x](http://evil.example/p.png)"


def _tool_line(settings: Settings, services: Services) -> ToolEndEvent:
    call = AIMessage("", tool_calls=[{"name": "update_brief", "args": {"audience": MARKUP},
                                      "id": "c1", "type": "tool_call"}])
    runtime = AgentRuntime(settings, services=services,
                           chat_model=ScriptedChatModel(replies=[call, AIMessage("Done.")]),
                           checkpointer=InMemorySaver(serde=SERIALIZER))
    (end,) = [e for e in runtime.stream("t", "brief please") if isinstance(e, ToolEndEvent)]
    return end


def test_a_tool_line_that_repeats_markup_has_forms_safe_to_render(
    settings: Settings, services: Services
) -> None:
    end = _tool_line(settings, services)
    data = end.model_dump(mode="json")
    assert "<img" in data["shown"]  # the plain text keeps what was typed (the premise)
    assert "<img" not in data["html"] and "&lt;img src=x onerror=alert(1)&gt;" in data["html"]
    rendered = MarkdownIt("commonmark", {"html": True}).render(data["markdown"])
    assert "<img" not in rendered and "<a " not in rendered  # shown as text, nothing loads
    assert "onerror" in rendered  # ...but still there to read
