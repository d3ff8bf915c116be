"""The learned route on the benchmark's tune cases: handle gaps, white on white, shadows.

Only ``tune`` cases are used here: ``held_out`` and ``fresh`` are for reporting.
"""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from benchmarks.cutout import enclosed_holes
from benchmarks.cutout_cases import Case, cases
from core.errors import CapabilityError, NoProductError
from engines.local import cutout as cutout_module
from engines.local.cutout import cut_out, learned
from evals import recipes
from tests import media


def tune(name: str) -> Case:
    return next(c for c in cases() if c.name == name and c.split == "tune")


def predicted(case: Case) -> np.ndarray:
    found = cut_out(case.photo)
    mask = np.zeros(case.mask.shape, bool)
    left, top, right, bottom = found.box
    mask[top:bottom, left:right] = np.asarray(found.image.getchannel("A")) >= 128
    return mask


def test_the_gap_under_a_tote_handle_is_background() -> None:
    case = tune("tote/red")
    mask = predicted(case)
    gap = enclosed_holes(case.mask)
    assert gap.sum() > 1000 and mask[gap].mean() < 0.01
    assert media.iou(mask, case.mask) >= 0.97


def test_a_white_tee_on_white_is_kept_whole() -> None:
    case = tune("tee/white")
    assert media.iou(predicted(case), case.mask) >= 0.93  # 0.13 of the shirt before


def test_the_photos_drop_shadow_stays_behind() -> None:
    case = tune("hoodie_black/white/drop")
    mask = predicted(case)
    assert mask[case.shadow].mean() <= 0.01
    assert media.iou(mask, case.mask) >= 0.97


def test_a_texture_has_no_product() -> None:
    texture = Image.open(io.BytesIO(recipes.recipe_bytes("texture")))
    with pytest.raises(NoProductError):
        cut_out(texture)


def test_without_the_model_the_classical_matte_is_used_and_doubted(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def unavailable(rgb: np.ndarray) -> None:
        raise CapabilityError("The local cutout model is not installed.")

    monkeypatch.setattr(cutout_module, "learned_mask", unavailable)
    photo, mask = recipes.bottle_on_white()
    found = cut_out(photo)
    assert found.method == "plain-background"
    assert found.doubtful and found.doubts
    full = np.zeros(mask.shape, bool)
    left, top, right, bottom = found.box
    full[top:bottom, left:right] = np.asarray(found.image.getchannel("A")) >= 128
    assert media.iou(full, mask) >= 0.95


def test_a_held_arm_running_off_the_frame_joins_the_product() -> None:
    mask = np.zeros((200, 300), bool)
    mask[40:160, 60:120] = True  # the product the network found
    lab = np.zeros((200, 300, 3), np.float32)
    lab[..., 0] = 95.0
    paper = lab.copy()
    lab[90:130, 120:300, 1:] = (15.0, 20.0)  # a skin-toned arm out to the right edge
    lab[10:20, 200:220, 1:] = (15.0, 20.0)  # a separate coloured speck: not the product
    lab[150:170, 20:60, 1:] = (15.0, 20.0)  # a prop touching the product, inside the frame
    joined = learned._joined(mask, lab, paper)
    assert joined[100, 250] and joined[100, 299]
    assert not joined[15, 210] and not joined[160, 40]


def test_when_the_crop_pass_loses_the_product_the_whole_photo_pass_is_used(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    photo, truth = recipes.bottle_on_white()
    h, w = truth.shape
    first = truth.astype(np.float32)
    ring = np.zeros_like(first)
    ring[400:420, 380:420] = 1.0  # the crop's pass latched onto a small label

    def passes(rgb: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
        assert rgb.shape[:2] == (h, w)
        return ring, first, 1.0

    monkeypatch.setattr(learned, "two_pass_saliency", passes)
    found = learned.learned_mask(np.asarray(photo))
    assert media.iou(found.mask, truth) > 0.95
    assert found.agreement < 0.1 and found.coherent


@pytest.mark.parametrize(("product_delta_e", "gap_removed"), [(40.0, True), (3.0, False)])
def test_a_backdrop_coloured_region_is_questioned_only_on_a_product_unlike_its_backdrop(
    monkeypatch: pytest.MonkeyPatch, product_delta_e: float, gap_removed: bool
) -> None:
    mask = np.zeros((200, 300), bool)
    mask[20:180, 40:260] = True
    delta_e = np.full(mask.shape, 50.0, np.float32)
    delta_e[mask] = product_delta_e
    delta_e[80:120, 130:170] = 1.0  # paper-coloured, inside the outline: a gap or a logo
    saliency = mask.astype(np.float32)  # the network kept all of it
    monkeypatch.setattr(learned, "_grey_saliency", lambda rgb, box: np.zeros(mask.shape))
    gaps = learned._backdrop_gaps(mask, saliency, np.zeros((200, 300, 3), np.uint8), delta_e)
    assert bool(gaps[100, 150]) is gap_removed
    assert not gaps[50, 60]  # the product itself is never a gap


def _count_passes(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, int]]:
    """Record the size of every input the network is run on."""
    seen: list[tuple[int, int]] = []
    run = learned.model.saliency

    def counted(rgb: np.ndarray) -> tuple[np.ndarray, float]:
        seen.append(rgb.shape[:2])
        return run(rgb)

    monkeypatch.setattr(learned.model, "saliency", counted)
    return seen


def test_a_product_filling_the_photo_needs_one_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    photo = np.full((500, 600, 3), 244, np.uint8)
    photo[30:470, 40:560] = (196, 60, 48)  # a red box spanning most of the frame
    truth = np.zeros(photo.shape[:2], bool)
    truth[30:470, 40:560] = True
    passes = _count_passes(monkeypatch)
    found = learned.learned_mask(photo)
    assert passes == [(500, 600)]  # the crop would show the network the same view
    assert media.iou(found.mask, truth) >= 0.97 and found.agreement == 1.0


def test_a_narrow_product_gets_its_sharper_second_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    photo, truth = recipes.bottle_on_white()
    passes = _count_passes(monkeypatch)
    found = learned.learned_mask(np.asarray(photo))
    assert len(passes) >= 2 and passes[1][1] < photo.width / 2  # a crop around the bottle
    assert media.iou(found.mask, truth) >= 0.97


def _trousers() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A drawn mask of trousers cut by the bottom edge, its leg gap, and a label on it."""
    mask = np.zeros((300, 300), bool)
    mask[20:, 40:260] = True  # the network kept the legs and the paper between them
    gap = np.zeros_like(mask)
    gap[140:, 130:170] = True  # paper between the legs, running off the bottom
    label = np.zeros_like(mask)
    label[50:90, 120:180] = True  # a white label on the waistband
    return mask, gap, label


def test_paper_between_legs_cut_by_the_frame_is_a_gap_without_asking_the_network(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    mask, gap, label = _trousers()
    delta_e = np.where(gap | label, np.float32(2.0), np.float32(60.0))
    monkeypatch.setattr(learned, "_grey_saliency", lambda rgb, box: np.ones(mask.shape))
    gaps = learned._backdrop_gaps(mask, mask.astype(np.float32), np.zeros((300, 300, 3),
                                  np.uint8), delta_e)
    assert gaps[gap].mean() > 0.95 and not gaps[label].any()


def test_a_leg_gap_shaded_where_it_leaves_the_frame_goes_with_its_shadow(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    mask, gap, label = _trousers()
    foot = gap.copy()
    foot[:240] = False  # the lower part of the gap is in the trousers' shadow
    delta_e = np.where((gap & ~foot) | label, np.float32(2.0), np.float32(60.0))
    monkeypatch.setattr(learned, "_grey_saliency", lambda rgb, box: np.ones(mask.shape))
    gaps = learned._backdrop_gaps(mask, mask.astype(np.float32), np.zeros((300, 300, 3),
                                  np.uint8), delta_e, shade=foot)
    assert gaps[gap].mean() > 0.95 and not gaps[label].any()
    assert not gaps[mask & ~gap].any()  # the legs stay


def test_tune_sweatpants_lose_the_paper_between_their_legs() -> None:
    case = tune("sweatpants/red-cropped")
    mask = predicted(case)
    assert media.iou(mask, case.mask) >= 0.97
    assert mask[case.shadow].mean() <= 0.1
