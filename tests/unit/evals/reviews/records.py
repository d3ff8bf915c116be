"""A run whose trial records what a reviewer needs: the brief, requests, checks, lineage.

Mirrors what ``adstudio eval run`` writes (``trial.json``: turns with their events and
new assets, scores, assets with parents), drawn small: a product photo, two square ads
and a 300×250 banner from the first turn, a warmer edit of ad #2 in the second, then a
storyboard and its video (with the video's preview and poster).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.review_fixtures import asset_entry, draw_ad, draw_clip

REQUEST_1 = "Steel bottle, 750 ml. Summer hiking campaign, energetic tone."
REQUEST_2 = "make the second one warmer"
REQUEST_3 = "make a 6 second video ad"
BRIEF = {"product_name": "Steel bottle", "audience": "young adults", "tone": "energetic"}
SHOTS = [{"kind": "hero", "seconds": 2.0, "text": "Steel bottle", "camera": "push_in",
          "description": "The bottle on a trail"},
         {"kind": "end_card", "seconds": 2.0, "text": "Go further.", "camera": "static",
          "description": "End card with the headline"}]


def _asset(folder: Path, asset_id: str, kind: str, size: tuple[int, int] | None,
           parents: list[str], caption: str, seed: int) -> dict[str, Any]:
    path = folder / "assets" / f"{asset_id}.png"
    draw_ad(seed, path)
    return {**asset_entry(asset_id, kind, f"assets/{asset_id}.png", size), "parents": parents,
            "caption": caption}


def _event(asset_id: str, label: str) -> dict[str, Any]:
    return {"type": "asset", "asset_id": asset_id, "kind": "ad_image", "label": label}


def write_context_run(root: Path, run_id: str = "run-ctx") -> Path:
    """The run folder ``root/run_id`` with one trial of scenario ``bottle``."""
    run_dir = root / run_id
    folder = run_dir / "trials" / "bottle" / "0"
    sq, banner = (1080, 1080), (300, 250)
    assets = [
        _asset(folder, "photo", "photo", (96, 96), [], "product.png", 1),
        _asset(folder, "ad1", "image", sq, ["photo"], "Water splash · square", 2),
        _asset(folder, "ad2", "image", sq, ["photo"], "Hiking trail · square", 3),
        _asset(folder, "ad3", "image", banner, ["photo"], "Hiking trail · banner", 4),
        _asset(folder, "ad4", "image", sq, ["ad2"], "warmer", 5),
    ]
    (folder / "assets" / "board.json").write_text(json.dumps({"shots": SHOTS}))
    assets.append({**asset_entry("board", "storyboard", "assets/board.json", None),
                   "parents": ["photo"], "caption": "Storyboard: 2 shots, 4 s"})
    draw_clip(1, folder / "assets", "clip")
    assets.append({**asset_entry("clip", "video", "assets/clip.mp4", (64, 64)),
                   "parents": ["board"], "caption": "Bottle, 4 s"})
    assets.append(_asset(folder, "poster", "poster", None, ["clip"], "Poster", 6))
    assets.append(_asset(folder, "preview", "preview", None, ["clip"], "Preview", 7))
    turns = [
        {"index": 0, "user": REQUEST_1, "new_assets": ["photo", "ad1", "ad2", "ad3"],
         "events": [{"type": "tool_start", "name": "update_brief", "args": BRIEF},
                    _event("ad1", "#1 · Water splash · square"),
                    _event("ad2", "#2 · Hiking trail · square"),
                    _event("ad3", "#3 · Hiking trail · banner")]},
        {"index": 1, "user": REQUEST_2, "new_assets": ["ad4"],
         "events": [{"type": "tool_start", "name": "update_brief", "args": {"tone": "warm"}},
                    _event("ad4", "#4 · edit of #2 · warmer")]},
        {"index": 2, "user": REQUEST_3, "new_assets": ["board", "clip", "poster", "preview"],
         "events": []},
    ]
    scores = [{"key": "t1.assets", "score": 1.0, "comment": "ok (image 3)"},
              {"key": "t2.reply", "score": 0.0, "comment": "no reply in English"}]
    record = {"run_id": run_id, "scenario": "bottle", "trial": 0, "passed": False,
              "scores": scores, "turns": turns, "assets": assets}
    (folder / "trial.json").write_text(json.dumps(record), encoding="utf-8")
    (run_dir / "run.json").write_text(json.dumps(
        {"run_id": run_id, "suite": "smoke", "engine": "local", "scenarios": ["bottle"],
         "created": "2026-12-01T10:00:00+00:00"}), encoding="utf-8")
    return run_dir
