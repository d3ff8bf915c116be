"""Splitting a message into its requests: "make #2 warmer and give me 2 more" is two.

A message is cut at sentence ends, and at "and", "also", "plus", "then" or a comma when what
follows starts a new request (an action word or a count). A piece that asks for nothing on
its own ("first and third:") stays with its neighbour.
"""

from __future__ import annotations

import re

from agent.planner.language import protect, restore

_ACTIONS = (
    r"make|give|generate|create|add|put|change|remove|delete|use|do|animate|turn|move|swap|"
    r"shorten|translate|show|zip|download|compare|try|write|render|resize|set|drop|replace|"
    r"apply|save|send|export|undo|revert|go back|crop|bring|can you|could you|would you|"
    r"i want|i need|we need|we want|let's|lets|also|maybe|then"
)
_COUNT = (r"(?:\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|twelve|a few|a couple|"
          r"a dozen)\s+more\b")
_REFERENCE = (
    r"(?:the\s+)?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|last|\d(?:st|nd|rd|th))"
    r"(?:\s+one)?\b|#\s*\d|(?:image|ad|number|pic)\s+\d|the\s+[a-z-]+\s+one\b"
    r"|the\s+one\s+(?:with|on|in|from)\b"
)
_CUT = re.compile(
    r"(?:[.!?;]+\s+|\n+"
    rf"|\s*,?\s+(?:and|also|plus|then|and then|and also)\s+(?=(?:{_ACTIONS}|{_COUNT})\b)"
    rf"|\s+\+\s+|\s*,\s+(?=(?:{_ACTIONS})\b))",
)
_CUT_AT_REFERENCE = re.compile(
    rf"\s*,?\s+(?:and|plus|but)\s+(?=(?:{_REFERENCE}))(?!\S+\s*(?:[:,]|and\b))"
    rf"|\s*,\s+(?={_REFERENCE})"
)
_ASKS = re.compile(rf"\b(?:{_ACTIONS}|{_COUNT}|more|another|need|needs|want|bigger|smaller|"
                   r"warmer|cooler|brighter|darker|plainer|premium|pop|shorter|longer|"
                   r"vertical|square|story|banner|logo|headline|button|background|font|"
                   r"video|storyboard|carousel|yes|no|thanks|hello|help|pinterest|pin|tiktok|"
                   r"linkedin|youtube|instagram|insta|facebook|reels?|portrait|landscape|"
                   r"widescreen|print|theme|marble|beach|studio|upscale|animate|live)\b")


_ENDS_WITH_REFERENCE = re.compile(
    r"(?:#\s*\d{1,3}|\b(?:first|second|third|fourth|fifth|sixth|seventh|eighth|one|\d{1,2}))\s*$"
)


def _rejoin_lists(pieces: list[str]) -> list[str]:
    """"make #2, #4 warmer" is one request: a piece ending on a reference joins the next."""
    joined: list[str] = []
    carry = ""
    for piece in pieces:
        piece = f"{carry}, {piece}" if carry else piece
        carry = piece if _ENDS_WITH_REFERENCE.search(piece) else ""
        if not carry:
            joined.append(piece)
    if carry:
        joined.append(carry)
    return joined


def split_requests(text: str) -> list[str]:
    """The requests in ``text`` (in the planner's English), in order; at least one."""
    protected, quoted = protect(text)
    pieces: list[str] = []
    for part in _CUT.split(protected):
        # "make #2, #4 warmer" stays one request; "#1 cooler, #2 brighter" is two.
        subparts = [p for p in _CUT_AT_REFERENCE.split(part) if p and p.strip(" ,")]
        pieces += [restore(p, quoted).strip(" ,") for p in _rejoin_lists(subparts)]
    merged: list[str] = []
    for piece in pieces:
        if merged and not _ASKS.search(piece):
            merged[-1] = f"{merged[-1]} {piece}"
        elif not merged or _ASKS.search(merged[-1]):
            merged.append(piece)
        else:
            merged[-1] = f"{merged[-1]} {piece}"
    return merged or [text]
