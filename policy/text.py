"""The local text policy: prohibited and restricted content, risky claims, personal data.

The rules are data (``policy.yaml`` beside this module, overridable per tenant and
marketplace by files in a policy directory, see :func:`apply_overrides`); this module
compiles and applies them. ``guard_input`` and ``guard_output`` in the agent graph,
capabilities that render text onto images, and ``adstudio check`` call :func:`check_text`
or :meth:`TextPolicy.check`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from string import Formatter
from typing import Any, cast

import yaml

from core.errors import ConfigurationError
from core.findings import SEVERITIES, Finding, Severity

POLICY_FILE = Path(__file__).with_name("policy.yaml")


@dataclass(frozen=True)
class _Rule:
    """One compiled rule entry of the policy file (several entries may share an id).

    Case-insensitive patterns are compiled in lower case and run on the lower-cased text
    (three times faster than ``re.IGNORECASE``); the others run on the text as written.
    """

    id: str
    severity: Severity
    reason: str
    fix: str
    exact: tuple[re.Pattern[str], ...] = ()
    lowered: tuple[re.Pattern[str], ...] = ()
    allow: re.Pattern[str] | None = None
    mask: str = ""
    luhn: bool = False
    category: str = ""
    substantiable: bool = False
    suggestions: tuple[str, ...] = ()
    copy_only: bool = False

    @property
    def family(self) -> str:
        """The part of the id before the first dot."""
        return self.id.split(".", 1)[0]

    def matches(self, text: str, lower: str | None = None) -> list[re.Match[str]]:
        """Matches of the rule, minus allowed phrases and card-like numbers failing Luhn.

        Args:
            text: The text.
            lower: ``text`` lower-cased, same length (computed when not given).
        """
        lower = _lower(text) if lower is None else lower
        found = [m for p in self.exact for m in p.finditer(text)]
        found += [m for p in self.lowered for m in p.finditer(lower)]
        found = [m for m in found if m.end() > m.start()]
        if found and self.allow:
            allowed = [a.span() for a in self.allow.finditer(lower)]
            found = [
                m for m in found if not any(a <= m.start() and m.end() <= b for a, b in allowed)
            ]
        return [m for m in found if not self.luhn or _luhn_ok(m.group(0))]

    def masked(self, match: re.Match[str]) -> str:
        """The replacement of one match (card-like numbers that fail Luhn stay)."""
        return self.mask if not self.luhn or _luhn_ok(match.group(0)) else match.group(0)

    def suggestion(self, match: re.Match[str], text: str) -> str:
        """The first suggestion template whose placeholders the match can fill.

        Args:
            match: The match (possibly on the lower-cased text).
            text: The text as written, where the match's groups are read.
        """
        values = {"match": text[slice(*match.span())]}
        for name, value in match.groupdict().items():
            if value:
                values[name] = _as_word(text[slice(*match.span(name))])
        for template in self.suggestions:
            fields = {f for _, f, _, _ in Formatter().parse(template) if f}
            if fields <= values.keys():
                return template.format(**values)
        return self.mask


@dataclass(frozen=True)
class _Sources:
    """What substantiates a claim: a source marker within ``window`` characters of it."""

    window: int
    pattern: re.Pattern[str] | None

    def near(self, text: str, span: tuple[int, int]) -> bool:
        """Whether a source marker appears near ``span``."""
        if self.pattern is None:
            return False
        start, end = max(0, span[0] - self.window), span[1] + self.window
        return self.pattern.search(text, start, end) is not None


@dataclass(frozen=True)
class TextPolicy:
    """A compiled policy: term rules, claim rules and personal-data detectors.

    Attributes:
        version: The policy file's version string with its overrides
            (``2026.11-5+tenant-acme``), recorded with every decision.
        rules: Compiled rules, in the policy file's order.
        allowed_restricted: Restricted categories the overrides allow (warned, not blocked).
        sources: What substantiates a claim.
    """

    version: str
    rules: tuple[_Rule, ...]
    allowed_restricted: frozenset[str] = frozenset()
    sources: _Sources = _Sources(0, None)

    @property
    def categories(self) -> frozenset[str]:
        """Names of the restricted categories (``alcohol``, ``gambling``...)."""
        return frozenset(rule.category for rule in self.rules if rule.category)

    def check(
        self, text: str, *, allow_restricted: Iterable[str] = (), chat: bool = False
    ) -> list[Finding]:
        """Return every finding in ``text``, in order of position.

        Args:
            text: The text to check.
            allow_restricted: Restricted categories the caller may advertise (on top of
                those the policy's overrides allow): their findings are warnings.
            chat: The text is a chat message, not ad copy: rules marked ``copy_only``
                (a "#1" that names an ad in the conversation) do not apply.
        """
        allowed = self.allowed_restricted.union(allow_restricted)
        lower = _lower(text)
        findings = [
            self._finding(rule, match, text, allowed)
            for rule in self.rules
            if not (chat and rule.copy_only)
            for match in rule.matches(text, lower)
            if not (rule.substantiable and self.sources.near(text, match.span()))
        ]
        return _drop_nested(sorted(findings, key=lambda f: (f.span[0], -f.span[1])))

    def mask_pii(self, text: str) -> str:
        """Return ``text`` with personal data replaced by placeholders like ``[email]``."""
        for rule in self.rules:
            if rule.mask:
                for pattern in rule.exact:
                    text = pattern.sub(rule.masked, text)
        return text

    @staticmethod
    def _finding(
        rule: _Rule, match: re.Match[str], text: str, allowed: frozenset[str]
    ) -> Finding:
        """The finding of one match; an allowed restricted category is only a warning."""
        severity = "warn" if rule.category and rule.category in allowed else rule.severity
        start, end = match.span()
        suggestion = rule.suggestion(match, text)
        if _sentence_start(text, start):
            suggestion = suggestion[:1].upper() + suggestion[1:]
        return Finding(
            rule_id=rule.id,
            severity=severity,
            span=(start, end),
            excerpt=text[start:end],
            reason=rule.reason,
            fix=rule.fix,
            suggestion=suggestion,
        )


@cache
def load_policy(
    path: Path = POLICY_FILE,
    *,
    tenant: str | None = None,
    marketplace: str | None = None,
    policy_dir: Path | None = None,
) -> TextPolicy:
    """Load and compile the policy, with the overrides of a tenant and a marketplace.

    Overrides are ``marketplace-<name>.yaml`` then ``tenant-<name>.yaml`` in
    ``policy_dir`` (the tenant's file wins); a missing file means no override. Policies
    are cached per arguments: a changed file is read again after a restart.

    Args:
        path: The base policy file.
        tenant: The tenant whose override applies, if any.
        marketplace: The marketplace whose override applies (``uk``, ``de``...), if any.
        policy_dir: The folder of override files; ``None`` means no overrides.

    Raises:
        ConfigurationError: The policy directory is missing, or a file is malformed.
    """
    data = _read(path)
    data = apply_overrides(data, policy_dir, tenant=tenant, marketplace=marketplace)
    return compile_policy(data)


def compile_policy(data: dict[str, Any]) -> TextPolicy:
    """Compile a policy from its (merged) YAML data.

    Raises:
        ConfigurationError: A rule is malformed (unknown severity, bad pattern, no terms).
    """
    rules = [_compile_rule(entry) for entry in data.get("rules", [])]
    rules += [_compile_pii(entry) for entry in data.get("pii", [])]
    sources = data.get("sources") or {}
    markers = sources.get("patterns") or []
    pattern = re.compile("|".join(f"(?:{p})" for p in markers), re.I) if markers else None
    return TextPolicy(
        version=str(data["version"]),
        rules=tuple(rules),
        allowed_restricted=frozenset(data.get("allow_restricted", [])),
        sources=_Sources(int(sources.get("window", 200)), pattern),
    )


def check_text(text: str) -> list[Finding]:
    """Check ``text`` against the default policy."""
    return load_policy().check(text)


# ---- Overrides -------------------------------------------------------------------------

OVERRIDE_KEYS = frozenset(
    {"version", "rules", "terms", "disable", "severity", "competitors", "allow_restricted"}
)
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")


def apply_overrides(
    data: dict[str, Any],
    policy_dir: Path | None,
    *,
    tenant: str | None = None,
    marketplace: str | None = None,
) -> dict[str, Any]:
    """Merge the marketplace's, then the tenant's override file into the policy data.

    An override file (``marketplace-uk.yaml``, ``tenant-acme.yaml``) may hold:

    - ``version``: its own label, recorded in the merged version (``+tenant-acme.3``);
    - ``rules``: extra rules, in the format of the base policy's ``rules``;
    - ``terms``: ``{rule id: [terms]}``, more terms for an existing rule;
    - ``disable``: rule ids or whole families to switch off;
    - ``severity``: ``{rule id: block | warn | rewrite}``;
    - ``competitors``: the competitor brands (replaces the default list);
    - ``allow_restricted``: restricted categories this tenant may advertise (warned).

    Args:
        data: The base policy data (not modified).
        policy_dir: The folder of override files; ``None`` means no overrides.
        tenant: The tenant's name.
        marketplace: The marketplace's name.

    Raises:
        ConfigurationError: The folder is missing, a name is unsafe, or a file is malformed.
    """
    if policy_dir is None:
        return data
    if not policy_dir.is_dir():
        raise ConfigurationError(
            f"The ad policy folder {policy_dir} does not exist.",
            hint="Create it or unset ADSTUDIO_POLICY_DIR.",
        )
    merged = {**data, "rules": list(data.get("rules", [])), "pii": list(data.get("pii", []))}
    for kind, name in (("marketplace", marketplace), ("tenant", tenant)):
        if not name:
            continue
        if not _NAME.fullmatch(name):
            raise ConfigurationError(f"'{name}' is not a valid {kind} name for the ad policy.")
        path = policy_dir / f"{kind}-{name}.yaml"
        if path.is_file():
            merged = _merge(merged, _read(path), f"{kind}-{name}", path)
    return merged


def _merge(
    data: dict[str, Any], override: dict[str, Any], label: str, path: Path
) -> dict[str, Any]:
    """One override file merged into ``data`` (a new mapping)."""
    unknown = set(override) - OVERRIDE_KEYS
    if unknown:
        raise ConfigurationError(
            f"{path} has unknown keys {sorted(unknown)}; use {sorted(OVERRIDE_KEYS)}."
        )
    rules = list(data["rules"])
    ids = {r["id"] for r in rules} | {r["id"] for r in data["pii"]}
    if "competitors" in override:
        rules = _with_competitors(rules, [str(c) for c in override["competitors"]])
    for rule_id, terms in (override.get("terms") or {}).items():
        rules.append({**_first(rules, rule_id, path), "terms": terms, "patterns": []})
    for rule_id, severity in (override.get("severity") or {}).items():
        _first(rules, rule_id, path)
        _severity(severity, rule_id)
        rules = [{**r, "severity": severity} if r["id"] == rule_id else r for r in rules]
    rules += list(override.get("rules") or [])
    disabled = [str(d) for d in override.get("disable") or []]
    for name in disabled:
        if name not in ids and not any(i.startswith(f"{name}.") for i in ids):
            raise ConfigurationError(f"{path} disables '{name}', which is no rule or family.")
    if "version" in override:
        label = f"{label}.{override['version']}"
    return {
        **data,
        "version": f"{data['version']}+{label}",
        "rules": [r for r in rules if not _disabled(r["id"], disabled)],
        "pii": [r for r in data["pii"] if not _disabled(r["id"], disabled)],
        "allow_restricted": _allowed(data, override, rules, path),
    }


def _first(rules: list[dict[str, Any]], rule_id: str, path: Path) -> dict[str, Any]:
    """The first rule entry with ``rule_id``."""
    for rule in rules:
        if rule["id"] == rule_id:
            return rule
    raise ConfigurationError(f"{path} names the rule '{rule_id}', which does not exist.")


def _with_competitors(rules: list[dict[str, Any]], brands: list[str]) -> list[dict[str, Any]]:
    """The rules with the competitor list replaced (an empty list switches the rule off)."""
    kept = [r for r in rules if r["id"] != "trademark.competitor"]
    base = next((r for r in rules if r["id"] == "trademark.competitor"), None)
    if base is None or not brands:
        return kept
    return [*kept, {**base, "terms": brands, "patterns": []}]


def _allowed(
    data: dict[str, Any], override: dict[str, Any], rules: list[dict[str, Any]], path: Path
) -> list[str]:
    """The restricted categories allowed so far, with the override's."""
    categories = {r.get("category") for r in rules if r.get("category")}
    extra = [str(c) for c in override.get("allow_restricted") or []]
    unknown = sorted(set(extra) - categories)
    if unknown:
        raise ConfigurationError(
            f"{path} allows {unknown}, which are no restricted categories "
            f"({', '.join(sorted(str(c) for c in categories))})."
        )
    return sorted({*data.get("allow_restricted", []), *extra})


def _disabled(rule_id: str, disabled: list[str]) -> bool:
    return any(rule_id == d or rule_id.startswith(f"{d}.") for d in disabled)


# ---- Compilation ---------------------------------------------------------------------


def _read(path: Path) -> dict[str, Any]:
    """The YAML mapping in ``path``."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigurationError(
            f"The ad policy file {path} cannot be read: {exc}",
            hint="Fix the file (it is YAML) or point ADSTUDIO_POLICY_DIR elsewhere.",
        ) from exc
    if not isinstance(data, dict):
        raise ConfigurationError(f"The ad policy file {path} is not a YAML mapping.")
    return data


def _compile_rule(entry: dict[str, Any]) -> _Rule:
    """Compile one entry of the ``rules`` section."""
    rule_id = _field(entry, "id")
    severity = _severity(entry.get("severity"), rule_id)
    case_sensitive = bool(entry.get("case_sensitive"))
    terms = [str(t) for t in entry.get("terms", [])]
    exact: list[re.Pattern[str]] = []
    lowered: list[re.Pattern[str]] = []
    if terms and case_sensitive:
        exact.append(_words([*terms, *(t.upper() for t in terms if t.upper() != t)]))
    elif terms:
        lowered.append(_words([t.lower() for t in terms], plurals=bool(entry.get("plurals"))))
    for source in entry.get("patterns", []):
        if case_sensitive or _has_capitals(source):
            exact.append(_pattern(source, rule_id, 0 if case_sensitive else re.IGNORECASE))
        else:
            lowered.append(_pattern(source, rule_id, 0))
    if not exact and not lowered:
        raise ConfigurationError(f"The ad policy rule {rule_id} has no terms and no patterns.")
    allow = [str(a).lower() for a in entry.get("allow") or []]
    return _Rule(
        rule_id,
        severity,
        _field(entry, "reason"),
        _field(entry, "fix"),
        exact=tuple(exact),
        lowered=tuple(lowered),
        allow=_words(allow, plurals=True) if allow else None,
        category=str(entry.get("category", "")),
        substantiable=bool(entry.get("substantiable", False)),
        suggestions=tuple(str(s) for s in _as_list(entry.get("suggestion"))),
        copy_only=bool(entry.get("copy_only", False)),
    )


def _compile_pii(entry: dict[str, Any]) -> _Rule:
    """Compile one entry of the ``pii`` section (always ``rewrite``: the data is masked)."""
    rule_id = _field(entry, "id")
    mask = _field(entry, "mask")
    sources = _as_list(entry.get("patterns")) or _as_list(entry.get("pattern"))
    return _Rule(
        rule_id,
        "rewrite",
        _field(entry, "reason"),
        f"Personal data is masked as {mask}.",
        exact=tuple(_pattern(p, rule_id, 0) for p in sources),
        mask=mask,
        luhn=bool(entry.get("luhn", False)),
        suggestions=(mask,),
    )


def _has_capitals(source: str) -> bool:
    """Whether a regex names capital letters outside its escapes: then it keeps its case."""
    plain = re.sub(r"\\(?:[uU][0-9a-fA-F]+|.)|\(\?P[<=]\w+>?", "", source)
    return any(c.isupper() for c in plain)


def _lower(text: str) -> str:
    """``text`` in lower case, with the same length (so spans carry over)."""
    lower = text.lower()
    if len(lower) == len(text):
        return lower
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def _sentence_start(text: str, start: int) -> bool:
    """Whether ``start`` begins a sentence (a suggestion there starts with a capital)."""
    before = text[:start].rstrip(" \t")
    return not before or before.endswith((".", "!", "?", "\n"))


def _field(entry: dict[str, Any], key: str) -> str:
    """A required text field of a rule entry."""
    value = entry.get(key)
    if not value:
        raise ConfigurationError(f"An ad policy rule has no '{key}': {entry}")
    return str(value)


def _severity(value: Any, rule_id: str) -> Severity:
    if value not in SEVERITIES:
        raise ConfigurationError(
            f"The ad policy rule {rule_id} has severity {value!r}; use block, warn or rewrite."
        )
    return cast(Severity, value)


def _pattern(source: str, rule_id: str, flags: int) -> re.Pattern[str]:
    try:
        return re.compile(source, flags)
    except re.error as exc:
        raise ConfigurationError(
            f"A pattern of the ad policy rule {rule_id} is not a valid regex: {exc}"
        ) from exc


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


def _words(terms: list[str], plurals: bool = False) -> re.Pattern[str]:
    """A case-sensitive pattern matching any of ``terms`` as whole words (and plurals)."""
    alternatives = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
    plural = "(?:e?s)?" if plurals else ""
    return re.compile(rf"(?<![\w#])(?:{alternatives}){plural}(?!\w)")


def _as_word(value: str) -> str:
    """A matched word as it reads inside a sentence ("Bottle" -> "bottle", "SPF" stays)."""
    return value if value.isupper() else value.lower()


def _drop_nested(findings: list[Finding]) -> list[Finding]:
    """Drop a finding inside a longer one of the same family (a phone in a card number)."""
    kept: list[Finding] = []
    for finding in findings:
        inside = any(
            k.family == finding.family
            and k.span[0] <= finding.span[0]
            and finding.span[1] <= k.span[1]
            for k in kept
        )
        if not inside:
            kept.append(finding)
    return kept


def _luhn_ok(number: str) -> bool:
    digits = [int(d) for d in re.sub(r"\D", "", number)][::-1]
    if not 13 <= len(digits) <= 19:
        return False
    total = sum(d if i % 2 == 0 else (d * 2 - 9 if d > 4 else d * 2) for i, d in enumerate(digits))
    return total % 10 == 0
