"""Measure the ad policy: speed (a chat message, the labelled set, an image) and quality.

:func:`policy_rows` returns rows for ``benchmarks.run.row`` (label, median seconds,
target seconds or ``None``); ``python -m benchmarks.policy`` (part of ``make bench``)
prints them, then precision and recall per family and per language on the repository's
labelled sets, the obfuscated cases' and the near misses' figures, and a line (and tables)
for each held-out set that is there: ``tests/data/policy_held_out.jsonl`` and
``policy_held_out_2.jsonl`` (the former blind set, tunable since 2026-12-05), then
``policy_held_out_3.jsonl``, the blind set.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageDraw

from policy.scoring import Case, Score, by_language, load_cases, score, table, total
from policy.text import load_policy

Row = tuple[str, float, float | None]

MESSAGE = (
    "Insulated steel water bottle, 750 ml, keeps drinks cold 24 h and hot 12 h. Summer "
    "hiking campaign for young adults, energetic tone. Headline ideas: 'Stay cold. Go far.' "
    "Mention the leak-proof lid and the free engraving. Square and story formats, four "
    "variations each, our brand colours, no people in the scene."
)
DATA = Path(__file__).parents[1] / "tests" / "data"
CASES = DATA / "policy_cases.yaml"
LABELLED = (CASES, DATA / "policy_cases_multilingual.jsonl",
            DATA / "policy_cases_multilingual_2.jsonl")
HELD_OUT = DATA / "policy_held_out.jsonl"
"""The first held-out set: its misses were seen, then tuned on; a labelled set now."""
FORMER_BLIND = DATA / "policy_held_out_2.jsonl"
"""The blind set until 2026-12-05 (first seen at precision 0.98, recall 0.86); tunable since,
so it is reported on its own line, not as the blind figure."""
BLIND = DATA / "policy_held_out_3.jsonl"
"""Written blind on 2026-12-05 by a reviewer who never saw the rules; nobody has tuned on it
(only its totals and tables are looked at, never its texts or its misses)."""


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
    texts = [str(c["text"]) for c in labelled_cases()]
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


def labelled_cases(paths: tuple[Path, ...] = LABELLED) -> list[Case]:
    """The cases of the labelled sets that exist."""
    return [case for path in paths if path.is_file() for case in load_cases(path)]


def summary_line(label: str, s: Score) -> str:
    """One line of figures: tp, fp, fn, precision and recall."""
    return (f"{label:<34} tp {s.tp:>4}  fp {s.fp:>3}  fn {s.fn:>3}  "
            f"precision {s.precision:.2f}  recall {s.recall:.2f}")


def quality_report(
    cases: list[Case], held_out: Path = HELD_OUT, blind: Path = BLIND,
    former_blind: Path = FORMER_BLIND,
) -> str:
    """Precision and recall per family and per language, obfuscated cases, near misses.

    Args:
        cases: The labelled cases of the repository.
        held_out: A held-out set scored on its own line (and tables) when the file exists.
        blind: The blind held-out set, scored the same way when the file exists.
        former_blind: The former blind set (tunable now), scored the same way when there.
    """
    parts = [
        f"ad policy on the labelled sets ({len(cases)} cases)",
        table(score(cases)),
        table(score(cases, by_language), "language"),
        summary_line("obfuscated cases", total(score([c for c in cases if c.get("adversarial")]))),
        summary_line("near misses", total(score([c for c in cases if c.get("near_miss")]))),
    ]
    if held_out.is_file():
        parts += _set_report(held_out, "held-out set")
    else:
        parts.append(f"held-out set: {held_out.name} is not there")
    for path, label in ((former_blind, "former blind set, tunable"),
                        (blind, "blind held-out set")):
        if path.is_file():
            parts += _set_report(path, label)
    return "\n\n".join(parts)


def _set_report(path: Path, label: str) -> list[str]:
    """One labelled set's summary line, then its tables per family and per language."""
    found = load_cases(path)
    return [
        summary_line(f"{label} ({len(found)} cases)", total(score(found))),
        table(score(found)),
        table(score(found, by_language), "language"),
    ]


def main() -> None:
    """Print the rows in milliseconds (``benchmarks/run.py`` prints seconds), then quality."""
    for label, seconds, target in policy_rows():
        goal = f"(target {target * 1000:.0f} ms)" if target else ""
        verdict = "" if target is None else ("  ok" if seconds <= target else "  over target")
        print(f"{label:<46}{seconds * 1000:>8.3f} ms {goal}{verdict}")
    print()
    print(quality_report(labelled_cases()))


if __name__ == "__main__":
    main()
