"""One numbering of a thread's ad images (#1, #2, ...), shared by the UI, CLI and prompts."""

from __future__ import annotations

import re
from collections.abc import Iterable

from core.errors import AssetNotFoundError
from core.storage.assets import Asset, AssetStore
from tools.capabilities.lineage import shown_caption


def number_ads(asset_ids: Iterable[str], store: AssetStore) -> dict[str, int]:
    """Number the ad images among ``asset_ids`` (a thread's assets, oldest first)."""
    numbers: dict[str, int] = {}
    for asset_id in asset_ids:
        try:
            kind = store.get(asset_id).kind
        except AssetNotFoundError:
            kind = "ad_image"  # a deleted ad keeps its number, so later numbers do not shift
        if kind == "ad_image":
            numbers.setdefault(asset_id, len(numbers) + 1)
    return numbers


def ad_label(asset: Asset, numbers: dict[str, int]) -> str:
    """What to show under an ad image: '#5 · edit of #2 · warmer'.

    The caption never adds a number of its own or an internal id (:func:`shown_caption`).
    """
    number = numbers.get(asset.id)
    parents = asset.parents if asset.kind == "ad_image" else []  # a live image edits nothing
    parent = next((numbers[p] for p in parents if p in numbers), None)
    parts = [f"#{number}" if number else "", f"edit of #{parent}" if parent else "",
             shown_caption(asset, numbers)]
    return " · ".join(part for part in parts if part)


ASSET_ID = re.compile(r"\b(?:img|vid|ast)_[0-9a-f]{10}\b")
"""An asset id as the store makes them (:meth:`core.storage.assets.AssetStore.put`)."""
_KIND_WORDS = {
    "product_photo": "your photo", "logo": "your logo", "product_cutout": "the cut-out product",
    "background_removed": "the transparent PNG", "storyboard": "the storyboard",
    "live_image": "the live image", "video": "the video", "video_ad": "the video",
    "archive": "the ZIP", "comparison": "the comparison",
}


def name_asset(asset_id: str, numbers: dict[str, int], store: AssetStore | None = None,
               default: str = "an image") -> str:
    """An asset as a person names it: "#3" for an ad, else what it is ("the storyboard").

    Args:
        asset_id: The asset's id.
        numbers: The thread's ad numbers by asset id.
        store: Where to look up what an unnumbered asset is (None: ``default``).
        default: What to say when neither tells.
    """
    if asset_id in numbers:
        return f"#{numbers[asset_id]}"
    if store is None:
        return default
    try:
        kind = store.get(asset_id).kind
    except AssetNotFoundError:
        return default
    return _KIND_WORDS.get(kind, default)


_NAMED_ID = re.compile(rf"(?P<before>\b[A-Za-z]+(?: [A-Za-z]+)? )?(?P<id>{ASSET_ID.pattern})")
"""An asset id with the one or two words before it ("storyboard ast_…", "live image vid_…")."""


_ARTICLES = frozenset({"the", "a", "an", "your", "this", "that"})
"""Words that already introduce a name that carries its own ("the storyboard", "your photo")."""


def in_words(text: str, numbers: dict[str, int], store: AssetStore | None = None) -> str:
    """``text`` with each asset id in it named as a person would (:func:`name_asset`).

    Tool summaries name assets by id for the model; people see the ad's number, or what
    the asset is ("the storyboard", "the video"), never an id. A summary that already says
    what the asset is ("storyboard ast_…", "live image vid_…") does not say it twice: it
    reads "the storyboard", never "storyboard the storyboard".
    """

    def named(match: re.Match[str]) -> str:
        before = match.group("before") or ""
        name = name_asset(match.group("id"), numbers, store)
        noun = name.removeprefix("the ").removeprefix("your ")
        words = before.split()
        for n in (2, 1):
            if len(words) >= n and " ".join(words[-n:]).lower() == noun.lower():
                words = words[:-n]
                break
        if noun != name and words and words[-1].lower() in _ARTICLES:
            words = words[:-1]  # "the video vid_…" reads "the video", not "the the video"
        return " ".join([*words, name])

    return _NAMED_ID.sub(named, text)
