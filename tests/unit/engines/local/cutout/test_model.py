"""The shipped u2netp model: found in its wheel, run offline, and a clear error without it."""

from __future__ import annotations

import functools
import importlib.metadata
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from core.errors import CapabilityError
from engines.local.cutout import cut_out, model
from evals import recipes


def test_the_weights_ship_inside_an_installed_wheel() -> None:
    path = model.model_path()
    assert path.name == "u2netp.onnx"
    assert path.stat().st_size > 4_000_000  # the 4.6 MB network, not a pointer file


def test_saliency_finds_the_bottle_and_not_the_backdrop() -> None:
    photo, mask = recipes.bottle_on_white()
    found, peak = model.saliency(np.asarray(photo))
    assert found.shape == (model.SIDE, model.SIDE) and peak > 0.5
    small = np.asarray(Image.fromarray(mask).resize((model.SIDE, model.SIDE)))
    assert found[small].mean() > 0.9 and found[~small].mean() < 0.05


def test_a_missing_model_package_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(name: str) -> importlib.metadata.Distribution:
        raise importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(importlib.metadata, "distribution", missing)
    with pytest.raises(CapabilityError) as info:
        model.model_path()
    assert "not installed" in info.value.message
    assert model.DISTRIBUTION in info.value.hint


def test_a_corrupt_model_file_falls_back_to_the_classical_matte(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    broken = tmp_path / "u2netp.onnx"
    broken.write_bytes(b"not a model at all")
    monkeypatch.setattr(model, "model_path", lambda: broken)
    monkeypatch.setattr(model, "_session", functools.cache(model._session.__wrapped__))
    with pytest.raises(CapabilityError) as info:
        model.session()
    assert "could not run" in info.value.message
    photo, mask = recipes.bottle_on_white()
    found = cut_out(photo)  # no crash: the classical matte, reported as doubtful
    assert found.method == "plain-background" and found.doubtful
