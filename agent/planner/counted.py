"""A set of ads named by its size: "download all four", "alle vier", "les quatre".

With exactly that many ads on screen the words mean them all. With more, they mean the
latest set of that size when nothing else in the message points elsewhere; otherwise the
planner asks which ones (issue 19: "download all four" with 11 ads packed all 11).
"""

from __future__ import annotations

import re

_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8}

_COUNTED = re.compile(r"\b(?:all\s+(?:the\s+)?(two|three|four|five|six|seven|eight|[2-8])|"
                      r"(?:the|these|those)\s+(two|three|four|five|six|seven|eight))\b"
                      r"(?=\s*(?:$|[,.;!?]|please\b|pls\b|ads?\b|images?\b|ones\b|of them\b|"
                      r"as\b|in\s+(?:a|one)\b|for me\b|download\b|at once\b|together\b|"
                      r"and\s+(?!the\b|#|\d)))")
"""A set named by its size and nothing more ("all four", "the four, please"); never "the 2"
(#2), "the fourth", "four more" or "the two dark ones"."""


def counted_set(english: str) -> int | None:
    """The size of the set the message names by count ("all four": 4), or None."""
    found = _COUNTED.search(english)
    if found is None:
        return None
    word = found.group(1) or found.group(2)
    return _WORDS.get(word) or int(word)


def which_of(count: int, ads: list[int], latest_set: list[int],
             named: list[int]) -> list[int] | str | None:
    """The ads "all <count>" means, a question back, or None when it is every ad.

    Args:
        count: The size the message names.
        ads: Numbers of the ads on screen, each in its latest version.
        latest_set: Numbers of the latest generation (latest versions, none removed).
        named: Ad numbers the message names ("if #4 is dark, …").

    Returns:
        None when exactly ``count`` ads are on screen (every ad is meant), the numbers of the
        latest set when it has ``count`` ads and the message names none outside it, else the
        question which ones.
    """
    if len(ads) <= count:
        return None
    if len(latest_set) == count and set(named) <= set(latest_set):
        return latest_set
    listed = ", ".join(f"#{n}" for n in ads)
    latest = ", ".join(f"#{n}" for n in ads[-count:])
    return (f"There are {len(ads)} ads on screen ({listed}): which {count} should I pack? "
            f"For example the latest {count} ({latest}), or name them. Nothing is packed yet.")
