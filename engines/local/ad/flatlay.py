"""Flat-lay apparel: a garment photographed lying flat, which must not be stood upright.

A tee or a hoodie shot from above (arms spread or folded along its sides) is staged lying
on a surface seen from above (:mod:`~engines.local.scene.tabletop`), never standing on a
floor like a ghost. It is recognised from the brief's words (a garment, or "flat lay") and
from the cutout's shape: a garment is wide for its height, fills most of its box, and is
wider at the shoulders than at the hem or has a neckline dipping between its shoulders.
Upright products (bottles, mugs, caps, totes) have none of these together.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from PIL import Image

GARMENT_WORDS = frozenset({
    "shirt", "shirts", "t-shirt", "t-shirts", "tshirt", "tshirts", "tee", "tees", "polo",
    "polos", "hoodie", "hoodies", "sweater", "sweaters", "sweatshirt", "sweatshirts", "jumper",
    "jumpers", "cardigan", "cardigans", "jacket", "jackets", "blouse", "blouses", "vest",
    "fleece", "pullover", "crewneck", "onesie", "romper", "shorts", "trousers", "jeans", "pants",
    "leggings",
})
"""Words naming a garment that is photographed flat or on a hanger, whatever follows them."""
_GARMENT_PHRASES = re.compile(
    r"\b(?:(?:tank|crop|tube|halter|bikini)[- ]tops?|(?:football|soccer|hockey|basketball|"
    r"cycling|team|knit(?:ted)?)[- ]jerseys?|jerseys?[- ](?:shirt|dress|top)s?|"
    r"dress(?:es)?\b(?![- ](?:watch|watches|shoes?|boots?|code|socks|up|form|sense)\b))",
    re.IGNORECASE,
)
"""Words that name a garment only in these phrases: "top" (a top pick, top sound), "jersey"
(New Jersey) and "dress" (a dress watch, dress shoes) on their own name other things."""
_FLAT_WORDS = re.compile(r"\b(flat[- ]?lay|laid flat|lying flat|top[- ]down)\b", re.IGNORECASE)
_NOT_GARMENT = frozenset({"bag", "bags", "tote", "totes", "mug", "mugs", "bottle", "bottles",
                          "cap", "caps", "hat", "hats", "shoe", "shoes", "sneakers", "watch",
                          "watches", "box", "boxes", "speaker", "speakers", "perfume", "beer",
                          "pack", "candle", "candles", "jar", "jars", "lamp", "book", "phone"})
_WORD = re.compile(r"[a-z]+(?:-[a-z]+)?")


@dataclass(frozen=True)
class Silhouette:
    """What the cutout's shape says about a garment.

    Attributes:
        aspect: Width over height of the opaque pixels' box.
        fill: Share of that box the product covers.
        shoulders: Widest row in the top half over the width near the hem (sleeves spread).
        neckline: How far the top edge dips at the centre below the shoulders' top edge,
            as a share of the height (a collar or a crew neck).
    """

    aspect: float
    fill: float
    shoulders: float
    neckline: float

    @property
    def garment_like(self) -> bool:
        """Wide and full enough to be a garment laid out."""
        return 0.55 <= self.aspect <= 1.8 and self.fill >= 0.5

    @property
    def clearly_garment(self) -> bool:
        """A garment's outline with no word needed: sleeves spread and a dipping neckline."""
        return self.garment_like and self.shoulders >= 1.18 and self.neckline >= 0.03


def silhouette(cutout: Image.Image) -> Silhouette:
    """Measure the cutout's outline (its alpha channel above half opacity).

    Raises:
        ValueError: The cutout is fully transparent.
    """
    rgba = cutout if cutout.mode == "RGBA" else cutout.convert("RGBA")
    mask = np.asarray(rgba.getchannel("A")) > 127
    rows, cols = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    if rows.size == 0:
        raise ValueError("the cutout is fully transparent")
    box = mask[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]
    h, w = box.shape
    widths = _row_widths(box)
    top_half = widths[: max(1, h // 2)].max()
    hem = np.median(widths[int(h * 0.78) : max(int(h * 0.78) + 1, int(h * 0.92))])
    return Silhouette(
        aspect=w / h,
        fill=float(box.mean()),
        shoulders=float(top_half / max(hem, 1.0)),
        neckline=_neckline(box),
    )


def _row_widths(box: np.ndarray) -> np.ndarray:
    """For each row, the span from its first to its last opaque pixel (0 if none)."""
    any_row = box.any(axis=1)
    first = np.argmax(box, axis=1)
    last = box.shape[1] - 1 - np.argmax(box[:, ::-1], axis=1)
    return np.where(any_row, last - first + 1, 0).astype(np.float64)


def _neckline(box: np.ndarray) -> float:
    """How much lower the top edge is at the centre than at the shoulders (share of height)."""
    h, w = box.shape
    tops = np.where(box.any(axis=0), np.argmax(box, axis=0), h).astype(np.float64)
    centre = tops[int(w * 0.44) : max(int(w * 0.44) + 1, int(w * 0.56))].min()
    shoulders = min(tops[int(w * 0.2) : int(w * 0.38)].min(initial=h),
                    tops[int(w * 0.62) : int(w * 0.8)].min(initial=h))
    return float(max(0.0, centre - shoulders) / h)


def names_garment(text: str) -> bool:
    """Whether ``text`` (a brief, a product's description) names a garment and no other kind."""
    words = set(_WORD.findall(text.lower()))
    named = bool(words & GARMENT_WORDS) or bool(_GARMENT_PHRASES.search(text))
    return named and not words & _NOT_GARMENT


def is_flat_lay(cutout: Image.Image, context: str = "") -> bool:
    """Whether the product is a garment laid flat, to be staged lying on a surface.

    Args:
        cutout: The product with transparency.
        context: The brief and product words; a garment named there, or "flat lay", with a
            garment's outline is enough; without words the outline must be unmistakable.
            A cutout with nothing more than half opaque (clear glass) is no garment.
    """
    try:
        shape = silhouette(cutout)
    except ValueError:
        return False
    if shape.clearly_garment:
        return True
    worded = names_garment(context) or bool(_FLAT_WORDS.search(context))
    return worded and shape.garment_like
