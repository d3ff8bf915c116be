"""Safe predicates for expectations: ``n >= 2``, ``format in [square, story]``, ``>= 3``.

A predicate is parsed with a regular expression and its value as YAML 1.2 (a number, a
string or a list; only ``true``/``false`` are booleans, so ``yes`` or ``On`` stay words),
never with ``eval()``: a scenario file cannot run code. A ``matches`` (or ``not matches``)
value is the regular expression exactly as written, searched case-insensitively.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import yaml

OPERATORS = (
    "==", "!=", ">=", "<=", ">", "<", "not in", "in", "contains", "not matches", "matches"
)
_OPS = "|".join(re.escape(op) for op in OPERATORS)
_FIELD = re.compile(rf"^\s*([A-Za-z_][\w.]*)\s+({_OPS})\s+(.+?)\s*$")
_BARE = re.compile(rf"^\s*({_OPS})\s*(.+?)\s*$")
_ORDER: dict[str, Callable[[Any, Any], bool]] = {
    ">=": operator.ge, "<=": operator.le, ">": operator.gt, "<": operator.lt,
}


class _Yaml12Loader(yaml.SafeLoader):
    """Safe YAML whose booleans are YAML 1.2's: ``yes``, ``no``, ``on``, ``off`` are words."""


_Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


class PredicateError(ValueError):
    """A predicate that cannot be parsed (the message says what is expected)."""


@dataclass(frozen=True)
class Predicate:
    """One comparison: ``field op value`` (``field`` empty for a bare ``op value``).

    Attributes:
        field: The argument it is about (a dotted path into nested dicts and lists:
            ``recipe.theme``, ``product_shift.0``), or "".
        op: One of :data:`OPERATORS`.
        value: The parsed right-hand side.
        text: The predicate as written.
    """

    field: str
    op: str
    value: Any
    text: str

    def test(self, actual: Any) -> bool:
        """Whether ``actual`` satisfies the comparison (type mismatches are False)."""
        try:
            return _apply(self.op, actual, self.value)
        except (TypeError, re.error):
            return False

    def test_args(self, args: dict[str, Any]) -> bool:
        """Whether the argument ``field`` of ``args`` satisfies it (missing is False)."""
        found, value = lookup(args, self.field)
        return found and self.test(value)


def _value(text: str, source: str, op: str = "==") -> Any:
    if op in ("matches", "not matches"):  # a regular expression: never a number or a boolean
        quoted = len(text) > 1 and text[0] == text[-1] and text[0] in "'\""
        return text[1:-1] if quoted else text
    try:
        return yaml.load(text, Loader=_Yaml12Loader)  # a SafeLoader: no objects, no code
    except yaml.YAMLError as exc:
        raise PredicateError(f"cannot read the value in {source!r}: {exc}") from exc


def parse(text: str) -> Predicate:
    """Parse ``field op value`` (e.g. ``n >= 2``, ``placements contains story``).

    Raises:
        PredicateError: Not of that form.
    """
    match = _FIELD.match(text)
    if not match:
        raise PredicateError(
            f"{text!r} is not a predicate; write 'FIELD OP VALUE' with OP one of "
            f"{', '.join(OPERATORS)} (e.g. 'n >= 2', 'format in [square, story]')"
        )
    name, op, value = match.groups()
    return Predicate(name, op, _value(value, text, op), text)


def parse_bare(spec: Any) -> Predicate:
    """A check on one value: a number/string/list (equality) or ``'op value'`` (``'>= 2'``).

    Raises:
        PredicateError: A string starting with an operator that cannot be read.
    """
    match = _BARE.match(spec) if isinstance(spec, str) else None
    if match:
        return Predicate("", match.group(1), _value(match.group(2), spec, match.group(1)), spec)
    return Predicate("", "==", spec, repr(spec))


def lookup(args: dict[str, Any], path: str) -> tuple[bool, Any]:
    """The value at a dotted ``path`` of nested dicts and lists: (found, value).

    A number picks a list's item from 0: ``remove_region.2`` is the third value.
    """
    value: Any = args
    for part in path.split("."):
        if isinstance(value, dict) and part in value:
            value = value[part]
        elif isinstance(value, list | tuple) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        else:
            return False, None
    return True, value


def _apply(op: str, actual: Any, expected: Any) -> bool:
    if op == "==":
        return bool(actual == expected)
    if op == "!=":
        return bool(actual != expected)
    if op in _ORDER:
        return actual is not None and _ORDER[op](actual, expected)
    if op == "in":
        return actual in (expected if isinstance(expected, list) else [expected])
    if op == "not in":
        return actual not in (expected if isinstance(expected, list) else [expected])
    if op == "contains":
        if isinstance(actual, str):
            return str(expected).lower() in actual.lower()
        return isinstance(actual, list) and expected in actual
    found = re.search(str(expected), str(actual), re.IGNORECASE) is not None
    return found if op == "matches" else not found
