"""Tell which of the policy's languages (en, de, fr, es, it) a piece of ad text is written in.

A small stopword count, fast enough for every chat message (a few microseconds): the
language decides which suggestion a finding offers (a German finding gets a German
rewrite). The rules of a language run unless the text is plainly in another one
(:func:`plausible_languages`), so a wrong guess on a short text costs only the wording of
a suggestion.
"""

from __future__ import annotations

import re

LANGUAGES = ("en", "de", "fr", "es", "it")

# frequent words of one language that are rare in the others (none shared: "die", "de",
# "en", "a", "on" are ambiguous and left out)
STOPWORDS: dict[str, frozenset[str]] = {
    "en": frozenset("the and of to is for with your you our this that it are from "
                    "be will can get now all new just more".split()),
    "de": frozenset("der das und ist mit für nicht ein eine einen dem den ihr ihre unsere "
                    "unser sie wir auf auch jetzt noch nur sich bei zum zur von wie "
                    "garantiert beste keine".split()),
    "fr": frozenset("le la les et est pour avec vous votre vos nous notre nos une du des "
                    "au aux sur dans pas plus qui que ce cette sans".split()),
    "es": frozenset("el los las y es para con usted su sus nuestro nuestra nuestros una "
                    "del al por más sin que este esta lo tu ya".split()),
    "it": frozenset("il gli della delle degli con per non una sono che questo questa nostro "
                    "nostra tuo tua anche più senza".split()),
}
_WORD = re.compile(r"[^\W\d_]+")
_ACCENTS = {"de": "äöüß", "fr": "âçêëîïôœû", "es": "ñ¿¡áíóú", "it": ""}


# a text with this many English stopwords and none of another language is plainly English
PLAIN = 3


def scores(text: str) -> dict[str, int]:
    """Stopwords and accented letters of each language in ``text``."""
    lowered = text.lower()
    words = _WORD.findall(lowered)
    found = {lang: sum(w in stop for w in words) for lang, stop in STOPWORDS.items()}
    for lang, letters in _ACCENTS.items():
        found[lang] += sum(lowered.count(c) for c in letters)
    return found


def detect_language(text: str) -> str:
    """The most likely of ``LANGUAGES`` for ``text`` (``en`` when nothing tells).

    Args:
        text: The text.
    """
    found = scores(text)
    best = max(LANGUAGES, key=lambda lang: found[lang])
    return best if found[best] > found["en"] else "en"


def plausible_languages(text: str) -> frozenset[str]:
    """The languages ``text`` may be written in: all, unless it is plainly English.

    Headlines are short and often carry no stopword, so only a text with several English
    stopwords and not one of another language rules the others out.

    Args:
        text: The text.
    """
    found = scores(text)
    if found["en"] >= PLAIN:
        return frozenset(lang for lang in LANGUAGES if lang == "en" or found[lang])
    return frozenset(LANGUAGES)
