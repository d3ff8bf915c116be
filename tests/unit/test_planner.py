"""The local planner: phrasings of each intent produce the right tool calls and arguments."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage

from agent.attachments import attachment_note
from agent.planner import OFFLINE_NOTE, LocalPlanner, plan

TOOLS = ("update_brief", "extract_features", "generate_ad_images", "edit_image")
PHOTO = "img_00000000aa"
IMAGES = [f"img_0000000{i}b1" for i in range(1, 5)]
FEATURES = {
    "product_name": "Insulated steel water bottle",
    "category": "drinkware",
    "features": ["750 ml", "Keeps drinks cold 24 h"],
    "benefits": ["Keeps drinks ice-cold for hours"],
    "audience_hints": ["young adults"],
    "suggested_themes": ["hiking trail"],
    "tone": "energetic",
    "headline_ideas": ["Go further."],
}


def _user(text: str, photo: str | None = None) -> HumanMessage:
    note = f"\n{attachment_note(photo, 'bottle.jpg')}" if photo else ""
    return HumanMessage(text + note, additional_kwargs={"attachments": [photo] if photo else []})


def _tool_result(name: str, artifact: dict[str, Any], call_id: str) -> list[BaseMessage]:
    return [
        AIMessage("", tool_calls=[{"name": name, "args": {}, "id": call_id, "type": "tool_call"}]),
        ToolMessage("ok", name=name, tool_call_id=call_id, artifact=artifact),
    ]


def history_with_images() -> list[BaseMessage]:
    """A thread where the brief was read and four images were made."""
    images = [
        {"asset_id": a, "caption": "", "theme": "summer", "format": "1:1", "width": 1, "height": 1}
        for a in IMAGES
    ]
    return [
        _user("Insulated steel water bottle, 750 ml, for hikers", PHOTO),
        *_tool_result("extract_features", FEATURES, "c1"),
        *_tool_result("generate_ad_images", {"images": images, "cutout_id": "img_x"}, "c2"),
        AIMessage("Here are 4 ad variations."),
    ]


def calls(message: AIMessage) -> dict[str, dict[str, Any]]:
    return {call["name"]: call["args"] for call in message.tool_calls}


@pytest.mark.parametrize(
    "text",
    [
        "Insulated steel water bottle, 750 ml, keeps drinks cold 24 h. Summer hiking campaign "
        "for young adults, energetic tone",
        "This is our new bamboo toothbrush, biodegradable handle, for eco-conscious families",
        "Ceramic coffee mug 350 ml, dishwasher safe. Cozy autumn campaign for coffee lovers",
        "Wireless noise-cancelling headphones with 30 h battery, premium tone, for commuters",
    ],
)
def test_new_brief_records_brief_and_extracts_features(text: str) -> None:
    reply = plan([_user(text, PHOTO)], TOOLS)
    found = calls(reply)
    assert set(found) == {"update_brief", "extract_features"}
    assert found["extract_features"]["description"] == text
    assert found["extract_features"]["title"] and len(found["extract_features"]["title"]) < 60
    assert found["update_brief"]["description"] == text


def test_brief_fields_are_parsed() -> None:
    text = (
        "Insulated steel water bottle, 750 ml. Summer hiking campaign for young adults, "
        "energetic tone, brand color #FF6600, for stories"
    )
    brief = calls(plan([_user(text, PHOTO)], TOOLS))["update_brief"]
    assert brief["audience"] == "young adults"
    assert brief["tone"] == "energetic"
    assert brief["brand_colors"] == ["#FF6600"]
    assert brief["placements"] == ["9:16"]
    assert brief["product_name"] == "Insulated steel water bottle"


def test_first_reply_is_honest_about_being_offline() -> None:
    reply = plan([_user("hello")], TOOLS)
    assert OFFLINE_NOTE in reply.text
    later = plan([*history_with_images(), _user("hello")], TOOLS)
    assert OFFLINE_NOTE not in later.text


def test_features_then_generate_four_images_with_headline() -> None:
    messages = [
        _user("Insulated steel water bottle, 750 ml, for hikers", PHOTO),
        *_tool_result("extract_features", FEATURES, "c1"),
    ]
    args = calls(plan(messages, TOOLS))["generate_ad_images"]
    assert args["product_image"] == PHOTO
    assert args["n"] == 4
    assert args["theme"] == "auto"
    assert args["headline"] == "Go further."
    assert "hikers" in args["context"]


def test_features_without_photo_asks_for_one() -> None:
    messages = [_user("Insulated steel water bottle, 750 ml, for hikers"),
                *_tool_result("extract_features", FEATURES, "c1")]
    reply = plan(messages, TOOLS)
    assert not reply.tool_calls
    assert "photo" in reply.text and "750 ml" in reply.text


def test_photo_without_text_asks_what_the_product_is() -> None:
    reply = plan([_user("", PHOTO)], TOOLS)
    assert not reply.tool_calls
    assert "What is the product" in reply.text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("make the second one warmer and add the headline 'Stay cold. Go far.'",
         {"asset_id": IMAGES[1], "warmth": 0.35, "headline": "Stay cold. Go far."}),
        ("Make image 3 cooler", {"asset_id": IMAGES[2], "warmth": -0.35}),
        ("change the headline of #4 to “Hydrate harder”",
         {"asset_id": IMAGES[3], "headline": "Hydrate harder"}),
        ("put the first one on marble", {"asset_id": IMAGES[0], "theme": "marble"}),
        ("make it much warmer", {"asset_id": IMAGES[3], "warmth": 0.6}),
        ("can you make the 2nd one 9:16 for stories?", {"asset_id": IMAGES[1], "format": "9:16"}),
        ("remove the headline from the third one", {"asset_id": IMAGES[2], "headline": ""}),
        (f"edit {IMAGES[0]}: beach background", {"asset_id": IMAGES[0], "theme": "beach"}),
    ],
)
def test_edit_requests(text: str, expected: dict[str, Any]) -> None:
    reply = plan([*history_with_images(), _user(text)], TOOLS)
    assert calls(reply) == {"edit_image": expected}


@pytest.mark.parametrize(
    ("text", "n", "theme", "fmt"),
    [
        ("generate 2 more in a beach theme", 2, "beach", "1:1"),
        ("Make three more ads for stories", 3, "auto", "9:16"),
        ("create 6 variations on marble, landscape please", 6, "marble", "16:9"),
        ("show me another set of images", 4, "auto", "1:1"),
    ],
)
def test_generate_requests(text: str, n: int, theme: str, fmt: str) -> None:
    args = calls(plan([*history_with_images(), _user(text)], TOOLS))["generate_ad_images"]
    assert (args["n"], args["theme"], args["format"]) == (n, theme, fmt)
    assert args["product_image"] == PHOTO


def test_generate_without_photo_asks_for_one() -> None:
    reply = plan([_user("Generate 4 images please")], TOOLS)
    assert not reply.tool_calls and "photo" in reply.text


def test_edit_of_missing_image_asks_which() -> None:
    reply = plan([*history_with_images(), _user("make the 7th one warmer")], TOOLS)
    assert not reply.tool_calls
    assert "only 4 images" in reply.text


@pytest.mark.parametrize("text", ["what can you do?", "help", "How does this work?"])
def test_help_explains_capabilities(text: str) -> None:
    reply = plan([_user(text)], TOOLS)
    assert not reply.tool_calls
    assert "product photo" in reply.text and "variations" in reply.text


def test_nonsense_gets_a_helpful_answer() -> None:
    reply = plan([*history_with_images(), _user("blorp")], TOOLS)
    assert not reply.tool_calls
    assert "warmer" in reply.text


def test_tool_error_is_explained() -> None:
    messages = [
        *history_with_images(),
        _user("make the second one warmer"),
        AIMessage("", tool_calls=[{"name": "edit_image", "args": {}, "id": "e1",
                                   "type": "tool_call"}]),
        ToolMessage("Error: There is no asset with the id 'x'.", name="edit_image",
                    tool_call_id="e1", status="error"),
    ]
    reply = plan(messages, TOOLS)
    assert not reply.tool_calls and "no asset with the id" in reply.text


def test_generation_result_is_summarised() -> None:
    messages = history_with_images()[:-1]
    reply = plan(messages, TOOLS)
    assert "4 ad variations" in reply.text and "750 ml" in reply.text


def test_bind_tools_limits_calls_to_bound_tools() -> None:
    planner = LocalPlanner().bind_tools([])
    assert isinstance(planner, LocalPlanner)
    reply = planner.invoke([_user("Insulated steel water bottle, 750 ml, for hikers", PHOTO)])
    assert reply.tool_calls  # no tools bound means no restriction
    limited = LocalPlanner(tool_names=("edit_image",))
    reply = limited.invoke([_user("Insulated steel water bottle, 750 ml, for hikers", PHOTO)])
    assert not reply.tool_calls and "not available" in reply.text
