"""The language suite: cases load, turns are scored on their calls, any chat model can take it."""

from __future__ import annotations

from itertools import combinations
from typing import Any

import pytest
from langchain_core.messages import AIMessage

from evals.language.cases import SPLITS, Case, Expect, load_cases
from evals.language.contexts import CONTEXTS, build_context
from evals.language.harness import run_case
from evals.language.matching import judge, matches
from tests.fakes import ScriptedChatModel

SYMBOLS = build_context("ads4").symbols()


def case(expect: dict[str, Any], forbid: list[str] | None = None) -> Case:
    return Case(id="t", lang="en", intent="edit", context="ads4", text="make #2 warmer",
                expect=Expect.model_validate(expect), forbid=forbid or [])


def call(name: str, **args: Any) -> dict[str, Any]:
    return {"name": name, "args": args}


EDIT_2_WARMER = {"calls": [{"tool": "edit_image", "args": {"asset_id": "#2", "warmth": {"gt": 0}}}]}


@pytest.mark.parametrize("split", SPLITS)
def test_every_case_loads_and_names_a_known_context(split: str) -> None:
    cases = load_cases(split)
    # fresh9 was written with 200; 4 that repeated an earlier split's sentence were dropped
    assert len(cases) >= 196
    assert {c.context for c in cases} <= set(CONTEXTS)
    assert len({c.id for c in cases}) == len(cases)


@pytest.mark.parametrize(("first", "second"), list(combinations(SPLITS, 2)))
def test_the_splits_share_no_sentence(first: str, second: str) -> None:
    # Written apart; only stock phrases ("undo", "delete it") may coincide.
    ours = {c.text.casefold() for c in load_cases(first) if len(c.text.split()) >= 5}
    assert not ours & {c.text.casefold() for c in load_cases(second)}


@pytest.mark.parametrize(
    ("calls", "outcome"),
    [
        ([call("edit_image", asset_id=SYMBOLS["#2"], warmth=0.3)], "correct"),
        ([call("edit_image", asset_id=SYMBOLS["#4"], warmth=0.3)], "wrong"),  # a guessed image
        ([call("edit_image", asset_id=SYMBOLS["#2"], warmth=-0.3)], "wrong"),  # the other way
        ([call("edit_image", asset_id=SYMBOLS["#2"], warmth=0.3, theme="beach")], "wrong"),
        ([], "asked"),
        ([call("update_brief", tone="warm")], "asked"),  # recording the brief is free
    ],
)
def test_a_turn_is_judged_on_its_calls(calls: list[dict[str, Any]], outcome: str) -> None:
    assert judge(case(EDIT_2_WARMER), calls, SYMBOLS) == outcome


def test_a_missing_ask_is_partial_and_a_forbidden_call_wrong() -> None:
    two = {"calls": [*EDIT_2_WARMER["calls"], {"tool": "generate_ad_images", "args": {"n": 2}}]}
    made = [call("edit_image", asset_id=SYMBOLS["#2"], warmth=0.3)]
    assert judge(case(two), made, SYMBOLS) == "partial"
    forbidden = case({"none": True}, forbid=["save_brand_kit"])
    assert judge(forbidden, [call("save_brand_kit", logo="x")], SYMBOLS) == "wrong"


def test_any_of_takes_the_best_reading() -> None:
    either = case({"any_of": [EDIT_2_WARMER, {"none": True}]})
    assert judge(either, [], SYMBOLS) == "correct"
    assert judge(either, [call("edit_image", asset_id=SYMBOLS["#1"], warmth=0.3)],
                 SYMBOLS) == "wrong"


@pytest.mark.parametrize(
    ("matcher", "value", "ok"),
    [
        ({"color": "blue"}, "#1F2A44", True),
        ({"color": "blue"}, "#D64545", False),
        ({"color": "dark"}, "#1E1E1E", True),
        ({"contains": "cold"}, "Stay COLD", True),
        (["#1", "#3"], [SYMBOLS["#3"], SYMBOLS["#1"]], True),
        ([{"gt": 0}, 0], [0.15, 0.0], True),
        ([{"gt": 0}, 0], [-0.15, 0.0], False),
        ({"any_of": ["story", "portrait"]}, "portrait", True),
    ],
)
def test_matchers(matcher: Any, value: Any, ok: bool) -> None:
    assert matches(matcher, value, SYMBOLS) is ok


def test_the_harness_runs_any_chat_model_through_the_turn() -> None:
    model = ScriptedChatModel(replies=[
        AIMessage("", tool_calls=[{"name": "edit_image", "id": "c1", "type": "tool_call",
                                   "args": {"asset_id": SYMBOLS["#2"], "warmth": 0.3}}]),
        AIMessage("Done: #5."),
    ])
    calls, context, reply = run_case(model, case(EDIT_2_WARMER))
    assert calls == [call("edit_image", asset_id=SYMBOLS["#2"], warmth=0.3)]
    assert reply == "Done: #5."
    assert "edit_image" in model.bound_tools
    # The model saw the edit's result before answering.
    assert model.seen[1][-1].name == "edit_image"
    assert judge(case(EDIT_2_WARMER), calls, context.symbols()) == "correct"


def test_invalid_arguments_come_back_as_the_tool_error() -> None:
    model = ScriptedChatModel(replies=[
        AIMessage("", tool_calls=[{"name": "edit_image", "id": "c1", "type": "tool_call",
                                   "args": {"asset_id": SYMBOLS["#2"], "warmth": 5}}]),
        AIMessage("Sorry."),
    ])
    run_case(model, case(EDIT_2_WARMER))
    result = model.seen[1][-1]
    assert result.status == "error" and "warmth" in str(result.content)
