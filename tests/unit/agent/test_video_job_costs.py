"""The cost of a remote video job in the ledger: priced while it runs, $0 once Bedrock fails it.

A Luma Ray2 live image is started through the chat graph on a Stubber'd bedrock-runtime
client, then the runtime's own poller reads its end: Bedrock does not bill a failed async
invocation, so that tool call must cost nothing; a completed one keeps its price.
"""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from botocore.response import StreamingBody
from botocore.stub import ANY, Stubber
from langchain_core.messages import AIMessage, HumanMessage
from langgraph.checkpoint.memory import InMemorySaver
from PIL import Image

from agent.context import Context
from agent.graph import build_graph
from agent.runtime import SERIALIZER, AgentRuntime
from core.images import encode_png
from core.settings import Settings
from tests.fakes import ScriptedChatModel
from tests.luma_stubs import (
    LUMA_CLIP_USD,
    MP4,
    S3_URI,
    expect_start,
    expect_status,
    stub_client,
)
from tools.cost import ledger_for
from tools.services import Services, build_video_jobs

THREAD = "t-video"


@dataclass
class Remote:
    """A runtime whose video jobs go to Luma Ray2 on stubbed clients."""

    runtime: AgentRuntime
    services: Services
    bedrock: Stubber
    storage: Stubber

    def animate(self, call_id: str) -> str:
        """Ask the chat graph for a live image of a new ad; return the started job's id."""
        ad = self.services.assets.put(
            encode_png(Image.new("RGB", (1080, 1080), (30, 90, 160))), kind="ad_image",
            mime="image/png",
        )
        expect_start(self.bedrock)
        call = {"name": "animate_image", "args": {"asset_id": ad.id}, "id": call_id,
                "type": "tool_call"}
        chat = ScriptedChatModel(replies=[AIMessage("", tool_calls=[call]), AIMessage("Started.")])
        graph = build_graph(chat).compile(checkpointer=InMemorySaver())
        graph.invoke({"messages": [HumanMessage("make it move")]},
                     {"configurable": {"thread_id": THREAD}},
                     context=Context(services=self.services))
        [job] = self.services.jobs.for_thread(THREAD)  # type: ignore[union-attr]
        return job.id

    def reports(self, status: str, failure: str | None = None) -> None:
        """Queue Bedrock's answer to the next get_async_invoke."""
        expect_status(self.bedrock, status, failure)

    def poll(self) -> None:
        """One pass of the runtime's poller, as if the job's poll time had come."""
        assert self.runtime.poller is not None
        self.runtime.poller.poll_once(datetime.now(UTC) + timedelta(hours=1))



@pytest.fixture
def remote(services: Services, tmp_path: Path) -> Iterator[Remote]:
    settings = Settings(engine="bedrock", video_s3_uri=S3_URI, confirm_above_usd=100.0,
                        data_dir=tmp_path / "bedrock")
    assert services.jobs is not None
    runtime_client, s3_client = stub_client("bedrock-runtime"), stub_client("s3")
    engine = build_video_jobs(settings, services.assets, services.jobs,
                              runtime_client=runtime_client, s3_client=s3_client)
    bedrock = dataclasses.replace(services, settings=settings, engines=dataclasses.replace(
        services.engines, video_jobs=engine))
    agent = AgentRuntime(settings, services=bedrock, chat_model=ScriptedChatModel(replies=[]),
                         checkpointer=InMemorySaver(serde=SERIALIZER))
    stubs = Remote(agent, bedrock, Stubber(runtime_client), Stubber(s3_client))
    try:
        with stubs.bedrock, stubs.storage:
            yield stubs
            stubs.bedrock.assert_no_pending_responses()
            stubs.storage.assert_no_pending_responses()
    finally:
        if agent.poller is not None:
            agent.poller.stop()


def test_a_video_job_that_bedrock_fails_costs_nothing(remote: Remote) -> None:
    job_id = remote.animate("v1")
    ledger = ledger_for(remote.services.settings)
    running = ledger.get(THREAD, "v1")
    assert running is not None and running.status == "ok"
    assert running.usd == pytest.approx(LUMA_CLIP_USD)  # priced while it may still be billed

    remote.reports("Failed", "Internal server error")
    remote.poll()

    assert remote.services.jobs.get(job_id).status == "failed"  # type: ignore[union-attr]
    record = ledger.get(THREAD, "v1")
    assert record is not None and record.usd == 0.0 and record.status == "error"
    assert ledger.turn_total(THREAD, record.turn) == 0.0


def test_a_video_job_the_content_filter_stops_costs_nothing(remote: Remote) -> None:
    remote.animate("v2")
    remote.reports("Failed", "The output was blocked by our content filters.")
    remote.poll()

    record = ledger_for(remote.services.settings).get(THREAD, "v2")
    assert record is not None and record.usd == 0.0


def test_a_completed_video_job_keeps_its_price(remote: Remote) -> None:
    job_id = remote.animate("v3")
    remote.reports("Completed")
    remote.storage.add_response(
        "get_object", {"Body": StreamingBody(io.BytesIO(MP4), len(MP4)),
                       "ContentLength": len(MP4)},
        {"Bucket": "ad-videos", "Key": ANY},
    )
    remote.poll()

    assert remote.services.jobs.get(job_id).status == "completed"  # type: ignore[union-attr]
    record = ledger_for(remote.services.settings).get(THREAD, "v3")
    assert record is not None and record.status == "ok"
    assert record.usd == pytest.approx(LUMA_CLIP_USD)
