"""The local text policy: prohibited and restricted content, risky claims, personal data.

The rules are data (``policy.yaml`` beside this module, overridable per tenant and
marketplace by files in a policy directory, see :func:`apply_overrides`); this module
compiles and applies them. ``guard_input`` and ``guard_output`` in the agent graph,
capabilities that render text onto images, and ``adstudio check`` call :func:`check_text`
or :meth:`TextPolicy.check`.
"""

from __future__ import annotations

import itertools
import json
import re
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from string import Formatter
from typing import Any, cast

import yaml

from core.errors import ConfigurationError
from core.findings import SEVERITIES, Finding, Severity
from core.yamlfile import SAFE_LOADER
from policy.language import detect_language, plausible_languages
from policy.normalise import Normalised, variants, well_formed
from policy.semantic import SemanticModel, load_model
from policy.semantic import found_families as learned_families

POLICY_FILE = Path(__file__).with_name("policy.yaml")
MAX_CHARS = 5000
"""Characters of a text the rules read at most. The rules cost about a tenth of a
millisecond per character (hundreds of patterns, on the text and on its readings), so a
20,000-character paste took seconds; ad copy and chat messages are far shorter (the longest
labelled case has 400). The rest of a longer text is not read: a ``policy.unchecked``
warning says so and spans it, and the learned reader reads its first sentences only
(:data:`policy.semantic.MAX_SEGMENTS`)."""


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
    yields_to: frozenset[str] = frozenset()
    localised: tuple[tuple[str, tuple[str, ...]], ...] = ()
    lang: str = ""
    requires: re.Pattern[str] | None = None
    unless: re.Pattern[str] | None = None

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
        if self.requires is not None and not self.requires.search(
            lower if self.requires.flags & re.IGNORECASE else text
        ):
            return []
        found = [m for p in self.exact if _may_match(p, text) for m in p.finditer(text)]
        found += [m for p in self.lowered if _may_match(p, lower) for m in p.finditer(lower)]
        found = [m for m in found if m.end() > m.start()]
        if found and self.unless is not None and self.unless.search(
            lower if self.unless.flags & re.IGNORECASE else text
        ):
            return []  # "alcohol-free" elsewhere in the text: the drink word is innocent
        if found and self.allow:
            allowed = [a.span() for a in self.allow.finditer(lower)]
            found = [
                m for m in found if not any(a <= m.start() and m.end() <= b for a, b in allowed)
            ]
        return [m for m in found if not self.luhn or _luhn_ok(m.group(0))]

    def masked(self, match: re.Match[str]) -> str:
        """The replacement of one match (card-like numbers that fail Luhn stay)."""
        return self.mask if not self.luhn or _luhn_ok(match.group(0)) else match.group(0)

    def suggestion(self, match: re.Match[str], text: str, lang: str = "en") -> str:
        """The first suggestion template whose placeholders the match can fill.

        Args:
            match: The match (possibly on the lower-cased text).
            text: The text as written, where the match's groups are read.
            lang: The text's language: its suggestions come first when the rule has some.
        """
        values = {"match": text[slice(*match.span())]}
        for name, value in match.groupdict().items():
            if value:
                values[name] = _as_word(text[slice(*match.span(name))])
        templates = dict(self.localised).get(lang, ()) + self.suggestions
        for template in templates:
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


CHAT_MIN_WORDS = 4
"""A chat message with fewer words is not read by the learned reader ("download all" read as
prohibited: two words are too little meaning for it). Ad copy of any length still is."""
_WORDS = re.compile(r"[^\W_]+")


@dataclass(frozen=True, eq=False)
class _Learned:
    """The learned reader (:mod:`policy.semantic`) and its words per family.

    Compared and hashed by identity (a policy is a cache key; its arrays are not hashable).
    """

    model: SemanticModel
    words: dict[str, tuple[str, str]]
    chat_skip: frozenset[str] = frozenset({"injection"})

    def findings(
        self, text: str, found: list[Finding], restricted_allowed: bool, chat: bool,
        sourced: bool = False,
    ) -> list[Finding]:
        """A warning per family the reader finds and the rules did not.

        Nothing on a chat message of fewer than :data:`CHAT_MIN_WORDS` words (a gallery
        command). No ``restricted`` warning when the advertiser may run a restricted category (the
        reader cannot tell which one it read), none of ``chat_skip`` on a chat message (the
        advertiser's own instructions to the assistant: "the last 3 as stories") and no
        ``claims`` one on a text that cites a source (the reader cannot tell which claim
        the source backs).
        """
        if chat and len(_WORDS.findall(text)) < CHAT_MIN_WORDS:
            return []  # "download all": too few words for the reader; the rules still judge
        known = {f.family for f in found}
        skip = known | ({"restricted"} if restricted_allowed else set()) | (
            self.chat_skip if chat else set()) | ({"claims"} if sourced else set())
        if not text.strip() or not self.words:
            return []
        excerpt = text.strip()
        excerpt = excerpt if len(excerpt) <= 80 else excerpt[:79].rstrip() + "…"
        return [
            Finding(rule_id=f"{family}.learned", severity="warn", span=(0, len(text)),
                    excerpt=excerpt, reason=self.words[family][0], fix=self.words[family][1])
            for family, _ in sorted(learned_families(text, self.model).items(),
                                    key=lambda item: -item[1])
            if family not in skip and family in self.words
        ]


@dataclass(frozen=True)
class TextPolicy:
    """A compiled policy: term rules, claim rules and personal-data detectors.

    Attributes:
        version: The policy file's version string with its overrides
            (``2026.12-2+tenant-acme``), recorded with every decision.
        rules: Compiled rules, in the policy file's order.
        allowed_restricted: Restricted categories the overrides allow (warned, not blocked).
        sources: What substantiates a claim.
        learned: The learned reader and what it says per family (``None``: rules only).
    """

    version: str
    rules: tuple[_Rule, ...]
    allowed_restricted: frozenset[str] = frozenset()
    sources: _Sources = _Sources(0, None)
    learned: _Learned | None = None
    _checks: Iterator[int] = field(default_factory=itertools.count, repr=False, compare=False)

    def prepare(self) -> None:
        """Read which strings each pattern needs, so later checks skip those that cannot match.

        It parses every pattern again: about a second of CPU, more than running them all on
        a few texts. The faces' warm-up calls it; otherwise a policy prepares itself on its
        third check (:data:`PREPARE_AT`), and a one-off check (``adstudio check``) never waits.
        """
        for rule in self.rules:
            for pattern in (*rule.exact, *rule.lowered):
                if pattern not in _NEEDED:
                    _NEEDED[pattern] = _needs(pattern)

    @property
    def categories(self) -> frozenset[str]:
        """Names of the restricted categories (``alcohol``, ``gambling``...)."""
        return frozenset(rule.category for rule in self.rules if rule.category)

    def check(
        self, text: str, *, allow_restricted: Iterable[str] = (), chat: bool = False,
        learned: bool = True,
    ) -> list[Finding]:
        """Return every finding in ``text``, in order of position.

        The rules run on the text as written and on its normalised readings
        (:mod:`policy.normalise`: look-alike letters, leetspeak, zero-width characters,
        spaced letters); a finding on a reading points at the original text it came from.
        Personal data is looked for in the text as written only. Any ``str`` may be
        given: a lone UTF-16 surrogate reads as U+FFFD (:func:`policy.normalise.well_formed`),
        and of a text longer than :data:`MAX_CHARS` only the first part is read, with a
        ``policy.unchecked`` warning over the rest.

        Args:
            text: The text to check.
            allow_restricted: Restricted categories the caller may advertise (on top of
                those the policy's overrides allow): their findings are warnings.
            chat: The text is a chat message, not ad copy: rules marked ``copy_only``
                (a "#1" that names an ad in the conversation) do not apply.
            learned: Read with the learned reader too (it only ever warns: a caller that
                keeps nothing but blocks saves its time with ``False``).
        """
        if next(self._checks) == PREPARE_AT:
            self.prepare()
        text = well_formed(text)  # a lone surrogate reads as U+FFFD
        whole, text = text, _head(text)
        allowed = self.allowed_restricted.union(allow_restricted)
        lang = detect_language(text)
        rules = self._rules_for(plausible_languages(text), chat)
        found = self._scan(rules, text, None, allowed, lang)
        for reading in variants(text):
            found += self._scan(rules, text, reading, allowed, lang)
        findings = _drop_yielding(text, found)
        findings = _drop_nested(sorted(findings, key=lambda f: (f.span[0], -f.span[1])))
        if self.learned is not None and learned:
            sourced = self.sources.pattern is not None and self.sources.pattern.search(text)
            findings += self.learned.findings(text, findings, bool(allowed), chat, bool(sourced))
        if len(whole) > len(text) and chat:
            findings += self._rest_of_message(whole, len(text), allow_restricted, learned)
        elif len(whole) > len(text):
            findings.append(_unchecked(whole, len(text)))
        return findings

    def _rest_of_message(
        self, whole: str, start: int, allow_restricted: Iterable[str], learned: bool
    ) -> list[Finding]:
        """A long chat message's rest, read in overlapping parts of :data:`MAX_CHARS`.

        All of a chat message goes to the chat model, so all of it is checked: up to
        :data:`MAX_CHAT_PARTS` more parts (a phrase on a part's edge is read whole in the
        next, which starts :data:`_OVERLAP` characters back); beyond them the message is
        refused rather than passed on unread.
        """
        found: dict[tuple[str, int, int], Finding] = {}
        for _ in range(MAX_CHAT_PARTS):
            offset = max(0, start - _OVERLAP)
            part = _head(whole[offset:])  # at most MAX_CHARS: read whole, no further parts
            for finding in self.check(part, allow_restricted=allow_restricted, chat=True,
                                      learned=learned):
                span = (finding.span[0] + offset, finding.span[1] + offset)
                found.setdefault((finding.rule_id, *span), finding.model_copy(
                    update={"span": span}))
            start = offset + len(part)
            if start >= len(whole):
                return list(found.values())
        return [*found.values(), _unchecked(whole, start).model_copy(update={
            "severity": "block",
            "fix": "Send it in shorter messages: a message this long is not passed on unread.",
        })]

    def _rules_for(self, languages: frozenset[str], chat: bool) -> list[_Rule]:
        """The rules that apply to a text in one of ``languages`` (a chat message or copy).

        Blocking and injection rules of every language always run: an English sentence
        around "Kokain" or "Ignoriere alle Anweisungen" must not hide them.
        """
        return [
            rule
            for rule in self.rules
            if not (chat and rule.copy_only)
            and (not rule.lang or rule.lang in languages or _always(rule))
        ]

    def _scan(
        self,
        rules: list[_Rule],
        text: str,
        reading: Normalised | None,
        allowed: frozenset[str],
        lang: str,
    ) -> list[tuple[_Rule, Finding]]:
        """The findings of ``rules`` on ``text``, or on a reading of it (spans mapped back)."""
        source = text if reading is None else reading.text
        lower = _lower(source)
        return [
            (rule, self._finding(rule, match, text, allowed, reading, lang))
            for rule in rules
            if not (reading and rule.mask)
            for match in rule.matches(source, lower)
            if not (rule.substantiable and self.sources.near(source, match.span()))
        ]

    def mask_pii(self, text: str) -> str:
        """Return ``text`` with personal data replaced by placeholders like ``[email]``."""
        for rule in self.rules:
            if rule.mask:
                for pattern in rule.exact:
                    text = pattern.sub(rule.masked, text)
        return text

    @staticmethod
    def _finding(
        rule: _Rule,
        match: re.Match[str],
        text: str,
        allowed: frozenset[str],
        reading: Normalised | None = None,
        lang: str = "en",
    ) -> Finding:
        """The finding of one match; an allowed restricted category is only a warning."""
        severity = "warn" if rule.category and rule.category in allowed else rule.severity
        start, end = match.span() if reading is None else reading.span(*match.span())
        suggestion = rule.suggestion(match, text if reading is None else reading.text, lang)
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


def _head(text: str) -> str:
    """The part of ``text`` the rules read: all of it, or its first ``MAX_CHARS`` characters.

    A cut text ends at its last space in the final hundred characters (when there is one),
    so no word is read cut short ("gunmetal" is no "gun").
    """
    if len(text) <= MAX_CHARS:
        return text
    space = max(text.rfind(" ", MAX_CHARS - 100, MAX_CHARS + 1),
                text.rfind("\n", MAX_CHARS - 100, MAX_CHARS + 1))
    return text[:space] if space > 0 else text[:MAX_CHARS]


MAX_CHAT_PARTS = 5
"""Parts of :data:`MAX_CHARS` read after the first in a chat message (about 30,000
characters in all); a longer message is refused."""
_OVERLAP = 200


def _unchecked(text: str, start: int) -> Finding:
    """The warning that ``text`` was read up to ``start`` only (:data:`MAX_CHARS`)."""
    rest = text[start:].strip()
    return Finding(
        rule_id="policy.unchecked",
        severity="warn",
        span=(start, len(text)),
        excerpt=rest if len(rest) <= 80 else rest[:79].rstrip() + "…",
        reason=f"Only the first {MAX_CHARS:,} characters were checked against the ad policy; "
        f"the last {len(text) - start:,} were not.",
        fix="Check a long text in parts: ad copy is far shorter.",
    )


_MOST_NEEDED = 48
"""Strings at most a pattern may need one of (:func:`_needs`); with more, it just runs."""


PREPARE_AT = 2
"""The check (counted from 0) on which a policy not yet prepared prepares itself."""
_NEEDED: dict[re.Pattern[str], tuple[str, ...] | None] = {}
"""What each prepared pattern needs (:func:`_needs`), filled by :meth:`TextPolicy.prepare`."""


def _may_match(pattern: re.Pattern[str], text: str) -> bool:
    """Whether ``pattern`` can match ``text``: once prepared, only if a string it needs is there.

    A regex with no literal prefix costs Python's engine an attempt at every position; a
    substring test costs next to nothing. The rules are hundreds of patterns, most of which
    need a word no given message has: a chat check takes about 40% less CPU time. A pattern
    not prepared yet just runs (reading what it needs costs more than running it once).
    """
    if pattern not in _NEEDED:
        return True
    needed = _NEEDED[pattern]
    return needed is None or any(part in text for part in needed)


def _needs(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Strings one of which every match of ``pattern`` contains (``None``: none known).

    Read from the parsed regex: a run of literal characters, a group, a repeat of at least
    one, a positive lookaround, or every branch of an alternation (each branch's strings).
    Case-insensitive patterns and groups need nothing: their literals may match in any case.
    """
    if pattern.flags & re.IGNORECASE:
        return None
    try:
        found = _needed_in(list(re._parser.parse(pattern.pattern, pattern.flags)))  # type: ignore[attr-defined]
    except (re.error, RecursionError):
        return None
    return tuple(sorted(found)) if found and len(found) <= _MOST_NEEDED else None


def _needed_in(items: list[tuple[Any, Any]]) -> frozenset[str] | None:
    """What a sequence of parsed regex items needs: its most telling requirement."""
    from re import _constants as sre  # type: ignore[attr-defined]

    options: list[frozenset[str]] = []
    run = ""
    for op, value in items:
        if op is sre.LITERAL:
            run += chr(value)
            continue
        if run:
            options.append(frozenset({run}))
            run = ""
        need: frozenset[str] | None = None
        if op is sre.SUBPATTERN and not value[1] & re.IGNORECASE:
            need = _needed_in(list(value[3]))
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT) and value[0] >= 1:
            need = _needed_in(list(value[2]))
        elif op is sre.ATOMIC_GROUP:
            need = _needed_in(list(value))
        elif op is sre.ASSERT:
            need = _needed_in(list(value[1]))
        elif op is sre.BRANCH:
            branches = [_needed_in(list(branch)) for branch in value[1]]
            if all(b is not None for b in branches):
                need = frozenset().union(*(b for b in branches if b is not None))
        if need:
            options.append(need)
    if run:
        options.append(frozenset({run}))
    if not options:
        return None
    return max(options, key=lambda need: (min(len(s) for s in need), -len(need)))


def _always(rule: _Rule) -> bool:
    """A rule that runs whatever language the text seems to be in."""
    return rule.severity == "block" or rule.id.startswith("injection.")


@cache
def load_policy(
    path: Path = POLICY_FILE,
    *,
    tenant: str | None = None,
    marketplace: str | None = None,
    policy_dir: Path | None = None,
    learned: bool = True,
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
        learned: Read with the learned reader too (when the policy names one).

    Raises:
        ConfigurationError: The policy directory is missing, or a file is malformed.
    """
    data = _with_includes(_read(path), path.parent)
    data = apply_overrides(data, policy_dir, tenant=tenant, marketplace=marketplace)
    if not learned:
        data = {**data, "learned": False}
    return _compiled_once(data, path.parent)


_COMPILED: dict[tuple[str, Path], TextPolicy] = {}
_COMPILING = threading.Lock()


def _compiled_once(data: dict[str, Any], folder: Path) -> TextPolicy:
    """The policy compiled from ``data``, shared by every tenant whose merged data is the same.

    Compiling takes seconds (a thousand patterns and the learned reader). A tenant or a
    marketplace without an override file has the base policy's data, so it gets the base
    policy's compiled rules instead of a copy; the lock makes a warm-up thread and a first
    request wait for one compilation instead of running two.
    """
    try:
        text = json.dumps(data, sort_keys=True, default=repr)
    except TypeError:  # keys of mixed types ("no:" read as False beside "en:"): file order
        text = repr(data)
    key = (text, folder)
    with _COMPILING:
        if key not in _COMPILED:
            _COMPILED[key] = compile_policy(data, folder)
        return _COMPILED[key]


def compile_policy(data: dict[str, Any], folder: Path = POLICY_FILE.parent) -> TextPolicy:
    """Compile a policy from its (merged) YAML data.

    Args:
        data: The policy's data.
        folder: Where the files it names (the learned reader's model) are.

    Raises:
        ConfigurationError: A rule is malformed (unknown severity, bad pattern, no terms),
            or the learned reader's model cannot be read.
    """
    vocabularies = _vocabularies(data)
    rules = [_compile_rule(entry, vocabularies) for entry in data.get("rules", [])]
    rules += [_compile_pii(entry) for entry in data.get("pii", [])]
    sources = data.get("sources") or {}
    markers = sources.get("patterns") or []
    pattern = re.compile("|".join(f"(?:{p})" for p in markers), re.I) if markers else None
    return TextPolicy(
        version=str(data["version"]),
        rules=tuple(rules),
        allowed_restricted=frozenset(data.get("allow_restricted", [])),
        sources=_Sources(int(sources.get("window", 200)), pattern),
        learned=_learned(data.get("learned"), folder),
    )


def _learned(entry: Any, folder: Path) -> _Learned | None:
    """The learned reader a policy names (``learned: false`` or none: no reader)."""
    if not entry:
        return None
    path = folder / str(entry.get("model", "semantic-model.npz"))
    try:
        model = load_model(path)
    except (OSError, ValueError, KeyError) as exc:
        raise ConfigurationError(
            f"The policy's learned model {path.name} cannot be read: {exc}",
            hint="Run `make policy-model` to train it, or set `learned: false`.",
        ) from exc
    words = {
        str(family): (str(said.get("reason", "")), str(said.get("fix", "")))
        for family, said in (entry.get("families") or {}).items()
    }
    if "chat_skip" not in entry:
        return _Learned(model, words)
    return _Learned(model, words, frozenset(str(f) for f in entry.get("chat_skip") or ()))


def check_text(text: str) -> list[Finding]:
    """Check ``text`` against the default policy."""
    return load_policy().check(text)


# ---- Overrides -------------------------------------------------------------------------

OVERRIDE_KEYS = frozenset(
    {"version", "rules", "terms", "disable", "severity", "competitors", "allow_restricted",
     "learned"}
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
    ids = {r["id"] for r in rules} | {r["id"] for r in data["pii"]} | {
        f"{family}.learned" for family in (data.get("learned") or {}).get("families", {})}
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
        "learned": _learned_override(data.get("learned"), override, disabled),
    }


def _learned_override(learned: Any, override: dict[str, Any], disabled: list[str]) -> Any:
    """The learned reader's entry after an override: off, or without disabled families."""
    if not learned or ("learned" in override and not override["learned"]):
        return False
    families = {
        family: said for family, said in (learned.get("families") or {}).items()
        if not _disabled(f"{family}.learned", disabled)
    }
    return {**learned, "families": families}


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
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigurationError(
            f"The ad policy file {path} cannot be read: {exc}",
            hint="Fix the file (it is YAML) or point ADSTUDIO_POLICY_DIR elsewhere.",
        ) from exc
    if not isinstance(data, dict):
        raise ConfigurationError(f"The ad policy file {path} is not a YAML mapping.")
    return data


def _with_includes(data: dict[str, Any], folder: Path) -> dict[str, Any]:
    """The policy data with the rules and personal-data detectors of its ``include`` files.

    ``include`` lists files beside the policy (the rules of one language each, named by
    their ``language`` key), whose ``rules`` and ``pii`` entries follow the policy's own;
    a rule of a language skips texts plainly written in another.
    """
    merged = {**data, "rules": list(data.get("rules") or []), "pii": list(data.get("pii") or []),
              "vocabularies": dict(data.get("vocabularies") or {})}
    for name in _as_list(data.get("include")):
        extra = _read(folder / str(name))
        language = extra.get("language")
        merged["rules"] += [
            {**rule, "language": language} if language else rule
            for rule in extra.get("rules") or []
        ]
        merged["pii"] += list(extra.get("pii") or [])
        for name, words in (extra.get("vocabularies") or {}).items():
            vocabularies = merged.setdefault("vocabularies", {})
            vocabularies[name] = [*(vocabularies.get(name) or []), *words]
    return merged


def _vocabularies(data: dict[str, Any]) -> dict[str, str]:
    """The policy's named word lists, each as a regex alternation (longest words first).

    The alternation is a trie of the words ("back", "back pain" -> ``back(?: pain)?``):
    a list of hundreds of words costs one character test per position, not hundreds.
    """
    return {
        str(name): _trie_alternation(sorted({str(w) for w in words}))
        for name, words in (data.get("vocabularies") or {}).items()
    }


def _trie_alternation(words: list[str]) -> str:
    """A regex matching any of ``words`` literally, the longest match first."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return "(?:" + _trie_regex(trie) + ")" if words else "(?!)"


def _trie_regex(node: dict[str, Any]) -> str:
    """The regex of a trie node: its branches (longer words first), then its end if any."""
    branches = [re.escape(char) + _trie_regex(child) for char, child in node.items() if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


_VOCABULARY = re.compile(r"\{\{(\w+)\}\}")


def _expand(source: str, vocabularies: dict[str, str], rule_id: str) -> str:
    """A pattern with each ``{{name}}`` replaced by the alternation of that word list."""

    def words(match: re.Match[str]) -> str:
        if match.group(1) not in vocabularies:
            raise ConfigurationError(
                f"A pattern of the ad policy rule {rule_id} names the word list "
                f"'{match.group(1)}', which is not in 'vocabularies'."
            )
        return vocabularies[match.group(1)]

    return _VOCABULARY.sub(words, source)


def _compile_rule(entry: dict[str, Any], vocabularies: dict[str, str] | None = None) -> _Rule:
    """Compile one entry of the ``rules`` section.

    Args:
        entry: The entry.
        vocabularies: The policy's word lists, which patterns name as ``{{name}}``.
    """
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
        source = _expand(str(source), vocabularies or {}, rule_id)
        if case_sensitive or _has_capitals(source):
            exact.append(_pattern(source, rule_id, 0 if case_sensitive else re.IGNORECASE))
        else:
            lowered.append(_pattern(source, rule_id, 0))
    if not exact and not lowered:
        raise ConfigurationError(f"The ad policy rule {rule_id} has no terms and no patterns.")
    allow = [str(a).lower() for a in entry.get("allow") or []]
    requires = entry.get("requires")
    unless = entry.get("unless")
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
        suggestions=_suggestions(entry.get("suggestion"), "en"),
        copy_only=bool(entry.get("copy_only", False)),
        yields_to=frozenset(str(f) for f in _as_list(entry.get("yields_to"))),
        localised=_localised(entry.get("suggestion")),
        lang=str(entry.get("language", "")),
        requires=_requirement(str(requires), vocabularies or {}, rule_id) if requires else None,
        unless=_requirement(str(unless), vocabularies or {}, rule_id) if unless else None,
    )


def _requirement(source: str, vocabularies: dict[str, str], rule_id: str) -> re.Pattern[str]:
    """The pattern a text must contain for a rule to run at all (a cheap gate).

    A pattern with capitals runs on the text as written (brand names), any other on the
    lower-cased text (compiled case-insensitively, which marks it so).
    """
    source = _expand(source, vocabularies, rule_id)
    return _pattern(source, rule_id, 0 if _has_capitals(source) else re.IGNORECASE)


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


def _suggestions(value: Any, lang: str) -> tuple[str, ...]:
    """The suggestion templates of a rule entry: a list, or the ``lang`` list of a mapping."""
    if isinstance(value, dict):
        return tuple(str(s) for s in _as_list(value.get(lang)))
    return tuple(str(s) for s in _as_list(value))


def _localised(value: Any) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The suggestion templates per language of a rule entry (``{de: [...], fr: [...]}``)."""
    if not isinstance(value, dict):
        return ()
    return tuple((str(lang), _suggestions(value, str(lang))) for lang in value)


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


def _drop_yielding(text: str, found: list[tuple[_Rule, Finding]]) -> list[Finding]:
    """Drop the findings of rules that yield to a family found in the same sentence.

    A bare "guaranteed" is a claim of its own, but in "reverses hair loss, guaranteed" it
    is part of the health claim; "colder than a Hydro Flask" is the competitor rule's.
    """
    return [
        finding
        for rule, finding in found
        if not rule.yields_to
        or not any(
            other is not rule
            and theirs.family in rule.yields_to
            and _same_sentence(text, theirs.span, finding.span)
            for other, theirs in found
        )
    ]


def _same_sentence(text: str, first: tuple[int, int], second: tuple[int, int]) -> bool:
    """Whether no sentence end lies between two spans of ``text`` (overlapping ones: yes)."""
    between = text[min(first[1], second[1]):max(first[0], second[0])]
    return not re.search(r"[.!?\n]\s", between)


def _drop_nested(findings: list[Finding]) -> list[Finding]:
    """Drop a finding inside or across an earlier one of the same family.

    A phone number inside a card number is the card number; "Europe's #1" and "#1 cooler"
    in "Europe's #1 cooler" are one claim, and one rewrite of each span must stay possible.
    """
    kept: list[Finding] = []
    ends: dict[str, int] = {}  # the furthest end of a kept finding per family
    for finding in findings:  # sorted by start: every kept one starts no later
        family = finding.family
        if finding.span[0] < ends.get(family, -1):
            continue
        kept.append(finding)
        ends[family] = max(ends.get(family, -1), finding.span[1])
    return kept


def _luhn_ok(number: str) -> bool:
    digits = [int(d) for d in re.sub(r"\D", "", number)][::-1]
    if not 13 <= len(digits) <= 19:
        return False
    total = sum(d if i % 2 == 0 else (d * 2 - 9 if d > 4 else d * 2) for i, d in enumerate(digits))
    return total % 10 == 0
