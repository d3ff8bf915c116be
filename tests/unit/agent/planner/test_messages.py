"""Whole messages as marketers type them: several asks, references, pending questions."""

from __future__ import annotations

from typing import Any

from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage

from agent.planner.local import plan
from agent.toolkit import make_tools
from evals.language.contexts import build_context

TOOLS = [tool.name for tool in make_tools()]


def turn(context: str, text: str) -> tuple[AIMessage, list[BaseMessage]]:
    convo = build_context(context)
    messages = [*convo.messages, convo.user(text)]
    return plan(messages, TOOLS), messages


def calls(reply: AIMessage) -> list[tuple[str, dict[str, Any]]]:
    return [(c["name"], c["args"]) for c in reply.tool_calls]


ADS = build_context("ads4").images


def test_two_asks_are_both_carried_out() -> None:
    reply, _ = turn("ads4", "make #2 warmer and give me 2 more")
    made = calls(reply)
    assert ("edit_image", {"asset_id": ADS[1], "warmth": 0.35}) in made
    assert [a["n"] for name, a in made if name == "generate_ad_images"] == [2]


def test_all_except_the_first() -> None:
    reply, _ = turn("ads4", "all cooler except the first")
    assert sorted(a["asset_id"] for _, a in calls(reply)) == ADS[1:]
    assert all(a["warmth"] < 0 for _, a in calls(reply))


def test_a_description_in_another_language() -> None:
    reply, _ = turn("ads4", "la azul más cálida porfa")
    assert calls(reply) == [("edit_image", {"asset_id": ADS[2], "warmth": 0.35})]


def test_it_after_a_set_of_four_is_a_question() -> None:
    reply, _ = turn("ads4", "make it warmer")
    assert not reply.tool_calls and "#1" in reply.text and "#4" in reply.text


def test_an_answer_to_which_one_does_the_pending_edit() -> None:
    reply, _ = turn("asked_which", "the blue one")
    assert calls(reply) == [("edit_image", {"asset_id": ADS[2], "warmth": 0.35})]


def test_yes_with_nothing_pending_does_nothing() -> None:
    reply, _ = turn("ads4", "yes")
    assert not reply.tool_calls


def test_yes_to_the_storyboard_renders_it() -> None:
    reply, _ = turn("storyboard", "ok go ahead")
    assert [name for name, _ in calls(reply)] == ["generate_video"]


def test_a_logo_in_a_product_brief_is_a_product_detail() -> None:
    reply, _ = turn("new_photo", "Tee with a small embroidered logo on the chest, 100% cotton")
    names = [name for name, _ in calls(reply)]
    assert "save_brand_kit" not in names and "extract_features" in names


def test_words_around_an_upload_are_not_a_product_name() -> None:
    reply, _ = turn("new_photo", "here you go")
    assert not reply.tool_calls


def test_download_waits_for_the_edit_it_refers_to() -> None:
    reply, messages = turn("ads4", "make #3 a story and then download it")
    assert [name for name, _ in calls(reply)] == ["edit_image"]
    edit = reply.tool_calls[0]
    new = {"asset_id": "img_f000000001", "theme": "water-splash", "placement": "story"}
    result = ToolMessage("made", name="edit_image", tool_call_id=edit["id"],
                         artifact={"image": new, "parent_id": ADS[2], "changes": ["story"]})
    after = plan([*messages, reply, result], TOOLS)
    assert calls(after) == [("download_images", {"asset_ids": ["img_f000000001"]})]


def test_a_copy_subject_is_not_read_as_a_scene_change() -> None:
    reply, _ = turn("ads4", "make the headline on #2 bolder")
    assert not reply.tool_calls
    assert "headline" in reply.text.lower()


def test_quoted_copy_is_never_an_instruction() -> None:
    reply, _ = turn("ads4", 'headline on #1: "Then download it, third wave"')
    assert calls(reply) == [("edit_image", {"asset_id": ADS[0],
                                            "headline": "Then download it, third wave"})]


def test_a_human_message_is_required() -> None:
    assert not plan([HumanMessage("")], TOOLS).tool_calls


def test_a_banner_size_is_not_a_count() -> None:
    reply, _ = turn("ads4", "thrid one is perfect, make it a 728 banner")
    assert calls(reply) == [("edit_image", {"asset_id": ADS[2], "placement": "leaderboard"})]


def test_urgency_in_a_brief_is_not_a_count() -> None:
    reply, messages = turn("photo_brief", "make ads that say only 2 left!!!")
    counts = [a.get("n") for name, a in calls(reply) if name == "generate_ad_images"]
    assert counts == [4]  # the default, not "2"
