"""Wrong answers a new user got from the local planner in the session 31 walkthrough (issue 19).

Each test is written from what the message asks, in English and at least two other
languages. ``ads4``: #1 hiking trail (mid), #2 summer (light), #3 water splash (light),
#4 industrial loft (dark).
"""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.messages import AIMessage, HumanMessage, ToolMessage
from langchain_core.messages.tool import ToolCall

from agent.planner.local import plan
from evals.language.contexts import Context, ad_image, build_context
from tests.unit.agent.planner.talk import TOOLS, asks, calls, whole_turn
from tests.unit.agent.planner.test_conditions_s30 import _more


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
    made, reply = whole_turn(context, text)
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


# 2. "all four" names four ads: with more on screen, the latest four or a question

def _eleven_latest_four() -> Context:
    """#1-#4, then "3 more" (#5-#7), then "4 more" (#8-#11): the latest set is four."""
    return _more(_more(build_context("ads4"), ("beach", "marble", "studio"), "3 more"),
                 ("beach", "marble", "studio", "city-night-bokeh"), "4 more")


def _eleven_latest_three() -> Context:
    """#1-#8, then "3 more" (#9-#11): no set of four is the one meant."""
    return _more(build_context("ads8"), ("beach", "marble", "studio"), "3 more")


@pytest.mark.parametrize("text", [
    "download all four",
    "alle vier herunterladen",
    "télécharge les quatre",
    "descarga las cuatro",
])
def test_all_four_after_four_more_packs_those_four(text: str) -> None:
    made = calls(_reply(_eleven_latest_four(), text))  # before: a ZIP of all 11
    assert made == [("download_images", {"asset_ids": [_ad(n) for n in range(8, 12)]})], made


@pytest.mark.parametrize("text", [
    "download all four",
    "alle vier herunterladen",
    "télécharge les quatre",
    "descarga los cuatro",
])
def test_all_four_with_no_set_of_four_is_asked(text: str) -> None:
    reply = _reply(_eleven_latest_three(), text)  # before: a ZIP of all 11
    assert not reply.tool_calls, calls(reply)
    assert "4" in str(reply.content) and "#11" in str(reply.content), reply.content


@pytest.mark.parametrize("text", [
    "if #4 is dark, make it lighter and download all four",
    "wenn #4 dunkel ist, mach es heller und dann alle vier herunterladen",
    "si la #4 est sombre, rends-la plus claire et télécharge les quatre",
    "si la #4 es oscura, hazla más clara y descarga las cuatro",
])
def test_a_condition_then_all_four_with_eleven_ads_never_packs_eleven(text: str) -> None:
    # #4 is not one of the latest four (#8-#11): which four is asked, never all 11 packed
    made, last = _whole_turn(_eleven_latest_four(), text)
    assert "download_images" not in [name for name, _ in made], made
    assert "which 4" in last, last


def test_all_four_with_exactly_four_ads_is_every_ad() -> None:
    made = calls(_reply(build_context("ads4"), "download all four"))
    assert [name for name, _ in made] == ["download_images"], made
    assert set(made[0][1].get("asset_ids") or [_ad(n) for n in range(1, 5)]) == {
        _ad(n) for n in range(1, 5)}, made


# 3. "2 more. make all except the first cooler" with earlier edits on screen: which "all"?

def _six_with_edits() -> Context:
    """#1-#4, then #5 (a warmer #2) and #6 (a warmer #3)."""
    return _edit(_edit(build_context("ads4"), 2, "warmer"), 3, "warmer")


@pytest.mark.parametrize("text", [
    "2 more please. make all except the first cooler",
    "noch 2 bitte. mach alle außer der ersten kühler",
    "2 de plus s'il vous plaît. rends toutes sauf la première plus froides",
    "2 más por favor. haz todas excepto la primera más frías",
    "2 more please. make all of them cooler",
])
def test_more_then_all_with_earlier_edits_on_screen_asks_which_all(text: str) -> None:
    # before: #7 and #8 made, then #2-#4 cooled, #5-#8 left as they were
    reply = _reply(_six_with_edits(), text)
    assert not reply.tool_calls, calls(reply)
    content = str(reply.content)
    assert "#7" in content and "#1" in content, content  # both readings named


def test_more_then_all_except_with_one_batch_on_screen_still_acts() -> None:
    made = calls(_reply(build_context("ads4"), "2 more please. make all except the first cooler"))
    assert [args["n"] for name, args in made if name == "generate_ad_images"] == [2], made
    assert {args["asset_id"] for name, args in made if name == "edit_image"} == {
        _ad(2), _ad(3), _ad(4)}, made
