"""Where the planner asks instead of guessing (issue 19: silent wrong actions).

A marketer whose ad is silently changed the wrong way loses trust; a question back costs one
message. Each check here looks at one request as the rules read it and returns the question
(or the explanation) to send instead of acting, or None when acting is safe:

- a value outside what a tool can do ("an 8 second live image") is not silently clamped;
- one ask that names several images and several different changes ("#2 warmer and of #3 a
  story version") is not applied all-to-all;
- an ask that names an image but whose change was not understood ("make #3 look better")
  is not dropped while the rest of the message is acted on;
- new copy the text policy blocks ("Lose 10 kg by summer") is not put on an ad.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import cache
from typing import Any

from agent.planner.actions import find_action
from agent.planner.audience import aimed_at_minors
from agent.planner.intents import Request, find_placements
from agent.planner.language import colour_hex, fold, translate
from agent.planner.references import Reference
from core.placements import resolve_placement
from engines.local.themes import load_themes
from policy.text import load_policy

LIVE_SECONDS = (3.0, 6.0)
"""The loop length a live image (animate_image) can have."""
_S = r"(\d{1,3}(?:\.\d{1,2})?)[ -]{0,2}(?:s|sec|secs|seconds?)\b"
_LOOP_SECONDS = re.compile(
    rf"\b(?:for|of|lasting|lasts?|loops?|looping|runs?)\s+(?:(?:about|around|like|roughly)\s+)?{_S}"
    rf"|\b{_S}(?=\s*(?:$|[,.;:!?)]|-?(?:and|then|with|w|please|pls|max|maximum|tops|each|total|or|long|"
    r"loops?|looping|live|animation|animated|gif|cinemagraph|one|version)\b))",
    re.I,
)
"""Seconds that are the loop's length: "for 10 s", "an 8-second live image", "loop of 2 s",
"8 seconds long", "animate #2, 5 secs". Not "a 2 s fade" or "1 sec zoom then hold": those
time a move inside the loop."""


def loop_seconds(text: str) -> float | None:
    """The loop length an animate request names, in seconds, else None."""
    match = _LOOP_SECONDS.search(text)
    if match is None:
        return None
    return float(match.group(1) or match.group(2))


def live_image_limits(text: str) -> str | None:
    """The question when an animate request asks for what a live image cannot do."""
    asked = loop_seconds(text)
    low, high = LIVE_SECONDS
    if asked is not None and not low <= asked <= high:
        return (f"A live image loops for {low:g} to {high:g} seconds, so {asked:g} s isn't "
                f"possible. Shall I make a {high if asked > high else low:g} s loop, or "
                "storyboard a video ad of that length instead?")
    return None


# each alternative starts only where a run of spaces starts: linear on long runs of spaces
_SPLIT_AT = re.compile(r"(?<!\s)\s*,\s*(?:and\s+|but\s+)?|(?<!\s)\s+(?:and|but|while|whereas)\s+")


def changes_of(request: Request) -> set[str]:
    """The kinds of change a request asks for ("warmth", "placement", "headline"...)."""
    kinds = {name for name in ("headline", "cta", "subline", "warmth", "theme", "product_scale",
                               "product_shift", "backdrop_color", "logo", "font", "brightness",
                               "contrast", "remove_region")
             if getattr(request, name) is not None}
    if request.format is not None or request.placements:
        kinds.add("placement")
    if request.upscale:
        kinds.add("upscale")
    if request.brand_colors or request.kit:
        kinds.add("brand_colors")
    return kinds


def by_image(piece: str, refer: Callable[[str], Reference | None],
             read_one: Callable[[str], Request]) -> list[str] | None:
    """The parts of one ask that each name their own images and their own change.

    "the two dark ones warmer, and the beach one as a 300x250 banner" is two asks: the
    warmth is for the dark ones, the banner for the beach one. Returns the parts when the
    ask is of that shape (two or more images named apart, each with a change of its own,
    not all the same change), else None. A part that names no image goes with the one
    before it; a part naming images without a change of its own shares the changes, so
    "#2 and #3 warmer" stays one ask.
    """
    if find_action(piece) is not None:
        return None  # "get rid of 5 and 6, boring": one action on a list
    groups: list[list[str]] = []
    for part in (p for p in _SPLIT_AT.split(piece) if p and p.strip()):
        reference = refer(part)
        if reference is not None and reference.numbers and reference.how in (
                "number", "attribute") or not groups:
            groups.append([part])
        else:
            groups[-1].append(part)
    if len(groups) < 2:
        return None
    texts = [" ".join(g) for g in groups]
    numbers = [set((refer(t) or Reference()).numbers) for t in texts]
    changes = [frozenset(changes_of(read_one(t))) for t in texts]
    if not all(numbers) or not all(changes) or len(set(changes)) < 2:
        return None
    if any(a & b for i, a in enumerate(numbers) for b in numbers[i + 1:]):
        return None  # the same image named twice: not an ask per image
    return texts


_FOR_BEFORE = re.compile(r"\bfor\s+(?:(?:the|our|a|an|this|my|your)\s+)?(?:\w+\s+)?$")
_SCENE_AFTER = re.compile(r"^\s*(?:theme|themed|background|backdrop|scene|setting|look|style|"
                          r"vibes?|mood|aesthetic)\b")


def occasion_only(text: str, theme_id: str) -> bool:
    """Whether the theme is only named as what the ad is for, never as a scene.

    "It's for autumn" and "for the halloween campaign" name the occasion; "on an autumn
    background" asks for the scene. Beside another change ("#3 warmer, it's for autumn")
    such a mention is context, not a new scene for the image.
    """
    theme = load_themes().get(theme_id)
    if theme is None:
        return False
    folded = fold(text)
    names = {theme_id.replace("-", " "), theme.label.lower(), *(k.lower() for k in theme.keywords)}
    found = False
    for name in (n for n in names if len(n) > 3):
        for match in re.finditer(rf"\b{re.escape(fold(name))}\b", folded):
            found = True
            if not _FOR_BEFORE.search(folded[: match.start()]) or _SCENE_AFTER.match(
                    folded[match.end():]):
                return False
    return found


def blocked_copy(request: Request) -> str | None:
    """The explanation when a request's new copy breaks a rule the text policy blocks.

    "headline 'Lose 10 kg by summer with our bottle'" is a weight-loss claim: saying why and
    asking for other words beats an ad that can't run. Claims the policy only rewrites ("the
    best bottle") are left to the tools, which offer the rewrite.
    """
    for name in ("headline", "subline", "cta"):
        copy = getattr(request, name)
        if not isinstance(copy, str) or not copy.strip():
            continue
        blocked = next((f for f in load_policy().check(copy, learned=False)
                        if f.severity == "block"), None)
        if blocked is not None:
            return (f"I can't put “{copy}” on the ad: {blocked.reason} "
                    f"{blocked.fix} What should the {name} say instead?").replace("  ", " ")
        if health_claim(copy):
            return (f"“{copy}” is a health or expert claim: ads that make one need proof (the "
                    "study, or the endorsement in writing), and platforms reject them without. "
                    f"I haven't changed the ad. Should the {name} say what the product does "
                    "instead, or do you have a source to cite next to it?")
    return None


_PROVEN = (r"(?:clinically|scientifically|medically|dermatologically|cliniquement|scientifiquement|"
           r"medicalement|klinisch|wissenschaftlich|medizinisch|clinicamente|scientificamente|"
           r"cientificamente|medicamente|klinisch)\s+(?:\w+\s+){0,2}?(?:proven|tested|shown|"
           r"approved|prouvee?s?|testee?s?|prouve|bewiesen|getestet|erwiesen|gepruft|provat[oa]|"
           r"testat[oa]|comprovad[oa]|probad[oa]|testad[oa]|bewezen|getest)\b")
_EXPERTS = (r"(?:doctors?|physicians?|dentists?|dermatologists?|pharmacists?|nutritionists?|"
            r"medecins?|dentistes?|dermatologues?|arzten?|arzte|arzt|zahnarzten?|medici|"
            r"dentisti|dermatologi|medicos?|dentistas?|dermatologistas?|artsen|dokters?|"
            r"tandartsen)")
_ENDORSE = (r"(?:recommend\w*|endorse\w*|approved|recommand\w*|conseille\w*|empfohlen|"
            r"empfehlen|raccomand\w*|consigliat\w*|recomend\w*|aanbevolen|aangeraden)")
_AILMENTS = (r"(?:headaches?|migraines?|pains?|aches?|diseases?|illness\w*|anxiety|depression|"
             r"insomnia|acne|cancer|diabetes|colds?|flu|dehydration|infections?|arthritis|"
             r"hangovers?|resacas?|gueules? de bois|kater|postumi|ressacas?|"
             r"maux? de tete|migraines?|kopfschmerz\w*|krankheit\w*|mal di testa|emicrania|"
             r"dolor(?:es)? de cabeza|dor(?:es)? de cabeca|hoofdpijn)")
_HEALTH_CLAIM = re.compile(
    rf"\b{_PROVEN}"
    rf"|\b{_EXPERTS}\b[^.!?]{{0,40}}\b{_ENDORSE}|\b{_ENDORSE}\b[^.!?]{{0,40}}\b{_EXPERTS}\b"
    rf"|\b(?:cures?|cured|heals?|treats?|prevents?|relieves?|guerit|soigne|heilt|lindert|cura|"
    rf"curam?|previene|evita|geneest)\b\s+(?:\w+\s+){{0,3}}?{_AILMENTS}\b")
"""Copy that claims a health effect or an expert's word: "clinically proven", "recommended by
doctors", "cures headaches". Not "Clinically cold." nor "doctor's orders: stay cold"."""


def health_claim(copy: str) -> bool:
    """Whether new copy makes a health or expert claim that needs proof before it runs."""
    return bool(_HEALTH_CLAIM.search(fold(copy)))


_UNDECIDED = re.compile(
    r"\bor\s+(?:both|either|neither|all\s+(?:two|three|of\s+them))\s*\?"
    r"|\b(?:idk|dunno|not\s+sure|no\s+idea|(?:i\s+)?(?:don'?t|dont|do\s+not)\s+know|"
    r"undecided|haven'?t\s+decided|can'?t\s+decide|cant\s+decide)\s+(?:yet|which|what|if|"
    r"whether)\b"
    r"|\b(?:idk|dunno)\s+yet\b"
    r"|\b(?:or|o|oder|ou|oppure)\s+(?:maybe|perhaps|possibly|tal\s+vez|quizas?|quizás|"
    r"peut-etre|peut-être|vielleicht|forse)\b"
    r"|\b(?:maybe|perhaps)\b.*[,.;]\s*(?:but\s+)?(?:not\s+sure|idk|dunno|no\s+idea)\s*[.!?]*$"
    # two opposite changes offered as a choice: "warmer or cooler", "plus clair ou plus sombre"
    r"|\b(?:(?P<w>warmer)|(?P<c>cooler)|(?P<b>brighter|lighter)|(?P<d>darker)|(?P<g>bigger|larger)"
    r"|(?P<s>smaller))\s+(?:or|ou|o|oder|oppure)\s+(?:(?:a\s+bit|maybe|more|much)\s+)?"
    r"(?(w)cooler|(?(c)warmer|(?(b)darker|(?(d)(?:brighter|lighter)|(?(g)smaller|(?:bigger|larger)))))"
    r")\b")
""""story, no wait landscape, or both? idk yet", "idk which size yet", "2 for instagram and
maybe one for pinterest, not sure", "the 2nd... or maybe the 3rd": the choice is open."""


def undecided(english: str) -> str | None:
    """The question when a message leaves its own choice open instead of making it.

    "4 ads, story, no wait landscape, or both? idk yet" names sizes but decides none:
    acting on the last one named would be a guess. "I can't decide, compare #1 and #3" is
    not open (the ask is to compare) and is not caught here: only an open "or both?" or an
    "idk yet / not sure which" is.
    """
    if _UNDECIDED.search(protect_quotes(english)) is None:
        return None
    return ("It sounds like that isn't decided yet, so I haven't done anything. Tell me the "
            "one you want (for example *4 ads in landscape*, or *2 story and 2 landscape*) "
            "and I'll go ahead.")


_POSITION_PICTURE = re.compile(
    r"\b(?:first|second|third|fourth|fifth|last|final|1st|2nd|3rd|4th|5th)\s+"
    r"(?:image|picture|pic|photo|frame)\b")
_NAMED_KIND = re.compile(r"#\s*\d|\b(?:ad|ads|shot|shots|scene|scenes|video|storyboard|"
                         r"banner|creative|version)\b")


def picture_or_shot(english: str, *, has_storyboard: bool, has_images: bool) -> str | None:
    """The question when "the last picture" can be an ad or a shot of the storyboard.

    With both ads and a storyboard in the chat, "im letzten Bild den Text …" (in the last
    picture, the text …) names a picture by its place only: the last ad, or the last shot of
    the video. Which one is asked; nothing is changed on a guess.
    """
    if not (has_storyboard and has_images):
        return None
    unquoted = protect_quotes(english)
    match = _POSITION_PICTURE.search(unquoted)
    if match is None or _NAMED_KIND.search(unquoted):
        return None
    place = match.group(0).split()[0]
    return (f"Do you mean the {place} ad image, or the {place} shot of the video's "
            "storyboard? Say for example *the last shot* or *#4*, and I'll change it.")


_QUOTES = re.compile(r"[\"“”«»„‘’][^\"“”«»„‘’]{0,120}[\"“”«»„‘’]|⟦\d+⟧")


def protect_quotes(text: str) -> str:
    """``text`` without quoted copy (words in quotes are copy, not the ask)."""
    return _QUOTES.sub(" ", text)


_NEW_VIDEO = re.compile(r"\b(?:new|another|fresh|different|other|second|again|redo|re-do|"
                        r"rewrite|start over|from scratch|one more|more videos?)\b")


def vague_video_change(english: str, *, has_storyboard: bool, changes: bool) -> str | None:
    """The question when a storyboard exists and "the video" is to change, but not how.

    "ponle más rollo al vídeo" (give the video more oomph) names the video and nothing a
    storyboard has (a length, a size, a shot, a scene, words): writing the storyboard again
    unchanged is no answer. ``changes`` says whether the reading found any such setting.
    """
    if not has_storyboard or changes or _NEW_VIDEO.search(protect_quotes(english)):
        return None
    return ("What should change in the video? For example: *make it 15 seconds*, *shot 2 on "
            "the beach*, *the last shot says \"Order now\"*, *vertical for TikTok*, or *render "
            "it* to make it as it is.")


_VIDEO_BETTER = re.compile(
    r"\b(?:video|clip|storyboard)\s+(?:look\s+|feel\s+)?"
    r"(?:(?:a\s+(?:bit|little|lot)|somewhat|way|much)\s+(?!more\b|less\b)[a-z]{3,}"
    r"|(?:a\s+(?:bit|little|lot)\s+|way\s+|much\s+)?(?:more\s+(?!of\b)[a-z]+|less\s+[a-z]+|"
    r"pop|[a-z]{2,}(?<!ord)(?<!und)(?<!ov)(?<!aft)(?<!rend)(?<!oth)er))\b")
""""the video better", "the video a bit spannender", "more fun": a change, in words that name
no setting (not "the video now", "the video, render", "the video after")."""


def video_made_better(english: str) -> str | None:
    """The question when "make the video better" would render the storyboard unchanged.

    "make the video" is a go-ahead to render; "make the video better" asks for a change
    that is not named, so rendering as it is would be a guess.
    """
    if _VIDEO_BETTER.search(protect_quotes(english)) is None:
        return None
    return vague_video_change(english, has_storyboard=True, changes=False)


_QUOTED = re.compile(r"[\"“”«»„]([^\"“”«»„\n]{2,160})[\"“”«»„]"
                     r"|‘([^‘’\n]{2,160})’"
                     r"|(?<![\w'])'([^'\n]{2,160})'(?![\w'])")
"""Words typed in quotes: "…", “…”, «…», „…“, ‘…’ and '…' (not the apostrophe of "l'ancienne")."""
_ECHOES = ("description", "context")
"""Arguments that carry the message itself, not what was taken from it."""


_COPY_CUE = re.compile(
    r"\b(?:headlines?|texts?|saying|says?|said|slogans?|tag\s?lines?|buttons?|captions?|ctas?|"
    r"with|sublines?|titles?|copy|words?|reads?|label|"
    r"mit|titel|schlagzeile|text|slogan|sagt|con|texto|titulo|titular|boton|lema|eslogan|dice|"
    r"diga|avec|texte|titre|bouton|accroche|dit|disant|testo|titolo|bottone|pulsante|scritta|"
    r"com|botao)\b")
"""Words that make a quote copy for the ad: "with 'Only this weekend'", "button 'Shop'"."""


_STRESSED = re.compile(
    r"\b(?:too|bit|so|very|really|kinda|quite|pretty|little|look|looks|feel|feels|seem|seems|"
    r"sound|sounds|way|super|trop|tres|muy|demasiado|zu|sehr|ziemlich|"
    r"troppo|molto|etwas|bisschen|peu|poco|po)\s*$")
"""Words before a quote that stress a word of the sentence: 'it looks too "clinical"'."""


def _copy_cued(text: str, lang: str) -> bool:
    """Whether the message says its quoted words are copy (a cue word, in any language)."""
    bare = fold(protect_quotes(text))
    return bool(_COPY_CUE.search(bare) or _COPY_CUE.search(translate(bare, lang)))


def _stressed(before: str, lang: str) -> bool:
    """Whether the words before a quote describe ("a bit", "too"): the quote is a word stressed."""
    bare = fold(before).rstrip(" ,:")
    return bool(_STRESSED.search(bare) or _STRESSED.search(translate(bare, lang)))


def quoted(text: str) -> list[str]:
    """The quoted strings of a message, in order, as typed."""
    return [next(g for g in m.groups() if g is not None).strip() for m in _QUOTED.finditer(text)]


def _plain(text: str) -> str:
    return " ".join(re.findall(r"[^\W_]+", fold(text)))


def unplaced_copy(text: str, calls: list[dict[str, Any]], earlier: str,
                  lang: str = "en") -> str | None:
    """The question when words typed in quotes end up nowhere in what would be done.

    Quoted words are the advertiser's own copy ("cards saying 'Meet your new bottle' …",
    "con 'Hasta 40% off'"): the planner either puts them on the ad or asks where they go.
    A quote that is already in the chat ("the one that says 'Stay cold'") names something
    and needs no place. ``calls`` are the tool calls (name and args) the planner would make;
    ``earlier`` is the chat's text before this message; ``lang`` its language. A shot of a
    kind named in quotes (« cómo funciona ») was read as that kind.
    """
    if not calls or any(c.get("args", {}).get("kind") for c in calls):
        return None
    used = _plain(" ".join(json.dumps({k: v for k, v in call.get("args", {}).items()
                                       if k not in _ECHOES}, ensure_ascii=False)
                           for call in calls))
    seen = _plain(earlier)
    cued = _copy_cued(text, lang)
    for match in _QUOTED.finditer(text):
        copy = next(g for g in match.groups() if g is not None).strip()
        plain = _plain(copy)
        if not cued and len(plain.split()) < 3 and _stressed(text[: match.start()], lang):
            continue  # 'it looks too "clinical"': a word stressed, not copy
        if not plain or plain in used or plain in seen \
                or _plain(translate(fold(copy), lang)) in used:
            continue  # « comment ça marche » is the "how it works" shot
        return (f"Where should “{copy}” go? I haven't done anything yet. Say for example "
                f"*headline “{copy}”*, *button “{copy}”* or *subline “{copy}”*.")
    return None


_SETTINGS: tuple[tuple[frozenset[str], str, str, str, re.Pattern[str]], ...] = (
    (frozenset({"animate_image"}), "fps", "the frame rate", "24 fps",
     re.compile(r"\bfps\b|\bframe\s?rate")),
    (frozenset({"animate_image"}), "particles", "the particles", "no particles",
     re.compile(r"\bparticles?\b")),
    (frozenset({"edit_image"}), "contrast", "the contrast", "less contrast",
     re.compile(r"\bcontrast")),
    (frozenset({"edit_image"}), "product_scale", "the product's size", "the product 10% smaller",
     re.compile(r"\b(?:scale|rescale)\b")),
    (frozenset({"write_storyboard"}), "size", "the size", "vertical 9:16",
     re.compile(r"\b\d{3,4}\s*[x×]\s*\d{3,4}\b")),
)
"""A setting a tool has, and the words that name it: said in a message that calls the tool,
it must be in the call."""


_HEX = re.compile(r"#[0-9a-fA-F]{6}\b")
_CLAUSE = re.compile(r"[,;.!?:()]+|\s+(?:and|but|while|then)\s+")
_KEPT = re.compile(
    r"\b(?:keep|keeping|kept|leave|leaving|left|fine|ok|okay|good|great|perfect|alright|"
    r"untouched|unchanged|alone|same|as\s+(?:it\s+)?is|stays?|don'?t|dont|do\s+not|doesn'?t|"
    r"does\s+not|not|never|no\s+need|with|w/|plus|some)\b")
"""Words that leave a setting as it is: "the contrast is fine", "don't touch the contrast",
"keep the particles", "with particles" (the tool's own particles)."""
_CHANGED = re.compile(
    r"\d|\b(?:more|less|fewer|lower|higher|up|down|reduce\w*|raise|increase\w*|decrease\w*|"
    r"boost\w*|bump\w*|drop\w*|cut|strong\w*|weak\w*|soft\w*|hard\w*|harsh\w*|punch\w*|"
    r"too|bit|much|max\w*|min\w*|off|none|zero|instead|only|just|lots?|many|heavy|subtle|"
    r"slight\w*|tone\s+down|dial\w*|crank\w*|turn\w*|kill|lose|remove)\b")
"""Words that change a setting ("contrast a bit lower", "not so strong"): still a change."""
_FPS_ASKED = re.compile(r"\b(\d{1,3})\s*(?:fps|frames?\s+(?:per|a)\s+second)\b")


def _left_as_is(unquoted: str, words: re.Pattern[str]) -> bool:
    """Whether every mention of a setting only keeps it ("the contrast is fine").

    The words read are those of the mention's clause, at most four either side of it.
    """
    nears: list[str] = []
    for clause in _CLAUSE.split(re.sub(r"#\s*\d+", " ", unquoted)):
        for match in words.finditer(clause or ""):
            before = clause[: match.start()].split()[-4:]
            after = clause[match.end():].split()[:4]
            nears.append(" ".join([*before, match.group(0), *after]))
    return bool(nears) and all(_KEPT.search(n) and not _CHANGED.search(n) for n in nears)


def dropped_setting(english: str, calls: list[dict[str, Any]]) -> str | None:
    """The question when a message names a setting of the tool it calls, but the call lacks it.

    "Live image of #2: 6 s, 30 fps, drift" without the 30 fps, or "#4 on grey, contrast a
    bit lower" without the contrast, would be a different image than the one asked for:
    what was read is said, and the setting asked about, instead of acting on part of it. A
    colour typed as #RRGGBB is a value the calls must carry, like a quote.
    """
    unquoted = protect_quotes(english)
    used = json.dumps([c.get("args", {}) for c in calls], ensure_ascii=False).lower()
    colour = next((h for h in _HEX.findall(unquoted) if h.lower() not in used), None)
    if colour is not None:  # "a deep green, #2E5E4E, …" with the colours left out
        return (f"I didn't understand what {colour.upper()} is for, so I haven't done anything "
                f"yet. Could you say it in other words (for example *brand colours {colour.upper()}"
                f"*, or *#3 on a {colour.upper()} background*)?")
    for tools, key, name, example, words in _SETTINGS:
        made = [c for c in calls if c.get("name") in tools]
        if made and words.search(unquoted) and not any(
                c.get("args", {}).get(key) is not None for c in made):
            if _left_as_is(unquoted, words):
                continue  # "#4 on grey, don't touch the contrast": nothing to change
            rate = _FPS_ASKED.search(unquoted) if key == "fps" else None
            if rate is not None:  # "25 fps": a rate the tool doesn't have
                return (f"A live image runs at 24 or 30 fps, so {rate.group(1)} fps isn't "
                        "possible and I haven't made anything yet. 24 or 30 fps?")
            return (f"I didn't understand what you said about {name}, so I haven't done "
                    f"anything yet. Could you say it in other words (for example *{example}*)?")
    return None


_THEME_NAMED = re.compile(
    r"\b(?:theme|thema|tema)\s*[:=]?\s+(?:an?\s+|the\s+)?([a-z][a-z-]{2,})\b"
    r"|\b(?:an?|the)\s+([a-z][a-z-]{2,})\s+(?:theme|scene|setting)\b")
_NOT_A_SCENE = frozenset({
    "same", "current", "new", "different", "other", "another", "auto", "random", "any", "this",
    "that", "its", "our", "my", "your", "brand", "whole", "original", "old", "previous", "last",
    "first", "next", "usual", "default", "right", "best", "good", "nice", "better", "one",
    "video", "ad", "image", "product", "and", "for", "with", "of", "is", "be", "please", "pls"})
_MOODS = frozenset({
    "fun", "funny", "cool", "fresh", "fancy", "cute", "bold", "bright", "dark", "light", "warm",
    "cold", "soft", "calm", "clean", "minimal", "modern", "classic", "simple", "elegant", "chic",
    "happy", "sad", "moody", "vibrant", "cozy", "cosy", "luxury", "luxe", "premium", "sporty",
    "natural", "vintage", "retro", "rustic", "urban", "sleek", "edgy", "quirky", "funky",
    "trendy", "hip", "sexy", "sweet", "romantic", "dreamy", "festive", "creative", "crazy",
    "wild", "chill", "relaxed", "serious", "professional", "corporate", "young", "youthful",
    "energetic", "lively", "loud", "quiet", "subtle", "neutral", "muted", "rich", "deep",
    "big", "small", "nice", "great", "awesome", "epic", "lovely", "pretty", "beautiful",
    "gorgeous", "stylish", "sophisticated", "upbeat", "positive", "dramatic", "mysterious",
    "dynamic", "futuristic", "whimsical", "cheerful", "colorful", "colourful", "playful",
    "girly", "manly", "glam", "glamorous", "posh", "fiery", "bolder", "brighter", "darker",
    "warmer", "cooler", "softer", "lighter", "cheap", "expensive", "basic",
})
"""Moods and looks ("a fun theme", "a bold scene"): how it feels, no scene we could lack."""
_MOOD_ENDING = re.compile(r"(?:ful|ous|istic|ical|less|ish|ive|iest)$")
_THEMED = frozenset({"generate_ad_images", "edit_image", "write_storyboard"})


def unknown_theme(english: str, calls: list[dict[str, Any]]) -> str | None:
    """The question when a scene is named as the theme but none of ours is that scene.

    "theme lagoon", "a volcano scene": making the ads in a scene picked on our own would be a
    guess; the scenes we have are offered instead. A named scene we have was read already
    (the calls carry it), and "the same theme" or "a new scene" name none.
    """
    made = [c for c in calls if c.get("name") in _THEMED]
    if not made or any(c.get("args", {}).get("theme") not in (None, "auto") for c in made):
        return None
    for match in _THEME_NAMED.finditer(protect_quotes(english)):
        word = match.group(1) or match.group(2)
        if word in _NOT_A_SCENE or colour_hex(word):
            continue  # "a navy scene" is a colour
        if word in _MOODS or (len(word) > 6 and _MOOD_ENDING.search(word)):
            continue  # "a fun theme", "a playful scene": a mood, not a scene's name
        scenes = ", ".join(sorted(load_themes())[:12])
        return (f"I have no “{word}” scene, so I haven't made anything yet. Which of mine "
                f"should it be? For example: {scenes}, …")
    return None


_ONLY = re.compile(
    r"\b(?:only|just|solo|solamente|unicamente|uniquement|seulement|nur|soltanto)\s+"
    r"(?:#|\d|(?:the|my|our|these|those|last|latest|first|new|newer|newest|best|ones?|edited|"
    r"las|los|la|el|die|der|den|das|les|le|gli|i|ultim\w*|últim\w*|derni\w*|letzte\w*|"
    r"neue\w*)\b)")
"""Only naming images ("only the last two", "just #2", "nur die neuen"): "just download",
"only as PNG" and "descarga solo" narrow nothing."""
_EVERY = re.compile(r"\b(?:all|every|everything|each|them|these|those)\b")
""""just zip them up": every image, as the plain "zip them up" is."""
_BARE_NUMBER = re.compile(r"(?<![\w#:.])\d{1,2}(?![\w:%.])")
""""pack 2, 5, 7" with the numbers not read as images: some of them, not every one."""


def narrowed_download(english: str, calls: list[dict[str, Any]]) -> str | None:
    """The question when "only …" or numbers not read would download every image.

    "download only the last versioni" with the images not understood is a narrowing: packing
    everything is the opposite of what was asked, so which ones is asked.
    """
    everything = [c for c in calls if c.get("name") == "download_images"
                  and not {"asset_ids", "latest"} & {k for k, v in c.get("args", {}).items() if v}]
    unquoted = protect_quotes(english)
    narrows = _ONLY.search(unquoted) or _BARE_NUMBER.search(unquoted)
    if not everything or narrows is None or _EVERY.search(unquoted):
        return None
    return ("Which images should I pack? I haven't done anything yet. For example: *#1 and #3*, "
            "*the latest versions*, or *all of them*.")


_SIZE_WORD = (r"(?:square|squared|portrait|stor(?:y|ies)|landscape|vertical|horizontal|widescreen|"
              r"banners?|carrees?|(?<![\d:])(?:\d\.\d{1,2}|\d{1,2}):(?:\d|16)(?![\d:])|\d{3,4}x\d{3,4})")
"""A size said in words or numbers; "12:30" is a time, no ratio (a ratio's second number is
one digit, or the 16 of 9:16)."""
_SIZE = re.compile(rf"\b{_SIZE_WORD}")
_ONLY_WORD = re.compile(r"\b(?:only|just|solo|nur|seulement|soltanto)\b")
_BUT = re.compile(r"\bbut\b")
_SAME_SIZE = {"squared": "square", "carree": "square", "carrees": "square", "banners": "banner"}


def _only_then_but(line: str) -> int | None:
    """Where the rest after "only <size> … but" or "<size> … only … but" starts, else None.

    The first "only" and the first size are the only starts to try (a later one has less
    after it): each search is one pass, so a long message is read in linear time.
    """
    ends: list[tuple[int, int]] = []  # (where the match starts, where "but" ends)
    for first, second in ((_ONLY_WORD, _SIZE), (_SIZE, _ONLY_WORD)):
        opening = first.search(line)
        following = second.search(line, opening.end()) if opening else None
        but = _BUT.search(line, following.end()) if following else None
        if opening is not None and but is not None:
            ends.append((opening.start(), but.end()))
    return min(ends)[1] if ends else None


@cache
def _size_key(word: str) -> str:
    """The size a size word names, as its placement's pixels ("square" is "1080x1080")."""
    placements = find_placements(_SAME_SIZE.get(word, word))
    if not placements:
        return _SAME_SIZE.get(word, word)
    width, height = resolve_placement(placements[0]).size
    return f"{width}x{height}"


def _sizes(text: str) -> dict[str, str]:
    """The sizes named, each as the placement it is ("square" and "1080x1080" are one)."""
    found: dict[str, str] = {}
    for word in _SIZE.findall(text):
        found.setdefault(_size_key(word), word)
    return found


def contradicting_sizes(english: str) -> str | None:
    """The question when sizes said to be the only ones are followed by "but all <another>".

    "3 new in 16:9 and 9:16 only, but keep them all square" asks for two things that can't
    both hold: which sizes is asked, rather than making all three.
    """
    unquoted = protect_quotes(english)
    done = 0
    for line in unquoted.split("\n"):
        cut = _only_then_but(line)
        if cut is not None:
            before, after = unquoted[: done + cut], line[cut:]
            break
        done += len(line) + 1
    else:
        return None
    named, later = _sizes(before), _sizes(after)
    if not later or later.keys() == named.keys() or not re.search(
            r"\b(?:all|every|each|keep|them)\b", after):
        return None  # "only square, but keep them all 1080x1080": the same size
    return ("Those sizes don't go together: only "
            f"{' and '.join(sorted(named.values()))}, or all "
            f"{' and '.join(sorted(later.values()))}? Nothing is made yet.")


_AGE_GATED = ("restricted.alcohol", "restricted.tobacco", "restricted.gambling")


def minors_for_age_gated(text: str, brief: str = "") -> str | None:
    """The refusal when ads for an age-gated product are aimed at minors.

    "IPA ads for the freshers fair, loads of 16 year olds there": alcohol, tobacco and
    gambling ads must not appeal to anyone under the legal age. The product may be named in the
    message or in the brief before it.
    """
    if not aimed_at_minors(fold(text)):
        return None
    findings = load_policy().check(f"{brief}\n{text}", learned=False)
    gated = next((f for f in findings if f.rule_id in _AGE_GATED), None)
    if gated is None:
        return None
    product = gated.excerpt or "this product"
    return (f"I can't make ads for {product} aimed at anyone under the legal age: ads for "
            "age-restricted products must not appeal to minors, and platforms reject them. "
            "I haven't made anything. Should the ads speak to adults of legal age instead?")


_SAYS = (r"\b(?:says?|saying|said|claims?|claiming|tells?|telling|diga|digan|dice|dicen|diciendo"
         r"|dit|disent|disant|dise|sagt|sagen|sage|behauptet|dica|dicano|afferma|diz|dizem"
         r"|dizendo|zegt|zeggen|beweert)\b")
_GOOD_FOR_HEALTH = (r"(?:good for (?:your |the |you(?:r)? )?health|bueno? para (?:la |tu )?salud"
                    r"|buena para (?:la |tu )?salud|bon(?:ne)? pour (?:la |ta |votre )?sante"
                    r"|gut fur (?:die |deine |ihre )?gesundheit|fa bene (?:alla )?salute"
                    r"|buon[oa] per (?:la )?salute|faz bem (?:a |para a )?saude"
                    r"|bom para (?:a )?saude|goed voor (?:je |uw |de )?gezondheid)")
_HANGOVER = (r"(?:hangovers?|resacas?|gueules? de bois|kater|postumi|sbornia|ressacas?|katers?)")
_CLAIMED = re.compile(
    rf"{_SAYS}[^.!?]{{0,60}}?((?:{_GOOD_FOR_HEALTH}|\b(?:cures?|cured|heals?|treats?|prevents?|"
    rf"relieves?|fixes|guerit|soigne|heilt|hilft gegen|cura|curam|previene|evita|geneest)\b"
    rf"\s+(?:\w+\s+){{0,3}}?{_HANGOVER}\b))")
"""A health claim asked for in words: "an ad that says it cures hangovers", "que diga que es
bueno para la salud"."""
_DENIED = re.compile(
    r"\b(?:not|never|no|\w+n't|nor|nothing|pas|ne|n'\w+|jamais|nicht|nie|kein\w*|non|mai"
    r"|nao|nunca|niet|nooit|geen|warn\w*|caution\w*|advier\w*|avert\w*|avvert\w*)"
    r"(?:\s+[\w']+){0,2}\s*$")
"""A word before a health effect that denies or warns of it: "is not good for your health",
"no es bueno para la salud", "doesn't cure hangovers"."""
_DENIED_INSIDE = re.compile(r"\b(?:no|not|kein\w*|nessun\w*|aucune?|ningun\w*|nenhum\w*|geen)\b")


def _claimed(folded: str, match: re.Match[str]) -> bool:
    """Whether the health effect ``match`` found is claimed, not denied or warned of.

    "says the bottle is not good for your health if left in the sun" and "says it doesn't
    cure hangovers" claim nothing; "says it cures hangovers" does.
    """
    before = folded[match.start():match.start(1)]
    if _DENIED.search(before) is not None:
        return False
    return _DENIED_INSIDE.search(match.group(1)) is None  # "heilt keinen Kater"


def claimed_in_words(text: str) -> str | None:
    """The explanation when a message asks an ad to claim a health effect in its own words.

    Quoted copy is checked where it is put on an ad (:func:`blocked_copy`); this is the claim
    described ("ads saying our beer is good for your health"), which no ad can make without
    proof.
    """
    folded = fold(text)
    if not any(_claimed(folded, m) for m in _CLAIMED.finditer(folded)):
        return None
    return ("I can't make an ad that claims a health effect (curing a hangover, being good for "
            "your health): ads that make one need proof, and platforms reject them without it "
            "(for alcohol, always). I haven't made anything. Should the ad say what the product "
            "is and how it tastes instead?")


_SOUND = re.compile(
    r"\b(?:add|put|have|with|include|get|give|play|use|set|lay|need|want)\s+(?:[\w-]+\s+){0,4}?"
    r"(?:music|musica|soundtrack|song|jingle|voice ?-?over|narration|sound effects?|sound|audio|"
    r"(?:theme )?tunes?)\b"
    r"(?!\s*(?:festival|shop|store|school|lessons?|band|studio|app|brand|teacher|company|"
    r"business|label|venue|event|lovers?|fans?|notes?|theme|themed|bar|club|system|quality|"
    r"proof|check|bath)\b)"
    # "Musik unter das Video", "une musique douce à la vidéo": sound named on the video
    r"|\b(?:music|musica|soundtrack|song|jingle|voiceover|narration)\s+(?:[\w-]+\s+)?"
    r"(?:on|under|unter|in|to|a|for|over|into)\s+(?:the|this|my|our|a)\s+"
    r"(?:video|clip|reel|spot|film|live image)s?\b")
"""A request for sound on a video or an ad ("could we have some music on the video")."""


def asks_for_sound(english: str) -> str | None:
    """The explanation when a message asks for music, a voiceover or sound.

    The videos and live images are silent and no tool adds sound: acting on the rest of the
    message ("something romantic like a string quartet" read as a Valentine's scene) would
    make something not asked for.
    """
    if _SOUND.search(english) is None:
        return None
    return ("The videos and live images I make are silent: no tool here adds music, a voiceover "
            "or sound, so I haven't changed anything. You can add a soundtrack when you post it "
            "(Instagram, TikTok and YouTube have music libraries). Should I change anything in "
            "the pictures instead?")


_PUBLISH = re.compile(
    r"\b(?:post|publish|upload|schedule|share|push)\s+(?:them|these|those|it|this|all|"
    r"the (?:ads|images|pics|videos?|posts?|carousel)|(?:all|both) of (?:them|these))"
    r"\s+(?:\w+\s+){0,2}?"
    r"(?:to|on|onto|in|at)\s+(?:my|our|the|his|her|their)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:insta|instagram|ig|facebook|fb|tiktok|linkedin|pinterest|youtube|page|feed|account|"
    r"channel|profile|grid|socials?)\b"
    r"|\b(?:post|publish|schedule)\s+(?:them|these|those|it)\s+(?:directly|automatically|for me|"
    r"live)\b"
    r"|\bschedule\s+(?:them|these|those|it|the (?:ads|posts))\s+(?:for|on|at)\b"
    # the verb last ("kannst du sie direkt auf Instagram posten?", "op onze instagram zetten")
    r"|\b(?:on|to|onto)\s+(?:(?:my|our|the|your)\s+)?(?:[\w-]+\s+)?(?:insta|instagram|ig|"
    r"facebook|fb|tiktok|linkedin|pinterest|page|account|channel|profile)\s+(?:posten|zetten|"
    r"plaatsen|stellen|hochladen|post|publish)\s*[?!.]*\s*$")
"""A request to publish the ads ("can you post them to my insta directly?"): no tool posts."""


def asks_to_publish(english: str) -> str | None:
    """The explanation when a message asks to post or schedule the ads on a social network.

    No tool here publishes anything: changing the images for it ("post them to my insta" read
    as a square version of each) would make what was not asked for.
    """
    if _PUBLISH.search(english) is None:
        return None
    return ("I can't post or schedule anything: no tool here publishes to Instagram, Facebook or "
            "other networks, so I haven't changed anything. Say *download all* to get the files, "
            "then upload them in the app or in Meta Business Suite. Should I resize any of them "
            "for a placement first?")


_SCARCE = re.compile(r"\bonly\s+(\d{1,4})\s+(?:[\w-]+\s+){0,2}?(?:left|remaining|in stock)\b"
                     r"|\b(?:last|final)\s+(\d{1,4})\s+(?:[\w-]+\s+){0,2}?(?:left|remaining)\b")
_HAVE_MANY = re.compile(r"\bwe(?:'ve| have| still have| got|'ve got| actually have)\s+"
                        r"(?:like\s+|about\s+|around\s+|over\s+|more than\s+|roughly\s+)?"
                        r"(\d{1,6})\b")
_ADMITTED = re.compile(r"\b(?:not (?:really )?true|isn'?t (?:really )?true|made up|plenty (?:left|"
                       r"in stock|of (?:them|stock))|(?:loads|lots|tons) (?:left|in stock))\b")


def admitted_untrue(text: str, english: str) -> str | None:
    """The explanation when quoted copy claims scarcity the message itself says is untrue.

    "headline 'Only 3 scooters left!!' (we have like 400 lol)": a false stock claim is
    misleading advertising, which ad rules and platforms forbid, however it is meant.

    Args:
        text: The message as typed (its quoted copy).
        english: The message as the rules read it.
    """
    claims = [(copy, m) for copy in quoted(text) if (m := _SCARCE.search(fold(copy)))]
    if not claims:
        return None
    copy, claim = claims[0]
    left = int(claim.group(1) or claim.group(2))
    have = [int(m.group(1)) for m in _HAVE_MANY.finditer(english)]
    if not any(n > left for n in have) and _ADMITTED.search(english) is None:
        return None
    return (f"I can't put “{copy}” on the ads: you say there are more than {left} in stock, so "
            "it would tell customers something untrue, and false scarcity is misleading "
            "advertising that ad rules and platforms forbid. I haven't changed anything. Should "
            "it say something true instead, such as a limited-time offer you really run?")


_BETTER_ONLY = re.compile(
    r"^\W*(?:(?:ok(?:ay)?|so|well|hmm+|please|pls|now|just|can you|could you|would you|"
    r"can we|could we|let's|lets|go on|come on)\W+)*"
    r"(?:make|do|give me|get me|try|create|produce)\s+(?:me\s+|us\s+)?(?:an?|one|some)\s+"
    r"(?:(?:much|lot|little|bit|way)\s+)?better\s+(?:version|one|variant|ad|image|take)s?"
    r"(?:\s+(?:of\s+)?(?:it|this|that|them|these|those))?"
    r"(?:\W+(?:please|pls|then|now|thanks|porfa|por favor))*\W*$")
"""Only "make a better version", with nothing said of what is wrong or what better is."""


def better_unsaid(english: str) -> str | None:
    """The question when a message asks for "a better version" and says nothing more.

    New ads or an edit would be a guess at what "better" means; one question settles it.
    """
    if _BETTER_ONLY.match(english) is None:
        return None
    return ("Better in what way? Tell me what to change, for example *warmer*, *a brighter "
            "background*, *the bottle bigger*, *a new headline in quotes*, or *2 new ones on "
            "marble*. Nothing is changed yet.")
