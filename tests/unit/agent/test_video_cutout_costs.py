"""A video of a new photo on Bedrock: its remove-background call is priced only when it was used.

The product is cut out by Stability's remove-background service inside ``generate_video``
(the video starts from the product staged on a still). When that call fails and the local
cutout stands in, the tool call's record in the cost ledger holds the Luma Ray2 clip only,
as an ad's record holds only the calls that answered (tests/unit/agent/test_graph_costs.py).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.stub import ANY, Stubber
from langchain_core.messages import AIMessage, HumanMessage
from langgraph.checkpoint.memory import InMemorySaver

from agent.context import Context
from agent.graph import build_graph
from core.images import encode_png
from core.schemas import StoryboardResult
from core.settings import Settings
from evals.recipes import bottle_on_white
from tests.fakes import ScriptedChatModel
from tests.unit.engines.bedrock.stubbed import Stubbed, stubbed
from tests.unit.engines.bedrock.test_ad_cutout import matte
from tools.cost import ledger_for
from tools.sdk import registry
from tools.services import Services, build_video_jobs

S3_URI = "s3://ad-videos/renders"
ARN = "arn:aws:bedrock:us-west-2:123456789012:async-invoke/abc123def456"
CLIP_USD = 9 * 1.50  # a 6-s storyboard is one 9-s Luma Ray2 clip at $1.50 a second
CUTOUT_USD = 0.08  # the price table: one image from any Stability service
THREAD = "t-video-cutout"


@dataclasses.dataclass
class Remote:
    """Services on the bedrock engine: Stability on one Stubber, Luma Ray2 on another."""

    services: Services
    stability: Stubbed
    bedrock: Stubber

    def video_of_new_photo(self, call_id: str) -> None:
        """Write a 6-s storyboard of a new photo, then render it through the chat graph."""
        photo, _ = bottle_on_white()
        photo_id = self.services.assets.put(encode_png(photo), kind="product_photo",
                                            mime="image/png").id
        ctx = self.services.capability_context(self.services.settings.tenant)
        board = registry()["write_storyboard"].invoke(
            {"product_image": photo_id, "seconds": 6, "use_brand_kit": False}, ctx)
        assert isinstance(board, StoryboardResult)
        self.bedrock.add_response(
            "start_async_invoke", {"invocationArn": ARN},
            {"modelId": "luma.ray-v2:0", "modelInput": ANY, "outputDataConfig": ANY,
             "clientRequestToken": ANY},
        )
        call = {"name": "generate_video", "args": {"storyboard_id": board.storyboard_id},
                "id": call_id, "type": "tool_call"}
        chat = ScriptedChatModel(replies=[AIMessage("", tool_calls=[call]), AIMessage("Started.")])
        graph = build_graph(chat).compile(checkpointer=InMemorySaver())
        graph.invoke({"messages": [HumanMessage("render the video")]},
                     {"configurable": {"thread_id": THREAD}},
                     context=Context(services=self.services))

    def usd(self, call_id: str) -> float:
        """What the ledger holds for one tool call (it must have run)."""
        record = ledger_for(self.services.settings).get(THREAD, call_id)
        assert record is not None and record.status == "ok"
        return record.usd


def _client(service: str) -> Any:
    return boto3.client(service, region_name="us-west-2", aws_access_key_id="x",
                        aws_secret_access_key="x")


@pytest.fixture
def remote(services: Services, tmp_path: Path) -> Iterator[Remote]:
    settings = Settings(engine="bedrock", image_engine="stability", video_s3_uri=S3_URI,
                        confirm_above_usd=100.0, data_dir=tmp_path / "bedrock")
    assert services.jobs is not None
    runtime_client = _client("bedrock-runtime")
    videos = build_video_jobs(settings, services.assets, services.jobs,
                              runtime_client=runtime_client, s3_client=_client("s3"))
    for stability in stubbed("stability"):
        bedrock = dataclasses.replace(services, settings=settings, engines=dataclasses.replace(
            services.engines, images=stability.engine, video_jobs=videos))
        with Stubber(runtime_client) as luma:
            yield Remote(bedrock, stability, luma)
            luma.assert_no_pending_responses()


def test_a_fallen_back_cutout_of_a_video_is_not_priced(remote: Remote) -> None:
    remote.stability.stubber.add_client_error(
        "invoke_model", "ServiceUnavailableException", "Service unavailable",
        http_status_code=503)  # remove-background fails: the local cutout stands in
    remote.video_of_new_photo("v1")
    assert remote.usd("v1") == pytest.approx(CLIP_USD)  # the clip only: the cutout call failed


def test_the_service_cutout_of_a_video_is_priced(remote: Remote) -> None:
    remote.stability.answer({"seeds": [3], "finish_reasons": [None],
                             "images": [matte(bottle_on_white()[1])]})
    remote.video_of_new_photo("v2")
    assert remote.usd("v2") == pytest.approx(CLIP_USD + CUTOUT_USD)
