"""Ad copy is plain text: markup and control characters in it, found and taken out.

A headline, subline, button or card text is set on an image and sent to clients as text.
HTML (``<img onerror>``, ``<script>``, ``<b>``), Markdown images and links, control
characters and invisible direction marks have no place in it: they would show as code on
the ad, or run in a page that renders the copy.
"""

from __future__ import annotations

import re

from core.findings import Finding

_ELEMENT = re.compile(r"<(script|style)\b[^>]*>.*?(?:</\1\s*>|$)", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<!--.*?(?:-->|$)|</?[A-Za-z][^<>]*(?:>|$)|<[!?][^<>]*(?:>|$)", re.DOTALL)
_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_CONTROL = re.compile(
    # the zero-width joiner (U+200D) is left alone: emoji sequences ("👩‍💻") are made with it
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u200c\u200e\u200f\u2028\u2029\u202a-\u202e"
    r"\u2060-\u2064"
    r"\u2066-\u2069\ufeff]"
)
_EXCERPT_CHARS = 40

MARKUP_RULE = "copy.markup"
CONTROL_RULE = "copy.control"
FORMULA_RULE = "copy.formula"
MESSAGE_MARKUP_RULE = "input.markup"
_FORMULA = re.compile(r"^\s*(?:=|[+\-@]\s*[A-Za-z_][\w.]*\s*\()")
"""Copy a spreadsheet would run: ``=HYPERLINK(...)``, ``@SUM(...)``, ``+cmd(...)``. "-20% off",
"+50% more" and "@home" are words."""


def _without_markup(text: str) -> str:
    text = _ELEMENT.sub(" ", text)
    text = _MD_IMAGE.sub(" ", text)
    text = _MD_LINK.sub(r"\1", text)
    return _TAG.sub(" ", text)


_SPACES = re.compile(r"[ \t]{2,}")
_SURROGATE = re.compile("[\ud800-\udfff]")


def well_formed(text: str) -> str:
    r"""``text`` as valid Unicode: each lone UTF-16 surrogate becomes U+FFFD.

    JSON allows ``"\ud800"`` on its own, and Python keeps it in a ``str``, but no UTF-8
    encoder, tokenizer or database accepts it. A surrogate pair written as two escapes is
    joined into its character.
    """
    if not _SURROGATE.search(text):
        return text
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")



def strip_markup(text: str) -> str:
    """``text`` without markup or control characters; its lines kept (product text)."""
    lines = _CONTROL.sub("", _without_markup(text)).splitlines()
    return "\n".join(_SPACES.sub(" ", line).strip() for line in lines).strip()


def plain_copy(text: str) -> str:
    """``text`` without markup or control characters, its spaces collapsed."""
    return " ".join(_CONTROL.sub("", _without_markup(text)).split())


def _first_markup(text: str) -> re.Match[str] | None:
    found = [m for m in (p.search(text) for p in (_ELEMENT, _MD_IMAGE, _MD_LINK, _TAG)) if m]
    return min(found, key=lambda m: m.start()) if found else None


def has_markup(text: str) -> bool:
    """Whether ``text`` holds HTML or Markdown markup (what :func:`strip_markup` takes out)."""
    return _first_markup(text) is not None


def copy_findings(text: str) -> list[Finding]:
    """Findings on ad copy: one for markup, one for control characters (each at its first).

    Each blocks the copy as it is and suggests the plain text (:func:`plain_copy`). Copy
    that looks like a spreadsheet formula gets a warning: it is drawn on the ad as written,
    harmless there, but odd, and a sheet that takes the copy in would run it.
    """
    findings: list[Finding] = []
    suggestion = plain_copy(text)
    markup = _first_markup(text)
    if markup is not None:
        findings.append(Finding(
            rule_id=MARKUP_RULE, severity="block", span=markup.span(),
            excerpt=markup.group()[:_EXCERPT_CHARS],
            reason="ad copy is plain text, and this is HTML or Markdown markup: it would show "
            "as code on the ad, or run in a page that shows the copy",
            fix=f"Use the words only: '{suggestion}'." if suggestion else "Write the copy "
            "as plain words.",
            suggestion=suggestion,
        ))
    formula = _FORMULA.match(text)
    if formula is not None:
        findings.append(_formula_finding(text))
    control = _CONTROL.search(text)
    if control is not None:
        findings.append(Finding(
            rule_id=CONTROL_RULE, severity="block", span=control.span(),
            excerpt=repr(control.group())[1:-1],
            reason="ad copy is plain text, and this is a control or invisible character",
            fix=f"Use the text without it: '{suggestion}'.",
            suggestion=suggestion,
        ))
    return findings


def _formula_finding(text: str) -> Finding:
    """A warning on copy that starts like a spreadsheet formula (``=HYPERLINK(...)``)."""
    excerpt = text.strip()[:_EXCERPT_CHARS]
    return Finding(
        rule_id=FORMULA_RULE, severity="warn", span=(0, len(text)), excerpt=excerpt,
        reason="this looks like a spreadsheet formula, not ad copy: it is drawn on the ad as "
        "written, and a spreadsheet that takes the copy in would run it",
        fix="Check it is the words you mean; write the copy as plain words.",
    )


def message_findings(text: str) -> list[Finding]:
    """A warning when a chat message holds markup: it is taken out, and the user is told.

    Product names and ad copy are plain text, so HTML or Markdown in a message ("Headline:
    <script>…", "CTA: <b>Buy</b>", "<img onerror> Mug") never reaches an ad as written; the
    warning says so, so that nothing asked for is dropped without a word.
    """
    markup = _first_markup(text)
    if markup is None:
        return []
    return [Finding(
        rule_id=MESSAGE_MARKUP_RULE, severity="warn", span=markup.span(),
        excerpt=markup.group()[:_EXCERPT_CHARS],
        reason="your message has HTML or Markdown markup: product names and ad copy are "
        "plain text, so the markup is taken out and a headline or button written as code "
        "is not used",
        fix="Write any headline or button you want as plain words.",
        suggestion=plain_copy(markup.group()),
    )]
