"""Evaluators of the conversation: small factories returning ``{key, score, comment}``.

Each factory takes its expectation and returns a function of the trial and the scope
(one turn or the whole run). Scores are 0..1; a check passes at 1. Asset, end-state and
lineage evaluators are in :mod:`evals.asset_checks`; the LLM judge in :mod:`evals.judge`.
Trajectory matching follows agentevals' modes (strict, unordered, subset, superset),
written here so argument predicates stay safe and the harness stays offline.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any, TypedDict

from evals.predicates import parse
from evals.scenario import Clarify, ExpectedCall, Guardrail, Limits, Reply, Trajectory
from evals.transcript import Scope, Trial, TurnRecord, tool_calls


class Score(TypedDict):
    """One evaluator's verdict."""

    key: str
    score: float
    comment: str


Evaluator = Callable[[Trial, Scope], Score]

SPENDING_TOOLS = ("generate_ad_images", "edit_image", "animate_image", "generate_video")
"""Tools that make (and on bedrock, pay for) images or video."""
_QUESTION = re.compile(
    r"\?|\b(?:tell me|upload|send (?:me )?|say|which|what is|could you|please (?:share|add))\b",
    re.I,
)
_SEVERITY = {"block": "blocked", "rewrite": "rewritten", "warn": "warned"}
_IMAGE_NUMBER = re.compile(r"#\s*(\d+)")
_IMAGE_NOUN = r"(?:#|\b(?:image|picture|ad|version|variation|number|no\.?)\s*#?)\s*"
_BY = re.compile(r"(?<=\d)x(?=\d)")  # 300x250 in a fact, once escaped


def score(key: str, ok: bool | float, comment: str) -> Score:
    """A verdict (a bool counts 1 or 0)."""
    return {"key": key, "score": float(ok), "comment": comment}


# --------------------------------------------------------------------------- trajectory


def call_matches(expected: ExpectedCall, actual: dict[str, Any]) -> bool:
    """Whether one actual call ``{"name", "args"}`` matches the expected call."""
    if actual["name"] != expected.tool:
        return False
    args: dict[str, Any] = actual.get("args", {})
    if expected.args_mode == "exact":
        kept = {k: v for k, v in args.items() if k not in expected.ignore}
        if kept != {k: v for k, v in expected.args.items() if k not in expected.ignore}:
            return False
    elif any(args.get(k) != v for k, v in expected.args.items()):
        return False
    return all(parse(text).test_args(args) for text in expected.where)


def _pair(expected: Sequence[ExpectedCall], actual: Sequence[dict[str, Any]]) -> int:
    """The most expected calls that can each get a distinct matching actual call.

    A maximum bipartite matching (augmenting paths), so a loose expected call never takes
    the actual call a stricter one needs, whatever the order of either list.
    """
    fits = [[i for i, got in enumerate(actual) if call_matches(call, got)] for call in expected]
    owner: dict[int, int] = {}  # actual call -> the expected call it is given to

    def assign(wanted: int, seen: set[int]) -> bool:
        for i in fits[wanted]:
            if i not in seen:
                seen.add(i)
                if i not in owner or assign(owner[i], seen):
                    owner[i] = wanted
                    return True
        return False

    return sum(assign(wanted, set()) for wanted in range(len(expected)))


def _strict(expected: Sequence[ExpectedCall], actual: Sequence[dict[str, Any]]) -> bool:
    return len(expected) == len(actual) and all(
        call_matches(e, a) for e, a in zip(expected, actual, strict=True)
    )


def trajectory_matches(spec: Trajectory, actual: Sequence[dict[str, Any]]) -> bool:
    """Whether the actual calls match ``spec`` in its mode."""
    expected = spec.calls
    if spec.mode == "strict":
        return _strict(expected, actual)
    paired = _pair(expected, actual)
    if spec.mode == "unordered":
        return paired == len(expected) == len(actual)
    if spec.mode == "superset":
        return paired == len(expected)
    return paired == len(actual)  # subset: every actual call is one of the expected


def trajectory(spec: Trajectory) -> Evaluator:
    """The tool calls of the scope match the expected trajectory."""

    def evaluate(trial: Trial, scope: Scope) -> Score:
        actual = tool_calls(scope.turns)
        ok = trajectory_matches(spec, actual)
        names = [c["name"] for c in actual]
        wanted = [c.tool for c in spec.calls]
        return score(f"{scope.name}.trajectory", ok,
                     f"{spec.mode}: expected {wanted}, got {names}" + ("" if ok else " (no match)"))

    return evaluate


# --------------------------------------------------------------------------- guardrail


def outcome_of(turns: Sequence[TurnRecord]) -> tuple[str, list[str]]:
    """The most serious guardrail outcome of the turns and every rule id found."""
    findings = [e for turn in turns for e in turn.of_type("guardrail")]
    rules = list(dict.fromkeys(str(f["rule_id"]) for f in findings))
    severities = {str(f["severity"]) for f in findings}
    for severity in ("block", "rewrite", "warn"):
        if severity in severities:
            return _SEVERITY[severity], rules
    return "none", rules


def guardrail(spec: Guardrail) -> Evaluator:
    """The guardrail outcome is the expected one and the expected rules fired."""

    def evaluate(trial: Trial, scope: Scope) -> Score:
        outcome, rules = outcome_of(scope.turns)
        missing = [r for r in spec.rules if not any(f.startswith(r) for f in rules)]
        ok = (spec.outcome is None or outcome == spec.outcome) and not missing
        comment = f"outcome {outcome} (expected {spec.outcome or 'any'}); rules {rules}"
        return score(f"{scope.name}.guardrail", ok,
                     comment + (f"; missing {missing}" if missing else ""))

    return evaluate


# --------------------------------------------------------------------------- reply


def asks_question(text: str) -> bool:
    """Whether the text asks the user something (a question mark or an explicit ask)."""
    return bool(_QUESTION.search(text))


def language_of(text: str) -> str:
    """The reply's language, by the share of common function words (en, de, fr, es)."""
    words = re.findall(r"[a-zà-ÿß]+", text.lower())
    common = {
        "en": {"the", "and", "your", "you", "is", "of", "to", "a", "in", "for", "it", "i",
               "which", "what", "should", "this", "that", "with", "can", "make", "here"},
        "de": {"der", "die", "das", "und", "ist", "nicht", "ein", "eine", "ich", "sie"},
        "fr": {"le", "la", "les", "et", "est", "une", "des", "vous", "pour", "pas"},
        "es": {"el", "la", "los", "las", "y", "es", "una", "para", "por", "que"},
    }
    counts = {lang: sum(w in vocab for w in words) for lang, vocab in common.items()}
    return max(counts, key=lambda lang: counts[lang]) if any(counts.values()) else "unknown"


def _fact_pattern(fact: str) -> re.Pattern[str]:
    """The regular expression of a fact to mention (see :func:`mentions`)."""
    fact = fact.strip()
    number = _IMAGE_NUMBER.fullmatch(fact)
    if number:
        body = _IMAGE_NOUN + number.group(1)
    else:
        words = [_BY.sub(lambda _: r"\s*[x\u00d7]\s*", re.escape(w)) for w in fact.split()]
        body = r"\s*".join(words)
    start = r"(?<![\w#])" if fact[0].isalnum() else ""
    end = r"(?!\d)" if fact[-1].isdigit() else ""
    return re.compile(start + body + end, re.IGNORECASE)


def mentions(text: str, fact: str) -> bool:
    """Whether the text states ``fact``, however the sentence around it is worded.

    Case and spacing do not count (``50 ml`` is also ``50ml``; ``300x250`` is also
    ``300 x 250`` or ``300×250``). A fact begins a word or a number (``50 ml`` is not found
    in ``750 ml``, nor ``2`` in ``#2``), and a fact ending in a digit ends its number
    (``200`` is not found in ``2000``); a word also matches longer forms (``weapon`` in
    ``weapons``). An image number ``#3`` is also found as ``# 3``, ``image 3``, ``image
    #3``, ``ad 3``, ``version 3``, ``number 3`` or ``no. 3``.

    Args:
        text: The reply.
        fact: The fact, as a scenario writes it.
    """
    return _fact_pattern(fact).search(text) is not None


def reply_problems(spec: Reply, text: str) -> list[str]:
    """What in the reply breaks the spec (empty when it passes)."""
    lowered = text.lower()
    problems = [f"missing {s!r}" for s in spec.contains if s.lower() not in lowered]
    problems += [f"contains {s!r}" for s in spec.not_contains if s.lower() in lowered]
    problems += [f"no match for /{r}/" for r in spec.regex if not re.search(r, text, re.I | re.M)]
    if spec.asks_question is not None and asks_question(text) != spec.asks_question:
        problems.append("asks no question" if spec.asks_question else "asks a question")
    problems += [f"does not mention {f!r}" for f in spec.mentions if not mentions(text, f)]
    if spec.language and language_of(text) != spec.language:
        problems.append(f"language {language_of(text)}, not {spec.language}")
    return problems


def reply(spec: Reply) -> Evaluator:
    """The agent's text (and error messages) satisfies the reply checks."""

    def evaluate(trial: Trial, scope: Scope) -> Score:
        problems = reply_problems(spec, "\n".join(t.reply() for t in scope.turns))
        return score(f"{scope.name}.reply", not problems, "; ".join(problems) or "ok")

    return evaluate


# --------------------------------------------------------------------------- clarify


def clarify(spec: Clarify) -> Evaluator:
    """Before its first spending call, the agent asked for each listed brief fact."""

    def evaluate(trial: Trial, scope: Scope) -> Score:
        asked: list[str] = []
        for turn in scope.turns:
            if any(e["name"] in SPENDING_TOOLS for e in turn.of_type("tool_start")):
                break
            text = turn.reply()
            if asks_question(text):
                asked.append(text)
        missing = [fact for fact, pattern in spec.facts.items()
                   if not any(re.search(pattern, text, re.I) for text in asked)]
        share = 1 - len(missing) / len(spec.facts) if spec.facts else 1.0
        comment = f"not asked before spending: {missing}" if missing else "asked for every fact"
        return score(f"{scope.name}.clarify", share, comment)

    return evaluate


# --------------------------------------------------------------------------- limits


def limits(spec: Limits) -> Evaluator:
    """Turns, tool calls, latency and cost of the scope stay within bounds."""

    def evaluate(trial: Trial, scope: Scope) -> Score:
        measured = {
            "turns": float(len(scope.turns)),
            "tool_calls": float(len(tool_calls(scope.turns))),
            "latency_s": round(sum(t.latency_s for t in scope.turns), 3),
            "cost_usd": round(sum(t.cost_usd for t in scope.turns), 4),
        }
        over = [f"{name} {measured[name]:g} > {bound:g}"
                for name, bound in spec.model_dump(exclude_none=True).items()
                if measured[name] > bound]
        detail = ", ".join(f"{k} {v:g}" for k, v in measured.items())
        return score(f"{scope.name}.limits", not over, "; ".join(over) or detail)

    return evaluate


# --------------------------------------------------------------------------- events


def confirmation(expected: bool) -> Evaluator:
    """A spend confirmation was (or was not) asked."""

    def evaluate(trial: Trial, scope: Scope) -> Score:
        asked = [e for t in scope.turns for e in t.of_type("confirm")]
        detail = f"asked: {asked[0]['question']}" if asked else "no confirmation asked"
        return score(f"{scope.name}.confirmation", bool(asked) == expected, detail)

    return evaluate


def errors(expected: bool) -> Evaluator:
    """An error message was (or was not) shown."""

    def evaluate(trial: Trial, scope: Scope) -> Score:
        found = [str(e["message"]) for t in scope.turns for e in t.of_type("error")]
        failed = [e["summary"] for t in scope.turns for e in t.of_type("tool_end") if not e["ok"]]
        seen = found + [str(s) for s in failed]
        detail = "; ".join(seen)[:300] or "no errors"
        return score(f"{scope.name}.errors", bool(seen) == expected, detail)

    return evaluate
