"""The learned route on the benchmark's tune cases: handle gaps, white on white, shadows.

Only ``tune`` cases are used here: ``held_out`` and ``fresh`` are for reporting.
"""

from __future__ import annotations

import io

import cv2
import numpy as np
import pytest
from PIL import Image

from benchmarks.cutout import enclosed_holes
from benchmarks.cutout_cases import Case, split_cases
from core.errors import CapabilityError, NoProductError
from engines.local import cutout as cutout_module
from engines.local.cutout import classical, cut_out, learned
from evals import recipes
from tests import media


def tune(name: str) -> Case:
    return next(c for c in split_cases("tune") if c.name == name)


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


@pytest.mark.parametrize(("region_delta_e", "restored"), [(6.0, True), (0.4, False)])
def test_a_region_only_the_whole_photo_pass_was_sure_of_is_product_unless_it_is_paper(
    region_delta_e: float, restored: bool
) -> None:
    first = np.zeros((200, 200), np.float32)
    first[40:160, 40:160] = 1.0  # the whole photo's pass: one garment, sleeve included
    second = first.copy()
    second[40:160, 130:160] = 0.3  # the crop's pass doubts the sleeve
    second[100:102, 100:102] = 0.3  # and a speck too small to matter
    delta_e = np.full(first.shape, 20.0, np.float32)
    delta_e[40:160, 130:160] = region_delta_e  # a grey-white sleeve, or the paper in a gap
    fused = learned._restored(first, second, delta_e)
    assert (fused[40:160, 130:160] >= learned.THRESHOLD).all() == restored
    assert fused[100, 100] == pytest.approx(0.3)
    assert np.array_equal(fused[:, :130], second[:, :130])


def test_tune_white_tee_keeps_the_part_only_the_whole_photo_pass_was_sure_of() -> None:
    case = tune("tee/white")
    assert media.iou(predicted(case), case.mask) >= 0.97  # 0.95 on the crop's pass alone


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


@pytest.mark.parametrize(("region_delta_e", "asked"), [(1.0, True), (3.5, False)])
def test_only_a_region_of_the_papers_own_colour_costs_a_grey_pass(
    monkeypatch: pytest.MonkeyPatch, region_delta_e: float, asked: bool
) -> None:
    mask = np.zeros((200, 300), bool)
    mask[20:180, 40:260] = True  # a navy product on white paper
    delta_e = np.where(mask, np.float32(40.0), np.float32(0.0))
    delta_e[80:120, 130:170] = region_delta_e  # paper in a gap, or a light grey label
    calls: list[tuple[int, int, int, int]] = []

    def grey(rgb: np.ndarray, box: tuple[int, int, int, int]) -> np.ndarray:
        calls.append(box)
        return np.zeros(mask.shape)  # the grey copy calls it background either way

    monkeypatch.setattr(learned, "_grey_saliency", grey)
    gaps = learned._backdrop_gaps(mask, mask.astype(np.float32),
                                  np.zeros((200, 300, 3), np.uint8), delta_e)
    assert bool(calls) is asked
    assert bool(gaps[100, 150]) is asked  # the label stays product, unasked


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
    assert mask[case.shadow].mean() <= 0.01  # the shadow at the gap's foot goes too


def _white_tote() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A drawn white tote's mask with its handle filled in, the gap, and a white logo.

    The network fills the gap under a white handle on white paper; the mask here is what
    it returns. The gap is paper (delta E ~0.3 from the backdrop), the tote's own white is
    a little off it (~4), the logo deep in the body exactly paper-white.
    """
    mask = np.zeros((400, 400), bool)
    mask[160:380, 80:320] = True  # the body
    mask[48:160, 148:252] = True  # the handle's outer outline, the gap filled in
    gap = np.zeros_like(mask)
    gap[60:160, 160:240] = True  # inside the 12 px handle, down to the body's top edge
    logo = np.zeros_like(mask)
    logo[240:300, 170:230] = True  # a white logo in the middle of the body
    return mask, gap, logo


def test_paper_seen_through_a_white_handle_is_a_gap_and_a_white_logo_stays() -> None:
    mask, gap, logo = _white_tote()
    delta_e = np.full(mask.shape, 4.0, np.float32)
    delta_e[gap] = 0.3
    delta_e[logo] = 0.3
    found = learned._paper_gaps(mask, delta_e, np.zeros_like(mask))
    assert found[gap].mean() > 0.95
    assert not found[logo].any()
    assert not found[mask & ~gap].any()


def test_paper_coloured_white_reaching_the_outline_is_not_a_gap() -> None:
    mask, gap, _ = _white_tote()
    delta_e = np.full(mask.shape, 4.0, np.float32)
    stripe = np.zeros_like(mask)
    stripe[48:120, 190:210] = True  # a highlight across the handle's top, on the outline
    delta_e[stripe] = 0.3
    assert not learned._paper_gaps(mask, delta_e, np.zeros_like(mask)).any()


def test_a_white_gap_in_a_shadow_is_only_taken_whole_when_the_shadow_stays_inside() -> None:
    mask, gap, _ = _white_tote()
    delta_e = np.full(mask.shape, 4.0, np.float32)
    delta_e[gap] = 0.3
    shade = np.zeros_like(mask)
    shade[120:160, 160:240] = True  # the handle's shadow falls into the lower gap
    delta_e[shade] = 9.0
    found = learned._paper_gaps(mask, delta_e, shade)
    assert found[gap].mean() > 0.95  # the shaded part goes with the paper above it
    assert not found[mask & ~gap].any()


def _bangle(inside: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A bangle seen from above: a 40 px metal wall round a loop the network filled in.

    The loop is more than half of the mask and its wall is far thicker than a handle's;
    ``inside`` gives the loop's delta E (paper: a flat 0.3). Returns the mask, the loop and
    the delta E.
    """
    ys, xs = np.mgrid[:400, :400]
    radius = np.hypot(ys - 200, xs - 200)
    mask, loop = radius < 150, radius < 110
    delta_e = np.full(mask.shape, 12.0, np.float32)  # the metal, plainly off the paper
    delta_e[loop] = 0.3 if inside is None else inside[loop]
    return mask, loop, delta_e


def test_a_large_loop_as_flat_as_the_paper_is_a_gap_however_thick_its_wall() -> None:
    mask, loop, delta_e = _bangle()
    found = learned._paper_gaps(mask, delta_e, np.zeros_like(mask))
    assert found[loop].mean() > 0.95
    assert not found[mask & ~loop].any()  # the wall stays


def _coiled_loop() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """A coiled cable's loop, its inside half opened by the network.

    The network opened the lower inside (where the coil's shadow falls) and filled the
    upper inside in, a band of that shadow between the two.

    Returns the mask, the filled paper, the shadow band in the mask and the delta E.
    """
    mask, loop, delta_e = _bangle()
    ys = np.mgrid[:400, :400][0]
    opened = loop & (ys >= 230)  # the hole the network left, in the shadow
    band = loop & (ys >= 210) & (ys < 230)  # shade the network kept (3 L* darker)
    delta_e[band] = 3.0
    return mask & ~opened, loop & (ys < 210), band, delta_e


def test_the_rest_of_a_loop_the_network_half_opened_is_paper_without_a_cast_shadow() -> None:
    mask, paper, band, delta_e = _coiled_loop()
    shade = band.copy()  # the paper in shadow: same hue, darker, smooth
    darker = np.where(band, np.float32(3.0), np.float32(0.0))
    found = learned._paper_gaps(mask, delta_e, shade, shade, darker=darker)
    assert found[paper].mean() > 0.95 and found[band].mean() > 0.95  # no cast shadow needed
    assert not found[mask & ~paper & ~band].any()  # the cable's wall stays


def test_a_paper_white_dial_without_a_hole_or_a_cast_shadow_stays() -> None:
    mask, loop, delta_e = _bangle()  # the same ring, its inside whole: a clock's dial
    darker = np.zeros(mask.shape, np.float32)
    assert not learned._paper_gaps(mask, delta_e, np.zeros_like(mask), darker=darker).any()


def test_a_large_flat_region_on_a_photo_blown_out_to_white_needs_the_thin_wall() -> None:
    # a white plate's well on paper clipped to pure white: as flat as the paper, not a gap
    mask, loop, delta_e = _bangle()
    blown = np.ones_like(mask)
    assert not learned._paper_gaps(mask, delta_e, np.zeros_like(mask), blown=blown).any()
    assert learned._paper_gaps(mask, delta_e, np.zeros_like(mask), blown=~blown)[loop].all()


def test_a_large_paper_white_face_with_its_own_shading_stays() -> None:
    # a white product's face on its own paper: exact on the whole (median 0.9) but shading
    # across itself, so only 60% of it lies within a just noticeable difference
    shading = np.tile(np.abs(np.linspace(-0.3, 2.0, 400, dtype=np.float32)), (400, 1))
    mask, _, delta_e = _bangle(shading)
    assert not learned._paper_gaps(mask, delta_e, np.zeros_like(mask)).any()


def test_only_a_gap_larger_than_a_quarter_of_the_product_is_a_loop() -> None:
    mask, loop, _ = _bangle()
    small = np.zeros_like(mask)
    small[190:210, 320:340] = True  # a rivet hole in the wall
    found = learned._loops(loop | small, mask)  # the product before the cut
    assert found[loop].all() and not found[small].any()


def test_a_grey_ring_round_a_loop_cut_out_is_not_taken_for_the_shadow_at_its_edge() -> None:
    # a steel key ring (grey, no hue, darker than the paper) with a red fob on it; the paper
    # inside the ring was cut out, the ring's shadow fading into it from the ring's edge
    ys, xs = np.mgrid[:400, :400]
    radius = np.hypot(ys - 160, xs - 200)
    ring = (radius >= 110) & (radius < 122)
    lab = np.zeros((400, 400, 3), np.float32)
    lab[..., 0] = 95.0
    paper = lab.copy()
    for r in range(96, 110):
        lab[(radius >= r) & (radius < r + 1), 0] = 95.0 - 0.8 * (r - 95)
    lab[ring, 0] = 83.0
    fob = (np.abs(xs - 200) < 40) & (ys >= 250) & (ys < 380)
    lab[fob] = (45.0, 55.0, 40.0)
    loop, mask = radius < 110, ring | fob
    assert learned._shadow_rim(mask, lab, paper)[ring].any()  # its edge taken for outline
    loops = learned._loops(loop, mask | loop)
    assert not learned._shadow_rim(mask | loops, lab, paper).any()


def _hoop(band: tuple[float, float, float]) -> tuple[np.ndarray, ...]:
    """A hoop (Lab ``band``) round a cut loop, with a faint pale rim left inside the band.

    Returns the photo's Lab, the paper's Lab, the mask after the cut, the loop, the rim.
    """
    ys, xs = np.mgrid[:400, :400]
    radius = np.hypot(ys - 200, xs - 200)
    lab = np.zeros((400, 400, 3), np.float32)
    lab[..., 0] = 92.0
    paper = lab.copy()
    hoop = (radius >= 120) & (radius < 130)
    rim = (radius >= 118) & (radius < 120)  # the band's faint shadow: 2 L* darker, no hue
    lab[hoop] = band
    lab[rim, 0] = 90.0
    return lab, paper, hoop | rim, radius < 118, rim


def test_the_pale_rim_left_round_a_cut_loop_goes_and_a_gold_band_stays() -> None:
    lab, paper, mask, loop, rim = _hoop((70.0, 5.0, 45.0))
    delta_e = np.hypot(*(lab - paper).transpose(2, 0, 1)).astype(np.float32)
    edge = learned._loop_edge(mask, loop, lab, paper, delta_e)
    assert edge[rim].all()
    assert not edge[mask & ~rim].any()


def test_a_thin_pale_ring_beside_a_dark_part_of_the_product_stays() -> None:
    # a 3 px silver ring (pale, no hue, a little darker than the paper) with a dark fob: the
    # product as a whole is unlike its paper, the ring itself is not, so it is no rim
    lab, paper, mask, loop, rim = _hoop((86.0, 0.0, 0.0))
    lab[331:400, 60:340] = (30.0, 0.0, 0.0)  # the fob, most of the product
    mask = mask.copy()
    mask[331:400, 60:340] = True
    delta_e = np.hypot(*(lab - paper).transpose(2, 0, 1)).astype(np.float32)
    ring = mask & ~rim & (np.abs(lab[..., 0] - 86.0) < 0.5)
    assert not learned._loop_edge(mask, loop, lab, paper, delta_e)[ring].any()


def test_no_rim_is_taken_round_a_loop_in_a_band_as_pale_as_the_paper() -> None:
    lab, paper, mask, loop, _ = _hoop((88.0, 0.5, 2.0))  # a white band on off-white
    delta_e = np.hypot(*(lab - paper).transpose(2, 0, 1)).astype(np.float32)
    assert not learned._loop_edge(mask, loop, lab, paper, delta_e).any()


def test_a_coloured_part_within_the_products_outline_joins_it() -> None:
    mask = np.zeros((300, 300), bool)
    mask[40:80, 60:240] = True  # a waistband the network found
    mask[80:260, 160:240] = True  # one leg
    mask[220:260, 60:150] = True  # and the foot of the other
    lab = np.zeros((300, 300, 3), np.float32)
    lab[..., 0] = 95.0
    paper = lab.copy()
    lab[80:260, 60:150, 1:] = (-20.0, 10.0)  # the other leg, green, the network unsure of
    lab[150:200, 250:290, 1:] = (-20.0, 10.0)  # a green prop beside the product
    joined = learned._joined(mask, lab, paper)
    assert joined[84:216, 64:146].all()  # the rest of that leg, inside the product's hull
    assert not joined[150:200, 255:290].any()  # the prop, outside it


def test_a_prop_in_the_crook_of_a_mugs_handle_stays_out_despite_a_far_speck() -> None:
    mask = np.zeros((300, 300), bool)
    mask[60:220, 40:160] = True  # the mug's body
    mask[80:180, 160:220] = True  # its handle ...
    mask[100:160, 160:200] = False  # ... round its opening
    mask[280:290, 280:290] = True  # a speck the mask kept on the paper, far off
    lab = np.zeros((300, 300, 3), np.float32)
    lab[..., 0] = 95.0
    paper = lab.copy()
    lab[180:215, 175:215, 1:] = (-20.0, 10.0)  # a green prop resting below the handle
    joined = learned._joined(mask, lab, paper)
    # the speck would stretch the hull over the prop; the mug's own hull holds half of it
    assert not joined[180:215, 175:215].any()


def test_the_shadow_along_a_coloured_products_outline_goes_and_its_black_strap_stays() -> None:
    lab = np.zeros((300, 300, 3), np.float32)
    lab[..., 0] = 95.0  # the paper
    paper = lab.copy()
    lab[50:250, 50:200] = (50.0, 60.0, 40.0)  # a red product
    lab[50:250, 200:202, 0] = 78.0  # its drop shadow on the paper beside it: darker, no hue
    lab[50:250, 202:212, 0] = 80.0  # going on past the outline, fading only further out
    lab[40:260, 30:48, 0] = 90.0  # the strap's own shadow beyond it
    lab[50:250, 48:50, 0] = 25.0  # a black strap along its left side
    mask = np.zeros((300, 300), bool)
    mask[50:250, 48:202] = True  # the network's outline (the rim is 2 px here) took both
    rim = learned._shadow_rim(mask, lab, paper)
    assert rim[60:240, 200:202].all()  # the shadow goes
    assert not rim[:, :200].any()  # the strap and the product stay


def test_a_glass_wall_beside_its_coloured_drink_is_not_taken_for_shadow() -> None:
    lab = np.zeros((300, 300, 3), np.float32)
    lab[..., 0] = 95.0
    paper = lab.copy()
    lab[50:250, 52:200] = (85.0, -5.0, 40.0)  # lemonade seen through the glass
    lab[50:250, 48:52, 0] = 80.0  # the glass's grey wall: a step from the paper beside it
    lab[40:260, 30:48, 0] = 90.0  # a faint floor shadow on the paper past the wall
    mask = np.zeros((300, 300), bool)
    mask[50:250, 48:200] = True
    assert not learned._shadow_rim(mask, lab, paper).any()


def _red_product_with_contact_line() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A red product on paper, a contact line under it and a cast shadow fading past it.

    The line (32 L* darker, no hue) is darker than the shadow just past the outline, which
    fades from it at 4 L* a pixel; the network's outline took the line's top 6 rows.
    Returns the photo's Lab, the paper's Lab and that mask.
    """
    lab = np.zeros((300, 300, 3), np.float32)
    lab[..., 0] = 95.0
    paper = lab.copy()
    lab[50:200, 50:250] = (50.0, 60.0, 40.0)  # the red product
    lab[200:206, 50:250, 0] = 95.0 - 32.0  # the contact line under it
    for i, row in enumerate(range(206, 214)):  # fading into the paper past the outline
        lab[row, 50:250, 0] = 95.0 - max(0.0, 28.0 - 4.0 * i)
    mask = np.zeros((300, 300), bool)
    mask[50:206, 50:250] = True
    return lab, paper, mask


def test_a_contact_line_darker_than_the_shadow_past_it_goes_whole() -> None:
    lab, paper, mask = _red_product_with_contact_line()
    rim = learned._shadow_rim(mask, lab, paper)
    assert rim[200:206, 60:240].all()  # all of the line, deeper than the rim's 2 px
    assert not rim[:200].any()  # the product stays


def test_a_grey_wall_as_dark_as_a_contact_line_but_ending_sharply_stays() -> None:
    lab, paper, mask = _red_product_with_contact_line()
    lab[206:214, 50:250, 0] = 90.0  # past the outline: a faint shadow, a sharp step away
    assert not learned._shadow_rim(mask, lab, paper).any()


def _white_product_with_shadow(grey_part: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A white product (lighter than its shadow, no hue) whose drop shadow lies to its right.

    The network's outline took the shadow's first 2 px (12 L* darker); past them it fades
    by 1 L* a pixel. ``grey_part``: the product has a grey band of its own (12 L* darker,
    as dark as the shadow) running to that outline. Returns Lab, paper's Lab, the mask.
    """
    lab = np.zeros((300, 300, 3), np.float32)
    lab[..., 0] = 95.0
    paper = lab.copy()
    lab[50:250, 50:200, 0] = 96.0  # the white product
    if grey_part:
        lab[120:160, 60:200, 0] = 83.0
    lab[50:250, 200:202, 0] = 83.0  # the shadow under the outline
    for i, col in enumerate(range(202, 214)):
        lab[50:250, col, 0] = 95.0 - max(0.0, 11.0 - i)
    mask = np.zeros((300, 300), bool)
    mask[50:250, 50:202] = True
    return lab, paper, mask


def test_the_soft_shadow_beside_a_white_product_goes() -> None:
    lab, paper, mask = _white_product_with_shadow(grey_part=False)
    rim = learned._shadow_rim(mask, lab, paper)
    assert rim[60:240, 200:202].all()
    assert not rim[:, :200].any()


def test_a_white_products_own_grey_part_is_not_taken_with_its_shadow() -> None:
    lab, paper, mask = _white_product_with_shadow(grey_part=True)
    rim = learned._shadow_rim(mask, lab, paper)
    assert not rim[120:160, :198].any()  # the grey band stays, past the rim
    assert rim[60:110, 200:202].all()


def test_a_cream_handle_is_not_the_shadow_of_the_paper_seen_through_it() -> None:
    lab = np.zeros((100, 100, 3), np.float32)
    lab[...] = (94.5, 0.0, 2.5)  # off-white paper
    paper = lab.copy()
    lab[:, :30] = (91.5, 0.5, 6.5)  # a cream handle: a little darker, a little yellower
    lab[:, 60:] = (86.0, 0.0, 2.3)  # the paper in the handle's shadow
    shade, paper_shade = learned._shaded(lab, paper)
    assert shade[:, :25].all() and shade[:, 70:].all()  # both look like shadow at first
    assert paper_shade[:, 70:].all()
    assert not paper_shade[:, :25].any()


def test_tune_cream_shopper_loses_the_paper_and_shadow_in_its_loop() -> None:
    case = tune("shopper/cream-loop")
    mask = predicted(case)
    holes = enclosed_holes(case.mask)
    assert mask[holes].mean() < 0.1
    assert mask[case.shadow].mean() < 0.02
    assert mask[case.mask].mean() > 0.99


def _open_trousers() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Drawn trousers wholly in the frame, the network's mask over their leg gap.

    Returns the mask the network kept (legs, and the paper between them closed over at the
    hems), the true leg gap, and where the floor's shadow lies (in the gap and past the hems).
    """
    mask = np.zeros((400, 300), bool)
    mask[20:330, 40:260] = True  # waist to hems, the gap filled in
    gap = np.zeros_like(mask)
    gap[150:330, 125:175] = True  # between the legs, open at the hems (row 330)
    shade = np.zeros_like(mask)
    shade[250:360, 100:200] = True  # the floor's shadow, running out under the hems
    return mask, gap, shade


def test_the_floor_shadow_in_a_leg_gap_open_at_the_hems_goes() -> None:
    mask, gap, shade = _open_trousers()
    delta_e = np.where(gap, np.float32(3.0), np.float32(40.0))  # paper, partly shaded
    delta_e[~mask] = 0.5
    found = learned._open_gaps(mask, delta_e, shade & (gap | ~mask))
    assert media.iou(found, gap) > 0.95
    assert not found[mask & ~gap].any()  # the legs stay


def test_clean_paper_in_a_leg_gap_goes_without_a_shadow() -> None:
    mask, gap, _ = _open_trousers()
    delta_e = np.where(gap, np.float32(0.8), np.float32(40.0))  # the paper itself
    delta_e[~mask] = 0.8
    found = learned._open_gaps(mask, delta_e, np.zeros_like(mask))
    assert media.iou(found, gap) > 0.95


def test_a_white_cap_between_its_own_grey_edges_stays() -> None:
    """A white part as deep as it is wide, opening onto clean paper: not a gap."""
    mask = np.zeros((400, 300), bool)
    mask[150:380, 100:200] = True  # the bottle
    mask[60:150, 125:175] = True  # its cap, with grey edges the network kept
    cap = np.zeros_like(mask)
    cap[60:150, 130:170] = True  # the white middle of the cap, opening onto the top
    delta_e = np.where(cap, np.float32(3.5), np.float32(40.0))
    delta_e[~mask] = 0.5
    assert not learned._open_gaps(mask, delta_e, np.zeros_like(mask)).any()


def test_paper_coloured_parts_that_are_no_open_gap_stay() -> None:
    """A white band across a bottle, a white collar in a neckline and a white toe stay.

    All three are the paper's own colour; the band meets the outside twice, the collar and
    the toe (open on three sides) reach less deep into the product than their opening is wide.
    """
    mask = np.zeros((400, 400), bool)
    mask[40:380, 40:360] = True
    band = np.zeros_like(mask)
    band[200:260, 40:360] = True  # across the whole product, side to side
    collar = np.zeros_like(mask)
    collar[40:70, 150:250] = True  # 30 deep, 100 wide, at the top edge
    toe = np.zeros_like(mask)
    toe[300:380, 360:400] = True  # a white toe cap sticking out at the right
    mask |= toe
    delta_e = np.where(band | collar | toe, np.float32(0.8), np.float32(40.0))
    delta_e[~mask] = 0.8
    assert not learned._open_gaps(mask, delta_e, np.zeros_like(mask)).any()


def test_a_white_product_on_white_has_no_open_gaps() -> None:
    mask, gap, shade = _open_trousers()
    delta_e = np.where(mask, np.float32(3.0), np.float32(0.8))  # white trousers on white
    assert not learned._open_gaps(mask, delta_e, shade).any()


@pytest.mark.parametrize("name", ["stool/walnut-legs", "trousers/rust-wide-leg",
                                  "bag/green-strap-off-top"])
def test_tune_gaps_open_at_one_side_lose_their_paper_and_floor_shadow(name: str) -> None:
    case = tune(name)
    mask = predicted(case)
    assert media.iou(mask, case.mask) >= 0.97
    assert mask[case.shadow].mean() <= 0.02


def _beside_hole(
    mask: np.ndarray, delta_e: np.ndarray, shade: np.ndarray
) -> np.ndarray | None:
    """:func:`learned._beside_hole` of the one paper region of a loop's filled inside."""
    paper = learned._paper_regions(mask, delta_e)
    (i,) = paper.exact
    near = (paper.labels > 0) | shade
    group = cv2.connectedComponentsWithStats((mask & near).astype(np.uint8), connectivity=8)
    holes = classical.fill_holes(mask) & ~mask
    return learned._beside_hole(i, paper.labels, paper.stats, group[1:3], mask, holes)


def test_the_rest_of_a_half_opened_loop_is_no_gap_when_it_runs_off_the_frame() -> None:
    mask, paper, band, delta_e = _coiled_loop()
    whole = _beside_hole(mask, delta_e, band)
    assert whole is not None and whole[paper].all() and whole[band].all()
    # the same loop with its top cut away by the frame: its filled paper runs out of the
    # photo, enclosed by nothing there, though the rest of its outline is product and hole
    cut = slice(150, None)
    assert _beside_hole(mask[cut], delta_e[cut], band[cut]) is None


def test_the_paper_seen_through_a_thick_glass_wall_is_no_gap() -> None:
    # a thick clear bottle on white: the network keeps it whole, and through its clear walls
    # and base the paper shows, as exact as through a handle's gap, in a band 10 px wide
    # running round the bottle just inside its outline; a handle's gap is no such band
    mask = np.zeros((400, 400), bool)
    mask[60:360, 100:300] = True
    inner = np.zeros_like(mask)
    inner[74:346, 114:286] = True  # the coloured perfume inside
    wall = mask & ~inner
    wall[:64] = wall[356:] = False  # the glass's own rim, just inside the outline
    wall[:, :104] = wall[:, 296:] = False
    delta_e = np.full(mask.shape, 30.0, np.float32)
    delta_e[wall] = 0.3
    assert not learned._paper_gaps(mask, delta_e, np.zeros_like(mask)).any()


def test_a_handle_gap_beside_a_thick_glass_wall_still_goes() -> None:
    mask, gap, _ = _white_tote()
    delta_e = np.full(mask.shape, 4.0, np.float32)
    delta_e[gap] = 0.3
    band = np.zeros_like(mask)
    band[168:372, 88:96] = True  # paper seen through a clear side panel of the body
    delta_e[band] = 0.3
    found = learned._paper_gaps(mask, delta_e, np.zeros_like(mask))
    assert found[gap].mean() > 0.95
    assert not found[band].any()


def test_the_paper_between_a_whisks_nested_wires_still_goes() -> None:
    # three long thin bands of paper between nested wire loops: a glass has one or two
    mask = np.zeros((1000, 1000), bool)
    mask[300:700, 300:600] = True
    delta_e = np.full(mask.shape, 30.0, np.float32)
    bands = np.zeros_like(mask)
    for inset in (4, 16, 28):  # each band 8 px wide, a 4 px wire between them
        ring = np.zeros_like(mask)
        ring[300 + inset:700 - inset, 300 + inset:600 - inset] = True
        ring[308 + inset:692 - inset, 308 + inset:592 - inset] = False
        bands |= ring
    delta_e[bands] = 0.3
    found = learned._paper_gaps(mask, delta_e, np.zeros_like(mask))
    assert found[bands].mean() > 0.95
    assert not found[mask & ~bands].any()
