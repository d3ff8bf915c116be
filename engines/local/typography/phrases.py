"""Shortened copy that still names something: cuts end on a noun, names keep their head.

A caption cut from "Straight-leg fit through the thigh" reads "Straight-leg fit", never
"Straight" or "Straight-leg fit through"; a product name too long for its card loses its
trailing descriptors ("Organic cotton crew neck t-shirt relaxed" is an "Organic cotton crew
neck t-shirt") and then its leading ones, so its head noun ("t-shirt") always stays.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from engines.local.typography.wrapping import LEANING, clean_end, shorten, unbroken_words

_ADJECTIVES = frozenset("""
    straight slim soft light warm cool cold hot wide tall short long high low loose tight
    small large big new fresh clean classic premium durable sturdy strong smooth bold
    relaxed regular heavy thick thin deep dark bright pure natural organic everyday daily
    easy quick fast free full extra super ultra perfect ideal great best good unisex
    mens womens kids men's women's kid's crew cropped oversized fitted tapered stretchy
    compact portable reusable washable breathable waterproof lightweight heavyweight
    midweight sleek modern vintage simple elegant cosy cozy comfy comfortable stylish
    white black red blue green grey gray navy pink yellow orange purple brown beige teal
""".split())
"""Words that describe rather than name (a cut never ends on one)."""
_ADJECTIVE_ENDS = re.compile(r"(?:able|ible|ful|less|ive|ous|ish|proof|free|ed|ing|al|ic)$")
"""Endings of describing words ("reinforced", "washable", "leak-proof", "stretching")."""
_NOUNS_LIKE_ADJECTIVES = frozenset("""
    bag lid seal steel metal crystal bottle shed thread bed sled seed speed feed cloth denim
    sling ring string wing charging lining clothing bedding handle detailing stitching
    padding packaging filling ceiling tubing drawstring backing coating heel animal material
    signal sandal pedal decal fabric plastic ceramic graphic tunic music drive olive dish
    polish finish table cable handful
""".split())
"""Nouns whose ending looks like a describing word's ("lining", "steel", "material")."""
_HEADS = frozenset("""
    shirt t-shirt tee hoodie sweatshirt polo jacket sweater jumper dress jeans chinos trousers
    shorts skirt socks scarf bag tote backpack wallet purse bottle mug cup tumbler flask
    thermos cap hat beanie shoe shoes sneaker sneakers boot boots sandal sandals notebook
    journal planner pen headphones earbuds speaker charger watch camera lamp candle pillow
    blanket vase chair serum cream lotion shampoo perfume
""".split())
"""Product nouns that head a name: a cut name ends on the last of them when it has one."""
_PREPOSITIONS = LEANING | frozenset("""
    and or & with through across over under without within around about into onto
    against between after before during per via plus so that which who while when
    à avec sans et en sur pour par sin y con por e senza com sem
    mit ohne aus und oder met zonder uit van op
""".split())
"""Words that open a phrase (in English, French, Spanish, Italian, Portuguese, German and
Dutch): a cut ends before them."""
ROMANCE = frozenset({"fr", "es", "it", "pt"})
"""Languages whose names put the head noun first ("Sac cabas en toile", "Bolsa de tela
roja"): a cut keeps the first word and drops from the end. Germanic languages and English
put it last ("Einkaufstasche", "Red canvas tote bag"): a cut drops from the front."""
_ROMANCE_CUES = frozenset("""
    à avec pour sans du des au aux sur le la les del della delle dello degli dei di
    con para por com em sem senza per das dos do da de en d l
""".split())
"""Small words of French, Spanish, Italian or Portuguese names ("Sac à main", "Bolsa con
asas", "Gourde en acier"): a name holding one, or an accent of those languages
(:data:`_ROMANCE_LETTERS`), is read as Romance when its language is not given."""
_ROMANCE_LETTERS = frozenset("àâçéèêëîïôûùœãõáíóúñ")
_GERMANIC_CUES = frozenset("""
    with for and of the mit für und aus ohne der die das met voor van het zonder uit
""".split())
"""Words of an English, German or Dutch name ("Tote bag with handles", "Tasche mit
Henkeln", "Draagtas met hengsels"): they overrule :data:`_ROMANCE_CUES`."""


def describes(word: str) -> bool:
    """Whether ``word`` describes rather than names ("straight", "straight-leg", "relaxed").

    A hyphenated word describes when its first part does or is a number ("straight-leg",
    "all-day", "15-inch"); "t-shirt" names.
    """
    bare = word.lower().strip(".,;:!?()\"'")
    if not bare or bare[0].isdigit():
        return True
    if "-" in bare:
        first, last = bare.split("-", 1)
        return first in _ADJECTIVES | {"all", "one", "two", "long", "short"} \
            or first[:1].isdigit() or describes(last) and last not in _NOUNS_LIKE_ADJECTIVES
    if bare in _NOUNS_LIKE_ADJECTIVES:
        return False
    return bare in _ADJECTIVES or bool(_ADJECTIVE_ENDS.search(bare))


def _opens(word: str) -> bool:
    return word.lower().strip(",;:–—") in _PREPOSITIONS


def noun_end(words: Sequence[str]) -> list[str]:
    """``words`` cut back to end on a naming word, before any phrase the cut broke.

    "Straight-leg fit through the" is "Straight-leg fit"; "Straight-leg relaxed" is empty
    (no naming word: nothing is left that reads as a phrase).
    """
    kept = [w.rstrip(",;:–—") for w in words]
    while kept and (describes(kept[-1]) or _opens(kept[-1])):
        kept.pop()
    return [*words[: len(kept) - 1], kept[-1]] if kept else []


def phrase_cut(text: str, limit: int) -> str:
    """``text`` shortened to ``limit`` characters as a phrase that names something.

    The whole text when it fits; else the longest cut that ends on a naming word ("Straight,
    relaxed fit through the thigh" at 24 is "Straight, relaxed fit"). When that keeps less
    than half the allowance, or no cut within ``limit`` names anything, the shortest cut up
    to half as long again that does, else the whole text: never a lone describing word
    such as "Straight".
    """
    tidy = " ".join(text.split())
    if len(tidy) <= limit:
        return tidy
    words = unbroken_words(tidy)
    best = noun_end(unbroken_words(shorten(tidy, limit)))
    if not best:
        fits = [n for n in range(len(words), 0, -1) if len(" ".join(words[:n])) <= limit]
        best = next((k for n in fits if (k := noun_end(words[:n]))), [])
    if len(" ".join(best)) >= limit / 2:
        return " ".join(best)
    for n in range(1, len(words)):
        kept = noun_end(words[:n])
        if kept and limit / 2 <= len(" ".join(kept)) <= limit * 1.5:
            return " ".join(kept)
    return " ".join(best) or clean_end(words)


def name_language(name: str) -> str:
    """``"fr"`` (for any Romance language) when ``name`` reads as one, else ``"en"``.

    The cue is the name's small words (:data:`_ROMANCE_CUES`, :data:`_GERMANIC_CUES`):
    a product name is too short for a language detector.
    """
    tokens = {w.lower().strip(",;:()") for w in name.split()}
    tokens |= {w.split("'")[0] for w in tokens if "'" in w}  # "d'eau", "l'ete"
    if tokens & _GERMANIC_CUES:
        return "en"
    romance = tokens & _ROMANCE_CUES or _ROMANCE_LETTERS & set(name.lower())
    return "fr" if romance else "en"


def name_cut(name: str, limit: int, language: str | None = None) -> str:
    """A product name within ``limit`` characters, its head noun kept.

    In a Romance ``language`` (:data:`ROMANCE`; guessed by :func:`name_language` when not
    given) the head comes first: see :func:`_romance_cut`. Else (English, German, Dutch)
    it comes last. Whole when it fits. Else trailing words after the last naming word go
    first ("Organic cotton crew neck t-shirt relaxed unisex" is an "Organic cotton crew
    neck t-shirt"), then a phrase that follows the head ("Tote bag with tall handles" is
    a "Tote bag"), then leading words ("Organic cotton crew neck t-shirt" at 20 is a
    "Crew neck t-shirt"), so the cut never ends mid-phrase. When even the head alone is
    too long, it is returned.
    """
    words = " ".join(name.split()).split()
    if len(" ".join(words)) <= limit:
        return " ".join(words)
    if (language or name_language(name)) in ROMANCE:
        return _romance_cut(words, limit)
    opens = [i for i, w in enumerate(words) if i >= 1 and _opens(w)]
    if opens:
        words = words[: opens[0]]
    heads = [i for i, w in enumerate(words) if w.lower().rstrip("s") in _HEADS
             or w.lower() in _HEADS]
    if heads:
        words = words[: heads[-1] + 1]
    while len(words) > 1 and describes(words[-1]):
        words.pop()
    while len(words) > 1 and len(" ".join(words)) > limit:
        words.pop(0)
    return " ".join(words)


def _romance_cut(words: Sequence[str], limit: int) -> str:
    """A Romance name cut from its end, its first word (the head noun) kept.

    The longest start within ``limit`` not ending on a small word: "Sac à main en cuir
    rouge" at 12 is a "Sac à main", at 8 a "Sac"; the head alone even when too long.
    """
    for n in range(len(words), 1, -1):
        kept = words[:n]
        if len(" ".join(kept)) <= limit and not _opens(kept[-1]) and "'" not in kept[-1][-1:]:
            return " ".join(kept).rstrip(",;:")
    return words[0].rstrip(",;:")
