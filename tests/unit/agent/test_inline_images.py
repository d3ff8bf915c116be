"""Images inside a message (LangChain's multimodal blocks, as LangGraph Studio sends them)."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from langchain_core.messages import AIMessage, HumanMessage
from langgraph.checkpoint.memory import InMemorySaver

from agent.attachments import attached_ids
from agent.context import Context
from agent.graph import build_graph
from core.images import encode_png
from evals.recipes import bottle_on_white
from tests.fakes import ScriptedChatModel
from tools.services import Services

PNG = base64.b64encode(encode_png(bottle_on_white()[0])).decode()


def run(services: Services, content: list[Any], replies: list[AIMessage]) -> tuple[
        dict[str, Any], ScriptedChatModel]:
    model = ScriptedChatModel(replies=replies)
    graph = build_graph(model).compile(checkpointer=InMemorySaver())
    state = graph.invoke({"messages": [HumanMessage(content=content)]},
                         {"configurable": {"thread_id": "t"}}, context=Context(services=services))
    return state, model


@pytest.mark.parametrize("block", [
    {"type": "image_url", "image_url": {"url": f"data:image/png;base64,{PNG}"}},
    {"type": "image_url", "image_url": f"data:image/png;base64,{PNG}"},
    {"type": "image", "source_type": "base64", "data": PNG, "mime_type": "image/png"},
    {"type": "image", "base64": PNG, "mime_type": "image/png"},
], ids=["image_url", "image_url-str", "image-v0.3", "image-v1"])
def test_an_inline_image_becomes_an_attached_product_photo(
    services: Services, block: dict[str, Any]
) -> None:
    content = [{"type": "text", "text": "Steel bottle for hikers"}, block]
    state, model = run(services, content, [AIMessage("Got it.")])
    [ids] = [attached_ids(m) for m in state["messages"] if isinstance(m, HumanMessage)]
    assert len(ids) == 1
    asset = services.assets.get(ids[0])
    assert asset.kind == "product_photo" and asset.mime == "image/png"
    seen = model.seen[0][-1]  # what the model read: the words and the note, no bytes
    assert isinstance(seen.content, str) and seen.content.startswith("Steel bottle for hikers")
    assert f"[Attached product photo: {ids[0]}" in seen.content and PNG[:40] not in seen.content
    assert ids[0] in state["assets"]


@pytest.mark.parametrize(("block", "said"), [
    ({"type": "image_url", "image_url": {"url": "https://example.com/bottle.png"}},
     "is not fetched: attach the file itself"),
    ({"type": "image_url", "image_url": {"url": "data:image/png;base64,not base64!!"}},
     "not valid base64"),
    ({"type": "image", "base64": base64.b64encode(b"GIF89a....").decode()},
     "image 1:"),
])
def test_an_image_that_cannot_be_used_is_answered_not_sent_on(
    services: Services, block: dict[str, Any], said: str
) -> None:
    state, model = run(services, [{"type": "text", "text": "ads please"}, block], [])
    assert model.seen == []  # the model is never called with it
    reply = state["messages"][-1]
    assert isinstance(reply, AIMessage) and said in reply.text
    assert services.assets.list("default", limit=10) == []
