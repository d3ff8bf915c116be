"""One numbering of a thread's ad images (#1, #2, ...), shared by the UI, CLI and prompts."""

from __future__ import annotations

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
