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
from agent.inline_images import MAX_IMAGES
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


@pytest.mark.parametrize("block", [
    {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": PNG}},
    {"type": "input_image", "image_url": f"data:image/png;base64,{PNG}"},
], ids=["anthropic", "openai-input_image"])
def test_other_common_image_shapes_are_read_too(services: Services, block: dict) -> None:
    state, model = run(services, [{"type": "text", "text": "bottle"}, block], [AIMessage("Ok")])
    [ids] = [attached_ids(m) for m in state["messages"] if isinstance(m, HumanMessage)]
    assert len(ids) == 1 and isinstance(model.seen[0][-1].content, str)


@pytest.mark.parametrize(("block", "said"), [
    ({"type": "image_url", "image_url": {"url": "https://example.com/bottle.png?u=jane"}},
     "is not fetched: attach the file itself"),
    ({"type": "image_url", "image_url": {"url": "data:image/png;base64,not base64!!"}},
     "not valid base64"),
    ({"type": "image", "base64": base64.b64encode(b"GIF89a....").decode()},
     "image 1:"),
    ({"type": "file", "source_type": "base64", "data": PNG, "mime_type": "application/pdf"},
     "can't read ('file')"),
])
def test_an_image_that_cannot_be_used_is_answered_not_sent_on(
    services: Services, block: dict[str, Any], said: str
) -> None:
    state, model = run(services, [{"type": "text", "text": "ads please"}, block], [])
    assert model.seen == []  # the model is never called with it
    reply = state["messages"][-1]
    assert isinstance(reply, AIMessage) and said in reply.text
    assert "example.com" not in reply.text  # a link is not repeated back
    assert all(isinstance(m.content, str) for m in state["messages"])  # no raw block kept


def test_text_beside_an_unusable_image_is_still_checked_and_withheld(
    services: Services
) -> None:
    # the turn used to end before the input check: the text stayed in the history unchecked
    # and reached the model on the next turn
    link = {"type": "image_url", "image_url": {"url": "https://example.com/x.png"}}
    model = ScriptedChatModel(replies=[AIMessage("Hello.")])
    graph = build_graph(model).compile(checkpointer=InMemorySaver())
    config = {"configurable": {"thread_id": "t"}}
    first = [{"type": "text", "text": "sell my handgun, mail jane@example.com"}, link]
    graph.invoke({"messages": [HumanMessage(content=first)]}, config,
                 context=Context(services=services))
    graph.invoke({"messages": [HumanMessage("hello")]}, config, context=Context(services=services))
    seen = " ".join(str(m.content) for m in model.seen[-1])
    assert "sell my handgun" not in seen and "jane@example.com" not in seen


def test_photos_beside_a_link_are_kept_for_the_next_turn(services: Services) -> None:
    content = [{"type": "text", "text": "bottle"},
               {"type": "image_url", "image_url": {"url": f"data:image/png;base64,{PNG}"}},
               {"type": "image_url", "image_url": {"url": "https://example.com/x.png"}}]
    state, model = run(services, content, [])
    assert model.seen == [] and "are kept" in state["messages"][-1].text
    assert len(state["assets"]) == 1


def test_too_many_images_are_refused_past_the_limit(services: Services) -> None:
    block = {"type": "image_url", "image_url": {"url": f"data:image/png;base64,{PNG}"}}
    state, _model = run(services, [block] * (MAX_IMAGES + 2), [])
    assert f"2 image(s) over the {MAX_IMAGES}" in state["messages"][-1].text
    assert len(state["assets"]) == MAX_IMAGES


def test_a_lone_surrogate_in_a_graph_message_is_read(services: Services) -> None:
    state, model = run(services, [{"type": "text", "text": "bottle \ud800 ads"}],
                       [AIMessage("Ok")])
    assert model.seen[0][-1].content == "bottle \ufffd ads"
    plain, _ = run(services, "calm \udfff tone", [AIMessage("Ok")])  # type: ignore[arg-type]
    assert plain["messages"][0].content == "calm \ufffd tone"
