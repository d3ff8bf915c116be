"""Reading a message into the planner's English: language, typos, colours and platforms.

The planner's rules are English. :func:`read` finds the message's language (English,
German, Spanish, French or Italian, from which words each language's dictionary knows),
reads the other languages' phrases into English with the lexicon (``lexicon.yaml``, data a
non-programmer can extend) and corrects typos of the words the rules key on ("thrid" is
"third"). Quoted text is copy and stays exactly as typed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from PIL import ImageColor
from rapidfuzz.distance import OSA

from core.yamlfile import BASE_LOADER
from engines.local.look import name_colors, to_lab

LEXICON = Path(__file__).with_name("lexicon.yaml")
LANGUAGES = ("en", "de", "es", "fr", "it", "pt", "nl")
_QUOTE = re.compile(
    r"[\"“”«»„]([^\"“”«»„]{1,90}?)[\"“”«»]"
    r"|(?<![\w])['‘’]((?:[^'‘’]|(?<=\w)['’](?=\w)){1,90}?)['‘’](?!\w)"
)
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", re.UNICODE)
_SLOT = "⟦{}⟧"
_BY = re.compile(r"\b(\d{2,4})\s+by\s+(\d{2,4})\b")


@dataclass(frozen=True)
class Reading:
    """A message as the rules read it.

    Attributes:
        original: What the user typed.
        lang: The language it is written in (``en``, ``de``, ``es``, ``fr``, ``it``).
        text: The message in the planner's English, quoted copy kept verbatim.
    """

    original: str
    lang: str
    text: str


def fold(text: str) -> str:
    """Lower-case without accents ("Überschrift" → "uberschrift", "ß" → "ss")."""
    text = text.casefold().replace("ß", "ss").replace("’", "'")
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@cache
def lexicon() -> dict[str, Any]:
    """The lexicon file, parsed once."""
    # Every value is a string: "no", "on" and "y" are words here, not YAML booleans.
    data: dict[str, Any] = yaml.load(LEXICON.read_text(encoding="utf-8"), Loader=BASE_LOADER)
    return data


@cache
def _phrases(lang: str) -> tuple[re.Pattern[str], dict[str, str]]:
    """One pattern matching every phrase of a language (longest first), and their readings."""
    table = {fold(k): str(v) for k, v in (lexicon()["phrases"].get(lang) or {}).items()}
    colours = {fold(k): str(v) for k, v in (lexicon()["colours"].get(lang) or {}).items()}
    table.update(colours)
    keys = sorted(table, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w'])(" + "|".join(re.escape(k) for k in keys) + r")(?![\w])")
    return pattern, table


@cache
def _dictionaries() -> dict[str, Any]:
    """Word-frequency dictionaries of the five languages (pyspellchecker's, shipped in it)."""
    from spellchecker import SpellChecker

    return {lang: SpellChecker(language=lang, distance=1).word_frequency for lang in LANGUAGES}


def known(word: str, lang: str = "en") -> bool:
    """Whether ``word`` is a word of ``lang`` (or one the planner knows)."""
    return word in vocabulary() or word in _dictionaries()[lang]


def common(word: str, lang: str = "en", at_least: int = 500) -> bool:
    """Whether ``word`` is an everyday word of ``lang`` ("peach"), not a rare one ("sumer").

    A common word is meant as typed; a rare one may be a typo of a nearby word.
    """
    frequency = _dictionaries()[lang]
    return word in frequency and frequency[word] >= at_least


@cache
def vocabulary() -> frozenset[str]:
    """The English words the rules key on, typos of which are corrected."""
    words = {fold(w) for w in lexicon()["vocabulary"]}
    for lang_table in lexicon()["phrases"].values():
        for reading in lang_table.values():
            words.update(fold(str(reading)).split())
    return frozenset(w for w in words if len(w) >= 4)


def detect(text: str) -> str:
    """The language ``text`` is most likely written in ("en" when unsure).

    A word only one language knows is a strong vote for it; a word of the lexicon's phrase
    table for a language (curated, so telling) adds to that language's score.
    """
    words = [fold(w) for w in _WORD.findall(text)]
    if not words:
        return "en"
    dictionaries = _dictionaries()
    scores = dict.fromkeys(_FIRST_LANGUAGES, 0.0)
    for word in words:
        knowing = [lang for lang in _FIRST_LANGUAGES if word in dictionaries[lang]]
        for lang in knowing:
            scores[lang] += 1.0 if len(knowing) == 1 else 0.25
        for lang in _FIRST_LANGUAGES[1:]:
            if word in _phrases(lang)[1]:  # a curated word; telling unless English has it too
                scores[lang] += 0.6 if word in dictionaries["en"] else 1.2
    if "¿" in text or "¡" in text:
        scores["es"] += 2.0  # only Spanish opens a question or an exclamation
    for lang in _FIRST_LANGUAGES[1:]:
        # "la 4 in 4:5", "die 2 kann weg": an article before an image's number is no English
        scores[lang] += 0.6 * len(_article_number(lang).findall(fold(text)))
    best = max(_FIRST_LANGUAGES, key=lambda lang: scores[lang])
    best = best if scores[best] > scores["en"] + 0.75 else "en"  # English unless clearly not
    if best in ("en", "de", "es", "fr") and _dutch(words, text, at_least=3):
        return "nl"  # "dit is onze bidon, kun je er 4 maken": Dutch, though "onze" is Portuguese
    if best in ("en", "es") and "¿" not in text and "¡" not in text and _portuguese(words, text):
        return "pt"
    if best in ("fr", "it") and _portuguese_over(best, words, text):
        return "pt"  # "faz a 2 mais escura": "mais" and "a" are French words too
    if best in ("en", "de", "es", "fr", "pt") and _dutch(words, text):
        return "nl"  # "Verwijder de laatste": Dutch, told from German and English afterwards
    return best


_FIRST_LANGUAGES = LANGUAGES[:5]
"""The languages told apart by their words; Portuguese, which shares most of its words with
Spanish, is told from Spanish (or English) afterwards by the words only it has."""


@cache
def _folded_words(lang: str) -> frozenset[str]:
    """A language's dictionary words without accents ("fría" is "fria")."""
    words = _dictionaries()[lang].keys()
    return frozenset(word if word.isascii() else fold(word) for word in words)


_MISSING_WORDS = {
    # everyday forms the Spanish dictionary lacks ("me da 4 anuncios", "coloca la 2")
    "es": frozenset({"da", "das", "dan", "coloca", "coloque", "coloquen", "retira", "retire",
                     "recorta", "recorte", "exporta", "exporte", "altera", "altere", "adiciona",
                     "adicione", "queria", "querias", "dale", "deja"}),
    # and the Portuguese one ("5 seg", "excepto" in Portugal)
    "pt": frozenset({"seg", "excepto"}),
}
"""Words of a language its dictionary lacks, so that they are no other language's own."""


@cache
def _own_words(lang: str, other: str) -> frozenset[str]:
    """The lexicon's words of ``lang`` that are no words of ``other`` nor of English."""
    mine, theirs = _phrases(lang)[1], _phrases(other)[1]
    words, english = _folded_words(other), _dictionaries()["en"]
    missing = _MISSING_WORDS.get(other, frozenset())
    return frozenset(k for k in mine if " " not in k and k not in theirs and k not in words
                     and k not in english and k not in missing)


_NOTHING = re.compile(r"(?!)")
"""A pattern that matches nowhere."""


@cache
def _own_phrases(lang: str, other: str) -> re.Pattern[str]:
    """The lexicon's phrases of several words of ``lang`` that ``other`` does not have."""
    keys = sorted((k for k in _phrases(lang)[1] if " " in k and k not in _phrases(other)[1]),
                  key=len, reverse=True)
    if not keys:  # "(?:)" would match everywhere
        return _NOTHING
    return re.compile(r"(?<![\w'])(?:" + "|".join(re.escape(k) for k in keys) + r")(?![\w])")


_PT_LETTERS = re.compile(r"[ãõç]|ões\b|ão\b", re.I)
# Spanish says "e" only before an i; "Vitamin E" is no "and" (read on the text as typed)
_PT_AND = re.compile(r"(?<![\w'])e\s+(?!h?[iIíÍ])[^\W\d_]")
_PT_ARTICLE_NUMBER = re.compile(
    r"(?<![\w'])(?:o|a|os|as)\s+\d{1,2}\b(?![:x×%.,]\d|\s*(?:s|sec|seg)\b)")
_PT_PAIR = re.compile(r"(?<![\w'])(?:o|a|os|as)\s+\d{1,2}\s+e\s+(?:o|a|os|as)\s+\d{1,2}\b")
"""Two images numbered with Portuguese articles and "e" ("a 2 e a 3"): a phrase of its own."""
_ES_LETTERS = re.compile(r"[ñ¿¡]", re.I)
_ES_AND = re.compile(r"(?<![\w'])y\s+[^\W\d_]")


def _portuguese(words: list[str], text: str) -> bool:
    """Whether a message reads as Portuguese rather than Spanish or English.

    The dictionaries share most words of the two, so only telling signs count: the
    lexicon's words and phrases one of them has and the other has not, letters only one
    writes ("ã", "ç"; "ñ", "¿") and its "and" ("e baixa", "y descarga").
    """
    folded = fold(text)
    own = sum(word in _own_words("pt", "es") for word in words)
    own += len(_own_phrases("pt", "es").findall(folded)) + len(_PT_PAIR.findall(text))
    if not own:  # "São Paulo", "Vitamin E", "same as 2": no Portuguese word
        return False
    ours = 1.2 * own
    ours += 1.2 * len(_PT_LETTERS.findall(text)) + 1.0 * len(_PT_AND.findall(text))
    ours += 0.5 * len(_PT_ARTICLE_NUMBER.findall(folded))  # "a 2 e a 3"
    theirs = 1.2 * sum(word in _own_words("es", "pt") for word in words)
    theirs += 1.2 * len(_own_phrases("es", "pt").findall(folded))
    theirs += 2.0 * len(_ES_LETTERS.findall(text)) + 1.0 * len(_ES_AND.findall(folded))
    return ours >= 1.2 and ours > theirs + 0.5


_NL_SIGNS = re.compile(r"^\s*(?:de|het)\s+[^\W\d_]|(?<![\w'])(?:op|van|het)\s+(?:de\s+)?#?\d")
"""Dutch word order no other language has: a sentence opening "De …"/"Het …", "op #2"."""


def _dutch(words: list[str], text: str, at_least: int = 2) -> bool:
    """Whether a message read as another language has the words only Dutch has.

    ``at_least`` (two) of the lexicon's Dutch words or phrases that neither English nor German
    knows ("verwijder", "laatste", "naast elkaar"), and more of them than of German's own.
    """
    folded = fold(text)
    ours = sum(word in _own_words("nl", "de") for word in words)
    ours += len(_own_phrases("nl", "de").findall(folded)) + len(_NL_SIGNS.findall(folded))
    theirs = sum(word in _own_words("de", "nl") for word in words)
    return ours >= at_least and ours > theirs


def _portuguese_over(other: str, words: list[str], text: str) -> bool:
    """Whether a message read as French or Italian has the words of Portuguese instead.

    Two of the lexicon's Portuguese words or phrases that ``other`` has not ("faz", "mais
    escura"), and more of them than of its own.
    """
    folded = fold(text)
    ours = sum(word in _own_words("pt", other) for word in words)
    ours += len(_own_phrases("pt", other).findall(folded))
    theirs = sum(word in _own_words(other, "pt") for word in words)
    theirs += len(_own_phrases(other, "pt").findall(folded))
    return ours >= 2 and ours > theirs


@cache
def _article_number(lang: str) -> re.Pattern[str]:
    """An article of ``lang`` right before a number ("la 4", "der 2"), compiled once."""
    singular, plural = _ARTICLES.get(lang, ((), ()))
    words = sorted({a for a in (*singular, *plural) if len(a) > 1 and "'" not in a}, key=len,
                   reverse=True)
    return re.compile(rf"(?<![\w'])(?:{'|'.join(words)})\s+\d{{1,2}}\b(?![:x×%.,]\d)")


def protect(text: str) -> tuple[str, list[str]]:
    """Swap quoted copy for numbered slots so nothing reads or changes it."""
    quoted: list[str] = []

    def slot(match: re.Match[str]) -> str:
        quoted.append(match.group(0))
        return f" {_SLOT.format(len(quoted) - 1)} "

    return _QUOTE.sub(slot, text), quoted


def restore(text: str, quoted: list[str]) -> str:
    """Put the quoted copy back into its slots."""
    for i, copy in enumerate(quoted):
        text = text.replace(_SLOT.format(i), copy)
    text = re.sub(r"[^\S\n]+", " ", text)  # a line break still ends a request
    return re.sub(r" ?\n[\s]*", "\n", text).strip()


def translate(text: str, lang: str) -> str:
    """Read the lexicon phrases of ``lang`` in ``text`` into English (text is folded).

    A word of ``lang`` typed one letter off a phrase word ("amarila") is read as that word.
    """
    folded = _BY.sub(r"\1x\2", fold(text))  # "300 by 250" is 300x250
    if lang != "en":
        folded = _fix_foreign(folded, lang)
    pattern, table = _phrases_en() if lang == "en" else _phrases(lang)
    if lang == "de":  # "die Marmor-Variante", "die Sommer-Anzeige": the marble one
        folded = _DE_COMPOUND_ONE.sub(r"\1 one", folded)
        folded = _DE_COMPOUND_STYLE.sub(r"\1 style", folded)
    if lang != "en":
        folded = _nominalise(folded, lang)
    folded = pattern.sub(lambda m: table[m.group(1)], folded)
    short, shorthand = _phrases_en()
    folded = _SECONDS_IN_WORDS.sub(lambda m: f"{_SECOND_COUNTS[m.group(1)]}{m.group(2)}", folded)
    folded = _MORE_ADJECTIVE.sub(lambda m: _COMPARATIVES[m.group(1)], folded)
    folded = _PLUS.sub(lambda m: f"{m[1]} and {m[2]}" if colour_hex(m[1]) and colour_hex(m[2])
                       or {m[1], m[2]} <= _PLACEMENT_WORDS else m[0], folded)
    if lang == "en":
        return folded
    folded = short.sub(lambda m: shorthand[m.group(1)], folded)
    return _THE_NUMBER.sub(r"\1", folded)  # "et la #2 plus froide": "and #2 cooler"


_COMPARATIVES = {"bright": "brighter", "dark": "darker", "big": "bigger", "small": "smaller"}
_MORE_ADJECTIVE = re.compile(
    r"\bmore (bright|dark|big|small)\b(?!(?: (?!(?:in|on|of|at|for|from|to|the|this|that|my|"
    r"first|second|third|fourth|fifth|last|1st|2nd|3rd|4th)\b)[\w-]{1,15}){0,3} (?:ones?|ads?|"
    r"images?|versions?|variations?|pics?|pictures?|banners?)\b)")
""""make the number 2 more bright": a change of #2 ("brighter"), unless more images follow
("two more bright studio ones"); "more big in first image" names an image, not new ones."""
_PLUS = re.compile(r"\b([a-z]{3,12}) ?\+ ?([a-z]{3,12})\b")
""""navy + white": two colours, as "navy and white"; "square + story": two placements."""
_PLACEMENT_WORDS = frozenset({"square", "story", "stories", "portrait", "landscape", "feed",
                              "reel", "reels", "vertical", "horizontal", "widescreen", "banner",
                              "leaderboard", "tiktok", "pinterest", "linkedin", "youtube"})
_SECOND_COUNTS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                  "nine": 9, "ten": 10, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30,
                  "forty": 40, "forty-five": 45, "sixty": 60}
_SECONDS_IN_WORDS = re.compile(
    rf"\b({'|'.join(sorted(_SECOND_COUNTS, key=len, reverse=True))})([- ](?:seconds?|secs?)\b)")
""""ein zehn-sekunden-video" reads "a ten-seconds-video": the length in digits, "10-seconds"."""


_ARTICLES = {
    "de": (("der", "das", "den", "dem", "die"), ("die", "beiden", "beide")),
    "es": (("el", "la", "esa", "ese"), ("los", "las", "esas", "esos")),
    "fr": (("le", "la", "l'", "celle", "celui"), ("les", "celles", "ceux")),
    "it": (("il", "la", "lo", "l'", "quella", "quello"), ("i", "le", "gli", "quelle", "quelli")),
    "pt": (("o", "a", "essa", "esse", "aquela", "aquele"), ("os", "as", "essas", "esses")),
    "nl": (("de", "het", "die", "dat"), ("de", "die")),
}
_COUNTS = r"(?:zwei|drei|vier|dos|tres|cuatro|deux|trois|quatre|due|tre|quattro|dois|duas|\d)"
_ADJECTIVE_READINGS = frozenset({"dark", "light", "bright", "darker", "brighter", "lightest",
                                 "darkest", "brightest", "new", "newest", "latest", "last",
                                 "old", "original", "previous"})
_COUNT_READINGS = frozenset({"both", "two", "three", "four", "five", "six", "1", "2", "3", "4",
                             "5", "6", "7", "8", "9"})
_PLACE_COLOURS = frozenset({"snow", "sand", "forest", "linen", "stone", "seashell"})
"""Colour names that are places first: "en la nieve" is "in the snow", not "the snow one"."""
_NOUN_AFTER = frozenset({"one", "ones", "background", "backdrop", "text", "headline", "button",
                         "logo", "version", "image", "images", "ad", "ads", "font", "colour",
                         "color", "colours", "tone", "look", "theme", "shot", "scene", "photo",
                         "change", "changes", "edit", "edits"})


@cache
def _article_pattern(lang: str) -> re.Pattern[str]:
    """An article of ``lang``, maybe a count, and the word after them (compiled once)."""
    singular, plural = _ARTICLES.get(lang, ((), ()))
    articles = "|".join(re.escape(a) for a in sorted({*singular, *plural}, key=len, reverse=True))
    return re.compile(rf"(?<![\w'])({articles})\s*({_COUNTS}\s+)?([^\W\d_]+)(?![\w'])")


_DE_COMPOUND_ONE = re.compile(
    r"(?<![\w'-])(?!live-)([^\W\d_]{3,})-(?:variante|anzeige|version|motiv|bild|foto)(?![\w-])")
"""A German compound naming an image by its scene ("Marmor-Variante"): "Marmor one"."""
_DE_COMPOUND_STYLE = re.compile(
    r"(?<![\w'-])([^\W\d_]{4,}?)s?-?(?:stil|look|optik)(?![\w-])")
"""A German compound naming a look by its scene ("Frühlingsstil", "Sommer-Look"): "spring style"."""


def _nominalise(folded: str, lang: str) -> str:
    """An adjective standing for an image gets its "one": "la jaune" → "la jaune one".

    Romance languages and German say "the yellow" for "the yellow one"; "las oscuras"
    (plural) becomes "las oscuras ones". A count or a noun after it stops this.
    """
    singular, plural = _ARTICLES.get(lang, ((), ()))
    _, table = _phrases(lang)
    pattern = _article_pattern(lang)

    def adjective(word: str) -> bool:
        for form in (word, word[:-1] if word.endswith("s") else "", word[:-2] if
                     word.endswith(("es", "en")) else ""):
            reading = table.get(form) if form else None
            if reading and (reading in _ADJECTIVE_READINGS or (
                    reading in colour_names() and reading not in _PLACE_COLOURS)):
                return True
        return False

    def one(match: re.Match[str]) -> str:
        article, count, word = match.group(1), match.group(2), match.group(3)
        rest = folded[match.end():].split(maxsplit=1)
        following = table.get(rest[0], rest[0]) if rest else ""
        if not adjective(word) or following.split(" ")[0] in _NOUN_AFTER | _COUNT_READINGS:
            return match.group(0)
        if lang == "de" and word.endswith("er") and table.get(word, "").endswith("er"):
            return match.group(0)  # "mach die 3 heller": #3 brighter (no "helleren" ones)
        many = bool(count) or (article in plural and article not in singular) or (
            lang in ("es", "fr") and word.endswith("s") and word[:-1] in table) or (
            lang == "de" and word.endswith("en") and article == "die")
        return f"{match.group(0)} {'ones' if many else 'one'}"

    return pattern.sub(one, folded)


@cache
def _phrases_en() -> tuple[re.Pattern[str], dict[str, str]]:
    """English shorthand ("bg", "dl", "pls") and its reading."""
    table = {fold(k): str(v) for k, v in (lexicon().get("shorthand") or {}).items()}
    keys = sorted(table, key=len, reverse=True)
    return re.compile(r"(?<![\w'])(" + "|".join(re.escape(k) for k in keys) + r")(?![\w])"), table


@cache
def _single_words(lang: str) -> frozenset[str]:
    return frozenset(k for k in _phrases(lang)[1] if " " not in k and len(k) >= 4)


def _fix_foreign(folded: str, lang: str) -> str:
    """Correct typos of the lexicon's words of ``lang`` ("segnda" → "segunda")."""
    table, dictionary = _single_words(lang), _dictionaries()[lang]

    tokens = _phrase_tokens(lang)

    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        if lang == "de" and word not in table:
            stem = _DE_ADJECTIVE_ENDING.sub("", word)
            if stem != word and stem in table:
                return stem  # "im skandinavischen Stil": the lexicon's "skandinavisch"
        if len(word) < 4 or word in table or word in tokens or fold(word) in dictionary:
            return word  # "primeras" of "las dos primeras" is a word, not a typo of "primera"
        return _nearest(word, table, 1 if len(word) < 8 else 2) or word

    return _WORD.sub(fix, folded)


_DE_ADJECTIVE_ENDING = re.compile(r"(?:(?<=isch)|(?<=ell)|(?<=al)|(?<=iv))(?:e|en|er|es|em)$")
"""A German adjective's ending after a style word's stem ("skandinavischen", "rustikale"):
the lexicon lists the stem once, not every case and gender."""


@cache
def _phrase_tokens(lang: str) -> frozenset[str]:
    """Every word of the lexicon's phrases of ``lang``."""
    return frozenset(word for key in _phrases(lang)[1] for word in key.split())


_ACTION_WORDS = frozenset({"delete", "remove", "logo", "undo", "revert", "download", "render",
                           "animate", "carousel", "compare", "translate"})
"""Words a typo is only corrected into when it has five letters or more: a name such as
"Lago" or "Delite" must not become an action."""


def correct(text: str, lang: str = "en", names: frozenset[str] = frozenset()) -> str:
    """Correct typos of the words the rules key on ("secnd" → "second").

    Args:
        text: Folded text.
        lang: Its language (its own words are never corrected).
        names: Words typed capitalised mid-sentence (names: "Lago", "BOGO"), left alone.
    """
    words = vocabulary()
    colours = colour_names()

    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        if len(word) < 4 or word in words or word in names or word in colours:
            return word  # "darkred" is a colour, not a typo of "darker"
        if known(word, "en") or known(word, lang):
            return word
        limit = 1 if len(word) < 7 else 2
        best = _nearest(word, words, limit)
        if best in _ACTION_WORDS and len(word) < 5:
            # "delte" is "delete", "compair" is "compare"; a four-letter name ("Lago") never
            # becomes "logo"
            return word
        if best is None and len(word) >= 5:
            best = _nearest(word, _BASIC_COLOURS, 1)  # "yelow" is "yellow"
        if best is not None and _derived(word, best):
            return word  # "instagrammy" is a look like instagram's, no ask for instagram
        return best or word

    return _WORD.sub(fix, text)


_DERIVING = re.compile(r"y|ish|esque|ie|like")


def _derived(word: str, base: str) -> bool:
    """Whether ``word`` is ``base`` with an ending that makes a new word ("tiktoky").

    "instagrammy", "pinteresty", "tiktok-ish" describe a look; corrected to the platform,
    they asked for its size.
    """
    if not word.startswith(base) or len(word) <= len(base):
        return False
    rest = word[len(base):]
    if rest[0] == base[-1]:
        rest = rest[1:]  # the last letter doubled before the ending: "instagra-m-my"
    return bool(_DERIVING.fullmatch(rest))


_BASIC_COLOURS = frozenset({"yellow", "orange", "purple", "violet", "green", "white", "black",
                            "brown", "beige", "turquoise", "silver", "golden", "maroon",
                            "magenta", "crimson", "lavender"})
"""Colour words whose typos are corrected ("yelow"); rare CSS names ("linen") are not."""


def _nearest(word: str, candidates: Iterable[str], limit: int) -> str | None:
    """The one candidate within ``limit`` edits (transpositions count once), if unique."""
    scored = [(OSA.distance(word, c, score_cutoff=limit), c) for c in candidates]
    hits = sorted((d, c) for d, c in scored if d <= limit)
    if len(hits) > 1 and hits[0][0] == hits[1][0]:
        # a dropped letter is the likeliest typo: "wamer" is "warmer", not "water"
        hits = [(d, c) for d, c in hits if d == hits[0][0] and _drops_letters(word, c)]
    if len(hits) != 1 and not (hits and hits[0][0] < hits[1][0]):
        return None
    return hits[0][1]


def _drops_letters(word: str, candidate: str) -> bool:
    """Whether ``word`` is ``candidate`` with letters left out."""
    letters = iter(candidate)
    return len(word) < len(candidate) and all(ch in letters for ch in word)


def _names(text: str) -> frozenset[str]:
    """Words capitalised where a sentence does not start: product and brand names."""
    names = set()
    for match in _WORD.finditer(text):
        before = text[: match.start()].rstrip()
        starts = not before or before[-1] in ".!?:\n"
        word = match.group(0)
        if not starts and (word[0].isupper() or (len(word) > 1 and word.isupper())):
            names.add(fold(word))
    return frozenset(names)


_BARE_COPY = re.compile(
    r"\b(?:headline|title|tagline|sub ?line|sub-line|text|copy|wording|button(?:\s+text)?|cta)"
    r"(?:\s+(?:on|of|for|in)\s+(?:#\s*\d{1,2}|\d{1,2}|(?:image|ad|number)\s+\d{1,2}"
    r"|the\s+\d{1,2}(?:st|nd|rd|th)(?:\s+one)?|the\s+(?:[a-z-]+\s+){1,2}one"
    r"|the\s+[a-z-]+(?:\s+one)?|all(?:\s+of\s+them)?|(?:all|both)\s+(?:the\s+)?(?:ads|images|ones)"
    r"|every\s+(?:one|ad|image)|each(?:\s+one)?))?"
    # "should say": copy follows, typed as it comes ("should say go far for the team")
    r"(?:\s+(?:should|shud|shld|shoud|must|needs\s+to|has\s+to)\s+(?:say|read)\s*:?\s+"
    r"(?=[^\s\"“”«»„'‘’]+\s+(?!(?:please|pls|plz|thanks|thx|ty)\b)\S)"
    r"|\s*(?:\s(?:to|into)|:|=|->|→|\sshould\s+(?:say|read|be):?|\ssays?|\sreads?)\s+"
    # copy of two words at least: "to Spanish", "should be Bigger" name a change, not copy
    r"(?=[A-Z][^\s\"“”«»„'‘’]*\s+(?!(?:please|pls|plz|thanks|thx|ty)\b)\S))"
    r"([^\"“”«»„'‘’\n]{2,90}?)"
    r"(?:\s+(?:please|pls|plz|thanks|thx|ty)\s*[.!]*)?\s*$"
)


_TWO_SLOTS_SAY = re.compile(
    r"\b(headline|title|tagline|sub ?line)\s+(?:say|says|read|reads|to say)\s+"
    r"([^\"“”«»„'‘’\n,]{2,60}?)\s+and\s+(?:the\s+)?(button|cta)\s+(?:say|says|read|reads|to say)\s+"
    r"([^\"“”«»„'‘’\n,]{2,40}?)\s*(?:please|pls|thanks)?\s*[.!?]*\s*$", re.I)
"""Two slots, each with its copy typed lower-case ("the headline say X and the button say Y")."""


@cache
def _bare_copy_after_colon(lang: str) -> re.Pattern[str]:
    """A copy slot of ``lang`` ("titre", "titular"), a colon, then capitalised copy."""
    slots = sorted({k for k, v in (lexicon()["phrases"].get(lang) or {}).items()
                    if str(v) in ("headline", "subline", "button", "cta") and " " not in k},
                   key=len, reverse=True)
    return re.compile(
        rf"(?i:\b(?:{'|'.join(re.escape(w) for w in slots)})\b)[^:=→\n\"“”«»„]{{0,25}}?"
        r"\s*(?::|=|->|→)\s+(?=[A-ZÀ-Ý])((?:[^\"“”«»„'‘’\n]|(?<=\w)['’](?=\w)){2,90}?)\s*[.!]*$")


_ANOTHER_ASK = re.compile(
    r"#\s*\d|(?:[,.;!?]|\band\b|\balso\b|\bthen\b)\s*(?:and\s+|also\s+|then\s+|pls\s+|please\s+)?"
    r"(?:make|change|put|add|remove|delete|generate|create|give|move|animate|download|undo|"
    r"translate|do|set|turn|zip|render)\b", re.I)
"""What follows copy typed without quotes that is another ask ("…, and make #2 warmer")."""


def quote_bare_copy(text: str, lang: str = "en") -> str:
    """Quote copy typed without quotes after its slot.

    "headline on #1 to Hike longer. Drink colder.", "titre de la 1 : Plus loin, plus frais":
    the words are copy, never read as a change ("colder"). Only copy written as such
    (capitalised) counts.
    """
    pair = _TWO_SLOTS_SAY.search(text) if lang == "en" else None
    if pair is not None:  # "the headline say forever starts here and the button say enquire"
        return (f'{text[: pair.start(2)]}"{pair.group(2)}"{text[pair.end(2): pair.start(4)]}'
                f'"{pair.group(4)}"{text[pair.end(4):]}')
    match = (_BARE_COPY if lang == "en" else _bare_copy_after_colon(lang)).search(text)
    if match is None:
        return text
    end = match.end(1)
    ask = _ANOTHER_ASK.search(match.group(1))
    if ask:  # "headline on #1: Summer sale, and make #2 warmer": the copy ends before the ask
        end = match.start(1) + len(match.group(1)[: ask.start()].rstrip(" ,;.!?-"))
    copy = text[match.start(1): end].strip()
    if len(copy) < 2:
        return text
    return f'{text[: match.start(1)]}"{copy}"{text[end:]}'


def read(text: str) -> Reading:
    """Read a message into the planner's English.

    Args:
        text: What the user typed.

    Returns:
        The reading: language, and the English text (lower case, without accents) with the
        quoted copy restored verbatim.
    """
    original = text
    protected, quoted = protect(text)
    if _NUMBER_SIGN.search(protected):  # "Nr. 2 weg": image #2
        text = restore(_NUMBER_SIGN.sub("#", protected), quoted)
        protected, quoted = protect(text)
    lang = detect(protected)
    if lang in ("en", "fr", "es", "it") and not quoted:  # German writes every noun capitalised
        protected, quoted = protect(quote_bare_copy(text, lang))
    english = correct(translate(protected, lang), lang, _names(protected))
    if lang in ("es", "fr", "it"):
        english = _AFTER_NOUN.sub(_adjective_first, english)
    english = _ONE_THAT_IS.sub(_adjective_first, english)  # "celle qui est jaune"
    # "the 1st of december": a date's day is no image number
    english = _DATE.sub(lambda m: m.group("month") or m.group("month2"), english)
    english = _MORE_COUNT.sub(r"\1 more", english)  # "noch 2" read "more 2": "2 more"
    english = _COUNT_FIRST.sub(r"the \2 \1", english)  # "les quatre premières": the first four
    english = _NTH_KIT_PART.sub(r"another \1", english)  # "a third brand colour": no image #3
    english = _VERB_OF_LOOK.sub(  # "darken the bg on 3": "make the background on 3 darker"
        lambda m: f"make {m.group(2)}{m.group(3) or ''} {_LOOK_OF_VERB[m.group(1)]}", english)
    english = _LINE_UNDER.sub("subline", english)  # "a small line underneath": the subline
    english = _BEFORE_MAKING.sub("first", english)  # "before we make anything, …": no ads yet
    if lang == "de":  # "lade alle außer #4 herunter": the verb's two halves around its object
        english = _DE_DOWNLOAD_AROUND.sub(
            lambda m: "download " + " ".join(_DE_PRONOUNS.get(w, w) for w in m.group(1).split()),
            english)
    return Reading(original=original, lang=lang, text=restore(english, quoted))


_LINE_UNDER = re.compile(
    r"\b(?:(?:small|little|short|smaller|second|extra|tiny)\s+)?line\s+(?:of\s+(?:text|copy)\s+)?"
    r"(?:underneath|beneath|below|under)(?:\s+(?:it|that|the\s+headline|the\s+title))?(?=\W|$)")
"""A line of copy under the headline ("add a small line underneath: '…'"): the subline."""
_THE_NUMBER = re.compile(r"(?<=\s)the\s+(#\s*\d{1,2}\b)")
"""An article left before an image's number in translation ("la #2"): the number alone."""
_DE_DOWNLOAD_AROUND = re.compile(r"\b(?:lad|lade|ladet|laden|download)\s+(.{1,80}?)\s+"
                                 r"(?:herunter|runter)\b")
"""German "herunterladen" split round its object ("lade alle außer #4 herunter")."""
_DE_PRONOUNS = {"sie": "them", "es": "it", "ihn": "it", "dann": "then"}
"""A pronoun left untranslated between the verb's halves ("lade sie herunter")."""
_BEFORE_MAKING = re.compile(
    r"\bbefore (?:we|you|i|u) (?:make|create|generate|start|do|render|design|produce)"
    r"(?: (?:anything|any(?: \w+)? (?:ads?|images?|versions?)|the ads|ads))?(?: else)?\b,?")
"""A step asked first ("before we make anything could you cut the bottle out"): no request
for ads itself."""


_MONTHS = (r"january|february|march|april|may|june|july|august|september|october|november|"
           r"december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec|"
           r"enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|"
           r"diciembre|janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|"
           r"novembre|decembre|januar|februar|marz|juni|juli|oktober|dezember|gennaio|"
           r"febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre")
_DATE = re.compile(
    rf"\b(?:(?:on\s+)?the\s+)?\d{{1,2}}(?:st|nd|rd|th|er)?\.?\s+(?:of\s+)?(?P<month>{_MONTHS})\b"
    rf"|\b(?!may\b)(?P<month2>{_MONTHS})\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?!\s*(?:x|:|%))")
"""A date in the English reading ("the 1st of december", "1 de diciembre" read as "1 of
december", "december 1st"): its day is no image number, so only the month is kept."""


_MORE_COUNT = re.compile(r"(?<=\byou )more\s+(\d{1,2}|two|three|four|five|six)\b"
                         r"(?!\s*(?:%|x\b|seconds?|s\b|sec|px|:))")
""""kannst du noch 2 …" reads "can you more 2 …": two more (German puts "noch" first)."""
_COUNT_FIRST = re.compile(r"\bthe\s+(two|three|four|five|six|seven|eight|[2-9])\s+(first|last)\b"
                          r"(?!\s+(?:ones?|images?|ads?|versions?|shots?|cards?|slides?|seconds?)\b)")
""""the four first" (the Romance word order, "les quatre premières"): "the first four"."""
_NTH_KIT_PART = re.compile(
    r"\b(?:a|an|our)\s+(?:second|third|fourth|fifth|2nd|3rd|4th|5th)\s+"
    r"((?:brand\s+|accent\s+|kit\s+)?(?:colou?r|font|typeface)s?)\b")
"""A brand colour counted ("save #C0392B as a third brand colour"): one more of the kit's, no
image's number."""
_NUMBER_SIGN = re.compile(r"(?<![\w#])(?:nr|nro|núm|num|n°|nº)\.?\s*(?=\d{1,2}\b"
                          r"(?!\s+(?:des|de|du|en|in|der|im|of|bei|auf|del)\b))", re.I)
"""An image number written "Nr. 2", "núm. 3", "n° 4": "#2" (not a rank: "n°1 des ventes")."""
_AFTER_NOUN = re.compile(  # not "une image rouge" ("a red image"): that asks for a colour
    r"(?<!\ba\s)(?<!\ban\s)(?<!\bone\s)"
    r"\b(?:the\s+)?(?:image|photo|picture|pic|ad|visual|version)\s+([a-z]+)\b")


_LOOK_OF_VERB = {"darken": "darker", "brighten": "brighter", "lighten": "lighter"}
_VERB_OF_LOOK = re.compile(
    r"\b(darken|brighten|lighten)\s+(the\s+(?:background|backdrop|bg)"
    r"(?:\s+(?:on|of|in)\s+(?:#\s*\d{1,2}|\d{1,2}|the\s+[a-z-]+(?:\s+one)?))?)"
    r"(\s+(?:a touch|a bit|a little|a tad|slightly))?")
""""darken the background of #3": the background made darker (not the whole image)."""
_ONE_THAT_IS = re.compile(r"\bthe\s+one\s+(?:that|which)\s+(?:is|'s)\s+([a-z]+)\b")
""""the one that is yellow" (celle qui est jaune): "the yellow one"."""


def _adjective_first(match: re.Match[str]) -> str:
    """"l'image jaune" reads "image yellow": a colour after the noun is "the yellow one"."""
    word = match.group(1)
    return f"the {word} one" if word in colour_names() or word in ("dark", "light", "bright") \
        else match.group(0)


@cache
def colour_names() -> dict[str, str]:
    """Every colour name the planner knows (CSS/X11 and the lexicon's extras) as #RRGGBB."""
    names = {name: value.upper() for name, value in ImageColor.colormap.items()
             if isinstance(value, str) and value.startswith("#") and len(value) == 7}
    names.update({fold(k): str(v).upper() for k, v in lexicon()["extra_colours"].items()})
    return names


def colour_hex(words: str) -> str | None:
    """The #RRGGBB of a colour name ("navy", "forest green", "dark blue", "light grey")."""
    key = re.sub(r"[\s-]+", "", fold(words))
    names = colour_names()
    if key in names:
        return names[key]
    for modifier, factor in (("dark", 0.6), ("deep", 0.6), ("light", 1.4), ("pale", 1.5)):
        if key.startswith(modifier) and key[len(modifier):] in names:
            return shade(names[key[len(modifier):]], factor)
    return None


def shade(value: str, factor: float) -> str:
    """``value`` darker (factor < 1) or lighter (factor > 1), as #RRGGBB."""
    r, g, b = ImageColor.getrgb(value)[:3]
    if factor < 1:
        parts = [round(c * factor) for c in (r, g, b)]
    else:
        parts = [round(c + (255 - c) * (factor - 1)) for c in (r, g, b)]
    return "#" + "".join(f"{max(0, min(255, c)):02X}" for c in parts)


_CUE_BEFORE = re.compile(r"\b(?:for|on|as|in|into|to|via|a|an|the|my|our|de|sur)\s+(?:\w+\s+)?$")
_CUE_AFTER = re.compile(
    r"^\s*(?:(?:ads?|versions?|size|format|posts?|feed|pins?|story|stories|videos?|banners?|images?|"
    r"placements?|reels?|one)\b|(?:too|please|pls)?\s*(?:$|[,.;!?]|and\b))"
)


@cache
def _platforms() -> tuple[re.Pattern[str], dict[str, str]]:
    table = {fold(k): str(v) for k, v in lexicon()["platforms"].items()}
    keys = sorted(table, key=len, reverse=True)
    return re.compile(r"(?<!\w)(" + "|".join(re.escape(k) for k in keys) + r")(?!\w)"), table


def platform_placement(text: str) -> list[str]:
    """Placements of the platforms ``text`` names, in order ("for tiktok" → ["story"]).

    A platform counts where it is named as one: "for tiktok", "a pinterest pin", "the
    linkedin version"; "gym shorts" and "pin the logo" name none.
    """
    pattern, table = _platforms()
    folded = fold(text)
    found: list[str] = []
    taken: list[tuple[int, int]] = []
    for match in pattern.finditer(folded):
        if any(s <= match.start() < e for s, e in taken):
            continue
        cued = _CUE_BEFORE.search(folded[: match.start()]) or _CUE_AFTER.match(
            folded[match.end():]
        )
        if cued:
            taken.append(match.span())
            found.append(table[match.group(1)])
    return list(dict.fromkeys(found))


def basic_colour(value: str) -> str:
    """The basic colour name nearest to a colour ("#000080" → navy, "turquoise" → teal).

    The same naming the tools give images (:mod:`engines.local.look`), so "the navy one"
    and an image described as navy meet.
    """
    rgb = np.array([ImageColor.getrgb(value)[:3]], np.float32)
    return str(name_colors(to_lab(rgb))[0])
