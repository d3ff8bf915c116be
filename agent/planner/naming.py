"""Which words of a brief name the product ("oh sorry! it's a ceramic plant pot": the pot).

A brief is read clause by clause. Clauses that are only greetings, apologies, upload words or
asks for ads ("a few ads for facebook would be lovely") name nothing. A clause that says what
the product is ("it's a", "new sku:", "c'est une", "ist ne") wins; an ask for ads can still
name it after "for our" ("10 creatives for our protein bar launch"), but not a shop ("pour
ma boutique de chandelles", "mi tienda de velas": a shop sells many products, which one is
asked). The name keeps the user's own words and language; where it stops is read from the
planner's English reading of each word.
"""

from __future__ import annotations

import re

from agent.planner.language import read
from engines.local.features import cut_short

_CLAUSE = re.compile(
    r"[.!?;]+(?=\s|$)\s*|\n+\s*|,\s+|\s*[()]\s*|\s+[-–—]\s+|\s*[\u2600-\u27bf\U0001f300-\U0001faff\ufe0f\u200d]+\s*"
)
_QUOTED = re.compile(r"[\"“”«»„][^\"“”«»„]{1,120}[\"“”«»]"
                     r"|(?<![\w])['‘’](?:[^'‘’]|(?<=\w)['’](?=\w)){1,120}?['‘’](?!\w)")
_ASK = re.compile(
    r"\b(?:ads?|creatives?|visuals?|images?|banners?|posts?|variations?|versions?|pubs?|"
    r"anuncios?|werbung|werbeanzeigen?|anzeigen?|make|create|generate|give me|design|render|"
    r"carou?sels?)\b"
)
_NAMES_IT = re.compile(
    r"(?:^|\b)(?:it'?s|its|it is|this is|that'?s|that is|the product is|product is|our product is|"
    r"product|sku|new sku|item is|item|i sell|we sell|i make|we make|we launched|introducing|meet"
    r"|we are launching|we're launching|launching|here'?s|heres|here is"
    r"|(?:please\s+find\s+)?(?:attached|enclosed)(?:\s+(?:is|are|you(?:'ll| will)\s+find))?"
    r"|these are|those are|here are|(?:it'?s|is|are)(?=\s+(?:our|my)\b)"
    r"|(?:i'?ve\s+|we'?ve\s+|i\s+|we\s+)?got\s+(?:this|these)"
    r"|^is|^(?:brand\s+)?new(?:\s+(?:collection|product|arrival|drop|launch|line))?(?=\s*:)"
    r"|^(?:collection|launch|drop|new in)(?=\s*:))"
    r"(?:\s*:\s*|\s+)(?:(?:a|an|the|our|my|some|new)\s+)*",
)
_WEAK_CUE = re.compile(r"\s*(?:it'?s|its|it is)\s+")
_ASK_OR_CAMPAIGN = re.compile(rf"{_ASK.pattern}|\b(?:campaign|launch|promo\w*|sale|deal|"
                              r"discount|offer)\b")
_COPY_FIELD = re.compile(r"\b(?:headline|copy|cta|subline|tagline|button|caption|text)\b")
_FOR_OURS = re.compile(
    r"\b(?:for\s+(?:our|my|the)|(?:on|of)\s+(?:our|my))\s+(?:new\s+)?"
    r"(?:(?:brand|line|range|label)\s+(?:of|for|de)\s+)?"
)
_WHERE_ONLY = re.compile(r"^\s*(?:for|on|in|to|para|pour|f[uü]r|en|auf|sur)\s+(?:the\s+)?"
                         r"(?:ig|insta|instagram|fb|facebook|tiktok|"
                         r"pinterest|linkedin|youtube|yt|twitter|snapchat|stories|reels|"
                         r"amazon|google)\s*[.!]*\s*$")
""""…, para ig": where the ads run, no product."""
_A_SHOP = re.compile(
    r"^(?:[a-z-]+\s+){0,2}?(?!brand\s+new\b)(?:shop|store|boutique|business|company|website|"
    r"site|brand|e-?shop|webshop|car\s+lot|dealership|showroom)(?!\s*'s)(?=\s*(?:$|[,.;:!?)])|\s+(?:of|for|that|which|where|"
    r"selling|in|on|and|with|please|pls)\b)")
""""for my shop of candles", "for my candle shop": where things are sold, not one product
("our brand new protein bar", "a business card holder", "our coffee shop's cold brew" are)."""
_NOTHING = {
    "here", "you", "go", "are", "is", "the", "a", "an", "my", "our", "this", "that", "it",
    "photo", "picture", "pic", "image", "img", "file", "upload", "uploaded", "product", "again",
    "attached", "see", "hi", "hello", "hey", "please", "pls", "thanks", "ok", "okay", "sorry",
    "oh", "ah", "so", "well", "hmm", "um", "yes", "yeah", "no", "there", "voila", "new", "one",
    "some", "stuff", "something", "lovely", "great", "would", "be", "asap", "now", "just",
    "produktfoto", "foto", "fotos", "bild", "hier", "ist", "aqui", "tienes", "esta", "la",
    "voici", "photos", "pics", "imagen", "tiens", "ecco", "jeje", "jaja", "haha", "lol", "xd",
    "va", "hoi", "zame", "gruss", "gott", "servus", "moin", "hiya", "g'day", "gday", "paso",
    "os", "te", "les", "anbei", "produktbild", "produktbilder", "aca", "alla", "scusa", "scusami",
    "perdon", "pardon", "desole", "entschuldigung", "entschuldige", "hallo", "hola",
    "bonjour", "salut", "ciao", "buongiorno", "buenas",
    # "Good morning.", "Guten Tag,", "oi!", "bom dia", "goedemorgen": a greeting, no name
    "good", "morning", "afternoon", "evening", "folks", "everyone", "guys", "team",
    "guten", "tag", "morgen", "abend", "buenos", "dias", "tardes", "noches", "bonsoir",
    "buonasera", "oi", "ola", "bom", "dia", "boa", "tarde", "noite", "goedemorgen",
    "goedemiddag", "goedenavond", "dag",
    "oops", "whoops", "wrong", "mistake", "test", "testing", "not", "actually", "kidding",
    # "some ads for my shop": where it is sold, not what
    "shop", "store", "boutique", "business", "company", "website", "site", "brand", "ads",
}
_STOPS = re.compile(
    r"\b(?:for|to|that|which|who|target|targeting|aimed|because|and make|launch|"
    r"campaign|asap|please|pls)\b"
)


def product_phrase(text: str) -> str:
    """The words of ``text`` that name the product, as typed; "" when none do.

    Args:
        text: A brief or an answer to "what is the product?" (any supported language).
    """
    text = _QUOTED.sub(" ", text)  # quoted copy ("headline 'It's a vibe'") names nothing
    clauses = [c for c in _CLAUSE.split(text) if c and c.strip()]
    named = ""
    for_a_shop = sentence = False
    for clause in clauses:
        english = read(clause).text
        if _NO_BRANDING.match(english):
            continue  # "make 4 ads, no brand colours": how the ads look, not the product
        if _COPY_FIELD.search(english):
            continue  # "headline 'Go far'", "the copy should say …": copy, not the product
        cue = _NAMES_IT.search(english)
        if cue is not None and named and _WEAK_CUE.fullmatch(cue.group(0)):
            continue  # "ads for my new yoga mat? its cork, non slip": "its" lists properties
        if cue is not None and for_a_shop and _RANGE_CUE.match(cue.group(0)):
            return ""  # "ads for my little shop, we sell handmade soaps": which one is asked
        if cue is not None:
            later = _corrected(clauses[clauses.index(clause) + 1:])
            return later or _cut(clause, english, cue.end())
        ours = _FOR_OURS.search(english)
        if ours is not None and _A_SHOP.match(english[ours.end():]):
            for_a_shop = True
            continue  # the shop is no product: which product is asked
        if ours is not None and _ASK_OR_CAMPAIGN.search(english[: ours.start()]):
            named = named or _cut(clause, english, ours.end())
        elif (not named and not sentence and not _ASK.search(english)
              and _says_something(english) and not _WHERE_ONLY.match(english)):
            if _not_a_name(clause, english, text):
                sentence = True  # the clauses after a sentence are no surer a name
                continue
            named = _cut(clause, english, 0)
    return named


_RANGE_CUE = re.compile(r"\s*(?:i|we)\s+(?:sell|make)\b")
""""we sell", "I make": after a shop, what the shop sells (a range), not the one product."""
_CLAUSE_SUBJECT = re.compile(r"^\s*(?:(?:hi|hello|hey|so|well|ok|okay|oye|hola|hallo|salut)\s+)*"
                             r"(?:i|we|you|je|j'|ich|wir|du|tu|vous|yo|usted|io|noi|eu|nous)\b")
_WISH = re.compile(r"^\s*(?:want|wants|need|needs|would like|wish|hope|looking for|trying)\b")
""""je veux plus de ventes" read "want more ventes": a wish, with no subject left."""
_POSSESSIVE = re.compile(r"\b(?:my|our)\b")
_POINTS_ELSEWHERE = re.compile(r"^\s*(?:(?:the\s+)?same\b|as\s+(?:before|usual|always)\b|like\s+"
                               r"(?:before|last time|always)\b|the\s+usual\b|whatever\b|"
                               r"anything\b|idk\b|dunno\b|you\s+know\b)")
""""same as last time", "the usual": a product named elsewhere, not here."""


def _not_a_name(clause: str, english: str, text: str) -> bool:
    """A clause with no naming cue that reads as a sentence, not a product's name.

    "Je souhaite lancer une campagne pour notre montre" (a wish, with no ask word the
    reading knows), "¿cómo empezamos?" (a question): taken whole as the product's name,
    either would start a brief about the wrong thing. A question (a "?" after it, a "¿" in
    it) or a clause opened by a subject ("I", "we", "je", "ich") is no name of its own, nor
    a wish that names nothing of "my" or "our" ("want more ventes").
    """
    at = text.find(clause)
    after = text[at + len(clause):].lstrip() if at >= 0 else ""
    subject = _CLAUSE_SUBJECT.match(english)
    rest = english[subject.end():] if subject else english
    if _WISH.match(rest):  # "quiero anunciar mi café": the café is named after "my"
        return not _POSSESSIVE.search(rest)
    return (after.startswith("?") or "¿" in clause or subject is not None
            or bool(_POINTS_ELSEWHERE.match(english)))


_NO_BRANDING = re.compile(
    r"\s*(?:(?:but|and|just|only)\s+)?(?:no|not|without|w/o|minus|skip)\s+(?:any\s+)?(?:of\s+)?"
    r"(?:the\s+|our\s+|my\s+)?(?:brand(?:ing)?|logo|kit|brand\s+kit|brand\s+colou?rs?|"
    r"kit\s+colou?rs?|colou?rs?)\b"
    r"(?:\s+(?:or|and|nor|please|pls|this|time|on|it|them|the|our|logo|colou?rs?|kit|thanks|"
    r"thx|either)\b){0,5}[\s.!]*$")
"""A clause that only leaves the brand out ("no brand colours", "without the logo")."""


_TAKEN_BACK = re.compile(
    r"^\s*(?:no|nope|non|nein|actually|sorry|wait|i mean|just kidding|kidding|jk|scratch that|"
    r"je rigole|c'est une blague|mentira|es broma|scherzo|spaß|spass)\b", re.I)


def _corrected(rest: list[str]) -> str:
    """"It's a waffle... no, just kidding, it's a teapot": the name said after taking one back."""
    for index, clause in enumerate(rest):
        if not _TAKEN_BACK.search(read(clause).text) and not _TAKEN_BACK.search(clause):
            continue
        for later in rest[index:]:
            english = read(later).text
            cue = _NAMES_IT.search(english)
            if cue is not None:
                return _cut(later, english, cue.end())
    return ""


def _says_something(english: str) -> bool:
    """A clause with a word that is not a greeting, an upload word or filler."""
    return any(w not in _NOTHING for w in re.findall(r"[^\W\d_]{2,}", english))


def _cut(clause: str, english: str, start: int) -> str:
    """The clause's own words from the English offset ``start`` to the first stop word."""
    words = clause.split()
    english_words = english.split()
    skipped = len(english[:start].split())
    if len(words) != len(english_words):
        rest = len(english_words) - skipped
        if 0 < rest < len(words) and len(read(" ".join(words[-rest:])).text.split()) == rest:
            # "voici notre bière blonde": only the cue's words were merged; the name is typed
            words, english_words, skipped = words[-rest:], english_words[skipped:], 0
        else:
            return _tail(english, start)  # the reading merged or split words: use the reading
    kept: list[str] = []
    for original, reading in zip(words[skipped:], english_words[skipped:], strict=False):
        if _STOPS.fullmatch(reading):
            if kept:
                break
            continue  # "it's for a charity run": no name starts with "for"
        if not kept and reading.strip(":,.!?") in _LEAD:
            continue  # "here is the photo: it's our cream …": the name starts at "cream"
        kept.append(original)
    return _tidy(" ".join(cut_short(kept, whole_phrase=False)))  # a chat's words: cut less


_LEAD = frozenset({"is", "es", "our", "my", "a", "an", "the", "it's", "its", "this", "foto",
                   "actually", "really", "just",
                   "photo", "picture", "pic", "image", "new", "brand-new"})


def _tail(english: str, start: int) -> str:
    """The English reading from ``start`` to the first stop word."""
    rest = english[start:]
    stop = _STOPS.search(rest)
    # an English reading of other words: its phrases are not the name's own, cut at 6
    return _tidy(" ".join(rest[: stop.start() if stop and stop.start() else None].split()[:6]))


def _tidy(name: str) -> str:
    """Trim leading articles and trailing punctuation; "" if nothing meaningful is left."""
    name = re.sub(r"^(?:(?:a|an|the|une?|ne|eine?|una?|el|la|le|les|des)\s+)+", "", name.strip(),
                  flags=re.I).strip(" ,.;:!?-\"'")
    return name if _says_something(read(name).text) else ""
