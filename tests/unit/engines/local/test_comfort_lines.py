"""Comfort benefits that fit what the product is and what it is made of (issue 22).

A new user saw "Soft, breathable comfort all day" on a fleece hoodie and on a cap because
their briefs said "cotton". Fleece is warm, not breathable; a cap is worn for shade, not
for all-day comfort; a bag, a mug or a bottle is not worn at all.
"""

from __future__ import annotations

import pytest

from engines.local.features import find_benefits


def _said(text: str) -> str:
    return " | ".join(find_benefits(text)).lower()


@pytest.mark.parametrize("text", [
    "Grey fleece hoodie, cotton blend, kangaroo pocket",
    "Cotton fleece sweatshirt, brushed inside",
    "Heavyweight cotton hoodie for autumn",
    "Merino wool jumper, soft and warm",
])
def test_warm_layers_are_warm_never_breathable(text: str) -> None:
    said = _said(text)
    assert "breathable" not in said
    assert "warm" in said or "cosy" in said


@pytest.mark.parametrize("text", [
    "Grey cotton cap with a curved brim",
    "Organic cotton baseball cap, adjustable strap",
    "Soft cotton bucket hat",
])
def test_a_cap_promises_no_all_day_comfort(text: str) -> None:
    said = _said(text)
    assert "all day" not in said and "breathable" not in said
    assert said  # still a benefit of its own


def test_a_wool_beanie_is_warm() -> None:
    said = _said("Merino wool beanie, soft rib knit")
    assert "warm" in said and "breathable" not in said


@pytest.mark.parametrize("text", ["Soft organic cotton t-shirt", "Linen shirt, relaxed fit",
                                  "Cotton polo shirt in navy"])
def test_a_cotton_or_linen_top_is_breathable(text: str) -> None:
    assert "breathable" in _said(text)


@pytest.mark.parametrize("text", [
    "Canvas tote bag, 100% cotton",
    "Cotton canvas tote for your shirts and books",
    "Ceramic mug with a soft matte glaze",
    "Insulated steel water bottle with a soft cotton sleeve",
])
def test_what_is_not_worn_promises_no_comfort(text: str) -> None:
    said = _said(text)
    assert "comfort" not in said and "soft" not in said and "breathable" not in said


@pytest.mark.parametrize("text", ["Cotton bath towels, set of 4", "Linen bedding set, queen size"])
def test_towels_and_bedding_are_not_worn_all_day(text: str) -> None:
    said = _said(text)
    assert "all day" not in said and said


# a new user's briefs (session 30): the season and "breathable" said in the brief win


@pytest.mark.parametrize("text", [
    "Red polo shirt, breathable pique knit. Summer golf campaign",
    "Navy cotton knit polo for hot summer days",
    "Breathable knitted tee for the beach",
])
def test_a_breathable_or_summer_knit_is_never_cosy_for_cooler_days(text: str) -> None:
    said = _said(text)
    assert "cooler days" not in said and "cold days" not in said, said
    assert "comfort" in said


@pytest.mark.parametrize("text", [
    "Grey cotton snapback cap with embroidered logo. Autumn city campaign",
    "Black cotton cap for our winter drop",
])
def test_a_cap_in_autumn_or_winter_promises_no_sunny_days(text: str) -> None:
    said = _said(text)
    assert "sunny" not in said and "breathable" not in said, said
    assert said


def test_a_cap_in_summer_still_gives_shade() -> None:
    assert "shade" in _said("White cotton cap for summer festivals")
