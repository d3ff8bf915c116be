"""The workspace's groups of ads: each round (the ads one request made) and each line of edits.

Gradio's gallery has no groups, so the workspace offers them as a "Show" menu above one
gallery: "All ads · 13", "Round 3 · 8 ads · edits of #2", "Round 1 · 4 ads · Summer,
Hiking trail …", "#2 and its 9 edits". Newest group first, every label in plain words; the
menu is a listbox a keyboard reaches, and choosing a group only filters the gallery.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from langchain_core.messages import BaseMessage, HumanMessage, ToolMessage

from core.storage.assets import Asset
from tools.capabilities.lineage import previous_version, theme_and_placement
from ui.workspace import number_of_caption, theme_words

ALL = "all"
"""The menu's value for every ad (the default)."""
MAX_THEMES = 3


@dataclass(frozen=True)
class Group:
    """One entry of the "Show" menu.

    Attributes:
        key: Its value in the menu ('all', 'round:3', 'line:2'): stable while labels change.
        label: What the advertiser reads.
        numbers: The ads it shows, by number.
    """

    key: str
    label: str
    numbers: frozenset[int]


def rounds(messages: Sequence[BaseMessage], numbers: Mapping[str, int]) -> list[list[int]]:
    """The ad numbers each request made, in order; a request that made no ad is left out.

    An ad belongs to the request whose tool result showed it first (an undo that shows it
    again does not move it).
    """
    made: list[list[int]] = []
    current: list[int] = []
    seen: set[int] = set()
    for message in messages:
        if isinstance(message, HumanMessage):
            if current:
                made.append(current)
            current = []
        elif isinstance(message, ToolMessage) and message.status != "error":
            for number in _shown(message, numbers):
                if number not in seen:
                    seen.add(number)
                    current.append(number)
    if current:
        made.append(current)
    return made


def _shown(message: ToolMessage, numbers: Mapping[str, int]) -> list[int]:
    """The numbered ads a tool result shows."""
    artifact = message.artifact if isinstance(message.artifact, dict) else {}
    images = [*artifact.get("images", []), artifact.get("image")]
    ids = [str(i["asset_id"]) for i in images if isinstance(i, dict) and "asset_id" in i]
    return [numbers[i] for i in ids if i in numbers]


def round_label(index: int, ads: Sequence[tuple[Asset, int]], numbers: Mapping[str, int]
                ) -> str:
    """'Round 2 · 4 ads · Summer, Hiking trail', or '· edits of #2' when all come from #2."""
    count = f"{len(ads)} ad" if len(ads) == 1 else f"{len(ads)} ads"
    sources = {numbers.get(previous_version(asset) or "") for asset, _ in ads}
    if len(sources) == 1 and None not in sources:
        what = f"{'edit' if len(ads) == 1 else 'edits'} of #{sources.pop()}"
    else:
        what = _themes(asset for asset, _ in ads)
    return " · ".join(part for part in (f"Round {index}", count, what) if part)


def _themes(assets: Iterable[Asset]) -> str:
    """The themes of some ads in words, each once: 'Summer, Hiking trail +2 more'."""
    themes = list(dict.fromkeys(
        "uploaded image" if theme == "original" else theme_words(theme)
        for theme, _placement in (theme_and_placement(asset) for asset in assets)
    ))
    more = f" +{len(themes) - MAX_THEMES} more" if len(themes) > MAX_THEMES else ""
    return ", ".join(themes[:MAX_THEMES]) + more


def lines_of_edits(ads: Sequence[tuple[Asset, int]], numbers: Mapping[str, int]
                   ) -> dict[int, list[int]]:
    """Each shown ad that has edits shown, with them: {original's number: [its edits]}.

    An edit of an edit belongs to the first ad of its line.
    """
    by_id = {asset.id: asset for asset, _ in ads}
    lines: dict[int, list[int]] = {}
    for asset, number in ads:
        root = _root(asset, by_id)
        if root is not asset and root.id in numbers:
            lines.setdefault(numbers[root.id], []).append(number)
    return lines


def _root(asset: Asset, by_id: Mapping[str, Asset]) -> Asset:
    """The first shown version of ``asset``'s line of edits."""
    seen = {asset.id}
    parent = previous_version(asset)
    while parent is not None and parent in by_id and parent not in seen:
        seen.add(parent)
        asset = by_id[parent]
        parent = previous_version(asset)
    return asset


def groups(messages: Sequence[BaseMessage], ads: Sequence[tuple[Asset, int]],
           numbers: Mapping[str, int]) -> list[Group]:
    """The "Show" menu: all ads, then each round, then each line of edits, newest first.

    ``ads`` are the ads the workspace shows (with their numbers); ``numbers`` every ad's
    number in the thread. A round or line with no ad shown any more is left out.
    """
    shown = {number: asset for asset, number in ads}
    count = f"{len(shown)} ad" if len(shown) == 1 else f"{len(shown)} ads"
    menu = [Group(ALL, f"All ads · {count}", frozenset(shown))]
    made = [[n for n in numbers_made if n in shown] for numbers_made in rounds(messages, numbers)]
    made = [numbers_made for numbers_made in made if numbers_made]
    if len(made) > 1:
        for index in range(len(made), 0, -1):
            chosen = [(shown[n], n) for n in made[index - 1]]
            menu.append(Group(f"round:{index}", round_label(index, chosen, numbers),
                              frozenset(made[index - 1])))
    lines = lines_of_edits(ads, numbers)
    for root in sorted(lines, key=lambda r: -max(lines[r])):
        edits = lines[root]
        word = "edit" if len(edits) == 1 else "edits"
        menu.append(Group(f"line:{root}", f"#{root} and its {len(edits)} {word}",
                          frozenset([root, *edits])))
    return menu


def chosen(menu: Sequence[Group], key: str | None) -> Group:
    """The group of ``key`` in the menu (all ads when it is gone, e.g. its ads deleted)."""
    return next((group for group in menu if group.key == key), menu[0])


def shown_numbers(items: Iterable[Any] | None) -> frozenset[int]:
    """The ad numbers a gallery's value shows, read from its captions.

    Gradio gives the value as (image, caption) pairs, or as dicts with a caption.
    """
    numbers = set()
    for item in items or ():
        caption = item.get("caption") if isinstance(item, dict) else (
            item[1] if isinstance(item, (tuple, list)) and len(item) > 1 else None)
        number = number_of_caption(str(caption) if caption is not None else None)
        if number is not None:
            numbers.add(number)
    return frozenset(numbers)
