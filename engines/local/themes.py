"""The scene theme catalog: data in ``themes.yaml``, resolved from names or brief text.

A theme is composed of parts (backdrop, surface, lighting, palette, accents) that the scene
renderer draws; designers add themes by editing the YAML only.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from functools import cache
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from core.yamlfile import SAFE_LOADER

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
    # behind the product, drawn into the backdrop before it is thrown out of focus
    "hills",
    "peaks",
    "dunes",
    "trees",
    "sea",
    "clouds",
    "chalkboard",
    "sofa",
    "arch",
    # light on the out-of-focus backdrop
    "bokeh",
    "neon",
    "fireworks",
    # standing on the floor, lit with the scene
    "podium",
    "splash",
    # in front, after the light
    "confetti",
    "hearts",
    "petals",
    "sparkles",
    "snow",
    "mist",
    "leaf_shadows",
    "window_light",
    "sun_flare",
]
Season = Literal["spring", "summer", "autumn", "winter"]


class _Part(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Backdrop(_Part):
    """What stands behind the product.

    Attributes:
        style: ``cove`` seamless sweep, ``wall`` visible floor line, ``sky`` outdoors,
            ``night`` dark and glowing, ``gradient`` a bold diagonal two-colour sweep.
        colors: Top and bottom colour of the backdrop gradient.
        glow: Colour of the soft light pool behind the product, if any.
        texture: Wall texture drawn before the background is thrown out of focus.
        blur: How out of focus the background is, 0..1.
    """

    style: Literal["cove", "wall", "sky", "night", "gradient"] = "wall"
    colors: tuple[HexColor, HexColor]
    glow: HexColor | None = None
    texture: Literal[
        "plain", "plaster", "concrete", "brick", "tiles", "grid", "slats", "drape", "paper"
    ] = "plain"
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
        scale: Size of the texture's pattern (planks, tiles, veins), 1 = the designed size.
    """

    color: HexColor
    color2: HexColor | None = None
    texture: Literal[
        "plain",
        "wood",
        "marble",
        "sand",
        "concrete",
        "terrazzo",
        "tiles",
        "grass",
        "snow",
        "fabric",
    ] = "plain"
    scale: Annotated[float, Field(gt=0.1, le=5.0)] = 1.0
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
        mood: Words of the catalog's mood vocabulary that describe the scene (calm, festive…).
        season: Seasons the theme belongs to; briefs naming another season never get it.
        occasion: A dated event (Valentine's, Halloween…): once a brief names one occasion,
            the other occasions are never offered.
        named_by: The words that name an occasion ("black friday", "easter"). Only these
            bring its scene: its other keywords ("promo", "gift", "love") only score it once
            it is named, so a café's autumn promo gets no Black Friday scene.
        excludes: Words that rule the theme out when a brief contains them.
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
    mood: tuple[str, ...] = ()
    season: tuple[Season, ...] = ()
    occasion: bool = False
    named_by: tuple[str, ...] = ()
    excludes: tuple[str, ...] = ()
    backdrop: Backdrop
    surface: Surface
    lighting: Lighting = Lighting()
    palette: Palette = Palette()
    accents: tuple[Accent, ...] = ()

    @model_validator(mode="after")
    def _occasions_are_named(self) -> Theme:
        if self.occasion and not self.named_by:
            raise ValueError(f"occasion {self.id!r} needs named_by: the words that name it")
        return self


class _Catalog(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    auto_fallback: tuple[str, ...]
    moods: dict[str, tuple[str, ...]]
    seasons: dict[Season, tuple[str, ...]]
    translations: dict[str, str] = {}
    themes: tuple[Theme, ...]


@cache
def _catalog() -> _Catalog:
    data = yaml.load(CATALOG_PATH.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    catalog = _Catalog.model_validate(data)
    ids = [t.id for t in catalog.themes]
    if len(set(ids)) != len(ids):
        raise ValueError(f"duplicate theme ids in {CATALOG_PATH.name}")
    missing = [i for i in catalog.auto_fallback if i not in ids]
    if missing:
        raise ValueError(f"auto_fallback names unknown themes: {missing}")
    for theme in catalog.themes:
        unknown = set(theme.mood) - set(catalog.moods)
        if unknown:
            raise ValueError(f"theme {theme.id!r} uses moods outside the vocabulary: {unknown}")
    return catalog


def load_themes() -> dict[str, Theme]:
    """Return the catalog's themes by id, in catalog order (parsed once, then cached).

    Returns:
        A new dict each call (the themes themselves are immutable).
    """
    return {t.id: t for t in _catalog().themes}


def normalize(name: str) -> str:
    """Return a theme name folded for comparison: lower case, '-', '_' and spaces equivalent."""
    return re.sub(r"[\s_\-]+", " ", name.strip().lower().replace("'", "").replace("’", ""))


_ELISION = re.compile(r"\b(?:[cdjlmnst]|qu)['’](?=[^\W\d_])")  # French "d'été", "l'automne"


def _folded(text: str) -> str:
    """Lower case without accents, elisions or apostrophes ("Campaña d'été" → "campana ete")."""
    plain = unicodedata.normalize("NFKD", _ELISION.sub("", text.lower().replace("ß", "ss")))
    return "".join(c for c in plain if not unicodedata.combining(c)).replace("'", "").replace(
        "’", "")


def _words(text: str) -> str:
    """The text's words, lower case, single-spaced, without punctuation ("Mother's" → mothers)."""
    return " ".join(re.findall(r"[a-z0-9]+", _folded(text)))


# a German compound names its season or occasion first: "Sommerkampagne", "Weihnachtsaktion"
_COMPOUND = re.compile(r"^([a-z]{4,}?)s?(kampagne|aktion|kollektion|angebot|angebote|edition|"
                       r"sale|deko|geschenk|geschenke|look|special)$")


def _tokens(text: str) -> set[str]:
    words = re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)*", _folded(text))
    parts = {p for w in words if "-" in w for p in w.split("-")}
    stems = {w[:-1] for w in words if len(w) > 3 and w.endswith("s")}
    heads = {m.group(1) for w in words if (m := _COMPOUND.match(w))}
    return set(words) | parts | stems | heads


def _hits(words: tuple[str, ...], tokens: set[str], text: str) -> int:
    """How many of ``words`` the text mentions (phrases by substring, words by token)."""
    count = 0
    for word in words:
        if " " in word or "-" in word:
            count += f" {_words(word)} " in text
        else:
            count += word in tokens
    return count


AUDIENCE_WORDS = frozenset({"student", "students", "pupil", "pupils", "couple", "couples"})
"""Scene keywords that name who a product is for: they score a scene, never an occasion
("a winter campaign for students" is no back-to-school campaign)."""


class _Brief:
    """A text folded once for scoring: its tokens, moods, seasons and occasion."""

    def __init__(self, text: str) -> None:
        catalog = _catalog()
        self.text = f" {_words(text)} "
        self.tokens = _tokens(text)
        read = " ".join(english for word, english in catalog.translations.items()
                        if _hits((word,), *self._t))  # "Sommerkampagne" reads "summer"
        self.text += f"{read} "
        self.tokens |= _tokens(read)
        self.moods = {m for m, words in catalog.moods.items() if _hits((m, *words), *self._t)}
        self.seasons = {s for s, words in catalog.seasons.items() if _hits(words, *self._t)}
        occasions = [  # only the words naming it: "promo" or "gift" name no occasion
            (_hits(t.named_by, *self._t), -i, t.id)
            for i, t in enumerate(catalog.themes)
            if t.occasion
        ]
        best = max(occasions, default=(0, 0, ""))
        self.occasion = best[2] if best[0] > 0 else ""

    @property
    def _t(self) -> tuple[set[str], str]:
        return self.tokens, self.text

    def allows(self, theme: Theme) -> bool:
        """False when the theme contradicts the text (other season, other occasion, excluded)."""
        if _hits(theme.excludes, *self._t):
            return False
        if self.seasons and theme.season and not self.seasons & set(theme.season):
            return False
        return not (self.occasion and theme.occasion and theme.id != self.occasion)

    def score(self, theme: Theme, mood_weight: float) -> float:
        """Keyword hits, plus half a point per word of the name, plus shared moods."""
        name_tokens = set(normalize(theme.id).split()) | set(normalize(theme.label).split())
        name_tokens -= {"to", "day", "s", "and", "the"}
        return (
            _hits(theme.keywords, *self._t)
            + 2 * _hits(theme.named_by, *self._t)  # "Hanukkah candles": named, it leads
            + 0.5 * len(name_tokens & self.tokens)
            + mood_weight * len(self.moods & set(theme.mood))
        )


def _ranked(context: str, limit: int = _CANDIDATES) -> list[Theme]:
    """Themes the context calls for, best first, padded with the fallbacks; no contradictions.

    ``limit`` above the usual few (later variations of one product: "2 more") reaches into
    the catalog's neutral fallbacks after the best few matches, so new scenes come.
    """
    themes = load_themes()
    brief = _Brief(context)
    # an occasion's scene (Black Friday, Halloween) only when the brief names the occasion:
    # a "bold" streetwear drop shares Black Friday's mood, not its sale
    allowed = [t for t in themes.values()
               if brief.allows(t) and (not t.occasion or t.id == brief.occasion)]
    scored = [(brief.score(t, 0.5), i, t) for i, t in enumerate(allowed)]
    matches = [t for s, _, t in sorted(scored, key=lambda x: (-x[0], x[1])) if s > 0]
    fallbacks = [
        themes[i]
        for i in _catalog().auto_fallback
        if themes[i] not in matches and brief.allows(themes[i])
    ]
    strong = matches[:_CANDIDATES]  # weaker matches ("party" → New Year) never come in later
    ranked = (strong + [t for t in fallbacks if t not in strong])[:limit]
    return ranked or [themes[_catalog().auto_fallback[0]]]


def _exact(requested: str) -> Theme | None:
    key = normalize(requested)
    for theme in load_themes().values():
        if key in (normalize(theme.id), normalize(theme.label)):
            return theme
    return None


def _nearest(requested: str) -> Theme:
    """The theme closest to an unknown name: keywords and mood first, then spelling."""
    themes = load_themes()
    brief = _Brief(requested)
    scored = [
        (brief.score(t, 1.0), len(brief.moods & set(t.mood)), -i, t)
        for i, t in enumerate(themes.values())
        if brief.allows(t)
    ]  # ties go to the theme that shares more of the asked-for moods
    best = max(scored, key=lambda x: x[:3], default=None)
    if best is not None and best[0] > 0:
        return best[3]
    names = {normalize(t.id): t for t in themes.values()}
    names.update({normalize(t.label): t for t in themes.values()})
    close = difflib.get_close_matches(normalize(requested), list(names), n=1, cutoff=0.6)
    return names[close[0]] if close else themes[_catalog().auto_fallback[0]]


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
        candidates = _ranked(context, max(_CANDIDATES, variation + 1))
        return candidates[variation % len(candidates)]
    return _exact(requested) or _nearest(requested)
