"""The comfort line of something worn or slept in, fitting what it is and what it is made of.

"Soft, breathable comfort all day" fits a cotton tee; not a fleece hoodie (fleece is warm,
not breathable), nor a cap (worn for shade, not all-day comfort), nor a towel. The product's
kind is the first thing the text names (its title comes first), and its material decides
whether "breathable" or "warm" is true of it.
"""

from __future__ import annotations

from collections.abc import Sequence

SUN_HEADWEAR = frozenset({"cap", "caps", "hat", "hats", "visor", "visors", "snapback",
                          "snapbacks", "baseball"})
WARM_HEADWEAR = frozenset({"beanie", "beanies", "bobble", "earmuffs", "balaclava"})
WARM_LAYERS = frozenset({
    "hoodie", "hoodies", "sweatshirt", "sweatshirts", "sweater", "sweaters", "jumper",
    "jumpers", "cardigan", "cardigans", "jacket", "jackets", "joggers", "scarf", "scarves",
    "onesie", "robe", "gloves", "mittens",
})
LIGHT_WEAR = frozenset({
    "shirt", "shirts", "t-shirt", "t-shirts", "tshirt", "tee", "tees", "polo", "polos", "top",
    "tops", "dress", "dresses", "skirt", "shorts", "leggings", "socks", "underwear", "bra",
    "boxers", "briefs", "vest", "pyjamas", "pajamas", "romper", "babygrow", "bodysuit",
    "trousers", "pants", "jeans", "apparel", "clothing",
})
BEDDING = frozenset({"bedding", "sheets", "duvet", "pillowcase", "pillowcases"})
TOWELS = frozenset({"towel", "towels"})
THROWS = frozenset({"blanket", "blankets", "throw"})
WORN = SUN_HEADWEAR | WARM_HEADWEAR | WARM_LAYERS | LIGHT_WEAR | BEDDING | TOWELS | THROWS
"""Things worn or slept in: only they give comfort (a cotton tote does not)."""

WARM_MATERIALS = frozenset({"fleece", "wool", "merino", "cashmere", "sherpa", "brushed",
                            "knit", "knitted", "flannel", "thermal", "quilted", "padded"})
BREATHABLE_MATERIALS = frozenset({"cotton", "linen", "bamboo", "mesh", "breathable", "hemp"})
LIGHT_KNITS = frozenset({"knit", "knitted"})
"""Knits that are warm only when nothing says otherwise: a pique knit polo is breathable."""
SUMMER = frozenset({"summer", "sunny", "sun", "hot", "heat", "beach", "tropical", "festival",
                    "festivals", "poolside", "pool"})
COLD = frozenset({"autumn", "fall", "winter", "cold", "chilly", "snow", "snowy", "frost",
                  "frosty", "christmas"})

SHADE = "Easy shade for sunny days"
EVERYDAY_FIT = "An easy fit for every day"
SNUG = "Snug and warm on cold days"
COSY = "Cosy comfort for cooler days"
BREATHABLE_DAY = "Soft, breathable comfort all day"
SOFT_DAY = "Soft comfort all day"
BREATHABLE_NIGHT = "Soft, breathable comfort all night"
SOFT_NIGHT = "Soft comfort all night"
TOWEL = "Soft against your skin"
THROW = "Soft, cosy comfort at home"
COMFORT_LINES = frozenset({SHADE, EVERYDAY_FIT, SNUG, COSY, BREATHABLE_DAY, SOFT_DAY,
                           BREATHABLE_NIGHT, SOFT_NIGHT, TOWEL, THROW})


def product_noun(ordered: Sequence[str], nouns: frozenset[str]) -> str | None:
    """The first of ``ordered`` words that names a product (one of ``nouns``), if any."""
    return next((w for w in ordered if w in nouns), None)


def comfort_line(ordered: Sequence[str], things: frozenset[str]) -> str | None:
    """The comfort benefit of the product ``ordered`` (its words, in order) names, if any.

    Args:
        ordered: The text's lower-case words in the order written (title first).
        things: Nouns of products that are not worn (mugs, bags...): when one of them is
            the first product named ("cotton tote for your shirts"), there is no comfort line.

    Returns:
        A line fitting the worn thing's kind and material, or None when the product is not
        worn, or when its fleece already has a line of its own ("Soft and warm on the inside").
    """
    noun = product_noun(ordered, WORN | things)
    if noun is None or noun not in WORN:
        return None
    tokens = set(ordered)
    summer, cold = bool(tokens & SUMMER), bool(tokens & COLD)
    warm_materials = WARM_MATERIALS
    if "breathable" in tokens or summer:  # "breathable pique knit", "knit polo for summer"
        warm_materials = WARM_MATERIALS - LIGHT_KNITS
    warm = bool(tokens & warm_materials)
    if warm and tokens & {"fleece", "brushed"} and noun not in SUN_HEADWEAR | BEDDING | TOWELS:
        return None  # the fleece line says it: "Soft and warm on the inside"
    return _line_for(noun, warm=warm, breathable=bool(tokens & BREATHABLE_MATERIALS),
                     cold=cold and not summer)


def _line_for(noun: str, *, warm: bool, breathable: bool, cold: bool = False) -> str:
    """The comfort line of a worn ``noun`` of a warm or breathable material.

    ``cold``: the brief speaks of autumn or winter, when a cap's shade is no promise.
    """
    if noun in SUN_HEADWEAR:
        return SNUG if warm else EVERYDAY_FIT if cold else SHADE
    if noun in WARM_HEADWEAR:
        return SNUG
    if noun in TOWELS:
        return TOWEL
    if noun in THROWS:
        return THROW
    if noun in BEDDING:
        return BREATHABLE_NIGHT if breathable and not warm else SOFT_NIGHT
    if noun in WARM_LAYERS or warm:
        return COSY
    return BREATHABLE_DAY if breathable else SOFT_DAY
