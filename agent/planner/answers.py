"""Questions about adstudio itself asked in a message: what a call costs, what the AI label is.

"delete #3. by the way, what does the AI label mean?" asks for a deletion and a question
about the app: the question is taken out of the message before its asks are read (it asks
for no change), and answered beside what is done. Alone, it is answered with nothing done.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from agent.planner.language import fold, protect

_COST = re.compile(
    r"\bcost(?:s|ing)?\b|\bhow much\b.*\b(?:pay|charge|is (?:it|this|that)|for (?:it|this|that))\b"
    r"|\b(?:is|are) (?:it|this|that|adstudio|the app|everything) (?:\w+ )?free\b"
    r"|\b(?:do|will|would|must) (?:i|we) (?:have to |need to )?pay\b|\bcharge (?:me|us)\b"
    r"|\b(?:kostet|kosten|kostenlos|umsonst|gratis|coute|couter|payant|payer|cuesta|cuestan|"
    r"costar|coste|costa|costano|custa|custam|kost|betalen)\b")
"""What a question about what the app's work costs says (folded)."""
_ABOUT_ADS = re.compile(r"#\s*\d|\b(?:headline|text|subline|button|cta|badge|tag|logo|copy|font|"
                        r"background|price tag|sticker|banner|overschrift|titre|titular)\b")
"""A question naming an ad or a part of it asks about the ad, not about the app."""
_AI_LABEL = re.compile(
    r"\b(?:ai|ki|ia)[\s-]*(?:label|tag|badge|mark|marker|kennzeichnung|hinweis|etiquette|"
    r"etiqueta|etichetta|rotulo|selo|mention)\b"
    r"|\b(?:label|tag|badge|kennzeichnung|etiquette|etiqueta|etichetta|rotulo|selo|mention)s?"
    r"\s+(?:[\"'“‘«]\s*)?(?:de\s+(?:l')?|d')?(?:ai|ki|ia)\b")
"""The AI disclosure label named ("the AI label", "das KI-Label", "l'étiquette IA")."""
_ASKS = re.compile(
    r"\?|^\s*(?:what|whats|what's|how|why|is|are|does|do|will|would|can|was|wie|warum|ist|"
    r"kostet|que|qu'est|quoi|combien|pourquoi|est-ce|ca|cela|qu|cuanto|cuesta|por que|"
    r"quanto|perche|cosa|o que|porque|wat|hoeveel|waarom|kost)\b")
"""A sentence that asks (a question mark, or a question's first word)."""
_LEAD_WORDS = (r"by the way|btw|ps|just curious|just wondering|out of curiosity|quick question|"
               r"one more thing|ubrigens|nebenbei|nur neugierig|aus neugier|kurze frage|au fait|"
               r"juste par curiosite|par curiosite|petite question|por cierto|por curiosidad|"
               r"una pregunta|a proposito|per curiosita|trouwens|uit nieuwsgierigheid")
"""Words that open an aside ("by the way, …", "just curious, …"), folded."""
_LEAD_IN = (r"(?:(?:oh|ah|and|also|but|ok|okay|so)\s*,?\s+)*"
            rf"(?:(?:{_LEAD_WORDS})\b)?\s*[,:]?\s*")
_SENTENCE = re.compile(r"[^.!?;]+[.!?;]*|[.!?;]+")
_DASH = re.compile(rf"\s+[-–—]\s+|,\s+(?=(?:{_LEAD_WORDS}|how much|what does|does (?:it|this|that)|"
                   r"is (?:it|this|that)|was (?:kostet|bedeutet)|kostet|combien|cuanto|"
                   r"cuánto|quanto)\b)", re.I)
"""A break inside a sentence before an aside ("make #2 warmer - just curious, …")."""

AI_LABEL = ("The “AI” label on an ad is its disclosure that the image was made or changed "
            "with AI, as the EU AI Act (article 50) asks of generated content; every asset also "
            "carries C2PA content credentials saying so. Whether the label shows is set for "
            "the deployment: where a placement or your brand kit asks for it, on every ad, "
            "or never.")
"""The answer to "what does the AI label mean?"."""


@dataclass
class Aside:
    """A question about the app taken out of a message.

    Attributes:
        topic: ``cost`` or ``ai_label``.
        said: The question as typed.
    """

    topic: str
    said: str


def split_off(text: str) -> tuple[str, list[Aside]]:
    """``text`` without its questions about cost or the AI label, and those questions.

    Args:
        text: The message as the planner reads it (asides of images already taken out).

    Returns:
        The rest of the message (stripped) and the questions taken out of it, in order.
    """
    kept: list[str] = []
    asides: list[Aside] = []
    for sentence in _SENTENCE.findall(text):
        for separator, piece in _joined_lead_ins(_pieces(sentence)):
            topic = _topic(piece)
            if topic is None:
                kept.append(separator + piece)  # as typed, its dash or comma kept
                continue
            asides.append(Aside(topic=topic, said=piece.strip()))
    if not asides:
        return text, []
    return "".join(kept).strip(" ,;:-–—"), asides


def _pieces(sentence: str) -> list[tuple[str, str]]:
    """The pieces of a sentence between the breaks before asides, each with its break."""
    parts = re.split(f"({_DASH.pattern})", sentence, flags=re.I)
    return [("", parts[0]), *zip(parts[1::2], parts[2::2], strict=True)]


def _joined_lead_ins(pieces: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The pieces, one that only opens an aside ("by the way") joined to the next."""
    joined: list[tuple[str, str]] = []
    for separator, piece in pieces:
        last = joined[-1][1] if joined else ""
        if last.strip(" ,;:.") and re.fullmatch(_LEAD_IN, fold(last).strip(" ,;:.")):
            joined[-1] = (joined[-1][0], f"{last}{separator}{piece}")
        else:
            joined.append((separator, piece))
    return joined


def _topic(piece: str) -> str | None:
    """What a piece of a message asks about the app (``cost``, ``ai_label``), or None."""
    folded = fold(protect(piece)[0]).strip()  # a quoted headline asks nothing
    bare = re.sub(rf"^{_LEAD_IN}", "", folded)
    if not _ASKS.search(bare) and not _ASKS.search(folded):
        return None
    if _ORDER.search(bare) or _CAN_YOU.search(bare):
        return None  # "can you remove the AI label?": a request, read as one
    if _AI_LABEL.search(folded):
        return "ai_label"
    if _COST.search(folded) and not _ABOUT_ADS.search(folded):
        return "cost"
    return None


_ORDER = re.compile(r"^\s*(?:make|give|generate|create|add|put|change|remove|delete|use|"
                    r"animate|turn|download|render|resize|set|replace|save|undo|revert)\b")
"""A piece that starts with an order asks for it, whatever it says of costs."""
_CAN_YOU = re.compile(r"\b(?:can|could|would|will) (?:you|u)\b(?! (?:tell|explain|say)\b)")
"""A request put as a question ("could you remove the AI label?")."""


def answer(asides: Sequence[Aside], calls: Sequence[Mapping[str, Any]]) -> str:
    """The answers to the questions of ``asides``, for a reply that makes ``calls``."""
    said: list[str] = []
    for topic in dict.fromkeys(a.topic for a in asides):
        said.append(AI_LABEL if topic == "ai_label" else cost_answer(calls))
    return " ".join(said)


def cost_answer(calls: Sequence[Mapping[str, Any]]) -> str:
    """What the calls cost where adstudio runs now (free on the local engine).

    Args:
        calls: The tool calls of the reply (name and args); none when only asked.
    """
    from core.settings import get_settings
    from tools.cost import estimate

    settings = get_settings()
    local = (settings.resolved_image_engine == "local"
             and settings.resolved_video_engine == "local")
    if local:
        return ("It costs nothing: adstudio runs on its local engine here, so making and "
                "changing ads is free.")
    estimates = [estimate(str(c["name"]), c.get("args") or {}, settings) for c in calls]
    usd = sum(e.usd for e in estimates)
    threshold = settings.costs.confirm_above_usd
    if not calls:
        return ("Work on the local engine is free; here images and videos are made by paid "
                f"models, priced per image or second of video, and anything above "
                f"${threshold:.2f} is asked about before it is spent.")
    if usd <= 0:
        return "This costs nothing: none of it calls a paid model."
    what = "; ".join(e.description for e in estimates if e.usd > 0 and e.description)
    return (f"This costs about ${usd:.2f} ({what}); anything above ${threshold:.2f} is asked "
            "about before it is spent.")
