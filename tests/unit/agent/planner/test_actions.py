"""Everyday actions from words: undo, download, compare, carousel, delete, translate."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.messages import HumanMessage

from agent.planner.actions import card_messages, find_action
from agent.planner.local import plan
from evals.language.contexts import build_context

TOOLS = ["revert_image", "compare_images", "download_images", "make_carousel", "delete_images",
         "edit_image", "generate_ad_images"]


@pytest.mark.parametrize(
    ("text", "action"),
    [
        ("undo that", "undo"), ("go back to the original version of #2", "undo"),
        ("zip them up for me", "download"), ("put #1 and #2 next to each other", "compare"),
        ("make a 3-card carousel: cold, light, tough", "carousel"),
        ("delete the last two", "delete"), ("write the headline in italian for #2", "translate"),
        ("remove the scratch from #2", None), ("remove the headline from #3", None),
        ("make #2 warmer", None),
    ],
)
def test_actions_are_recognised(text: str, action: str | None) -> None:
    assert find_action(text) == action


def turn(context: str, text: str) -> list[tuple[str, dict[str, Any]]]:
    convo = build_context(context)
    reply = plan([*convo.messages, HumanMessage(text)], TOOLS)
    return [(c["name"], c["args"]) for c in reply.tool_calls]


def test_words_become_the_right_calls() -> None:
    ads = build_context("ads4").images
    assert turn("ads4", "compare #1 and #3") == [
        ("compare_images", {"asset_ids": [ads[0], ads[2]]})
    ]
    assert turn("ads4", "delete the last two") == [("delete_images", {"asset_ids": ads[2:]})]
    assert turn("ads4", "zip them all up") == [("download_images", {})]  # latest of each
    assert turn("ads4", "download 1 and 3") == [
        ("download_images", {"asset_ids": [ads[0], ads[2]]})
    ]
    assert turn("ads4", "download") == [("download_images", {})]
    cards = turn("ads4", "make a 3-card carousel that tells the story: cold, light, tough")
    assert cards[0][0] == "make_carousel" and cards[0][1]["cards"] == ["Cold", "Light", "Tough"]


def test_undo_goes_back_from_the_edit_and_never_guesses() -> None:
    edited = build_context("ads4_edit").images
    assert turn("ads4_edit", "undo") == [("revert_image", {"asset_id": edited[4]})]
    assert turn("ads4_edit", "go back to the original of #2") == [
        ("revert_image", {"asset_id": edited[4]})
    ]
    assert turn("ads4", "undo") == []  # nothing was edited: it says so instead


def test_translation_is_explained_not_faked() -> None:
    assert turn("ads4", "translate the headline of #2 to spanish") == []


def test_card_messages() -> None:
    assert card_messages("a carousel: cold, light and tough") == ["Cold", "Light", "Tough"]


def test_download_all_named_and_the_latest_ones_are_read_as_said() -> None:
    ads = build_context("ads4_edit").images  # #5 is a warmer #2
    assert turn("ads4_edit", "download all") == [("download_images", {})]  # #1..#5 and motion
    assert turn("ads4_edit", "download #2 and #5") == [
        ("download_images", {"asset_ids": [ads[1], ads[4]]})
    ]
    for text in ("zip the latest ones", "download only the latest versions"):
        assert turn("ads4_edit", text) == [("download_images", {"latest": True})]
        assert turn("ads4", text) == [("download_images", {"latest": True})]
    # images named: the newest version of each (#5 is #2's), not the originals
    for text in ("download the latest versions of #2 and #3", "zip the latest versions of 2 and 3"):
        assert turn("ads4_edit", text) == [("download_images", {"asset_ids": [ads[4], ads[2]]})]
    assert turn("ads4_edit", "the newest version of #2 as a zip please") == [
        ("download_images", {"asset_ids": [ads[4]]})]


def test_a_thread_with_only_a_video_packs_it_on_download_all() -> None:
    from langchain_core.messages import AIMessage, ToolMessage

    made = [HumanMessage("make a 12 second video"),
            AIMessage("", tool_calls=[{"name": "generate_video", "id": "v1", "args": {}}]),
            ToolMessage("video made", tool_call_id="v1", name="generate_video",
                        artifact={"video": {"asset_id": "vid_0000000001", "seconds": 12}}),
            AIMessage("Here is your video ad.")]
    for text in ("download all", "zip everything"):
        reply = plan([*made, HumanMessage(text)], TOOLS)
        assert [(c["name"], c["args"]) for c in reply.tool_calls] == [("download_images", {})]
    nothing = plan([HumanMessage("make a 12 second video"), AIMessage("Which product?"),
                    HumanMessage("download all")], TOOLS)
    assert nothing.tool_calls == []  # nothing made yet: nothing to pack


def test_the_zip_reply_says_how_many_files_and_which_numbers_not_an_asset_id() -> None:
    from langchain_core.messages import AIMessage, ToolMessage

    convo = build_context("ads4_edit")
    asked = AIMessage("", tool_calls=[{"name": "download_images", "id": "z1", "args": {}}])
    packed = {"asset_id": "ast_00000000aa", "count": 6, "bytes": 1000, "numbers": [1, 2, 3, 4, 5],
              "files": [f"ad-0{n}-x.png" for n in range(1, 6)] + ["live-01-of-03.mp4"],
              "live_images": 1, "videos": 0}
    done = ToolMessage("done", tool_call_id="z1", name="download_images", artifact=packed)
    reply = plan([*convo.messages, HumanMessage("download all"), asked, done], TOOLS)
    assert "6 files: #1-#5, 1 live image" in reply.text  # numbers as ranges
    assert "ast_" not in reply.text


def test_download_them_after_this_messages_edits_packs_the_new_versions() -> None:
    from agent.planner.local import LocalPlanner
    from evals.language.cases import Case
    from evals.language.harness import run_case

    case = Case.model_validate({"id": "t", "lang": "en", "intent": "multi",
                                "context": "ads4_logo", "expect": {"none": True},
                                "text": "add our logo to all of them and download them"})
    calls, _context, _reply = run_case(LocalPlanner(), case)
    assert [c["name"] for c in calls] == ["edit_image"] * 4 + ["download_images"]
    assert calls[-1]["args"] == {"latest": True}  # the four logo versions, not #1-#4 too
    case = case.model_copy(update={"text": "add our logo to all of them and zip everything"})
    calls, _context, _reply = run_case(LocalPlanner(), case)
    assert calls[-1] == {"name": "download_images", "args": {}}  # everything: #1-#8
