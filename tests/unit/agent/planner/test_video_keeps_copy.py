"""'a video please' keeps the headline and button the advertiser put on every ad."""

from __future__ import annotations

import copy

from langchain_core.messages import BaseMessage, ToolMessage

from agent.planner.local import plan
from agent.toolkit import make_tools
from evals.language.contexts import build_context

TOOLS = [tool.name for tool in make_tools()]


def ads_with(headlines: list[str], cta: str = "Shop now") -> list[BaseMessage]:
    """ads4, each ad carrying the given headline (in order) and button."""
    messages = copy.deepcopy(build_context("ads4").messages)
    made = next(m for m in messages
                if isinstance(m, ToolMessage) and m.name == "generate_ad_images")
    for image, headline in zip(made.artifact["images"], headlines, strict=True):
        image.update(headline=headline, cta=cta)
    return messages


def storyboard_args(messages: list[BaseMessage], text: str) -> dict[str, object]:
    reply = plan([*messages, build_context("ads4").user(text)], TOOLS)
    [call] = reply.tool_calls
    assert call["name"] == "write_storyboard"
    return call["args"]


def test_the_line_every_ad_carries_goes_on_the_videos_end_card() -> None:
    # before: the storyboard wrote its own line ("Soft and warm on the inside") on the end card
    line = "Stay cosy, stay you."
    for text in ("a video please", "make a 15 second video", "ein Video bitte"):
        args = storyboard_args(ads_with([line] * 4, cta="Order now"), text)
        assert (args.get("headline"), args.get("cta")) == (line, "Order now"), text


def test_ads_with_different_lines_leave_the_video_its_own() -> None:
    args = storyboard_args(ads_with(["Cold all day", "Go far", "Cold all day", "Light"]),
                           "a video please")
    assert "headline" not in args and args.get("cta") == "Shop now"


def test_new_copy_asked_for_wins_over_the_ads() -> None:
    args = storyboard_args(ads_with(["Stay cosy, stay you."] * 4),
                           'a video with the headline "Warm hands, warm hearts"')
    assert args.get("headline") == "Warm hands, warm hearts"
