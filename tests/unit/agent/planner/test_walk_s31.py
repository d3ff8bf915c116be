"""Wrong answers a new user got from the local planner in the session 31 walkthrough (issue 19).

Each test is written from what the message asks, in English and at least two other
languages. ``ads4``: #1 hiking trail (mid), #2 summer (light), #3 water splash (light),
#4 industrial loft (dark).
"""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage
from langchain_core.messages.tool import ToolCall

from agent.planner.local import plan
from evals.language.contexts import Context, ad_image, build_context
from tests.unit.agent.planner.talk import TOOLS, asks, calls


def _ad(n: int) -> str:
    return f"img_b{n:09d}"


def _edit(context: Context, parent: int, change: str) -> Context:
    """The conversation after #``parent`` was edited into a new version (the next number)."""
    number = len(context.images) + 1
    new = ad_image(_ad(number), "studio")
    call_id = f"call_walk{number}"
    context.messages += [
        HumanMessage(f"make #{parent} {change}"),
        AIMessage("", tool_calls=[ToolCall(name="edit_image", id=call_id, type="tool_call",
                                           args={"asset_id": _ad(parent), "warmth": 0.3})]),
        ToolMessage(content="new version made", name="edit_image", tool_call_id=call_id,
                    artifact={"image": new, "parent_id": _ad(parent), "changes": [change]}),
        AIMessage(f"Here you go: #{number}, a new version of #{parent} ({change})."),
    ]
    context.images.append(new["asset_id"])
    context.edited.append(_ad(parent))
    return context


def _reply(context: Context, text: str) -> AIMessage:
    return plan([*context.messages, context.user(text)], TOOLS)


def _whole_turn(context: Context, text: str) -> tuple[list[tuple[str, dict[str, Any]]], str]:
    """Every call of the turn (each step's tools answered as they would be), and its last text."""
    messages: list[BaseMessage] = [*context.messages, context.user(text)]
    made: list[tuple[str, dict[str, Any]]] = []
    number = len(context.images)
    reply = AIMessage("")
    for _ in range(4):
        reply = plan(messages, TOOLS)
        if not reply.tool_calls:
            break
        messages.append(reply)
        for call in reply.tool_calls:
            made.append((call["name"], call["args"]))
            artifact: dict[str, Any] = {}
            if call["name"] == "edit_image":
                number += 1
                artifact = {"image": ad_image(_ad(number), "studio"),
                            "parent_id": call["args"]["asset_id"], "changes": ["lighter"]}
            messages.append(ToolMessage(content="done", name=call["name"],
                                        tool_call_id=call["id"], artifact=artifact))
    return made, str(reply.content)


# 1. Audio alone (a jingle, a radio spot, a podcast ad, music): no tool makes it

@pytest.mark.parametrize("text", [
    "can you write me a jingle for the radio spot?",  # before: a 12 s video storyboard
    "write a radio script",
    "compose background music",
    "make a podcast ad",  # before: 4 new ad images
    "ein Radiospot bitte",
    "schreib mir einen Jingle für die Werbung",
    "une musique pour la pub",
    "un spot radio s'il vous plaît",
    "un anuncio de radio por favor",
    "compón una música de fondo",
])
def test_audio_alone_is_declined_plainly_with_what_can_be_made(text: str) -> None:
    reply = asks("ads4", text)
    assert "can't" in reply and ("audio" in reply or "music" in reply), reply
    assert "video" in reply and "image" in reply, reply  # what it can make instead


@pytest.mark.parametrize("text", [
    "make a video with music",
    "ein Video mit Musik bitte",
    "une vidéo avec de la musique",
])
def test_a_video_with_music_is_answered_as_the_video_tool_allows(text: str) -> None:
    # the video tool renders silent videos: the answer says so, nothing is made half-right
    reply = asks("ads4", text)
    assert "silent" in reply, reply


@pytest.mark.parametrize("text", [
    "4 ads for our music festival",
    "make #2 warmer",
])
def test_a_picture_ask_that_mentions_music_is_still_done(text: str) -> None:
    assert calls(_reply(build_context("ads4"), text)), text
