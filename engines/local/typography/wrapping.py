"""Word wrapping and headline shortening for ad text (never cutting inside a word)."""

from __future__ import annotations

import itertools
import re

from PIL import ImageFont

_NUMBER = re.compile(r"^[£$€¥]?\d+(?:[.,]\d+)*(?:[-–]\d+(?:[.,]\d+)*)?$")
_UNITS = frozenset("""
    ml cl l litre litres liter liters oz fl g kg lb lbs mg h hr hrs hour hours min mins minute
    minutes sec secs seconds s day days week weeks month months year years mah wh w kw v hz
    khz mhz ghz mb gb tb mm cm m km in inch inches ft feet " % pcs pieces pack x cups cup
    servings people pages sheets colours colors
""".split())
"""Units a number is never parted from at a line break ("15 inch", "350 ml", "24 h")."""
_BEFORE_NUMBER = frozenset({"no.", "nr.", "£", "$", "€", "¥", "n°", "#", "size", "up"})
"""Words that stay with the number after them ("No. 5", "£ 20")."""


def _unit(word: str) -> bool:
    return word.lower().rstrip(".,;:!?)") in _UNITS


def unbroken_words(text: str) -> list[str]:
    """The words of ``text`` as line breaks may part them: a number keeps its unit.

    "Fits a 15 inch laptop" has the words "Fits", "a", "15 inch", "laptop": a wrap never
    sets "15" at the end of one line and "inch" at the start of the next. The same holds for
    "350 ml", "24 h", "100 %" and "No. 5" or "£ 20".
    """
    words: list[str] = []
    for word in text.split():
        last = words[-1] if words else ""
        tail = last.split(" ")[-1]
        if last and ((_NUMBER.match(tail) and _unit(word))
                     or (tail.lower() in _BEFORE_NUMBER and _NUMBER.match(word))):
            words[-1] = f"{last} {word}"
        else:
            words.append(word)
    return words


LEANING = frozenset("""
    a an the your our my their its this these for of to by at in on from with into
    der die das dem den des ein eine einen einem einer eines für von zu mit
    le la les l' un une du des de au aux pour avec
    el los las lo una unos unas del al para con
    il gli uno di da per
    het een voor
    o os um uma do dos da das na no em
""".split())
"""Words that lean on the next one: a line never ends on them when it can be helped
("Room for a / 15 inch laptop" is "Room for / a 15 inch laptop" or better). Articles and
short prepositions of English and of the other languages copy is written in."""


def glued_words(text: str) -> list[str]:
    """:func:`unbroken_words` with each leaning word (:data:`LEANING`) joined to the next.

    "Room for a 15 inch laptop" has the words "Room", "for a 15 inch", "laptop": a wrap of
    them never ends a line on "for" or "a" (nor parts "15" from "inch").
    """
    words: list[str] = []
    for word in unbroken_words(text):
        last = words[-1] if words else ""
        if last and last.split(" ")[-1].lower() in LEANING:
            words[-1] = f"{last} {word}"
        else:
            words.append(word)
    return words


def wrap(
    text: str, face: ImageFont.FreeTypeFont, width: float, max_lines: int, *,
    glue: bool = False,
) -> list[str] | None:
    """Greedy word wrap; None when the text needs more than ``max_lines`` or a word is too wide.

    With ``glue`` no line ends on a leaning word ("a", "the", "for"...: :func:`glued_words`).
    """
    lines: list[str] = []
    for word in glued_words(text) if glue else unbroken_words(text):
        if face.getlength(word) > width:
            return None
        if lines and face.getlength(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
            if len(lines) > max_lines:
                return None
    return lines


def balanced_wrap(
    text: str, face: ImageFont.FreeTypeFont, width: float, lines: int, *, glue: bool = False
) -> list[str]:
    """The narrowest wrap with the same number of lines (avoids a lone last word)."""
    lo, hi = width * 0.45, width
    best = wrap(text, face, width, lines, glue=glue) or [text]
    for _ in range(8):
        mid = (lo + hi) / 2
        attempt = wrap(text, face, mid, lines, glue=glue)
        if attempt is not None and len(attempt) == len(best):
            best, hi = attempt, mid
        else:
            lo = mid
    return best


LONE_WORD = 100.0
"""The cost of a line of one word in a text of three words or more (see :func:`set_lines`)."""
_DETERMINERS = frozenset("a an the your our my their this these its".split())
_SENTENCE_END = re.compile(r"[.!?]$")


def _lone(line: list[str]) -> bool:
    """Whether a line holds one word alone (a word glued to others counts as several)."""
    return len(line) == 1 and len(line[0].split()) == 1 if line else False


def _break_cost(
    words: list[str], cuts: tuple[int, ...], widths: list[float], width: float,
    glued: bool = False,
) -> float:
    """How badly a text set in lines reads: lone words, bad breaks, a ragged shape.

    ``cuts`` are the word indices where lines start (after the first), ``widths`` each
    line's width.
    """
    bounds = [0, *cuts, len(words)]
    lines = [words[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]
    cost = 0.0
    if (sum(len(w.split()) for w in words) if glued else len(words)) >= 3:
        alone = _lone if glued else (lambda line: len(line) == 1)
        cost += LONE_WORD * sum(alone(line) for line in lines)
    sentence_ends = {i + 1 for i, w in enumerate(words[:-1]) if _SENTENCE_END.search(w)}
    for cut in cuts:
        before = words[cut - 1]
        if cut in sentence_ends:
            continue  # "Stay cold. / Go far.": a break where a sentence ends reads best
        word = before.lower().strip(",;:")
        if word in _DETERMINERS:
            cost += 30.0  # "Ready for the / new term": a line never ends on "the"
        elif word in _STOP_WORDS:
            cost += 12.0  # "Ready for / the new term" is better, but not good
        elif before[-1:] in ",;:–—":
            cost += 2.0
        else:
            cost += 8.0 if sentence_ends else 4.0
    if len(lines) > 1:
        # a sentence that ends inside a line of a set headline ("Stay / cold. Go / far.")
        cost += 25.0 * len(sentence_ends - set(cuts))
        mean = sum(widths) / len(widths)
        cost += 40.0 * sum((w - mean) ** 2 for w in widths) / (width**2 * len(widths))
        cost += 6.0 * max(0.0, widths[-1] - widths[0]) / width  # a pyramid, not a wedge
    return cost + 3.0 * (len(lines) - 1)


def set_lines(
    text: str,
    face: ImageFont.FreeTypeFont,
    width: float,
    max_lines: int,
    *,
    lone_words: bool = True,
    glue: bool = False,
) -> list[str] | None:
    """Set text in at most ``max_lines`` lines of ``width``, breaking where it reads best.

    Every way to break the words into lines that fit is weighed (:func:`_break_cost`): no
    line of one word in a text of three words or more, breaks where a sentence ends rather
    than inside one ("Stay cold. / Go far.", never "Stay / cold. / Go far."), never after
    "the" or "for", and lines of even width. Whole words only.

    Args:
        text: The text.
        face: The font it is set in.
        width: Widest line, in pixels.
        max_lines: Most lines.
        lone_words: Whether a line of one word may be the answer (False: None instead,
            so the caller tries a smaller size).
        glue: Never end a line on a leaning word ("a", "the", "for"...:
            :func:`glued_words`); None when no setting fits so.

    Returns:
        The lines, or None when no setting fits (a word wider than ``width``, too many
        lines, or only settings with a lone word when ``lone_words`` is False).
    """
    words = glued_words(text) if glue else unbroken_words(text)
    if not words:
        return []
    n = len(words)
    if n > 14:  # long copy: the greedy wrap, then evened out
        found = wrap(text, face, width, max_lines, glue=glue)
        return balanced_wrap(text, face, width, len(found), glue=glue) if found else None
    span: dict[tuple[int, int], float] = {}

    def length(a: int, b: int) -> float:
        if (a, b) not in span:
            span[a, b] = face.getlength(" ".join(words[a:b]))
        return span[a, b]

    best: tuple[float, tuple[int, ...]] | None = None
    for count in range(1, min(max_lines, n) + 1):
        for cuts in itertools.combinations(range(1, n), count - 1):
            bounds = [0, *cuts, n]
            widths = [length(a, b) for a, b in zip(bounds, bounds[1:], strict=False)]
            if max(widths) > width:
                continue
            cost = _break_cost(words, cuts, widths, width, glue)
            if best is None or cost < best[0]:
                best = (cost, cuts)
    if best is None:
        return None
    bounds = [0, *best[1], n]
    lines = [words[a:b] for a, b in itertools.pairwise(bounds)]
    alone = [_lone(line) if glue else len(line) == 1 for line in lines]
    many = len(text.split()) >= 3 if glue else n >= 3
    if not lone_words and many and any(alone):
        return None  # counted on the lines, not the cost: other penalties add up too
    return [" ".join(words[a:b]) for a, b in itertools.pairwise(bounds)]


_STOP_WORDS = frozenset(
    "a an and & at by for from in into of on or our the to with your you -".split()
)
_CLAUSE_END = re.compile(r"[,;:.!?–—]$")


def clean_end(words: list[str]) -> str:
    """Join words, dropping dangling connectors and trailing clause punctuation."""
    out = list(words)
    while len(out) > 1 and out[-1].lower().strip(",;:–—") in _STOP_WORDS:
        out.pop()
    return " ".join(out).rstrip(",;:–—- ")


def shorten(text: str, max_chars: int) -> str:
    """Shorten a headline to at most ``max_chars`` characters at a word boundary.

    A cut at the end of a sentence is preferred when it keeps a third of the allowance, at
    the end of a clause (comma, colon, dash...) when it keeps at least half. Dangling
    connectors ("for", "and"...) are dropped. Words are never cut; when even the first word
    is too long the result is empty.

    Args:
        text: The headline.
        max_chars: The limit.

    Returns:
        ``text`` itself when it fits, else its shortened form (possibly empty).
    """
    text = " ".join(text.split())
    if len(text) <= max_chars:
        return text
    words = unbroken_words(text)  # a cut never leaves a number without its unit
    best_clause, best_word = "", ""
    for n in range(1, len(words)):
        candidate = " ".join(words[:n])
        if len(candidate) > max_chars:
            break
        cleaned = clean_end(words[:n])
        sentence = words[n - 1][-1:] in ".!?"  # a whole sentence reads better than a cut one
        share = 3 if sentence else 2
        if _CLAUSE_END.search(words[n - 1]) and len(cleaned) >= max_chars / share:
            best_clause = cleaned
        best_word = cleaned
    return best_clause or best_word
