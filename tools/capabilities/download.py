"""Capability: pack a conversation's ads, live images and videos into one ZIP to download.

Three ways to call it (``DownloadImagesRequest``):

* no ids: everything of the conversation, as its "download all": every numbered ad still
  in the gallery (earlier versions too; not those taken out or deleted) as PNGs in number
  order, then the live images and videos as MP4s (not those of an ad taken out or
  deleted), oldest first; at most ``MAX_FILES`` files and ``MAX_BYTES`` bytes;
* no ids and ``latest``: the latest version of each ad only, PNGs;
* ids: exactly those images, live images or videos, in that order.

Every ZIP holds a ``manifest.csv``. :func:`pack_images` builds the ZIP and
:func:`thread_files` picks a thread's files; the API's ``GET /v1/threads/{id}/images.zip``
serves them through both directly (by default the latest version of each ad, as PNGs;
``?all=true`` the whole set), without storing an asset.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from core.errors import AssetNotFoundError, CapabilityError, InvalidImageError
from core.images import decode_image, encode_png
from core.schemas import DownloadImagesRequest, DownloadImagesResult
from core.spreadsheet import write_safe_row
from core.storage.assets import Asset, AssetStore
from tools.capabilities.lineage import (
    MOTION_KINDS,
    is_live_image,
    label_of,
    motion_of,
    shown_caption,
    theme_and_placement,
)
from tools.sdk import CapabilityContext, ThreadGallery, capability

KIND = "archive"
MIME = "application/zip"
VIDEO_MIME = "video/mp4"
MANIFEST = "manifest.csv"
MANIFEST_COLUMNS = ("file", "number", "asset_id", "caption", "theme", "placement", "width",
                    "height")
MAX_FILES = 100
"""Most files one ZIP of a whole conversation holds."""
MAX_BYTES = 400 * 1024 * 1024
"""Most bytes (as stored, 400 MB) one ZIP of a whole conversation holds."""
FEWER = ('Ask for fewer: a range of numbers ("download #1-#20"), or only the latest version '
         'of each ad ("zip the latest ones").')
"""How the advertiser asks for a smaller ZIP (the hint of the limit's error)."""


@dataclass
class Archive:
    """A packed ZIP: its bytes, the files inside in order, and what they are.

    Attributes:
        data: The ZIP's bytes.
        files: The file names inside, in order (the manifest not counted).
        numbers: The #numbers of the ads inside, in order.
        live_images: How many live images (MP4) it holds.
        videos: How many videos (MP4) it holds.
    """

    data: bytes = b""
    files: list[str] = field(default_factory=list)
    numbers: list[int] = field(default_factory=list)
    live_images: int = 0
    videos: int = 0


@capability(name="download_images", cost_usd=0.0, modes=("online",))
def download_images(req: DownloadImagesRequest, ctx: CapabilityContext) -> DownloadImagesResult:
    """Pack ad images (PNG), live images and videos (MP4) into one ZIP to download.

    Use it when the advertiser asks to download, export or save the images, or for a ZIP.
    Without asset ids it packs everything of this conversation: every numbered ad still in
    the gallery (earlier versions too), in number order, then its live images and videos
    as MP4s (at most 100 files and 400 MB); with ``latest`` (and no ids) only the latest
    version of each ad; with asset ids, exactly those, in that order. Ads are named by
    number and theme (ad-01-marble.png ...), live images by the ad they move
    (live-01-of-03.mp4), videos in order (video-01.mp4), next to a manifest.csv. The result
    says how many files and which #numbers. It costs nothing; the ZIP is shown for download.
    """
    if req.asset_ids is not None:
        ids = list(req.asset_ids)
    else:
        ids = _thread_ids(ctx, latest=req.latest)
        check_size(ctx.assets, ids, FEWER)
    numbers = ctx.gallery.numbers if ctx.gallery else {}
    archive = pack_images(ctx.assets, ctx.tenant, ids, numbers)
    result = DownloadImagesResult(
        asset_id="", count=len(archive.files), bytes=len(archive.data), files=archive.files,
        numbers=archive.numbers, live_images=archive.live_images, videos=archive.videos,
    )
    stored = ctx.assets.put(
        archive.data,
        kind=KIND,
        mime=MIME,
        parents=ids,
        capability="download_images",
        parameters={"files": archive.files},
        caption=f"ZIP of {result.contents()}",
        tenant=ctx.tenant,
    )
    return result.model_copy(update={"asset_id": stored.id})


def thread_files(store: AssetStore, gallery: ThreadGallery, *, latest: bool = False) -> list[str]:
    """What a download of a thread packs, in order (empty when it has nothing yet).

    Every numbered ad still in the gallery (not taken out, not deleted) by number, then
    the thread's live images and videos, but not those of an ad taken out or deleted;
    with ``latest``, the latest version of each ad only.
    """
    if latest:
        return list(gallery.current)
    ads = [
        asset_id for asset_id in sorted(gallery.numbers, key=gallery.numbers.__getitem__)
        if asset_id not in gallery.removed and _stored(store, asset_id)
    ]
    kept = set(ads)
    motion = [m for m in motion_of(gallery) if _of_kept_ad(store, m, gallery.numbers, kept)]
    return [*ads, *motion]


def check_size(store: AssetStore, asset_ids: Sequence[str], hint: str) -> None:
    """Refuse a ZIP of more than ``MAX_FILES`` files or ``MAX_BYTES`` bytes (as stored).

    Raises:
        CapabilityError: It is too large; ``hint`` says how to ask for less.
    """
    size = sum(store.get(asset_id).size for asset_id in asset_ids)
    if len(asset_ids) > MAX_FILES or size > MAX_BYTES:
        raise CapabilityError(
            f"That is {len(asset_ids)} files ({size / 1e6:.0f} MB), more than one ZIP holds "
            f"(at most {MAX_FILES} files and {MAX_BYTES // (1024 * 1024)} MB).",
            hint=hint,
        )


def _of_kept_ad(
    store: AssetStore, asset_id: str, numbers: Mapping[str, int], kept: set[str]
) -> bool:
    """Whether an MP4 stays in the ZIP: it moves no ad, or an ad still in the gallery."""
    try:
        parents = store.get(asset_id).parents
    except AssetNotFoundError:
        return False
    source = parents[0] if parents else None
    return source is None or source not in numbers or source in kept


def _thread_ids(ctx: CapabilityContext, *, latest: bool) -> list[str]:
    """What a download of the conversation packs (an error when it has nothing)."""
    if ctx.gallery is None:
        raise CapabilityError(
            "This call is not part of a conversation, so there are no images of it to pack.",
            hint="Give the asset ids of the images to download.",
        )
    ids = thread_files(ctx.assets, ctx.gallery, latest=latest)
    if not ids:
        raise CapabilityError(
            "There are no ad images in this conversation yet." if latest else
            "There are no ad images, live images or videos in this conversation yet.",
            hint="Make some ad images first, then download them.",
        )
    return ids


def _stored(store: AssetStore, asset_id: str) -> bool:
    """Whether the asset is still in the store (an ad deleted for good keeps its number)."""
    try:
        store.get(asset_id)
    except AssetNotFoundError:
        return False
    return True


def pack_images(
    store: AssetStore, tenant: str, asset_ids: Sequence[str], numbers: Mapping[str, int]
) -> Archive:
    """A ZIP of the tenant's images (as PNGs) and MP4s, with a manifest.csv.

    Each image is named ``ad-<number>-<theme>.png`` by its number in the thread
    (``numbers``), or by its position when not every image has one; a live image
    ``live-<n>-of-<number of its ad>.mp4``, a video ``video-<n>.mp4``.

    Raises:
        AssetNotFoundError: An id is not one of the tenant's assets.
        InvalidImageError: An asset is neither an image nor a live image or video.
    """
    assets = [store.get(asset_id, tenant) for asset_id in asset_ids]
    for asset in assets:
        if not asset.mime.startswith("image/") and not _is_motion(asset):
            raise InvalidImageError(
                f"{label_of(numbers, asset.id)} is a {asset.kind}, not an image or a video, so "
                "it cannot go in the ZIP.",
                hint="Name only images, live images and videos.",
            )
    images = [asset for asset in assets if asset.mime.startswith("image/")]
    numbered = all(asset.id in numbers for asset in images)
    buffer = io.BytesIO()
    rows: list[dict[str, object]] = []
    packed = Archive()
    with zipfile.ZipFile(buffer, "w") as archive:
        for asset in assets:
            name, data = _file(store, asset, numbers, numbered, images, packed)
            info = zipfile.ZipInfo(name, date_time=asset.created.timetuple()[:6])
            archive.writestr(info, data, compress_type=zipfile.ZIP_STORED)
            rows.append(_row(name, asset, numbers))
            packed.files.append(name)
        archive.writestr(MANIFEST, _manifest(rows), compress_type=zipfile.ZIP_DEFLATED)
    packed.data = buffer.getvalue()
    return packed


def _is_motion(asset: Asset) -> bool:
    """Whether the asset is a live image or a video (an MP4)."""
    return asset.mime == VIDEO_MIME and asset.kind in MOTION_KINDS


def _file(
    store: AssetStore, asset: Asset, numbers: Mapping[str, int], numbered: bool,
    images: list[Asset], packed: Archive,
) -> tuple[str, bytes]:
    """The file name and bytes of one asset in the ZIP; ``packed`` counts what it is."""
    if _is_motion(asset) and is_live_image(asset):
        packed.live_images += 1
        source = numbers.get(asset.parents[0]) if asset.parents else None
        of = f"-of-{source:02d}" if source else ""
        return f"live-{packed.live_images:02d}{of}.mp4", store.read(asset.id)
    if _is_motion(asset):
        packed.videos += 1
        return f"video-{packed.videos:02d}.mp4", store.read(asset.id)
    number = numbers[asset.id] if numbered else images.index(asset) + 1
    if asset.id in numbers:
        packed.numbers.append(numbers[asset.id])
    return ad_file_name(number, asset), _png(store, asset)


def ad_file_name(number: int, asset: Asset, *, unique: bool = False) -> str:
    """``ad-01-marble.png``: an ad's file name in a download (its number and scene).

    ``unique`` adds its asset id (``ad-01-marble-img_3f2a9c0d1e.png``), for a folder that
    later runs write to as well (``adstudio generate``): nothing is overwritten.
    """
    theme, _ = theme_and_placement(asset)
    return f"ad-{number:02d}-{_slug(theme)}{f'-{asset.id}' if unique else ''}.png"


def _row(name: str, asset: Asset, numbers: Mapping[str, int]) -> dict[str, object]:
    """The manifest's row of one file (an MP4 has no theme or placement of its own)."""
    theme, placement = ("", "") if _is_motion(asset) else theme_and_placement(asset)
    return {
        "file": name, "number": numbers.get(asset.id, ""), "asset_id": asset.id,
        "caption": shown_caption(asset, numbers), "theme": theme, "placement": placement,
        "width": asset.width or "", "height": asset.height or "",
    }


def _png(store: AssetStore, asset: Asset) -> bytes:
    """The image's bytes as a PNG (converted when it was stored in another format)."""
    data = store.read(asset.id)
    if asset.mime == "image/png":
        return data
    image, _ = decode_image(data, max_bytes=len(data), max_pixels=10**9)
    return encode_png(image)


def _slug(text: str) -> str:
    """``text`` as a file-name part: lower case, letters and digits joined by hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "image"


def _manifest(rows: list[dict[str, object]]) -> str:
    """The CSV of the files; cells a spreadsheet would run as formulas are neutralised."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=MANIFEST_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        write_safe_row(writer, row)
    return out.getvalue()
