"""Wiring of remote video models: settings to engines, finished jobs to chat events."""

from __future__ import annotations

import pytest

from agent.events import AssetEvent, ErrorEvent, GuardrailEvent
from agent.runtime import AgentRuntime
from core.errors import ConfigurationError
from core.settings import Settings
from core.storage.assets import AssetStore
from core.storage.jobs import VideoJob, VideoJobStore
from tools.services import build_engines, build_video_jobs


def test_videos_render_locally_unless_a_remote_model_and_bucket_are_set(
    settings: Settings,
) -> None:
    engines = build_engines(settings)
    assert engines.video is not None and engines.video.name == "local"
    assert engines.video_jobs is None
    assert Settings(engine="bedrock").resolved_video_engine == "local"  # no bucket: local


def test_a_remote_video_model_without_a_bucket_is_a_clear_error(settings: Settings) -> None:
    remote = settings.with_changes(video_engine="nova-reel")
    store = AssetStore(settings.data_dir / "assets")
    with pytest.raises(ConfigurationError, match="storage place for its videos"):
        build_video_jobs(remote, store, VideoJobStore(settings.data_dir / "jobs.sqlite"))


def test_finished_jobs_reach_the_thread_once(runtime: AgentRuntime) -> None:
    jobs = runtime.services.jobs
    assert jobs is not None
    mp4 = runtime.services.assets.put(b"\x00\x00\x00\x18ftypmp42", kind="video_ad",
                                      mime="video/mp4", caption="Video ad, 12 s")
    done = VideoJob(kind="storyboard", engine="nova-reel", model_id="amazon.nova-reel-v1:1",
                    thread="t1", status="completed", asset_id=mp4.id)
    blocked = VideoJob(kind="animation", engine="nova-reel", model_id="amazon.nova-reel-v1:1",
                       thread="t1", status="blocked",
                       message="The video model's content filter blocked the result.")
    elsewhere = done.model_copy(update={"id": "job_other", "thread": "t2"})
    for job in (done, blocked, elsewhere):
        jobs.create(job)
    failed = VideoJob(kind="animation", engine="nova-reel", model_id="amazon.nova-reel-v1:1",
                      thread="t1", status="failed", message="S3 access denied")
    jobs.create(failed)
    events = runtime.finished_jobs("t1")
    assert [type(e) for e in events] == [AssetEvent, GuardrailEvent, ErrorEvent]
    assert isinstance(events[0], AssetEvent) and events[0].asset_id == mp4.id
    assert isinstance(events[1], GuardrailEvent) and "content filter" in events[1].reason
    assert events[1].severity == "block" and events[1].fix
    assert isinstance(events[2], ErrorEvent) and "S3 access denied" in events[2].message
    assert runtime.finished_jobs("t1") == []
