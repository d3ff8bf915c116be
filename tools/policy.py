"""The local text policy: blocked terms, risky claims and personal data, applied to text.

The rules are data (``policy.yaml`` beside this module); this module only applies them.
``guard_input`` and ``guard_output`` in the agent graph, and capabilities that render
text onto images, call :func:`check_text`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel

Severity = Literal["block", "warn", "rewrite"]
POLICY_FILE = Path(__file__).with_name("policy.yaml")


class Finding(BaseModel):
    """One policy finding on a piece of text or an image.

    Attributes:
        rule_id: ``family.rule`` (``claims.unsubstantiated``, ``pii.email``, ``image.contrast``).
        severity: ``block`` stops the work, ``warn`` lets it go on with a note, ``rewrite``
            offers a compliant alternative in ``suggestion``.
        span: Character offsets of the finding in the text ((0, 0) for image findings).
        excerpt: The offending text (or a short label of the image region).
        reason: Why, in plain language.
        fix: What the user can do about it.
        suggestion: A compliant alternative to ``excerpt`` ("a bottle hikers love" for
            "#1 bottle"); empty when there is none.
        region: ``(left, top, right, bottom)`` pixels of an image finding, else ``None``.
    """

    rule_id: str
    severity: Severity
    span: tuple[int, int]
    excerpt: str
    reason: str
    fix: str = ""
    suggestion: str = ""
    region: tuple[int, int, int, int] | None = None

    @property
    def family(self) -> str:
        """The rule family: the part of ``rule_id`` before the first dot."""
        return self.rule_id.split(".", 1)[0]


@dataclass(frozen=True)
class _Rule:
    id: str
    severity: Severity
    reason: str
    fix: str
    pattern: re.Pattern[str]
    mask: str = ""
    luhn: bool = False
    allow: re.Pattern[str] | None = None

    def matches(self, text: str) -> list[re.Match[str]]:
        """Matches of the rule, minus allowed phrases and card-like numbers failing Luhn."""
        allowed = [m.span() for m in self.allow.finditer(text)] if self.allow else []
        return [
            match
            for match in self.pattern.finditer(text)
            if not any(a <= match.start() and match.end() <= b for a, b in allowed)
            and (not self.luhn or _luhn_ok(match.group(0)))
        ]

    def masked(self, match: re.Match[str]) -> str:
        """The replacement of one match (card-like numbers that fail Luhn stay)."""
        return self.mask if not self.luhn or _luhn_ok(match.group(0)) else match.group(0)


@dataclass(frozen=True)
class TextPolicy:
    """A compiled policy: term rules and personal-data detectors.

    Attributes:
        version: The policy file's version string (recorded with every decision).
        rules: Compiled rules, block rules first.
    """

    version: str
    rules: tuple[_Rule, ...]

    def check(self, text: str) -> list[Finding]:
        """Return every finding in ``text``, in order of position."""
        findings = [
            Finding(
                rule_id=rule.id,
                severity=rule.severity,
                span=match.span(),
                excerpt=match.group(0),
                reason=rule.reason,
                fix=rule.fix,
            )
            for rule in self.rules
            for match in rule.matches(text)
        ]
        return _drop_nested(sorted(findings, key=lambda f: (f.span[0], -f.span[1])))

    def mask_pii(self, text: str) -> str:
        """Return ``text`` with personal data replaced by placeholders like ``[email]``."""
        for rule in self.rules:
            if rule.mask:
                text = rule.pattern.sub(rule.masked, text)
        return text


@cache
def load_policy(path: Path = POLICY_FILE) -> TextPolicy:
    """Load and compile the policy file (cached per path)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    rules: list[_Rule] = []
    sections: tuple[tuple[Severity, str], ...] = (("block", "blocked"), ("warn", "warned"))
    for severity, key in sections:
        for rule in data.get(key, []):
            rules.append(
                _Rule(
                    rule["id"],
                    severity,
                    rule["reason"],
                    rule["fix"],
                    _words(rule["terms"], plurals=True),
                    allow=_words(rule["allow"]) if rule.get("allow") else None,
                )
            )
    for rule in data.get("pii", []):
        rules.append(
            _Rule(
                rule["id"],
                "rewrite",
                rule["reason"],
                f"Personal data is masked as {rule['mask']}.",
                re.compile(rule["pattern"]),
                mask=rule["mask"],
                luhn=bool(rule.get("luhn", False)),
            )
        )
    return TextPolicy(version=str(data["version"]), rules=tuple(rules))


def _words(terms: list[str], plurals: bool = False) -> re.Pattern[str]:
    """A pattern matching any of ``terms`` as whole words (and their plurals)."""
    alternatives = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
    plural = "(?:e?s)?" if plurals else ""
    return re.compile(rf"(?<![\w#])(?:{alternatives}){plural}(?!\w)", re.IGNORECASE)


def check_text(text: str) -> list[Finding]:
    """Check ``text`` against the default policy."""
    return load_policy().check(text)


def _drop_nested(findings: list[Finding]) -> list[Finding]:
    """Drop personal-data findings inside a longer one (a phone inside a card number)."""
    kept: list[Finding] = []
    for finding in findings:
        inside = any(
            k.severity == finding.severity == "rewrite"
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
