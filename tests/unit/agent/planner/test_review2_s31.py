"""A condition on some of the ads a change names (issue 19; session 31's reviewer).

``ads4``: #1 hiking trail (mid), #2 summer (light), #3 water splash (light), #4 industrial loft
(dark). Expected calls follow from the message and these tones, never from the planner.
"""

from __future__ import annotations

import pytest

from tests.unit.agent.planner.talk import calls, turn


def _ad(n: int) -> str:
    return f"img_b{n:09d}"


@pytest.mark.parametrize("text", [
    "make #2 and #4 warmer unless the background is dark",
    "make #2 and #4 warmer unless it's dark",
    "fais les #2 et #4 plus chaudes sauf si le fond est sombre",
    "haz la #2 y la #4 más cálidas a menos que el fondo sea oscuro",
])
def test_an_ad_the_condition_spares_is_not_changed(text: str) -> None:
    # #4 is dark: "unless" spares it, #2 (light) is warmed; the reply said #4 was left alone
    # while both were edited
    reply = turn("ads4", text)
    edited = [args["asset_id"] for name, args in calls(reply) if name == "edit_image"]
    assert edited == [_ad(2)], (edited, reply.content)


def test_make_3_and_4_lighter_unless_light_changes_only_the_dark_one() -> None:
    reply = turn("ads4", "make #3 and #4 lighter unless it's light")
    edited = [args["asset_id"] for name, args in calls(reply) if name == "edit_image"]
    assert edited == [_ad(4)], (edited, reply.content)


def test_an_otherwise_change_alone_is_not_reported_as_an_empty_quote() -> None:
    # #2 is light: the "otherwise" branch warms it; nothing else was asked
    reply = turn("ads4", "if #2 is dark, delete it, otherwise make it warmer")
    assert [(n, a["asset_id"]) for n, a in calls(reply)] == [("edit_image", _ad(2))]
    assert "“”" not in str(reply.content)


@pytest.mark.parametrize("text", [
    "mach #3 wärmer, es sei denn, es ist schon hell",
    "mach #3 wärmer, es sei denn es ist schon hell",
])
def test_es_sei_denn_with_its_usual_comma_spares_a_light_ad(text: str) -> None:
    # #3 is light: "unless it is already light" changes nothing
    reply = turn("ads4", text)
    assert not [a for n, a in calls(reply) if n == "edit_image"], reply.content
