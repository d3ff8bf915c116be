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
    "product_photo": "your photo", "product_cutout": "the cut-out product",
    "background_removed": "the transparent PNG", "storyboard": "the storyboard",
    "live_image": "the live image", "video": "the video", "video_ad": "the video",
    "archive": "the ZIP", "comparison": "the comparison",
}


def in_words(text: str, numbers: dict[str, int], store: AssetStore) -> str:
    """``text`` with each asset id in it named as a person would: "#3", "your photo".

    Tool summaries name assets by id for the model; people see the ad's number, or what
    the asset is ("the storyboard", "the video"), never an id.
    """
    def named(match: re.Match[str]) -> str:
        asset_id = match.group()
        if asset_id in numbers:
            return f"#{numbers[asset_id]}"
        try:
            kind = store.get(asset_id).kind
        except AssetNotFoundError:
            return "an image"
        return _KIND_WORDS.get(kind, "an image")

    return ASSET_ID.sub(named, text)
