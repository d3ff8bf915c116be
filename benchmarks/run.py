"""Measure the local engine and the agent on this machine (``make bench``).

Prints the median of several runs for each step: the cutout of a 2000x2000 product photo,
one 1080x1080 ad from it (cutout included), four variations through the capability (what
the agent calls), the whole agent turn, and "send" → "4 images shown" in a real browser.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
from PIL import Image

from agent.events import AssetEvent
from agent.runtime import AgentRuntime
from benchmarks import ui
from benchmarks.policy import policy_rows
from core.images import encode_png
from core.schemas import Storyboard
from core.settings import Settings
from engines.local.ad.compose import compose_ad
from engines.local.ad.composition import ad_layout
from engines.local.ad.recipe import Recipe
from engines.local.cutout import cut_out
from engines.local.encoding.encode import write_video
from engines.local.scene.render import render_scene
from engines.local.themes import resolve_theme
from engines.local.video.render import frames
from evals.recipes import bottle_on_white
from policy.images import check_ad
from tests.paths import PHOTOS
from tools.capabilities.ad_images import product_cutout
from tools.capabilities.common import load_image_asset
from tools.sdk import CapabilityContext, registry
from tools.services import build_services

BRIEF = (
    "Insulated steel water bottle, 750 ml, keeps drinks cold 24 h. Summer hiking campaign "
    "for young adults, energetic tone"
)
RECIPE = Recipe(
    headline="Stay cold. Go far.",
    subline="Keeps drinks ice-cold for 24 h",
    cta="Shop now",
    context=BRIEF,
)


def median_seconds(work: Callable[[], object], repeat: int = 5) -> float:
    """Run ``work`` ``repeat`` times and return the median wall time in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def photo_2000() -> Image.Image:
    """The drawn bottle photo, enlarged onto a 2000x2000 off-white canvas."""
    bottle, _ = bottle_on_white()
    canvas = Image.new("RGB", (2000, 2000), bottle.getpixel((5, 5)))
    big = bottle.resize((1600, 2000), Image.Resampling.LANCZOS)
    canvas.paste(big, (200, 0))
    return canvas


def row(label: str, seconds: float, target: float | None = None) -> None:
    """Print one line of the table (times under 0.1 s in milliseconds)."""
    verdict = "" if target is None else ("  ok" if seconds <= target else "  over target")

    def shown(value: float) -> str:
        return f"{value * 1000:.2f}ms" if value < 0.1 else f"{value:.3f}s"

    goal = f"(target {shown(target)})" if target else ""
    print(f"{label:<46}{shown(seconds):>9} {goal}{verdict}")


def policy_check_rows(photo: Image.Image) -> None:
    """The ad policy on a chat message and the labelled set; the image checks on an ad."""
    for label, seconds, target in policy_rows():
        row(label, seconds, target)
    product = cut_out(photo).image
    composition = compose_ad(product, Recipe(theme="marble", format="square",
                                             headline="Stay cold. Go far.", cta="Shop now"))
    layout = ad_layout(composition, product)
    row("image policy: output check of a 1080x1080 ad",
        median_seconds(lambda: check_ad(composition.image, layout), repeat=20))


def engine_rows(photo: Image.Image) -> None:
    """Cutout, scene, composition and encoding on their own, then one whole ad."""
    row("cut_out 2000x2000", median_seconds(lambda: cut_out(photo)))
    product = cut_out(photo).image
    theme = resolve_theme("auto", BRIEF)
    row("render_scene 1080x1080", median_seconds(lambda: render_scene(theme, (1080, 1080), 1)))
    image = compose_ad(product, RECIPE).image
    row(
        "compose_ad 1080x1080 (scene, shadows, text)",
        median_seconds(lambda: compose_ad(product, RECIPE)),
    )
    row("encode_png 1080x1080", median_seconds(lambda: encode_png(image)))
    row(
        "first ad from a new photo, cutout included",
        median_seconds(lambda: encode_png(compose_ad(cut_out(photo).image, RECIPE).image)),
        target=1.0,
    )
    row(
        "a later ad from the same photo (cutout cached)",
        median_seconds(lambda: encode_png(compose_ad(product, RECIPE).image)),
        target=0.3,
    )
    for fmt in ("9:16", "16:9"):
        recipe = Recipe.model_validate({**RECIPE.model_dump(), "format": fmt})
        row(f"compose_ad {fmt}", median_seconds(lambda recipe=recipe: compose_ad(product, recipe)))


def capability_row(photo: Image.Image, data_dir: Path) -> None:
    """Four variations through generate_ad_images, as the agent calls it."""
    services = build_services(Settings(data_dir=data_dir))
    ctx = services.capability_context("default")
    photo_id = services.assets.put(encode_png(photo), kind="product_photo", mime="image/png").id
    generate = registry()["generate_ad_images"]
    request = {
        "product_image": photo_id,
        "n": 4,
        "headline": "Stay cold. Go far.",
        "context": BRIEF,
    }
    row(
        "4 variations (generate_ad_images)",
        median_seconds(lambda: generate.invoke(request, ctx), repeat=3),
        target=1.2,
    )


def agent_row(photo: Image.Image, data_dir: Path) -> None:
    """A whole agent turn on the local planner."""
    runtime = AgentRuntime(Settings(data_dir=data_dir))
    data = encode_png(photo)

    def send() -> None:
        asset = runtime.upload(data, "bottle.png")
        made = [
            e
            for e in runtime.stream(runtime.new_thread(), BRIEF, [asset])
            if isinstance(e, AssetEvent)
        ]
        assert len(made) == 4

    row("send -> 4 images (agent, local engine)", median_seconds(send, repeat=3))


def blank_encode(size: tuple[int, int], frames: int, out_dir: Path) -> Callable[[], None]:
    """Encoding ``frames`` blank frames with the same encoder settings (the floor)."""
    blank = np.full((size[1], size[0], 3), 128, dtype=np.uint8)

    def run() -> None:
        write_video((blank for _ in range(frames)), total=frames, fps=24, out_dir=out_dir,
                    stem="floor")

    return run


def paired_seconds(
    work: Callable[[], object], floor: Callable[[], object], repeat: int = 5
) -> tuple[float, float]:
    """Median seconds of ``work`` and of ``floor``, run in turns.

    Taking turns keeps the machine's drift (other tenants of a shared VM) out of their ratio.
    """
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeat):
        for job, kept in ((work, times[0]), (floor, times[1])):
            start = time.perf_counter()
            job()
            kept.append(time.perf_counter() - start)
    return statistics.median(times[0]), statistics.median(times[1])


def encode_same_frames(drawn: list[np.ndarray], storyboard: Storyboard, out_dir: Path) -> float:
    """Seconds to encode the storyboard's own frames, drawn beforehand.

    Real content costs the encoder more than blank frames: this is the floor of a
    renderer whose drawing were free.
    """
    def run() -> None:
        write_video(iter(drawn), total=len(drawn), fps=storyboard.fps, out_dir=out_dir,
                    stem="same")

    return median_seconds(run, repeat=3)


def drawn_frames(ctx: CapabilityContext, photo_id: str, storyboard: Storyboard) -> list[np.ndarray]:
    """Every frame of the storyboard's video, drawn beforehand."""
    asset, image = load_image_asset(ctx, photo_id)
    cutout = product_cutout(ctx, asset, image, as_is=False)[1]
    return list(frames(storyboard, cutout))


def encoder_alone(drawn: list[np.ndarray], out_dir: Path) -> tuple[float, float]:
    """Seconds x264 takes for ``drawn`` and for as many blank frames (no preview, no poster).

    The ratio of the two is a floor under any renderer's ratio to the blank-frame floor:
    real content costs the encoder itself more than flat grey does.
    """
    blank = np.full_like(drawn[0], 128)

    def run(frames: list[np.ndarray]) -> None:
        write_video(iter(frames), total=len(frames), fps=24, out_dir=out_dir, stem="alone",
                    preview=False)

    return paired_seconds(lambda: run(drawn), lambda: run([blank] * len(drawn)), repeat=3)


def motion_rows(photo: Image.Image, data_dir: Path) -> None:
    """A live image and storyboard videos through the capabilities, against the encode floor."""
    services = build_services(Settings(data_dir=data_dir))
    ctx = services.capability_context("default")
    photo_id = services.assets.put(encode_png(photo), kind="product_photo", mime="image/png").id
    caps = registry()
    ads = caps["generate_ad_images"].invoke(
        {"product_image": photo_id, "n": 1, "headline": "Stay cold. Go far.", "context": BRIEF},
        ctx,
    )
    ad = ads.images[0].asset_id
    live, floor = paired_seconds(
        lambda: caps["animate_image"].invoke({"asset_id": ad}, ctx),
        blank_encode((1080, 1080), 96, data_dir / "floor"),
    )
    row("live image 1080x1080, 4 s at 24 fps", live)
    row("  encode floor: 96 blank 1080x1080 frames", floor)
    print(f"{'  ratio to the floor':<46}{live / floor:>8.2f}x (target 2x)")
    for seconds, size in ((6, "1280x720"), (12, "1280x720"), (15, "1080x1920")):
        board = caps["write_storyboard"].invoke(
            {"product_image": photo_id, "seconds": seconds, "size": size, "context": BRIEF}, ctx
        )
        request = {"storyboard_id": board.storyboard_id}

        def render(r: dict[str, str] = request) -> None:
            caps["generate_video"].invoke(r, ctx)

        if seconds != 6:
            row(f"video {seconds} s {size} (storyboard -> MP4)", median_seconds(render, 1))
            continue
        took, floor = paired_seconds(render, blank_encode((1280, 720), 144, data_dir / "floor"))
        row(f"video {seconds} s {size} (storyboard -> MP4)", took, target=3.0)
        row("  encode floor: 144 blank 1280x720 frames", floor)
        print(f"{'  ratio to the floor':<46}{took / floor:>8.2f}x (target 2x)")
        drawn = drawn_frames(ctx, photo_id, board.storyboard)
        same = encode_same_frames(drawn, board.storyboard, data_dir / "same")
        row("  encoding the clip's own frames, pre-drawn", same)
        print(f"{'  ratio to that':<46}{took / same:>8.2f}x")
        alone, flat = encoder_alone(drawn, data_dir / "alone")
        row("  x264 alone: the clip's frames", alone)
        row("  x264 alone: as many blank frames", flat)
        label = "  x264's own ratio (under any renderer's)"
        print(f"{label:<46}{alone / flat:>8.2f}x")


def main() -> None:
    """Print the benchmark table."""
    photo = photo_2000()
    print(f"{'step':<46}{'median':>9}")
    engine_rows(photo)
    policy_check_rows(photo)
    with tempfile.TemporaryDirectory() as tmp:
        capability_row(photo, Path(tmp) / "cap")
        agent_row(photo, Path(tmp) / "agent")
        motion_rows(photo, Path(tmp) / "motion")
    print(ui.report(PHOTOS / "mug_black.jpg"))


if __name__ == "__main__":
    main()
