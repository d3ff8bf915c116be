"""The animated WebP preview and the PNG poster of a video, written while it encodes.

The frame producer hands every frame to :class:`PreviewWriter`; a thread of its own shrinks
the frames the preview keeps (about 12 a second, at most 480 px), encodes them into an
animated WebP as they come (libwebp through PyAV, so nothing waits for the last frame) and
saves the poster. Both files are written under temporary names and renamed when complete;
a failure stops the render at the next frame handed over.
"""

from __future__ import annotations

import contextlib
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
_POLL_SECONDS = 0.05

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
        fps: Frames per second of the video; the preview keeps every ``round(fps / 12)``th
            frame.
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
        self._stop = threading.Event()
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
        """Hand over frame ``index`` (kept by reference: do not change it afterwards).

        Raises:
            Exception: Whatever stopped the preview thread, so the render stops too.
        """
        if index == self.poster_index:
            self._put(("poster", frame))
        if index % self.step == 0:
            self._put(("frame", frame))

    def finish(self) -> tuple[Path | None, Path | None]:
        """Wait for the files; return (WebP, PNG), each None when no frame was handed over.

        Raises:
            Exception: Whatever stopped the preview thread (no file is left behind).
        """
        self._put(("done", None))
        self._thread.join()
        if self._failed is not None:
            raise self._failed
        published: list[Path] = []
        try:
            for part, final in zip(self._parts, (self.webp, self.png), strict=True):
                if part.exists():
                    part.replace(final)
                    published.append(final)
        except BaseException:
            for path in published:
                path.unlink(missing_ok=True)
            raise
        finally:
            self._remove_parts()
        return (self.webp if self.webp in published else None,
                self.png if self.png in published else None)

    def abort(self) -> None:
        """Stop the thread (it drops what is still queued) and remove the partial files."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()
        self._remove_parts()

    def _put(self, item: _Item) -> None:
        """Queue ``item`` for the thread; raise what stopped it, if anything did."""
        while True:
            if self._failed is not None:
                raise self._failed
            if self._stop.is_set() or not self._thread.is_alive():
                return
            try:
                self._queue.put(item, timeout=_POLL_SECONDS)
                return
            except queue.Full:
                continue

    def _next(self) -> _Item:
        """The next queued item; ``abort`` once :meth:`abort` was called."""
        while not self._stop.is_set():
            try:
                return self._queue.get(timeout=_POLL_SECONDS)
            except queue.Empty:
                continue
        return ("abort", None)

    def _remove_parts(self) -> None:
        for part in self._parts:
            part.unlink(missing_ok=True)

    def _run(self) -> None:
        webp = _Animation(self._parts[0], self.rate)
        try:
            while True:
                kind, frame = self._next()
                if kind == "abort":
                    return
                if kind == "done":
                    webp.close()
                    return
                assert frame is not None
                if kind == "poster":
                    self._save_poster(frame)
                else:
                    webp.add(shrink(frame))
        except BaseException as exc:  # noqa: BLE001 - raised again by add() and finish()
            self._failed = exc
            self._remove_parts()
        finally:
            webp.discard()

    def _save_poster(self, frame: np.ndarray) -> None:
        """The full-size poster; PNG level 1 is lossless and three times faster than 6."""
        Image.fromarray(frame, "RGB").save(
            self._parts[1], format="PNG", optimize=False, compress_level=1
        )


class _Animation:
    """A looping animated WebP written frame by frame (opened at the first frame)."""

    def __init__(self, path: Path, rate: Fraction) -> None:
        self.path = path
        self.rate = rate
        self._container: av.container.OutputContainer | None = None
        self._stream: av.video.stream.VideoStream | None = None
        self._count = 0

    def add(self, frame: np.ndarray) -> None:
        """Encode one RGB frame (even-sized, like every frame before it)."""
        if self._container is None:
            self._open(frame.shape[1], frame.shape[0])
        assert self._container is not None and self._stream is not None
        yuv = np.asarray(cv2.cvtColor(np.ascontiguousarray(frame), cv2.COLOR_RGB2YUV_I420),
                         dtype=np.uint8)
        picture = av.VideoFrame.from_ndarray(yuv, format="yuv420p")
        picture.pts = self._count
        self._count += 1
        for packet in self._stream.encode(picture):
            self._container.mux(packet)

    def close(self) -> None:
        """Flush the encoder and finish the file (errors are raised, not lost)."""
        container, self._container = self._container, None
        if container is None or self._stream is None:
            return
        try:
            for packet in self._stream.encode():
                container.mux(packet)
        finally:
            container.close()

    def discard(self) -> None:
        """Close the file if it is still open (after an error or an abort)."""
        container, self._container = self._container, None
        if container is not None:
            with contextlib.suppress(Exception):
                container.close()

    def _open(self, width: int, height: int) -> None:
        container = av.open(str(self.path), mode="w", format="webp", options={"loop": "0"})
        try:
            stream = container.add_stream(
                "libwebp_anim", rate=self.rate,
                options={"quality": str(PREVIEW_QUALITY),
                         "compression_level": str(PREVIEW_EFFORT)},
            )
            stream.width, stream.height = width, height
            stream.pix_fmt = "yuv420p"
            stream.codec_context.time_base = 1 / self.rate
        except BaseException:
            container.close()
            raise
        self._container, self._stream = container, stream
