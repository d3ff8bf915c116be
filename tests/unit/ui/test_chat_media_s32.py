"""The chat's media (issue 23): ads with their alt text, a poster for every played video."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import av
import gradio as gr
import numpy as np
from PIL import Image

from agent.events import AssetEvent
from tools.services import Services
from ui.app import apply_event
from ui.chat_images import naming_images
from ui.history import image_message, poster_of


def _mp4(color: tuple[int, int, int], frames: int = 6) -> bytes:
    """A short MP4 whose every frame is ``color`` (a remote model's clip: no poster)."""
    out = io.BytesIO()
    with av.open(out, mode="w", format="mp4") as container:
        stream = container.add_stream("libx264", rate=24)
        stream.width, stream.height, stream.pix_fmt = 64, 48, "yuv420p"
        for _ in range(frames):
            picture = np.full((48, 64, 3), color, dtype=np.uint8)
            for packet in stream.encode(av.VideoFrame.from_ndarray(picture, format="rgb24")):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return out.getvalue()


def test_a_remote_video_gets_its_first_frame_as_its_poster(services: Services) -> None:
    store = services.assets
    video = store.put(_mp4((200, 30, 30)), kind="video", mime="video/mp4", caption="Video ad")
    history: list[dict[str, Any]] = []
    apply_event(history, AssetEvent(asset_id=video.id, kind="video", mime="video/mp4",
                                    path=str(store.path(video.id)), label="Video ad"), {}, store)
    markup = str(history[0]["content"].value)
    poster = re.search(r'poster="[^"]*file=([^"]+)"', markup)
    assert poster, markup
    with Image.open(poster.group(1)) as still:
        assert still.size == (64, 48)
        red, green, _blue = still.convert("RGB").getpixel((32, 24))
        assert red > 150 and green < 80  # the clip's own first frame
    assert len(store.derived(video.id, "video_poster", video.tenant)) == 1
    assert poster_of(store, video.id) == poster.group(1)  # made once, then found
    assert len(store.derived(video.id, "video_poster", video.tenant)) == 1


def test_a_live_image_and_a_broken_video_get_no_made_poster(services: Services) -> None:
    store = services.assets
    live = store.put(_mp4((0, 0, 200)), kind="live_image", mime="video/mp4")
    assert poster_of(store, live.id) is None  # it plays on its own, in a loop
    broken = store.put(b"not an mp4", kind="video", mime="video/mp4")
    assert poster_of(store, broken.id) is None


def _sent(content: Any) -> dict[str, Any]:
    """A message part as the chatbot sends it to the page."""
    return naming_images(gr.Chatbot(render=False))._postprocess_content(content).model_dump()


def test_an_ad_in_the_chat_reaches_the_page_with_its_alt_text(tmp_path: Path) -> None:
    path = tmp_path / "ad.png"
    Image.new("RGB", (40, 40), "red").save(path)
    sent = _sent(image_message(str(path), "#2 · Marble luxe · square")["content"])
    assert sent["type"] == "component" and sent["component"] == "image"
    assert sent["props"]["alt_text"] == "#2 · Marble luxe · square"
    archive = tmp_path / "ads.zip"
    archive.write_bytes(b"PK")
    assert _sent({"path": str(archive), "alt_text": "ZIP of 4 ads"})["type"] == "file"
    assert _sent({"path": str(path)})["type"] == "file"  # nothing to name it by


def test_an_ad_sent_back_with_the_chat_is_not_decoded(tmp_path: Path) -> None:
    path = tmp_path / "ad.png"
    Image.new("RGB", (40, 40), "red").save(path)
    chatbot = naming_images(gr.Chatbot(render=False))
    sent = chatbot.postprocess([image_message(str(path), "#1 · Beach")]).model_dump()
    back = chatbot.preprocess(chatbot.data_model(root=sent))  # type: ignore[operator]
    part = back[0]["content"][0]
    assert part["component"] == "image" and "instance" not in part
    again = chatbot.postprocess(back).model_dump()  # the history the handler gives back
    assert again[0]["content"][0]["props"]["alt_text"] == "#1 · Beach"
