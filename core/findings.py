"""The one finding type every check returns: text policy, image policy, injection, guardrail."""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import BaseModel

Severity = Literal["block", "warn", "rewrite"]
SEVERITIES: tuple[Severity, ...] = get_args(Severity)


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
        suggestion: A compliant alternative to ``excerpt`` ("a bottle customers love" for
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
