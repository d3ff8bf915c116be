"""Markup in the first message's product text: taken out, said, never the product's name.

Issue 20: "<img src=x onerror=alert(1)> Mug, ceramic 350 ml…" with a photo made the product
"<img src=x onerror=alert" (in the tool arguments and the tool line), then "Your product",
and the ad's headline read "Meet the your product". The requested headline ``<script>`` and
button ``<b>Buy</b>`` were dropped without a word.
"""

from __future__ import annotations

import json

from core.schemas import ExtractFeaturesRequest
from engines.local.features import NO_NAME, LocalFeatureEngine, headline_ideas
from tests.unit.agent.planner.talk import calls, turn
from tools.capabilities.features import plain_text

MESSAGE = ("<img src=x onerror=alert(1)> Mug, ceramic 350 ml, for coffee lovers. "
           "Headline: <script>alert(1)</script> CTA: <b>Buy</b>")


def test_the_product_name_is_taken_after_the_markup_is_taken_out() -> None:
    made = calls(turn("new_photo", MESSAGE))
    brief = dict(made)["update_brief"]
    assert brief["product_name"] == "Mug"
    written = json.dumps([args for _, args in made])
    assert "<" not in written and "onerror" not in written and "alert" not in written


def test_the_user_is_told_the_markup_was_taken_out_and_the_copy_left_out() -> None:
    reply = str(turn("new_photo", MESSAGE).content).lower()
    assert "markup" in reply and "plain text" in reply
    assert "headline" in reply and "button" in reply  # what was asked is not silently dropped


def test_a_message_without_markup_gets_no_markup_notice() -> None:
    reply = str(turn("new_photo", "Mug, ceramic 350 ml, for coffee lovers").content)
    assert "markup" not in reply.lower()


def test_a_product_text_of_markup_only_makes_no_meet_the_your_product() -> None:
    request = plain_text(ExtractFeaturesRequest(title="<img src=x onerror=alert",
                                                description="<b></b>"))
    assert request.title == NO_NAME
    features = LocalFeatureEngine().extract(request)
    for idea in features.headline_ideas:
        assert not idea.lower().startswith("meet the your"), features.headline_ideas


def test_the_generic_name_never_follows_meet_the() -> None:
    for benefits in ([], ["Keeps coffee hot"]):
        ideas = headline_ideas(NO_NAME, benefits, "friendly")
        assert ideas and not [i for i in ideas if "your product" in i.lower()], ideas
        assert not [i for i in ideas if i.startswith("Meet the")], ideas


def test_a_real_name_still_gets_its_meet_the_line() -> None:
    assert "Meet the ceramic mug" in headline_ideas("Ceramic mug", [], "friendly")
