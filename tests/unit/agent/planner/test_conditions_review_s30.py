"""Plain requests around an "if", an "except" or a "just asking" still act (review, issue 19).

A reviewer's messages, each handled right before conditions and "just asking" were read,
and wrong when they first were: a condition took the request before it as its own change,
"except if" changed only the ads meant to be left out, and a "just asking" phrase anywhere
held the whole message back. Expected calls follow from the message; ``ads4``: #1 hiking
trail, #2 summer, #3 water splash (light), #4 industrial loft (dark).
"""

from __future__ import annotations

from typing import Any

import pytest

from agent.planner.local import plan
from evals.language.contexts import build_context
from tests.unit.agent.planner.talk import TOOLS, calls


def _ad(n: int) -> str:
    return f"img_b{n:09d}"


def _calls(context: str, text: str) -> list[tuple[str, dict[str, Any]]]:
    convo = build_context(context)
    return calls(plan([*convo.messages, convo.user(text)], TOOLS))


def _edited(made: list[tuple[str, dict[str, Any]]]) -> dict[str, dict[str, Any]]:
    return {args["asset_id"]: args for name, args in made if name == "edit_image"}


def test_a_request_before_and_if_is_kept_and_the_condition_judged() -> None:
    made = _calls("ads4", "delete #1, and if #4 is dark make it lighter")
    assert ("delete_images", {"asset_ids": [_ad(1)]}) in made
    assert _edited(made)[_ad(4)]["brightness"] > 0


@pytest.mark.parametrize("text", [
    "make all of them warmer, except if one has a dark background",
    "mach alle wärmer, außer wenn der Hintergrund dunkel ist",
])
def test_except_if_never_changes_only_the_ads_to_leave_out(text: str) -> None:
    edited = _edited(_calls("ads4", text))
    assert set(edited) in (set(), {_ad(1), _ad(2), _ad(3)}), edited


@pytest.mark.parametrize(("text", "ad", "change"), [
    ("mach #2 wärmer, ich frage nur wegen dem Kunden", 2, "warmth"),
    ("just a question of taste, but make #2 warmer", 2, "warmth"),
    ("maak #2 warmer, alleen een vraagje: kan het ook in 9:16?", 2, "warmth"),
    ("only question is the headline: change it on #1 to 'Cold all day'", 1, "headline"),
])
def test_a_just_asking_phrase_beside_a_request_does_not_hold_it_back(
    text: str, ad: int, change: str
) -> None:
    edited = _edited(_calls("ads4", text))
    assert _ad(ad) in edited and change in edited[_ad(ad)], edited


def test_a_hold_on_one_ad_leaves_the_others_request() -> None:
    edited = _edited(_calls("ads4", "mach #4 heller, aber #2 noch nicht ändern"))
    assert set(edited) == {_ad(4)} and edited[_ad(4)]["brightness"] > 0


def test_dutch_als_meaning_as_is_no_condition() -> None:
    edited = _edited(_calls("ads4", "zet #2 op marmer, als achtergrond wit"))
    assert edited[_ad(2)]["theme"] == "marble"


def test_lighter_if_too_dark_is_asked_as_said() -> None:
    made = _calls("ads4_edit", "make it a bit lighter if it's too dark now")
    assert [name for name, _ in made] == ["edit_image"] and made[0][1]["brightness"] > 0
