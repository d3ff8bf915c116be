"""A first message's ads are several concepts: their own headlines, scenes left to vary.

Issue 22: four variations showed one headline four times, and a colour in the product's
description ("a tee with a white logo print") pinned every ad to the white studio. The
conversations are the language suite's (``new_photo``: a new chat whose message carries
the photo; ``photo_brief``: the bottle's photo and brief known, features extracted).
"""

from __future__ import annotations

from typing import Any

import pytest

from agent.planner.intents import find_theme
from tests.unit.agent.planner.talk import calls, turn


def _generate(context: str, text: str) -> dict[str, Any]:
    made = dict(calls(turn(context, text)))
    assert "generate_ad_images" in made, made
    return made["generate_ad_images"]


def test_new_ads_take_a_different_headline_angle_each() -> None:
    args = _generate("photo_brief", "make 4 ads")
    assert "headline" not in args
    lines = args["headlines"]
    assert len(lines) >= 2 and len(set(lines)) == len(lines)  # no headline twice in turn


@pytest.mark.parametrize("text", ["make 4 ads with the headline 'Cold all day'",
                                  "4 ads, headline: Cold all day"])
def test_a_headline_the_user_gives_goes_on_every_ad(text: str) -> None:
    args = _generate("photo_brief", text)
    assert args["headline"] == "Cold all day" and not args.get("headlines")


def test_one_ad_takes_one_headline() -> None:
    args = _generate("photo_brief", "make 1 ad")
    assert not args.get("headlines") and args["n"] == 1


@pytest.mark.parametrize("text", [
    "Blue organic cotton t-shirt with a white logo print. Streetwear drop for teens, bold tone.",
    "Red polo shirt with a white sleeve, summer campaign",
])
def test_a_colour_of_the_product_is_no_scene_and_its_name_ends_on_no_opening_word(
    text: str,
) -> None:
    made = dict(calls(turn("new_photo", text)))  # the brief first; the ads come next step
    name = made["update_brief"]["product_name"]
    assert not name.lower().endswith((" with", " with a", " a"))
    assert find_theme(text)[0] != "studio"  # "with a white ..." describes the product


@pytest.mark.parametrize("text", ["4 more on white", "make 4 ads on grey"])
def test_a_colour_asked_for_as_the_place_is_still_the_scene(text: str) -> None:
    assert _generate("photo_brief", text)["theme"] == "studio"
