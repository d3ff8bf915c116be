"""Storyboard videos on this machine: every shot staged by the local engine, then animated.

Each shot's still layers are rendered once at full size (the scene with the grounded
product from :func:`~engines.local.ad.compose.compose_ad`, a high-resolution copy of
the product, text cards drawn with the ad typography); frames are then made by warping the
scene and the product with eased camera moves (``cv2.warpAffine``) and compositing the text
at whole-pixel offsets, so glyphs are never resampled. Where the camera rests at 1:1 the
product's pixels are exactly the resized product's. Frames are generated lazily and
streamed into :func:`~engines.local.encoding.encode.write_video`.

This module holds the timeline (cuts, transitions) and the renderer; the shots are built
in :mod:`~engines.local.video.shots` from stages (:mod:`~engines.local.video.stages`),
text cards (:mod:`~engines.local.video.cards`) and the end card
(:mod:`~engines.local.video.end_card`).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import cv2
import numpy as np
from PIL import Image

from core.errors import RenderCancelled
from engines import RenderedVideo
from engines.local.easing import ease
from engines.local.encoding.encode import write_video
from engines.local.video.label import Obstacle, Painter, left_out, place_pill
from engines.local.video.look import Look, make_look
from engines.local.video.shots import Clip, FloatBox, ShotBuilder

if TYPE_CHECKING:
    from core.schemas import Storyboard

ProgressFn = Callable[[int, int, str], None]
CancelFn = Callable[[], bool]

TRANSITION_SECONDS = 0.45


def build_clip(
    storyboard: Storyboard, index: int, cutout: Image.Image, logo: Image.Image | None = None,
    seed: int = 0, cropped: Collection[str] = (),
) -> Clip:
    """Build one shot on its own (to inspect its layers or draw single frames).

    Args:
        storyboard: The storyboard.
        index: 0-based shot index.
        cutout: The product with transparency.
        logo: The brand logo for the end card, if any.
        seed: Scene randomness.
        cropped: The sides the photo's frame cuts the product at (see :func:`frames`).

    Returns:
        The shot's clip, exactly as the video draws it.
    """
    builder = ShotBuilder(storyboard, cutout, logo, make_look(storyboard, seed), cropped)
    builder.features = sum(s.kind == "feature" for s in storyboard.shots[:index])
    lead = timeline(storyboard)[index].overlap / storyboard.fps
    return builder.build(storyboard.shots[index], lead)


# --------------------------------------------------------------------------- timeline


@dataclass(frozen=True)
class Span:
    """Where a shot lies on the video's frame timeline.

    Attributes:
        start: First frame of the shot proper (its cut point).
        end: One past its last frame (the next shot's cut point).
        overlap: Frames before ``start`` during which it enters over the previous shot.
    """

    start: int
    end: int
    overlap: int


def timeline(storyboard: Storyboard) -> list[Span]:
    """Frame spans of the shots; they add up to ``round(seconds × fps)`` frames exactly."""
    fps = storyboard.fps
    cuts, total = [0], 0.0
    for shot in storyboard.shots:
        total += shot.seconds
        cuts.append(round(total * fps))
    spans = []
    for i, shot in enumerate(storyboard.shots):
        overlap = 0
        if i > 0 and shot.transition != "cut":
            overlap = min(
                round(TRANSITION_SECONDS * fps),
                (cuts[i] - cuts[i - 1]) // 2,
                (cuts[i + 1] - cuts[i]) // 2,
            )
        spans.append(Span(cuts[i], cuts[i + 1], overlap))
    return spans


MATCH_PIXELS = 2.0
"""Product boxes whose edges lie this close (pixels) across a transition are one framing.

A crossfade between two framings shows the product twice: even a 15 px offset (boxes
overlapping by IoU 0.95) reads as a double edge and a doubled logo on a 720p frame.
"""


def _shift(a: FloatBox | None, b: FloatBox | None) -> float:
    """The largest distance between the two boxes' matching edges (inf without a box)."""
    if a is None or b is None:
        return float("inf")
    return max(abs(p - q) for p, q in zip(a, b, strict=True))


def transition_kind(
    out: Clip, into: Clip, start: float, overlap: int, fps: int, asked: str,
    held: bool = False,
) -> str:
    """How ``into`` enters over ``out``: never showing the product twice at two framings.

    A crossfade (or a slide, which would show two products side by side) is kept as a
    crossfade only when the product stands at the same scale and place in both shots
    throughout the overlap (:data:`MATCH_PIXELS`); otherwise the picture dips to a dark
    colour and back (``dip``), so one product leaves before the other arrives; a held
    product (the photo cut it) cuts instead at the overlap's middle, so that it never
    leaves the frame's edge.

    Args:
        out: The outgoing clip.
        into: The incoming clip.
        start: Seconds into ``out``'s clip at which the transition starts.
        overlap: Frames of the transition.
        fps: Frames per second.
        asked: The storyboard's transition (``crossfade``, ``slide``).
        held: Whether the photo cut the product (it runs off the frame's sides).

    Returns:
        ``crossfade``, ``dip`` or ``cut``.
    """
    if asked not in ("crossfade", "slide"):
        return asked
    for k in (0, overlap - 1):
        if _shift(out.product_box(start + k / fps), into.product_box(k / fps)) > MATCH_PIXELS:
            return "cut" if held else "dip"
    return "crossfade"


def dip_color(look: Look) -> np.ndarray:
    """The dark colour a dip passes through: the brand accent at a fifth of its light."""
    return np.array([round(c * 0.2) for c in look.accent], dtype=np.uint8)


def blend(
    a: np.ndarray, b: np.ndarray, p: float, kind: str, color: np.ndarray | None = None
) -> np.ndarray:
    """The transition frame from ``a`` to ``b`` at progress ``p`` (0..1, eased here).

    ``dip``: ``a`` fades to ``color`` over the first half and ``b`` fades in from it over
    the second, so the two never show at once; ``cut``: ``a`` then ``b``.
    """
    if kind == "cut":
        return a if p < 0.5 else b
    if kind == "dip":
        tone = np.empty_like(a)
        tone[:] = color if color is not None else 0
        if p < 0.5:
            return cv2.addWeighted(a, 1.0 - ease(2 * p), tone, ease(2 * p), 0.0)
        return cv2.addWeighted(tone, 1.0 - ease(2 * p - 1), b, ease(2 * p - 1), 0.0)
    e = ease(p)
    if kind == "slide":
        w = a.shape[1]
        x = round(w * e)
        return np.concatenate([a[:, x:], b[:, : x]], axis=1) if 0 < x < w else (b if x else a)
    return cv2.addWeighted(a, 1.0 - e, b, e, 0.0)


PRODUCT_SAMPLES = 9
"""Moments of each shot (evenly spread, eased time) at which the product's box is taken."""


def clip_obstacles(clip: Clip) -> list[Obstacle]:
    """What of a clip the label keeps clear of, in any of its frames.

    Its text cards, button and logo where they rest and where they start sliding up from,
    and the product at :data:`PRODUCT_SAMPLES` moments of the camera's move.
    """
    out = []
    for layer in clip.overlays:
        x0, y0, x1, y1 = layer.box
        out += [Obstacle((x0, y0 + dy, x1, y1 + dy), layer.alpha) for dy in {0, layer.rise}]
    if clip.where is not None:
        for k in range(PRODUCT_SAMPLES):
            box = clip.where(k / (PRODUCT_SAMPLES - 1))
            if box is not None:
                out.append(Obstacle(box, clip.mask))
    return out


def label_painter(
    storyboard: Storyboard, builder: ShotBuilder, label: str | None
) -> tuple[Painter | None, list[str]]:
    """Where the video's AI label goes, clear of every shot's text, logo and product.

    Each shot is built once to read its layout (the stages are kept for the render), then
    let go; the feature count the builder keeps is restored after.

    Returns:
        The painter of the label (None: no label) and the note when it found no place.
    """
    if not label:
        return None, []
    look = builder.look
    spans = timeline(storyboard)
    taken: list[Obstacle] = []
    for shot, span in zip(storyboard.shots, spans, strict=True):
        taken += clip_obstacles(builder.build(shot, span.overlap / storyboard.fps))
    builder.features = 0
    pill = place_pill(label, (look.width, look.height), look.safe, taken, look.font)
    if pill is None:
        return None, [left_out(label)]
    return Painter(pill), []


def frames(
    storyboard: Storyboard,
    cutout: Image.Image,
    logo: Image.Image | None = None,
    seed: int = 0,
    cancelled: CancelFn | None = None,
    on_shot: Callable[[int], None] | None = None,
    cropped: Collection[str] = (),
    label: str | None = None,
    notes: list[str] | None = None,
) -> Iterator[np.ndarray]:
    """Generate the video's frames one by one (at most two shots are held at a time).

    Args:
        storyboard: The shots to render.
        cutout: The product with transparency.
        logo: The brand logo for the end card, if any.
        seed: Scene randomness.
        cancelled: Checked before each shot is built; True raises ``RenderCancelled``.
        on_shot: Told the index of the shot being drawn (for progress messages).
        cropped: The sides the photo's frame cuts the product at (a held product): every
            shot shows it entering from the same sides of the frame, never on a floor.
        label: The visible AI disclosure ("AI-generated"), drawn on every frame at one
            place (None: none).
        notes: Told why the label was left out, if it was.

    Yields:
        ``round(seconds × fps)`` RGB uint8 frames.
    """
    look = make_look(storyboard, seed)
    builder = ShotBuilder(storyboard, cutout, logo, look, cropped)
    painter, missing = label_painter(storyboard, builder, label)
    if notes is not None:
        notes += missing
    spans = timeline(storyboard)
    clips: dict[int, Clip] = {}
    kinds: dict[int, str] = {}
    dark = dip_color(look)
    fps = storyboard.fps

    def clip(i: int) -> Clip:
        if i not in clips:
            if cancelled is not None and cancelled():
                raise RenderCancelled(
                    "The render was cancelled; nothing was saved.",
                    hint="Ask again when you want it.",
                )
            clips[i] = builder.build(storyboard.shots[i], spans[i].overlap / fps)
        return clips[i]

    for i, span in enumerate(spans):
        for old in [k for k in clips if k < i]:
            del clips[old]
        if on_shot is not None:
            on_shot(i)
        nxt = spans[i + 1] if i + 1 < len(spans) else None
        for f in range(span.start, span.end):
            frame = clip(i).frame((f - span.start + span.overlap) / fps)
            if nxt is not None and nxt.overlap and f >= nxt.start - nxt.overlap:
                k = f - (nxt.start - nxt.overlap)
                incoming = clip(i + 1).frame(k / fps)
                if i + 1 not in kinds:
                    begin = (nxt.start - nxt.overlap - span.start + span.overlap) / fps
                    kinds[i + 1] = transition_kind(
                        clip(i), clip(i + 1), begin, nxt.overlap, fps,
                        storyboard.shots[i + 1].transition, held=bool(cropped),
                    )
                frame = blend(frame, incoming, (k + 0.5) / nxt.overlap, kinds[i + 1], dark)
            yield frame if painter is None else painter.apply(frame)


def render_storyboard(
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

    Args:
        storyboard: The shots, size and frame rate.
        cutout: The product with transparency.
        logo: The brand logo for the end card, if any.
        out_dir: Directory of the output files.
        progress: Called with (frames done, total, message).
        cancelled: Checked before every frame and every shot.
        seed: Scene randomness.
        min_kbps: The placement's least video bitrate: encode at a constant bitrate
            above it (None: constant quality, the smallest file that looks right).
        cropped: The sides the photo's frame cuts the product at (see :func:`frames`).
        label: The visible AI disclosure to draw on every frame (see :func:`frames`).

    Returns:
        The written files; ``seconds`` equals ``storyboard.seconds``; ``notes`` say when
        the label found no place.

    Raises:
        RenderCancelled: ``cancelled()`` returned True; no video file is left.
    """
    total = round(storyboard.seconds * storyboard.fps)
    shots = storyboard.shots
    current = [0]

    def on_shot(i: int) -> None:
        current[0] = i

    def report(done: int, count: int, message: str) -> None:
        i = current[0]
        progress(done, count, f"shot {i + 1} of {len(shots)} ({shots[i].kind}): {message}")

    first = timeline(storyboard)[0]
    notes: list[str] = []
    rendered = write_video(
        frames(storyboard, cutout, logo, seed, cancelled, on_shot, cropped, label, notes),
        total=total, fps=storyboard.fps, out_dir=out_dir, stem="video",
        progress=report, cancelled=cancelled,
        poster_index=first.start + round((first.end - first.start) * 0.7),
        min_kbps=min_kbps,
    )
    return replace(rendered, notes=tuple(notes)) if notes else rendered
