"""The scene theme catalog: data in ``themes.yaml``, resolved from names or brief text.

A theme is composed of parts (backdrop, surface, lighting, palette, accents) that the scene
renderer draws; designers add themes by editing the YAML only.
"""

from __future__ import annotations

import difflib
import re
from functools import cache
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

CATALOG_PATH = Path(__file__).with_name("themes.yaml")
AUTO_NAMES = frozenset({"", "auto", "automatic", "any", "default"})
_CANDIDATES = 4

HexColor = Annotated[str, Field(pattern=r"^#[0-9A-Fa-f]{6}$")]
Unit = Annotated[float, Field(ge=0.0, le=1.0)]
Signed = Annotated[float, Field(ge=-1.0, le=1.0)]
Group = Literal[
    "Studio", "Events & Seasons", "Interior design styles", "Locations", "Visual accents"
]
AccentKind = Literal[
    "bokeh", "confetti", "leaf_shadows", "window_light", "sun_flare", "snow", "neon", "hills", "sea"
]


class _Part(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Backdrop(_Part):
    """What stands behind the product.

    Attributes:
        style: ``cove`` seamless sweep, ``wall`` visible floor line, ``sky`` outdoors, ``night``.
        colors: Top and bottom colour of the backdrop gradient.
        glow: Colour of the soft light pool behind the product, if any.
        texture: Wall texture drawn before the background is thrown out of focus.
        blur: How out of focus the background is, 0..1.
    """

    style: Literal["cove", "wall", "sky", "night"] = "wall"
    colors: tuple[HexColor, HexColor]
    glow: HexColor | None = None
    texture: Literal["plain", "plaster", "brick", "tiles", "slats"] = "plain"
    blur: Unit = 0.5


class Surface(_Part):
    """The floor or table the product stands on.

    Attributes:
        color: Main colour.
        color2: Secondary colour (wood grain, marble veins, speckles); derived when absent.
        texture: Procedural texture kind.
        gloss: Specular sheen, 0..1.
        reflectivity: Strength of the mirror reflection of the product, 0..1.
        horizon: Default height of the floor line as a fraction of the canvas height.
    """

    color: HexColor
    color2: HexColor | None = None
    texture: Literal["plain", "wood", "marble", "sand", "concrete", "terrazzo"] = "plain"
    gloss: Unit = 0.1
    reflectivity: Unit = 0.0
    horizon: Annotated[float, Field(ge=0.2, le=0.95)] = 0.6


class Lighting(_Part):
    """The key light.

    Attributes:
        direction: Where the light comes from, degrees clockwise from straight above.
        warmth: Colour temperature, -1 (cool) .. 1 (warm).
        intensity: Strength of the light falloff and shadows, 0..1.
        softness: 1 for very soft, diffuse shadows; 0 for hard sun.
    """

    direction: Annotated[float, Field(ge=0.0, lt=360.0)] = 315.0
    warmth: Signed = 0.0
    intensity: Unit = 0.6
    softness: Unit = 0.7


class Palette(_Part):
    """Mood and text colours.

    Attributes:
        mood: One word for the feeling of the scene.
        text: Preferred text colour (used when it has enough contrast).
        accent: Colour of the call-to-action button.
    """

    mood: str = "neutral"
    text: HexColor = "#1C1C1E"
    accent: HexColor = "#1C1C1E"


class Accent(_Part):
    """A decorative layer drawn by one of the scene's accent renderers.

    Attributes:
        kind: Which renderer draws it.
        colors: Its colours (brand colours may replace them).
        amount: How much of it, 0..1.
    """

    kind: AccentKind
    colors: tuple[HexColor, ...] = ("#FFFFFF",)
    amount: Unit = 0.5


class Theme(_Part):
    """One scene theme from the catalog.

    Attributes:
        id: Stable identifier (lower-case, hyphenated).
        label: Name shown to people.
        group: Catalog section.
        keywords: Words of a brief or product that call for this theme.
        backdrop: What stands behind the product.
        surface: What the product stands on.
        lighting: The key light.
        palette: Mood and text colours.
        accents: Decorative layers.
    """

    id: Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
    label: str
    group: Group
    keywords: tuple[str, ...] = ()
    backdrop: Backdrop
    surface: Surface
    lighting: Lighting = Lighting()
    palette: Palette = Palette()
    accents: tuple[Accent, ...] = ()


class _Catalog(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    auto_fallback: tuple[str, ...]
    themes: tuple[Theme, ...]


@cache
def _catalog() -> _Catalog:
    data = yaml.safe_load(CATALOG_PATH.read_text(encoding="utf-8"))
    catalog = _Catalog.model_validate(data)
    ids = [t.id for t in catalog.themes]
    if len(set(ids)) != len(ids):
        raise ValueError(f"duplicate theme ids in {CATALOG_PATH.name}")
    missing = [i for i in catalog.auto_fallback if i not in ids]
    if missing:
        raise ValueError(f"auto_fallback names unknown themes: {missing}")
    return catalog


def load_themes() -> dict[str, Theme]:
    """Return the catalog's themes by id, in catalog order (parsed once, then cached).

    Returns:
        A new dict each call (the themes themselves are immutable).
    """
    return {t.id: t for t in _catalog().themes}


def normalize(name: str) -> str:
    """Return a theme name folded for comparison: lower case, '-', '_' and spaces equivalent."""
    return re.sub(r"[\s_\-]+", " ", name.strip().lower())


def _tokens(text: str) -> set[str]:
    words = re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)*", text.lower())
    stems = {w[:-1] for w in words if len(w) > 3 and w.endswith("s")}
    return set(words) | stems


def _score(theme: Theme, tokens: set[str], text: str) -> float:
    score = 0.0
    for keyword in theme.keywords:
        if " " in keyword or "-" in keyword:
            score += 1.0 if normalize(keyword) in text else 0.0
        elif keyword in tokens:
            score += 1.0
    name_tokens = set(normalize(theme.id).split()) | set(normalize(theme.label).split())
    return score + 0.5 * len(name_tokens & tokens)


def _ranked(context: str) -> list[Theme]:
    """Themes whose keywords the context mentions, best first, padded with the fallbacks."""
    themes = load_themes()
    folded = f" {normalize(context)} "
    tokens = _tokens(context)
    scored = [(_score(t, tokens, folded), i, t) for i, t in enumerate(themes.values())]
    matches = [t for s, _, t in sorted(scored, key=lambda x: (-x[0], x[1])) if s > 0]
    fallbacks = [themes[i] for i in _catalog().auto_fallback if themes[i] not in matches]
    return (matches + fallbacks)[:_CANDIDATES]


def _exact(requested: str) -> Theme | None:
    key = normalize(requested)
    for theme in load_themes().values():
        if key in (normalize(theme.id), normalize(theme.label)):
            return theme
    return None


def _nearest(requested: str) -> Theme:
    """The theme closest to an unknown name: keyword overlap first, then spelling."""
    ranked = _ranked(requested)
    themes = load_themes()
    fallback_first = themes[_catalog().auto_fallback[0]]
    if ranked and _score(ranked[0], _tokens(requested), f" {normalize(requested)} ") > 0:
        return ranked[0]
    names = {normalize(t.id): t for t in themes.values()}
    names.update({normalize(t.label): t for t in themes.values()})
    close = difflib.get_close_matches(normalize(requested), list(names), n=1, cutoff=0.6)
    return names[close[0]] if close else fallback_first


def resolve_theme(requested: str | None, context: str = "", variation: int = 0) -> Theme:
    """Return the theme to render for a request; never fails.

    Args:
        requested: A theme id or label (case, spaces, hyphens and underscores don't matter),
            ``"auto"``/``None``/``""`` to choose from ``context``, or any other words, which
            map to the nearest theme.
        context: Product and brief text used by ``"auto"`` ("hiking" picks the trail scene).
        variation: For ``"auto"``, rotates among the best few matches so that variations
            of one ad get different scenes; ignored for explicit themes.

    Returns:
        The resolved theme.
    """
    if requested is None or normalize(requested) in AUTO_NAMES:
        candidates = _ranked(context)
        return candidates[variation % len(candidates)]
    return _exact(requested) or _nearest(requested)
