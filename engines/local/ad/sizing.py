"""How big the product stands in an ad: its real-world size, and the ad's concept.

A set of four ads is four concepts, and the product's scale says which: the hero shot, a
close-up that fills its space, a small product in a wide scene, a product at ease in its
setting. And a mug is small on a table, not 60% of a room: the product's real size (read
from the brief: "350 ml", "A5", "12 oz", "15 inch", or its kind: mug, tote, hoodie) shrinks
a small product against the scene. Both only apply to an ad made from a brief (a recipe with
a ``context``); a product held in a hand is framed as it was photographed.
"""

from __future__ import annotations

import math
import re

FULL_SIZE_CM = 60.0
"""A product this tall or taller (a hoodie laid out, a chair) fills the layout's space."""
SMALLEST = 0.5
"""The least share of the layout's product space a product is given."""

CONCEPTS: tuple[tuple[str, float, bool], ...] = (
    ("hero", 1.0, True),
    ("close-up", 1.0, False),
    ("wide scene", 0.68, True),
    ("in its setting", 0.86, True),
)
"""Per variation (mod 4): the concept, its scale, and whether the real size shrinks it (a
close-up fills its space whatever the product's size)."""

_KIND_CM: tuple[tuple[tuple[str, ...], float], ...] = (
    (("earring", "earrings", "ring", "rings", "lipstick", "earbuds"), 4.0),
    (("mug", "mugs", "cup", "cups", "espresso", "candle", "candles", "wallet", "wallets",
      "jar", "jars", "tin", "soap", "serum", "watch", "watches"), 10.0),
    (("tumbler", "tumblers", "sneaker", "sneakers", "shoe", "shoes", "phone", "charger",
      "cream", "lotion", "perfume", "cap", "caps", "hat", "hats", "beanie", "mouse"), 14.0),
    (("notebook", "notebooks", "book", "books", "headphones", "speaker", "bowl", "vase",
      "shampoo", "boot", "boots", "camera"), 21.0),
    (("bottle", "bottles", "flask", "flasks", "thermos", "teapot", "kettle"), 26.0),
    (("tote", "totes", "bag", "bags", "backpack", "backpacks", "purse", "laptop", "lamp",
      "plant", "pillow", "cushion"), 40.0),
    (("shirt", "shirts", "t-shirt", "t-shirts", "tshirt", "tee", "tees", "polo", "polos",
      "hoodie", "hoodies", "sweater", "sweatshirt", "jacket", "jackets", "dress", "coat",
      "jeans", "trousers", "blanket", "chair", "chairs", "table", "guitar"), 70.0),
)
"""What a kind of product measures (its height as photographed, roughly, in cm)."""

_PAPER_CM = {"a3": 42.0, "a4": 29.7, "a5": 21.0, "a6": 14.8, "a7": 10.5}
_MEASURE = re.compile(
    # "in" only as "in." or before a product word's end ("15in"): "4 in a box" is no inch
    r"\b(\d+(?:[.,]\d+)?)\s?(ml|cl|l|litres?|liters?|fl\.? ?oz|oz|inch(?:es)?|in\.|(?<=\d)in"
    r"|\"|cm|mm)(?![a-z])",
    re.IGNORECASE,
)
_PAPER = re.compile(r"\b(a[3-7])\b(?=[\s,]*(?:[a-z]+\s+){0,3}?(?:notebooks?|notepads?|"
                    r"journals?|planners?|sketchbooks?|diar(?:y|ies)|paper|prints?|posters?|"
                    r"size|format|hardcover|softcover|dotted|lined))", re.IGNORECASE)
"""A paper size, only beside a paper product ("A5 hardcover notebook", not "Sony A7")."""
_TALL = frozenset({"bottle", "bottles", "flask", "flasks", "thermos", "tumbler", "tumblers"})


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9][a-z0-9\-']*", text.lower())


def _volume_cm(ml: float, tall: bool) -> float:
    """A vessel's height for its volume: a cube-ish mug, or a bottle twice as tall."""
    height = 1.45 * ml ** (1 / 3)
    return height * (1.9 if tall else 1.0)


def real_height_cm(context: str) -> float | None:
    """The product's real height (cm) as the brief says it, or its kind suggests; None: unknown.

    A measure counts first ("350 ml" mug, "A5" notebook, "15 inch" laptop bag), then the
    first kind of product named ("mug", "tote", "hoodie").
    """
    tokens = _words(context)
    tall = bool(set(tokens) & _TALL)
    kind = next((cm for t in tokens for names, cm in _KIND_CM if t in names), None)
    for value, unit in _MEASURE.findall(context):
        number = float(value.replace(",", "."))
        unit = unit.lower().replace(" ", "").replace(".", "")
        if unit in ("ml", "cl", "l", "litre", "litres", "liter", "liters"):
            ml = number * {"ml": 1.0, "cl": 10.0}.get(unit, 1000.0)
            if 20 <= ml <= 5000:
                return _volume_cm(ml, tall)
        elif unit in ("floz", "oz"):
            if 2 <= number <= 100 and (kind is None or kind <= 26.0):  # 12 oz cup, not 12 oz cotton
                return _volume_cm(number * 29.6, tall)
        elif unit in ("inch", "inches", "in", '"'):
            # a "15 inch" laptop's bag, or a 10 inch vase: the thing is about that long
            if 3 <= number <= 80:
                return max(number * 2.54 * 1.1, kind or 0.0)
        elif unit in ("cm", "mm"):
            cm = number / 10 if unit == "mm" else number
            if 1 <= cm <= 250:
                return cm
    paper = _PAPER.search(context)
    if paper:
        return _PAPER_CM[paper.group(1).lower()]
    return kind


def size_share(context: str) -> float:
    """The share of the layout's product space the product's real size calls for (0.5..1).

    Half the space for a ring, about three quarters for a mug, all of it for a hoodie.
    """
    height = real_height_cm(context)
    if height is None:
        return 1.0
    share = 0.5 + 0.5 * math.sqrt(min(height, FULL_SIZE_CM) / FULL_SIZE_CM)
    return round(min(1.0, max(SMALLEST, share)), 3)


SCENE_VIEW_CM: dict[str, float] = {"kitchen-counter": 45.0}
"""Scenes that show how big things are, and how many cm of them the ad's height spans
where the product stands: a kitchen counter's backsplash tiles and worktop say a mug is a
hand's height, not half the wall."""
CLOSER = 1.3
"""How much taller a close-up may show the product in such a scene (the camera nearer)."""


def scene_share(theme_id: str, context: str, variation: int) -> float | None:
    """The most of the ad's height the product may stand in a scene that shows real size.

    Its real height (:func:`real_height_cm`) over the height the scene spans
    (:data:`SCENE_VIEW_CM`), times the concept's scale (:data:`CLOSER` for a close-up), so
    the set's sizes still differ: a 350 ml mug on a kitchen counter stands about a quarter
    of the ad's height in the hero shot, a bottle about half. None when the scene gives no
    sense of size or the product's size is unknown.
    """
    view = SCENE_VIEW_CM.get(theme_id)
    height = real_height_cm(context) if view and context.strip() else None
    if view is None or height is None:
        return None
    _, scale, by_size = CONCEPTS[concept_index(variation)]
    return min(1.0, height / view * (scale if by_size else CLOSER))


_ROUND_SHIFT = (0, 2, 1, 3)
"""How far each round of four variations turns the concepts against the layouts."""


def concept_index(variation: int) -> int:
    """Which of :data:`CONCEPTS` an ad of ``variation`` takes.

    Layouts repeat every four variations, so "2 more" after four ads would repeat the first
    two ads' layouts at the same size; each later round of four pairs the layouts with other
    concepts (the first layout with the wide scene, the second with "in its setting"...),
    so the product's size differs from the earlier ad of the same layout.
    """
    n = len(CONCEPTS)
    return (variation + _ROUND_SHIFT[(variation // n) % len(_ROUND_SHIFT)]) % n


def concept_scale(context: str, variation: int) -> float:
    """The product's scale in an ad of ``variation`` for a brief (1.0 without one).

    The concept's own scale (:data:`CONCEPTS`, see :func:`concept_index`) times, except for
    a close-up, the share the product's real size calls for; never below :data:`SMALLEST`.
    """
    if not context.strip():
        return 1.0
    _, scale, by_size = CONCEPTS[concept_index(variation)]
    if by_size:
        scale *= size_share(context)
    return round(max(SMALLEST, scale), 3)
