"""The local engine's feature reading: benefits that fit what the product is."""

from __future__ import annotations

import pytest

from core.schemas import ExtractFeaturesRequest
from engines.local.features import (
    HOT_ON_THE_GO,
    ICE_COLD,
    analyse,
    fact_headline,
    find_audience,
    find_benefits,
    headline_ideas,
    product_name,
)

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


@pytest.mark.parametrize("text", [
    "Matte black ceramic coffee mug, 350 ml, dishwasher safe. Autumn campaign for home-office "
    "workers, cosy warm tone.",
    "Hot sauce, extra spicy, 150 ml",
    "Ice cream scoop, stainless steel",
    "Insulated ski jacket, warm and waterproof",
])
def test_no_drink_temperature_claim_without_insulated_drinkware(text: str) -> None:
    benefits = find_benefits(text)
    assert HOT_ON_THE_GO not in benefits and ICE_COLD not in benefits


def test_an_insulated_bottle_keeps_drinks_cold_and_hot_and_a_home_mug_is_not_on_the_go() -> None:
    bottle = find_benefits("Insulated steel water bottle, keeps drinks cold 24 h and hot 12 h")
    assert ICE_COLD in bottle and HOT_ON_THE_GO in bottle
    mug = find_benefits("Double-wall insulated ceramic mug keeps tea hot for an hour")
    assert HOT_ON_THE_GO not in mug  # drunk at home: not "on the go"


@pytest.mark.parametrize(
    ("title", "headline"),
    [
        ("A5 hardcover notebook, dotted pages", "Meet the A5 hardcover notebook"),
        ("USB-C charger 65W GaN", "Meet the USB-C charger 65W GaN"),
        ("Nike Air Max 90", "Meet the Nike Air Max 90"),
        ("Insulated steel water bottle, 750 ml", "Meet the insulated steel water bottle"),
    ],
)
def test_a_name_inside_a_headline_keeps_its_own_capitals(title: str, headline: str) -> None:
    assert headline in analyse(ExtractFeaturesRequest(title=title)).headline_ideas


def test_a_name_stops_where_the_title_says_what_the_product_is_for() -> None:
    made = analyse(ExtractFeaturesRequest(title="Ceramic mug 350 ml for your morning coffee"))
    assert made.product_name == "Ceramic mug 350 ml"


@pytest.mark.parametrize("text", ["Canvas tote bag, 100% cotton", "Cotton canvas tote for markets",
                                  "Soft cotton tablecloth"])
def test_comfort_all_day_is_a_promise_of_what_is_worn_or_slept_in(text: str) -> None:
    assert "Soft, breathable comfort all day" not in find_benefits(text)


@pytest.mark.parametrize(("text", "audience"), [
    ("christmas ads for our mug please", []),
    ("some ads for my shop", []),
    ("ads for our customers", ["our customers"]),
    ("for the whole family", ["the whole family"]),
])
def test_for_our_product_names_no_audience_for_our_customers_does(
    text: str, audience: list[str]
) -> None:
    assert find_audience(text) == audience


def test_a_briefs_tone_and_audience_are_not_copy_in_its_own_language() -> None:
    found = analyse(ExtractFeaturesRequest(
        title="Casquette grise",
        description="Coton bio, visière courbée. Ton élégant et chaleureux. "
                    "Cible hommes 35-55 ans."))
    assert found.language == "fr"
    copy = " ".join([*found.features, *found.benefits, *found.headline_ideas]).lower()
    assert "coton bio" in copy
    assert "ton élégant" not in copy and "cible" not in copy


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("Red cotton polo shirt with a white sleeve", "Red cotton polo shirt"),
        ("Blue organic cotton t-shirt with a white logo print", "Blue organic cotton t-shirt"),
        ("Steel water bottle 750 ml with a bamboo lid and strap", "Steel water bottle 750 ml"),
        ("Red polo shirt with a white sleeve", "Red polo shirt"),
        ("Headphones with a case", "Headphones with a case"),  # whole: nothing cut
    ],
)
def test_a_name_cut_short_never_ends_inside_a_phrase(title: str, name: str) -> None:
    assert product_name(title) == name


@pytest.mark.parametrize(
    ("brief", "occasion"),
    [
        ("Black ceramic mug, dishwasher safe. Cosy autumn mornings at home.",
         "Made for autumn days"),
        ("Red canvas tote bag. Back-to-school campaign, playful tone.", "Ready for the new term"),
        ("Scented candle in a glass jar. Valentine's Day gift guide.", "A gift to fall for"),
    ],
)
def test_the_occasion_a_brief_names_is_one_headline_angle_among_the_others(
    brief: str, occasion: str
) -> None:
    found = analyse(ExtractFeaturesRequest(title=brief.split(".")[0], description=brief))
    assert occasion in found.headline_ideas
    assert len(found.headline_ideas) >= 2  # the occasion and the product, and any benefit
    assert len({h.casefold() for h in found.headline_ideas}) == len(found.headline_ideas)
    german = analyse(ExtractFeaturesRequest(title="Tasse", description="Herbstkampagne, Tasse."))
    assert occasion not in german.headline_ideas  # the English line stays off a German ad


@pytest.mark.parametrize(
    "brief",
    [
        "Black ceramic mug, 350 ml, dishwasher safe. Cosy autumn mornings at home, warm tone.",
        "Red cotton polo shirt with a white sleeve, breathable pique. Summer campaign for young "
        "professionals.",
        "Blue organic cotton t-shirt with a white logo print. Streetwear drop for teens, "
        "bold tone.",
        "Blue zip hoodie, brushed fleece inside, white logo. Winter campaign, cosy tone.",
        "A5 hardcover notebook, dotted pages. Back to school.",
        "Grey cotton cap with a curved visor.",
    ],
)
def test_a_brief_gives_four_different_headlines_for_four_ads(brief: str) -> None:
    found = analyse(ExtractFeaturesRequest(title=brief.split(",")[0], description=brief))
    ideas = [h.casefold() for h in found.headline_ideas[:4]]  # the four of a set
    assert len(ideas) == 4 and len(set(ideas)) == 4, ideas


def test_the_fourth_headline_is_a_fact_of_the_product_unless_a_benefit_said_it() -> None:
    tote = analyse(ExtractFeaturesRequest(
        title="Canvas tote bag", description="Canvas tote bag, fits a 15 inch laptop."))
    assert "Fits a 15 inch laptop" in tote.features
    assert "Fits a 15 inch laptop" not in tote.headline_ideas[:4]  # "Room for your laptop" said it
    cap = analyse(ExtractFeaturesRequest(
        title="Grey cotton cap", description="Grey cotton cap, 12 oz twill. Streetwear drop."))
    assert "12 oz twill" not in cap.headline_ideas  # a spec, not a headline
    mug = analyse(ExtractFeaturesRequest(
        title="Black ceramic mug",
        description="Black ceramic mug, 350 ml, dishwasher safe. Cosy autumn mornings."))
    assert "Straight into the dishwasher" in mug.headline_ideas
    assert "Dishwasher safe" not in mug.headline_ideas[:4]  # the same angle twice
    assert "Your new favourite mug" in mug.headline_ideas  # a line fitting a mug instead
    bottle = analyse(ExtractFeaturesRequest(title="Steel bottle", description="Steel bottle."))
    assert "Made to carry the everyday" not in bottle.headline_ideas


@pytest.mark.parametrize("text", ["Natural leather bag", "Organic jute shopping bag",
                                  "Organic canvas backpack", "Natural bamboo phone case"])
def test_a_bag_or_a_case_has_no_ingredients(text: str) -> None:
    assert INGREDIENTS not in find_benefits(text)


def test_a_cosmetic_in_a_bottle_keeps_its_ingredients() -> None:
    assert INGREDIENTS in find_benefits("Organic shampoo in a glass bottle")


def test_a_blank_fact_is_no_headline_and_no_failure() -> None:
    assert fact_headline(["", "   ", "Dishwasher safe"], "Mug") == "Dishwasher safe"


@pytest.mark.parametrize(("name", "said"), [
    ("Grey cotton cap with a curved", "Meet the grey cotton cap"),  # cut from "... curved brim"
    ("Red cotton polo shirt with a white", "Meet the red cotton polo shirt"),
    ("Headphones with a case", "Meet the headphones with a case"),  # whole: kept
])
def test_a_headline_never_ends_inside_a_phrase_the_name_lost(name: str, said: str) -> None:
    assert said in headline_ideas(name, [], "")
