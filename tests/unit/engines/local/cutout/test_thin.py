"""Thin products at full resolution: the paper between wires goes, the wires stay.

Drawn here, pixel by pixel, on flat paper, with the mask the network would give (the
product's whole outline filled in): a grid of thin dark wires, a fan of thin grey wires
meeting at a handle (a whisk), and a red tote with a white logo of the paper's own colour,
which must stay, as must a woven white cloth on white paper: its threads are faint thin
lines, the cloth between them as near the paper's colour as a gap, but woven.
"""

from __future__ import annotations

import io

import cv2
import numpy as np
import pytest
from PIL import Image

from engines.local import cutout as cutout_module
from engines.local.cutout import classical
from engines.local.cutout.backdrop import Backdrop
from engines.local.cutout.learned import LearnedMask
from engines.local.cutout.thin import open_gaps

PAPER = (238, 236, 232)
SIZE = 600


def _backdrop() -> Backdrop:
    lab = classical.to_lab(np.array([[PAPER]], np.uint8))[0, 0]
    return Backdrop(lab=np.full((SIZE, SIZE, 3), lab, np.float32), plain=True)


def _paper() -> np.ndarray:
    return np.full((SIZE, SIZE, 3), PAPER, np.uint8)


def _grid() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A 3 px wire grid in a 3 px frame, 40 px cells: photo, filled mask, true wires."""
    photo = _paper()
    wires = np.zeros((SIZE, SIZE), bool)
    for at in range(100, 501, 40):
        wires[at - 1 : at + 2, 100:501] = True
        wires[100:501, at - 1 : at + 2] = True
    photo[wires] = (60, 60, 64)
    mask = np.zeros((SIZE, SIZE), bool)
    mask[96:505, 96:505] = True
    return photo, mask, wires


def _whisk() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Ten 2 px grey wire loops fanning out from a thick handle: photo, filled mask, wires."""
    photo = _paper()
    drawn = np.zeros((SIZE, SIZE), np.uint8)
    cv2.rectangle(drawn, (40, 285), (200, 315), 1, -1)  # the handle
    for spread in range(28, 240, 22):
        cv2.ellipse(drawn, (380, 300), (180, spread), 0, 0, 360, 1, 2)
    wires = drawn.astype(bool)
    photo[wires] = (150, 152, 158)
    mask = cv2.dilate(drawn, np.ones((9, 9), np.uint8)).astype(bool)
    mask |= classical.fill_holes(mask)
    return photo, mask, wires


def test_the_paper_between_a_grids_wires_goes_and_the_wires_stay() -> None:
    photo, mask, wires = _grid()
    gaps = open_gaps(mask, photo, _backdrop())
    cells = mask & ~cv2.dilate(wires.astype(np.uint8), np.ones((7, 7), np.uint8)).astype(bool)
    assert gaps[cells].mean() > 0.95  # the paper in the cells goes
    assert not (gaps & wires).any()  # every wire stays


def test_the_paper_between_a_whisks_wires_goes_and_the_handle_stays() -> None:
    photo, mask, wires = _whisk()
    gaps = open_gaps(mask, photo, _backdrop())
    near = cv2.dilate(wires.astype(np.uint8), np.ones((9, 9), np.uint8)).astype(bool)
    between = mask & ~near
    assert gaps[between].mean() > 0.6
    assert not (gaps & wires).any()


def test_a_white_logo_of_the_papers_colour_on_a_red_tote_stays() -> None:
    photo = _paper()
    mask = np.zeros((SIZE, SIZE), bool)
    mask[120:480, 140:460] = True
    photo[mask] = (196, 38, 44)
    for left in range(180, 420, 60):  # a row of paper-white letters, thin and thick
        photo[240:360, left : left + 40] = PAPER
        photo[270:330, left + 12 : left + 28] = (196, 38, 44)
    assert not open_gaps(mask, photo, _backdrop()).any()


def test_a_white_product_on_white_paper_stays() -> None:
    photo = _paper()
    mask = np.zeros((SIZE, SIZE), bool)
    cv2.circle(photo, (300, 300), 200, (242, 241, 238), -1)
    cv2.circle(photo, (300, 300), 200, (200, 200, 200), 2)  # its thin shaded outline
    cv2.circle(mask.view(np.uint8), (300, 300), 201, 1, -1)
    assert not open_gaps(mask, photo, _backdrop()).any()


def _woven(seed: int) -> tuple[np.ndarray, np.ndarray]:
    """A white linen cloth on the paper, as a JPEG: photo and mask.

    Its rows and columns of thread are each a shade darker at random (the weave, up to 9%),
    and cloth and paper have a camera's grain.
    """
    rng = np.random.default_rng(seed)
    photo = _paper().astype(np.float32) + rng.normal(0.0, 1.2, (SIZE, SIZE, 1))
    mask = np.zeros((SIZE, SIZE), bool)
    mask[80:520, 120:480] = True
    h, w = 440, 360
    weave = (1 - 0.018 * np.clip(np.abs(rng.normal(0, 1, (h, 1))), 0, 3)
             - 0.012 * np.clip(np.abs(rng.normal(0, 1, (1, w))), 0, 3))[..., None]
    cloth = np.asarray((246.0, 245.0, 241.0), np.float32) * weave
    photo[80:520, 120:480] = cloth + rng.normal(0.0, 1.2, (h, w, 1))
    buf = io.BytesIO()
    Image.fromarray(np.clip(photo + 0.5, 0, 255).astype(np.uint8)).save(buf, "JPEG", quality=85)
    return np.asarray(Image.open(io.BytesIO(buf.getvalue())).convert("RGB")), mask


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_woven_white_cloth_on_white_paper_stays_whole(seed: int) -> None:
    photo, mask = _woven(seed)
    assert not open_gaps(mask, photo, _backdrop()).any()


def test_the_paper_between_wires_keeps_the_papers_grain_and_goes() -> None:
    photo, mask, wires = _grid()
    rng = np.random.default_rng(4)
    grainy = np.clip(photo + rng.normal(0.0, 1.2, (SIZE, SIZE, 1)) + 0.5, 0, 255)
    gaps = open_gaps(mask, grainy.astype(np.uint8), _backdrop())
    cells = mask & ~cv2.dilate(wires.astype(np.uint8), np.ones((7, 7), np.uint8)).astype(bool)
    assert gaps[cells].mean() > 0.95


@pytest.mark.parametrize("inside, shown, opened", [
    (0.0, 0.3, True),  # a grill's grate: no cell as exact as the paper, yet paper shows
    (0.2, 0.0, True),  # paper walled inside the mask
    (0.0, 0.1, False),  # neither: nothing to open (a clear product, a white one)
])
def test_the_gaps_open_when_the_paper_shows_between_fine_parts(
    inside: float, shown: float, opened: bool,
) -> None:
    photo, mask, wires = _grid()
    found = LearnedMask(mask=mask, saliency=mask.astype(np.float32), agreement=1.0, peak=1.0,
                        coherent=True, backdrop=_backdrop(), paper_inside=inside,
                        paper_shown=shown)
    kept = cutout_module._opened(found, photo).mask
    assert kept[wires].mean() > 0.95  # the bars stay either way
    cells = mask & ~cv2.dilate(wires.astype(np.uint8), np.ones((7, 7), np.uint8)).astype(bool)
    assert (kept[cells].mean() < 0.05) if opened else kept[cells].all()
