"""The theme catalog and the scene renderer."""

from __future__ import annotations

import colorsys

import numpy as np
import pytest

from engines.local.scene.render import recolor_painted, render_scene
from engines.local.themes import load_themes, resolve_theme

GROUPS = {"Studio", "Events & Seasons", "Interior design styles", "Locations", "Visual accents"}
WINTER = {"winter-holidays", "snowy-mountain", "new-year"}

# --------------------------------------------------------------------------- themes


def test_catalog_has_the_required_themes() -> None:
    themes = load_themes()
    assert len(themes) >= 42
    required = {
        # the original catalog: ids are stable
        "studio", "pastel", "kitchen-counter", "marble", "wooden-table", "scandinavian",
        "industrial-loft", "beach", "hiking-trail", "city-night-bokeh", "spa", "desk", "summer",
        "autumn", "winter-holidays", "confetti", "neon-glow", "botanical-shadows",
        # events and seasons
        "valentines-day", "back-to-school", "spring", "halloween", "new-year", "mothers-day",
        "black-friday", "easter",
        # accents, interiors and places
        "water-splash", "sparkles", "smoke-mist", "gradient-pop", "geometric-podium",
        "silk-drape", "terrazzo", "bathroom-tiles", "cafe-table", "garden-patio", "poolside",
        "snowy-mountain", "desert-dunes", "forest", "living-room", "boho",
        "minimalist-concrete", "pastel-clouds", "golden-hour",
    }  # fmt: skip
    assert required <= set(themes)
    assert {t.group for t in themes.values()} == GROUPS
    for group in GROUPS - {"Studio"}:
        assert sum(t.group == group for t in themes.values()) >= 8, group
    assert all(t.mood for t in themes.values())


@pytest.mark.parametrize(
    ("context", "expected"),
    [
        ("Insulated bottle for hiking and camping trips", {"hiking-trail"}),
        ("Fresh coffee every morning", {"kitchen-counter"}),
        ("Our summer collection", {"summer"}),
        ("Luxury face serum for your spa night", {"spa"}),
        ("A Valentine's gift she will love", {"valentines-day"}),
        ("Ready for back to school: the backpack", {"back-to-school"}),
        ("Summer hiking bottle", {"hiking-trail", "summer"}),
        ("Luxury skincare", {"marble", "spa"}),
        ("Gaming headset with RGB", {"neon-glow"}),
        ("Halloween candy bucket", {"halloween"}),
        ("Christmas gift set", {"winter-holidays"}),
        ("Happy new year! Champagne flutes", {"new-year"}),
        ("Easter egg hunt basket", {"easter"}),
    ],
)
def test_auto_picks_from_the_brief(context: str, expected: set[str]) -> None:
    assert resolve_theme("auto", context).id in expected
    assert resolve_theme(None, context).id in expected


def test_auto_variations_differ() -> None:
    ids = [resolve_theme("auto", "hiking bottle", v).id for v in range(4)]
    assert ids[0] == "hiking-trail" and len(set(ids)) == 4
    assert len({resolve_theme("", "", v).id for v in range(4)}) == 4
    valentine = [resolve_theme("auto", "valentine chocolates", v).id for v in range(4)]
    assert len(set(valentine)) >= 3


@pytest.mark.parametrize(
    "brief",
    ["Our summer collection", "summer hiking bottle", "sunscreen for the beach", "pool party"],
)
def test_summer_briefs_never_rotate_to_winter(brief: str) -> None:
    ids = {resolve_theme("auto", brief, v).id for v in range(8)}
    assert not ids & WINTER, ids


def test_one_occasion_never_rotates_to_another() -> None:
    occasions = {t.id for t in load_themes().values() if t.occasion}
    ids = {resolve_theme("auto", "christmas gift for mom", v).id for v in range(8)}
    assert len(ids & occasions) == 1


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Hiking Trail", "hiking-trail"),
        ("kitchen_counter", "kitchen-counter"),
        ("CITY-NIGHT bokeh", "city-night-bokeh"),
        ("Marble luxe", "marble"),
        ("xmas", "winter-holidays"),
        ("mountain lake", "hiking-trail"),
        ("beech", "beach"),
        ("zzqx", "studio"),
        ("Valentine's Day", "valentines-day"),
        ("sand dunes", "desert-dunes"),
    ],
)
def test_names_resolve_exactly_or_to_the_nearest(name: str, expected: str) -> None:
    assert resolve_theme(name, "anything", variation=3).id == expected


@pytest.mark.parametrize(
    ("request_", "moods"),
    [
        ("a calm luxurious look", {"calm", "luxurious"}),
        ("something playful and festive", {"playful", "festive"}),
        ("moody and dramatic", {"dramatic"}),
        ("cosy warm feeling", {"cozy", "warm"}),
    ],
)
def test_nearest_follows_the_mood(request_: str, moods: set[str]) -> None:
    assert moods <= set(resolve_theme(request_, "").mood)


# --------------------------------------------------------------------------- scenes


def _px(theme: str, size: tuple[int, int], seed: int = 7, **kw: object) -> np.ndarray:
    return np.asarray(render_scene(load_themes()[theme], size, seed, **kw).image)  # type: ignore[arg-type]


@pytest.mark.parametrize("size", [(160, 160), (728, 90)])
def test_every_theme_renders_deterministically(size: tuple[int, int]) -> None:
    for theme in load_themes().values():
        scene = render_scene(theme, size, seed=7)
        pixels = np.asarray(scene.image)
        assert scene.image.mode == "RGB" and scene.image.size == size
        assert pixels.std() > 2.0, theme.id  # not a flat fill
        assert 0 < scene.horizon_y < size[1]
        assert np.array_equal(pixels, np.asarray(render_scene(theme, size, seed=7).image))


@pytest.mark.parametrize("theme", ["confetti", "snowy-mountain", "geometric-podium", "new-year"])
def test_full_size_and_banners_render(theme: str) -> None:
    first = _px(theme, (1080, 1080), 3, brand_colors=["#0055FF"])
    assert np.array_equal(first, _px(theme, (1080, 1080), 3, brand_colors=["#0055FF"]))
    assert not np.array_equal(first, _px(theme, (1080, 1080), 4, brand_colors=["#0055FF"]))
    for size in [(320, 50), (970, 250), (160, 600), (300, 600), (1200, 628), (1080, 1920)]:
        assert _px(theme, size).shape == (size[1], size[0], 3)


def test_scene_warmth_grades_warmer_and_cooler() -> None:
    warm = _px("studio", (200, 200), 1, warmth=0.8).astype(float)
    cool = _px("studio", (200, 200), 1, warmth=-0.8).astype(float)
    balance = lambda a: (a[..., 0] - a[..., 2]).mean()  # noqa: E731
    assert balance(warm) > balance(cool) + 10


def _hue(pixels: np.ndarray) -> float:
    r, g, b = (pixels.reshape(-1, 3).mean(axis=0) / 255.0).tolist()
    return colorsys.rgb_to_hsv(r, g, b)[0]


@pytest.mark.parametrize("theme", ["studio", "marble", "industrial-loft", "beach"])
def test_backdrop_color_recolours_the_backdrop_and_floor(theme: str) -> None:
    plain = _px(theme, (240, 240)).astype(float)
    navy = _px(theme, (240, 240), backdrop_color="#1F3A93").astype(float)
    blue = lambda a: (a[..., 2] - a[..., 0]).mean()  # noqa: E731
    assert blue(navy[:100]) > blue(plain[:100]) + 15  # the backdrop turns blue
    assert blue(navy[-40:]) > blue(plain[-40:]) + 8  # and so does the floor
    assert abs(_hue(navy[:100]) - 0.63) < 0.08
    assert navy[:100].std() > 2.0  # texture, light and depth survive


def _luma(pixels: np.ndarray) -> float:
    return float((pixels.reshape(-1, 3) @ np.array([0.2126, 0.7152, 0.0722])).mean())


@pytest.mark.parametrize("theme", ["summer", "studio", "marble"])
@pytest.mark.parametrize("color", ["#1F2A44", "#F4F4F4", "#6D5A22"])
def test_a_backdrop_colour_reaches_its_own_lightness(theme: str, color: str) -> None:
    # "make the background navy" on a light scene is navy, not a pale blue; the scene's
    # own light (a sun's glow) may still lift it a little
    wall = _px(theme, (240, 240), backdrop_color=color)[:80].astype(float)
    target = np.array([int(color[i : i + 2], 16) for i in (1, 3, 5)], float)
    assert abs(_luma(wall) - _luma(target)) < 0.3 * _luma(target) + 20


def test_brand_colours_tint_the_backdrop_and_accents() -> None:
    plain = _px("confetti", (240, 240)).astype(float)
    brand = _px("confetti", (240, 240), brand_colors=["#00A86B"]).astype(float)
    green = lambda a: (a[..., 1] - a[..., 0]).mean()  # noqa: E731
    assert green(brand) > green(plain) + 5


def test_a_painted_scene_recoloured_navy_reads_as_navy_with_its_light_kept() -> None:
    # an image model's painted scene: a light wall with a brighter spot and some texture
    painted = np.full((120, 160, 3), 220.0, np.float32)
    painted[20:60, 60:100] = 245.0
    painted[::7] -= 12.0
    navy = recolor_painted(painted, "#1F2A44")
    target = _luma(np.array([31.0, 42.0, 68.0]))
    assert abs(_luma(navy) - target) < 0.3 * target + 10
    assert navy[40, 80].sum() > navy[100, 20].sum()  # the bright spot is still brighter
    assert navy[..., 2].mean() > navy[..., 0].mean() + 10  # and it is blue
