"""Which images a message means, resolved against the images themselves.

By number and ordinal ("#3", "the third", "2 and 4", "the first two", "the last two"), by set
("all of them", "both", "all except the first"), by what the image shows ("the blue one",
"the one with the mountains", "the loft one", "the dark one") and by recency ("it", "that
one"). A reference that fits no image, or several where one is meant, becomes a question
with the candidates; nothing is guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz.distance import OSA

from agent.planner.language import basic_colour, colour_hex, common, platform_placement
from engines.local.themes import load_themes

ORDINALS = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
    "fifth": 5, "5th": 5, "sixth": 6, "6th": 6, "seventh": 7, "7th": 7, "eighth": 8, "8th": 8,
    "ninth": 9, "9th": 9, "tenth": 10, "10th": 10,
}
WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "thirty": 30, "fifty": 50, "a hundred": 100, "a couple of": 2, "a couple": 2,
    "couple of": 2, "a pair of": 2, "a few": 3, "a dozen": 12, "dozen": 12,
    "half a dozen": 6,
}
_NOUN = r"(?:images?|ads?|pics?|pictures?|versions?|variations?|options?|ones?|creatives?|visuals?)"
_NUM = r"(?:\d{1,3}|" + "|".join(sorted(WORD_NUMBERS, key=len, reverse=True)) + ")"
_ORD = "|".join(sorted(ORDINALS, key=len, reverse=True))
_ASSET = re.compile(r"\bimg_[0-9a-f]{10}\b")
_EXCEPT = re.compile(r"\b(?:except(?: for)?|but not|apart from|other than|besides|but)\b\s+(.*)$")
_ALL = re.compile(
    r"\b(?:all(?: of)?(?: them| the \w+| \w+)?|every(?: one|thing| single one)?|each(?: one)?|"
    r"them|them all|the whole set|everything)\b"
)
_BOTH = re.compile(r"\bboth\b")
_EDGE_ONE = re.compile(r"\s*the\s+(first|last)(?:\s+one)?\b(?!\s*(?:and\b|the\b|&|,(?!\s*(?:"
                       r"make\s+(?:them|it)\s+)?(?:a\s+bit\s+|much\s+|more\s+)?(?:warmer|cooler|"
                       r"brighter|darker|lighter|bigger|smaller|sharper|softer|bolder)\b)|\+|two\b|"
                       r"three\b|four\b|\d))")
""""the last one" opening what "all except" leaves out, and nothing more named after it."""
_OTHER_SET = re.compile(r"\bthe\s+(?:other|remaining)\s+(?:two|three|four|five|\d|ones)\b")
_ALL_WORDS = re.compile(r"\b(?:all|every|each|everything|of|them|the|ones?|single|images?|ads?|"
                        r"make|do|please|pls|warmer|cooler|brighter|darker|lighter|bigger|"
                        r"smaller|sharper|softer|bolder)\b")
"""What is left of "all the bright ones" once the words of "all" are gone: "bright"."""
_RANGE = re.compile(rf"(?:#|\b{_NOUN}\s*)?(\d{{1,3}})\s*(?:-|–|to|through|thru)\s*#?(\d{{1,3}})\b")
_HASH = re.compile(r"#\s*(\d{1,3})\b")
_ACTION_BEFORE = re.compile(r"\b(?:download|delete|export|compare)\s+$")
"""An action right before a range: "download 1-4" names images 1 to 4."""
_UNIT = (r"(?!\s*(?:%|x\b|×|fps\b|px\b|seconds?\b|secs?\b|s\b|sec\b|ms\b|min\w*|minutes?\b|"
         r"hours?\b|h\b|days?\b|frames?\b|ml\b|cm\b|mm\b|kg\b|g\b|l\b|pt\b|points?\b|"
         r"percent\b|stops?\b|steps?\b|levels?\b|[.,]\d))")
"""What makes a number a quantity, not an image: "3 seconds", "30 fps", "90%", "2.5"."""
_NUMBERED = re.compile(
    r"\b(?:image|ad|pic|picture|version|variation|option|number|no\.?|nr\.?)\s*#?\s*"
    r"(\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b" + _UNIT
)  # "#7 live image 5 sec": five seconds, not image 5
_LIST = re.compile(
    rf"\b{_NOUN}\s*#?\s*(\d{{1,3}}(?:\s*(?:,|and|&|\+|or)\s*#?\s*\d{{1,3}}\b{_UNIT})+)\b"
)
_BARE_LIST = re.compile(
    r"(?<![\w#:.])(\d{1,2}(?:\s*(?:,|&|\+)\s*\d{1,2})*\s*(?:and|&|\+)\s*\d{1,2})(?![\w:%x])"
    + _UNIT
)
_VERB_LIST = re.compile(
    r"\b(?:download|delete|remove|zip|export|compare|animate|upscale|kill|drop|trash|bin|"
    r"get rid of|ditch|scrap|lose)\s+"
    r"(?:#?\d{1,2}(?:\s*,\s*|\s+))+#?\d{1,2}\b" + _UNIT)
""""zip 2, 5, 7", "delete 1, 3", "get rid of 5 6 7 8": the images listed after the action,
by commas or spaces only."""
_WHICH_OF = re.compile(
    r"\bwhich\b[^?.;]{0,40}?(?<![\w#:.])(\d{1,2}\s*(?:,\s*\d{1,2}\s*)*or\s+\d{1,2})(?![\w:%x])")
""""which is better, 2 or 4": the images weighed against each other."""
_BEST = (r"\s*(?:best|favou?rites?|faves?|favs?|top|worst|nicest|strongest|weakest|most|least)"
         r"\b")
""""the 2 best", "my 3 favourites": how many of the best, not image #2."""
_BARE = re.compile(
    r"\b(?:on|for|of|to|in|the|from|at|number|nr|and|with|vs|versus)\s+(?:the\s+)?(\d{1,2})\b"
    r"(?!\s*(?:%|x\b|×|seconds?|secs?|s\b|px|:\d|more|ads?\b|images?|variations?|versions?|"
    # not "the 2 grey ones", "the 2 best"
    rf"cards?|shots?|ml|cm|mm|h\b|hours?|days?|l\b|\s+[a-z]+\s+ones\b|{_BEST}))"
    r"|^\s*(\d{1,2})\b(?!\s*(?:%|x\b|seconds?|secs?|s\b|more|ads?\b|images?|variations?|:\d))"
    r"|\b(\d{1,2})(?:e|er|eme|ème|ª|º)\b"
    r"|\b(\d{1,2})\s+(?=(?:vs\.?|versus|&)\s+)"  # "3 vs 7 vs 8": each number once
    # "la 3 más chévere" (the 3 more chévere): image 3, more of a look; not "the 3 more ads"
    r"|\bthe\s+(\d{1,2})\s+(?=more\s+(?!(?:ads?|images?|ones?|versions?|variations?|options?|"
    r"creatives?|visuals?|pictures?|of|for|in|on|like|please|pls)\b)[a-z])"
    # "make 3 a 320x50 banner": image 3
    r"|\b(?:make|turn|put|resize|crop|reformat)\s+(\d{1,2})\s+(?:a|an|into|in|to|as|on|onto)\s+"
    # "brighten 7", "and darken 2 a bit": a change said by its verb, then the image
    r"|\b(?:brighten|darken|lighten|upscale|animate|delete|remove|download|trash|bin|ditch|"
    r"scrap|zip|export)\s+(\d{1,2})\b"
    r"(?!\s*(?:%|x\b|×|seconds?|secs?|s\b|px|:\d|more|ads?\b|images?|variations?|versions?|"
    r"stops?|steps?|points?|levels?))"
)
_ORDINAL = re.compile(rf"(?<!\d )(?<!\d-)\b({_ORD})\b(?!\s+(?:shot|scene|card|line|word|sentence))")
_EDGE_N = re.compile(
    rf"\b(first|last|middle|latest)\s+(?!one\b)({_NUM})\b(?!\s*(?:seconds?|s\b|%))"
)
# "les quatre dernières" reads "the four last"
_N_EDGE = re.compile(rf"\bthe\s+(?!one\b)({_NUM})\s+(first|last|latest)\b")
_RECENT = re.compile(
    r"\b(?:it|that(?: one)?|this(?: one)?|the (?:last|latest|newest|new|previous) one|"
    r"the latest|the one you (?:just )?made|the (?:last|latest|newest|new) version|this version|"
    r"that version)\b"
)
_CHANGE_WORDS = (
    r"(?:warmer|cooler|brighter|darker|bigger|smaller|lighter|for|as|to|into|please|and|but|"
    r"a|an|in|on|more|less|instead|too|now|then|also|pop|background|backdrop|headline|text|"
    r"should|needs?|must|is|looks?|feels?|gets?)"  # "the one on marble should feel warmer"
)
_ATTRIBUTE = re.compile(
    r"\b(?:the|both|both the|all the|those|these)\s+(?:\d\s+)?"  # "the 2 grey ones"
    r"((?:[a-z][\w-]*\s+){0,2}?[a-z][\w-]*)\s+"
    r"(?:one|ones|ads|ad|images|image|pic|picture|versions|version|variation|shot)\b"
    r"|\b(?:the|both the)\s+([a-z][\w-]*)(?=\s+and\s+(?:the\s+)?[a-z][\w-]*\s+ones?\b)"
    r"|\bthe\s+(?:one|ad|image|pic|version)s?\s+(?:with|on|in|at|from|that has|showing)\s+"
    rf"(?:the\s+|a\s+|an\s+)?((?:(?!{_CHANGE_WORDS}\b)[a-z][\w-]*\s*){{1,2}}"
    rf"(?:and\s+(?:the\s+)?(?:(?!{_CHANGE_WORDS}\b)[a-z][\w-]*\s*){{1,2}})?)"
)
_NOT_ATTRIBUTE = {
    "last", "latest", "new", "newest", "previous", "other", "same", "next", "whole", "final",
    "original", "old", "current", "second", "third", "first", "fourth", "fifth", "sixth",
    "seventh", "eighth", "two", "three", "four", "middle", "only", "right", "good", "best",
    "this", "that", "these", "those", "which", "what", "one", "all", "both", "each",
}
_STOP = {"the", "a", "an", "one", "and", "of", "with", "on", "in", "at", "background", "scene",
         "color", "colour", "theme", "look", "vibe", "ad", "image", "version", "very", "really",
         "more", "bit", "kind", "sort", "that", "has", "please", "pls", "but", "make", "it",
         "for", "to", "is", "as", "from", "showing", "photo"}
_SCENE_TONES = frozenset({"night", "moody", "gloomy", "airy"})
"""Tone words that are also scene words: a scene showing it beats an image of that tone."""
_SCENES_NOT_TONES = frozenset({"night"})
"""Scene words that name no tone of an image: "the night one" where no image shows a night is
asked, not taken for the dark loft ("make it night" still darkens an image)."""
_TONES = {
    "dark": "dark", "darker": "dark", "darkest": "dark", "moody": "dark", "night": "dark",
    "gloomy": "dark", "dim": "dark", "murky": "dark", "somber": "dark", "sombre": "dark",
    "light": "light", "bright": "light", "brighter": "light", "brightest": "light",
    "pale": "light", "airy": "light", "lightest": "light",
}


@dataclass(frozen=True)
class Picture:
    """What the planner knows of one ad image.

    Attributes:
        number: Its number in the thread (#1 first).
        asset_id: Its asset id.
        theme: The scene theme id.
        colors: Its main colours by name (from its pixels), most prominent first.
        tone: ``light``, ``mid`` or ``dark``.
        backdrop: ``#RRGGBB`` of its backdrop wall, read from its pixels ("" unknown).
    """

    number: int
    asset_id: str
    theme: str = ""
    colors: tuple[str, ...] = ()
    tone: str = ""
    backdrop: str = ""
    detail: str = ""  # what tells it apart from a sibling: "edit of #3", "pin"
    placement: str = ""  # the placement it was made for ("square", "story"), if known
    changes: tuple[str, ...] = ()  # what the edit that made it changed ("warmer", "darker")
    headline: str = ""  # the headline on it ("" none or unknown)
    cta: str = ""  # its button's text ("" none or unknown)

    def words(self) -> set[str]:
        """Words that describe the scene: theme id, label and keywords."""
        theme = load_themes().get(self.theme)
        words = set(re.split(r"[\s-]+", self.theme))
        if theme is not None:
            words |= set(re.split(r"[\s-]+", theme.label.lower()))
            words |= {k.lower() for k in theme.keywords}
        return {w for w in words if w and w not in {"bottle", "product"}}

    def label(self) -> str:
        """"#3 (water splash)", for questions."""
        parts = [p for p in (self.theme.replace("-", " "), self.detail) if p]
        return f"#{self.number} ({', '.join(parts)})" if parts else f"#{self.number}"


@dataclass
class Reference:
    """The images a message means, or the question to ask.

    Attributes:
        numbers: Image numbers (1-based), in the order meant.
        question: Asked instead when the reference is unclear.
        how: How it was read: ``number``, ``set``, ``attribute``, ``recent``.
        candidates: The images that fit an unclear reference.
    """

    numbers: list[int] = field(default_factory=list)
    question: str | None = None
    how: str = ""
    candidates: list[int] = field(default_factory=list)


def without_descriptions(text: str) -> str:
    """``text`` without the phrases that describe which image ("the summer one").

    So a description is not read as a change: "the beach one for pinterest" is no beach theme.
    """
    def strip(match: re.Match[str]) -> str:
        phrase = match.group(1) or match.group(2) or match.group(3) or ""
        return match.group(0) if _not_a_description(phrase) else " "

    return _ATTRIBUTE.sub(strip, _SECOND_ONE.sub(" and the ", text))


_NOT_A_DESCRIPTION = re.compile(
    r"\b(?:headline|text|logo|button|font|background|backdrop|product|bottle|cta|copy|title|"
    r"subline|badge|shot|scene)s?\b"
)


def _not_a_description(phrase: str) -> bool:
    """A part of an ad or a platform ("the amazon sponsored brands one"), no image's look."""
    return bool(_NOT_A_DESCRIPTION.search(phrase)) or bool(
        phrase.strip() and platform_placement(f"for {phrase}"))


def _count(word: str) -> int:
    return int(word) if word.isdigit() else WORD_NUMBERS[word]


def explicit_numbers(text: str) -> list[int]:
    """Image numbers named in ``text``: "#2", "image 3", "2 and 4", "the third", "1-3"."""
    found: list[tuple[int, int]] = []
    for match in _RANGE.finditer(text):
        lo, hi = int(match.group(1)), int(match.group(2))
        if 0 < lo < hi <= 40 and ("#" in match.group(0) or re.search(_NOUN, match.group(0))
                                  or _ACTION_BEFORE.search(text, 0, match.start())):
            found += [(match.start(), n) for n in range(lo, hi + 1)]
    for pattern in (_LIST, _BARE_LIST, _WHICH_OF):
        for match in pattern.finditer(text):
            found += [(match.start(), int(n)) for n in re.findall(r"\d{1,3}", match.group(1))]
    for match in _VERB_LIST.finditer(text):
        found += [(match.start(), int(n)) for n in re.findall(r"\d{1,3}", match.group(0))]
    found += [(m.start(), int(m.group(1))) for m in _HASH.finditer(text)]
    found += [(m.start(), _count(m.group(1))) for m in _NUMBERED.finditer(text)]
    found += [(m.start(), ORDINALS[m.group(1)]) for m in _ORDINAL.finditer(text)]
    return list(dict.fromkeys(n for _, n in sorted(found)))


def _bare_known(text: str, pool: list[int]) -> list[int]:
    """Bare numbers at the start of an exception that name images ("except 7, i'm sure")."""
    lead = re.match(r"\s*(?:the\s+)?(\d{1,2})(?:\s*(?:,|and|&)\s*(?:the\s+)?(\d{1,2})\b)?", text)
    numbers = [int(g) for g in (lead.groups() if lead else ()) if g]
    return [n for n in numbers if n in pool]


def _edge(text: str, pool: list[int]) -> list[int] | None:
    """"the first two", "the last 3", "the middle two" of the pool.

    Both edges count when both are named ("the first two and the last two").
    """
    found = sorted([(m.start(), m.group(1), m.group(2)) for m in _EDGE_N.finditer(text)]
                   + [(m.start(), m.group(2), m.group(1)) for m in _N_EDGE.finditer(text)])
    numbers: list[int] = []
    for _, edge, count in found:
        n = _count(count)
        if n < 1 or n > len(pool):
            return None
        if edge == "first":
            part = pool[:n]
        elif edge == "middle":
            start = (len(pool) - n) // 2
            part = pool[start:start + n]
        else:
            part = pool[-n:]
        numbers += [p for p in part if p not in numbers]
    return numbers or None


def _attribute_matches(phrase: str, pictures: list[Picture]) -> list[int] | None:
    """Images whose look or scene fits every word of ``phrase`` (None: no describing word)."""
    words = [w for w in re.split(r"[\s,]+", phrase.strip()) if w and w not in _STOP]
    words = [w for w in words if w not in _NOT_ATTRIBUTE]
    if not words:
        return None
    fitting = [p for p in pictures if all(_fits(w, p) for w in words)]
    shown = [p for p in fitting if all(_forms(w) & p.words() for w in words)]
    if shown and _SCENE_TONES.intersection(words):
        return [p.number for p in shown]  # "the night one": the night scene, not any dark one
    return [p.number for p in fitting]


def _fits(word: str, picture: Picture) -> bool:
    if word in picture.changes:
        return True  # "the warmer version": the edit that made it warmer
    words = picture.words()
    if _forms(word) & words:
        return True
    if len(word) >= 5 and not common(word) and any(
            len(w) >= 5 and OSA.distance(word, w, score_cutoff=1) <= 1 for w in words):
        return True  # "the city at nigth one"; an everyday word ("peach") is no typo
    if word in _TONES and word not in _SCENES_NOT_TONES and picture.tone == _TONES[word]:
        return True
    if word in picture.colors:
        return True
    return _colour_family(word) in picture.colors


def _forms(word: str) -> set[str]:
    """The word and the scene word it may be formed from ("splashy" → splash, "sunny" → sun)."""
    forms = {word}
    if word.endswith("s") and len(word) > 3:
        forms.add(word[:-1])
    if word.endswith("y") and len(word) > 4:
        forms.add(word[:-1])  # splashy, beachy, snowy
        if word[-2] == word[-3]:
            forms.add(word[:-2])  # sunny, christmassy
    if word.endswith("ish") and len(word) > 5:
        forms.add(word[:-3])  # beachish
    return forms


def _colour_family(word: str) -> str | None:
    """The basic colour name of a colour word ("navy" → navy, "turquoise" → teal)."""
    value = colour_hex(word)
    return basic_colour(value) if value else None


_EVERY_OTHER = re.compile(r"\bevery\s+(?:other|second|2nd|third|3rd)\s+(?:one|ad|image|pic)")
""""every other one", "every second ad": some of them, not all."""


def resolve(text: str, pictures: list[Picture], last_set: list[int],
            recent: list[int], parents: dict[int, int] | None = None) -> Reference | None:
    """Read which images ``text`` means.

    Args:
        text: The request, in the planner's English.
        pictures: Every ad image of the thread, by number.
        last_set: Numbers of the latest generation ("all of them").
        recent: Numbers made in the latest turn that made images ("it", "that one").
        parents: Image number → the number it was edited from ("the original").

    Returns:
        The reference, or None when the text names no image.
    """
    if _EVERY_OTHER.search(text):  # "every other one": which half is not said
        return _ask("Which ones do you mean, for example #1, #3, #5, #7?", pictures)
    if len(_ONE_WITH.findall(text)) > 1:  # "the one with summer (and) the one with the loft"
        text = _ONE_WITH.sub(r"the \1 one", _ONES_IN_A_ROW.sub(r"\1 and ", text))
    text = _SECOND_ONE.sub(" and the ", text)  # "the one with X and the one on Y"
    text = _LEADING_X_ONE.sub(r"the \1", text)  # "dark one brighter": "the dark one"
    text = _TWO_BARE.sub(r"the \1 one and the \2 one", text)  # "the blue and the yellow"
    text = _LISTED_ONES.sub(_one_each, text)  # "the studio, marble and beach ones"
    newer = _NEWER_X.search(text)
    if newer and not _NEWER_OF.search(text):
        rest = f"{text[: newer.start()]}the {newer.group(2)} ones{text[newer.end():]}"
        among = resolve(rest, pictures, last_set, recent, parents)
        if among is not None and len(among.numbers or among.candidates) > 1:
            pick = max if newer.group(1) in _NEWER else min  # "the newer orange one"
            return Reference(numbers=[pick(among.numbers or among.candidates)], how="attribute")
    which = _NEWER_OF.search(text)
    if which:  # "the newer of the two orange ones"
        rest = text[: which.start()] + " the " + text[which.end():]
        among = resolve(rest, pictures, last_set, recent, parents)
        if among is not None and len(among.numbers or among.candidates) > 1:
            pick = max if which.group(1) in _NEWER else min
            return Reference(numbers=[pick(among.numbers or among.candidates)], how="attribute")
    numbers_known = {p.number for p in pictures}
    asset = _ASSET.search(text)
    if asset:
        match = [p.number for p in pictures if p.asset_id == asset.group(0)]
        return Reference(numbers=match, how="number") if match else None
    pool = last_set or [p.number for p in pictures]
    exception = _EXCEPT.search(text)
    head = text[: exception.start()] if exception else text
    if exception and _ALL.search(head):
        found = _all_except(head, exception.group(1), pool, pictures)
        return _batch_or_all(found, head, exception.group(1), pool, pictures, recent)
    original = _original(text, recent, parents or {})
    if original is not None:
        side_by_side = re.search(r"\b(?:compare|vs|versus|side by side|next to)\b", text)
        if original.numbers and recent and (side_by_side or _AND_ORIGINAL.search(text)) \
                and _RECENT.search(_ORIGINAL.sub(" ", text)):
            # "download that one and the original": both, not only the original
            return Reference(numbers=[recent[-1], *original.numbers], how="recent")
        return original
    if _OTHER_SET.search(text) and not explicit_numbers(text):
        # "the other two as stories", with nothing named before them in the message
        return _ask("Which ones do you mean by “the other”?", pictures)
    some = _SOME_OF_THEM.search(text)
    if some and _count(some.group(1)) < len(pool):
        lead = "" if some.group(1) == "one" else f"Which {some.group(1)} do you mean?"
        return _ask(lead, pictures)
    edge = _edge(text, pool)
    if edge:  # "the first two and the last one": the single edge image joins the set
        edge += [pool[i] for word, i in (("first", 0), ("last", -1))
                 if re.search(_ONE_AT_EDGE.format(word), text) and pool[i] not in edge]
        return Reference(numbers=sorted(edge), how="set")
    from_end = _from_the_end(text)
    if from_end and len(pool) >= from_end:
        return Reference(numbers=[pool[-from_end]], how="number")  # "the second to last one"
    if _THE_LAST_ONE.search(text) and (recent or pool) and not explicit_numbers(text):
        return Reference(numbers=[(recent or pool)[-1]], how="recent")  # "2 like the last one"
    named = explicit_numbers(text)
    bare = [int(next(g for g in m.groups() if g)) for m in _BARE.finditer(text)]
    if not named and bare and all(n in numbers_known for n in bare):
        named = list(dict.fromkeys(bare))  # "the background on 4", "la 2 y la 3"
    if named:
        if _LAST_ONE.search(text) and pool and pool[-1] not in named:
            named.append(pool[-1])  # "the first and the last"
        negated = {n for m in _NOT_N.finditer(text) for n in explicit_numbers(m.group(0))}
        named = [n for n in named if n not in negated]  # "#2 warmer, not #3"
        missing = [n for n in named if n not in numbers_known]
        if missing:
            return _unknown(missing, pictures)
        for listed in _AND_DESCRIBED.finditer(text):  # "delete #4 and the beach one"
            also = _described(listed.group(1), pictures)
            if also is not None and also.numbers and not also.question:
                named += [n for n in also.numbers if n not in named]
        return Reference(numbers=named, how="number")
    taste = _TASTE.search(text)
    if taste:  # "download the best one": a judgement only the advertiser can make
        many = "ones are" if taste.group(0).endswith("s") else "one is"
        return _ask(f"Which {many} {taste.group(0)} for you?", pictures)
    description = _described(text, pictures)
    if description is not None:
        return description
    if _BOTH.search(text):
        if len(recent) == 2:
            return Reference(numbers=recent, how="set")
        return _ask("Which two do you mean?", pictures)
    if _ALL.search(text):
        return Reference(numbers=list(pool), how="set")
    if _RECENT.search(text):
        if len(recent) == 1:
            return Reference(numbers=recent, how="recent")
        unclear = _ask("", pictures, recent)
        unclear.how = "recent"
        return unclear
    return None


def _all_except(head: str, rest: str, pool: list[int], pictures: list[Picture]) -> Reference:
    """"all ... except X": the images of ``pool`` left once X is taken out (or the question)."""
    kind = _attribute_numbers(head, pictures) or _attribute_matches(
        _ALL_WORDS.sub(" ", head), pictures)
    if kind:  # "all the bright ones except the beach one": the bright ones are the pool
        pool = [n for n in pool if n in kind] or kind
    edge_one = _EDGE_ONE.match(rest)
    if edge_one:  # "all but the last one with a beige background": the rest is the change
        left_out = pool[0] if edge_one.group(1) == "first" else pool[-1]
        return Reference(numbers=[n for n in pool if n != left_out], how="set")
    excluded = (explicit_numbers(rest) or _edge(rest, pool)
                or _bare_known(rest, pool))
    if excluded and _LAST_ONE.search(rest) and pool[-1] not in excluded:
        excluded = [*excluded, pool[-1]]  # "all but the first and the last"
    several = _described(rest, pictures)  # "except the beach and the marble one"
    described = (several.numbers if several is not None and several.numbers
                 and not several.question else _attribute_numbers(rest, pictures))
    if described is None:  # "all except the yellow": the words alone describe
        described = _attribute_matches(rest, pictures)
    excluded += described if described and len(described) < len(pool) else []
    if excluded:
        return Reference(numbers=[n for n in pool if n not in excluded], how="set")
    return _ask("I couldn't tell which image to leave out.", pictures)


def _numbered(numbers: list[int]) -> str:
    return ", ".join(f"#{n}" for n in numbers)


def _batch_or_all(found: Reference, head: str, rest: str, pool: list[int],
                  pictures: list[Picture], recent: list[int]) -> Reference:
    """"all ... except the first" right after a new batch: the batch, or every image?

    "All" reads as the latest batch; when the gallery holds more and the two readings leave
    out different images, the planner asks. When the batch reading leaves nothing of the
    batch out ("all except #1" after #5 and #6 were made), every image is meant.
    """
    everything = [p.number for p in pictures]
    if not found.numbers or pool != recent or len(everything) <= len(pool):
        return found
    wide = _all_except(head, rest, everything, pictures)
    if not wide.numbers or wide.numbers == found.numbers:
        return found
    if sorted(found.numbers) == sorted(pool):
        return wide
    ids = _numbered
    left_wide = [n for n in everything if n not in wide.numbers]
    left_new = [n for n in pool if n not in found.numbers]
    return Reference(
        question=(f"Do you mean all {len(everything)} ads except {ids(left_wide)} "
                  f"({ids(wide.numbers)}), or the {len(pool)} new ones except {ids(left_new)} "
                  f"({ids(found.numbers)})? Nothing is changed yet."),
        candidates=sorted(set(wide.numbers) | set(found.numbers)))


_TASTE = re.compile(r"\bthe\s+(best|good|better|nicest|prettiest|strongest|favou?rite|fave|fav|"
                    r"winning|top)\s+(?:ones?|ads?|images?|versions?|pics?)\b")
""""the best one", "the good ones": which ones, only the advertiser knows."""


_ONE_WITH = re.compile(
    r"\bthe\s+ones?\s+(?:with|on|in|of|from)\s+(?:the\s+|a\s+)?([a-z-]+)"
    r"(?=\s*(?:$|[,.;!?:]|and\b|&|for\b|as\b|into\b|the\s+ones?\s+(?:with|on|in|of|from)\b))")
_ONES_IN_A_ROW = re.compile(r"(\bthe\s+ones?\s+(?:with|on|in|of|from)\s+(?:the\s+|a\s+)?[a-z-]+)"
                            r"\s+(?=the\s+ones?\s+(?:with|on|in|of|from)\b)")
_SECOND_ONE = re.compile(
    r"\s+and\s+the\s+ones?\s+(?:with|on|in|of|from)\s+(?:the\s+|a\s+)?(?=\w+\s*(?:[:,.;!?]|$))")
_BARE_PAIR = re.compile(r"^\s*the\s+([a-z-]+)\s+and\s+the\s+([a-z-]+)\s+(?=(?:in|for|as|into)\b)")
""""the beach and the night in story format": two images named by a bare word each."""


_LEADING_BARE = re.compile(
    r"^\s*(?:(?:that|this|those|these)\s+)?((?:[a-z][\w-]*\s+){0,2}?[a-z][\w-]*)\s+"
    r"(one|ones|shot|pic|image)\b(?!\s*(?:of|more|for|with|in|on|like|please|pls)\b|\s*[?\d#]|\s*$)")
"""An image named by what it shows, without "the", opening a message ("loft one → story")."""
_NOT_LEADING = frozenset({
    "the", "a", "an", "another", "any", "some", "every", "no", "make", "do", "give", "add",
    "generate", "create", "try", "need", "want", "get", "show", "just", "only", "also", "and",
    "then", "please", "pls", "ok", "okay", "yes", "more", "extra", "different", "similar",
    "single", "warmer", "cooler", "brighter", "darker", "bigger", "smaller", "better", "lighter",
    "plainer", "i", "we", "you", "me", "us", "like", "is", "are", "was", "be", "of", "for",
    "in", "on", "with", "at", "to", "into", "as", "by", "from", "up", "down", "not", "now",
    "great", "nice", "cool", "love", "perfect", "same", "keep", "delete", "remove", "download",
    "animate", "compare", "undo", "revert", "render", "use", "put", "turn", "set", "change",
    "swap", "replace", "move", "cut", "trim", "shorten", "lengthen", "drop", "close", "wide",
    "hero", "opening", "closing", "final", "end", "last", "first", "next", "each",
})
"""Words that open a request rather than describe an image ("make one", "another one")."""


def one_per_description(text: str, pictures: list[Picture] | None = None) -> str:
    """Name each described image as "the X one", so the description is not read as a change.

    "the one with marble and the one with studio for pinterest" and "the beach and the night
    in story format" (as "la plage et la nuit …" reads) name two images each. An occasion
    that no image shows opens an order for new ones ("black friday ones, 3 of em").
    """
    if len(_ONE_WITH.findall(text)) > 1:
        text = _ONE_WITH.sub(r"the \1 one", _ONES_IN_A_ROW.sub(r"\1 and ", text))
    bare = _LEADING_BARE.match(text)
    if bare and pictures and _new_occasion(bare.group(1), pictures):
        bare = None
    if bare and not platform_placement(f"for {bare.group(1)}") and not any(
            word in _NOT_ATTRIBUTE or word in _NOT_LEADING or _NOT_A_DESCRIPTION.search(word)
            for word in bare.group(1).split()):
        # "loft one -> story format", "studio shot → cooler", "that purple city one - …"
        text = f"the {bare.group(1)} {'ones' if bare.group(2) == 'ones' else 'one'}" \
               f"{text[bare.end():]}"
    pair = _BARE_PAIR.match(text)
    if pair and not any(word in _NOT_ATTRIBUTE or _NOT_A_DESCRIPTION.search(word)
                        for word in pair.groups()):
        text = f"the {pair[1]} one and the {pair[2]} one {text[pair.end():]}"
    return text


def _new_occasion(phrase: str, pictures: list[Picture]) -> bool:
    """Whether ``phrase`` names an occasion's theme ("black friday") that no image shows."""
    named = {n.lower() for t in load_themes().values() if t.occasion or t.season
             for n in (*t.named_by, t.id.replace("-", " "), t.label.lower())}
    return phrase.strip() in named and not _attribute_matches(phrase, pictures)


_SECOND_TO_LAST = re.compile(
    r"\b(?:second|2nd)[- ](?:to[- ]|from[- ](?:the[- ])?)?last\b|\bpenultimate\b"
    r"|\bnext[- ]to[- ]last\b|\bone before (?:the )?last\b")
_NTH_TO_LAST = re.compile(
    r"\b(third|3rd|fourth|4th|fifth|5th)[- ](?:to[- ]|from[- ](?:the[- ])?)?last\b"
    r"|\bantepenultimate\b")
_NTH = {"third": 3, "3rd": 3, "fourth": 4, "4th": 4, "fifth": 5, "5th": 5}


def _from_the_end(text: str) -> int | None:
    """"the second to last" is 2, "the third last" 3: the place counted from the end."""
    if _SECOND_TO_LAST.search(text):
        return 2
    nth = _NTH_TO_LAST.search(text)
    if nth:
        return _NTH.get(nth.group(1) or "", 3)
    return None
_NEWER_OF = re.compile(r"\bthe (newer|newest|latest|more recent|most recent|older|oldest|earlier)"
                       r"(?: one)? of the\s+")
_NEWER = ("newer", "newest", "latest", "more recent", "most recent")
_NEWER_X = re.compile(r"\bthe (newer|newest|more recent|most recent|older|oldest|earlier) "
                      r"((?:(?!one\b)[a-z-]+\s+){1,2}?)(?:one|ad|image|version|pic)\b")
""""the newer orange one": of the orange ones, the one made last."""
_ONE_AT_EDGE = (r"(?<!\bnot )(?<!\bbut )(?<!\bthan )(?<!\blike )(?<!\bmatch )(?<!\bexcept )"
                r"(?:\b(?:the|and)|,)\s+(?:the\s+)?(?:very\s+)?{}(?:\s+one)?\b"
                r"(?!\s+(?:two|three|four|five|\d))")
""""the last one" beside "the first two" (formatted with first or last)."""
_THE_LAST_ONE = re.compile(r"\bthe (?:very )?(?:last|final|latest|newest|most recent) "
                           r"(?:one|image|ad|pic|picture)\b")
_LAST_ONE = re.compile(r"(?:\b(?:the|and)|,)\s*last(?:\s+one)?\b(?!\s+(?:two|three|four|\d))")
_NOT_N = re.compile(r"\b(?:not|but not|except)\s+(?:the\s+)?(?:#\s*\d{1,3}|" + _ORD + r")\b")
_SOME_OF_THEM = re.compile(
    r"(?<!every )(?<!each )(?<!any )\b(one|two|three|four|five|six|\d)\s+of\s+"
    r"(?:them|these|those)\b(?!\s+(?:[a-z-]+\s+){0,3}(?:banners?|things?|formats?|sizes?|posts?|"
    r"pins?|skyscrapers?|ads?|stories|reels?|carousels?|cards?)\b)"  # "one of those tall banners"
)
_ORIGINAL = re.compile(
    r"\bthe\s+(original|previous|old|earlier|first version|one (?:it|that|this) (?:came|was made) "
    r"from)(?:\s+(?:one|version))?\b"
)


_NEW_ONE = r"(?:that|this|it|the\s+(?:new|newer|newest|latest|edited)(?:\s+one|\s+version)*)"
_AND_ORIGINAL = re.compile(rf"\b{_NEW_ONE}(?: one| version)?\s+(?:and|&|\+|plus)\s+the\s+"
                           r"(?:original|previous|old|earlier|one (?:it|that) (?:came|was made) "
                           r"from|one before)\b"
                           r"|\bthe\s+(?:original|previous|old|earlier)(?:\s+one|\s+version)*\s+"
                           rf"(?:(?:and|&|\+)\s+)?{_NEW_ONE}\b")
""""that one and the original", "the new one and the old one", "the old one and the new one":
both, the latest version and the one it was made from."""


def _original(text: str, recent: list[int], parents: dict[int, int]) -> Reference | None:
    """"the original" / "the previous one": where the latest edit came from, if there is one."""
    match = _ORIGINAL.search(text)
    if match is None:
        return None
    latest = recent[-1] if recent else None
    if latest is None or latest not in parents:
        return Reference(question="Which image do you mean? Nothing here has been edited yet.")
    number = parents[latest]
    if match.group(1) == "original":
        while number in parents:
            number = parents[number]
    return Reference(numbers=[number], how="recent")


def _attribute_numbers(text: str, pictures: list[Picture]) -> list[int] | None:
    for match in _ATTRIBUTE.finditer(text):
        phrase = match.group(1) or match.group(2) or match.group(3) or ""
        numbers = _attribute_matches(phrase, pictures)
        if numbers is not None:
            return numbers
    return None


_AND_DESCRIBED = re.compile(
    r"(?:\band\b|&|\+|,)\s*(the\s+(?:[a-z-]+\s+){1,2}ones?\b"
    r"|the\s+ones?\s+(?:with|on|in|from)\s+(?:the\s+|a\s+)?[a-z-]+)")
"""An image described after images named by number: "#4 and the one with the beach"."""


_VERSIONS_OF = re.compile(r"\b(?:both|all|all the|every|each)\s+(?:versions?|copies|edits)"
                          r"\s+of\s*$")
""""both versions of …": every image a description fits, not one of them."""


def _described(text: str, pictures: list[Picture]) -> Reference | None:
    """"the blue one", "the one with the mountains": exactly one fit each, or a question.

    Several descriptions ("the beach one and the purple one") mean all the images they fit.
    """
    found: list[int] = []
    for match in _ATTRIBUTE.finditer(text):
        phrase = (match.group(1) or match.group(2) or match.group(3) or "").strip()
        if phrase.split()[-1:] in (["every"], ["each"], ["all"]):
            continue  # "the logo on every one": every image, no description
        parts = [p for p in re.split(r"\s+and\s+(?:the\s+)?", phrase) if p.strip()]
        if len(parts) > 1:  # "the ones with the beach and the marble": each part is one image
            listed = [_attribute_matches(p, pictures) for p in parts]
            if all(n is not None and len(n) == 1 for n in listed):
                found += [n[0] for n in listed if n and n[0] not in found]
                continue
        numbers = _attribute_matches(phrase, pictures)
        if numbers is None:
            continue
        if not numbers:
            return _ask(f"I can't tell which image is the {phrase} one.", pictures)
        # "both versions of the summer one": the original and its edits
        versions = _VERSIONS_OF.search(text[: match.start()])
        said = f"{versions.group(0)} {match.group(0)}" if versions else match.group(0)
        plural = re.search(r"\b(?:ones|ads|images|versions|both|all|those|these)\b", said)
        counted = _COUNTED.search(match.group(0))
        wanted = 2 if re.search(r"\bboth\b", said) else (
            _count(counted.group(1)) if counted else None)
        if wanted is not None and len(numbers) > wanted:
            return _ask(f"Which {wanted} do you mean?", pictures, numbers)  # 3 blue, "the two blue"
        if wanted is not None and len(numbers) < wanted and plural:
            # "the three blue ones" with two blue images: not a guess at the third
            fit = "Only one image fits" if len(numbers) == 1 else f"Only {len(numbers)} images fit"
            return _ask(f"{fit} “{phrase}”; which {wanted} do you mean?", pictures)
        if len(numbers) > 1 and not plural:
            what = phrase.split()[-1] if phrase else "that"
            return _ask(f"More than one image fits “{what}”.", pictures, numbers)
        found += [n for n in numbers if n not in found]
    if not found:
        return _bare_description(text, pictures)
    return Reference(numbers=found, how="attribute")


_COLOUR_WORD = (r"(?:dark|light|bright|red|orange|yellow|gold|green|teal|blue|navy|purple|pink|"
                r"brown|beige|cream|black|white|grey|gray)")
_TWO_BARE = re.compile(
    rf"\bthe\s+({_COLOUR_WORD})\s+(?:and|&|\+)\s+the\s+({_COLOUR_WORD})\b(?!\s+(?:ones?|and|background|backdrop|bg|text|headline|"
    r"button|cta|logo|font|colou?rs?|scene|version|images?|ads?)\b)")
_LISTED_ONES = re.compile(
    r"\bthe\s+([a-z][\w-]*(?:(?:\s*,\s*(?:and\s+|&\s+)?|\s+(?:and|&)\s+)(?:the\s+)?"
    r"(?!(?:and|the)\b)[a-z][\w-]*){2,})\s+ones\b")
"""Three images or more named by a word each before one "ones": "the studio, marble and beach
ones"."""


def _one_each(match: re.Match[str]) -> str:
    words = [w for w in re.split(r"\s*,\s*|\s+(?:and|&)\s+|\s+", match.group(1))
             if w and w != "the"]
    return " and ".join(f"the {w} one" for w in words)


_LEADING_X_ONE = re.compile(
    r"^\s*((?:dark|darker|light|bright|red|orange|yellow|gold|green|teal|blue|navy|purple|pink|"
    r"brown|beige|cream|black|white|grey|gray)\s+ones?)\b"
)
"""A colour or tone with "one" opening a request ("dark one brighter"): an image named."""
_COUNTED = re.compile(r"\b(two|three|four|five|six|\d)\s+[a-z]")
_BARE_THE = re.compile(
    r"\bthe\s+([a-z][\w-]*)\b(?!\s+(?:background|backdrop|bottle|product|headline|text|logo|"
    r"button|font|cta|colou?r|one|ones|ad|image|version|shot|scene|copy|title|subline|way|same|"
    r"rest|others?|whole|set|gallery|video|storyboard|end|hero))"
)


def _bare_description(text: str, pictures: list[Picture]) -> Reference | None:
    """"the blue", "la amarilla" read as "the yellow": a one-word description of one image."""
    for match in _BARE_THE.finditer(text):
        word = match.group(1)
        if word in _STOP or word in _NOT_ATTRIBUTE or word in ORDINALS:
            continue
        numbers = _attribute_matches(word, pictures)
        if numbers and len(numbers) == 1:
            return Reference(numbers=numbers + _listed_after(text[match.end():], pictures,
                                                             numbers), how="attribute")
        if numbers:
            return _ask(f"More than one image fits “{word}”.", pictures, numbers)
    return None


_LISTED_NEXT = re.compile(
    r"^\s*(?:and|&|\+|,)\s*(?:the\s+)?([a-z][\w-]*)\b(?!\s+(?:background|backdrop|bg|scene|"
    r"theme|setting|look|style|vibe|feel|light|lighting|colou?rs?|tones?|text|headline|logo|"
    r"button|font|cta|version|one|ones)\b)")
"""One more image named by one word after a list's "and": "the beach and marble"."""


def _listed_after(rest: str, pictures: list[Picture], found: list[int]) -> list[int]:
    """The images named by one word each after the first ("keep the beach and marble").

    "the beach and marble" lists two images when "marble" alone fits exactly one other
    image; read as one image and a scene for it, "marble" would put the beach ad on marble.
    """
    more: list[int] = []
    while (match := _LISTED_NEXT.match(rest)) is not None:
        word = match.group(1)
        if word in _STOP or word in _NOT_ATTRIBUTE or word in ORDINALS:
            break
        numbers = _attribute_matches(word, pictures)
        if not numbers or len(numbers) != 1 or numbers[0] in found + more:
            break
        more.append(numbers[0])
        rest = rest[match.end():]
    return more


def _unknown(missing: list[int], pictures: list[Picture]) -> Reference:
    count = len(pictures)
    which = ", ".join(f"#{n}" for n in missing)
    if not count:
        return Reference(question="There are no images yet; shall I make some?")
    return _ask(f"There is no {which}: this conversation has #1-#{count}.", pictures)


_LAST_WORD = re.compile(r"\b(?:last|final|latest|newest)\b")
_MIDDLE = re.compile(r"\bmiddle\b")
_LIST_TAIL = re.compile(r":\s*(#\d{1,3}\b[^:]*)$")  # "...: #3 (water splash), #5 (studio)?"


def listed_in(question: str) -> list[int]:
    """The image numbers a question ending in a list of images named, in its order.

    "Which one do you mean: #3 (water splash), #5 (studio), #6 (marble)?" lists 3, 5, 6;
    a question without such a list (or one naming images in passing) lists none.
    """
    tail = _LIST_TAIL.search(question)
    return [int(n) for n in re.findall(r"#(\d{1,3})\b", tail.group(1))] if tail else []


def in_the_list(text: str, listed: list[int], reference: Reference | None) -> Reference | None:
    """An answer that only names images by place: the places count in the question's list.

    After "which one do you mean: #3, #5, #6?", "the second one" is #5, "the last one" or
    "the final one" #6, "the middle one" #5, "the second to last" #5 and "the first two" #3
    and #5, as a person reading the list means them. Anything more than places (a typed
    number, "all except the first", "the studio one, like last time", "delete the last
    one") is read as it would be without the list, as is a place past the list's end.

    Args:
        text: The answer, in the planner's English.
        listed: The numbers the question listed, in order.
        reference: How the answer reads without the list.

    Returns:
        The reference the answer makes (``reference`` when it is not an answer by place).
    """
    if len(listed) < 2:
        return reference
    numbers = _listed_places(text, listed)
    return Reference(numbers=numbers, how="number") if numbers else reference


_PLACE_FILLER = frozenset(
    "the one ones and & please pls plz image images ad ads pic pics picture version ok okay "
    "yes yeah yep sure i mean meant that this of them those these both just only oh sorry "
    "then go with take i'd id do let's lets want like pick choose use".split())


def _listed_places(text: str, listed: list[int]) -> list[int]:
    """The listed numbers ``text`` names by place; none when it says anything else."""
    size, rest, found = len(listed), text, []

    def take(match: re.Match[str], places: list[int]) -> None:
        nonlocal rest
        found.append((match.start(), places))
        rest = rest[: match.start()] + " " * (match.end() - match.start()) + rest[match.end():]

    for pattern in (_SECOND_TO_LAST, _NTH_TO_LAST):  # "the second to last"
        for match in pattern.finditer(rest):
            back = _from_the_end(match.group(0)) or size + 1
            take(match, [size - back + 1])
    for pattern in (_EDGE_N, _N_EDGE):  # "the first two", "the two last", "the middle two"
        for match in pattern.finditer(rest):
            which, count = match.groups() if pattern is _EDGE_N else match.groups()[::-1]
            wanted = _count(count)
            start = {"first": 0, "middle": (size - wanted) // 2}.get(which, size - wanted)
            if which == "middle" and (size - wanted) % 2:
                return []  # no middle two of three
            take(match, list(range(start + 1, start + wanted + 1)))
    for match in _ORDINAL.finditer(rest):
        take(match, [ORDINALS[match.group(1)]])
    for match in _LAST_WORD.finditer(rest):
        take(match, [size])
    for match in _MIDDLE.finditer(rest):
        take(match, [size // 2 + 1] if size % 2 else [size + 1])
    words = re.findall(r"[\w'&]+", rest.lower())
    places = [p for _, group in sorted(found) for p in group]
    if not places or any(w not in _PLACE_FILLER for w in words):
        return []
    if any(not 1 <= p <= size for p in places):
        return []
    return list(dict.fromkeys(listed[p - 1] for p in places))


def _ask(lead: str, pictures: list[Picture], candidates: list[int] | None = None) -> Reference:
    """A question listing the images that could be meant."""
    shown = [p for p in pictures if not candidates or p.number in candidates]
    listed = listing(shown, everything=len(shown) == len(pictures))
    tail = f"The images: {listed}." if lead.endswith("?") else f"Which one do you mean: {listed}?"
    return Reference(question=f"{lead} {tail}".strip(),
                     candidates=[p.number for p in shown])


_COMPACT_FROM = 9
"""From this many images on, a question lists them compactly ("#9 beach, #10 marble")."""


def listing(pictures: list[Picture], everything: bool = True) -> str:
    """Every picture a question offers, none left out however many there are.

    Up to eight read "#3 (water splash), #5 (studio)"; more read compactly, "all 12: #1 hiking
    trail, …, #12 marble" when they are every image of the gallery.

    Args:
        pictures: The images offered, in order.
        everything: They are every image of the gallery.
    """
    if len(pictures) < _COMPACT_FROM:
        return ", ".join(p.label() for p in pictures)
    compact = ", ".join(f"#{p.number} {p.theme.replace('-', ' ')}".strip()
                        + (f" ({p.detail})" if p.detail else "") for p in pictures)
    return f"all {len(pictures)}: {compact}" if everything else compact
