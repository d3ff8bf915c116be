"""A brief's season or occasion in German, French, Spanish or Italian picks its scenes too.

"Sommerkampagne", "campagne d'été", "Campaña de Navidad": the first automatic scene is one
of that season or occasion, as "Summer campaign" or "Christmas campaign" would pick.
"""

from __future__ import annotations

import pytest

from engines.local.themes import load_themes, resolve_theme


@pytest.mark.parametrize(
    ("brief", "season"),
    [("Thermosflasche aus Edelstahl. Sommerkampagne für junge Wanderer.", "summer"),
     ("Keramiktasse, Herbstkampagne, warmer Ton.", "autumn"),
     ("Gourde isotherme. Campagne d'été pour les randonneurs.", "summer"),
     ("Tazza in ceramica. Campagna autunnale.", "autumn"),
     ("Sac cabas en toile. Collection printemps.", "spring"),
     ("Botella térmica. Campaña de invierno.", "winter")],
)
def test_a_season_in_another_language_picks_a_scene_of_it(brief: str, season: str) -> None:
    theme = resolve_theme("auto", brief)
    assert season in theme.season, theme.id
    others = [resolve_theme("auto", brief, v) for v in range(4)]
    assert all(not t.season or season in t.season for t in others)  # none of another


@pytest.mark.parametrize(
    ("brief", "occasion"),
    [("Weihnachtsaktion: Schwarze Keramiktasse", "winter-holidays"),
     ("Botella térmica. Campaña de Navidad.", "winter-holidays"),
     ("Bougie parfumée pour la Fête des Mères", "mothers-day"),
     ("Cioccolatini per San Valentino", "valentines-day")],
)
def test_an_occasion_in_another_language_is_its_scene(brief: str, occasion: str) -> None:
    assert resolve_theme("auto", brief).id == occasion


def test_an_english_word_that_looks_foreign_is_not_translated() -> None:
    # "real estate" is no Italian summer ("estate"); "Mother's Day" keeps its apostrophe
    assert "summer" not in resolve_theme("auto", "Real estate agency flyer").season
    assert resolve_theme("auto", "Mother's Day gift box").id == "mothers-day"
    assert set(load_themes()) >= {"summer", "autumn", "spring", "winter-holidays"}
