"""Storyboards for video ads: written, revised and checked against placement rules.

The planner's deterministic writer turns a request (length, size, theme, texts) and the
product's features into shots that add up exactly to the requested length: a hero push-in
first, one callout per top feature, a lifestyle pan, a how-it-works panel for longer videos
and an end card last. Video placement rules (length, aspect, size) live in
``video_placements.yaml``.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import BaseModel, ConfigDict, Field

from core.errors import CapabilityError
from core.schemas import (
    MAX_VIDEO_SECONDS,
    Camera,
    ExtractFeaturesRequest,
    ProductFeatures,
    ReviseStoryboardRequest,
    Shot,
    ShotKind,
    Storyboard,
    Transition,
    WriteStoryboardRequest,
)
from engines.local.features import analyse
from engines.local.themes import AUTO_NAMES, Theme, normalize, resolve_theme
from engines.local.typography.phrases import name_cut, phrase_cut

CATALOG_PATH = Path(__file__).with_name("video_placements.yaml")
MIN_VIDEO_SECONDS = 6
MIN_SHOT, MAX_SHOT, MAX_SHOTS = 1.5, 12.0, 20
DEFAULT_CTA = "Shop now"

_WEIGHT: dict[str, float] = {
    "hero": 1.2,
    "feature": 1.1,
    "lifestyle": 1.3,
    "how_it_works": 1.5,
    "end_card": 1.1,
}
_CAMERA: dict[str, Camera] = {
    "hero": "push_in",
    "feature": "push_in",
    "lifestyle": "pan_right",
    "how_it_works": "static",
    "end_card": "static",
}
_TRANSITION: dict[str, Transition] = {
    "hero": "cut",
    "feature": "crossfade",
    "lifestyle": "slide",
    "how_it_works": "crossfade",
    "end_card": "crossfade",
}


# --------------------------------------------------------------------------- placements


class VideoPlacement(BaseModel):
    """Where a video ad runs and the rules a storyboard must follow there.

    Attributes:
        id: Stable identifier (``sponsored-brands-video``).
        label: Human-readable name.
        aliases: Other names, matched case-, space- and hyphen-insensitively.
        min_seconds: Shortest allowed video.
        max_seconds: Longest allowed video.
        aspects: Allowed aspect ratios (``"16:9"``); empty allows any.
        sizes: Allowed frame sizes (``"1280x720"``); empty allows any.
        max_loops: How often an animation may loop, if limited.
        min_video_kbps: The least video bitrate the placement accepts; the encoder then
            keeps a constant bitrate at least this high (x264 CBR with filler).
        min_audio_kbps: The least audio bitrate the placement accepts. The silent track
            never reaches it (silence takes a few kbps); the result says so.
        ai_label: Whether videos here must show a visible AI disclosure ("AI-generated")
            under the default ``ADSTUDIO_AI_LABEL=required``, as image placements' flag.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")]
    label: str
    aliases: tuple[str, ...] = ()
    min_seconds: Annotated[float, Field(ge=0)] = 0
    max_seconds: Annotated[float, Field(gt=0)] = MAX_VIDEO_SECONDS
    aspects: tuple[str, ...] = ()
    sizes: tuple[str, ...] = ()
    max_loops: Annotated[int, Field(ge=1)] | None = None
    min_video_kbps: Annotated[int, Field(ge=1, le=100_000)] | None = None
    min_audio_kbps: Annotated[int, Field(ge=1, le=1_000)] | None = None
    ai_label: bool = False


class _Catalog(BaseModel):
    model_config = ConfigDict(extra="forbid")

    placements: list[VideoPlacement]


def _key(name: str) -> str:
    return re.sub(r"[\s_-]+", "", name.strip().lower())


@cache
def load_video_placements(path: Path = CATALOG_PATH) -> dict[str, VideoPlacement]:
    """Load and validate the video placement catalog (cached).

    Args:
        path: The YAML file; the bundled ``video_placements.yaml`` by default.

    Returns:
        The placements by id, in file order.
    """
    data: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {p.id: p for p in _Catalog.model_validate(data).placements}


def resolve_video_placement(name: str) -> VideoPlacement:
    """Find a video placement by id or alias.

    Raises:
        CapabilityError: No video placement has that name; the hint lists the known ones.
    """
    for placement in load_video_placements().values():
        if _key(name) in {_key(n) for n in (placement.id, *placement.aliases)}:
            return placement
    known = ", ".join(load_video_placements())
    raise CapabilityError(
        f"There is no video placement called {name!r}.", hint=f"Use one of: {known}."
    )


def _aspect(width: int, height: int) -> str:
    """``16:9``, ``9:16`` or ``W:H`` reduced."""
    a, b = width, height
    while b:
        a, b = b, a % b
    return f"{width // a}:{height // a}"


def check_video_rules(storyboard: Storyboard, placement: str | None) -> list[str]:
    """Check a storyboard against the general video limits and a placement's rules.

    Args:
        storyboard: The storyboard to check.
        placement: A video placement id or alias (``sponsored-brands-video``), or None for
            the general limits only.

    Returns:
        Plain-language problems; empty when the storyboard fits.

    Raises:
        CapabilityError: ``placement`` is unknown (the hint lists the known ones).
    """
    seconds = storyboard.seconds
    problems = []
    if seconds > MAX_VIDEO_SECONDS:
        problems.append(
            f"The video is {seconds:g} s long; videos can be at most {MAX_VIDEO_SECONDS} s. "
            f"Shorten or remove shots to cut {seconds - MAX_VIDEO_SECONDS:g} s."
        )
    if placement is None:
        return problems
    rules = resolve_video_placement(placement)
    if seconds > rules.max_seconds:
        problems.append(
            f"{rules.label} videos are at most {rules.max_seconds:g} s; this one is "
            f"{seconds:g} s. Cut {seconds - rules.max_seconds:g} s."
        )
    if seconds < rules.min_seconds:
        problems.append(
            f"{rules.label} videos are at least {rules.min_seconds:g} s; this one is "
            f"{seconds:g} s. Add {rules.min_seconds - seconds:g} s."
        )
    width, height = storyboard.dimensions
    aspect = _aspect(width, height)
    if rules.aspects and aspect not in rules.aspects:
        problems.append(
            f"{rules.label} needs {' or '.join(rules.aspects)} video; this storyboard is "
            f"{aspect} ({storyboard.size})."
        )
    elif rules.sizes and storyboard.size not in rules.sizes:
        problems.append(
            f"{rules.label} needs a size of {' or '.join(rules.sizes)}; this storyboard is "
            f"{storyboard.size}."
        )
    return problems


# --------------------------------------------------------------------------- writing


def _allocate(weights: list[float], total: float) -> list[float]:
    """Split ``total`` seconds into half-second lengths proportional to ``weights``.

    Each length stays within 1.5..12 s and the lengths add up exactly to ``total`` whenever
    the number of shots allows it (largest-remainder rounding).
    """
    units = round(total * 2)
    lo, hi = round(MIN_SHOT * 2), round(MAX_SHOT * 2)
    raw = [w / sum(weights) * units for w in weights]
    out = [min(hi, max(lo, int(r))) for r in raw]
    for _ in range(units + lo * len(out)):
        diff = units - sum(out)
        if diff > 0 and any(u < hi for u in out):
            pick = max((i for i, u in enumerate(out) if u < hi), key=lambda i: raw[i] - out[i])
            out[pick] += 1
        elif diff < 0 and any(u > lo for u in out):
            pick = max((i for i, u in enumerate(out) if u > lo), key=lambda i: out[i] - raw[i])
            out[pick] -= 1
        else:
            break
    return [u / 2 for u in out]


def _plan_kinds(seconds: int, n_features: int) -> list[ShotKind]:
    """The shot kinds of a video of ``seconds``, hero first and end card last."""
    wanted = 1 if seconds < 10 else 2 if seconds < 20 else 3 if seconds < 40 else 4
    wanted += 1 if seconds >= 55 else 0
    features: list[ShotKind] = ["feature"] * min(wanted, n_features)
    kinds: list[ShotKind] = ["hero", *features[:2]]
    if seconds >= 10:
        kinds.append("lifestyle")
    kinds += features[2:]
    if seconds >= 20:
        kinds.append("how_it_works")
    if seconds >= 40:
        kinds.append("lifestyle")
    return [*kinds, "end_card"]


def _features_for(
    request: WriteStoryboardRequest, features: ProductFeatures | None
) -> ProductFeatures | None:
    """The given features, or features read from the brief text, or None."""
    if features is not None or not request.context.strip():
        return features
    title = request.context.strip().splitlines()[0][:200]
    return analyse(ExtractFeaturesRequest(title=title, description=request.context[:5000]))


def _theme(request: WriteStoryboardRequest, features: ProductFeatures | None) -> Theme:
    """The scene theme: the request's, else the features' suggestion, else from the brief."""
    if request.theme.strip().lower() not in ("", "auto"):
        return resolve_theme(request.theme, request.context)
    suggested = features.suggested_themes[0] if features and features.suggested_themes else None
    return resolve_theme(suggested or "auto", request.context)


def _short(text: str, limit: int) -> str:
    """``text`` tidied, capitalised and shortened at a word boundary to ``limit``.

    A shortened text is a phrase that names something (:func:`phrase_cut`): it ends before
    the phrase the cut broke ("Red cotton polo shirt with a white" is a "Red cotton polo
    shirt") and on a naming word, never on a lone describing word ("Straight", cut from
    "Straight, relaxed fit"); when no such cut fits, the whole text.
    """
    tidy = " ".join(text.split()).rstrip(".;,")
    cut = phrase_cut(tidy, limit) or tidy
    return cut[:1].upper() + cut[1:]


def _name(name: str, limit: int, language: str | None = None) -> str:
    """The product's name within ``limit``, its head noun kept (:func:`name_cut`).

    Where the head is depends on the brief's ``language`` (first in French, last in
    German); read from the name when not given.
    """
    cut = name_cut(" ".join(name.split()), limit, language)
    return cut[:1].upper() + cut[1:]


def _headline(text: str, limit: int = 60) -> str:
    """The headline as written (its punctuation kept), shortened only when too long."""
    tidy = " ".join(text.split())
    if len(tidy) <= limit:
        return tidy[:1].upper() + tidy[1:]
    return _short(tidy, limit)


def describe(kind: ShotKind, text: str, product: str, theme: str, camera: Camera) -> str:
    """What a shot shows, in positive words (it doubles as a video model's prompt).

    Args:
        kind: The shot kind.
        text: The on-screen text.
        product: The product's name.
        theme: The scene theme's label.
        camera: The camera move.

    Returns:
        One or two sentences, at most 512 characters.
    """
    move = {
        "push_in": "slow push-in",
        "pull_out": "slow pull-out",
        "pan_left": "slow pan to the left",
        "pan_right": "slow pan to the right",
        "static": "steady locked-off camera",
    }[camera]
    scene = theme.lower()
    lines = {
        "hero": f"The {product} stands centre stage in a {scene} setting, soft shadow at its "
        f"base, {move}, crisp studio light.",
        "feature": f"The whole {product} framed large beside the callout '{text}', {move}, "
        f"soft {scene} background.",
        "lifestyle": f"Wide {scene} scene with the {product} in everyday use, natural light, "
        f"{move}.",
        "how_it_works": f"Clean panel beside the {product} listing '{text}' as short numbered "
        f"steps, {move}.",
        "end_card": f"Centred end card: brand logo, the headline '{text}' and a call-to-action "
        f"button in brand colours over a calm {scene} backdrop, {move}.",
    }
    return lines[kind][:512]


_NAME_JOINS = frozenset({"with", "and", "in", "a", "an", "the", "featuring", "plus", "of"})
"""Words that join a feature to the name it follows ("Red polo shirt with a white
sleeve"): they go with the name."""


def _named(text: str) -> set[str]:
    """The words of ``text`` that say something (not "with", "a"), lower case."""
    return {w.lower() for w in re.findall(r"[\w'-]+", text)} - _NAME_JOINS


def _callout(feature: str, name: str) -> str:
    """A feature as a card line that does not repeat the product's name, or "".

    The name on the hero card is not said again: the name's words (and the words that
    join them, "with a") go from either end of the feature ("Red cotton polo shirt with a
    white sleeve" is "White sleeve", "Handmade leather notebook" of a "Leather notebook"
    is "Handmade"); a feature that still holds one ("Keeps the bottle cold") or holds
    nothing else ("750 ml" of an "Insulated steel bottle 750 ml") gets no card.
    """
    named = _named(name)
    words = [w.strip(",;:") for w in feature.split()]
    while words and (_named(words[0]) <= named or words[0].lower() in _NAME_JOINS):
        words.pop(0)
    while words and (_named(words[-1]) <= named or words[-1].lower() in _NAME_JOINS):
        words.pop()
    cut = _short(" ".join(words), 38) if words else ""
    return "" if not cut or _named(cut) & named else cut


def _callouts(features: ProductFeatures | None, name: str) -> list[str]:
    """The features' card lines, none repeating the product's name (:func:`_callout`)."""
    lines = [_callout(f, name) for f in (features.features if features else [])]
    return list(dict.fromkeys(line for line in lines if line))


def _texts(
    kinds: list[ShotKind], features: ProductFeatures | None, name: str, headline: str
) -> list[str]:
    """On-screen text of each shot."""
    callouts = _callouts(features, name)
    extra = [_short(b, 24) for b in (features.benefits if features else [])]
    spare = callouts[sum(k == "feature" for k in kinds) :] + extra
    steps = "; ".join(_short(s, 24) for s in (spare or callouts)[:3])[:80]
    lifestyle = iter([_short(b, 38) for b in extra] + ["", ""])
    feature = iter(callouts)
    out = []
    for kind in kinds:
        text = {
            "hero": lambda: _name(name, 40, features.language if features else None),
            "feature": lambda: next(feature, ""),
            "lifestyle": lambda: next(lifestyle),
            "how_it_works": lambda: steps,
            "end_card": lambda: headline,
        }[kind]()
        out.append(text)
    return out


def write_storyboard(
    request: WriteStoryboardRequest,
    features: ProductFeatures | None,
    product_image_id: str,
    brand_colors: list[str],
    logo_id: str | None,
) -> tuple[Storyboard, list[str]]:
    """Write a storyboard whose shots add up exactly to the requested length.

    Args:
        request: Length (6..60 s), size, theme, headline, CTA and brief text.
        features: The product's features; None reads them from ``request.context``.
        product_image_id: Asset id of the product photo or cutout.
        brand_colors: ``#RRGGBB`` brand colours (the button and accents).
        logo_id: Asset id of the brand logo for the end card, if any.

    Returns:
        The storyboard and notes on what was decided or left out, in plain words.
    """
    features = _features_for(request, features)
    theme = _theme(request, features)
    name = features.product_name if features else "Your product"
    ideas = features.headline_ideas if features else []
    headline = _headline(request.headline or (ideas[0] if ideas else f"Meet the {_name(name, 40)}"))
    found = len(_callouts(features, name))
    kinds = _plan_kinds(request.seconds, found)
    lengths = _allocate([_WEIGHT[k] for k in kinds], request.seconds)
    texts = _texts(kinds, features, name, headline)
    shots, pan = [], 0
    for i, (kind, seconds, text) in enumerate(zip(kinds, lengths, texts, strict=True)):
        camera = _CAMERA[kind]
        if kind == "lifestyle":
            camera, pan = ("pan_right", "pan_left")[pan % 2], pan + 1
        transition = "cut" if i == 0 else _TRANSITION[kind]
        shots.append(
            Shot(
                kind=kind, seconds=seconds, text=text, camera=camera, transition=transition,
                description=describe(kind, text, name.lower(), theme.label, camera),
            )
        )
    board = Storyboard(
        title=name[:120], product_image=product_image_id, size=request.size, theme=theme.id,
        headline=headline, cta=_short(request.cta or DEFAULT_CTA, 24),
        brand_colors=brand_colors[:5], logo=logo_id, shots=shots,
    )
    return board, _write_notes(board, request, theme, found)


def _write_notes(
    board: Storyboard, request: WriteStoryboardRequest, theme: Theme, found: int
) -> list[str]:
    """What the writer decided, for the advertiser."""
    counts: dict[str, int] = {}
    for shot in board.shots:
        counts[shot.kind] = counts.get(shot.kind, 0) + 1
    parts = ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in counts.items())
    notes = [f"{len(board.shots)} shots, {board.seconds:g} s at {board.size}: {parts}."]
    if request.theme.strip().lower() in ("", "auto"):
        notes.append(f"Theme picked from the brief: {theme.label} ({theme.id}).")
    if found == 0:
        notes.append("No concrete product features were found, so there are no callouts.")
    elif counts.get("feature", 0) < found:
        notes.append(f"{counts.get('feature', 0)} of {found} features got a callout shot.")
    if board.logo is None:
        notes.append("No logo: the end card shows the headline and the button.")
    if not board.brand_colors:
        notes.append("No brand colours: the theme's accent colours the button.")
    return notes


# --------------------------------------------------------------------------- revising


def _pick(storyboard: Storyboard, number: int) -> int:
    """The 0-based index of shot ``number``, or a clear error."""
    count = len(storyboard.shots)
    if not 1 <= number <= count:
        raise CapabilityError(
            f"The storyboard has {count} shots; there is no shot {number}.",
            hint=f"Number shots from 1 to {count}.",
        )
    return number - 1


def _changes(request: ReviseStoryboardRequest) -> dict[str, Any]:
    fields = ("kind", "seconds", "text", "theme", "camera", "transition", "description")
    return {f: getattr(request, f) for f in fields if getattr(request, f) is not None}


def _new_shot(storyboard: Storyboard, request: ReviseStoryboardRequest) -> Shot:
    """The shot to insert, defaults filled from its kind."""
    kind: ShotKind = request.kind or "feature"
    camera = request.camera or _CAMERA[kind]
    text = request.text or ""
    description = request.description or describe(
        kind, text, (storyboard.title or "product").lower(), storyboard.theme, camera
    )
    return Shot(
        kind=kind, seconds=request.seconds or 3.0, text=text, theme=request.theme,
        camera=camera, transition=request.transition or _TRANSITION[kind],
        description=description,
    )


def _retheme(storyboard: Storyboard, old: Shot, changes: dict[str, Any]) -> str:
    """Resolve a shot's new theme to a theme id (in ``changes``) and say which scene it is.

    The shot's description follows the new scene unless the request rewrote it too.
    """
    requested = str(changes["theme"])
    if normalize(requested) in AUTO_NAMES:
        changes["theme"] = None
        return "The shot now uses the video's scene."
    theme = resolve_theme(requested, storyboard.title)
    changes["theme"] = theme.id
    if "description" not in changes:
        changes["description"] = describe(
            changes.get("kind", old.kind), changes.get("text", old.text),
            (storyboard.title or "product").lower(), theme.label,
            changes.get("camera", old.camera),
        )
    return f"Scene of the shot: {theme.label} ({theme.id})."


def _fit_total(shots: list[Shot], keep: int | None) -> tuple[list[Shot], str | None]:
    """Shorten or lengthen shots (except ``keep``) so the total stays within 6..60 s."""
    total = sum(s.seconds for s in shots)
    if MIN_VIDEO_SECONDS <= total <= MAX_VIDEO_SECONDS:
        return shots, None
    target = MAX_VIDEO_SECONDS if total > MAX_VIDEO_SECONDS else MIN_VIDEO_SECONDS
    others = [i for i in range(len(shots)) if i != keep] or list(range(len(shots)))
    fixed = sum(shots[i].seconds for i in range(len(shots)) if i not in others)
    lengths = _allocate([shots[i].seconds for i in others], target - fixed)
    out = list(shots)
    for i, seconds in zip(others, lengths, strict=True):
        out[i] = shots[i].model_copy(update={"seconds": seconds})
    verb = "shortened" if target == MAX_VIDEO_SECONDS else "lengthened"
    return out, f"Other shots were {verb} to keep the video within {MIN_VIDEO_SECONDS}–" \
        f"{MAX_VIDEO_SECONDS} s."


def revise_storyboard(
    storyboard: Storyboard, request: ReviseStoryboardRequest
) -> tuple[Storyboard, list[str]]:
    """Change, remove or insert one shot; a new storyboard results.

    Args:
        storyboard: The current storyboard (left unchanged).
        request: Which shot (1 = first), the action and the fields to change or set.

    Returns:
        The revised storyboard and notes saying what changed and the new total length.

    Raises:
        CapabilityError: The shot number does not exist, the only shot would be removed or
            the storyboard already has 20 shots.
    """
    index = _pick(storyboard, request.shot)
    shots = list(storyboard.shots)
    old = shots[index]
    notes: list[str] = []
    keep: int | None = index
    if request.action == "remove":
        if len(shots) == 1:
            raise CapabilityError("A storyboard needs at least one shot.", hint="Change it.")
        shots.pop(index)
        keep = None
        notes.append(f"Removed shot {request.shot} ({old.kind}, {old.seconds:g} s).")
    elif request.action == "insert_after":
        if len(shots) >= MAX_SHOTS:
            raise CapabilityError(
                f"The storyboard already has {MAX_SHOTS} shots.", hint="Remove one first."
            )
        new = _new_shot(storyboard, request)
        shots.insert(index + 1, new)
        keep = index + 1
        notes.append(f"Inserted a {new.kind} shot ({new.seconds:g} s) after shot {request.shot}.")
    else:
        changes = _changes(request)
        if "kind" in changes and "camera" not in changes:
            changes["camera"] = _CAMERA[changes["kind"]]
        if "theme" in changes:
            notes.append(_retheme(storyboard, old, changes))
        shots[index] = Shot.model_validate({**old.model_dump(), **changes})
        listed = ", ".join(changes) or "nothing"
        notes.append(f"Changed shot {request.shot} ({shots[index].kind}): {listed}.")
    shots, fitted = _fit_total(shots, keep)
    notes += [fitted] if fitted else []
    if shots[0].transition != "cut":
        shots[0] = shots[0].model_copy(update={"transition": "cut"})
    if any(s.kind == "end_card" for s in shots) and shots[-1].kind != "end_card":
        notes.append("The end card is no longer the last shot; videos usually close on it.")
    revised = storyboard.model_copy(update={"shots": shots})
    notes.append(f"Total length now {revised.seconds:g} s ({len(shots)} shots).")
    return revised, notes
