"""What the local planner reads from a message about motion: live images and video ads.

Four requests: animate an ad ("make #2 a live image"), plan a video ("a 15 s video for
Sponsored Brands"), change a storyboard shot ("make the second shot about the 24 h cold")
and render the storyboard ("looks good, render it").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal

from agent.planner.intents import ORDINALS, find_target, find_theme
from agent.planner.language import LANGUAGES, protect, translate

MotionKind = Literal["animate", "storyboard", "revise", "render"]

_THINGS = (r"(?:bubbles|sparkles|glitter|snow|snowflakes|leaves|petals|confetti|dust|steam|"
           r"particles|stars|smoke|mist|fog|water|waves|clouds|rain)")
_ANIMATE = re.compile(
    r"\b(live[- ]?(?:image|photo|pic|picture)|cinemagraph|animat\w*|add (?:some )?motion|"
    r"make (?:it|them|\S+|the (?:[a-z-]+ ){1,2}ones?|the ones? (?:with|on|in) (?:the )?[a-z-]+)"
    r" move|"
    r"moving (?:image|ad|version|picture|photo|pic)|loop(?:ing)? (?:video|clip)|"
    r"can (?:it|they|this|that|the [a-z-]+ one|#\s*\d+) (?:move|be animated)|slow zoom|"
    # "bubbles or sparkles moving", "with drifting snow": things in motion are a live image
    rf"{_THINGS}(?: (?:or|and) {_THINGS})? (?:moving|in motion|drifting|swirling|twinkling)|"
    rf"(?:moving|drifting|swirling|twinkling) {_THINGS})\b",
    re.I,
)
_VIDEO = re.compile(
    r"\b(video(?: ad)?s?|storyboard|clip|commercial|spot|bumper"
    # "make a short reel out of the beach ad": a reel is a video; "for reels" is a size
    r"|(?:a|an)\s+(?:(?:short|quick|little|fun|snappy|\d{1,2}\s*-?\s*s(?:ec(?:ond)?)?|instagram|"
    r"insta|ig|fb|facebook)\s+){0,2}reel)\b", re.I)
_IMAGE_SPOT = re.compile(
    r"\A(?=.*(?:#\s*\d|\b(?:image|ad|number|pic)\s+\d))"
    r"(?!.*\b(?:video|storyboard|clip|commercial|film)\b)(?!.*\d\s*-?\s*(?:s|secs?|seconds?)\b)"
    r"|\bcompanion\b", re.I)
"""An image named with only "spot" or "bumper" ("#3 in 16:9 for a youtube companion spot"):
a placement for that image, not a video."""
_STILLS = re.compile(
    r"(?<!#)(?<!#\s)\b(?:\d+|two|three|four|five|six|a few|a couple(?: of)?|some|more)\s+"
    r"(?:(?!live\b)\w+\s+)?"
    r"(?:stills?|still images?|static (?:ads?|images?|posts?)|images?|pics?|photos?|banners?|"
    r"posts?|pins?)\b(?!.*\b(?:video|storyboard|clip|animat\w*|live (?:image|photo|pic))\b)", re.I)
_WIDE = re.compile(r"\b(youtube|yt|16:9|widescreen|landscape|horizontal)\b", re.I)
_RENDER = re.compile(
    r"\b(render|go ahead|looks? (?:good|great|fine)|make (?:the|my) video|produce it|ship it|"
    r"do it|yes|(?:the )?(?:real|actual|final) video|video (?:made|done|now|ya)|"
    r"(?:make|build|arma\w*|cut|export|generate|create|produce) (?:me )?(?:the|my|el) video)\b",
    re.I,
)
_SECONDS = re.compile(r"\b(\d{1,3}(?:[.,]\d)?)\s*(?:-|\s)?(?:s|sec|secs|seconds?|sek|seg|seconden|"
                      r"secondes?|secondi|segundos?|sekunden?|seg\.)(?!\w)", re.I)
"""A length in seconds, with one decimal ("3.5 seconds", "2,5 Sekunden", "15 seconden")."""
_MINUTES = re.compile(r"\b(\d{1,2}(?:[.,]\d)?|an?|one|two|three|half an?|anderthalb|"
                      r"eineinhalb|anderhalve|anderhalf)\s*(?:-|\s)?"
                      r"(?:min|mins|minutes?|minutos?|minuti|minuten|minuut|minuto)\b"
                      r"((?:\s+and)?\s+a\s+half\b)?", re.I)
"""A length in minutes ("a 2 minute video", "un video de 2 minutos", "a minute and a half"):
past what a video runs."""
_MINUTE_WORDS = {"a": 1.0, "an": 1.0, "one": 1.0, "two": 2.0, "three": 3.0, "half a": 0.5,
                 "half an": 0.5, "anderthalb": 1.5, "eineinhalb": 1.5, "anderhalve": 1.5,
                 "anderhalf": 1.5}
_MORE_SECONDS = re.compile(
    r"\b(\d{1,2}(?:[.,]\d)?)\s?(?:s|secs?|seconds?)\s(more|longer|less|shorter|fewer)\b"
    r"|\b(\d{1,2}(?:[.,]\d)?)\s(more|less|fewer)\s(?:secs?|seconds)\b", re.I)
"""A change of length by some seconds ("2 seconds more", "1 more second")."""
_SHOT = re.compile(
    # "the opening shot 4 seconds": a length after "shot" is no shot number
    rf"\b(?:shot|scene)\s*#?\s*(\d{{1,2}})\b(?!\s*(?:s|secs?|seconds?|sek\w*|seg\w*)\b)"
    rf"|\b({'|'.join(ORDINALS)})\s+(?:shot|scene)\b", re.I
)
_ABOUT = re.compile(r"\babout\s+(?:the\s+)?(.+?)\s*[.!?]*$", re.I)
_SAYS = re.compile(
    r"\b(?:say|says|saying|text|caption|headline|cta|button)"
    r"(?:\s+(?:of|on|in|for)\s+(?:the\s+)?(?:(?:shot|scene)\s*\d{1,2}|[a-z]+\s+(?:shot|scene)))?"
    r"\s*(?:to|a|:|=|->|→|should be|is|into|should say)?\s*⟦(\d+)⟧",
    re.I,
)
_COPY_GONE = re.compile(
    r"\b(?:remove|delete|drop|cut|kill|lose)\s+(?:the\s+)?(?:text|caption|headline|copy|cta|"
    r"button|words|lettering|title)\b", re.I)
_REMOVE = re.compile(r"\b(remove|delete|drop|cut|lose|ditch|kill|scrap|skip|get rid of)\b", re.I)
_CUT_TO = re.compile(r"\b(?:cut|drop|trim)\b.*\b(?:to|down to)\s+\d", re.I)  # "cut shot 2 to 2 s"
_ADD = re.compile(r"\b(add|insert|pop in|put in|slip in|stick in|throw in)\b.*"
                  r"\b(?:shot|scene|close-?up)\b"
                  # "after the opening shot could you pop in a close-up": the place first
                  r"|\bafter the [a-z-]+ (?:shot|scene)\b.*"
                  r"\b(?:add|insert|pop in|put in|slip in)\b"
                  # "after shot 3 an extra lifestyle shot of 4 s": one more shot, placed
                  r"|\bafter (?:(?:shot|scene) #?\d{1,2}|the [a-z-]+ (?:shot|scene))\b.*"
                  r"\b(?:an? )?(?:extra|another|additional|new)\b[\w\s-]{0,30}?(?:shot|scene)\b",
                  re.I)
_LONGER = re.compile(r"\b(longer|slower)\b", re.I)
_SHORTER = re.compile(r"\b(shorter|faster|quicker)\b", re.I)
_VERTICAL = re.compile(r"\b(vertical|9:16|portrait|story|stories|reels?|tiktok|shorts)\b", re.I)
_FULL_HD = re.compile(r"\b(1080p|1920x1080|full hd|fhd)\b", re.I)
_PLACEMENT = {
    "sponsored-brands-video": re.compile(r"\bsponsored[- ]brands?\b", re.I),
    "animated-display": re.compile(r"\b(display|banner)\b", re.I),
}
_SHOT_KINDS = {
    "end_card": re.compile(r"\b(end card|logo|call to action|cta)\b", re.I),
    "how_it_works": re.compile(r"\b(how[ -](?:does[ -])?it[ -]works?|comparison|compare|steps)\b",
                               re.I),
    "lifestyle": re.compile(r"\b(lifestyle|outdoors?|in use)\b", re.I),
    "feature": re.compile(r"\b(feature|detail|close[- ]?up|callout)\b", re.I),
}


@dataclass
class MotionRequest:
    """One motion request and its parameters.

    Attributes:
        kind: animate, storyboard, revise or render.
        seconds: Video length asked for.
        size: Video size ("1280x720", "1920x1080", "1080x1920").
        placement: Video placement to check against.
        shot: Shot number (1 = first) for a revision.
        changes: Fields of ``revise_storyboard`` to change.
        target: Which ad image to animate (as ``intents.find_target`` reads it).
    """

    kind: MotionKind
    seconds: int | None = None
    size: str | None = None
    placement: str | None = None
    shot: int | None = None
    changes: dict[str, Any] = field(default_factory=dict)
    target: Any = None


def read_motion(text: str, *, has_images: bool, has_storyboard: bool,
                kinds: tuple[str, ...] = ()) -> MotionRequest | None:
    """Return the motion request in ``text``, or None when it is about something else.

    Args:
        text: The user's message.
        has_images: Ad images exist in the conversation (something to animate).
        has_storyboard: A storyboard was written in this conversation.
        kinds: The storyboard's shot kinds, in order ("the lifestyle shot" is the first
            lifestyle shot).
    """
    if has_storyboard and (shot := _shot_number(text)) is not None:
        return _revision(text, shot)
    if has_storyboard and (kind := _KIND_NAMED.search(text)):
        return _revision(text, _KIND_SHOT[kind.group(1)])
    if has_storyboard and (named := _SHOT_OF_KIND.search(text)):
        wanted = named.group(1).replace(" ", "_").replace("-", "_")
        if wanted in kinds:  # "remove the lifestyle shot"
            return _revision(text, kinds.index(wanted) + 1)
    if has_storyboard and _THE_LAST.search(text) and _SECONDS.search(text):
        return _revision(text, -1)  # "and the last one 4 seconds"
    if _STILLS.search(text):
        return None  # "while we're at it can i get 2 stills for stories": images, not video
    if has_storyboard and _WHOLE_VIDEO.search(text) and not _IMAGE_NAMED.search(text):
        size, seconds = _size(text), _seconds(text)
        if size or seconds:  # "make it vertical for tiktok", "the whole thing 8 seconds"
            return MotionRequest("storyboard", seconds=seconds, size=size)
    if has_images and _ANIMATE.search(text):
        return MotionRequest("animate", target=find_target(text))
    if has_storyboard and _RENDER.search(text) and not _VIDEO.search(text.replace("video", "")):
        return MotionRequest("render", placement=_placement(text))
    if _VIDEO.search(text) and not _IMAGE_SPOT.search(text):
        if has_storyboard and _RENDER.search(text) and not _SECONDS.search(text):
            return MotionRequest("render", placement=_placement(text))
        return MotionRequest(
            "storyboard", seconds=_seconds(text), size=_size(text), placement=_placement(text)
        )
    return None


_QUOTED_KIND = re.compile(r"(?:shot|scene)\s+⟦(\d+)⟧|⟦(\d+)⟧\s+(?:shot|scene)")
""""a shot « how it works »": a kind of shot, named in quotes."""
_AFTER_SHOT = re.compile(
    # "a how it works shot after the second", "un plan « comment ça marche » après le deuxième"
    rf"\b(?:a|an|one|new|another|one more)\s+(?:\S+\s+){{0,4}}?(?:shot|scene)\s+(?:\S+\s+){{0,4}}?"
    rf"(?:after|behind)\s+(?:the\s+)?"
    rf"(?:shot\s+)?(\d{{1,2}}|{'|'.join(ORDINALS)})\b", re.I)


_ANCHOR_SHOT = re.compile(r"\b(?:after|behind|following)\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?"
                          r"(?:shot|scene|one)\b")
"""The shot a new one goes after ("after the lifestyle one")."""


_SHOT_OF_KIND = re.compile(
    r"\bthe (hero|feature|lifestyle|how[ -]it[ -]works|end card)\s+(?:shot|scene|one)\b")
_KIND_NAMED = re.compile(
    r"\b(?:the |^)(end card|hero(?: shot)?|opening shot|last shot|final shot|first shot)\b"
)
_THE_LAST = re.compile(r"\bthe last(?: one)?\b")
_KIND_SHOT = {"end card": -1, "hero": 1, "hero shot": 1, "opening shot": 1, "last shot": -1,
              "final shot": -1, "first shot": 1}
"""Shots named by their role; -1 is the last shot (the storyboard says how many)."""
_WHOLE_VIDEO = re.compile(
    r"\b(?:it|the whole (?:thing|video)|the video|everything|all of it|overall|in total|total|"
    r"vertical|tiktok|reels?|shorts|stories|9:16|horizontal|16:9|youtube|shorter|longer)\b")
_IMAGE_NAMED = re.compile(r"#\s*\d|\b(?:image|ad|pic)\s+\d")
_CAMERAS = (("pan left", "pan_left"), ("pan right", "pan_right"),
            (r"pan(?:s|ning)? (?:to|towards) the left", "pan_left"),
            (r"pan(?:s|ning)? (?:to|towards) the right", "pan_right"),
            # "to the right pan" (German word order)
            (r"(?:to|towards) the left(?=.*\bpan\b)", "pan_left"),
            (r"(?:to|towards) the right(?=.*\bpan\b)", "pan_right"),
            ("pan", "pan_left"),
            ("zoom out", "pull_out"), ("pull", "pull_out"), ("zoom", "push_in"),
            ("push", "push_in"), ("static", "static"), ("still", "static"))


def _shot_number(text: str) -> int | None:
    after = _AFTER_SHOT.search(protect(text)[0])  # a quoted kind is one word
    if after:
        word = after.group(1).lower()
        return int(word) if word.isdigit() else ORDINALS[word]
    match = _SHOT.search(text)
    if not match:
        return None
    digit, word = match.groups()
    return int(digit) if digit else ORDINALS[word.lower()]


def _revision(text: str, shot: int) -> MotionRequest:
    """A change to one shot: what it is about, its text, its length or its kind."""
    changes: dict[str, Any] = {}
    text, copies = protect(text)  # "text -> 'Don't remove it'" asks to remove nothing
    said = _SAYS.search(text)
    transition = _transition(text)
    if transition:
        changes["transition"] = transition  # "shot 4 cut instead of fade": the shot stays
    elif _COPY_GONE.search(text):
        changes["text"] = ""  # "remove the text on the lifestyle shot": the shot stays
    elif _REMOVE.search(text) and not (_SECONDS.search(text) and _CUT_TO.search(text)):
        return MotionRequest("revise", shot=shot, changes={"action": "remove"})
    if _ADD.search(text) or _AFTER_SHOT.search(text):
        changes["action"] = "insert_after"
    if said:
        changes["text"] = copies[int(said.group(1))].strip()[1:-1].strip()[:80]
    elif "text" in changes:
        pass
    elif about := _ABOUT.search(text):
        subject = about.group(1).strip()
        changes["text"] = subject[:1].upper() + subject[1:80]
        changes["description"] = f"The product, focusing on {subject}"[:512]
    explicit = _SECONDS.search(text)
    more = _MORE_SECONDS.search(text)
    if more:  # "two seconds more", "2 more seconds", "3 seconds shorter": by, not to
        amount = _number(more.group(1) or more.group(3))
        less = (more.group(2) or more.group(4) or "").lower() in ("less", "fewer", "shorter")
        changes["seconds"] = f"{'-' if less else '+'}{amount:g}"
    elif explicit and 1.5 <= _number(explicit.group(1)) <= 12:
        changes["seconds"] = _number(explicit.group(1))
    elif _LONGER.search(text):
        changes["seconds"] = "+1.5"
    elif _SHORTER.search(text):
        changes["seconds"] = "-1"
    # "a « how it works » shot": the kind named in quotes beside the shot
    named = [translate(copies[int(m.group(1) or m.group(2))].strip("\"“”«»„'‘’ "), lang)
             for m in _QUOTED_KIND.finditer(text) for lang in LANGUAGES]
    # "a how-it-works shot after the lifestyle one": the shot after which is no kind asked
    kinded = _ANCHOR_SHOT.sub(" ", text) if changes.get("action") == "insert_after" else text
    for kind, pattern in _SHOT_KINDS.items():
        if any(pattern.search(n) for n in named):
            changes["kind"] = kind
        elif pattern.search(kinded) and "text" not in changes and not _KIND_NAMED.search(kinded):
            changes["kind"] = kind
    camera = _camera(text)
    if camera:
        changes["camera"] = camera
    theme, _ = find_theme(text)
    if theme and "text" not in changes:
        changes["theme"] = theme
    shows = _SHOWS.search(text)
    if shows and not changes and not re.search(r"\d|\b(?:longer|shorter|slower|faster)\b",
                                               shows.group(1)):
        changes["description"] = shows.group(1)[:1].upper() + shows.group(1)[1:200]
    return MotionRequest("revise", shot=shot, changes=changes)


_TRANSITION_WORD = (r"(hard cut|straight cut|jump cut|cut|cross-?fade|fade(?: in)?|dissolve|"
                    r"slide|wipe)")
_TRANSITION_ASKED = re.compile(
    # "a cut instead of the fade", "fade rather than cut"
    rf"\b{_TRANSITION_WORD}\s+(?:in\s*stead of|rather than)\b"
    # "instead of the fade, a hard cut"; "not a fade but a cut"
    rf"|\b(?:instead of|rather than|not)\s+(?:an?\s+|the\s+)?(?:cut|cross-?fade|fade|dissolve|"
    rf"slide|wipe)\b[,;:]?\s+(?:but\s+|use\s+|do\s+)?(?:an?\s+|with\s+an?\s+)?{_TRANSITION_WORD}\b"
    # "a fade transition", "transition it with a slide", "slide in"
    rf"|\b{_TRANSITION_WORD}\s+(?:transition|in\b)"
    rf"|\btransition\w*\s+(?:to|with|as|by|into)?\s*(?:an?\s+)?{_TRANSITION_WORD}\b", re.I)
_TRANSITIONS = {"cut": "cut", "fade": "crossfade", "crossfade": "crossfade",
                "dissolve": "crossfade", "slide": "slide", "wipe": "slide"}


def _transition(text: str) -> str | None:
    """The way into a shot the message asks for ("cut instead of fade" → cut), if any."""
    match = _TRANSITION_ASKED.search(text)
    if match is None:
        return None
    word = next(g for g in match.groups() if g).lower().replace("-", "")
    return _TRANSITIONS[word.split()[-1] if word.endswith("cut") else word.split()[0]]


_SHOWS = re.compile(
    r"\b(?:should|could|must|needs? to|has to)\s+(?:be|show)\s+(?:an?\s+|the\s+)?"
    r"([a-z][a-z' -]{2,80}?)(?:\s*,?\s*(?:not|instead|rather)\b.*)?\s*[.!?]*$", re.I)
""""shot 3 should be a candlelit table, not whatever that is": what the shot shows instead."""


_REPLACED = re.compile(
    r"\b(?:instead of|rather than)\s+(?:the\s+|a\s+)?(?:(?:pan|zoom|push|pull)\w*"
    r"(?:\s+(?:to\s+the\s+)?(?:left|right|in|out))?|(?:to\s+the\s+)?(?:left|right)|\w+)")
""""instead of the zoom", "instead of to the left": the move being replaced."""
_SWAPPED = re.compile(
    r"\b(change|swap|switch|replace|trade)\s+(?:the\s+|that\s+|this\s+)?(?:pan|zoom|push|pull)\w*"
    r"(?:\s+(?:to\s+the\s+)?(?:left|right|in|out))?\s+(?=(?:for|with|to|by|into|por|par|pour|"
    r"durch|gegen|con|per|with a|for a)\b)")
""""change the pan for a zoom": the move named first is the one replaced."""


def _camera(text: str) -> str | None:
    """The camera move a shot change names first ("pan, not zoom" → pan_left).

    What comes after "instead of" is the move being replaced ("pan right instead of left").
    """
    text = _SWAPPED.sub(r"\1 ", _REPLACED.sub(" ", text))
    found = [(m.start(), -len(word), camera) for word, camera in _CAMERAS
             for m in re.finditer(rf"\b{word}", text)
             if not re.search(r"\bnot\s+(?:a\s+)?$", text[: m.start()])]
    return min(found)[2] if found else None


def _number(digits: str) -> float:
    """"3.5" or "3,5" as a number."""
    return float(digits.replace(",", "."))


def _seconds(text: str) -> int | None:
    match = _SECONDS.search(text)
    if match:
        return round(_number(match.group(1)))
    minutes = _MINUTES.search(text)
    if minutes is None:
        return None
    said = minutes.group(1).casefold()
    count = _MINUTE_WORDS.get(said, 0.0 if said[0].isalpha() else _number(said))
    return round(60 * (count + (0.5 if minutes.group(2) else 0.0)))


def _size(text: str) -> str | None:
    if _VERTICAL.search(text):
        return "1080x1920"
    if _FULL_HD.search(text) or _WIDE.search(text):
        return "1920x1080"
    return None


def _placement(text: str) -> str | None:
    return next((name for name, pattern in _PLACEMENT.items() if pattern.search(text)), None)
