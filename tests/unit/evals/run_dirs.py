"""Small eval run folders written by the tests, and a reader of the HTML pages they yield.

A run folder holds ``run.json`` and ``trials/<scenario>/<k>/trial.json`` (the layout
``adstudio eval run`` leaves; see evals/runner.py), here with every check's outcome, every
latency and every asset given by the test, so each expected figure follows from the data.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

PNG_1X1 = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8ff3f0005fe02fea7d6a4a10000000049454e44ae426082")


@dataclass
class TrialSpec:
    """One trial: its checks (key -> score), latency, reply and assets."""

    checks: dict[str, float]
    latency_s: float = 1.0
    cost_usd: float = 0.0
    reply: str = "Done."
    assets: list[dict[str, Any]] = field(default_factory=list)
    numbers: dict[str, int] = field(default_factory=dict)
    """The #number the agent gave each ad image (its asset events)."""


def asset(asset_id: str, kind: str = "image", parents: tuple[str, ...] = (),
          caption: str = "") -> dict[str, Any]:
    """An asset as ``trial.json`` describes it (a PNG under ``assets/``)."""
    return {"id": asset_id, "kind": kind, "path": f"assets/{asset_id}.png", "format": "png",
            "width": 1, "height": 1, "parents": list(parents), "capability": None,
            "caption": caption, "seconds": None}


def _events(spec: TrialSpec) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = [
        {"type": "asset", "asset_id": asset_id, "kind": "ad_image", "mime": "image/png",
         "path": "/elsewhere", "number": number, "label": f"#{number}"}
        for asset_id, number in spec.numbers.items()
    ]
    events.append({"type": "text", "text": spec.reply, "markdown": spec.reply,
                   "html": spec.reply})
    return events


def write_trial(run_dir: Path, run_id: str, scenario: str, k: int, spec: TrialSpec) -> None:
    """Write one ``trial.json`` and its asset files."""
    folder = run_dir / "trials" / scenario / str(k)
    (folder / "assets").mkdir(parents=True, exist_ok=True)
    for item in spec.assets:
        (folder / item["path"]).write_bytes(PNG_1X1)
    trial = {
        "run_id": run_id, "scenario": scenario, "trial": k, "seed": k,
        "passed": all(score >= 1.0 for score in spec.checks.values()),
        "scores": [{"key": key, "score": score, "comment": f"{key} said so"}
                   for key, score in spec.checks.items()],
        "turns": [{"index": 0, "user": "make an ad", "attachments": [],
                   "events": _events(spec), "latency_s": spec.latency_s,
                   "cost_usd": spec.cost_usd, "new_assets": []}],
        "assets": spec.assets, "latency_s": spec.latency_s, "cost_usd": spec.cost_usd,
        "notices": [],
    }
    (folder / "trial.json").write_text(json.dumps(trial), encoding="utf-8")


def write_run(run_dir: Path, run_id: str, trials: dict[str, list[TrialSpec]],
              info: dict[str, dict[str, Any]] | None = None,
              fingerprints: dict[str, str] | None = None) -> Path:
    """A run folder: ``trials`` by scenario, each list's index being the trial's k."""
    for scenario, specs in trials.items():
        for k, spec in enumerate(specs):
            write_trial(run_dir, run_id, scenario, k, spec)
    run = {"run_id": run_id, "suite": "written-by-the-test", "engine": "local",
           "tenant": "default", "repeat": max(len(s) for s in trials.values()),
           "scenarios": sorted(trials), "notices": [],
           "fingerprints": fingerprints or dict.fromkeys(trials, "same"),
           **({"scenario_info": info} if info is not None else {})}
    (run_dir / "run.json").write_text(json.dumps(run), encoding="utf-8")
    return run_dir


@dataclass
class Element:
    """A start tag met in a page, with the text up to its end tag when it is a cell."""

    tag: str
    attrs: dict[str, str]


class Page(HTMLParser):
    """Every element of a page, the script texts, and the tables' rows as cell texts."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self.scripts: list[str] = []
        self.tables: dict[str, list[list[str]]] = {}
        self._table: str | None = None
        self._cell: list[str] | None = None
        self._in_script = False
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Record the element; start a row or cell of a table that has an id."""
        values = {name: value or "" for name, value in attrs}
        self.elements.append(Element(tag, values))
        if tag == "table":
            self._table = values.get("id", f"table-{len(self.tables)}")
            self.tables[self._table] = []
        elif tag == "tr" and self._table is not None:
            self.tables[self._table].append([])
        elif tag in ("td", "th") and self._table is not None:
            self._cell = []
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        """Close a cell or a table."""
        if tag in ("td", "th") and self._cell is not None and self._table is not None:
            self.tables[self._table][-1].append("".join(self._cell).strip())
            self._cell = None
        elif tag == "table":
            self._table = None
        self._in_script = False

    def handle_data(self, data: str) -> None:
        """Collect cell and script texts."""
        if self._cell is not None:
            self._cell.append(data)
        if self._in_script:
            self.scripts.append(data)

    def with_tag(self, tag: str) -> list[Element]:
        """The elements of one tag, in page order."""
        return [e for e in self.elements if e.tag == tag]

    def index_of(self, **attrs: str) -> int:
        """The position in the page of the first element with these attributes."""
        for i, element in enumerate(self.elements):
            if all(element.attrs.get(k) == v for k, v in attrs.items()):
                return i
        raise AssertionError(f"no element with {attrs}")
