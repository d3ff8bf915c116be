"""Conditions in a message: "if any of them has a dark background, make it lighter".

A condition clause (if / wenn, falls / si / si / se / se, caso / als, indien) is read off the
message, then judged against what the planner knows of each ad: its tone and colours as the
tools read them from its pixels, its backdrop colour, or else its theme's backdrop palette.
The change goes to exactly the ads that meet it, an "otherwise" change to the rest, never
both to one ad. A condition the planner cannot judge ("if any of them looks too busy") is
asked back, naming the ads; none is guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from agent.planner.language import basic_colour, colour_hex, fold, protect, restore, translate
from agent.planner.references import Picture, listing
from engines.local.themes import load_themes

_LEAD = r"(?:^|(?<=[,.;:!?])\s*|(?<=\s))"
_OPENERS = {
    "en": r"if|in case",
    "de": r"wenn|falls|sofern",
    "fr": r"si|s'(?=ils?\b|elles?\b)",
    "es": r"si(?!\s+no\b)",
    "it": r"se|qualora",
    "pt": r"se|caso",
    "nl": r"als|indien|mocht",
}
"""Words that open a condition, per language (folded)."""
_OTHERWISE = {
    "en": r"otherwise|else|if not|or else|and if not",
    "de": r"sonst|ansonsten|andernfalls|wenn nicht|falls nicht",
    "fr": r"sinon|autrement|si(?: ce)? n'est pas le cas",
    "es": r"si no|sino|de lo contrario|en caso contrario|de otro modo",
    "it": r"altrimenti|se no|senno|in caso contrario",
    "pt": r"senao|se nao|caso contrario|do contrario",
    "nl": r"anders|zo niet|als niet",
}
"""Words that open the "otherwise" branch, per language (folded)."""
_UNLESS = {
    "en": r"unless|except if|except when",
    "de": r"ausser wenn|ausser falls|es sei denn",
    "fr": r"sauf si|sauf s'(?=ils?\b|elles?\b)|a moins que|a moins qu'",
    "es": r"a menos que|salvo que|salvo si|excepto si|excepto cuando",
    "it": r"a meno che(?: non)?|tranne se|salvo se|eccetto se",
    "pt": r"a menos que|a nao ser que|exceto se|salvo se",
    "nl": r"tenzij|behalve als|behalve wanneer",
}
"""Words that open a condition turned round ("unless it's light": only where it is not)."""
_THEN = r"(?:,|\bthen\b|\bdann\b|\balors\b|\bentonces\b|\ballora\b|\bentao\b|\bdan\b)"
_LEAVE = re.compile(
    r"^\s*(?:just\s+|dann\s+|alors\s+)?(?:leave\b|keep\b|do nothing|nothing|"
    r"don'?t (?:change|touch)|skip|no change|lass|nichts|nix|laisse|"
    r"ne (?:fais|change|touche) rien|rien|deja|dejal[ao]s?|"
    r"no (?:hagas|toques|cambies) nada|nada|lascia|lascial[ao]|non (?:fare|toccare|cambiare)|"
    r"niente|nulla|deixa|deixe|nao (?:facas|mexas|mudes)|laat|niets|niks)\b")
"""An "otherwise" branch that asks for no change ("otherwise leave it")."""
_COURTESY = re.compile(
    r"^\s*(?:you|u|ya|we|i|so|not|need be)\b|\b(?:possible|poss|ok|okay|alright|fine|trouble|"
    r"mind|sense|needed|necessary|time|please|pls|works?|helps?|wish|prefer|agree|question|"
    r"dumb|silly|stupid|rude|wrong|mistaken|"
    r"geht|moglich|kannst|konnen|willst|magst|bitte|umstande|notig|peux|pouvez|veux|"
    r"voulez|puedes|posible|quieres|puoi|possibile|vuoi|podes|possivel|queres|"
    r"kunt|mogelijk|lukt)\b")
"""A clause of courtesy, not of the ads ("if you can", "if it isn't too much trouble")."""
_ASKED_IF = re.compile(r"\b(?:ask(?:ed|s)?|wonder(?:ing|ed)?|know|see|check|tell me|sure|"
                       r"unsure|whether|curious)\s*$")
"""A reported question, not a condition ("my manager asked if the two dark ones …")."""

_DARK = re.compile(r"\b(?:dark|darker|dim|gloomy|murky|moody|shadowy|unlit)\b")
_LIGHT = re.compile(r"\b(?:light|lighter|bright|pale|airy|washed out|white)\b")
_BACKGROUND = re.compile(r"\b(?:background|backdrop|bg|wall|behind)\b")
_LOOK_WORDS = re.compile(
    r"\b(?:busy|boring|bland|dull|flat|plain|cluttered|crowded|messy|blurry|blurred|noisy|"
    r"grainy|saturated|faded|warm|warmer|cool|cooler|cold|harsh|soft|hard to read|unreadable|"
    r"readable|legible|illegible|small|big|large|tiny|too|looks?|seems?|feels?|text|headline|"
    r"font|logo|button|cta|product|bottle|colou?rs?|background|backdrop|lesbar|leserlich|"
    r"aburrida?o?|aburrid[ao]s?|noiosa?|noioso|saai|lisible|legible|leggibile|legivel)\b")
"""What a clause about an ad's look says, judgeable or not."""
_SUBJECT_WORDS = re.compile(r"#\s*\d{1,3}\b|\b(?:any|one|some|it|they|them|those|these|each|"
                            r"image|ad|pic|picture|first|second|third|fourth|last)\b")


@dataclass
class Condition:
    """A message read as a condition and what to do when it holds (and when not).

    Attributes:
        clause: The condition as said, in the planner's English ("#3 is dark").
        action: The change when it holds, as typed.
        otherwise: The change when it does not ("" none asked; None no "otherwise").
        test: ``dark``, ``light`` or a basic colour name; "" when it cannot be judged.
        background: The condition is about the background, not the whole ad.
        lang: The message's language.
        said: The condition, the change and the "otherwise" change in the user's words
            (lower case), for replies.
        negated: Said with "unless": the change goes to the ads that do not meet it.
    """

    clause: str
    action: str
    otherwise: str | None
    test: str
    background: bool
    lang: str
    said: tuple[str, str, str] = ("", "", "")
    negated: bool = False


@dataclass
class Verdict:
    """The ads a condition was judged on, split by whether they meet it.

    Attributes:
        meeting: Numbers of the ads that meet it.
        rest: Numbers of those that do not.
        unknown: Numbers of those it could not be judged on.
        how: What each ad was judged to be ("#4 loft (dark)"), for the reply.
    """

    meeting: list[int] = field(default_factory=list)
    rest: list[int] = field(default_factory=list)
    unknown: list[int] = field(default_factory=list)
    how: list[str] = field(default_factory=list)


def find(text: str, lang: str) -> Condition | None:
    """The condition ``text`` states about its ads, or None when it states none.

    Args:
        text: The message as typed.
        lang: Its language (``en``, ``de``, ...).
    """
    protected, quoted = protect(text)
    folded = fold(protected).strip()  # quoted copy is no condition
    unless = _unless(folded, lang)
    if unless is not None:  # "make #2 cooler unless it's light": "if", turned round
        start, end = unless
        found = _find(f"{folded[:start]} if {folded[end:]}".strip(), quoted, lang)
        return None if found is None else replace(found, negated=True)
    return _find(folded, quoted, lang)


_JOINERS = r"(?:and|und|et|y|e|en|also|then|dann|puis|luego|poi|depois|daarna)"
_AND_ANOTHER = rf"(?:[,;.]\s*|\s+)(?:{_JOINERS}\s+)?"
"""What joins a second condition to the first ("…, and if #3 is light …")."""
_NOT_AFTER = r"(?!\s*(?:not|no|nicht|non|pas|niet|nao|não)\b)"
"""An opener followed by a "not" opens an "otherwise" branch ("and if not, leave it")."""


def each_condition(text: str, lang: str) -> list[str]:
    """``text`` cut before each further condition it states, or whole when it states one.

    "if #1 is dark make it lighter, and if #3 is light make it darker": two parts, each a
    condition with its own change. A part that states no condition leaves ``text`` whole.
    """
    opener = _OPENERS.get(lang, _OPENERS["en"])
    if lang != "en":
        opener = f"{opener}|{_OPENERS['en']}"
    cuts = [m.start() for m in re.finditer(rf"{_AND_ANOTHER}(?=(?:{opener})\s{_NOT_AFTER})",
                                           text, re.I) if m.start() > 0]
    if not cuts:
        return [text]
    ends = zip([0, *cuts], [*cuts, len(text)], strict=True)
    parts = [re.sub(rf"^{_JOINERS}\s+", "", text[a:b].strip(" ,;."), flags=re.I)
             for a, b in ends]
    if len(parts) < 2 or any(find(p, lang) is None for p in parts):
        return [text]
    return parts


def _unless(folded: str, lang: str) -> tuple[int, int] | None:
    """Where ``folded`` says "unless" (or "except if", "sauf si", ...), None if nowhere."""
    words = _UNLESS.get(lang, _UNLESS["en"])
    if lang != "en":
        words = f"{words}|{_UNLESS['en']}"
    # "es sei denn, es ist schon hell": German sets its comma after the word too
    match = re.search(rf"{_LEAD}(?:{words})(?:,?\s+|(?<='))", folded)
    return match.span() if match else None


def _find(folded: str, quoted: list[str], lang: str) -> Condition | None:
    """The condition of the folded, quote-protected text (see :func:`find`)."""
    opener = _OPENERS.get(lang, _OPENERS["en"])
    if lang != "en":
        opener = f"{opener}|{_OPENERS['en']}"
    match = re.search(rf"{_LEAD}(?:{opener})(?:\s+|(?<='))", folded)
    if match is None or _ASKED_IF.search(folded[: match.start()]):
        return None
    before, after = folded[: match.start()].strip(" ,;:"), folded[match.end():]
    if before and (_JOINED.search(before) or _EXCEPT.search(before)):
        # "delete #1, and if #4 is dark make it lighter": two requests, read as before;
        # "all warmer, except if one is dark": a way of saying which, not a condition to act on
        return None
    otherwise_words = _OTHERWISE.get(lang, _OTHERWISE["en"])
    if lang != "en":
        otherwise_words = f"{otherwise_words}|{_OTHERWISE['en']}"
    if before:  # "make #4 brighter if it's dark, otherwise leave it"
        clause, rest = _split_otherwise(after, otherwise_words)
        clause = re.split(_THEN, clause, maxsplit=1)[0]
        action = before
        if not _CHANGE.search(translate(before, lang)):
            return None  # "sorry if that's a dumb question, …": no change before the "if"
    else:
        parts = re.split(_THEN, after, maxsplit=1)
        if len(parts) < 2 or _VERB.search(translate(parts[0], lang)):
            # "if any of them is dark make it brighter": split at the verb
            english_after = translate(after, lang)
            verb = _VERB.search(english_after)
            if verb is None:
                return None
            parts = [english_after[: verb.start()], english_after[verb.start():]]
        clause = parts[0]
        action, rest = _split_otherwise(parts[1], otherwise_words)
    clause = _ALREADY.sub(" ", clause).strip()  # "if it's already light": whether it is
    english = translate(clause, lang)
    if _COURTESY.search(english) or _COURTESY.search(clause) or not action.strip(" ,.;"):
        return None
    test, background = _test(english)
    if before and not test and re.search(r"\btoo\b", english):
        return None  # "make it lighter if it's too dark": the change is asked, as said
    if before and not _COPULA.search(english):
        # "zet als kop op #2: …", "zet #2 op marmer, als achtergrond wit" ("as"): no
        # condition of the ads, which says what an ad is, looks like or has
        return None
    if not test and not (_LOOK_WORDS.search(english) and _SUBJECT_WORDS.search(english)
                         or _LOOK_WORDS.search(clause)):
        return None
    otherwise = None if rest is None else ("" if _LEAVE.match(rest) else rest.strip(" ,.;!"))
    return Condition(clause=restore(english, quoted).strip(" ,."),
                     action=_english(action, lang, quoted),
                     otherwise=_english(otherwise, lang, quoted) if otherwise else otherwise,
                     test=test, background=background, lang=lang,
                     said=(_as_typed(clause, quoted), _as_typed(action, quoted),
                           _as_typed(otherwise or "", quoted)))


def _as_typed(part: str, quoted: list[str]) -> str:
    return restore(part, quoted).strip(" ,.;!")


def _english(part: str, lang: str, quoted: list[str]) -> str:
    """A branch of the message in the planner's English, its quoted copy as typed."""
    return restore(translate(part, lang), quoted).strip(" ,.;!")


_JOINED = re.compile(r"(?:^|[\s,])(?:and|und|et|y|e|en|plus|also|then|dann|puis|luego|poi|depois|"
                     r"daarna)$")
"""A request ended by "and" before the condition: the condition opens a request of its own."""
_EXCEPT = re.compile(r"\b(?:except|unless|but not|apart from|ausser|außer|sauf|excepto|salvo|"
                     r"menos|tranne|eccetto|exceto|behalve|tenzij)(?:\s+(?:when|wenn|quand|"
                     r"cuando|quando|wanneer))?$")
"""An exception before the "if" ("except if …"): which ads to leave out, said another way."""
_VERB = re.compile(r"\b(?:make|brighten|darken|lighten|add|put|turn|change|give|use|remove|"
                   r"delete|download|animate|set|swap|warm|cool|bump|tone)\b")
"""Where the change starts in a condition not closed by a comma."""
_CHANGE = re.compile(r"\b(?:warmer|cooler|brighter|darker|lighter|bigger|smaller|bolder|"
                     r"softer|sharper)\b")
_CHANGE = re.compile(f"{_VERB.pattern}|{_CHANGE.pattern}")
"""A change asked before a trailing condition ("make #4 brighter if it's dark")."""
_ALREADY = re.compile(r"\b(?:already|yet|schon|bereits|deja|ya|gia|ja|al)\b")
"""An "already" in a condition, which does not change what it tests (folded)."""
_COPULA = re.compile(r"\b(?:is|are|was|were|looks?|seems?|feels?|has|have|gets?|"
                     # left untranslated: "elle est déjà claire", "ya sea clara"
                     r"ist|sind|est|sont|es|sea|sean|son|esta|estan|sia|siano|sono|seja|sejam|"
                     r"sao|zijn)\b|'(?:s|re)\b")
"""A condition says what an ad is, looks like or has."""
_TEST_WORDS = re.compile(
    r"\b(?:is|are|was|has|have|had|got|gets|looks?|seems?|feels?|ist|hat|sind|haben|est|a|ont|"
    r"es|tiene|tienen|son|e|ha|hanno|sono|tem|tiver|tenha|seja|esta|heeft|hebben|zijn|a|an|the|"
    r"too|very|quite|rather|kind of|kinda|background|backdrop|bg|wall|colou?r|tone)\b")


def subject_of(clause: str) -> str:
    """The words of a condition that name the ads, its test taken out ("#3 is dark" → "#3")."""
    rest = _TEST_WORDS.sub(" ", _LIGHT.sub(" ", _DARK.sub(" ", clause)))
    words = [w for w in rest.split() if not colour_hex(w)]
    return " ".join(words).strip(" ,.")


def _split_otherwise(text: str, words: str) -> tuple[str, str | None]:
    """The text before an "otherwise" and the branch after it (None without one)."""
    match = re.search(rf"(?:[,.;]\s*|\s+)(?:{words})\b\s*,?\s*", text)
    if match is None:
        return text, None
    return text[: match.start()], text[match.end():]


def _test(english: str) -> tuple[str, bool]:
    """What the clause tests (``dark``, ``light``, a colour; "" unknown), of the background?"""
    background = bool(_BACKGROUND.search(english))
    if re.search(r"\b(?:too|not|isn'?t|aren'?t|no)\b", english):
        return "", background  # "too dark" is a judgement; "not dark" is left to ask
    if _DARK.search(english):
        return "dark", background
    if _LIGHT.search(english):
        return "light", background
    for word in re.findall(r"[a-z]+", english):
        value = colour_hex(word) if word not in ("light", "dark") else None
        if value:
            return basic_colour(value), background
    return "", background


def judge(condition: Condition, pictures: list[Picture]) -> Verdict:
    """Split ``pictures`` by whether each meets the condition."""
    verdict = Verdict()
    for picture in pictures:
        meets = _meets(condition, picture)
        name = f"#{picture.number} {picture.theme.replace('-', ' ')}".strip()
        if meets is None:
            verdict.unknown.append(picture.number)
            continue
        meets = meets != condition.negated  # "unless it's light": the change where it is not
        (verdict.meeting if meets else verdict.rest).append(picture.number)
        verdict.how.append(f"{name} ({_seen(condition, picture)})")
    return verdict


def _meets(condition: Condition, picture: Picture) -> bool | None:
    """Whether the picture meets the condition (None: cannot tell)."""
    if condition.test in ("dark", "light"):
        tone = _tone(picture, condition.background)
        return None if tone is None else tone == condition.test
    if not condition.test:
        return None
    colours = [basic_colour(h) for h in (picture.backdrop,) if h] if condition.background else []
    colours += [_family(c) for c in picture.colors]
    if not colours:
        return None
    return condition.test in colours


def _family(name: str) -> str:
    value = colour_hex(name)
    return basic_colour(value) if value else name


def _tone(picture: Picture, background: bool) -> str | None:
    """``dark``, ``mid`` or ``light``: from the backdrop's pixels, the ad's tone or its theme."""
    if background and picture.backdrop:
        return _tone_of(picture.backdrop)
    if picture.tone:
        return picture.tone
    theme = load_themes().get(picture.theme)
    if theme is None:
        return None
    colours = theme.backdrop.colors
    levels = [_luma(c) for c in colours]
    return _level(sum(levels) / len(levels))


def _tone_of(value: str) -> str:
    return _level(_luma(value))


def _luma(value: str) -> float:
    value = value.lstrip("#")
    r, g, b = (int(value[i:i + 2], 16) / 255 for i in (0, 2, 4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _level(luma: float) -> str:
    return "dark" if luma < 0.35 else "light" if luma > 0.6 else "mid"


def _seen(condition: Condition, picture: Picture) -> str:
    if condition.test in ("dark", "light"):
        return str(_tone(picture, condition.background))
    return ", ".join(picture.colors) or "?"


def nothing_meets(condition: Condition, verdict: Verdict) -> str:
    """The reply when no ad meets the condition (or, said with "unless", every one does)."""
    seen = "; ".join(verdict.how)
    if condition.negated:
        return (f"You asked for the change unless “{condition.said[0]}”, and that holds "
                f"({seen}), so I haven't changed anything. Say which ad to change if you "
                "still want it.")
    who = "None of them meets" if len(verdict.how) > 1 else "It doesn't meet"
    return (f"{who} “{condition.said[0]}” ({seen}), so I haven't changed "
            "anything. Say which ad to change if you still want it.")


def cannot_judge(condition: Condition, pictures: list[Picture]) -> str:
    """The question when the planner cannot tell which ads meet the condition."""
    return (f"I can't tell from here which ads meet “{condition.said[0]}”, so I haven't "
            f"changed anything. Which ones should I change: {listing(pictures)}?")


def done_note(condition: Condition, verdict: Verdict) -> str:
    """What the reply says it judged and what goes where."""
    meeting = ", ".join(f"#{n}" for n in verdict.meeting)
    rest = ", ".join(f"#{n}" for n in verdict.rest)
    said = [f"“{condition.said[1]}” for {meeting}" if meeting else ""]
    if condition.otherwise and rest:
        said.append(f"“{condition.said[2]}” for {rest}")
    left = f"; {rest} left as {'it is' if len(verdict.rest) == 1 else 'they are'}" \
        if rest and not condition.otherwise else ""
    return (f"Judged by what I know of each ad ({'; '.join(verdict.how)}): "
            f"{', and '.join(s for s in said if s)}{left}.")
