"""More ads of one theme differ from the ones before (issue 22).

An art director's review: after "2 more in a snowy mountain theme", ad #6 was nearly a copy
of #1, the same layout and framing. Four ads and then two more of one photo, in one theme:
no two of the six put the product and the headline in the same places at the same size
(product boxes within a few pixels and the same headline box).
"""

from __future__ import annotations

import itertools
from typing import Any

from agent.events import AssetEvent
from agent.runtime import AgentRuntime
from tests.paths import PHOTOS

NEAR = 27
"""Product boxes whose every edge is this close (2.5% of a 1080 px ad) frame it alike."""
BRIEF = "Black ceramic mug, 350 ml, dishwasher safe. Winter campaign, in the snowy mountains."


def _layout(runtime: AgentRuntime, event: AssetEvent) -> dict[str, Any]:
    layout: dict[str, Any] = runtime.services.assets.get(event.asset_id).parameters["layout"]
    return layout


def _headline_box(layout: dict[str, Any]) -> list[int] | None:
    return next((t["box"] for t in layout["texts"] if t["role"] == "headline"), None)


def _alike(a: dict[str, Any], b: dict[str, Any]) -> bool:
    near = all(abs(x - y) <= NEAR for x, y in zip(a["product"], b["product"], strict=True))
    return near and _headline_box(a) == _headline_box(b)


def test_two_more_in_one_theme_repeat_no_earlier_layout_and_framing(
    runtime: AgentRuntime,
) -> None:
    photo = runtime.upload((PHOTOS / "mug_black.jpg").read_bytes(), "mug_black.jpg")
    thread = runtime.new_thread()
    first = [e for e in runtime.stream(thread, BRIEF + " Theme: snowy mountain.", [photo])
             if isinstance(e, AssetEvent)]
    more = [e for e in runtime.stream(thread, "2 more in a snowy mountain theme")
            if isinstance(e, AssetEvent)]
    assert len(first) == 4 and len(more) == 2
    ads = first + more
    themes = {runtime.services.assets.get(e.asset_id).parameters["theme"] for e in ads}
    assert themes == {"snowy-mountain"}
    layouts = [_layout(runtime, e) for e in ads]
    for (i, a), (j, b) in itertools.combinations(enumerate(layouts, 1), 2):
        assert not _alike(a, b), f"#{j} repeats #{i}: {b['product']} vs {a['product']}"
