"""The motion capabilities end to end on the local engine, and the chat that drives them."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import replace
from typing import Any

import numpy as np
import pytest

from agent.events import AssetEvent, TextEvent, ToolEndEvent
from agent.runtime import AgentRuntime
from core.errors import CapabilityError, RenderCancelled
from core.images import encode_png
from engines.local.encoding.encode import probe
from evals.recipes import bottle_on_white, product_with_alpha
from tools.sdk import AiLabel, CapabilityContext, ThreadGallery, registry
from tools.services import Services


@pytest.fixture
def ctx(services: Services) -> CapabilityContext:
    return dataclasses.replace(services.capability_context("default"), max_variations=1)


@pytest.fixture
def photo_id(services: Services) -> str:
    photo = bottle_on_white()[0]
    return services.assets.put(encode_png(photo), kind="product_photo", mime="image/png",
                               width=photo.width, height=photo.height).id


@pytest.fixture
def ad_id(ctx: CapabilityContext, photo_id: str) -> str:
    result = registry()["generate_ad_images"].invoke(
        {"product_image": photo_id, "n": 1, "placements": ["300x250"], "headline": "Go far."},
        ctx,
    )
    return str(result.images[0].asset_id)


def _renders_left(ctx: CapabilityContext) -> list[Any]:
    root = ctx.assets.root / "renders"
    return list(root.rglob("*")) if root.exists() else []


def test_live_image_of_an_ad_is_a_layered_loop_with_preview(
    ctx: CapabilityContext, ad_id: str
) -> None:
    seen: list[int] = []
    ctx.progress = lambda done, total, message: seen.append(done)
    result = registry()["animate_image"].invoke({"asset_id": ad_id, "seconds": 3}, ctx)
    video = result.video
    assert video is not None and result.parent_id == ad_id
    assert result.notes == []  # re-rendered in layers: scene, product and text move apart
    mp4 = ctx.assets.get(video.asset_id)
    assert (mp4.kind, mp4.mime, mp4.parents) == ("live_image", "video/mp4", [ad_id])
    info = probe(ctx.assets.path(mp4.id))
    assert (info.codec, info.pix_fmt, info.audio) == ("h264", "yuv420p", "aac")
    assert (info.width, info.height, info.frames) == (300, 250, 72)
    assert video.preview_id and ctx.assets.get(video.preview_id).parents == [mp4.id]
    assert video.poster_id and ctx.assets.get(video.poster_id).mime == "image/png"
    assert seen == sorted(seen) and seen[-1] == 72
    assert _renders_left(ctx) == []


def test_a_live_image_is_labelled_by_the_ads_number_never_its_asset_id(
    ctx: CapabilityContext, ad_id: str
) -> None:
    numbered = replace(ctx, gallery=ThreadGallery(numbers={"img_0000000001": 1, "img_0000000002": 2,
                                                            ad_id: 3}))
    result = registry()["animate_image"].invoke({"asset_id": ad_id, "seconds": 3}, numbered)
    video = result.video
    assert video is not None and video.caption == "Live image of #3"
    assert ctx.assets.get(video.asset_id).caption == "Live image of #3"
    for extra in (video.preview_id, video.poster_id):
        assert extra and ad_id not in ctx.assets.get(extra).caption
        assert video.asset_id not in ctx.assets.get(extra).caption


def test_a_live_image_of_an_unnumbered_ad_is_named_by_its_product(
    ctx: CapabilityContext, photo_id: str
) -> None:
    ad = registry()["generate_ad_images"].invoke(
        {"product_image": photo_id, "n": 1, "placements": ["300x250"],
         "context": "Insulated steel water bottle, 750 ml, keeps drinks cold 24 h."}, ctx,
    ).images[0].asset_id
    video = registry()["animate_image"].invoke({"asset_id": ad, "seconds": 3}, ctx).video
    assert video is not None and video.caption == "Live image of Insulated steel water bottle"


def test_animating_something_that_is_not_an_image_says_so(
    ctx: CapabilityContext, photo_id: str
) -> None:
    board = registry()["write_storyboard"].invoke({"product_image": photo_id, "seconds": 6}, ctx)
    with pytest.raises(CapabilityError, match="not an image"):
        registry()["animate_image"].invoke({"asset_id": board.storyboard_id}, ctx)
    with pytest.raises(CapabilityError, match="seconds"):
        registry()["animate_image"].invoke({"asset_id": photo_id, "seconds": 20}, ctx)


def test_a_cancelled_render_leaves_nothing_behind(ctx: CapabilityContext, ad_id: str) -> None:
    before = {a.id for a in ctx.assets.list(limit=1000)}
    ctx.cancelled = lambda: True
    with pytest.raises(RenderCancelled):
        registry()["animate_image"].invoke({"asset_id": ad_id, "seconds": 3}, ctx)
    assert {a.id for a in ctx.assets.list(limit=1000)} == before
    assert _renders_left(ctx) == []


def test_storyboard_revise_and_render(ctx: CapabilityContext, photo_id: str) -> None:
    caps = registry()
    board = caps["write_storyboard"].invoke(
        {"product_image": photo_id, "seconds": 6, "context": "Steel bottle keeps drinks cold 24 h",
         "headline": "Go far.", "cta": "Shop now"},
        ctx,
    )
    assert board.storyboard.seconds == 6 and board.storyboard.shots[-1].kind == "end_card"
    revised = caps["revise_storyboard"].invoke(
        {"storyboard_id": board.storyboard_id, "shot": 1, "text": "Cold for 24 hours"}, ctx
    )
    assert revised.storyboard.shots[0].text == "Cold for 24 hours"
    assert ctx.assets.get(revised.storyboard_id).parents == [board.storyboard_id]
    result = caps["generate_video"].invoke({"storyboard_id": revised.storyboard_id}, ctx)
    assert result.status == "completed" and result.video is not None
    info = probe(ctx.assets.path(result.video.asset_id))
    assert (info.width, info.height, info.frames, info.audio) == (1280, 720, 144, "aac")
    assert info.faststart


def test_a_video_that_does_not_fit_its_placement_is_not_rendered(
    ctx: CapabilityContext, photo_id: str
) -> None:
    board = registry()["write_storyboard"].invoke(
        {"product_image": photo_id, "seconds": 6, "size": "1080x1920"}, ctx
    )
    before = len(ctx.assets.list(limit=1000))
    with pytest.raises(CapabilityError, match="sponsored-brands-video") as refused:
        registry()["generate_video"].invoke(
            {"storyboard_id": board.storyboard_id, "placement": "sponsored-brands-video"}, ctx
        )
    assert ".." not in str(refused.value)
    assert len(ctx.assets.list(limit=1000)) == before


def test_a_placement_with_a_bitrate_floor_gets_a_file_at_that_rate(
    ctx: CapabilityContext, photo_id: str
) -> None:
    """A placement's bitrate floor is met, and its audio floor said to be out of reach.

    Amazon DSP online video asks at least 4 Mbps: the file is encoded at a constant rate
    above it, and the result says the silent track is below the placement's audio floor.
    """
    board = registry()["write_storyboard"].invoke(
        {"product_image": photo_id, "seconds": 6, "size": "1920x1080"}, ctx
    )
    result = registry()["generate_video"].invoke(
        {"storyboard_id": board.storyboard_id, "placement": "olv"}, ctx
    )
    assert result.video is not None
    info = probe(ctx.assets.path(result.video.asset_id))
    assert (info.width, info.height, info.audio) == (1920, 1080, "aac")
    assert 4000 <= info.video_kbps <= 4000 * 1.05 * 1.1, info.video_kbps
    assert any("4.2 Mbps" in note for note in result.notes)
    assert any("soundtrack" in note and "192 kbps" in note for note in result.notes)


def test_a_video_shows_the_same_product_pixels_as_the_ads_of_a_transparent_upload(
    ctx: CapabilityContext, services: Services
) -> None:
    """A PNG with alpha is cut out once, whichever comes first: its video or its ads."""
    from tools.capabilities.video import _cutout

    photo = product_with_alpha()[0]
    pid = services.assets.put(encode_png(photo), kind="product_photo", mime="image/png",
                              width=photo.width, height=photo.height).id
    first = np.asarray(_cutout(ctx, pid)[0])
    stored = services.assets.derived(pid, "product_cutout", ctx.tenant)
    assert len(stored) == 1
    registry()["generate_ad_images"].invoke(
        {"product_image": pid, "n": 1, "placements": ["300x250"], "headline": "Go far."}, ctx
    )
    assert [a.id for a in services.assets.derived(pid, "product_cutout", ctx.tenant)] == [
        stored[0].id
    ]
    assert np.array_equal(np.asarray(_cutout(ctx, pid)[0]), first)


class _Job:
    id = "job_1"
    notes: tuple[str, ...] = ()


class _RemoteVideo:
    """Records what would be submitted to a remote video model."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def submit_animation(self, frame: Any, prompt: str, **kw: Any) -> _Job:
        self.calls.append(("animation", {"size": frame.size, "mode": frame.mode, **kw}))
        return _Job()

    def submit_storyboard(self, storyboard: Any, frames: Any, **kw: Any) -> _Job:
        self.calls.append(("storyboard", {"frames": sorted(frames), **kw}))
        return _Job()


def test_with_a_remote_video_model_a_job_starts_and_the_chat_goes_on(
    ctx: CapabilityContext, ad_id: str, photo_id: str
) -> None:
    remote = _RemoteVideo()
    ctx.engines = replace(ctx.engines, video_jobs=remote)
    ctx.thread = "thread-1"
    live = registry()["animate_image"].invoke({"asset_id": ad_id}, ctx)
    assert (live.status, live.job_id, live.video) == ("started", "job_1", None)
    board = registry()["write_storyboard"].invoke({"product_image": photo_id, "seconds": 6}, ctx)
    video = registry()["generate_video"].invoke({"storyboard_id": board.storyboard_id}, ctx)
    assert video.status == "started" and video.new_asset_ids() == []
    kinds = [(kind, call["mode"] if kind == "animation" else call["frames"])
             for kind, call in remote.calls]
    assert kinds == [("animation", "RGB"), ("storyboard", [0])]
    assert all(call["thread"] == "thread-1" for _, call in remote.calls)
    assert video.notes == []


def test_a_remote_video_for_a_placement_with_bitrate_floors_says_to_check_them(
    ctx: CapabilityContext, photo_id: str
) -> None:
    ctx.engines = replace(ctx.engines, video_jobs=_RemoteVideo())
    board = registry()["write_storyboard"].invoke(
        {"product_image": photo_id, "seconds": 6, "size": "1920x1080"}, ctx
    )
    video = registry()["generate_video"].invoke(
        {"storyboard_id": board.storyboard_id, "placement": "amazon-dsp-video"}, ctx
    )
    assert video.status == "started"
    assert len(video.notes) == 1
    assert "at least 4 Mbps" in video.notes[0] and "192 kbps" in video.notes[0]


def test_a_remote_video_model_gets_the_label_that_is_due_drawn_when_it_arrives(
    ctx: CapabilityContext, ad_id: str, photo_id: str
) -> None:
    # the label the deployment asks for goes with the job, to be drawn on the model's MP4
    # when it arrives; the result says so, and says what happens if it cannot be
    remote = _RemoteVideo()
    ctx.engines = replace(ctx.engines, video_jobs=remote)
    ctx = dataclasses.replace(ctx, ai_label=AiLabel("always", "KI-generiert"))
    live = registry()["animate_image"].invoke({"asset_id": ad_id}, ctx)
    board = registry()["write_storyboard"].invoke({"product_image": photo_id, "seconds": 6}, ctx)
    video = registry()["generate_video"].invoke({"storyboard_id": board.storyboard_id}, ctx)
    assert [call["label"] for _, call in remote.calls] == ["KI-generiert", "KI-generiert"]
    for result in (live, video):
        assert result.status == "started"
        assert not any("left out" in note for note in result.notes), result.notes
        assert any("'KI-generiert' is drawn" in note for note in result.notes), result.notes
    off = dataclasses.replace(ctx, ai_label=AiLabel("off"))
    quiet = registry()["generate_video"].invoke({"storyboard_id": board.storyboard_id}, off)
    assert remote.calls[-1][1]["label"] is None
    assert not any("KI-generiert" in note for note in quiet.notes)


def test_a_remote_live_image_of_an_ad_already_labelled_gets_no_second_label(
    ctx: CapabilityContext, photo_id: str
) -> None:
    # the ad was made with the label drawn on it; the model animates that picture, label
    # and all, so drawing the label again on its video would disclose twice
    remote = _RemoteVideo()
    ctx.engines = replace(ctx.engines, video_jobs=remote)
    ctx = dataclasses.replace(ctx, ai_label=AiLabel("always", "KI-generiert"))
    ad = registry()["generate_ad_images"].invoke(
        {"product_image": photo_id, "n": 1, "placements": ["1080x1080"], "headline": "Go far."},
        ctx,
    )
    live = registry()["animate_image"].invoke({"asset_id": ad.images[0].asset_id}, ctx)
    assert live.status == "started"
    assert [call["label"] for _, call in remote.calls] == [None]
    assert any("'KI-generiert' is part of the picture" in note for note in live.notes), live.notes
    assert not any("is drawn on every frame" in note for note in live.notes), live.notes


def test_chat_storyboard_change_a_shot_then_render(runtime: AgentRuntime) -> None:
    thread = runtime.new_thread()
    photo = runtime.upload(encode_png(bottle_on_white()[0]), "bottle.png")
    list(runtime.stream(thread, "Steel water bottle, keeps drinks cold 24 h, for hikers", [photo]))
    events = list(runtime.stream(thread, "now make a 6 second video ad"))
    tools = [e.name for e in events if isinstance(e, ToolEndEvent)]
    assert tools == ["write_storyboard"]
    text = " ".join(e.text for e in events if isinstance(e, TextEvent))
    assert "Storyboard (6 s" in text and "render it" in text
    shots = [line for line in text.splitlines() if re.match(r"\d+\. \*\*", line)]
    assert shots and not any("Note:" in line for line in shots)  # notes: a paragraph of their own
    assert "\n\nNote: " in text
    events = list(runtime.stream(thread, "make the first shot about the 24 h cold"))
    assert [e.name for e in events if isinstance(e, ToolEndEvent)] == ["revise_storyboard"]
    assert "24 h cold" in " ".join(e.text for e in events if isinstance(e, TextEvent))
    events = list(runtime.stream(thread, "looks good, render it"))
    videos = [e for e in events if isinstance(e, AssetEvent) and e.mime == "video/mp4"]
    assert len(videos) == 1 and probe(videos[0].path).frames == 144
    assert "video ad" in " ".join(e.text for e in events if isinstance(e, TextEvent))


def test_the_chat_model_can_write_the_shots_itself(ctx: CapabilityContext, photo_id: str) -> None:
    shots = [
        {"kind": "hero", "seconds": 3, "text": "Meet the bottle", "transition": "slide"},
        {"kind": "feature", "seconds": 4, "text": "Cold for 24 h", "camera": "static"},
    ]
    board = registry()["write_storyboard"].invoke(
        {"product_image": photo_id, "seconds": 6, "shots": shots}, ctx
    )
    written = board.storyboard.shots
    assert [s.text for s in written] == ["Meet the bottle", "Cold for 24 h"]
    assert written[0].transition == "cut"  # the first shot cannot transition from nothing
    assert any("7 s, not the 6 s" in n for n in board.notes)
    assert any("no end card" in n for n in board.notes)
    with pytest.raises(CapabilityError, match="cannot go on an ad"):
        registry()["write_storyboard"].invoke(
            {"product_image": photo_id, "shots": [{"kind": "hero", "text": "free ammo"}]}, ctx
        )
