"""'Remove the background' in a chat turn: the tool runs and its PNG reaches the user."""

from __future__ import annotations

import numpy as np
from PIL import Image

from agent.events import AssetEvent, TextEvent, ToolEndEvent
from agent.runtime import AgentRuntime
from core.images import encode_png
from evals.recipes import bottle_on_white


def test_the_transparent_png_is_shown_in_the_chat(runtime: AgentRuntime) -> None:
    from ui.app import apply_event

    photo = runtime.upload(encode_png(bottle_on_white()[0]), "bottle.png")
    events = list(runtime.stream(runtime.new_thread(), "remove the background", [photo]))
    ends = [(e.name, e.ok) for e in events if isinstance(e, ToolEndEvent)]
    assert ends == [("remove_background", True)]
    made = [e for e in events if isinstance(e, AssetEvent)]
    assert [(e.kind, e.number) for e in made] == [("background_removed", None)]
    png = Image.open(made[0].path)
    assert png.mode == "RGBA" and png.size == (photo.width, photo.height)
    alpha = np.asarray(png.getchannel("A"))
    assert alpha[0, 0] == alpha[-1, -1] == 0 and alpha[alpha.shape[0] // 2, alpha.shape[1] // 2]
    history: list[dict] = []
    for event in events:
        apply_event(history, event)
    assert {"path": made[0].path, "alt_text": made[0].label} in [m["content"] for m in history]
    replies = " ".join(e.text for e in events if isinstance(e, TextEvent))
    assert "without its background" in replies
    assert made[0].asset_id not in replies and photo.id not in replies  # no internal ids
