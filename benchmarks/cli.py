"""Measure how fast the ``adstudio`` command starts on this machine (``make bench``).

Each command runs in a fresh process (the installed ``adstudio`` script, or ``python -m
cli.app`` without it), once to warm the disk cache and then five times; the table shows
the median wall time against the 0.6 s target.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = 0.6
RUNS = 5
COMMANDS = (
    ("adstudio --help", ["--help"]),
    ('adstudio check "Buy our bottle"', ["check", "Buy our bottle"]),
    ("adstudio doctor --help", ["doctor", "--help"]),
)


def adstudio() -> list[str]:
    """The command line that starts ``adstudio``: the venv's script, else the module."""
    script = Path(sys.executable).with_name("adstudio")
    return [str(script)] if script.exists() else [sys.executable, "-m", "cli.app"]


def start_seconds(args: list[str], runs: int = RUNS) -> float:
    """The median wall time of ``adstudio ARGS`` in a fresh process, after one warm-up."""
    command = [*adstudio(), *args]
    times = []
    for run in range(runs + 1):
        start = time.perf_counter()
        subprocess.run(command, cwd=ROOT, capture_output=True, check=False)
        if run:
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def row(label: str, seconds: float, target: float = TARGET) -> None:
    """Print one line of the table, with the verdict against ``target``."""
    verdict = "ok" if seconds <= target else "over target"
    print(f"{label:<46}{seconds:>8.3f}s (target {target:.3f}s)  {verdict}")


def main() -> None:
    """Print the start-up table."""
    print(f"{'command (fresh process, median of 5)':<46}{'median':>9}")
    for label, args in COMMANDS:
        row(label, start_seconds(args))


if __name__ == "__main__":
    main()
