"""Capability: pack ad images into one ZIP of PNGs (with a small manifest) to download.

:func:`pack_images` builds the ZIP; the API's ``GET /v1/threads/{id}/images.zip`` serves a
thread's ads through it directly, without storing an asset.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from core.errors import CapabilityError, InvalidImageError
from core.images import decode_image, encode_png
from core.schemas import DownloadImagesRequest, DownloadImagesResult
from core.spreadsheet import write_safe_row
from core.storage.assets import Asset, AssetStore
from tools.capabilities.lineage import theme_and_placement
from tools.sdk import CapabilityContext, capability

KIND = "archive"
MIME = "application/zip"
MANIFEST = "manifest.csv"
MANIFEST_COLUMNS = ("file", "number", "asset_id", "caption", "theme", "placement", "width",
                    "height")


@dataclass(frozen=True)
class Archive:
    """A packed ZIP: its bytes and the image files inside, in order."""

    data: bytes
    files: list[str]


@capability(name="download_images", cost_usd=0.0, modes=("online",))
def download_images(req: DownloadImagesRequest, ctx: CapabilityContext) -> DownloadImagesResult:
    """Pack ad images into one ZIP file of PNGs for the advertiser to download.

    Use it when the advertiser asks to download, export or save the images, or for a ZIP.
    Without asset ids it packs every ad image of this conversation, the latest version of
    each; with asset ids, exactly those, in that order. Files are named by number and theme
    (ad-01-marble.png ...) next to a manifest.csv. It costs nothing; the ZIP is shown for
    download.
    """
    ids = list(req.asset_ids) if req.asset_ids is not None else _thread_ads(ctx)
    numbers = ctx.gallery.numbers if ctx.gallery else {}
    archive = pack_images(ctx.assets, ctx.tenant, ids, numbers)
    stored = ctx.assets.put(
        archive.data,
        kind=KIND,
        mime=MIME,
        parents=ids,
        capability="download_images",
        parameters={"files": archive.files},
        caption=f"ZIP of {len(ids)} image{'s' if len(ids) != 1 else ''}",
        tenant=ctx.tenant,
    )
    return DownloadImagesResult(
        asset_id=stored.id, count=len(ids), bytes=len(archive.data), files=archive.files
    )


def _thread_ads(ctx: CapabilityContext) -> list[str]:
    """The ads of the conversation, latest version of each (an error when there are none)."""
    if ctx.gallery is None:
        raise CapabilityError(
            "This call is not part of a conversation, so there are no images of it to pack.",
            hint="Give the asset ids of the images to download.",
        )
    if not ctx.gallery.current:
        raise CapabilityError(
            "There are no ad images in this conversation yet.",
            hint="Make some ad images first, then download them.",
        )
    return list(ctx.gallery.current)


def pack_images(
    store: AssetStore, tenant: str, asset_ids: Sequence[str], numbers: Mapping[str, int]
) -> Archive:
    """A ZIP of the tenant's images, as PNGs, with a manifest.csv.

    Each file is named ``ad-<number>-<theme>.png`` by the image's number in the thread
    (``numbers``), or by its position when not every image has one.

    Raises:
        AssetNotFoundError: An id is not one of the tenant's assets.
        InvalidImageError: An asset is not an image.
    """
    assets = [store.get(asset_id, tenant) for asset_id in asset_ids]
    for asset in assets:
        if not asset.mime.startswith("image/"):
            raise InvalidImageError(
                f"Asset {asset.id} is a {asset.kind}, not an image, so it cannot go in the ZIP.",
                hint="Name only images.",
            )
    numbered = all(asset.id in numbers for asset in assets)
    buffer = io.BytesIO()
    rows: list[dict[str, object]] = []
    with zipfile.ZipFile(buffer, "w") as archive:
        for position, asset in enumerate(assets, 1):
            number = numbers[asset.id] if numbered else position
            theme, placement = theme_and_placement(asset)
            name = f"ad-{number:02d}-{_slug(theme)}.png"
            info = zipfile.ZipInfo(name, date_time=asset.created.timetuple()[:6])
            archive.writestr(info, _png(store, asset), compress_type=zipfile.ZIP_STORED)
            rows.append({
                "file": name, "number": numbers.get(asset.id, ""), "asset_id": asset.id,
                "caption": asset.caption, "theme": theme, "placement": placement,
                "width": asset.width or "", "height": asset.height or "",
            })
        archive.writestr(MANIFEST, _manifest(rows), compress_type=zipfile.ZIP_DEFLATED)
    return Archive(buffer.getvalue(), [str(row["file"]) for row in rows])


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
