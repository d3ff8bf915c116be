"""The theme catalog and the scene renderer."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tools.engines.local.scene import render_scene
from tools.engines.local.themes import load_themes, resolve_theme

PHOTOS = Path(__file__).resolve().parents[1] / "data" / "photos"

# --------------------------------------------------------------------------- themes


def test_catalog_has_the_required_themes() -> None:
    themes = load_themes()
    assert len(themes) >= 16
    required = {
        "studio",
        "pastel",
        "kitchen-counter",
        "marble",
        "wooden-table",
        "scandinavian",
        "industrial-loft",
        "beach",
        "hiking-trail",
        "city-night-bokeh",
        "spa",
        "desk",
        "summer",
        "autumn",
        "winter-holidays",
        "confetti",
        "neon-glow",
        "botanical-shadows",
    }
    assert required <= set(themes)
    assert {t.group for t in themes.values()} == {
        "Studio",
        "Events & Seasons",
        "Interior design styles",
        "Locations",
        "Visual accents",
    }


@pytest.mark.parametrize(
    ("context", "expected"),
    [
        ("Insulated bottle for hiking and camping trips", "hiking-trail"),
        ("Fresh coffee every morning", "kitchen-counter"),
        ("Our summer collection", "summer"),
        ("Luxury face serum for your spa night", "spa"),
    ],
)
def test_auto_picks_from_the_brief(context: str, expected: str) -> None:
    assert resolve_theme("auto", context).id == expected
    assert resolve_theme(None, context).id == expected


def test_auto_variations_differ() -> None:
    ids = [resolve_theme("auto", "hiking bottle", v).id for v in range(4)]
    assert ids[0] == "hiking-trail" and len(set(ids)) == 4
    assert len({resolve_theme("", "", v).id for v in range(4)}) == 4


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
    ],
)
def test_names_resolve_exactly_or_to_the_nearest(name: str, expected: str) -> None:
    assert resolve_theme(name, "anything", variation=3).id == expected


def test_every_theme_renders_deterministically() -> None:
    for theme in load_themes().values():
        scene = render_scene(theme, (216, 270), seed=7)
        pixels = np.asarray(scene.image)
        assert scene.image.mode == "RGB" and scene.image.size == (216, 270)
        assert pixels.std() > 2.0, theme.id  # not a flat fill
        assert 0 < scene.horizon_y < 270
    theme = load_themes()["confetti"]
    first = np.asarray(render_scene(theme, (300, 300), seed=3, brand_colors=["#0055FF"]).image)
    again = np.asarray(render_scene(theme, (300, 300), seed=3, brand_colors=["#0055FF"]).image)
    other = np.asarray(render_scene(theme, (300, 300), seed=4, brand_colors=["#0055FF"]).image)
    assert np.array_equal(first, again) and not np.array_equal(first, other)


def test_scene_warmth_grades_warmer_and_cooler() -> None:
    theme = load_themes()["studio"]
    warm = np.asarray(render_scene(theme, (200, 200), 1, warmth=0.8).image, dtype=float)
    cool = np.asarray(render_scene(theme, (200, 200), 1, warmth=-0.8).image, dtype=float)
    balance = lambda a: (a[..., 0] - a[..., 2]).mean()  # noqa: E731
    assert balance(warm) > balance(cool) + 10
