"""Evaluators, statistics, the judge's request, the model cache and the comparison."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import pytest
from langchain_core.messages import AIMessage, HumanMessage
from langchain_core.outputs import ChatGeneration

from core.storage.assets import AssetStore
from evals import evaluators
from evals.cache import SQLiteModelCache
from evals.compare import compare
from evals.judge import judge, judge_messages, read_verdict
from evals.scenario import (
    Clarify,
    Guardrail,
    Judge,
    Limits,
    Reply,
    Scenario,
    Trajectory,
    load_suite,
)
from evals.stats import holm, pass_at_k, pass_hat_k, sign_test
from evals.transcript import Scope, Trial, TurnRecord
from tests.fakes import ScriptedChatModel


def call(name: str, **args: Any) -> dict[str, Any]:
    return {"type": "tool_start", "call_id": name, "name": name, "args": args}


def turn(*events: dict[str, Any], latency: float = 1.0, cost: float = 0.0) -> TurnRecord:
    return TurnRecord(index=0, user="hi", events=list(events), latency_s=latency, cost_usd=cost)


def trial(tmp_path: Path, *turns: TurnRecord) -> Trial:
    scenario = Scenario(id="s", turns=[{"user": "hi"}])  # type: ignore[list-item]
    return Trial(scenario=scenario, engine="local", turns=list(turns), assets=[],
                 store=AssetStore(tmp_path / "assets"))


def run(evaluator: evaluators.Evaluator, t: Trial) -> float:
    return evaluator(t, Scope("run", t.turns, t.scenario.expect))["score"]


def spec(mode: str, *calls: dict[str, Any]) -> Trajectory:
    return Trajectory.model_validate({"mode": mode, "calls": list(calls)})


GENERATE = {"tool": "generate_ad_images", "where": ["n >= 2", "theme in [auto, beach]"]}


@pytest.mark.parametrize("mode, calls, expected", [
    ("strict", [GENERATE, {"tool": "edit_image"}], True),
    ("strict", [{"tool": "edit_image"}, GENERATE], False),
    ("unordered", [{"tool": "edit_image"}, GENERATE], True),
    ("unordered", [GENERATE], False),
    ("superset", [GENERATE], True),
    ("superset", [GENERATE, {"tool": "animate_image"}], False),
    ("subset", [GENERATE, {"tool": "edit_image"}, {"tool": "animate_image"}], True),
    ("subset", [GENERATE], False),
])
def test_trajectory_modes(tmp_path: Path, mode: str, calls: list[dict[str, Any]],
                          expected: bool) -> None:
    t = trial(tmp_path, turn(call("generate_ad_images", n=4, theme="auto"),
                             call("edit_image", asset_id="img_1", warmth=0.35)))
    assert run(evaluators.trajectory(spec(mode, *calls)), t) == float(expected)


@pytest.mark.parametrize("order", [(0.3, -0.2), (-0.2, 0.3)])
@pytest.mark.parametrize("mode", ["unordered", "superset", "subset"])
def test_a_loose_expected_call_never_takes_the_call_a_strict_one_needs(
    tmp_path: Path, order: tuple[float, float], mode: str
) -> None:
    t = trial(tmp_path, turn(*(call("edit_image", asset_id="img_1", warmth=w) for w in order)))
    loose, warmer = {"tool": "edit_image"}, {"tool": "edit_image", "where": ["warmth > 0"]}
    assert run(evaluators.trajectory(spec(mode, loose, warmer)), t) == 1.0
    both_warmer = spec(mode, warmer, warmer)  # only one call is warmer: no full match
    assert run(evaluators.trajectory(both_warmer), t) == 0.0


def test_argument_matching_exact_ignore_and_predicates(tmp_path: Path) -> None:
    t = trial(tmp_path, turn(call("edit_image", asset_id="img_1", warmth=0.35)))
    exact = {"tool": "edit_image", "args": {"warmth": 0.35}, "args_mode": "exact",
             "ignore": ["asset_id"]}
    assert run(evaluators.trajectory(spec("strict", exact)), t) == 1.0
    strict_all = {**exact, "ignore": []}
    assert run(evaluators.trajectory(spec("strict", strict_all)), t) == 0.0
    colder = {"tool": "edit_image", "where": ["warmth < 0"]}
    assert run(evaluators.trajectory(spec("strict", colder)), t) == 0.0


def test_guardrail_outcome_and_rules(tmp_path: Path) -> None:
    finding = {"type": "guardrail", "stage": "input", "rule_id": "urgency.scarcity",
               "severity": "rewrite", "reason": "r"}
    t = trial(tmp_path, turn(finding))
    assert run(evaluators.guardrail(Guardrail(outcome="rewritten", rules=["urgency"])), t) == 1
    assert run(evaluators.guardrail(Guardrail(outcome="blocked")), t) == 0
    assert run(evaluators.guardrail(Guardrail(rules=["prohibited.weapons"])), t) == 0
    assert run(evaluators.guardrail(Guardrail(outcome="none")), trial(tmp_path, turn())) == 1


def test_reply_checks_and_language(tmp_path: Path) -> None:
    t = trial(tmp_path, turn({"type": "text", "text": "Which image should I change? Say #2."}))
    assert run(evaluators.reply(Reply(contains=["image"], asks_question=True, language="en")),
               t) == 1
    assert run(evaluators.reply(Reply(not_contains=["IMAGE"])), t) == 0
    assert run(evaluators.reply(Reply(regex=[r"#\d"])), t) == 1
    assert evaluators.language_of("Die Flasche ist nicht aus Glas und das ist gut") == "de"


@pytest.mark.parametrize("text, fact, expected", [
    ("Here you go: #3, a warmer version of #2.", "#3", True),
    ("I made image 3 from image 2.", "#3", True),
    ("Done: image #3 is warmer.", "#3", True),
    ("Made #30 and #13.", "#3", False),
    ("Upload a photo at least 200 pixels on its long side.", "200", True),
    ("It is 1200 pixels wide.", "200", False),
    ("It is 2000 pixels wide.", "200", False),
    ("A 300 x 250 banner and a 728×90 one.", "300x250", True),
    ("A 728×90 banner.", "728x90", True),
    ("A 750 ml bottle.", "50 ml", False),
    ("A 50ml jar.", "50 ml", True),
    ("Ads for weapons are not allowed.", "Weapon", True),
    ("Ads for swords are not allowed.", "weapon", False),
])
def test_mentions_finds_a_fact_however_the_reply_words_it(text: str, fact: str,
                                                          expected: bool) -> None:
    assert evaluators.mentions(text, fact) is expected


def test_reply_mentions_names_the_missing_fact(tmp_path: Path) -> None:
    t = trial(tmp_path, turn({"type": "text", "text": "Here is image 3, warmer than #2."}))
    assert run(evaluators.reply(Reply(mentions=["#3", "#2"])), t) == 1
    missed = evaluators.reply(Reply(mentions=["#3", "#4"]))(t, Scope("run", t.turns,
                                                                     t.scenario.expect))
    assert missed["score"] == 0 and missed["comment"] == "does not mention '#4'"


def test_shipped_checks_pass_an_assistant_that_words_and_calls_things_its_own_way(
    tmp_path: Path,
) -> None:
    """A reply and tool calls no local planner makes, but that do what the user asked."""
    suite = {s.id: s for s in load_suite("default")}
    warmer = suite["edit-second-warmer"].turns[1].expect
    said = trial(tmp_path, turn(call("edit_image", asset_id="img_2", warmth=0.2),
                                {"type": "text", "text": "Done! Image 3 is a warmer take on 2."}))
    assert warmer.reply and warmer.trajectory
    assert run(evaluators.reply(warmer.reply), said) == 1
    assert run(evaluators.trajectory(warmer.trajectory), said) == 1
    banners = suite["ad-images-banner-sizes"].turns[1].expect.trajectory
    one_each = trial(tmp_path, turn(
        call("generate_ad_images", product_image="img_1", n=1, placements=["300x250"]),
        call("generate_ad_images", product_image="img_1", n=1, placements=["728x90"])))
    assert banners and run(evaluators.trajectory(banners), one_each) == 1
    left = suite["edit-product-bigger-left"].turns[2].expect.trajectory
    moved = trial(tmp_path, turn(call("edit_image", asset_id="img_2", product_shift=[-0.2, 0])))
    assert left and run(evaluators.trajectory(left), moved) == 1


def test_clarify_counts_only_questions_before_spending(tmp_path: Path) -> None:
    asked = turn({"type": "text", "text": "What is the product? Upload a photo."})
    spent = turn(call("generate_ad_images", n=4), {"type": "text", "text": "Who is it for?"})
    facts = Clarify(facts={"photo": "photo", "audience": "who"})
    assert run(evaluators.clarify(facts), trial(tmp_path, asked, spent)) == 0.5
    assert run(evaluators.clarify(Clarify(facts={"photo": "photo"})),
               trial(tmp_path, spent, asked)) == 0.0


def test_limits(tmp_path: Path) -> None:
    t = trial(tmp_path, turn(call("a"), call("b"), latency=2.0, cost=0.5), turn(latency=1.5))
    assert run(evaluators.limits(Limits(turns=2, tool_calls=2, latency_s=4, cost_usd=1)), t) == 1
    over = evaluators.limits(Limits(latency_s=3))(t, Scope("run", t.turns, t.scenario.expect))
    assert over["score"] == 0 and "latency_s 3.5 > 3" in over["comment"]


def test_pass_hat_k_and_pass_at_k() -> None:
    assert pass_hat_k(4, 4, 4) == 1.0 and pass_hat_k(4, 3, 4) == 0.0
    assert pass_hat_k(4, 2, 2) == pytest.approx(1 / 6)
    assert pass_at_k(4, 1, 1) == pytest.approx(0.25) and pass_at_k(4, 1, 4) == 1.0
    with pytest.raises(ValueError):
        pass_hat_k(2, 1, 3)


def test_sign_test_tells_a_regression_from_noise() -> None:
    six = sign_test([(True, False)] * 6 + [(True, True)] * 4)
    assert six.regressed == 6 and six.p_value == pytest.approx(2 / 64)
    assert six.significant(0.05) and six.direction == "regressed"
    mixed = sign_test([(True, False)] * 3 + [(False, True)] * 2)
    assert not mixed.significant(0.05)
    assert sign_test([(True, True)]).p_value == 1.0


def trials(passes: list[bool]) -> list[dict[str, Any]]:
    return [{"scenario": f"s{i // 4}", "trial": i % 4, "passed": ok,
             "scores": [{"key": "t1.trajectory", "score": float(ok), "comment": ""}]}
            for i, ok in enumerate(passes)]


def test_compare_flags_significant_regressions_only() -> None:
    base = trials([True] * 8)
    broken = compare(base, trials([True] * 2 + [False] * 6))
    assert [r.name for r in broken.regressions()] == ["all trials", "trajectory"]
    assert {r.name: r.verdict(0.05) for r in broken.scenarios} == {"s0": "noise", "s1": "noise"}
    assert compare(base, trials([True] * 7 + [False])).regressions() == []
    better = compare(trials([False] * 8), base)
    assert better.regressions() == [] and better.overall.verdict(0.05) == "improved"


def test_holm_adjusts_a_family_of_tests() -> None:
    assert holm([0.01, 0.04, 0.03, 0.5]) == pytest.approx([0.04, 0.09, 0.09, 0.5])
    assert holm([0.03]) == [0.03] and holm([]) == []


def test_one_scenario_regressing_among_many_is_noise_until_it_is_clear() -> None:
    base = trials([True] * 40)  # ten scenarios of four trials
    one_bad = trials([True] * 36 + [False] * 4)  # p = 0.125 alone: never significant
    assert compare(base, one_bad).regressions() == []
    many = trials([True] * 20 + [False] * 20)
    assert {r.name for r in compare(base, many).regressions()} >= {"all trials"}


def test_judge_request_holds_rubric_and_images_and_reads_scores(tmp_path: Path) -> None:
    spec_ = Judge(criteria=["brief adherence", "creative quality"], min_score=3)
    messages = judge_messages(spec_, "Summer hiking", "Steel bottle", [b"png-1", b"png-2"])
    blocks = messages[0].content
    assert isinstance(messages[0], HumanMessage) and isinstance(blocks, list)
    assert "brief adherence, creative quality" in blocks[0]["text"]  # type: ignore[index]
    assert '"Summer hiking"' in blocks[0]["text"]  # type: ignore[index]
    assert [b["base64"] for b in blocks[1:]] == [  # type: ignore[index]
        base64.b64encode(b"png-1").decode(), base64.b64encode(b"png-2").decode()]
    scores, comment = read_verdict(
        'Sure: {"scores": {"brief adherence": 4, "Creative Quality": 9}, "comment": "flat"}',
        spec_.criteria)
    assert scores == {"brief adherence": 4.0, "creative quality": 5.0} and comment == "flat"
    with pytest.raises(ValueError, match="no score"):
        read_verdict('{"scores": {"brief adherence": 4}}', spec_.criteria)


def test_judge_scores_the_trials_images_with_the_model(tmp_path: Path) -> None:
    t = trial(tmp_path, turn())
    asset = t.store.put(b"\x89PNG fake", kind="ad_image", mime="image/png")
    t.assets = [asset]
    model = ScriptedChatModel(replies=[AIMessage('{"scores": {"fit": 2}, "comment": "weak"}')])
    result = judge(Judge(criteria=["fit"], min_score=3), model)(
        t, Scope("run", t.turns, t.scenario.expect))
    assert result["score"] == pytest.approx(0.25) and "weak" in result["comment"]
    sent = model.seen[0][0].content
    assert isinstance(sent, list) and len(sent) == 2


def test_model_cache_round_trip(tmp_path: Path) -> None:
    cache = SQLiteModelCache(tmp_path / "cache.sqlite")
    assert cache.lookup("prompt", "model") is None
    cache.update("prompt", "model", [ChatGeneration(message=AIMessage("cached answer"))])
    again = SQLiteModelCache(tmp_path / "cache.sqlite").lookup("prompt", "model")
    assert again is not None and again[0].message.content == "cached answer"  # type: ignore[attr-defined]
    assert cache.lookup("prompt", "other model") is None and len(cache) == 1
    cache.clear()
    assert len(cache) == 0
