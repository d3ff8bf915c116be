"""Scoring one turn's tool calls against a case: right, a question back, partial, or wrong.

Only calls and their arguments are compared, never the assistant's sentences. A turn is
*wrong* (a silent wrong action) when it makes a call the request does not ask for, with a
wrong target or a wrong argument, or a forbidden one; *asked* when it makes no call where
one was expected (it asked or explained instead); *partial* when every call it made was
right but some asked-for call is missing.
"""

from __future__ import annotations

import colorsys
import itertools
import re
from collections.abc import Sequence
from functools import cache
from typing import Any, Literal

from PIL import ImageColor

from agent.planner.language import basic_colour, fold
from agent.toolkit import make_tools
from engines.local.themes import load_themes
from evals.language.cases import Case, Expect, ExpectedCall

Outcome = Literal["correct", "asked", "partial", "wrong"]
RANK: dict[Outcome, int] = {"correct": 3, "asked": 2, "partial": 1, "wrong": 0}
NEW_PREFIX = "img_f"
"""Ids the harness gives to what the turn itself makes."""
FREE_TOOLS = {"update_brief"}
"""Recording the brief is never scored unless a case lists or forbids it."""
TARGET_ARGS = {"asset_id"}
FAMILIES: dict[str, set[str]] = {
    "blue": {"blue", "navy", "teal"},
    "green": {"green", "teal"},
    "white": {"white", "cream"},
    "beige": {"beige", "cream", "gold"},
    "brown": {"brown", "beige"},
    "red": {"red", "brown", "pink"},
    "burgundy": {"red", "brown", "purple"},
    "purple": {"purple", "navy", "pink"},
    "grey": {"grey", "white", "black"},
    "gold": {"gold", "yellow", "beige"},
    "cream": {"cream", "white", "beige"},
    "olive": {"green", "gold", "brown"},
    "silver": {"grey", "white"},
}
"""Colour names a request may use, and the basic names (agent.planner.language) they cover."""


def color_name(value: str) -> str:
    """The basic colour name a ``#RRGGBB`` (or any CSS colour) is nearest to."""
    return basic_colour(value)


def _lightness(value: str) -> float:
    r, g, b = (c / 255 for c in ImageColor.getrgb(value)[:3])
    return colorsys.rgb_to_hls(r, g, b)[1]


def matches(matcher: Any, value: Any, symbols: dict[str, str]) -> bool:
    """Whether ``value`` satisfies ``matcher`` (literal, comparison, colour, any_of...)."""
    if isinstance(matcher, dict):
        return _dict_matches(matcher, value, symbols)
    if isinstance(matcher, list):
        if not isinstance(value, list | tuple) or len(matcher) != len(value):
            return False
        if all(matches(m, v, symbols) for m, v in zip(matcher, value, strict=True)):
            return True
        # Colours and asset ids may come in any order: match items one to one.
        return len(matcher) <= 6 and any(
            all(matches(m, v, symbols) for m, v in zip(matcher, order, strict=True))
            for order in itertools.permutations(value)
        )
    if isinstance(matcher, str):
        if matcher == "@storyboard" and isinstance(value, str) and value.startswith(NEW_PREFIX):
            return True  # the storyboard revised earlier in the same turn is the latest one
        matcher = symbols.get(matcher, matcher)
        return isinstance(value, str) and value.strip().casefold() == matcher.strip().casefold()
    if isinstance(matcher, bool) or matcher is None:
        return value is matcher or value == matcher
    if isinstance(matcher, int | float):
        return isinstance(value, int | float) and abs(float(value) - float(matcher)) < 1e-6
    return False


def _dict_matches(matcher: dict[str, Any], value: Any, symbols: dict[str, str]) -> bool:
    checks = {
        "gt": lambda v, x: _number(v) is not None and _number(v) > x,
        "lt": lambda v, x: _number(v) is not None and _number(v) < x,
        "ge": lambda v, x: _number(v) is not None and _number(v) >= x,
        "le": lambda v, x: _number(v) is not None and _number(v) <= x,
        "contains": lambda v, x: isinstance(v, str) and str(x).casefold() in v.casefold(),
        "present": lambda v, x: (v is not None) == bool(x),
        "color": _color_matches,
        "any_of": lambda v, x: any(matches(m, v, symbols) for m in x),
    }
    unknown = set(matcher) - set(checks)
    if unknown:
        raise ValueError(f"unknown matcher {sorted(unknown)}")
    return all(checks[key](value, expected) for key, expected in matcher.items())


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _color_matches(value: Any, name: str) -> bool:
    if not isinstance(value, str):
        return False
    try:
        lightness = _lightness(value)
        nearest = color_name(value)
    except ValueError:
        return False
    if name == "dark":
        return lightness < 0.4
    if name == "light":
        return lightness > 0.6
    return nearest in FAMILIES.get(name, {name})


@cache
def _schemas() -> dict[str, Any]:
    return {tool.name: tool.args_schema for tool in make_tools()}


def default(tool: str, arg: str) -> Any:
    """The value a tool takes for an argument left out (its schema's default), else None."""
    schema = _schemas().get(tool)
    fields = getattr(schema, "model_fields", {})
    field = fields.get(arg)
    if field is None or field.is_required():
        return None
    value = field.get_default(call_default_factory=True)
    return value if isinstance(value, str | int | float | bool) else None


def _named(theme: Any, text: str) -> bool:
    """Whether the message names the theme, its label or one of its keywords."""
    found = load_themes().get(str(theme))
    if found is None:
        return False
    words = set(re.findall(r"\w+", fold(text)))
    names = {*str(theme).split("-"), *found.label.lower().split(), *found.keywords, *found.mood}
    return bool(words & {fold(n) for n in names if len(n) > 2})


def call_matches(expected: ExpectedCall, actual: dict[str, Any], symbols: dict[str, str],
                 text: str = "") -> bool:
    """Whether one actual call is the expected one (tool, arguments, no unwanted change)."""
    if actual["name"] != expected.tool:
        return False
    args = dict(actual.get("args", {}))
    if expected.tool == "download_images" and not args.get("asset_ids"):
        # No ids: the tool packs every ad's latest version, which is what "all of them" lists
        # (and only that: "all but one" is no download of everything).
        wanted = expected.args.get("asset_ids")
        latest = {a for a in symbols.get("@latest", "").split(",") if a}
        if (isinstance(wanted, list) and all(isinstance(w, str) for w in wanted)
                and {symbols.get(w, w) for w in wanted} == latest):
            args["asset_ids"] = [symbols.get(w, w) for w in wanted]
    if not all(matches(m, args.get(key, default(expected.tool, key)), symbols)
               for key, m in expected.args.items()):
        return False
    follow_up = "#1" in symbols and "@attached" not in str(expected.args)
    if expected.tool == "generate_ad_images" and "theme" not in expected.args and follow_up:
        # A scene nobody asked for is a change nobody asked for; one the message names is not.
        theme = args.get("theme")
        return theme in (None, "auto") or "theme" in expected.allow or _named(theme, text)
    if expected.tool != "edit_image":
        return True
    changes = {k for k, v in args.items() if k not in TARGET_ARGS and v is not None}
    unwanted = changes - set(expected.args) - set(expected.allow)
    return not unwanted and len(changes) >= expected.min_changes


def _scored(
    calls: Sequence[dict[str, Any]], expected: Expect, forbid: list[str]
) -> list[dict[str, Any]]:
    listed = {c.tool for c in expected.calls or []} | set(forbid)
    return [c for c in calls if c["name"] not in FREE_TOOLS or c["name"] in listed]


def _assign(expected: list[ExpectedCall], actual: list[dict[str, Any]],
            symbols: dict[str, str], text: str) -> tuple[int, int]:
    """Most expected calls matched one-to-one, and how many actual calls were left over."""
    best = (0, len(actual))

    def search(i: int, used: frozenset[int], found: int) -> None:
        nonlocal best
        if i == len(expected):
            score = (found, len(actual) - len(used))
            if score[0] > best[0] or (score[0] == best[0] and score[1] < best[1]):
                best = score
            return
        for j, call in enumerate(actual):
            if j not in used and call_matches(expected[i], call, symbols, text):
                search(i + 1, used | {j}, found + 1)
        search(i + 1, used, found)

    search(0, frozenset(), 0)
    return best


def judge_one(calls: Sequence[dict[str, Any]], expected: Expect, forbid: list[str],
              symbols: dict[str, str], text: str = "") -> Outcome:
    """The outcome of a turn against one alternative."""
    if any(c["name"] in forbid for c in calls):
        return "wrong"
    scored = _scored(calls, expected, forbid)
    wanted = expected.calls or []
    if expected.none or not wanted:
        return "correct" if not scored else "wrong"
    if not scored:
        return "asked"
    found, extra = _assign(wanted, list(scored), symbols, text)
    if extra:
        return "wrong"
    return "correct" if found == len(wanted) else "partial"


def judge(case: Case, calls: Sequence[dict[str, Any]], symbols: dict[str, str]) -> Outcome:
    """The best outcome of a turn over the case's acceptable alternatives."""
    outcomes = [judge_one(calls, alt, case.forbid, symbols, case.text)
                for alt in case.expect.alternatives()]
    return max(outcomes, key=RANK.__getitem__)
