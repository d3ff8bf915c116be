"""The tests' shared cutouts: one cut per photo, a copy per caller, afresh when patched."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from PIL import Image

from engines.local import cutout
from engines.local.cutout import learned
from tests import cutout_memo

pytestmark = pytest.mark.fresh_cutout  # the package's own cut_out, not the suite's shared one


def _photo(shade: int) -> Image.Image:
    """A small product (a square of ``shade``) on white paper."""
    pixels = np.full((160, 160, 3), 255, np.uint8)
    pixels[40:120, 50:110] = (shade, 30, 40)
    return Image.fromarray(pixels)


class _Counting:
    """The real cutout, counting its calls."""

    def __init__(self) -> None:
        self.calls = 0
        self.real = cutout.cut_out

    def __call__(self, photo: Image.Image, box: Any = None) -> cutout.Cutout:
        self.calls += 1
        return self.real(photo, box)


def test_a_photo_is_cut_once_and_each_caller_gets_its_own_copy() -> None:
    real = _Counting()
    cut = cutout_memo.memoised(real)
    first, second = cut(_photo(201)), cut(_photo(201))
    assert real.calls == 1
    assert second.image is not first.image
    assert second.image.tobytes() == first.image.tobytes() and second.box == first.box
    second.image.paste((0, 0, 0, 0), (0, 0, 8, 8))  # a caller that draws on its cutout
    assert cut(_photo(201)).image.tobytes() == first.image.tobytes()


def test_another_photo_or_box_is_cut_again() -> None:
    real = _Counting()
    cut = cutout_memo.memoised(real)
    cut(_photo(202))
    cut(_photo(203))
    cut(_photo(202), (40, 30, 120, 130))
    assert real.calls == 3


def test_a_patched_cutout_module_is_never_answered_from_the_cache(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = _Counting()
    cut = cutout_memo.memoised(real)
    cut(_photo(204))
    shipped = learned._grey_saliency

    def patched(rgb: np.ndarray, box: tuple[int, int, int, int]) -> np.ndarray:
        return shipped(rgb, box)  # a test's stand-in: another object, whatever it does

    monkeypatch.setattr(learned, "_grey_saliency", patched)
    cut(_photo(204))
    assert real.calls == 2
