"""Word wrapping and headline shortening for ad text (never cutting inside a word)."""

from __future__ import annotations

import re

from PIL import ImageFont


def wrap(text: str, face: ImageFont.FreeTypeFont, width: float, max_lines: int) -> list[str] | None:
    """Greedy word wrap; None when the text needs more than ``max_lines`` or a word is too wide."""
    lines: list[str] = []
    for word in text.split():
        if face.getlength(word) > width:
            return None
        if lines and face.getlength(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
            if len(lines) > max_lines:
                return None
    return lines


def balanced_wrap(text: str, face: ImageFont.FreeTypeFont, width: float, lines: int) -> list[str]:
    """The narrowest wrap with the same number of lines (avoids a lone last word)."""
    lo, hi = width * 0.45, width
    best = wrap(text, face, width, lines) or [text]
    for _ in range(8):
        mid = (lo + hi) / 2
        attempt = wrap(text, face, mid, lines)
        if attempt is not None and len(attempt) == len(best):
            best, hi = attempt, mid
        else:
            lo = mid
    return best


_STOP_WORDS = frozenset(
    "a an and & at by for from in into of on or our the to with your you -".split()
)
_CLAUSE_END = re.compile(r"[,;:.!?–—]$")


def clean_end(words: list[str]) -> str:
    """Join words, dropping dangling connectors and trailing clause punctuation."""
    out = list(words)
    while len(out) > 1 and out[-1].lower().strip(",;:–—") in _STOP_WORDS:
        out.pop()
    return " ".join(out).rstrip(",;:–—- ")


def shorten(text: str, max_chars: int) -> str:
    """Shorten a headline to at most ``max_chars`` characters at a word boundary.

    A cut at the end of a sentence is preferred when it keeps a third of the allowance, at
    the end of a clause (comma, colon, dash...) when it keeps at least half. Dangling
    connectors ("for", "and"...) are dropped. Words are never cut; when even the first word
    is too long the result is empty.

    Args:
        text: The headline.
        max_chars: The limit.

    Returns:
        ``text`` itself when it fits, else its shortened form (possibly empty).
    """
    text = " ".join(text.split())
    if len(text) <= max_chars:
        return text
    words = text.split()
    best_clause, best_word = "", ""
    for n in range(1, len(words)):
        candidate = " ".join(words[:n])
        if len(candidate) > max_chars:
            break
        cleaned = clean_end(words[:n])
        sentence = words[n - 1][-1:] in ".!?"  # a whole sentence reads better than a cut one
        share = 3 if sentence else 2
        if _CLAUSE_END.search(words[n - 1]) and len(cleaned) >= max_chars / share:
            best_clause = cleaned
        best_word = cleaned
    return best_clause or best_word
