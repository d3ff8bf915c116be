"""Reading what the advertiser asks for: the local planner's understanding of a message.

Pure functions from text to a :class:`Request`; no model, no state. The planner turns a
request into tool calls.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from tools.engines.local.text import find_audience, find_tone
from tools.engines.local.themes import load_themes, normalize

Kind = Literal["help", "greeting", "thanks", "edit", "generate", "brief", "unknown"]

NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "a couple of": 2, "a few": 3, "a pair of": 2,
}
ORDINALS = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
    "fifth": 5, "5th": 5, "sixth": 6, "6th": 6, "seventh": 7, "7th": 7, "eighth": 8, "8th": 8,
}
FORMATS: tuple[tuple[str, str], ...] = (
    (r"9\s*:\s*16|stor(?:y|ies)|reels?|tiktok|vertical|portrait video", "9:16"),
    (r"16\s*:\s*9|landscape|widescreen|banner|youtube|horizontal", "16:9"),
    (r"4\s*:\s*5|portrait", "4:5"),
    (r"1\s*:\s*1|square|feed post", "1:1"),
)
_MEDIA = r"(?:ad\s+)?(?:images?|ads?|variations?|versions?|options?|pictures?|creatives?|visuals?)"
_COUNT = re.compile(
    rf"\b(\d+|{'|'.join(NUMBERS)})\s+(?:(?:more|new|other|different|ad)\s+)*{_MEDIA}\b"
    rf"|\b(\d+|{'|'.join(NUMBERS)})\s+more\b",
    re.IGNORECASE,
)
_GENERATE = re.compile(
    rf"\b(?:generate|create|make|render|produce|design|give me|show me|want|need|try)\b.*?"
    rf"\b{_MEDIA}\b|\b(?:more|another|new|other)\s+(?:\w+\s+)?{_MEDIA}\b"
    r"|^\s*(?:please\s+)?(?:generate|create|render|produce)\b|\b\w+\s+more\b(?!\s+(?:golden|blue))",
    re.IGNORECASE,
)
_QUOTED = r"[\"“”'‘’«]([^\"“”«»]{1,90}?)[\"“”'‘’»](?=\s|[.,!?;:)]|$)"
_HEADLINE = re.compile(
    rf"\b(?:headline|tagline|title|slogan|caption|text|copy)\b[^\"“'‘«]{{0,40}}?{_QUOTED}",
    re.IGNORECASE,
)
_REMOVE_HEADLINE = re.compile(
    r"\b(?:remove|delete|drop|no|without)\s+(?:the\s+)?(?:headline|text|tagline|title)\b", re.I
)
_CTA = re.compile(rf"\b(?:cta|button|call to action)\b[^\"“'‘«]{{0,30}}?{_QUOTED}", re.I)
_STRONGER = r"\b(?:(much|a lot|way|even)\s+)?"
_WARMER = re.compile(_STRONGER + r"(warmer|warm it up|more golden|sunnier)\b", re.I)
_COOLER = re.compile(_STRONGER + r"(cooler|colder|cool it down|more blue)\b", re.I)
_ASSET = re.compile(r"\bimg_[0-9a-f]{10}\b")
_INDEX = re.compile(
    rf"(?:#\s*(\d)\b|\b(?:image|ad|number|no\.|variation|version|option|picture|one)\s*#?\s*(\d)\b"
    rf"|\b({'|'.join(ORDINALS)})\b)",
    re.IGNORECASE,
)
_LAST = re.compile(r"\b(?:last|latest|previous|that|this|it)\b(?:\s+one)?", re.I)
_HELP = re.compile(
    r"^\s*(?:help|\?|what can you do|what do you do|how does (?:this|it) work|who are you)"
    r"|\bwhat can you\b|\bhow do i\b|\bhelp me\b",
    re.I,
)
_GREETING = re.compile(r"^\s*(?:hi|hello|hey|good (?:morning|afternoon|evening))\b[\s!.]*$", re.I)
_THANKS = re.compile(r"^\s*(?:thanks?|thank you|great|perfect|awesome|nice|cool)\b[\s!.]*$", re.I)
_THEME_CUE = re.compile(
    r"\b(?:theme|background|backdrop|scene|setting|put it|place it|on an?|at the|in an?|"
    r"in the|style|look|vibe|mood)\b",
    re.I,
)
_OBJECTIVES = {
    "awareness": ("awareness", "launch", "introduce", "reach"),
    "sales": ("sales", "sell", "conversions", "purchase", "buy", "promotion", "discount"),
    "consideration": ("consideration", "traffic", "clicks", "engagement"),
}
_PUNCTUATION = re.compile(r"[^\w\s-]")
_COLOR = re.compile(r"#[0-9a-fA-F]{6}\b")


@dataclass
class Request:
    """What one user message asks for.

    Attributes:
        kind: The intent.
        text: The message text without attachment notes.
        n: How many images were asked for.
        theme: A theme named in the message (catalog id).
        format: An aspect ratio named in the message.
        headline: New headline ("" means remove it).
        cta: New call-to-action text.
        warmth: Colour change asked for.
        target: Which image: a 1-based index, -1 for the latest, or an asset id.
        brand_colors: Hex colours in the message.
    """

    kind: Kind
    text: str
    n: int | None = None
    theme: str | None = None
    format: str | None = None
    headline: str | None = None
    cta: str | None = None
    warmth: float | None = None
    target: int | str | None = None
    brand_colors: list[str] = field(default_factory=list)

    def has_edit(self) -> bool:
        """Whether the message asks to change an image."""
        return any(
            v is not None for v in (self.headline, self.cta, self.warmth, self.theme, self.format)
        )


def find_count(text: str) -> int | None:
    """Return how many images the text asks for."""
    match = _COUNT.search(text)
    if not match:
        return None
    word = (match.group(1) or match.group(2)).lower()
    return int(word) if word.isdigit() else NUMBERS[word]


def find_format(text: str) -> str | None:
    """Return the aspect ratio the text names."""
    for pattern, fmt in FORMATS:
        if re.search(rf"\b(?:{pattern})\b", text, re.IGNORECASE):
            return fmt
    return None


def find_theme(text: str) -> str | None:
    """Return the id of a catalog theme the text names ('on marble', 'beach theme')."""
    lowered = " " + normalize(_PUNCTUATION.sub(" ", text)) + " "
    best: tuple[int, str] | None = None
    cue = bool(_THEME_CUE.search(text))
    for theme in load_themes().values():
        names = {normalize(theme.id), normalize(theme.label)}
        if cue:
            names |= {normalize(k) for k in theme.keywords if len(k) > 3}
        for name in names:
            if name and f" {name} " in lowered and (best is None or len(name) > best[0]):
                best = (len(name), theme.id)
    return best[1] if best else None


def find_headline(text: str) -> str | None:
    """Return a quoted headline ('add the headline "Stay cold."'), or "" to remove it."""
    match = _HEADLINE.search(text)
    if match:
        return match.group(1).strip()
    return "" if _REMOVE_HEADLINE.search(text) else None


def find_warmth(text: str) -> float | None:
    """Return +/- colour change for 'warmer' / 'cooler' (stronger with 'much')."""
    for pattern, sign in ((_WARMER, 1.0), (_COOLER, -1.0)):
        match = pattern.search(text)
        if match:
            return sign * (0.6 if match.group(1) else 0.35)
    return None


def find_target(text: str) -> int | str | None:
    """Return which image the text means: an asset id, a 1-based index, or -1 (latest)."""
    asset = _ASSET.search(text)
    if asset:
        return asset.group(0)
    match = _INDEX.search(text)
    if match:
        digit = match.group(1) or match.group(2)
        return int(digit) if digit else ORDINALS[match.group(3).lower()]
    return -1 if _LAST.search(text) else None


def find_objective(text: str) -> str:
    """Return the campaign objective the text implies, or ''."""
    lowered = text.lower()
    for objective, cues in _OBJECTIVES.items():
        if any(re.search(rf"\b{cue}\b", lowered) for cue in cues):
            return objective
    return ""


def brief_fields(text: str) -> dict[str, object]:
    """Return the brief facts stated in ``text`` (audience, tone, objective, ...)."""
    fields: dict[str, object] = {
        "audience": ", ".join(find_audience(text)),
        "tone": find_tone(text),
        "objective": find_objective(text),
        "brand_colors": [c.upper() for c in _COLOR.findall(text)],
    }
    fmt = find_format(text)
    if fmt:
        fields["placements"] = [fmt]
    return {k: v for k, v in fields.items() if v}


def classify(text: str, *, has_images: bool, has_product: bool, attached: bool) -> Request:
    """Read one message.

    Args:
        text: What the user typed (attachment notes removed).
        has_images: Ad images exist in the conversation (so edits make sense).
        has_product: The product is known (features were extracted).
        attached: The message carries a product photo.

    Returns:
        The request, with every parameter found in the text.
    """
    request = Request(
        kind="unknown",
        text=text,
        n=find_count(text),
        theme=find_theme(text),
        format=find_format(text),
        headline=find_headline(text),
        cta=_CTA.search(text).group(1) if _CTA.search(text) else None,  # type: ignore[union-attr]
        warmth=find_warmth(text),
        target=find_target(text),
        brand_colors=[c.upper() for c in _COLOR.findall(text)],
    )
    request.kind = _kind(request, has_images=has_images, has_product=has_product, attached=attached)
    return request


def _kind(request: Request, *, has_images: bool, has_product: bool, attached: bool) -> Kind:
    text = request.text
    words = len(text.split())
    if not text and attached:
        return "generate" if has_product else "brief"
    if _GREETING.match(text):
        return "greeting"
    if _THANKS.match(text):
        return "thanks"
    if _HELP.search(text) and not attached:
        return "help"
    pointed = request.target is not None and request.n is None
    if has_images and pointed and request.has_edit():
        return "edit"
    if _GENERATE.search(text) or (request.n is not None and words <= 12):
        return "brief" if not has_product and words > 8 else "generate"
    if has_images and request.has_edit():
        return "edit"
    if attached or words >= 4 and not has_product or words >= 10:
        return "brief"
    if has_product and (request.theme or request.format):
        return "generate"
    return "unknown"
