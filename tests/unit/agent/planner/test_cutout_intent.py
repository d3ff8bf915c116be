"""The local planner on "remove the background": which photo, in which words, and when not."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage

from agent.attachments import attachment_note
from agent.planner.local import plan

TOOLS = ("update_brief", "extract_features", "generate_ad_images", "edit_image",
         "save_brand_kit", "remove_background")
PHOTO = "img_00000000aa"
NEWER = "img_00000000bb"
IMAGES = [f"img_0000000{i}c1" for i in range(1, 3)]


def user(text: str, photo: str | None = None) -> HumanMessage:
    note = f"\n{attachment_note(photo, 'photo.jpg')}" if photo else ""
    return HumanMessage(text + note, additional_kwargs={"attachments": [photo] if photo else []})


def tool_result(name: str, artifact: dict[str, Any], call_id: str,
                status: str = "success") -> list[BaseMessage]:
    call = {"name": name, "args": {}, "id": call_id, "type": "tool_call"}
    content = "Error: no product" if status == "error" else "ok"
    return [AIMessage("", tool_calls=[call]),
            ToolMessage(content, name=name, tool_call_id=call_id, artifact=artifact,
                        status=status)]


def thread_with_ads() -> list[BaseMessage]:
    """A thread where the brief was read and two ads were made from PHOTO."""
    images = [{"asset_id": a, "theme": "studio"} for a in IMAGES]
    return [
        user("Insulated steel water bottle, 750 ml, for hikers", PHOTO),
        *tool_result("extract_features", {"product_name": "Bottle"}, "c1"),
        *tool_result("generate_ad_images", {"images": images, "cutout_id": "img_x"}, "c2"),
        AIMessage("Here are 2 ad variations."),
    ]


def calls(message: AIMessage) -> list[tuple[str, dict[str, Any]]]:
    return [(call["name"], call["args"]) for call in message.tool_calls]


@pytest.mark.parametrize(
    "text",
    [
        "remove the background",
        "Remove background from my photo",
        "cut out the product",
        "transparent background please",
        "can you make the background transparent?",
        "get rid of the white background",
        "Freisteller bitte",
        "Kannst du das Produkt freistellen?",
        "quitar el fondo",
        "¿Puedes quitar el fondo de la foto?",
        "supprimer l'arrière-plan",
        "Supprime l’arrière-plan, s'il te plaît",
    ],
)
def test_phrasings_remove_the_background_of_the_latest_photo(text: str) -> None:
    messages = [*thread_with_ads(), user("here is a better shot", NEWER),
                AIMessage("Thanks!"), user(text)]
    assert calls(plan(messages, TOOLS)) == [("remove_background", {"product_image": NEWER})]


def test_a_photo_sent_with_the_request_is_the_one_cut_out() -> None:
    reply = plan([user("remove the background", PHOTO)], TOOLS)
    assert calls(reply) == [("remove_background", {"product_image": PHOTO})]


def test_a_named_asset_is_the_one_cut_out() -> None:
    reply = plan([*thread_with_ads(), user(f"remove the background of {IMAGES[1]}")], TOOLS)
    assert calls(reply) == [("remove_background", {"product_image": IMAGES[1]})]


def test_without_a_photo_it_asks_for_one() -> None:
    reply = plan([user("please remove the background")], TOOLS)
    assert not reply.tool_calls and reply.text


@pytest.mark.parametrize(
    "text",
    [
        "make the background of #2 navy",
        "put #1 on a beach background",
        "remove the leaf in the background",
        "don't remove the background, just make #1 warmer",
        "remove the headline from the second one",
        "make #2 warmer and remove the background clutter",
        "drop the background to a darker blue",
        "show it on a clear background",
    ],
)
def test_other_background_requests_are_not_a_cutout(text: str) -> None:
    reply = plan([*thread_with_ads(), user(text)], TOOLS)
    assert all(name != "remove_background" for name, _ in calls(reply))


@pytest.mark.parametrize(
    "brief",
    [
        "Canvas tote bag with cutout handles, summer campaign for students",
        "Summer dress with a cutout back, playful tone",
        "Cut-out dress in linen for a beach campaign",
    ],
)
def test_a_brief_that_mentions_a_cutout_makes_ads(brief: str) -> None:
    reply = plan([user(brief, PHOTO)], TOOLS)
    names = [name for name, _ in calls(reply)]
    assert names and "remove_background" not in names


def test_a_background_colour_stays_an_edit() -> None:
    reply = plan([*thread_with_ads(), user("make the background of #2 navy")], TOOLS)
    assert calls(reply) == [("edit_image", {"asset_id": IMAGES[1], "backdrop_color": "#1F2A44"})]


def test_the_result_is_handed_over_without_another_call() -> None:
    artifact = {"asset_id": "img_00000000dd", "parent_id": PHOTO, "width": 800,
                "height": 1000, "method": "learned", "confidence": 0.97, "notes": []}
    messages = [user("remove the background", PHOTO),
                *tool_result("remove_background", artifact, "r1")]
    reply = plan(messages, TOOLS)
    assert not reply.tool_calls and "your photo without its background" in reply.text
    assert "img_00000000dd" not in reply.text  # the PNG is shown; its internal id is not said


def test_a_failed_removal_is_explained() -> None:
    messages = [user("remove the background", PHOTO),
                *tool_result("remove_background", {}, "r1", status="error")]
    reply = plan(messages, TOOLS)
    assert not reply.tool_calls and "no product" in reply.text
