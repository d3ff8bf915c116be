"""The cost ledger of a chat turn on Bedrock: what the tool calls spent, not what they asked."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from langchain_core.messages import AIMessage, HumanMessage
from langgraph.checkpoint.memory import InMemorySaver
from PIL import Image

from agent.context import Context
from agent.graph import build_graph
from core.images import encode_png
from core.settings import Settings
from evals.recipes import bottle_on_white
from tests.fakes import ScriptedChatModel
from tests.unit.engines.bedrock.stubbed import Stubbed, stubbed
from tools.cost import ledger_for
from tools.services import Services

CALL_USD = 0.08  # the price table: one image from any Stability service


@pytest.fixture
def stability() -> Iterator[Stubbed]:
    yield from stubbed("stability")


def test_a_fallen_back_cutout_is_not_in_the_ledger(
    services: Services, stability: Stubbed, tmp_path: Path
) -> None:
    settings = Settings(engine="bedrock", image_engine="stability", data_dir=tmp_path / "bedrock")
    bedrock = dataclasses.replace(services, settings=settings, engines=dataclasses.replace(
        services.engines, images=stability.engine))
    photo, _ = bottle_on_white()
    photo_id = bedrock.assets.put(encode_png(photo), kind="product_photo", mime="image/png").id
    stability.stubber.add_client_error("invoke_model", "ServiceUnavailableException",
                                       "Service unavailable", http_status_code=503)
    stability.answer_image(Image.new("RGB", (1080, 1080), (40, 160, 90)))
    call = {"name": "generate_ad_images", "args": {"product_image": photo_id, "n": 1},
            "id": "g1", "type": "tool_call"}
    model = ScriptedChatModel(replies=[AIMessage("", tool_calls=[call]), AIMessage("Done.")])
    graph = build_graph(model).compile(checkpointer=InMemorySaver())
    graph.invoke({"messages": [HumanMessage("one ad please")]},
                 {"configurable": {"thread_id": "t-spent"}}, context=Context(services=bedrock))
    record = ledger_for(settings).get("t-spent", "g1")
    assert record is not None and record.status == "ok"
    assert record.usd == pytest.approx(CALL_USD)  # the scene only: the cutout call failed


def test_a_matte_that_answered_is_billed_when_no_product_could_be_cut_out(
    services: Services, stability: Stubbed, tmp_path: Path
) -> None:
    settings = Settings(engine="bedrock", image_engine="stability", data_dir=tmp_path / "bedrock")
    bedrock = dataclasses.replace(services, settings=settings, engines=dataclasses.replace(
        services.engines, images=stability.engine))
    photo, mask = bottle_on_white()
    photo_id = bedrock.assets.put(encode_png(photo), kind="product_photo", mime="image/png").id
    nothing = np.zeros((*mask.shape, 4), np.uint8)  # a matte that keeps nothing
    stability.answer_image(Image.fromarray(nothing))
    call = {"name": "remove_background", "args": {"product_image": photo_id},
            "id": "r1", "type": "tool_call"}
    model = ScriptedChatModel(replies=[AIMessage("", tool_calls=[call]), AIMessage("Sorry.")])
    graph = build_graph(model).compile(checkpointer=InMemorySaver())
    graph.invoke({"messages": [HumanMessage("remove the background")]},
                 {"configurable": {"thread_id": "t-nothing"}}, context=Context(services=bedrock))
    record = ledger_for(settings).get("t-nothing", "r1")
    assert record is not None and record.status == "error"  # no transparent PNG was made
    assert record.usd == pytest.approx(CALL_USD)  # but the remove-background call answered
