"""The Gradio app, launched on loopback, driven through gradio_client.

An API client reads each chat image's alt text in its props (issue 23).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from gradio_client import Client, handle_file

from agent.runtime import AgentRuntime
from evals.recipes import bottle_on_white
from tests.media import save_jpeg
from tests.servers import serve_ui

pytestmark = pytest.mark.integration
BRIEF = "Insulated steel water bottle, 750 ml, keeps drinks cold 24 h. Summer hiking campaign"


@pytest.fixture
def client(runtime: AgentRuntime) -> Iterator[Client]:
    with serve_ui(runtime) as url:
        yield Client(url, verbose=False)


def files_in(history: list[dict]) -> list[dict]:
    """The images of a Gradio 6 chat history, each as ``{"alt_text", "file"}``.

    Each message's content is a part list; an image goes as an image component, which
    keeps its alt text on the page (a file part's alt text is dropped there).
    """
    return [{"alt_text": part["props"]["alt_text"], "file": str(part["value"])}
            for m in history for part in m["content"]
            if part.get("type") == "component" and part.get("component") == "image"]


def text_of(message: dict) -> str:
    return " ".join(part.get("text", "") for part in message["content"])


def test_upload_and_brief_show_four_images(client: Client, tmp_path: Path) -> None:
    photo = save_jpeg(bottle_on_white()[0], tmp_path / "bottle.jpg")
    history, _box, thread, brief, gallery = client.predict(
        {"text": BRIEF, "files": [handle_file(str(photo))]}, [], "thread-1", api_name="/chat"
    )
    assert thread == "thread-1"
    files = files_in(history)
    assert len(files) == 5  # the user's photo and four ads
    assert [f["alt_text"].split(" · ")[0] for f in files[1:]] == [f"#{i}" for i in range(1, 5)]
    assert not [f for f in files[1:] if "Variation" in f["alt_text"]]  # no number beside #
    assert all(f["alt_text"] for f in files)  # the user's photo is named too
    assert all(f["file"].endswith(".png") and Path(f["file"]).exists() for f in files[1:])
    steps = [m for m in history if (m.get("metadata") or {}).get("title")]
    assert {s["metadata"]["status"] for s in steps} == {"done"}
    assert brief["images"] and brief["product_name"] == "Insulated steel water bottle"
    assert len(gallery) == 4
    # another call on the same thread id continues the conversation
    history, *_rest, gallery = client.predict(
        {"text": "make #2 warmer", "files": []}, [], "thread-1", api_name="/chat"
    )
    assert files_in(history)[-1]["alt_text"].startswith("#5 · edit of #2")
    assert len(gallery) == 5


def test_a_broken_upload_is_a_message_and_the_chat_goes_on(client: Client, tmp_path: Path) -> None:
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n garbage")
    history, *_ = client.predict(
        {"text": "", "files": [handle_file(str(broken))]}, [], "thread-2", api_name="/chat"
    )
    assert "not a readable image" in text_of(history[-1])
    texts = [m for m in history if all(p["type"] == "text" for p in m["content"])]
    history, *_ = client.predict({"text": "what can you do?", "files": []}, texts,
                                 "thread-2", api_name="/chat")
    assert "product photo" in text_of(history[-1])
