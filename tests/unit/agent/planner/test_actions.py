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
