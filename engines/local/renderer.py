"""The local video engine: live images and storyboard videos, rendered on this machine."""

from __future__ import annotations

from collections.abc import Callable, Collection
from pathlib import Path
from typing import TYPE_CHECKING

from PIL import Image

from engines import AdLayers, RenderedVideo
from engines.local.motion.live import render_live_image
from engines.local.video.render import render_storyboard

if TYPE_CHECKING:
    from core.schemas import AnimateImageRequest, Storyboard

ProgressFn = Callable[[int, int, str], None]
CancelFn = Callable[[], bool]


class LocalVideoRenderer:
    """Renders storyboards (and live images) into MP4 files on this machine."""

    name = "local"

    def animate(
        self,
        layers: AdLayers,
        request: AnimateImageRequest,
        out_dir: Path,
        progress: ProgressFn,
        cancelled: CancelFn,
        seed: int = 0,
    ) -> RenderedVideo:
        """Render a seamless live-image loop of ``layers`` (see ``render_live_image``)."""
        return render_live_image(layers, request, out_dir, progress, cancelled, seed=seed)

    def render(
        self,
        storyboard: Storyboard,
        cutout: Image.Image,
        logo: Image.Image | None,
        out_dir: Path,
        progress: ProgressFn,
        cancelled: CancelFn,
        seed: int = 0,
        min_kbps: int | None = None,
        cropped: Collection[str] = (),
        label: str | None = None,
    ) -> RenderedVideo:
        """Render every shot of ``storyboard`` into ``out_dir/video.mp4`` (+ preview, poster).

        See :func:`~engines.local.video.render.render_storyboard` for the arguments.

        Raises:
            RenderCancelled: ``cancelled()`` returned True; no video file is left.
        """
        return render_storyboard(
            storyboard, cutout, logo, out_dir, progress, cancelled, seed=seed,
            min_kbps=min_kbps, cropped=cropped, label=label,
        )
