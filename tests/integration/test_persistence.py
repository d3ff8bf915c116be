"""Threads live in a SQLite file under the data dir and survive a restart."""

from __future__ import annotations

import pytest

from agent.events import AssetEvent, TextEvent
from agent.runtime import AgentRuntime
from core.images import encode_png
from core.settings import Settings
from evals.recipes import bottle_on_white

pytestmark = pytest.mark.integration

BRIEF = "Insulated steel water bottle, 750 ml, keeps drinks cold 24 h. Summer hiking campaign"


def test_a_thread_continues_after_a_restart(settings: Settings) -> None:
    first = AgentRuntime(settings)
    photo = first.upload(encode_png(bottle_on_white()[0]), "bottle.png")
    thread = first.new_thread()
    images = [e for e in first.stream(thread, BRIEF, [photo]) if isinstance(e, AssetEvent)]
    assert len(images) == 4
    assert settings.checkpoint_path.exists()

    restarted = AgentRuntime(settings)  # a new process would do the same
    state = restarted.state(thread)
    assert state is not None and state.brief.images == [photo.id]
    events = list(restarted.stream(thread, "make the second one warmer"))
    edits = [e for e in events if isinstance(e, AssetEvent)]
    assert len(edits) == 1
    assert restarted.services.assets.get(edits[0].asset_id).parents[0] == images[1].asset_id
    assert any("new version" in e.text for e in events if isinstance(e, TextEvent))
    assert restarted.state("no-such-thread") is None
