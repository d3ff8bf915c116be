"""Who an ad is aimed at, told from who a message keeps out ("beer ads, no kids allowed")."""

from __future__ import annotations

import re

MINORS = re.compile(
    r"\b(?:1[0-7]|[5-9])(?:\s*(?:and|&|or|to|-)\s*1[0-7])?\s*-?\s*(?:years?|yrs?|y/?o)"
    r"(?:[- ]?olds?)?\b|\b(?:all|aged?|are|they'?re)\s+1[0-7]\b"
    r"|\b(?:under|below)[- ]?(?:18|age|21)s?\b|\bunderage\b|\bminors?\b"
    r"|\bteens?\b|\bteenagers?\b|\bkids\b|\bchildren\b|\bhigh ?school(?:ers)?\b|\bschool ?kids\b"
    r"|\bmenores(?: de edad)?\b|\badolescentes?\b|\bninos\b|\bjugendliche[n]?\b|\bkinder\b"
    r"|\bminderjahrige[n]?\b|\bschuler(?:innen)?\b|\bados\b|\benfants\b|\bmineurs\b|\blyceens\b"
    r"|\bminorenni\b|\bragazzini\b|\bbambini\b|\badolescenti\b|\bcriancas\b|\btieners\b"
    r"|\bkinderen\b|\bminderjarigen\b|\bscholieren\b|\bchaval(?:es|as)\b|\bcrios\b"
    r"|\b(?:ai|per(?: i)?) minori\b|\b(?:1[0-7]|[5-9]) (?:anos|ans|anni|jaar)\b")
"""An audience under the legal age: "16 and 17 year olds", "teens", "Jugendliche"."""
_NOT_FOR = re.compile(
    r"\b(?:no|not|never|nor|none|nobody|no one|without|except|excluding|exclude|\w+n't|sin|nunca"
    r"|ningun\w*|excepto|salvo|prohibid[oa]s?|pas|sans|jamais|interdit\w*|sauf|ni|deconseille\w*"
    r"|kein\w*|nicht|ohne|nie|niemals|verboten|ausser|non|niente|senza|mai|vietat[oaie]"
    r"|nessun[oa]?|tranne|nao|sem|proibid[oa]s?|exceto|geen|niet|zonder|nooit|verboden|behalve)"
    r"(?:\s+[\w'+-]+){0,3}\s*$")
"""A word ruling out who follows it: "no kids", "not for kids", "we never serve minors"."""
_KEPT_OUT = re.compile(
    r"^\s*(?:[\w'-]+\s+){0,2}?(?:(?:are\s+|is\s+)?not\s+(?:allowed|welcome|permitted|invited)"
    r"|(?:are|is)n't\s+(?:allowed|welcome|permitted)|prohibited|forbidden|excluded|banned"
    r"|stay\s+(?:at\s+)?home|verboten|ausgeschlossen|nicht\s+erlaubt|no\s+permitid[oa]s"
    r"|prohibid[oa]s|excluid[oa]s|interdits?|exclus|non\s+(?:admis|ammessi)|vietati|esclusi"
    r"|proibid[oa]s|verboden|niet\s+toegestaan)\b")
"""A ban said after who it keeps out: "kids not allowed", "Kinder verboten"."""
_CLAUSE_END = re.compile(r"[,;.!?:()\n]")


def aimed_at_minors(folded: str) -> bool:
    """Whether ``folded`` names minors as an audience, not only to keep them out.

    "beer ads for teens" names them; "not for kids", "no under 18s", "we never serve minors",
    "keine Minderjährigen", "kids not allowed" rule them out, within the clause that names them.
    """
    for match in MINORS.finditer(folded):
        before = folded[:match.start()]
        ends = [m.end() for m in _CLAUSE_END.finditer(before[-80:])]
        clause = before[-80:][ends[-1]:] if ends else before[-80:]
        after = _CLAUSE_END.split(folded[match.end():match.end() + 60], maxsplit=1)[0]
        if _NOT_FOR.search(clause) is None and _KEPT_OUT.match(after) is None:
            return True
    return False
