"""Actions on a selection of ads: a new headline, compare, a ZIP of the picks, every placement.

Pure helpers of the workspace (``ui.app`` wires them). Like the actions on one ad
(:func:`ui.workspace.action_request`), each becomes a plain request naming the ads by their
numbers ("Compare #2 and #5"), sent to the agent: it runs the same tool a typed message
runs, the policy checks a typed headline as any copy, and the chat keeps the record.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from core.errors import CapabilityError
from core.markup import escape_markdown
from core.placements import resolve_placement
from tools.capabilities.lineage import theme_and_placement
from ui.workspace import PLACEMENTS, SELECT_FIRST, ShownAd, headline_of, theme_words

MAX_HEADLINE = 120
"""The longest headline the field sends (a headline is a few words, not a paragraph)."""
TYPE_HEADLINE = "Type the new headline in the box first, then press Apply."
LONG_HEADLINE = f"A headline is at most {MAX_HEADLINE} characters: shorten it, then press Apply."
PICK_TWO = "Pick 2 to 4 ads to compare (in “Pick ads”), then press Compare."
PICK_SOME = "Pick the ads to download (in “Pick ads”), then press Download picked."
QUOTED_HEADLINE = ("A headline with a quoted word in it can't be applied from here yet: leave "
                   "the quotation marks out (an apostrophe, as in “don't”, is fine).")
MAX_COMPARED = 4
_QUOTED = re.compile(r"[\"“”„«»‹›‘]|(?:^|(?<=\s))['’]")
"""A quotation mark, or a single one opening a word ('hi'): the request quotes the headline,
and the agent's planner reads a quote inside it as the end of the headline (an apostrophe
inside a word, "don't", "it’s", is read right)."""
_SPACE = re.compile(r"\s+")


def clean_headline(text: str | None) -> str:
    """A typed headline on one line.

    Raises:
        ValueError: Nothing typed, longer than :data:`MAX_HEADLINE`, or with a quotation
            mark in it (:data:`QUOTED_HEADLINE`).
    """
    headline = _SPACE.sub(" ", text or "").strip()
    if not headline:
        raise ValueError(TYPE_HEADLINE)
    if len(headline) > MAX_HEADLINE:
        raise ValueError(LONG_HEADLINE)
    if _QUOTED.search(headline):
        raise ValueError(QUOTED_HEADLINE)
    return headline


def headline_request(number: int | None, text: str | None) -> str:
    """The request that changes ad ``number``'s headline to ``text`` (a new version of it).

    Raises:
        ValueError: No ad selected, or no usable headline (:func:`clean_headline`).
    """
    if number is None or number < 1:
        raise ValueError(SELECT_FIRST)
    return f"Change the headline of #{number} to “{clean_headline(text)}”"


def numbers_list(numbers: Sequence[int]) -> str:
    """Ad numbers as words: '#2', '#2 and #5', '#2, #3 and #5'."""
    named = [f"#{n}" for n in numbers]
    return named[0] if len(named) == 1 else f"{', '.join(named[:-1])} and {named[-1]}"


def picked(values: Iterable[int | str] | None) -> list[int]:
    """The picked ad numbers, each once, in ascending order (a stale or bad value dropped)."""
    numbers = {int(v) for v in values or () if str(v).isdigit() and int(v) > 0}
    return sorted(numbers)


def compare_request(values: Iterable[int | str] | None) -> str:
    """The request that puts the picked ads side by side ('Compare #2 and #5').

    Raises:
        ValueError: Fewer than 2 or more than 4 ads picked (one picture holds 2 to 4).
    """
    numbers = picked(values)
    if not 2 <= len(numbers) <= MAX_COMPARED:
        raise ValueError(PICK_TWO)
    return f"Compare {numbers_list(numbers)}"


def zip_request(values: Iterable[int | str] | None) -> str:
    """The request that packs the picked ads into one ZIP ('Download #2, #3 and #5').

    Raises:
        ValueError: No ad picked.
    """
    numbers = picked(values)
    if not numbers:
        raise ValueError(PICK_SOME)
    return f"Download {numbers_list(numbers)}"


def other_placements(current: str) -> list[str]:
    """Every placement the resize menu offers except ``current`` (the ad has that one).

    ``current`` is the ad's placement id ('leaderboard' is the menu's '728x90').
    """
    return [value for _, value in PLACEMENTS if _placement_id(value) != _placement_id(current)]


def _placement_id(name: str) -> str:
    """A placement's id in the catalog ('728x90' → 'leaderboard'); the name when unknown."""
    try:
        return resolve_placement(name).id
    except CapabilityError:
        return name


def every_placement_request(number: int | None, current: str) -> str:
    """The request that resizes ad ``number`` to every other placement, in one go.

    E.g. 'Resize #2 to story, portrait, landscape, … and 300x250' for a square #2.

    Raises:
        ValueError: No ad selected.
    """
    if number is None or number < 1:
        raise ValueError(SELECT_FIRST)
    return f"Resize #{number} to {_words(other_placements(current))}"


def _words(items: Sequence[str]) -> str:
    """'a, b and c'."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def pick_label(ad: ShownAd) -> str:
    """How an ad reads in the pick list: '#5 · story · Hiking trail'."""
    theme, placement = theme_and_placement(ad.asset)
    if placement == "original":
        return f"#{ad.number} · uploaded image"
    return f"#{ad.number} · {placement} · {theme_words(theme)}"


def pick_choices(ads: Iterable[ShownAd]) -> list[tuple[str, int]]:
    """The pick list: each ad's label and number, the newest first."""
    return [(pick_label(ad), ad.number) for ad in sorted(ads, key=lambda a: -a.number)]


def compare_table(ads: Sequence[ShownAd]) -> str:
    """The compared ads as a Markdown table: one column each (number, placement, theme, headline).

    The headline is the advertiser's or the model's text: escaped, never Markdown.
    """
    if len(ads) < 2:
        return ""
    rows = [["Ad", *(f"**#{ad.number}**" for ad in ads)]]
    shown = [theme_and_placement(ad.asset) for ad in ads]
    rows.append(["Placement", *(placement for _, placement in shown)])
    rows.append(["Theme", *(theme_words(theme) for theme, _ in shown)])
    rows.append(["Size", *(f"{ad.asset.width}x{ad.asset.height}" if ad.asset.width else "–"
                           for ad in ads)])
    rows.append(["Headline", *(_cell(headline_of(ad.asset)) for ad in ads)])
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * len(rows[0])]
    lines += ["| " + " | ".join(row) + " |" for row in rows[1:]]
    return "\n".join(lines)


def _cell(text: str) -> str:
    """A headline in a table cell: escaped (its pipes too), '–' for none."""
    return escape_markdown(text) if text else "–"
