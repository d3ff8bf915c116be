"""The cutout's ground truth: product photos whose true mask is known, split tune / held out.

Two sources, both deterministic:

- real product PNGs with alpha (``tests/data/photos``, Solidus, BSD-3-Clause) composited on
  white or off-white paper with a soft synthetic floor or drop shadow, a faint paper
  texture and JPEG compression, as e-commerce photos arrive;
- drawn photos of the hard kinds: white apparel on white, totes with a gap under the
  handles (coloured, and white on white), a white logo on a coloured product, glass, and
  a product held in a hand.

Every case knows its product mask, the shadow it was given (what a cutout must leave
behind) and its enclosed background holes (handle gaps: background, not product). The
split is fixed here, before any rule is tuned: tune on ``tune``, report on ``held_out``.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import cv2
import numpy as np
from PIL import Image

from evals.recipes import glass_on_white, hand_holding_product, white_mug_on_white
from tests.paths import PHOTOS

Split = Literal["tune", "held_out"]
WHITE = (250, 250, 249)
OFF_WHITE = (241, 239, 235)


@dataclass(frozen=True)
class Case:
    """One photo with its truth.

    Attributes:
        name: ``source/background`` label.
        split: ``tune`` (rules may be fitted on it) or ``held_out`` (reported, never tuned).
        kind: What makes it hard (``white on white``, ``handle gap``, ...).
        photo: The RGB photo as uploaded.
        mask: True where the product is.
        shadow: True where the photo's shadow darkens the background (never product).
    """

    name: str
    split: Split
    kind: str
    photo: Image.Image
    mask: np.ndarray
    shadow: np.ndarray


def _jpeg(rgb: np.ndarray, quality: int) -> Image.Image:
    buf = io.BytesIO()
    Image.fromarray(np.clip(rgb + 0.5, 0, 255).astype(np.uint8)).save(buf, "JPEG",
                                                                       quality=quality)
    buf.seek(0)
    return Image.open(buf).convert("RGB")


def _paper(shape: tuple[int, int], color: tuple[int, int, int], seed: int) -> np.ndarray:
    """A studio backdrop: the colour, a gentle vertical fall-off and fine grain."""
    h, w = shape
    rng = np.random.default_rng(seed)
    ramp = np.linspace(2.0, -3.0, h, dtype=np.float32)[:, None, None]
    grain = rng.normal(0.0, 1.2, (h, w, 1)).astype(np.float32)
    return np.asarray(color, np.float32) + ramp + grain


def _shadow(alpha: np.ndarray, style: str, strength: float) -> np.ndarray:
    """Darkening 0..strength of a soft shadow the product casts (``floor`` or ``drop``)."""
    h, w = alpha.shape
    solid = (alpha > 0.5).astype(np.float32)
    if style == "drop":  # a studio drop shadow: the silhouette, offset down-right, blurred
        moved = cv2.warpAffine(solid, np.float32([[1, 0, w * 0.012], [0, 1, h * 0.018]]),
                               (w, h))
        return cv2.GaussianBlur(moved, (0, 0), max(h, w) * 0.012) * strength
    rows = np.flatnonzero(solid.any(axis=1))
    cols = np.flatnonzero(solid.any(axis=0))
    base, left, right = rows[-1], cols[0], cols[-1]
    floor = np.zeros_like(solid)
    half_h = max(6, int((right - left) * 0.07))
    cv2.ellipse(floor, ((left + right) // 2, int(base)), ((right - left) // 2, half_h), 0, 0,
                360, 1.0, -1)
    return cv2.GaussianBlur(floor, (0, 0), max(8.0, (right - left) * 0.05)) * strength


def _composite(
    rgba: np.ndarray, color: tuple[int, int, int], style: str, strength: float, seed: int,
    quality: int = 88,
) -> tuple[Image.Image, np.ndarray, np.ndarray]:
    """``rgba`` on paper with its shadow; returns the photo, product mask, shadow mask."""
    alpha = rgba[..., 3].astype(np.float32) / 255.0
    paper = _paper(alpha.shape, color, seed)
    dark = _shadow(alpha, style, strength)
    paper = paper * (1.0 - dark[..., None])
    rgb = paper * (1 - alpha[..., None]) + rgba[..., :3].astype(np.float32) * alpha[..., None]
    mask = alpha >= 0.5
    return _jpeg(rgb, quality), mask, (dark > 0.03) & ~mask


def _photo_case(
    file: str, color: tuple[int, int, int], style: str, split: Split, kind: str, seed: int,
) -> Case:
    rgba = np.asarray(Image.open(PHOTOS / file).convert("RGBA"))
    photo, mask, shadow = _composite(rgba, color, style, 0.22, seed)
    paper = "white" if color == WHITE else "off-white"
    return Case(f"{file.split('.')[0]}/{paper}/{style}", split, kind, photo, mask, shadow)


def _fill(shape: tuple[int, int], draw: Callable[[np.ndarray], None], ss: int = 4) -> np.ndarray:
    """Anti-aliased coverage 0..1 of shapes drawn by ``draw`` on a 4x supersampled canvas."""
    h, w = shape
    big = np.zeros((h * ss, w * ss), np.float32)
    draw(big)
    return cv2.resize(big, (w, h), interpolation=cv2.INTER_AREA)


def _tee(seed: int) -> np.ndarray:
    """A white crew-neck tee, flat-lay, with soft fabric folds (RGBA, 900x1000)."""
    h, w, ss = 1000, 900, 4
    body = [(250, 200), (360, 160), (450, 190), (540, 160), (650, 200), (820, 330),
            (740, 430), (660, 380), (670, 880), (230, 880), (240, 380), (160, 430),
            (80, 330)]

    def shirt(canvas: np.ndarray) -> None:
        cv2.fillPoly(canvas, [np.int32([(x * ss, y * ss) for x, y in body])], 1.0)
        cv2.ellipse(canvas, (450 * ss, 180 * ss), (70 * ss, 40 * ss), 0, 0, 180, 0.0, -1)

    alpha = _fill((h, w), shirt)
    rng = np.random.default_rng(seed)
    folds = cv2.GaussianBlur(rng.normal(0, 1, (h, w)).astype(np.float32), (0, 0), 28) * 90
    shade = 247.0 - np.clip(np.abs(folds), 0, 12)
    rgb = np.repeat(shade[..., None], 3, axis=2)
    return np.dstack([rgb, alpha * 255]).astype(np.float32)


def _tote(body_rgb: tuple[int, int, int], logo: bool) -> np.ndarray:
    """A tote with two handles whose gap shows the backdrop; optionally a white logo."""
    h, w, ss = 1000, 900, 4

    def bag(canvas: np.ndarray) -> None:
        cv2.rectangle(canvas, (180 * ss, 380 * ss), (720 * ss, 920 * ss), 1.0, -1)
        for cx in (340, 560):
            cv2.ellipse(canvas, (cx * ss, 380 * ss), (95 * ss, 230 * ss), 0, 180, 360, 1.0,
                        26 * ss)

    alpha = _fill((h, w), bag)
    rgb = np.empty((h, w, 3), np.float32)
    rgb[:] = body_rgb
    shade = np.linspace(1.0, 0.9, w, dtype=np.float32)[None, :, None]
    rgb = rgb * shade
    if logo:
        mark = _fill((h, w), lambda c: cv2.circle(c, (450 * 4, 640 * 4), 110 * 4, 1.0, 26 * 4))
        rgb = rgb * (1 - mark[..., None]) + 248.0 * mark[..., None]
    return np.dstack([rgb, alpha * 255]).astype(np.float32)


def _drawn_case(
    name: str, rgba: np.ndarray, color: tuple[int, int, int], style: str, split: Split,
    kind: str, seed: int,
) -> Case:
    photo, mask, shadow = _composite(rgba, color, style, 0.18, seed)
    return Case(name, split, kind, photo, mask, shadow)


def _recipe_case(
    name: str, drawing: Callable[[int], tuple[Image.Image, np.ndarray]], split: Split,
    kind: str, seed: int,
) -> Case:
    photo, mask = drawing(seed)
    return Case(name, split, kind, photo.convert("RGB"), mask, np.zeros_like(mask))


def cases() -> list[Case]:
    """Every case, tune and held out."""
    return [
        _photo_case("cap_gray.png", WHITE, "floor", "tune", "photo", 1),
        _photo_case("tote_red.png", OFF_WHITE, "floor", "tune", "handle gap", 2),
        _photo_case("hoodie_black.png", WHITE, "drop", "tune", "drop shadow", 3),
        _drawn_case("tee/white", _tee(0), WHITE, "drop", "tune", "white on white", 4),
        _drawn_case("tote/red", _tote((196, 38, 44), False), WHITE, "floor", "tune",
                    "handle gap", 5),
        _recipe_case("glass/drawn", glass_on_white, "tune", "glass", 0),
        _photo_case("bottles_pair.png", WHITE, "floor", "held_out", "photo", 11),
        _photo_case("bottles_pair.png", OFF_WHITE, "drop", "held_out", "drop shadow", 12),
        _photo_case("cap_gray.png", OFF_WHITE, "drop", "held_out", "drop shadow", 13),
        _photo_case("hoodie_black.png", OFF_WHITE, "floor", "held_out", "photo", 14),
        _photo_case("tote_red.png", WHITE, "drop", "held_out", "handle gap", 15),
        _drawn_case("tee/white-offwhite", _tee(1), OFF_WHITE, "floor", "held_out",
                    "white on white", 16),
        _drawn_case("tote/white", _tote((244, 242, 236), False), WHITE, "floor", "held_out",
                    "white on white, handle gap", 17),
        _drawn_case("tote/blue-white-logo", _tote((28, 84, 160), True), OFF_WHITE, "drop",
                    "held_out", "white logo", 18),
        _recipe_case("mug/white", white_mug_on_white, "held_out", "white on white", 1),
        _recipe_case("hand/drawn", hand_holding_product, "held_out", "hand", 1),
    ]
