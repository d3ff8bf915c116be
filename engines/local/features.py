"""Deterministic product-text analysis: features, benefits, audience, tone and themes.

The local engine's answer to "extract the product's features": rules over the words of
the title, description and bullets. Same text in, same features out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from core.schemas import ExtractFeaturesRequest, ProductFeatures
from engines.local.comfort import WORN, comfort_line
from engines.local.typography.phrases import name_cut, noun_end
from policy.language import detect_language

CATEGORIES: dict[str, tuple[str, ...]] = {
    "drinkware": ("bottle", "tumbler", "mug", "flask", "cup", "thermos"),
    "apparel": ("shirt", "t-shirt", "tee", "hoodie", "polo", "jacket", "sweater", "dress"),
    "headwear": ("cap", "hat", "beanie"),
    "bags": ("bag", "tote", "backpack", "wallet", "purse"),
    "footwear": ("shoe", "sneaker", "boot", "sandal"),
    "electronics": ("headphones", "earbuds", "speaker", "phone", "charger", "watch", "camera"),
    "beauty": ("cream", "serum", "lotion", "lipstick", "shampoo", "perfume", "skincare"),
    "food & drink": ("coffee", "tea", "chocolate", "snack", "juice", "wine", "sauce"),
    "home": ("lamp", "candle", "pillow", "chair", "vase", "blanket", "plant"),
}

FEATURE_WORDS = (
    "insulated",
    "waterproof",
    "water-resistant",
    "lightweight",
    "leak-proof",
    "leakproof",
    "organic",
    "recycled",
    "stainless",
    "steel",
    "cotton",
    "leather",
    "bamboo",
    "wireless",
    "rechargeable",
    "bpa-free",
    "vegan",
    "handmade",
    "durable",
    "compact",
    "foldable",
    "breathable",
    "dishwasher",
    "noise-cancelling",
    "fast-charging",
    "ergonomic",
    "natural",
    "reinforced",
    "fleece",
    "pique",
    "ceramic",
    "canvas",
)
_NUMBER_UNIT = re.compile(
    r"\b\d+(?:[.,]\d+)?\s?(?:ml|l|oz|g|kg|h|hr|hrs|hours?|mah|w|cm|mm|in|inch|inches|%|days?|"
    r"years?)\b",
    re.IGNORECASE,
)

INGREDIENTS = "Made with ingredients you can trust"
_NOT_EATEN = frozenset({
    "cotton", "linen", "wool", "merino", "hemp", "fabric", "fleece", "denim", "jersey", "shirt",
    "t-shirt", "tshirt", "tee", "hoodie", "sweater", "jacket", "dress", "socks", "towel",
    "towels", "tote", "apparel", "clothing", "bedding", "sheets", "blanket", "mattress",
    "furniture", "wood", "wooden", "toy", "toys",
})
"""Products that have no ingredients: "organic cotton" is a material, not food."""
_NO_INGREDIENTS = frozenset({
    "leather", "jute", "canvas", "case", "notebook", "paper", "backpack", "wallet", "purse",
    "jewellery", "jewelry", "ring", "necklace", "bracelet", "earring", "sunglasses", "frame",
    "pot", "planter", "basket", "rug", "mat", "brush", "comb", "board",
})
"""More things made of materials, not ingredients (with every category's nouns but food and
beauty's): a natural leather bag promises no ingredients."""
_NOT_WORN = frozenset(
    form
    for noun in {n for nouns in CATEGORIES.values() for n in nouns} | _NO_INGREDIENTS
    for form in (noun, f"{noun}s")
) - WORN
"""Products that are not worn: a "cotton tote for your shirts" promises no comfort."""

ICE_COLD = "Keeps drinks ice-cold for hours"
HOT_ON_THE_GO = "Keeps drinks hot on the go"
_DRINKWARE = frozenset({
    "bottle", "bottles", "flask", "flasks", "tumbler", "tumblers", "thermos", "mug", "mugs",
    "cup", "cups", "canteen", "jug", "carafe",
})
_INSULATED = frozenset({
    "insulated", "insulation", "vacuum", "double-wall", "double-walled", "thermal", "thermos",
    "keeps", "stays",
})
_CARRIED = frozenset({"bottle", "bottles", "flask", "flasks", "tumbler", "tumblers", "thermos",
                      "canteen", "travel"})
"""Drink temperature is a claim of insulated drinkware: "a cosy warm tone" or a ceramic mug
makes no such claim, and only what is carried is "on the go"."""

COMFORT = "comfort"
"""Stands, in :data:`BENEFIT_RULES`, for the comfort line fitting the worn thing
(:func:`engines.local.comfort.comfort_line`): a cotton tee's, a cap's, a hoodie's differ."""

BENEFIT_RULES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("cold", "ice", "iced"), ICE_COLD),
    (("hot", "warm"), HOT_ON_THE_GO),
    (("leak",), "Toss it in your bag without worry"),
    (("lightweight", "light"), "Light enough to take anywhere"),
    (("waterproof", "water-resistant"), "Ready for any weather"),
    (("organic", "natural"), INGREDIENTS),
    (("recycled", "eco", "sustainable", "bamboo"), "Kinder to the planet"),
    (("durable", "steel", "stainless"), "Built to last for years"),
    (("cotton", "soft", "breathable", "linen", "wool", "merino", "cashmere", "knitted"), COMFORT),
    (("wireless", "bluetooth"), "Freedom from cables"),
    (("rechargeable", "battery", "mah"), "Power that lasts"),
    (("compact", "foldable"), "Packs small, goes everywhere"),
    (("handmade",), "Crafted by hand, one at a time"),
    (("dishwasher",), "Straight into the dishwasher"),
    (("fleece", "brushed"), "Soft and warm on the inside"),
    (("laptop",), "Room for your laptop and more"),
    (("reinforced", "canvas"), "Made to carry the everyday"),
)

OCCASIONS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("valentine", "valentine's", "valentines"), "A gift to fall for"),
    (("christmas", "holiday", "holidays", "gift", "gifts"), "The gift they will use every day"),
    (("back-to-school", "school", "semester"), "Ready for the new term"),  # not "students"
    (("summer",), "Made for long summer days"),
    (("autumn", "fall"), "Made for autumn days"),
    (("winter",), "Made for cold winter days"),
    (("spring",), "Fresh for spring"),
    (("drop", "launch", "new"), "Just dropped"),
)
"""An occasion the brief names, and the headline it suggests (English briefs)."""

AUDIENCE_WORDS = (
    "young adults",
    "students",
    "parents",
    "families",
    "kids",
    "hikers",
    "runners",
    "athletes",
    "travelers",
    "travellers",
    "professionals",
    "gamers",
    "commuters",
    "women",
    "men",
    "seniors",
    "outdoor enthusiasts",
    "coffee lovers",
    "pet owners",
    "new parents",
    "teens",
    "campers",
)
_AUDIENCE_PHRASE = re.compile(
    r"\bfor\s+((?:young|busy|active|new|outdoor|urban|eco-conscious|health-conscious)?\s*"
    r"[a-z][a-z\- ]{2,30}?)(?=[,.;!]|\s+(?:who|with|and|in|on)\b|$)",
    re.IGNORECASE,
)

_NOT_AUDIENCE = {
    "stories",
    "story",
    "reels",
    "feed",
    "instagram",
    "tiktok",
    "youtube",
    "facebook",
    "banner",
    "summer",
    "winter",
    "autumn",
    "spring",
    "christmas",
    "launch",
    "sale",
    "ads",
    "ad",
    "days",
    "hours",
    "years",
    "example",
    "instance",
    "free",
    "life",
    "sure",
    "now",
    "future",  # "remember that for future stuff"
    "later",
    "stuff",
    "things",
    "everything",
    "next",
    "reference",
    "one",  # "same text for the blue one" names an image, not an audience
    "ones",
    "image",
    "images",
    "version",
}

TONES = (
    "energetic",
    "playful",
    "premium",
    "luxurious",
    "calm",
    "bold",
    "friendly",
    "professional",
    "minimal",
    "warm",
    "fun",
    "elegant",
    "sporty",
    "cozy",
    "confident",
    "inspiring",
)

THEME_HINTS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("hike", "hiking", "trail", "outdoor", "camping", "mountain"), ("hiking trail", "summer")),
    (("beach", "swim", "surf", "sun"), ("beach", "summer")),
    (("summer",), ("summer", "beach")),
    (("autumn", "fall"), ("autumn",)),
    (("winter", "christmas", "holiday"), ("winter holidays",)),  # "gift" alone names no season
    (("coffee", "kitchen", "cook", "breakfast", "tea"), ("kitchen counter",)),
    (("office", "work", "desk", "productivity"), ("desk",)),
    (("luxury", "premium", "elegant"), ("marble",)),
    (("spa", "relax", "wellness", "skincare", "beauty"), ("spa",)),
    (("party", "celebrate", "birthday"), ("confetti",)),
    (("night", "city", "urban"), ("city night bokeh",)),
    (("eco", "organic", "plant", "natural", "botanical"), ("botanical shadows",)),
    (("gaming", "gamer", "neon", "tech"), ("neon glow",)),
)
CATEGORY_THEMES = {
    "drinkware": ("kitchen counter", "hiking trail"),
    "apparel": ("industrial loft", "scandinavian"),
    "headwear": ("summer", "city night bokeh"),
    "bags": ("scandinavian", "city night bokeh"),
    "footwear": ("industrial loft", "city night bokeh"),
    "electronics": ("desk", "neon glow"),
    "beauty": ("spa", "marble"),
    "food & drink": ("kitchen counter", "wooden table"),
    "home": ("scandinavian", "wooden table"),
}


def words(text: str) -> list[str]:
    """Lower-case word tokens of ``text`` (hyphens kept inside words)."""
    return re.findall(r"[a-z0-9][a-z0-9\-']*", text.lower())


def clauses(text: str) -> list[str]:
    """Split text into short clauses at sentence and list punctuation."""
    parts = re.split(r"(?<=[.!?;])\s+|\s*[\n•·]\s*|,\s+(?=[a-zA-Z0-9])", text)
    return [p.strip(" .;-") for p in parts if p and p.strip(" .;-")]


def find_category(text: str) -> str:
    """Return the product category the text names, or 'product'."""
    tokens = set(words(text))
    stems = {t.rstrip("s") for t in tokens}
    for category, nouns in CATEGORIES.items():
        if any(n in tokens or n in stems for n in nouns):
            return category
    return "product"


_POSSESSIVE = frozenset({"our", "my", "your", "this", "the", "his", "her", "their"})
_PEOPLE = frozenset({
    "customers", "clients", "followers", "fans", "community", "members", "subscribers",
    "readers", "buyers", "shoppers", "audience", "users", "guests", "patients", "students",
    "kids", "children", "team", "staff", "employees", "regulars", "visitors", "friends",
    "family", "families", "parents", "mums", "moms", "dads", "pets", "dogs", "cats",
})
"""After "for our ...", the words that name people: "for our customers" is an audience,
"for our mug" or "for my shop" names what the ads are for."""
_POLITE = re.compile(r"\s+(?:please|pls|plz|thanks|thank you|thx)$")


def find_audience(text: str) -> list[str]:
    """Return audience phrases ('young adults', 'hikers') found in the text."""
    lowered = text.lower()
    found = [a for a in AUDIENCE_WORDS if re.search(rf"\b{re.escape(a)}\b", lowered)]
    for match in _AUDIENCE_PHRASE.finditer(text):
        phrase = _POLITE.sub("", match.group(1).strip().lower())
        tokens = set(phrase.split())
        if tokens & _NOT_AUDIENCE or len(tokens) > 4 or not tokens:
            continue
        if phrase.split()[0] in _POSSESSIVE and not tokens & _PEOPLE:
            continue
        if not any(phrase in f or f in phrase for f in found):
            found.append(phrase)
    return _unique(found)[:4]


def find_tone(text: str) -> str:
    """Return the tone words the text asks for ('energetic', 'premium'), comma-joined."""
    tokens = set(words(text))
    return ", ".join(t for t in TONES if t in tokens)


def suggest_themes(text: str, category: str) -> list[str]:
    """Return scene themes that suit the text and category, best first."""
    tokens = set(words(text))
    themes: list[str] = []
    for keys, names in THEME_HINTS:
        if tokens & set(keys):
            themes.extend(names)
    themes.extend(CATEGORY_THEMES.get(category, ()))
    themes.append("studio")
    return _unique(themes)[:5]


def find_features(title: str, description: str, bullets: Iterable[str]) -> list[str]:
    """Return concrete features: clauses with measurements or material/property words."""
    candidates = [*bullets, *clauses(description)]
    features: list[str] = []
    name = product_name(title).lower()
    for clause in candidates:
        if clause.lower() in (name, title.strip().lower()):
            continue
        tokens = set(words(clause))
        if _NUMBER_UNIT.search(clause) or tokens & set(FEATURE_WORDS):
            features.append(_tidy(clause))
    for measure in _NUMBER_UNIT.findall(title):
        if not any(measure in f for f in features):
            features.append(measure)
    return _unique(features)[:8]


def find_benefits(text: str) -> list[str]:
    """Return customer benefits implied by the text's features."""
    ordered = words(text)
    tokens = set(ordered)
    joined = " ".join(tokens)
    found = [
        benefit
        for keys, benefit in BENEFIT_RULES
        if (tokens & set(keys) or any(k in joined for k in keys if len(k) > 4))
        and not (benefit == INGREDIENTS and _not_eaten(tokens))
        and _drinkware_claim_holds(benefit, tokens)
    ]
    comfort = comfort_line(ordered, _NOT_WORN) if COMFORT in found else None
    return [b for b in (comfort if b == COMFORT else b for b in found) if b][:5]


_EATEN_OR_APPLIED = ("food & drink", "beauty")


def _not_eaten(tokens: set[str]) -> bool:
    """Whether the text names a thing that has no ingredients: a bag, a mug, a shirt, cotton.

    A food or a cosmetic named anywhere in the text has them, whatever it comes in.
    """
    stems = tokens | {t[:-1] for t in tokens if t.endswith("s")}
    things = {noun for category, nouns in CATEGORIES.items() if category not in _EATEN_OR_APPLIED
              for noun in nouns}
    eaten = {noun for category in _EATEN_OR_APPLIED for noun in CATEGORIES[category]}
    if stems & eaten:  # "organic shampoo in a glass bottle" has ingredients
        return False
    return bool(stems & (_NOT_EATEN | things | _NO_INGREDIENTS))


def _drinkware_claim_holds(benefit: str, tokens: set[str]) -> bool:
    """Whether a drink-temperature benefit fits the text (always True for other benefits)."""
    if benefit not in (ICE_COLD, HOT_ON_THE_GO):
        return True
    insulated = bool(tokens & _DRINKWARE and tokens & _INSULATED)
    return insulated and (benefit != HOT_ON_THE_GO or bool(tokens & _CARRIED))


_JOINS = frozenset({"with", "and", "in", "on", "of", "&", "a", "an", "the", "mit", "und",
                    "avec", "et", "con", "y", "de"})
"""Words that open a phrase: a name cut short ends before the last of them."""
_CONNECTOR = frozenset({"for", "that", "to", "which", "who", "so", "perfect", "ideal", "great"})
"""Words from which a title says what the product is for ("mug 350 ml for your morning"),
not what it is ("candles in amber jars", "headphones with a case" stay whole)."""


def cut_short(words: Sequence[str], most: int = 6, *, whole_phrase: bool = True) -> list[str]:
    """The first ``most`` words of a name, never ending inside a phrase that was cut.

    "Red polo shirt with a white sleeve" is a "Red polo shirt", not a "Red polo shirt
    with a white": the cut goes before the last phrase's opening words ("with a"), from the
    third word on. With ``whole_phrase`` False only opening words left at the end go
    ("... shirt with a"). A name of ``most`` words or fewer stays whole.
    """
    kept = list(words[:most])
    if len(words) <= most:
        return kept
    if not whole_phrase:
        while len(kept) > 2 and kept[-1].lower() in _JOINS:
            kept.pop()
        return kept
    return without_cut_phrase(kept)


def without_cut_phrase(words: Sequence[str]) -> list[str]:
    """Words cut from a longer text, less the last phrase the cut broke off.

    "Red cotton polo shirt with a white" (from "... with a white sleeve") is a "Red cotton
    polo shirt": the words go before the last phrase's opening words ("with a"), from the
    third word on; without such a phrase they stay as they are.
    """
    kept = list(words)
    joins = [i for i, w in enumerate(kept) if i >= 2 and w.lower() in _JOINS]
    while len(joins) > 1 and joins[-2] == joins[-1] - 1:  # "with a": cut where the run starts
        joins.pop()
    return kept[: joins[-1]] if joins else kept


def copy_name(name: str) -> str:
    """A product name as ad copy says it, never ending inside a phrase cut off.

    A name of six words or more (the longest a name is kept) that ends inside a phrase
    ("Grey cotton cap with a curved", cut from "... a curved brim") loses that phrase.
    Shorter names stay whole ("headphones with a case").
    """
    words = name.split()
    return " ".join(without_cut_phrase(words)) if len(words) >= 6 else name


def product_name(title: str) -> str:
    """Return a short product name from a title ('Insulated steel water bottle').

    The first clause, cut where it goes on to say what the product is for ("Ceramic mug
    350 ml for your morning coffee" is a "Ceramic mug 350 ml"), six words at most.
    """
    first = re.split(r"[,.:;!?(|\n]| - ", title, maxsplit=1)[0].strip()
    kept: list[str] = []
    for word in first.split():
        if len(kept) >= 2 and word.lower() in _CONNECTOR:
            break
        kept.append(word)
    short = cut_short(kept)
    if len(short) < len(kept):  # cut: end on the head noun, not a descriptor after it
        short = noun_end(short) or short
    name = " ".join(short)
    return name[:1].upper() + name[1:] if name else NO_NAME


def in_sentence(name: str) -> str:
    """``name`` as it reads inside a sentence: "Meet the a5 notebook" keeps its "A5".

    A name in sentence case ("Ceramic mug 350 ml") loses only its first capital; a name
    in title case ("Nike Air Max") or a first word that is not a plain word ("A5", "USB-C",
    "GaN") is written as given.
    """
    parts = name.split()
    if not parts:
        return name
    plain = [w for w in parts if w.isalpha()]
    title_case = sum(w[:1].isupper() for w in plain[1:]) > len(plain[1:]) / 2
    first = parts[0]
    if title_case or not (first.isalpha() and first[1:].islower()):
        return name
    return " ".join([first.lower(), *parts[1:]])


@dataclass(frozen=True)
class CopyWords:
    """The few words the local engine writes itself, in one language.

    Attributes:
        new: Put before the product's name in a headline ("Neu: Schwarze Keramiktasse"):
            a label, so no article has to agree with the name's gender.
        cta: The button when the brief names none.
    """

    new: str
    cta: str


COPY_WORDS = {
    "de": CopyWords("Neu:", "Jetzt kaufen"),
    "fr": CopyWords("Nouveauté :", "Acheter"),
    "es": CopyWords("Novedad:", "Comprar ahora"),
    "it": CopyWords("Novità:", "Acquista ora"),
}
"""Copy words for the languages other than English the policy reads (:mod:`policy.language`)."""
DEFAULT_CTA = "Shop now"
_CAMPAIGN = re.compile(r"kampagne|campagne|campaña|campagna|campaign|zielgruppe|public cible|"
                       r"público objetivo|pubblico", re.IGNORECASE)
# a clause about the ad rather than the product: its tone or audience ("Ton frech", "Cible
# hommes 35-55 ans", "Tono divertido", "Titular: ...")
_ABOUT_THE_AD = re.compile(r"^(?:ton|tonalität|tonalite|tono|stil|style|estilo|stile|cible|"
                           r"target|audience|público|publico|pubblico|titular|titre|titolo|"
                           r"überschrift|headline)\b", re.IGNORECASE)


def default_cta(language: str) -> str:
    """The button of an ad whose brief names none, in the brief's language."""
    words = COPY_WORDS.get(language)
    return words.cta if words else DEFAULT_CTA


def own_words(description: str, bullets: Iterable[str], name: str) -> list[str]:
    """The advertiser's own short clauses, for a brief in a language the rules cannot read.

    Clauses of two to seven words (two of them words, not a measure) that are not the
    product's name nor about the campaign ("Herbstkampagne für junge Kaffeeliebhaber") or
    the ad's tone and audience ("Ton frech", "Cible hommes 35-55 ans"): what the brief says
    of the product, kept in its own language rather than replaced by English benefits.
    """
    kept = []
    for clause in [*bullets, *clauses(description)]:
        size = len(clause.split())
        worded = sum(w.isalpha() for w in clause.split()) >= 2  # not a measure ("350 ml")
        if (2 <= size <= 7 and worded and len(clause) <= 40 and not _CAMPAIGN.search(clause)
                and not _ABOUT_THE_AD.match(clause)
                and clause.lower() != name.lower()):
            kept.append(_tidy(clause))
    return _unique(kept)


def occasion_headline(text: str) -> str | None:
    """The headline of the first occasion the text names ("autumn", "gift"...), if any."""
    tokens = set(words(text))
    return next((line for keys, line in OCCASIONS if tokens & set(keys)), None)


EVERYDAY_LINES: dict[str, str] = {
    "drinkware": "Your new favourite {noun}",
    "apparel": "Wear it your way",
    "headwear": "Top off every look",
    "bags": "Carry it your way",
    "footwear": "Step out in style",
    "electronics": "Made for the way you work",
    "beauty": "Your new daily ritual",
    "food & drink": "A little treat, every day",
    "home": "Make yourself at home",
}
"""A generic line that fits each category, for a set of ads the brief gives too few angles."""
GENERIC_LINE = "Made for you"
NO_NAME = "Your product"
"""The product's name when its text names none (all of it was markup, say)."""
GENERIC_LINES = (GENERIC_LINE, "Made for every day", "Yours to discover")
"""Lines that fit any product: the last resort of a set's fourth headline."""
MAX_IDEAS = 8
"""How many headline ideas a product gets: a set's four, then more for later sets."""


def fact_headlines(facts: Sequence[str], name: str) -> list[str]:
    """Headlines from the product's own facts: its short clauses in words, in order.

    "Dishwasher safe", "Fits a 15 inch laptop", "Brushed fleece inside": two to five
    words, at most 30 characters, not opening on a measure ("350 ml", "12 oz twill") nor
    the product's name.
    """
    lines = []
    for fact in facts:
        tokens = fact.split()
        if not tokens:
            continue
        worded = sum(w.isalpha() for w in tokens) >= 2
        measure_first = tokens[0][:1].isdigit()  # "12 oz twill" is a spec, not a line
        if (2 <= len(tokens) <= 5 and len(fact) <= 30 and worded and not measure_first
                and fact.lower() != name.lower()):
            lines.append(fact[:1].upper() + fact[1:])
    return lines


def fact_headline(facts: Sequence[str], name: str) -> str | None:
    """The first headline from the product's own facts (see :func:`fact_headlines`)."""
    return next(iter(fact_headlines(facts, name)), None)


def everyday_line(category: str, name: str) -> str:
    """The category's generic line ("Your new favourite mug"), or :data:`GENERIC_LINE`."""
    line = EVERYDAY_LINES.get(category)
    if line is None:
        return GENERIC_LINE
    if "{noun}" in line:
        nouns = [w for w in words(name) if w.rstrip("s") in CATEGORIES.get(category, ())]
        return line.format(noun=nouns[-1]) if nouns else GENERIC_LINE
    return line


def headline_ideas(
    name: str,
    benefits: list[str],
    tone: str,
    occasion: str | None = None,
    *,
    facts: Sequence[str] = (),
    category: str = "product",
) -> list[str]:
    """Return short headlines, each a different angle: four for a set, then more.

    The benefits, the occasion the brief names, then the product itself: one per variation
    of a set of ads, so four ads are four messages. When the brief yields fewer, a fact of
    the product's own (``facts``: "Dishwasher safe") and a line fitting its ``category``
    ("Wear it your way") make up the four, so no ad of a set repeats another's headline.
    Up to :data:`MAX_IDEAS` follow for later sets ("4 more"): the product's other facts and
    benefits, then lines that fit any product; never a claim the brief does not make.
    """
    ideas = [b if len(b) <= 40 else b.split(",")[0] for b in benefits[:2]]
    if occasion:
        ideas.insert(min(1, len(ideas)), occasion)
    name = copy_name(name)
    if name.casefold() != NO_NAME.casefold():  # "Meet the your product" is no English
        ideas.append(f"Meet the {in_sentence(name_cut(name, 32))}")  # at most 41 characters
    if "energetic" in tone or "sporty" in tone:
        ideas.insert(0, "Go further.")
    ideas = _unique(ideas)
    fact = fact_headline(facts, name)
    said = {w for idea in ideas for w in _content_words(idea)}
    if fact and _content_words(fact) & said:  # "Dishwasher safe" after "Straight into the
        fact = None  # dishwasher": the same angle twice
    extra = [fact, *benefits[2:], everyday_line(category, name), *GENERIC_LINES]
    _fill(ideas, extra, 4)
    ideas = ideas[:4]
    said = {w for idea in ideas for w in _content_words(idea)}
    facts_left = [f for f in fact_headlines(facts, name)  # a new angle: mostly unsaid words
                  if 2 * len(_content_words(f) & said) < len(_content_words(f))]
    _fill(ideas, [*facts_left, *benefits[2:], everyday_line(category, name), *GENERIC_LINES],
          MAX_IDEAS)
    return ideas


def _fill(ideas: list[str], lines: Sequence[str | None], up_to: int) -> None:
    """Append to ``ideas`` the ``lines`` not there yet (any case), up to ``up_to`` in all."""
    for line in lines:
        if len(ideas) >= up_to:
            break
        if line and len(line) <= 40 and line.lower() not in {i.lower() for i in ideas}:
            ideas.append(line)


def _content_words(text: str) -> set[str]:
    """The words of ``text`` that carry its meaning (four letters or more, not "made")."""
    return {w.rstrip("s") for w in words(text) if len(w) >= 4 and w not in ("made", "your")}


def analyse(request: ExtractFeaturesRequest) -> ProductFeatures:
    """Extract features, benefits, audience, tone and themes from the product text."""
    text = " ".join([request.title, request.description, *request.bullets])
    category = find_category(text)
    name = product_name(request.title)
    benefits = find_benefits(text)
    tone = find_tone(text)
    features = find_features(request.title, request.description, request.bullets)
    language = detect_language(text)
    occasion = occasion_headline(text) if language == "en" else None
    ideas = headline_ideas(name, benefits, tone, occasion, facts=features, category=category)
    words = COPY_WORDS.get(language)
    if words is not None:  # the brief's own words, not English benefits, on its ads
        own = own_words(request.description, request.bullets, name)
        features = _unique([*features, *own])[:8]
        benefits = own[:2]
        ideas = _unique([f"{words.new} {name}" if len(name) <= 30 else name, *own])[:4]
    return ProductFeatures(
        product_name=name,
        category=category,
        features=features,
        benefits=benefits,
        audience_hints=find_audience(text),
        suggested_themes=suggest_themes(text, category),
        tone=tone,
        headline_ideas=ideas,
        language=language,
    )


class LocalFeatureEngine:
    """Feature extraction by deterministic text rules (the local engine)."""

    def extract(self, request: ExtractFeaturesRequest) -> ProductFeatures:
        """Analyse the product text."""
        return analyse(request)


def _tidy(clause: str) -> str:
    clause = re.sub(r"\s+", " ", clause).strip()
    return clause[:1].upper() + clause[1:80]


def _unique(items: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for item in items:
        key = item.lower()
        if item and key not in seen:
            seen.add(key)
            out.append(item)
    return out
