"""The animated WebP preview and the PNG poster of a video, written while it encodes.

The frame producer hands every frame to :class:`PreviewWriter`; a thread of its own shrinks
the frames the preview keeps (12 a second, at most 480 px), encodes them into an animated
WebP as they come (libwebp through PyAV, so nothing waits for the last frame) and saves the
poster. Both files are written under temporary names and renamed when complete.
"""

from __future__ import annotations

import queue
import threading
from fractions import Fraction
from pathlib import Path
from types import TracebackType

import av
import cv2
import numpy as np
from PIL import Image

PREVIEW_SIDE = 480
PREVIEW_FPS = 12
PREVIEW_QUALITY = 70
PREVIEW_EFFORT = 2
"""libwebp's compression effort (0 fastest .. 6 smallest)."""
_BACKLOG = 8
"""Frames that may wait for the preview thread before the producer is held back."""

_Item = tuple[str, np.ndarray | None]


def shrink(frame: np.ndarray, side: int = PREVIEW_SIDE) -> np.ndarray:
    """``frame`` scaled so its longer side is at most ``side``, both sides even.

    Halves by pixel averaging while the frame is at least twice too big, then finishes
    bilinearly: within 0.5 dB of a full area resample at an eighth of its cost.
    """
    height, width = frame.shape[:2]
    scale = min(1.0, side / max(width, height))
    size = (max(2, round(width * scale) // 2 * 2), max(2, round(height * scale) // 2 * 2))
    if size == (width, height):
        return frame
    while frame.shape[1] >= 2 * size[0] and frame.shape[0] >= 2 * size[1]:
        half = (frame.shape[1] // 2, frame.shape[0] // 2)
        frame = cv2.resize(frame, half, interpolation=cv2.INTER_AREA)
    return cv2.resize(frame, size, interpolation=cv2.INTER_LINEAR)


class PreviewWriter:
    """Writes ``<stem>.webp`` and ``<stem>.png`` from frames handed over one by one.

    Use as a context manager around the render; an exception leaving the block removes the
    partial files::

        with PreviewWriter(out_dir, "clip", fps=24, total=144, poster_index=40) as preview:
            for index, frame in enumerate(frames):
                preview.add(index, frame)
            webp, png = preview.finish()

    Args:
        out_dir: Directory of the files (must exist).
        stem: File name without extension.
        fps: Frames per second of the video.
        total: How many frames the video has.
        poster_index: Which frame becomes the poster.
    """

    def __init__(self, out_dir: Path, stem: str, fps: int, total: int, poster_index: int) -> None:
        self.step = max(1, round(fps / PREVIEW_FPS))
        self.rate = Fraction(fps, self.step)
        self.poster_index = min(max(poster_index, 0), max(total - 1, 0))
        self.webp = out_dir / f"{stem}.webp"
        self.png = out_dir / f"{stem}.png"
        self._parts = [p.with_name(f".{p.name}.part") for p in (self.webp, self.png)]
        self._queue: queue.Queue[_Item] = queue.Queue(_BACKLOG)
        self._failed: BaseException | None = None
        self._frames = 0
        self._thread = threading.Thread(target=self._run, name="preview", daemon=True)

    def __enter__(self) -> PreviewWriter:
        self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if error is not None or self._thread.is_alive():
            self.abort()

    def add(self, index: int, frame: np.ndarray) -> None:
        """Hand over frame ``index`` (kept by reference: do not change it afterwards)."""
        if self._failed is not None:
            return
        if index == self.poster_index:
            self._queue.put(("poster", frame))
        if index % self.step == 0:
            self._queue.put(("frame", frame))

    def finish(self) -> tuple[Path | None, Path | None]:
        """Wait for the files; return (WebP, PNG), each None when no frame was handed over.

        Raises:
            Exception: Whatever stopped the preview thread (the partial files are removed).
        """
        self._queue.put(("done", None))
        self._thread.join()
        if self._failed is not None:
            self._remove_parts()
            raise self._failed
        webp, png = (self._publish(part, final)
                     for part, final in zip(self._parts, (self.webp, self.png), strict=True))
        return webp, png

    def abort(self) -> None:
        """Stop the thread and remove the partial files."""
        if self._thread.is_alive():
            self._queue.put(("abort", None))
            self._thread.join()
        self._remove_parts()

    @staticmethod
    def _publish(part: Path, final: Path) -> Path | None:
        """Rename a written part to its final name (None when it was never written)."""
        if not part.exists():
            return None
        part.replace(final)
        return final

    def _remove_parts(self) -> None:
        for part in self._parts:
            part.unlink(missing_ok=True)

    def _run(self) -> None:
        container: av.container.OutputContainer | None = None
        stream: av.video.stream.VideoStream | None = None
        try:
            while True:
                kind, frame = self._queue.get()
                if kind == "abort":
                    return
                if kind == "done":
                    if stream is not None and container is not None:
                        for packet in stream.encode():
                            container.mux(packet)
                    return
                assert frame is not None
                if kind == "poster":
                    self._save_poster(frame)
                    continue
                small = shrink(frame)
                if container is None:
                    container, stream = self._open(small)
                assert stream is not None
                yuv = np.asarray(cv2.cvtColor(np.ascontiguousarray(small), cv2.COLOR_RGB2YUV_I420),
                                 dtype=np.uint8)
                picture = av.VideoFrame.from_ndarray(yuv, format="yuv420p")
                picture.pts = self._frames
                self._frames += 1
                for packet in stream.encode(picture):
                    container.mux(packet)
        except BaseException as exc:  # noqa: BLE001 - raised again by finish()
            self._failed = exc
            self._drain()
        finally:
            if container is not None:
                container.close()

    def _open(
        self, first: np.ndarray
    ) -> tuple[av.container.OutputContainer, av.video.stream.VideoStream]:
        """Open the looping animated WebP, sized like ``first``."""
        container = av.open(str(self._parts[0]), mode="w", format="webp",
                            options={"loop": "0"})
        stream = container.add_stream(
            "libwebp_anim", rate=self.rate,
            options={"quality": str(PREVIEW_QUALITY),
                     "compression_level": str(PREVIEW_EFFORT)},
        )
        stream.width, stream.height = first.shape[1], first.shape[0]
        stream.pix_fmt = "yuv420p"
        stream.codec_context.time_base = 1 / self.rate
        return container, stream

    def _save_poster(self, frame: np.ndarray) -> None:
        """The full-size poster; PNG level 1 is lossless and three times faster than 6."""
        Image.fromarray(frame, "RGB").save(
            self._parts[1], format="PNG", optimize=False, compress_level=1
        )

    def _drain(self) -> None:
        """Take what the producer still hands over, so it is never held back by a dead thread."""
        while True:
            try:
                kind, _ = self._queue.get(timeout=0.1)
            except queue.Empty:
                continue
            if kind in ("done", "abort"):
                return
