"""How varied a set of ads is, as a marketer sees it (``python -m benchmarks.creative``).

Four variations should be four concepts, not one concept with four backdrops. For each
sample product photo in ``tests/data/photos`` the agent (local engine) makes one set of four
ads from a brief, as a user's first message would, and each set is measured from what its
ads record (:func:`engines.local.ad.composition.layout_boxes`, the look read from pixels):

- **themes**, **headlines**: how many differ in the set;
- **layouts**: how many differ, two ads sharing a layout when their product boxes overlap
  by :data:`SAME_LAYOUT` (IoU) or more and so do their headline boxes;
- **palette**: the least CIELAB distance between two ads' backdrop colours (0: the same);
- **scale**: the product's height on the canvas, smallest and largest share;
- **sizes**: how many different product sizes the set shows (heights :data:`SAME_SIZE` of
  the canvas apart or more): a close-up, a small product in a wide scene...
"""

from __future__ import annotations

import itertools
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from PIL import ImageColor

from agent.events import AssetEvent
from agent.runtime import AgentRuntime
from core.settings import Settings
from engines.local.look import to_lab
from tests.paths import PHOTOS

SAME_LAYOUT = 0.8
"""Product and headline boxes overlapping this much (IoU) are one layout."""
SAME_SIZE = 0.05
"""Product heights closer than this share of the canvas are one size."""
SETS: tuple[tuple[str, str], ...] = (
    ("mug_black.jpg", "Black ceramic mug, 350 ml, dishwasher safe. Cosy autumn mornings at "
     "home, warm tone."),
    ("polo_red.jpg", "Red cotton polo shirt with a white sleeve, breathable pique. Summer "
     "campaign for young professionals."),
    ("tote_red.png", "Red canvas tote bag, reinforced handles, fits a 15 inch laptop. "
     "Back-to-school campaign, playful tone."),
    ("tshirt_blue.jpg", "Blue organic cotton t-shirt with a white logo print. Streetwear drop "
     "for teens, bold tone."),
    ("hoodie_blue.jpg", "Blue zip hoodie, brushed fleece inside, white logo. Winter campaign, "
     "cosy tone."),
)
"""A sample photo and the brief a user would send with it."""

Box = Sequence[int]


@dataclass(frozen=True)
class Variety:
    """How a set of ads differs.

    Attributes:
        ads: How many ads the set has.
        themes: How many different themes.
        headlines: How many different headlines.
        layouts: How many different layouts (see :data:`SAME_LAYOUT`).
        palette: The least CIELAB distance between two backdrop colours.
        scale: The product's smallest and largest height, as a share of the canvas's.
        sizes: How many different product sizes (see :data:`SAME_SIZE`).
    """

    ads: int
    themes: int
    headlines: int
    layouts: int
    palette: float
    scale: tuple[float, float]
    sizes: int = 1


def box_iou(a: Box | None, b: Box | None) -> float:
    """Intersection over union of two (left, top, right, bottom) boxes; 0 if one is missing."""
    if a is None or b is None:
        return 0.0
    width = min(a[2], b[2]) - max(a[0], b[0])
    height = min(a[3], b[3]) - max(a[1], b[1])
    inter = max(width, 0) * max(height, 0)
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


def _headline_box(record: dict[str, Any]) -> Box | None:
    texts = record["layout"]["texts"]
    return next((t["box"] for t in texts if t["role"] == "headline"), None)


def _headline(record: dict[str, Any]) -> str:
    text = next((t["text"] for t in record["layout"]["texts"] if t["role"] == "headline"), "")
    return str(text).strip().casefold()


def same_layout(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Whether two ads put the product and the headline in the same places."""
    product = box_iou(a["layout"]["product"], b["layout"]["product"])
    headline = box_iou(_headline_box(a), _headline_box(b))
    both_bare = _headline_box(a) is None and _headline_box(b) is None
    return product >= SAME_LAYOUT and (headline >= SAME_LAYOUT or both_bare)


def _groups(records: Sequence[dict[str, Any]]) -> int:
    """How many layouts: ads joined when they share one (connected groups)."""
    parent = list(range(len(records)))

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for i, j in itertools.combinations(range(len(records)), 2):
        if same_layout(records[i], records[j]):
            parent[root(j)] = root(i)
    return len({root(i) for i in range(len(records))})


def variety(records: Sequence[dict[str, Any]]) -> Variety:
    """Measure a set of ads, each as ``generate --json`` prints it (layout, look, theme).

    Raises:
        ValueError: The set is empty.
    """
    if not records:
        raise ValueError("no ads to measure")
    backdrops = [to_lab(np.array([[ImageColor.getrgb(r["look"]["backdrop"])]], np.uint8))[0, 0]
                 for r in records]
    gaps = [float(np.linalg.norm(a - b)) for a, b in itertools.combinations(backdrops, 2)]
    heights = [(r["layout"]["product"][3] - r["layout"]["product"][1]) / r["height"]
               for r in records]
    return Variety(
        ads=len(records),
        themes=len({r["theme"] for r in records}),
        headlines=len({_headline(r) for r in records}),
        layouts=_groups(records),
        palette=min(gaps) if gaps else 0.0,
        scale=(min(heights), max(heights)),
        sizes=_sizes(heights),
    )


def _sizes(heights: Sequence[float]) -> int:
    """How many different sizes: heights sorted, a new one wherever the step is SAME_SIZE+."""
    ordered = sorted(heights)
    return 1 + sum(b - a >= SAME_SIZE for a, b in itertools.pairwise(ordered))


def make_set(runtime: AgentRuntime, photo: Path, brief: str) -> list[dict[str, Any]]:
    """One first message with the photo and brief; each ad made, as ``generate --json``."""
    asset = runtime.upload(photo.read_bytes(), photo.name)
    records = []
    for event in runtime.stream(runtime.new_thread(), brief, [asset]):
        if isinstance(event, AssetEvent) and event.kind == "ad_image":
            stored = runtime.services.assets.get(event.asset_id)
            records.append({
                "asset_id": stored.id,
                "width": stored.width,
                "height": stored.height,
                "theme": stored.parameters.get("theme"),
                "layout": stored.parameters["layout"],
                "look": stored.parameters["look"],
            })
    return records


def main() -> None:
    """Make a set per sample photo and print its variety."""
    print(f"{'set':<18}{'ads':>4}{'themes':>8}{'headlines':>10}{'layouts':>9}"
          f"{'palette dE':>11}{'product height':>16}{'sizes':>7}")
    with tempfile.TemporaryDirectory() as folder:
        runtime = AgentRuntime(Settings(data_dir=Path(folder) / "data"))
        for name, brief in SETS:
            found = variety(make_set(runtime, PHOTOS / name, brief))
            low, high = found.scale
            print(f"{name.split('.')[0]:<18}{found.ads:>4}{found.themes:>8}{found.headlines:>10}"
                  f"{found.layouts:>9}{found.palette:>11.1f}{low:>9.0%} - {high:.0%}"
                  f"{found.sizes:>7}")


if __name__ == "__main__":
    main()
