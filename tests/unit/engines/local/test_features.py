"""The local engine's feature reading: benefits that fit what the product is."""

from __future__ import annotations

import pytest

from engines.local.features import find_benefits

INGREDIENTS = "Made with ingredients you can trust"


@pytest.mark.parametrize("text", ["Soft organic cotton t-shirt in blue",
                                  "Organic merino wool socks for hikers",
                                  "Natural linen bedding set, queen size"])
def test_an_organic_material_promises_no_ingredients(text: str) -> None:
    assert INGREDIENTS not in find_benefits(text)


@pytest.mark.parametrize("text", ["Organic green tea, 20 bags", "Natural face cream, 50 ml"])
def test_organic_food_and_cosmetics_keep_their_ingredients(text: str) -> None:
    assert INGREDIENTS in find_benefits(text)


def test_a_cotton_tee_still_gets_a_benefit_of_its_own() -> None:
    assert "Soft, breathable comfort all day" in find_benefits("Soft organic cotton t-shirt")
