"""A poster still for a video that came without one: its first frame, as a PNG.

The local engine stores a poster beside every video it renders; a remote video model's clip
arrives as an MP4 alone, and the chat showed an empty box until it played. The chat makes
its poster from the first frame the first time it shows the video, and stores it as the
renderer would: a ``video_poster`` asset made from the MP4.
"""

from __future__ import annotations

import io
import logging
from pathlib import Path

import av
from PIL import Image

from core.errors import AssetNotFoundError
from core.storage.assets import Asset, AssetStore

log = logging.getLogger(__name__)
POSTER_KIND = "video_poster"


def first_frame(path: Path) -> Image.Image | None:
    """The first picture of the video at ``path`` (None: no video stream, or unreadable)."""
    try:
        with av.open(str(path)) as container:
            if not container.streams.video:
                return None
            for frame in container.decode(video=0):
                return frame.to_image()
    except (av.FFmpegError, OSError, ValueError):
        log.warning("no first frame in %s", path.name)
    return None


def png_of(image: Image.Image) -> bytes:
    """``image`` encoded as a PNG."""
    out = io.BytesIO()
    image.convert("RGB").save(out, format="PNG")
    return out.getvalue()


def made_poster(store: AssetStore, video: Asset) -> Asset | None:
    """Store the first frame of ``video`` as its poster (None when it has no frame)."""
    try:
        image = first_frame(store.path(video.id))
    except AssetNotFoundError:
        return None
    if image is None:
        return None
    return store.put(png_of(image), kind=POSTER_KIND, mime="image/png", width=image.width,
                     height=image.height, parents=[video.id], capability="video_poster",
                     caption=f"Poster: {video.caption}".strip(), tenant=video.tenant)
