"""Measure the local engine: cutout, one ad per format, and send → 4 images end to end.

Run with ``make bench``. Prints the median of several runs for each step.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PIL import Image

from agent.events import AssetEvent
from agent.runtime import AgentRuntime
from agent.settings import Settings
from benchmarks import ui
from tools.engines.local.compose import FORMATS, Recipe, compose_ad
from tools.engines.local.cutout import cut_out
from tools.images import encode_png

PHOTOS = Path(__file__).resolve().parent.parent / "tests" / "data" / "photos"
BRIEF = (
    "Insulated steel water bottle, 750 ml, keeps drinks cold 24 h. Summer hiking campaign "
    "for young adults, energetic tone"
)


def median_seconds(work: Callable[[], object], repeat: int = 5) -> float:
    """Run ``work`` ``repeat`` times and return the median wall time in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    """Print the benchmark table."""
    photos = sorted(p for p in PHOTOS.iterdir() if p.suffix in (".jpg", ".png"))
    print(f"{'step':<44}{'median':>10}")
    for photo in photos:
        image = Image.open(photo)
        image.load()
        seconds = median_seconds(lambda image=image: cut_out(image))
        print(f"{'cut_out ' + photo.name + f' {image.width}x{image.height}':<44}{seconds:>9.3f}s")
    product = cut_out(Image.open(photos[0])).image
    for fmt in FORMATS:
        recipe = Recipe(format=fmt, headline="Stay cold. Go far.", subline="750 ml", cta="Shop")
        seconds = median_seconds(lambda recipe=recipe: compose_ad(product, recipe))
        print(f"{'compose_ad ' + fmt:<44}{seconds:>9.3f}s")
    with tempfile.TemporaryDirectory() as tmp:
        runtime = AgentRuntime(Settings(data_dir=Path(tmp)))
        data = encode_png(Image.open(photos[0]))

        def send() -> None:
            asset = runtime.upload(data, photos[0].name)
            made = [e for e in runtime.stream(runtime.new_thread(), BRIEF, [asset])
                    if isinstance(e, AssetEvent)]
            assert len(made) == 4

        seconds = median_seconds(send, repeat=3)
        print(f"{'send -> 4 images (agent, local engine)':<44}{seconds:>9.3f}s")
    print(ui.report(photos[0]))


if __name__ == "__main__":
    main()
