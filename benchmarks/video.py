"""Does the local engine's video keep the product whole? (``python -m benchmarks.video``).

For each sample photo in ``tests/data/photos`` a 12 s storyboard is written from a brief
(as the agent writes it) and rendered through the local engine, and a live image is made
from the photo's first ad. The product is found in the frames without asking the camera
code where it put it: every video is rendered twice, once with the product painted pure
magenta and once pure green (same alpha), and the red channel's difference between the two
renders is the product's coverage in each pixel (1 where only the product shows, a fraction
where it is blended with anything else). Per video:

- **whole**: the share of frames, outside transitions and outside shots declared as
  close-ups (their description says "close-up"), whose product is all in the frame: its
  coverage touches no edge of the frame the photo did not cut it at, and some of it shows;
  **all**: the same over every shot;
- **double**: the share of transition frames that show the product twice (:func:`ghosted`:
  two coverage levels over large areas, or two separate products; a crossfade between
  matching framings keeps the coverage whole, a dip shows one product at a time);
- **scenes**: how many different scene themes the storyboard's product shots use;
- **kbps**: the encoded video's bitrate (the real render, not the key-coloured one);
- **live motion**: for the live image, the 95th percentile of the per-pixel change between
  the loop's frame 0 and its furthest frame, seen at thumbnail size (320 px wide), in
  levels of 255.
"""

from __future__ import annotations

import tempfile
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

from core.schemas import AnimateImageRequest, Storyboard, WriteStoryboardRequest
from engines.local.ad.compose import compose_layers
from engines.local.ad.recipe import Recipe
from engines.local.cutout import cut_out
from engines.local.encoding.encode import probe
from engines.local.motion.live import LiveLoop
from engines.local.renderer import LocalVideoRenderer
from engines.local.video.look import make_look
from engines.local.video.render import frames, timeline
from engines.local.video.shots import ShotBuilder
from engines.local.video.storyboard import write_storyboard
from tests.paths import PHOTOS

EDGE = 2
"""Pixels along each frame edge in which any product coverage means it is cut off."""
SOLID = 0.5
"""Coverage counted as the product."""
GHOST_SHARE = 0.1
"""Share of the product's pixels a coverage level must hold to count as one framing."""
THUMB = 320
"""Thumbnail width the live image's motion is measured at."""
CASES: tuple[tuple[str, str, str], ...] = (
    ("bottles_pair.png", "1280x720", "Stainless steel water bottle, keeps drinks cold for 24 "
     "hours, leak-proof lid. Outdoor summer campaign."),
    ("mug_black.jpg", "1280x720", "Black ceramic mug, 350 ml, dishwasher safe. Cosy autumn "
     "mornings at home."),
    ("polo_red.jpg", "1080x1920", "Red cotton polo shirt with a white sleeve, breathable "
     "pique. Summer campaign."),
    ("tote_red.png", "1280x720", "Red canvas tote bag, reinforced handles, fits a 15 inch "
     "laptop. Back-to-school campaign."),
)
"""Photo, size and brief of each storyboard."""


def keyed(cutout: Image.Image, rgb: tuple[int, int, int]) -> Image.Image:
    """The cutout painted one flat colour, its alpha kept."""
    flat = Image.new("RGBA", cutout.size, (*rgb, 255))
    flat.putalpha(cutout.getchannel("A"))
    return flat


def coverage(magenta: np.ndarray, green: np.ndarray) -> np.ndarray:
    """The product's coverage per pixel (0..1) from the two key-coloured renders."""
    return np.clip((magenta[..., 0].astype(np.float32) - green[..., 0]) / 255.0, 0.0, 1.0)


def whole(cover: np.ndarray, cropped: Collection[str] = ()) -> bool:
    """Whether the product shows and touches no frame edge except those the photo cut."""
    solid = cover > SOLID
    if not solid.any():
        return False
    edges = {
        "top": solid[:EDGE], "bottom": solid[-EDGE:],
        "left": solid[:, :EDGE], "right": solid[:, -EDGE:],
    }
    return not any(band.any() for side, band in edges.items() if side not in cropped)


def ghosted(cover: np.ndarray) -> bool:
    """Whether the frame shows the product twice: two framings blended into each other.

    One product fading in or out is covered at one level everywhere; two at different
    framings give two levels over large areas (each alone, and where they overlap), or
    two separate blobs when they do not overlap.
    """
    seen = cover > 0.1
    total = int(seen.sum())
    if total == 0:
        return False
    bins = np.bincount(np.minimum((cover[seen] * 10).astype(int), 9), minlength=10)
    if int((bins > GHOST_SHARE * total).sum()) >= 2:
        return True
    _, _, stats, _ = cv2.connectedComponentsWithStats(seen.astype(np.uint8), connectivity=8)
    blobs = np.asarray(stats)[1:, cv2.CC_STAT_AREA]
    return int((blobs > 0.05 * total).sum()) >= 2


@dataclass(frozen=True)
class Figures:
    """What one video measured.

    Attributes:
        name: The photo and size.
        frames: Frames measured outside close-ups.
        whole: Share of them showing the whole product.
        all: Share of all frames outside transitions showing the whole product.
        double: Share of transition frames showing the product twice.
        scenes: Different scene themes among the shots (end card aside) and product shots.
        kbps: The encoded video's bitrate.
    """

    name: str
    frames: int
    whole: float
    all: float
    double: float
    scenes: str
    kbps: float


def _paired(board: Storyboard, cutout: Image.Image, cropped: Collection[str]) -> Iterator[
    tuple[int, np.ndarray]
]:
    """(frame index, coverage) of every frame of the storyboard's video."""
    pink = frames(board, keyed(cutout, (255, 0, 255)), cropped=cropped)
    lime = frames(board, keyed(cutout, (0, 255, 0)), cropped=cropped)
    for index, (a, b) in enumerate(zip(pink, lime, strict=True)):
        yield index, coverage(a, b)


def measure(photo: str, size: str, brief: str, out: Path) -> Figures:
    """Write, render and measure one storyboard video."""
    cut = cut_out(Image.open(PHOTOS / photo))
    cropped = tuple(cut.cropped)
    request = WriteStoryboardRequest(
        product_image="img", seconds=12, size=size, context=brief,
    )
    board, _ = write_storyboard(request, None, "img", ["#2A6F97"], None)
    spans = timeline(board)
    close = {
        f for span, shot in zip(spans, board.shots, strict=True)
        if "close-up" in shot.description.lower()
        for f in range(span.start, span.end)
    }
    mixing = {
        f for span in spans[1:] for f in range(span.start - span.overlap, span.start)
    }
    counted = kept = mixed = doubled = steady = steady_kept = 0
    for index, cover in _paired(board, cut.image, cropped):
        if index in mixing:
            mixed += 1
            doubled += ghosted(cover)
            continue
        steady += 1
        steady_kept += whole(cover, cropped)
        if index not in close:
            counted += 1
            kept += whole(cover, cropped)
    builder = ShotBuilder(board, cut.image, None, make_look(board), cropped)
    themes = [builder.theme(s) for s in board.shots if s.kind != "end_card"]
    video = LocalVideoRenderer().render(
        board, cut.image, None, out / photo.split(".")[0], lambda *_: None, lambda: False,
        cropped=cropped,
    )
    return Figures(
        f"{photo} {size}", counted, kept / max(counted, 1), steady_kept / max(steady, 1),
        doubled / max(mixed, 1),
        f"{len(set(themes))}/{len(themes)}", probe(video.mp4).video_kbps,
    )


def live_motion(photo: str) -> tuple[float, float, bool]:
    """(product motion, whole-frame motion, whole in every frame) of a live image.

    The motions are mean absolute differences (levels of 255) between the loop's first
    frame and its most different frame, both reduced to :data:`THUMB` px wide: over the
    product's own pixels (where the key-coloured renders find it fully covered in the
    first frame), the sheen left out, and over the whole frame.
    """
    cut = cut_out(Image.open(PHOTOS / photo))
    recipe = Recipe(theme="autumn", format="square", seed=0, headline="Cosy mornings")
    request = AnimateImageRequest(asset_id="img")
    loops = [
        LiveLoop(
            compose_layers(keyed(cut.image, rgb) if rgb else cut.image, recipe)[1],
            seconds=request.seconds, fps=request.fps, sheen=False,
        )
        for rgb in (None, (255, 0, 255), (0, 255, 0))
    ]
    real = loops[0]
    w, h = real.size
    th = round(h * THUMB / w)

    def thumb(f: np.ndarray) -> np.ndarray:
        return cv2.resize(f, (THUMB, th), interpolation=cv2.INTER_AREA).astype(np.float32)

    cover = coverage(loops[1].frame(0), loops[2].frame(0))
    mask = cv2.resize(cover, (THUMB, th), interpolation=cv2.INTER_AREA) > 0.9
    still = thumb(real.frame(0))
    diffs = [np.abs(thumb(real.frame(i)) - still).mean(axis=2) for i in range(0, real.total, 2)]
    biggest = max(diffs, key=lambda d: float(d.mean()))
    keep = all(
        whole(coverage(loops[1].frame(i), loops[2].frame(i)), cut.cropped)
        for i in range(0, real.total, 4)
    )
    return float(biggest[mask].mean()), float(biggest.mean()), keep


def main() -> None:
    """Print the figures of every sample video."""
    print(f"{'video':28} {'frames':>6} {'whole':>6} {'all':>5} {'double':>7} {'scenes':>7} "
          f"{'kbps':>7}")
    with tempfile.TemporaryDirectory() as tmp:
        for photo, size, brief in CASES:
            f = measure(photo, size, brief, Path(tmp))
            print(f"{f.name:28} {f.frames:6d} {f.whole:6.0%} {f.all:5.0%} {f.double:7.0%} "
                  f"{f.scenes:>7} "
                  f"{f.kbps:7.0f}")
    product, frame, keep = live_motion("mug_black.jpg")
    print(f"live image mug_black.jpg at {THUMB} px: product change {product:.1f}/255, "
          f"whole-frame change {frame:.1f}/255, whole product in every frame: {keep}")


if __name__ == "__main__":
    main()
