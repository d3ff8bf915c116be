"""The cutout's confidence: each measure lowers it, with a reason a user can read."""

from __future__ import annotations

import numpy as np

from engines.local.cutout.confidence import DOUBTFUL, PAPER_INSIDE, assess


def product() -> tuple[np.ndarray, np.ndarray]:
    mask = np.zeros((200, 200), bool)
    mask[50:150, 60:140] = True
    return mask, mask.astype(np.float32)


def test_a_crisp_agreeing_mask_is_trusted() -> None:
    mask, saliency = product()
    found = assess(mask, saliency, agreement=0.98, peak=1.0)
    assert found.confidence == 1.0 and found.doubts == () and not found.no_product


def test_passes_that_disagree_make_it_doubtful_and_say_why() -> None:
    mask, saliency = product()
    found = assess(mask, saliency, agreement=0.65, peak=1.0)
    assert found.confidence < DOUBTFUL
    assert any("two scales" in d for d in found.doubts)


def test_a_soft_wide_ramp_is_doubted() -> None:
    mask, _ = product()
    ramp = np.tile(np.linspace(0.0, 1.0, 200, dtype=np.float32), (200, 1))
    found = assess(mask, ramp, agreement=0.95, peak=1.0)
    assert found.confidence < DOUBTFUL
    assert any("faint" in d for d in found.doubts)


def test_the_whole_frame_is_doubted_and_nothing_is_no_product() -> None:
    full = np.ones((100, 100), bool)
    assert assess(full, full.astype(np.float32), 0.99, 1.0).confidence < DOUBTFUL
    empty = np.zeros((100, 100), bool)
    assert assess(empty, empty.astype(np.float32), 1.0, 0.02).no_product
    mask, saliency = product()
    scattered = assess(mask, saliency, agreement=0.2, peak=0.9, coherent=False)
    assert scattered.no_product  # a texture: pieces that differ at each scale
    one_object = assess(mask, saliency, agreement=0.2, peak=0.9, coherent=True)
    assert not one_object.no_product and one_object.confidence < DOUBTFUL


def test_paper_kept_inside_the_product_makes_it_doubtful_and_says_where() -> None:
    mask, saliency = product()
    assert assess(mask, saliency, 0.98, 1.0, paper_inside=0.02).confidence == 1.0
    filled = assess(mask, saliency, 0.98, 1.0, paper_inside=PAPER_INSIDE + 0.01)
    assert filled.confidence < DOUBTFUL and not filled.no_product
    assert any("hoop, loop or handle" in d for d in filled.doubts)
