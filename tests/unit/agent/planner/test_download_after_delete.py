"""'download all' after a delete packs every ad still shown, edits included, not the set's rest."""

from __future__ import annotations

import pytest
from langchain_core.messages import AIMessage, ToolMessage

from agent.planner.local import plan
from agent.toolkit import make_tools
from evals.language.contexts import build_context

TOOLS = [tool.name for tool in make_tools()]


def after_deleting(number: int) -> list:
    """ads4_edit (#1-#4, then #5 a warmer #2) with #``number`` taken out of the gallery."""
    convo = build_context("ads4_edit")
    asset = convo.images[number - 1]
    return [
        *convo.messages,
        convo.user(f"delete #{number}"),
        AIMessage("", tool_calls=[{"name": "delete_images", "args": {"asset_ids": [asset]},
                                   "id": "call_del1", "type": "tool_call"}]),
        ToolMessage(content="Taken out", name="delete_images", tool_call_id="call_del1",
                    artifact={"removed": [asset]}),
        AIMessage(f"Taken out of the gallery: #{number}."),
    ]


@pytest.mark.parametrize("text", ["download all", "zip every ad", "Alles herunterladen",
                                  "descarga todas", "download them all pls"])
def test_download_all_after_a_delete_packs_everything_still_shown(text: str) -> None:
    # before: the ids of the last set minus the deleted one (#1-#3), and #5 was left out
    reply = plan([*after_deleting(4), build_context("ads4_edit").user(text)], TOOLS)
    assert [(c["name"], c["args"]) for c in reply.tool_calls] == [("download_images", {})]


def test_naming_some_after_a_delete_still_packs_only_those() -> None:
    convo = build_context("ads4_edit")
    reply = plan([*after_deleting(4), convo.user("download #1 and #3")], TOOLS)
    assert [(c["name"], c["args"]) for c in reply.tool_calls] == [
        ("download_images", {"asset_ids": [convo.images[0], convo.images[2]]})]
