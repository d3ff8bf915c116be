"""The workspace's ads: their captions, alt text, the actions on one ad, and the ZIP of all.

Pure helpers of the Chat tab's gallery (``ui.app`` lays it out). An action on an ad is sent
to the agent as a plain request that names the ad by its number ("Resize #2 to story"), so
the agent runs the same tool it would run for a typed message, and the chat keeps the
record of what was done.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from core.errors import AssetNotFoundError, CapabilityError
from core.markup import escape_markdown
from core.storage.assets import Asset, AssetStore
from tools.capabilities.download import FEWER, check_size, pack_images, thread_files
from tools.capabilities.lineage import ad_copy, shown_caption, theme_and_placement
from tools.sdk import ThreadGallery

ACTIONS: dict[str, str] = {
    "vary": "More like #{n}",
    "resize": "Resize #{n} to {placement}",
    "warmer": "Make #{n} warmer",
    "cooler": "Make #{n} cooler",
    "darker": "Make #{n} darker",
    "animate": "Animate #{n} as a live image",
    "video": "Make a video from #{n}",
    "delete": "Delete #{n}",
}
"""Each action on one ad as the request sent to the agent (``{n}``: the ad's number)."""
PLACEMENTS: tuple[tuple[str, str], ...] = (
    ("Story 9:16", "story"),
    ("Portrait 4:5", "portrait"),
    ("Square 1:1", "square"),
    ("Landscape 1.91:1", "landscape"),
    ("Widescreen 16:9", "widescreen"),
    ("Pin 2:3", "pin"),
    ("Banner 728x90", "728x90"),
    ("Medium rectangle 300x250", "300x250"),
)
"""The resize menu: what the advertiser reads, and the placement the request names."""
SELECT_FIRST = "Click an ad in the gallery first, then choose what to do with it."
BUSY = "I'm still working on your last request: wait for it to finish (or press Stop)."
ZIP_NAME = "adstudio-ads.zip"
_NUMBER = re.compile(r"^#(\d+)\b")


@dataclass(frozen=True)
class ShownAd:
    """One ad of the workspace gallery.

    Attributes:
        asset: The stored image.
        number: Its number in the thread (#n).
    """

    asset: Asset
    number: int


def action_request(action: str, number: int | None, placement: str = "story") -> str:
    """The request an action on ad ``number`` sends to the agent.

    Raises:
        ValueError: An unknown action or placement, or no ad chosen (an action never guesses
            which ad it is for).
    """
    if action not in ACTIONS:
        raise ValueError(f"Unknown action {action!r}; one of: {', '.join(ACTIONS)}.")
    if number is None or number < 1:
        raise ValueError(SELECT_FIRST)
    if placement not in {value for _, value in PLACEMENTS}:
        raise ValueError(f"Unknown placement {placement!r}.")
    return ACTIONS[action].format(n=number, placement=placement)


def theme_words(theme: str) -> str:
    """A theme id as words: 'hiking-trail' → 'Hiking trail'."""
    words = theme.replace("-", " ").replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def headline_of(asset: Asset) -> str:
    """The headline set on an ad ('' when it has none or is not one adstudio composed)."""
    return ad_copy(asset.parameters)[0]


def ad_caption(ad: ShownAd, numbers: Mapping[str, int], product: str = "") -> str:
    """An ad's caption and alt text: its number, placement, theme, size, and what it says.

    E.g. '#5 · story · Hiking trail · 1080x1920 · edit of #2: placement story · “Go
    further.” · Steel bottle'. The number comes first: a selection is read back from it
    (:func:`number_of_caption`). An image adstudio did not compose keeps its stored caption.
    """
    theme, placement = theme_and_placement(ad.asset)
    parts = [f"#{ad.number}"]
    if placement == "original":
        parts.append(shown_caption(ad.asset, numbers))
    else:
        parts += [placement, theme_words(theme)]
    if ad.asset.width and ad.asset.height:
        parts.append(f"{ad.asset.width}x{ad.asset.height}")
    parent = next((numbers[p] for p in ad.asset.parents if p in numbers), None)
    if parent is not None and parent != ad.number and placement != "original":
        parts.append(f"edit of #{parent}: {shown_caption(ad.asset, numbers)}")
    elif parent is not None and parent != ad.number:
        parts.insert(1, f"edit of #{parent}")
    headline = headline_of(ad.asset)
    if headline:
        parts.append(f"“{headline}”")
    if product.strip():
        parts.append(product.strip())
    return " · ".join(part for part in parts if part)


def number_of_caption(caption: str | None) -> int | None:
    """The ad number a gallery caption starts with ('#5 · story …' → 5), else None."""
    match = _NUMBER.match((caption or "").strip())
    return int(match[1]) if match else None


def newest_first(ads: Sequence[ShownAd]) -> list[ShownAd]:
    """The ads with the newest (highest number) first."""
    return sorted(ads, key=lambda ad: ad.number, reverse=True)


def ad_details(caption: str) -> str:
    """The details line under the gallery for the selected ad, its caption escaped.

    The caption holds the headline and the product's name: the advertiser's or the model's
    text, never Markdown.
    """
    number = number_of_caption(caption)
    if number is None:
        return SELECT_FIRST
    return f"Selected: {escape_markdown(caption)}"


def ad_file(store: AssetStore, ad: ShownAd, folder: Path | None = None) -> Path:
    """A copy of the ad's image named for a download: 'ad-02-hiking-trail.png'."""
    theme, _placement = theme_and_placement(ad.asset)
    suffix = {"image/jpeg": ".jpg", "image/webp": ".webp"}.get(ad.asset.mime, ".png")
    slug = "" if theme == "original" else f"-{re.sub(r'[^a-z0-9]+', '-', theme.lower())}"
    target = (folder or Path(tempfile.mkdtemp(prefix="adstudio-ad-"))) / (
        f"ad-{ad.number:02d}{slug.rstrip('-')}{suffix}"
    )
    target.write_bytes(store.read(ad.asset.id))
    return target


def zip_all(store: AssetStore, tenant: str, gallery: ThreadGallery, folder: Path | None = None
            ) -> Path:
    """Write a ZIP of every ad of the thread (and its live images and videos); return it.

    Raises:
        CapabilityError: The thread has nothing to pack yet, or more than one ZIP holds.
    """
    ids = thread_files(store, gallery)
    if not ids:
        raise CapabilityError("There are no ads to download yet.",
                              hint="Make some ads first, then download them.")
    check_size(store, ids, FEWER)
    try:
        archive = pack_images(store, tenant, ids, gallery.numbers)
    except AssetNotFoundError as exc:
        raise CapabilityError("An ad was deleted while packing; try again.") from exc
    target = (folder or Path(tempfile.mkdtemp(prefix="adstudio-zip-"))) / ZIP_NAME
    target.write_bytes(archive.data)
    return target
