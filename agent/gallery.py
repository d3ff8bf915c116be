"""A thread's gallery: its numbered ads, the current version of each, and those taken out.

Read from the thread's tool results in order: an image a result shows (a new ad, an edit,
the image an undo went back to) becomes the current version of its line of edits; an image
``delete_images`` took out leaves the gallery until a result shows it again. The gallery
also lists the thread's live images and videos (``ThreadGallery.motion``), so a download
of everything holds them too.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from langchain_core.messages import BaseMessage, ToolMessage

from agent.numbering import number_ads
from core.errors import AssetNotFoundError
from core.storage.assets import Asset, AssetStore
from core.storage.jobs import VideoJobStore
from tools.capabilities.lineage import MOTION_KINDS, previous_version
from tools.sdk import ThreadGallery

DELETE_TOOL = "delete_images"
Step = tuple[str, str]
"""("show" | "remove", asset id)."""


def thread_gallery(
    messages: Sequence[BaseMessage],
    asset_ids: Iterable[str],
    store: AssetStore,
    videos: Iterable[str] = (),
) -> ThreadGallery:
    """The gallery of a thread from its messages and its asset ids (oldest first).

    ``videos`` are the MP4s a remote model delivered to the thread later (they are not
    among its asset ids).
    """
    asset_ids = list(asset_ids)
    numbers = number_ads(asset_ids, store)
    assets = _existing(numbers, store)
    first = [("show", asset_id) for asset_id in numbers]  # every ad was shown when made
    removed: set[str] = set()
    latest: dict[str, str] = {}  # line of edits (its original) -> the version shown last
    shown: list[str] = []
    for action, asset_id in [*first, *_steps(messages)]:
        if asset_id not in numbers:
            continue
        if action == "remove":
            removed.add(asset_id)
            continue
        removed.discard(asset_id)
        shown.append(asset_id)
    for asset_id in shown:
        if asset_id in assets and asset_id not in removed:
            latest[_original(asset_id, assets)] = asset_id
    current = sorted(set(latest.values()), key=numbers.__getitem__)
    return ThreadGallery(numbers=numbers, current=tuple(current), removed=frozenset(removed),
                        motion=_motion([*asset_ids, *videos], store))


def state_gallery(state: Any, store: AssetStore, videos: Iterable[str] = ()) -> ThreadGallery:
    """The gallery of a graph state (the ``State`` dataclass or its dict form)."""
    if isinstance(state, dict):
        return thread_gallery(state.get("messages", []), state.get("assets", []), store, videos)
    return thread_gallery(getattr(state, "messages", []), getattr(state, "assets", []), store,
                          videos)


def job_videos(jobs: VideoJobStore | None, thread: str, tenant: str) -> list[str]:
    """The MP4s remote video jobs delivered to a thread, oldest first."""
    if jobs is None or not thread:
        return []
    return [j.asset_id for j in jobs.for_thread(thread, tenant)
            if j.status == "completed" and j.asset_id]


def _motion(asset_ids: Iterable[str], store: AssetStore) -> tuple[str, ...]:
    """The live images and videos among ``asset_ids`` still in the store, each once.

    Oldest first by when they were made (a remote job's video is listed after the thread's
    own assets, though it may be older than some of them).
    """
    found: list[Asset] = []
    for asset_id in dict.fromkeys(asset_ids):
        try:
            asset = store.get(asset_id)
        except AssetNotFoundError:
            continue
        if asset.kind in MOTION_KINDS:
            found.append(asset)
    return tuple(asset.id for asset in sorted(found, key=lambda asset: asset.created))


def _existing(numbers: dict[str, int], store: AssetStore) -> dict[str, Asset]:
    """The numbered ads still in the store (an ad deleted for good keeps only its number)."""
    found = {}
    for asset_id in numbers:
        try:
            found[asset_id] = store.get(asset_id)
        except AssetNotFoundError:
            continue
    return found


def _original(asset_id: str, assets: dict[str, Asset]) -> str:
    """The first version of ``asset_id``'s line of edits within the thread."""
    seen = {asset_id}
    while asset_id in assets:
        parent = previous_version(assets[asset_id])
        if parent is None or parent not in assets or parent in seen:
            break
        seen.add(parent)
        asset_id = parent
    return asset_id


def _steps(messages: Sequence[BaseMessage]) -> Iterator[Step]:
    """What the thread's successful tool results showed and took out, in order."""
    for message in messages:
        if not isinstance(message, ToolMessage) or message.status == "error":
            continue
        artifact = message.artifact if isinstance(message.artifact, dict) else {}
        if message.name == DELETE_TOOL:
            yield from (("remove", str(i)) for i in artifact.get("removed", []))
            continue
        images = [*artifact.get("images", []), artifact.get("image")]
        yield from (
            ("show", str(i["asset_id"])) for i in images if isinstance(i, dict) and "asset_id" in i
        )
