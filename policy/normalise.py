"""Undo the disguises of ad text (look-alike letters, leetspeak, spacing) before the rules run.

:func:`variants` returns the readings of a text the policy checks besides the text as
written: Unicode NFKC, invisible characters removed, Cyrillic and Greek look-alikes folded
to Latin, leetspeak folded inside words ("cur3s", "L0se", "c0caine"), spaced or dotted
letters joined ("c u r e s", "c.u.r.e.s"), curly quotes made straight. Each reading keeps,
for every character, the span of the original text it came from, so a finding on the
reading points at what the user wrote (:meth:`Normalised.span`).

Numbers stay numbers: a token is folded only when most of it is letters, so "4K", "5G",
"24/7", "$50", "3-in-1" and "100%" read as written.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

# Look-alikes of Latin letters: Unicode's confusables list as the confusable_homoglyphs
# package ships it (MIT; its data is inside the wheel, nothing is downloaded), plus these
# Cyrillic and Greek letters that pass for Latin ones in a word though the list leaves them
# out (в, н, т, к, м...), and the quotes and dashes the rules write in ASCII.
EXTRA_CONFUSABLES = {
    # Cyrillic
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o",
    "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "і": "i", "ї": "i", "ј": "j",
    "ѕ": "s", "ԁ": "d", "һ": "h", "ӏ": "l", "ԛ": "q", "ԝ": "w", "ү": "y", "ո": "n",
    "п": "n", "г": "r",
    "А": "A", "В": "B", "Е": "E", "Ё": "E", "К": "K", "М": "M", "Н": "H", "О": "O",
    "Р": "P", "С": "C", "Т": "T", "У": "Y", "Х": "X", "І": "I", "Ї": "I", "Ј": "J",
    "Ѕ": "S", "Ӏ": "I", "Ԛ": "Q", "Ԝ": "W", "Ү": "Y",
    # Greek
    "α": "a", "β": "b", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p",
    "τ": "t", "υ": "u", "χ": "x", "ϲ": "c", "ϳ": "j",
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M",
    "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X", "Ϲ": "C",
    # Armenian and Latin extensions
    "օ": "o", "ս": "u", "հ": "h", "ı": "i", "ɑ": "a", "ɡ": "g", "ɩ": "i", "ʏ": "y",
    # quotes and dashes the rules write in ASCII
    "\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u2032": "'", "\u201c": '"', "\u201d": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-",
}
# leetspeak inside a word; "1" reads as "i" in the first reading and as "l" in a second
LEET = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s",
        "!": "i", "|": "l", "€": "e"}
LEET_L = {**LEET, "1": "l", "!": "l"}

# characters no reader sees: format characters (zero-width, bidi marks, soft hyphen) and
# variation selectors
_INVISIBLE = re.compile("[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f"
                        "\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufe00-\ufe0f\ufeff"
                        "\U000e0000-\U000e0fff]")
# lone UTF-16 surrogates (from a JSON "\\ud83d" escape or a cut emoji): no codec writes them
_SURROGATE = re.compile("[\ud800-\udfff]")
# a token that may hide leetspeak: letters with digits or symbols among them
_LEET_RUN = re.compile(r"[\w@$!|€]+")  # kept when it has an ASCII letter (linear, unlike
_ASCII_LETTER = re.compile(r"[a-zA-Z]")  # one pattern asking for the letter inside the run)
_LEETISH = re.compile(r"[a-zA-Z][@$!|€][a-zA-Z]|[a-zA-Z][013457]|[013457@$€][a-zA-Z]|"
                      r"(?i:[b-df-hj-kmpqstw-z]v[b-df-hj-np-tv-z])")
# "v" for "u" between two consonants ("retvrns", "cvres", "bvy"). Real words have a "v"
# there too, nearly always after "l", "n", "r" or "v" ("curvy", "nervt", "envy", "savvy",
# "silvr"), so a "v" after those stays; and acronyms have one ("DVD", "PVC", "HDTVs"), so a
# word without a vowel stays. What is left can still be a real word: the reading is only a
# second one, checked beside the text as written, and flags nothing unless it spells a
# violation ("retvrns of 300 % guaranteed").
_V_FOR_U = re.compile(r"(?i)(?<=[b-df-hj-kmpqstw-z])v(?=[b-df-hj-np-tv-z])")
_WORD = re.compile(r"[^\W\d_]+")
_VOWEL = re.compile(r"[aeiouyAEIOUY]")
# three or more single letters (or leet digits) separated by one space, dot, dash or star
_SPACED = re.compile(r"(?<![\w@$])[\w@$](?:([ .\-*_·])[\w@$]){2,}(?![\w@$])")


@dataclass(frozen=True)
class Normalised:
    """A reading of a text, with where each of its characters came from.

    Attributes:
        text: The reading.
        starts: For each character of ``text``, the start of its source in the original.
        ends: For each character of ``text``, the end of its source in the original.
    """

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text that ``text[start:end]`` came from."""
        if end <= start:
            at = self.starts[start] if start < len(self.starts) else (
                self.ends[-1] if self.ends else 0)
            return at, at
        return self.starts[start], self.ends[end - 1]


# product codes and measures: "MP3", "PS5", "v2", "100ml", "2x", "1st", "4K"
_CODE = re.compile(r"[A-Z]{1,6}\d+|[a-zA-Z]\d+|\d+(?:ml|cl|dl|l|mg|g|kg|oz|lbs?|mm|cm|m|km|in|ft|"
                   r"h|hrs?|min|s|k|x|st|nd|rd|th|d|p|gb|tb|mb|w|kw|v|hz|mah|pcs|[A-Z]+)")

Piece = tuple[str, int, int]


def well_formed(text: str) -> str:
    """``text`` with each lone UTF-16 surrogate replaced by U+FFFD, so any codec can write it.

    A Python ``str`` may hold surrogates no UTF-8 encoder accepts (half of an emoji pair),
    and the sentence encoder's tokenizer and the n-gram hashing encode the text. One
    character replaces one, so every span stays where it was.
    """
    return _SURROGATE.sub("\ufffd", text) if not text.isascii() else text


def variants(text: str) -> list[Normalised]:
    """The readings of ``text`` that differ from it (none for plain text).

    The first undoes every disguise with "1" read as "i"; a second, only when a "1" or "!"
    was folded, reads them as "l" ("1ose", "k1lls" and "he!!" all read right in one).
    """
    if _plain(text):
        return []
    base = _clean(text)
    readings = []
    seen = {text}
    for table in (LEET, LEET_L):
        pieces = _single_spaces(_join_spaced(_fold_v(_fold_leet(base, table)), table))
        reading = _build(pieces)
        if reading.text not in seen:
            seen.add(reading.text)
            readings.append(reading)
    return readings


def _plain(text: str) -> bool:
    """Whether ``text`` has nothing to undo (the fast path of every ordinary message)."""
    if _LEETISH.search(text) or _SPACED.search(text):
        return False
    if text.isascii():
        return True
    table = confusables()
    return (
        unicodedata.is_normalized("NFKC", text)
        and not _INVISIBLE.search(text)
        and not any(ord(c) in table or unicodedata.combining(c) for c in text if not c.isascii())
    )


def normalise(text: str) -> Normalised:
    """The first reading of ``text`` (the text itself, mapped one to one, when plain)."""
    found = variants(text)
    if found:
        return found[0]
    return Normalised(text, tuple(range(len(text))), tuple(range(1, len(text) + 1)))


def _clean(text: str) -> list[Piece]:
    """NFKC, look-alikes folded and invisible characters dropped, character by character."""
    pieces: list[Piece] = []
    for i, char in enumerate(text):
        if _INVISIBLE.match(char):
            continue
        if unicodedata.combining(char) and pieces:
            joined = unicodedata.normalize("NFC", pieces[-1][0] + char)
            if len(joined) != 1:  # a look-alike under the accent: "rе\u0301gime" is "régime"
                latin = pieces[-1][0].translate(confusables())
                joined = unicodedata.normalize("NFC", latin + char)
            if len(joined) == 1:
                pieces[-1] = (joined, pieces[-1][1], i + 1)
            continue  # a stray accent on no letter, or one that does not compose
        folded = unicodedata.normalize("NFKC", char) if not char.isascii() else char
        for part in folded:
            pieces.append((part, i, i + 1))
    return _fold_confusables(pieces)


@cache
def confusables() -> dict[int, str]:
    """Non-ASCII characters that look like one ASCII letter, mapped to it (built once)."""
    from confusable_homoglyphs.confusables import confusables_data

    table: dict[int, str] = {}
    for char, glyphs in confusables_data.items():
        if len(char) != 1 or char.isascii():
            continue
        latin = [g["c"] for g in glyphs if len(g["c"]) == 1 and g["c"].isascii()]
        latin = [c for c in latin if c.isalpha()]
        if latin:
            table[ord(char)] = latin[0]
    return {**table, **str.maketrans(EXTRA_CONFUSABLES)}


def _fold_confusables(pieces: list[Piece]) -> list[Piece]:
    """Fold look-alike letters in words made only of Latin letters and look-alikes.

    A word in real Cyrillic or Greek has letters with no Latin twin (д, λ) and stays.
    """
    text = "".join(p[0] for p in pieces)
    out = list(pieces)
    table = confusables()
    for word in re.finditer(r"\w+|[\u2018\u2019\u02bc\u2032\u201c\u201d\u2010-\u2013]", text):
        chars = word.group(0)
        folded = chars.translate(table)
        if folded == chars or not _latin(folded):
            continue
        for k, char in enumerate(folded):
            at = word.start() + k
            out[at] = (char, out[at][1], out[at][2])
    return out


def _latin(word: str) -> bool:
    """Whether a word is (now) written only in Latin letters, digits and ASCII marks."""
    return all(c.isascii() or unicodedata.name(c, "").startswith("LATIN") for c in word)


def _fold_leet(pieces: list[Piece], table: dict[str, str]) -> list[Piece]:
    """Fold digits and symbols inside words whose letters outnumber them ("cur3s")."""
    text = "".join(p[0] for p in pieces)
    out = list(pieces)
    for token in _LEET_RUN.finditer(text):
        if not _ASCII_LETTER.search(token.group(0)):
            continue
        word = token.group(0).rstrip("!|")  # "Wow!!" ends a sentence
        if not word:
            continue
        letters = sum(c.isalpha() for c in word)
        odd = sum(c in table for c in word)
        if not odd or letters < 2 or odd > letters or not _leet_shape(word, table):
            continue
        for k, char in enumerate(word):
            if char in table:
                at = token.start() + k
                out[at] = (table[char], out[at][1], out[at][2])
    return out


def _fold_v(pieces: list[Piece]) -> list[Piece]:
    """Read a "v" between two consonants as the "u" it stands for ("retvrns", "CVRES").

    Not after "l", "n", "r" or "v" ("curvy", "envy", "savvy") nor in a word without a vowel
    ("DVD", "HDTVs"): real words and acronyms have their "v" there.
    """
    text = "".join(p[0] for p in pieces)
    out = list(pieces)
    for word in _WORD.finditer(text):
        if not _VOWEL.search(word.group()):
            continue  # an acronym ("DVD", "PVC")
        for match in _V_FOR_U.finditer(text, word.start(), word.end()):
            at = match.start()
            out[at] = ("U" if text[at] == "V" else "u", out[at][1], out[at][2])
    return out


def _leet_shape(word: str, table: dict[str, str]) -> bool:
    """Whether a token reads as a disguised word, not a code or a unit ("MP3", "v2", "10x").

    A digit at the very end after capitals ("MP3", "PS5") or a leading number with a unit
    ("100ml") is a name or a measure; a symbol at the start ("@brand", "$5") is a mention
    or a price.
    """
    if word[0] in "@$!|€":
        return False
    if _CODE.fullmatch(word):
        return False
    return True


def _join_spaced(pieces: list[Piece], table: dict[str, str]) -> list[Piece]:
    """Join runs of single letters ("c u r e s" -> "cures"); leet inside them folds too."""
    text = "".join(p[0] for p in pieces)
    drop: set[int] = set()
    out = list(pieces)
    for run in _SPACED.finditer(text):
        chars = run.group(0)[::2]
        if sum(c.isalpha() for c in chars) < 2 or _ordinary_run(chars, run.group(1)):
            continue
        for k in range(run.start(), run.end()):
            if (k - run.start()) % 2:
                drop.add(k)
            elif out[k][0] in table:
                out[k] = (table[out[k][0]], out[k][1], out[k][2])
    return [p for k, p in enumerate(out) if k not in drop]


def _single_spaces(pieces: list[Piece]) -> list[Piece]:
    """Runs of spaces read as one ("W E I G H T  L O S S" -> "WEIGHT LOSS")."""
    return [p for k, p in enumerate(pieces) if not (p[0] == " " and k and pieces[k - 1][0] == " ")]


def _ordinary_run(chars: str, separator: str) -> bool:
    """Whether single characters in a row are ordinary text: "A B C", "1 2 3", "U.S.A"."""
    if all(c.isdigit() for c in chars):
        return True
    if separator == "." and chars.isupper() and len(chars) <= 4:
        return True  # initials and abbreviations
    return separator == " " and chars.isupper() and len(chars) <= 3


def _build(pieces: list[Piece]) -> Normalised:
    return Normalised(
        "".join(p[0] for p in pieces),
        tuple(p[1] for p in pieces),
        tuple(p[2] for p in pieces),
    )
