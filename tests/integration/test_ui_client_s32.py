"""The /chat endpoint through gradio_client: each image comes with its alt text (issue 23).

The chat sends an image with alt text as an image component (Gradio 6's chatbot drops a
file message's alt text on the page): an API client reads the label in its props.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from gradio_client import Client, handle_file

from agent.runtime import AgentRuntime
from evals.recipes import bottle_on_white
from tests.media import save_jpeg
from tests.servers import serve_ui

pytestmark = pytest.mark.integration
BRIEF = "Insulated steel water bottle, 750 ml, keeps drinks cold 24 h. Summer hiking campaign"


def images_in(history: list[dict]) -> list[dict]:
    """The image parts of a Gradio 6 chat history (each message's content is a part list)."""
    return [part for m in history for part in m["content"]
            if part.get("type") == "component" and part.get("component") == "image"]


def test_the_photo_and_the_ads_come_with_their_alt_text(
    runtime: AgentRuntime, tmp_path: Path
) -> None:
    photo = save_jpeg(bottle_on_white()[0], tmp_path / "bottle.jpg")
    with serve_ui(runtime) as url:
        history, *_rest = Client(url, verbose=False).predict(
            {"text": BRIEF, "files": [handle_file(str(photo))]}, [], "thread-1",
            api_name="/chat")
    images = images_in(history)
    assert len(images) == 5  # the user's photo and four ads
    alts = [image["props"]["alt_text"] for image in images]
    assert all(alts), alts
    assert [a.split(" · ")[0] for a in alts[1:]] == [f"#{i}" for i in range(1, 5)]
    files = [str(image["value"]) for image in images]  # the client downloads each one
    assert all(Path(f).suffix == ".png" and Path(f).exists() for f in files[1:]), files
