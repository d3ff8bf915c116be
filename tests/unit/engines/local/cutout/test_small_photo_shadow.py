"""The photo's soft shadow stays behind on a small photo as on a large one.

Drawn here: a pink cream jar with a white lid and a gold band on lilac paper, its contact
line and a long soft shadow cast up and to the right, off the frame, as a phone shot of a
jar sent small.
The gold band reads as skin and the shadow runs off the frame, so only the shadow's soft
outline tells it from a sleeve holding the jar; that softness is a share of the photo, not
a number of pixels.
"""

from __future__ import annotations

import io

import cv2
import numpy as np
import pytest
from PIL import Image

from engines.local.cutout import cut_out, learned
from engines.local.cutout.hands import skin

LILAC = (237.0, 233.0, 244.0)
PINK = (236.0, 190.0, 194.0)
LID = (246.0, 244.0, 240.0)
GOLD = (198.0, 160.0, 92.0)


def _jar(long_side: int) -> tuple[Image.Image, np.ndarray, np.ndarray]:
    """The jar photo with ``long_side`` pixels across; returns it, the jar and its shadow."""
    w, h = long_side, round(long_side * 0.875)
    s = long_side / 800.0
    rng = np.random.default_rng(7)
    solid = np.zeros((h, w), np.float32)
    cv2.rectangle(solid, (round(190 * s), round(150 * s)), (round(610 * s), round(600 * s)),
                  1.0, -1)
    # the soft shadow: a narrow contact line under the jar, and the jar's silhouette laid
    # back up and to the right, blurred (2% of the photo), running off the frame
    base = round(600 * s)
    line = np.zeros_like(solid)
    cv2.ellipse(line, (round(400 * s), base), (round(215 * s), max(3, round(10 * s))), 0, 0,
                360, 1.0, -1)
    line = cv2.GaussianBlur(line, (0, 0), max(2.0, 4 * s))
    shear = np.array([[1, -0.6, 0.6 * base], [0, 0.4, 0.6 * base]], np.float32)
    cast = cv2.GaussianBlur(cv2.warpAffine(solid, shear, (w, h)), (0, 0), 0.02 * long_side)
    dark = np.maximum(line, 0.6 * cast) * 0.5
    rgb = np.empty((h, w, 3), np.float32)
    rgb[:] = LILAC
    rgb += rng.normal(0.0, 1.2, (h, w, 1))
    rgb *= 1.0 - dark[..., None]
    jar = solid > 0.5
    x = (np.arange(w, dtype=np.float32) - 400 * s) / (210 * s)
    roundness = np.clip(1.04 - 0.3 * x**2, 0.72, 1.06)[None, :, None]
    body = np.asarray(PINK, np.float32) * roundness
    lid = np.asarray(LID, np.float32) * np.clip(roundness, 0.8, 1.02)
    rows = np.arange(h)[:, None, None]
    product = np.where(rows < round(282 * s), lid, body)
    band = np.asarray(GOLD, np.float32) * np.clip(roundness, 0.6, 1.2)
    product = np.where((rows >= round(282 * s)) & (rows < round(306 * s)), band, product)
    rgb = np.where(jar[..., None], product, rgb)
    buf = io.BytesIO()  # sent as a phone's JPEG
    Image.fromarray(np.clip(rgb + 0.5, 0, 255).astype(np.uint8)).save(buf, "JPEG", quality=74)
    return Image.open(io.BytesIO(buf.getvalue())).convert("RGB"), jar, (dark > 0.03) & ~jar


def _mask(photo: Image.Image) -> np.ndarray:
    found = cut_out(photo)
    mask = np.zeros((photo.height, photo.width), bool)
    left, top, right, bottom = found.box
    mask[top:bottom, left:right] = np.asarray(found.image.getchannel("A")) >= 128
    return mask


def test_the_drawn_jar_reads_as_skin_and_its_shadow_runs_off_the_frame() -> None:
    photo, jar, shadow = _jar(560)
    assert skin(np.asarray(photo))[jar].mean() > 0.02  # the gold band is skin to the hand check
    assert shadow[:, -1].any()  # the shadow leaves the photo at the right


@pytest.mark.parametrize("long_side", [560, 1000])
def test_a_pink_jars_soft_shadow_stays_behind_at_any_size(long_side: int) -> None:
    photo, jar, shadow = _jar(long_side)
    mask = _mask(photo)
    assert mask[shadow].mean() <= 0.02, mask[shadow].mean()  # 0.8 of it at 560 px before
    iou = float((mask & jar).sum() / (mask | jar).sum())
    assert iou >= 0.97, iou


def _ramp_and_step(long_side: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """A contact shadow and a sleeve, both off the frame.

    The shadow's edge is soft over half a percent of the photo; the sleeve's is a step.

    Returns the product's mask, the ΔE from the backdrop, and the two regions as
    :func:`learned._sleeve` would find them (ΔE above the sleeve's threshold).
    """
    h = w = long_side
    mask = np.zeros((h, w), bool)
    mask[h // 4 : h // 2, w // 4 : w // 2] = True
    delta_e = np.zeros((h, w), np.float32)
    shadow = np.zeros((h, w), np.float32)
    shadow[h // 4 : h // 2, w // 2 :] = 40.0  # the shadow beside the product, off the right
    delta_e += cv2.GaussianBlur(shadow, (0, 0), 0.005 * long_side)
    delta_e[h // 2 + h // 8 :, w // 4 : w // 2] = 20.0  # a sleeve below it, off the bottom
    return (mask, delta_e, (delta_e > 6.0) & ~mask & (np.arange(w) > w // 2)[None, :],
            (delta_e > 6.0) & ~mask & (np.arange(h) > h // 2 + h // 16)[:, None])


@pytest.mark.parametrize("long_side", [400, 560, 1000])
def test_a_shadows_soft_edge_is_no_sleeves_step_at_any_size(long_side: int) -> None:
    mask, delta_e, shadow, sleeve = _ramp_and_step(long_side)
    assert not learned._outlined(shadow, mask, delta_e)
    assert learned._outlined(sleeve, mask, delta_e)
