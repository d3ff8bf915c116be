"""Measure the ad policy: a chat message, the labelled set, an image (``make bench``).

:func:`policy_rows` returns rows for ``benchmarks.run.row`` (label, median seconds,
target seconds or ``None``); ``python -m benchmarks.policy`` prints them on their own.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path

import yaml
from PIL import Image, ImageDraw

from policy.text import load_policy

Row = tuple[str, float, float | None]

MESSAGE = (
    "Insulated steel water bottle, 750 ml, keeps drinks cold 24 h and hot 12 h. Summer "
    "hiking campaign for young adults, energetic tone. Headline ideas: 'Stay cold. Go far.' "
    "Mention the leak-proof lid and the free engraving. Square and story formats, four "
    "variations each, our brand colours, no people in the scene."
)
CASES = Path(__file__).parents[1] / "tests" / "data" / "policy_cases.yaml"


def median_seconds(work: Callable[[], object], repeat: int = 200) -> float:
    """Run ``work`` ``repeat`` times and return the median wall time in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def drawn_ad() -> Image.Image:
    """A 1080x1080 ad drawn with PIL: a backdrop, a bottle and a text band."""
    ad = Image.new("RGB", (1080, 1080), (232, 222, 205))
    draw = ImageDraw.Draw(ad)
    draw.rounded_rectangle((440, 260, 640, 900), radius=60, fill=(40, 90, 120))
    draw.rectangle((0, 940, 1080, 1080), fill=(20, 20, 20))
    draw.text((60, 980), "Stay cold. Go far.", fill=(250, 250, 250))
    return ad


def policy_rows() -> list[Row]:
    """Median times of the text policy, and of the image policy when it is installed."""
    policy = load_policy()
    texts = [str(c["text"]) for c in yaml.safe_load(CASES.read_text("utf-8"))["cases"]]
    per_case = median_seconds(lambda: [policy.check(t) for t in texts], repeat=20) / len(texts)
    rows: list[Row] = [
        (f"ad policy: chat message ({len(MESSAGE)} chars)",
         median_seconds(lambda: policy.check(MESSAGE)), 0.005),
        (f"ad policy: labelled set, per case ({len(texts)})", per_case, None),
    ]
    try:
        from policy.images import check_image
    except ImportError:
        return rows
    ad = drawn_ad()
    rows.append(("image policy: check_image 1080x1080",
                 median_seconds(lambda: check_image(ad, placement="square"), repeat=20), None))
    return rows


def main() -> None:
    """Print the rows in milliseconds (``benchmarks/run.py`` prints seconds)."""
    for label, seconds, target in policy_rows():
        goal = f"(target {target * 1000:.0f} ms)" if target else ""
        verdict = "" if target is None else ("  ok" if seconds <= target else "  over target")
        print(f"{label:<46}{seconds * 1000:>8.3f} ms {goal}{verdict}")


if __name__ == "__main__":
    main()
