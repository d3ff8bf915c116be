"""Eval run folders as `adstudio eval run` writes them, drawn small, for the review tests.

The layout is the contract between the eval runner and human review:
``RUN_DIR/run.json`` and ``RUN_DIR/trials/<scenario>/<k>/trial.json`` with the trial's
assets under ``assets/``.
"""

from __future__ import annotations

import json
import zlib
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image, ImageDraw

from engines.local.encoding.encode import write_video

SIZE = (96, 96)


def draw_ad(seed: int, path: Path) -> Path:
    """A small drawn 'ad' (a backdrop colour and a bottle-like shape), unique per seed."""
    rng = np.random.default_rng(seed)
    backdrop = tuple(int(v) for v in rng.integers(90, 250, 3))
    img = Image.new("RGB", SIZE, backdrop)
    draw = ImageDraw.Draw(img)
    draw.rounded_rectangle((36, 20, 60, 84), radius=6, fill=(150, 160, 172))
    draw.rectangle((36, 44, 60, 60), fill=(236, 234, 228))
    path.parent.mkdir(parents=True, exist_ok=True)
    img.save(path)
    return path


def draw_clip(seed: int, folder: Path, stem: str) -> Path:
    """A half-second MP4 (H.264) of a shape sliding over a backdrop."""
    def frames() -> Any:
        for i in range(6):
            frame = np.full((64, 64, 3), 40 + seed * 20, dtype=np.uint8)
            frame[20:44, 4 + i * 6: 20 + i * 6] = (230, 230, 220)
            yield frame

    return write_video(frames(), total=6, fps=12, out_dir=folder, stem=stem,
                       preview=False).mp4


def asset_entry(asset_id: str, kind: str, path: str, size: tuple[int, int] | None) -> dict:
    """One asset of trial.json."""
    return {"id": asset_id, "kind": kind, "path": path,
            "format": path.rsplit(".", 1)[-1], "width": size[0] if size else None,
            "height": size[1] if size else None, "parents": [], "capability": None}


def write_trial(run_dir: Path, run_id: str, scenario: str, trial: int, images: int,
                video: bool = False, extra: list[dict] | None = None) -> Path:
    """One trial with ``images`` PNG ads (and an MP4 with ``video``); return its folder."""
    folder = run_dir / "trials" / scenario / str(trial)
    assets = []
    for i in range(images):
        asset_id = f"img_{scenario}_{trial}_{i}"
        draw_ad(zlib.crc32(asset_id.encode()), folder / "assets" / f"{asset_id}.png")
        assets.append(asset_entry(asset_id, "image", f"assets/{asset_id}.png", SIZE))
    if video:
        asset_id = f"vid_{scenario}_{trial}"
        draw_clip(trial, folder / "assets", asset_id)
        assets.append(asset_entry(asset_id, "video", f"assets/{asset_id}.mp4", None))
    trial_json = {"run_id": run_id, "scenario": scenario, "trial": trial, "seed": trial,
                  "passed": True, "scores": [{"key": "ok", "score": 1.0, "comment": ""}],
                  "assets": assets + (extra or []), "latency_s": 0.1}
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "trial.json").write_text(json.dumps(trial_json), encoding="utf-8")
    return folder


def write_run(root: Path, run_id: str = "run-1", scenarios: dict[str, int] | None = None,
              repeat: int = 1, video: bool = False, **manifest: Any) -> Path:
    """A run folder ``root/run_id``: ``scenarios`` maps a scenario to its images per trial."""
    scenarios = {"bottle-summer": 2, "mug-winter": 1} if scenarios is None else scenarios
    run_dir = root / run_id
    run_dir.mkdir(parents=True, exist_ok=True)
    info = {"run_id": run_id, "suite": "smoke", "engine": "local",
            "created": "2026-11-24T10:00:00+00:00", "repeat": repeat,
            "scenarios": list(scenarios), "summary": {"passed": 3}, **manifest}
    (run_dir / "run.json").write_text(json.dumps(info), encoding="utf-8")
    for scenario, images in scenarios.items():
        for trial in range(repeat):
            write_trial(run_dir, run_id, scenario, trial, images, video=video)
    return run_dir
