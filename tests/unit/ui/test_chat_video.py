"""Videos in the chat (issue 23): a poster, an ad's size, controls and a download."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import gradio as gr
from langchain_core.messages import AIMessage, ToolMessage

from agent.events import AssetEvent
from tools.services import Services
from ui.app import apply_event
from ui.history import rebuild, video_message


class _Tags(HTMLParser):
    """The tags of an HTML fragment with their attributes, and its text."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parsed(message: dict[str, Any]) -> _Tags:
    content = message["content"]
    assert isinstance(content, gr.HTML)
    tags = _Tags()
    tags.feed(str(content.value))
    return tags


def _one(tags: _Tags, name: str) -> dict[str, str | None]:
    found = [attrs for tag, attrs in tags.tags if tag == name]
    assert len(found) == 1, tags.tags
    return found[0]


def test_a_video_waits_behind_its_poster_with_controls_and_a_download() -> None:
    tags = _parsed(video_message("/data/blobs/ab/v.mp4", "Video of the storyboard", "video_ad",
                                 poster="/data/blobs/cd/p.png"))
    video = _one(tags, "video")
    assert video["src"] is not None and video["src"].endswith("file=/data/blobs/ab/v.mp4")
    assert video["poster"] is not None and video["poster"].endswith("file=/data/blobs/cd/p.png")
    assert "controls" in video and "autoplay" not in video and "loop" not in video
    assert video["preload"] == "none"  # nothing is fetched until the user plays it
    assert video["aria-label"] == "Video of the storyboard"
    link = _one(tags, "a")
    assert link["href"] == video["src"]
    assert link["download"] == "adstudio-video-of-the-storyboard.mp4"
    assert "chat-video" in str(_one(tags, "figure")["class"])  # capped at 480 px by the CSS


def test_a_video_without_a_poster_shows_its_first_frame() -> None:
    video = _one(_parsed(video_message("/x/v.mp4", "Video ad", "video_ad")), "video")
    assert "poster" not in video and video["preload"] == "metadata"


def test_a_live_image_loops_silently_at_an_ads_size_and_can_be_downloaded() -> None:
    message = video_message("/x/l.mp4", "Live image of #3", "live_image")
    tags = _parsed(message)
    video = _one(tags, "video")
    assert {"autoplay", "loop", "muted", "playsinline"} <= set(video)
    assert "controls" not in video
    assert "chat-live" in str(_one(tags, "figure")["class"])
    assert _one(tags, "a")["download"] == "adstudio-live-image-of-3.mp4"
    assert "play()" in str(message["content"].js_on_load)  # a player set in by script


def test_a_label_with_markup_stays_text() -> None:
    tags = _parsed(video_message("/x/v.mp4", 'Video of <img src=x onerror="alert(1)">',
                                 "video_ad"))
    assert [tag for tag, _ in tags.tags] == ["figure", "video", "figcaption", "span", "a"]
    assert "<img" in "".join(tags.text)  # shown as typed, not made into an element


def test_a_live_event_shows_the_videos_poster(services: Services) -> None:
    store = services.assets
    mp4 = store.put(b"mp4", kind="video_ad", mime="video/mp4", caption="Video")
    poster = store.put(b"png", kind="video_poster", mime="image/png", parents=[mp4.id])
    history: list[dict[str, Any]] = []
    apply_event(history, AssetEvent(asset_id=mp4.id, kind="video_ad", mime="video/mp4",
                                    path=str(store.path(mp4.id)), label="Video ad"),
                {}, store)
    video = _one(_parsed(history[0]), "video")
    assert str(video["poster"]).endswith(str(store.path(poster.id)))


def test_a_reloaded_video_is_a_player_with_its_poster_not_an_image(services: Services) -> None:
    store = services.assets
    mp4 = store.put(b"mp4", kind="video_ad", mime="video/mp4", caption="Video")
    poster = store.put(b"png", kind="video_poster", mime="image/png", parents=[mp4.id])
    live = store.put(b"live", kind="live_image", mime="video/mp4", caption="Live image")
    messages = [
        AIMessage("", tool_calls=[{"id": "c1", "name": "generate_video", "args": {}}]),
        ToolMessage("Rendered the video.", tool_call_id="c1",
                    artifact={"video": {"asset_id": mp4.id}}),
        AIMessage("", tool_calls=[{"id": "c2", "name": "animate_image", "args": {}}]),
        ToolMessage("Made a live image.", tool_call_id="c2",
                    artifact={"video": {"asset_id": live.id}}),
    ]
    shown = [m for m in rebuild(messages, store, {}) if isinstance(m["content"], gr.HTML)]
    assert len(shown) == 2
    video, loop = (_one(_parsed(m), "video") for m in shown)
    assert str(video["poster"]).endswith(str(store.path(poster.id))) and "controls" in video
    assert "loop" in loop and "poster" not in loop
