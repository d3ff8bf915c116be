"""A video's feature cards do not say the product's name again (issue 22).

An art director's review: a polo's video showed "Red cotton polo shirt" on its hero card and
then again on its first feature card (its feature "Red cotton polo shirt with a white
sleeve" cut short). The hero card names the product; every feature card says something
else: no word of the product's name (its small joining words aside) is on a feature card,
and a feature that only followed the name still gets its card ("White sleeve").
"""

from __future__ import annotations

import re

import pytest

from core.schemas import WriteStoryboardRequest
from engines.local.video.storyboard import write_storyboard

JOINS = {"with", "and", "in", "a", "an", "the", "of"}
BRIEFS = (
    "Red cotton polo shirt with a white sleeve, breathable pique. Summer campaign.",
    "Blue organic cotton t-shirt with a white logo print. Streetwear drop for teens.",
    "Insulated steel bottle 750 ml. Keeps drinks cold for 24 hours.",
    "Leather notebook A5, handmade leather notebook with 200 pages, lay-flat binding.",
    "Red canvas tote bag, reinforced handles, fits a 15 inch laptop. Back-to-school.",
    "Black ceramic mug, 350 ml, dishwasher safe. Cosy autumn mornings at home.",
)


def _words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[\w'-]+", text)} - JOINS


def _cards(brief: str, seconds: int = 30) -> tuple[str, list[str]]:
    board, _ = write_storyboard(WriteStoryboardRequest(product_image="x", seconds=seconds,
                                                       context=brief), None, "x", [], None)
    hero = next(s.text for s in board.shots if s.kind == "hero")
    return hero, [s.text for s in board.shots if s.kind == "feature"]


@pytest.mark.parametrize("brief", BRIEFS)
def test_no_feature_card_repeats_a_word_of_the_name(brief: str) -> None:
    name, cards = _cards(brief)
    for card in cards:
        assert not _words(card) & _words(name), f"{card!r} repeats the name {name!r}"


def test_a_feature_that_follows_the_name_keeps_its_card() -> None:
    name, cards = _cards(BRIEFS[0])
    assert name == "Red cotton polo shirt"
    assert "White sleeve" in cards and "Breathable pique" in cards
