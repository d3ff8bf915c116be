"""Issue 23's workspace actions and the "Show" menu's groups.

The actions: a new headline, compare, a ZIP of the picks, every placement; the groups:
rounds (the ads each request made) and lines of edits.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from langchain_core.messages import HumanMessage

from agent.planner.local import plan
from agent.runtime import AgentRuntime
from agent.toolkit import make_tools
from core.placements import resolve_placement
from evals.recipes import bottle_on_white
from tests.media import save_jpeg
from tools.capabilities.lineage import theme_and_placement
from ui.app import ChatController
from ui.groups import ALL, shown_numbers
from ui.selection import (
    LONG_HEADLINE,
    MAX_HEADLINE,
    PICK_SOME,
    PICK_TWO,
    QUOTED_HEADLINE,
    TYPE_HEADLINE,
    compare_request,
    every_placement_request,
    headline_request,
    picked,
    zip_request,
)
from ui.workspace import PLACEMENTS, SELECT_FIRST, number_of_caption

BRIEF = "Insulated steel water bottle, 750 ml, keeps drinks cold 24 h, for hikers"


def test_the_headline_field_sends_one_clean_line() -> None:
    assert headline_request(2, "  Cold all day.\n ") == (
        "Change the headline of #2 to “Cold all day.”")
    assert headline_request(3, "Don't sweat it, it’s cold") == (
        "Change the headline of #3 to “Don't sweat it, it’s cold”")
    for number, text, error in (
        (None, "Hi", SELECT_FIRST), (2, "  ", TYPE_HEADLINE), (2, None, TYPE_HEADLINE),
        (2, "x" * (MAX_HEADLINE + 1), LONG_HEADLINE),
        # the agent would read the inner quote as the headline's end: refused, not mangled
        (2, 'Say "hi" to cold', QUOTED_HEADLINE), (2, "Say 'hi' to cold", QUOTED_HEADLINE),
        (2, "“Cold”", QUOTED_HEADLINE),
    ):
        with pytest.raises(ValueError) as raised:
            headline_request(number, text)
        assert str(raised.value) == error


def test_picks_name_the_ads_in_order_and_never_guess() -> None:
    assert compare_request([5, 2]) == "Compare #2 and #5"
    assert compare_request(["3", 1, 2, 3]) == "Compare #1, #2 and #3"
    assert zip_request([7]) == "Download #7"
    assert zip_request([5, 2, 3]) == "Download #2, #3 and #5"
    assert picked(["x", 0, -1, "4"]) == [4]
    for values in ([], [2], [1, 2, 3, 4, 5], None):
        with pytest.raises(ValueError, match=PICK_TWO.split(" (")[0]):
            compare_request(values)
    with pytest.raises(ValueError) as raised:
        zip_request([])
    assert str(raised.value) == PICK_SOME


def test_every_placement_names_each_placement_but_the_ads_own() -> None:
    request = every_placement_request(2, "square")
    named = request.removeprefix("Resize #2 to ").replace(" and ", ", ").split(", ")
    assert sorted(named) == sorted(value for _, value in PLACEMENTS if value != "square")
    banner = every_placement_request(7, "leaderboard")  # the menu's 728x90
    assert "728x90" not in banner and "300x250" in banner and "square" in banner
    with pytest.raises(ValueError, match="Click an ad"):
        every_placement_request(None, "square")


@pytest.fixture
def made(runtime: AgentRuntime, tmp_path: Path) -> tuple[ChatController, str]:
    """A thread with 4 ads made from a brief and a photo (the local engine)."""
    photo = save_jpeg(bottle_on_white()[0], tmp_path / "bottle.jpg")
    controller = ChatController(runtime)
    *_, (_history, _box, thread, _brief, gallery) = controller.respond(
        {"text": BRIEF, "files": [str(photo)]}, [], None
    )
    assert len(gallery) == 4
    return controller, thread


def test_the_agent_runs_the_tool_each_selection_action_asks_for(
    made: tuple[ChatController, str],
) -> None:
    controller, thread = made
    state = controller.runtime.state(thread)
    assert state is not None
    ids = {n: asset.id for asset, n in controller.panel_ads(thread)}
    tools = [tool.name for tool in make_tools()]

    def calls(request: str) -> list[dict[str, Any]]:
        found = plan([*state.messages, HumanMessage(request)], tools).tool_calls
        return [{"name": c["name"], **c["args"]} for c in found]

    for text in ("Don't sweat it", "50% off: today only!", "Make it warmer"):
        assert calls(headline_request(2, text)) == [  # the words as they are, on #2
            {"name": "edit_image", "asset_id": ids[2], "headline": text}]
    assert calls(compare_request([3, 2])) == [
        {"name": "compare_images", "asset_ids": [ids[2], ids[3]]}]
    zipped = calls(zip_request([4, 1, 2]))
    assert [c["name"] for c in zipped] == ["download_images"]
    assert sorted(zipped[0]["asset_ids"]) == sorted([ids[1], ids[2], ids[4]])
    _theme, own = theme_and_placement(next(a for a, n in controller.panel_ads(thread) if n == 2))
    resized = calls(every_placement_request(2, own))
    assert {c["name"] for c in resized} == {"edit_image"}
    assert {c["asset_id"] for c in resized} == {ids[2]}
    assert sorted(c["placement"] for c in resized) == sorted(  # the tool's ids for the sizes
        resolve_placement(value).id for _, value in PLACEMENTS if value != own)


def test_a_new_headline_is_checked_recorded_and_grouped(made: tuple[ChatController, str]) -> None:
    controller, thread = made
    *_, (history, _box, _thread, _brief, gallery) = controller.change_headline(
        2, "Guaranteed cure", [], thread)
    said = [str(m.get("content")) for m in history]
    assert said[0] == "Change the headline of \\#2 to “Guaranteed cure”"  # the chat's record
    titles = [str((m.get("metadata") or {}).get("title")) for m in history]
    assert any("Guardrail" in t and "health" in t for t in titles)  # the policy saw it
    assert number_of_caption(gallery[0][1]) == 5 and "“Guaranteed cure”" in gallery[0][1]

    menu = controller.groups(thread)
    assert [g.label for g in menu][:3] == [
        "All ads · 5 ads", "Round 2 · 1 ad · edit of #2", menu[2].label]
    assert menu[2].label.startswith("Round 1 · 4 ads · ")
    assert (menu[-1].label, menu[-1].numbers) == ("#2 and its 1 edit", frozenset({2, 5}))
    shown = controller.show_group(thread, "line:2")
    assert [number_of_caption(c) for _, c in shown] == [5, 2]  # the newest first
    show, picks = controller.regroup(thread, shown, "line:2", [5, 9])
    assert show.value == "line:2" and picks.value == [5]  # #9 is no ad of the thread
    show, _picks = controller.regroup(thread, gallery, "line:2", [])
    assert show.value == ALL  # a run showed every ad again
    assert shown_numbers([{"caption": "#3 · story"}, ("/a.png", "#4 · x"), ("/b.png", None)]
                         ) == frozenset({3, 4})

    table = controller.compared([2, 5], thread)
    assert table.visible
    lines = table.value.splitlines()
    assert lines[0] == "| Ad | **#2** | **#5** |"
    assert lines[-1].startswith("| Headline | ") and lines[-1].endswith(" | Guaranteed cure |")
    assert any(line.startswith("| Placement | square | square |") for line in lines)
    assert controller.compared([2], thread).visible is False


def test_a_selection_action_without_picks_sends_nothing(made: tuple[ChatController, str]) -> None:
    controller, thread = made
    before = len(controller.runtime.state(thread).messages)  # type: ignore[union-attr]
    *_, (history, *_rest) = controller.compare([2], [], thread)
    assert history[-1]["content"] == PICK_TWO
    *_, (history, *_rest) = controller.change_headline(2, "", [], thread)
    assert history[-1]["content"] == TYPE_HEADLINE
    *_, (history, *_rest) = controller.every_placement(None, [], thread)
    assert history[-1]["content"] == SELECT_FIRST
    assert len(controller.runtime.state(thread).messages) == before  # type: ignore[union-attr]
