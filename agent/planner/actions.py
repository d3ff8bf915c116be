"""Everyday actions on the images as they are: undo, download, compare, carousel, delete, translate.

Each reader takes a request in the planner's English and says whether it asks for that
action; the planner decides which images with :mod:`agent.planner.references`.
"""

from __future__ import annotations

import re
from typing import Literal

from agent.planner.language import protect, restore

Action = Literal["undo", "download", "compare", "carousel", "delete", "translate"]

_PATTERNS: dict[Action, re.Pattern[str]] = {
    "undo": re.compile(
        r"\b(?:ctrl|cmd|strg)\s*[+-]?\s*z\b|"  # "ctrl+z lol"
        r"\b(?:undo|revert|go back|back to (?:the )?(?:original|previous|old|earlier|first)|"
        r"previous version|original version|as it was(?: before)?|restore|roll ?back|"
        # "roll that back", "take it back", "back to how it was"; never "I take that back"
        # (taking back one's words) nor "put that back" (a thing to put somewhere)
        r"(?<!\bi )(?<!\bi'll )(?<!\bwe )(?<!\blet me )(?:roll|take|change|set)\s+"
        r"(?:that|it|this|them)\s+back(?!\s+(?:to|on|in)\b)|"
        r"back to (?:how|what) (?:it|they) (?:was|were|looked)|"
        r"(?:liked|like|prefer(?:red)?) (?:it|that|them|the old one) (?:better|more) before|"
        # "I preferred it before you made it warmer", "can you put it back?" (nowhere named;
        # "put that back" may be words taken back)
        r"prefer(?:red)? (?:it|that|them|the old one) before\b|"
        r"put (?:it|them) back(?=\s*(?:[?.!]|$|please\b|pls\b|thanks\b|how\b|"
        r"the way\b|like (?:it|before)\b|as (?:it|before)\b))|"
        r"(?:it )?(?:was|looked) (?:better|nicer) before|"
        # "hmm the previous one was nicer tbh": the version before the edit
        r"the (?:previous|old|earlier|original) (?:one|version) (?:was|looked) (?:better|nicer))\b"
    ),
    "download": re.compile(
        r"\b(?:download|zip|\.zip|export|send me (?:the )?files|get (?:the )?files)\b"
        # "just send me #4 as a file", "get them all onto a usb stick": the files themselves
        r"|\bsend\s+(?:me|us)\b[^.?!]{0,30}?\bas\s+(?:a\s+)?(?:files?|zip|pngs?|jpe?gs?)\b"
        r"|\b(?:onto|on|to)\s+(?:a|my|our|the)\s+(?:usb(?:\s+stick|\s+drive)?|thumb\s*drive|"
        r"memory\s+stick|hard\s+drive|laptop|computer|desktop)\b"
        # "save all except the first one": the ads' files (not "save that" for the kit)
        r"|^\s*(?:(?:please|pls|ok|now|then)\s+)*save\s+(?:all|everything|them all|all of them)"
        r"\b(?!\s+(?:colou?rs?|fonts?|as|to|in|for later|the brand\w*|brand\w*|our brand\w*|"
        r"settings?|preferences?|(?:the |our )?(?:tone|voice|logo|kit))\b)"
    ),
    "compare": re.compile(
        r"\b(?:compare|side by side|next to each other|vs\.?|versus|against each other)\b"
        r"|\bbefor(?:e)?\s*(?:and|&|n|/|\+|vs\.?|versus)\s*after\b"
        r"|\bnext to (?:the )?(?:og|original|old one|previous one)\b"
        # "the old one beside the new one": an edit beside the image it came from
        r"|\b(?:old|older|original|previous|earlier|new|newer|latest|edited)(?: one| version)?"
        r" (?:next to|beside|alongside) (?:the )?(?:old|older|original|previous|earlier|new|"
        r"newer|latest|edited)\b"
        # "show them together", "line up the two dark ones"
        r"|\b(?:show|see|view)\s+(?:me\s+)?(?:them|those|these|both(?: of them)?|"
        r"(?:the\s+)?(?:two|three|four))\s+together\b"
        # "can I see the studio, marble and beach ones together", "the marble one next to the
        # night one": images named by their scene, shown at once
        r"|\b(?:show|see|view)\s+(?:me\s+)?(?:all\s+)?the\s+(?:[a-z-]+,?\s+){1,4}?(?:(?:and|&)\s+"
        r"(?:the\s+)?[a-z-]+\s+)?ones\s+together\b"
        r"|\b(?:show|see|view)\s+(?:me\s+)?the\s+[a-z-]+\s+one\s+(?:next to|beside|alongside)\s+"
        r"the\s+[a-z-]+\s+one\b"
        r"|\bline\s+(?:(?:them|those|these|both|the|two|three|four|[a-z-]+\s+ones?)\s+){0,3}up\b"
        r"|\bline up\b(?!\s+(?:the\s+)?(?:text|headline|logo|copy|bottle|product)\b)"
    ),
    "carousel": re.compile(r"\b(?:carr?ou?sel|swipe(?:able)? (?:set|ad)"
                           r"|swipe[- ]?(?:through|thru|able)"
                           r"(?: \w+)?(?: post| things?| ads?| posts| cards?| set)?"
                           # "3 cards on a beach: 'Hot sand', …": cards counted are a carousel
                           # ("a video with 4 slides" is a storyboard's)
                           r"|(?<!end )(?<!with )"
                           r"(?:\d{1,2}|two|three|four|five|six|seven|eight)[- ]?(?:cards|slides)"
                           r"(?! (?:for|in|of) (?:the |a )?(?:video|storyboard)))\b"),
    "delete": re.compile(
        r"\b(?:delete|trash|discard|get rid of|throw away|throw out|remove|drop|bin|kill|nuke|"
        r"scrap|ditch|chuck)\s+(?:please\s+|pls\s+)?"  # "delete please image 2 and 3"
        r"(?:(?:the|these|those|both|all|of|last|first|other|two|three|four|five|\d)\s+){0,3}"
        r"(?:(?:images?|ads?|pics?|pictures?|versions?|variations?|number)\s+#?\d{1,2}\b|"
        r"\d{1,2}\s*(?:[-–]|thru|through)\s*\d{1,2}\b|"  # "delete 5-8", "delete 1 thru 4"
        r"images?|ads?|ones?|versions?|variations?|them(?:\s+all)?|all\s+of\s+them|it|this|"
        # "delete all", "remove all but #2"; a bare "remove all" may be the text or the logo
        r"(?<!remove )(?<!drop )(?<!kill )all|all(?=\s+(?:except|but|apart|save|bar|besides)\b)|"
        r"that|these|those|"
        r"#\s*\d|\d{1,2}(?:(?:st|nd|rd|th)(?:\s+one)?)?\b|first|second|third|fourth|fifth|two|three|four|"
        r"everything|"
        r"[a-z-]+ (?:one|ones|ad|ads|image|images|versions?)\b)"
        r"(?:\s*(?:,|and|&|\+)\s*(?:the\s+)?"
        r"(?:#\s*\d|\d{1,2}(?:st|nd|rd|th)?|[a-z-]+ one|first|second|third|fourth))*"
        r"(?=\s*(?:$|[,.;!?]|and\b|please\b|pls\b|from (?:the )?(?:gallery|set|list|thread)|"
        r"too\b|as well\b|for now\b|now\b|thanks\b|thx\b|while\b|whilst\b|since\b|because\b|"
        r"it'?s\b|they'?re\b|cheers\b|ta\b|thank you\b|ty\b))"
    ),
    "translate": re.compile(
        r"\b(?:translate|translation|in (?:spanish|german|french|italian|english|portuguese|"
        r"dutch|japanese)|auf (?:deutsch|englisch)|en (?:espanol|frances|ingles))\b"
    ),
}
_DELETE_AFTER = re.compile(  # "the last three please delete" (German word order)
    r"^\s*(?:(?:please|pls)\s+)?(?:the\s+)?(?:(?:image|ad|pic|number)\s+)?"
    r"(?:#\s*\d+|\d{1,2}|first|second|third|fourth|last|[a-z-]+ (?:one|ones))"
    r"(?:\s+(?:two|three|four|five|image|images|ad|ads|pic|version))?"
    r"(?:(?:\s*,\s*|\s+(?:and|&)\s+)(?:the\s+)?(?:#\s*\d+|\d{1,2}\b|[a-z]+\b))*"
    # "… can you all delete" (German word order: "die hellen kannst du alle löschen")
    r"\s*,?\s+(?:please\s+|pls\s+)?(?:(?:can|could) you\s+)?(?:all\s+)?"
    r"(?:delete|remove|trash|bin)\s*$"
)
_DELETE_DESCRIBED = re.compile(  # "delete the yellow"
    r"^\s*(?:please\s+)?(?:delete|trash|bin|kill|ditch)\s+the\s+(?!(?:logo|headline|text|cta|"
    r"button|background|backdrop|badge|subline|shadow|watermark|hand|spot|leaf|tagline|copy)\b)"
    r"[a-z-]+\s*(?:please|pls)?\s*$"
)
_ONES = (r"(?>(?:the\s+)?(?:(?:(?!ones?\b)[a-z-]+\s+){1,2}ones?\b|ones?\s+(?:with|from|of|on|in|"
         r"at)\s+(?:the\s+|a\s+)?[a-z-]+))")
_DELETE_REFERENCE = re.compile(  # "delete the old yellow one", "delete the one with summer and …"
    r"^\s*(?:please\s+)?(?:delete|trash|bin|kill|ditch|remove|erase|drop)\s+(?:please\s+)?"
    rf"{_ONES}(?>\s*(?:,|and|&)?\s*{_ONES})*+\s*(?:please|pls)?\s*[.!]*$"
)
_DELETE_LISTED = re.compile(  # "delete the marble, beach and night ones": scenes listed
    r"^\s*(?:please\s+)?(?:delete|trash|bin|remove|ditch)\s+(?:the\s+)?[a-z-]+"
    r"(?:\s*,\s*(?:the\s+)?[a-z-]+)*\s*,?\s+(?:and|&)\s+(?:the\s+)?[a-z-]+\s+ones\s*"
    r"(?:please|pls)?\s*[.!]*$"
)
_ORDER: tuple[Action, ...] = ("translate", "carousel", "undo", "compare", "download", "delete")
_COUNT_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
                "seventeen", "eighteen", "nineteen", "twenty")
_COUNT = r"(?:\d{1,2}|" + "|".join(_COUNT_WORDS[2:]) + ")"
_CARDS = (re.compile(rf"\b{_COUNT}[- ]?(?:cards|slides)\s*(?:—|–|--|-)\s*(.+)$"),
          re.compile(r"(?:(?<!\d):|:(?!\d))\s*(.+)$"),  # "4:5" is a size, no list
          re.compile(r"\b(?:(?<!\bin )(?<!\bfor )(?<!\bas )(?<!\bas a )story"
                     r"(?!\s*(?:format|size|placement|ads?\b|version|[,.;!]|$))|about"
                     r"|cards?\s+(?:on|of|about))\b\s*(?:the\s+)?(.+)$"))
"""Where a carousel's cards are listed: after a dash that follows the count ("in 3 cards —
morning start, summit, sunset"), after a colon, or after "a story about"."""
_ON_A_SCENE = re.compile(r"cards?\s+on\s+(?:the|a|an)\s")
_ARTICLE = re.compile(r"(?:the|a|an)\s")
_CARD_COUNT = re.compile(rf"\b({_COUNT})[- ]?(?:card|slide|frame|part)s?\b")
"""A count of cards, in digits or words ("5 cards", "four cards", "3 slides")."""


_DELETE_ALL_BUT = re.compile(
    r"\b(?:delete|remove|get rid of|trash|drop|bin)\s+(?:all|everything|them all)(?: of them)?\s+"
    r"(?:except|exept|but|apart from|other than|save)\b"
)
_GIVEN_WORDS = re.compile(r"(?::|\bto|\bas|\bsays?|\bread)\s*(?:⟦\d{1,2}⟧|"
                          r"[\"“'‘«][^\"“”'‘’«»]{1,90}[\"”'’»])")
""""…: 'Acheter'": the translated words, typed by the user (or their slot, once protected)."""
_RETOUCH = re.compile(
    r"\b(?:smudge|spot|scratch|stain|mark|blemish|dust|leaf|crumb|reflection|glare|speck|"
    r"wrinkle|hair|object|thing|corner|top left|top right|bottom left|bottom right|hands?|"
    r"fingers?)\b"
)


ORDINAL = r"(?:\d{1,2}(?:st|nd|rd|th)|first|second|third|fourth|fifth|last)"
"""An ordinal as typed ("2nd", "third"), which may name an image or a part of the copy."""
COPY_PARTS = r"(?:words?|lines?|letters?|characters?|sentences?|rows?)"
"""Parts of an ad's copy an ordinal can name ("the 3rd word")."""
_TEXT_PART = re.compile(rf"\b{ORDINAL}\b[^.,;!?]{{0,24}}?\b{COPY_PARTS}\b")
""""remove the 2nd and 3rd words of the headline": parts of the copy, not images."""


_AS_FILES = re.compile(r"\b(?:as|in)\s+(?:a\s+)?(?:pngs?|jpe?gs?)\s*(?:files?)?\s*(?:please|pls)?"
                       r"\s*[.!?]*$")
""""can i grab #2 and #4 as pngs": the ads' files, in a format."""
_PRODUCT_ALONE = re.compile(r"\b(?:transparent|background|backround|backdrop|bg|cut ?out|"
                            r"on its own|by itself|just the (?:bottle|product))\b")
""""just the bottle on its own, no background, as a png": the product's cutout, no ad."""


def find_action(text: str) -> Action | None:
    """The everyday action the request asks for, if any."""
    action = next((a for a in _ORDER if _PATTERNS[a].search(text)), None)
    if action is None and _AS_FILES.search(text) and not _PRODUCT_ALONE.search(text):
        action = "download"
    if action is None and (_DELETE_ALL_BUT.search(text) or _DELETE_AFTER.search(text)
                           or _DELETE_DESCRIBED.search(text) or _DELETE_REFERENCE.search(text)
                           or _DELETE_LISTED.search(text)):
        action = "delete"
    if action == "delete" and (_RETOUCH.search(text) or _TEXT_PART.search(text)):
        return None  # "get rid of the smudge in the corner" is a retouch
    if action == "translate" and _GIVEN_WORDS.search(text):
        return None  # "translate the button of #4 to French: 'Acheter'": the words are given
    return action


def undo_end(text: str) -> int | None:
    """Where the words asking for an undo end in ``text`` ("nah, roll that back| and …")."""
    match = _PATTERNS["undo"].search(text)
    return match.end() if match else None


def card_messages(text: str) -> list[str]:
    """The card messages a carousel request lists ("...the story: cold, light, tough")."""
    protected, quoted = protect(text)  # "cards: 'Hot day?' 'Every sip, all day.'": quoted cards
    match = next((m for pattern in _CARDS if (m := pattern.search(protected))), None)
    if not match:
        return []
    parts = re.split(r"\s*(?:,|;|/|\band then\b|\bthen\b|\band\b|->|→)\s*|(?<=⟧)\s+(?=⟦)",
                     match.group(1))
    if _ON_A_SCENE.match(match.group(0)) and not (
            len(parts) > 1 and all(_ARTICLE.match(p) for p in parts[1:])):
        return []  # "3 cards on the beach, button …" is the scene ("on the cold, the weight …")
    if _ON_A_SCENE.match(match.group(0)):
        parts = [_ARTICLE.sub("", p, count=1) for p in parts]  # "the weight": "weight"
    # "… / 'Book a consultation'?": the message's own question mark is no card's
    # "… 'Skip any week' — CTA …": the dash before the button is no card's either
    parts = [restore(re.sub(r"(?<=⟧)\s*[?!.…—–]+\s*$", "", p), quoted) for p in parts]
    cards = [p.strip(" .!'\"“”«»‘’—–") for p in parts if p.strip(" .!'\"“”«»‘’—–")]
    return [c[:1].upper() + c[1:] for c in cards if len(c.split()) <= 8][:10]


_ONE_CARD = re.compile(r"\b(?:a\s+single|one\s+single|just\s+one|only\s+one)\s+(?:card|slide)\b")
"""A carousel of one card ("a carousel with a single card"), which no carousel is."""


def card_count(text: str) -> int | None:
    """How many cards the request asks for ("a 3-card carousel")."""
    if _ONE_CARD.search(text):
        return 1
    match = _CARD_COUNT.search(text)
    if not match:
        return None
    count = match.group(1)
    return int(count) if count.isdigit() else _COUNT_WORDS.index(count)
