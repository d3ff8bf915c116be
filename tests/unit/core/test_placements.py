"""The placement catalog: Pinterest pins and LinkedIn single image ads by their own names."""

from __future__ import annotations

import pytest

from core.placements import load_placements, placement_names, resolve_placement


@pytest.mark.parametrize(
    "name", ["pin", "2:3", "pinterest", "Pinterest pin", "pinterest-pin", "1000x1500"]
)
def test_a_pinterest_pin_is_2_by_3_at_1000_by_1500(name: str) -> None:
    pin = resolve_placement(name)
    assert pin.id == "pin" and pin.size == (1000, 1500)
    assert pin.label == "Pinterest pin 2:3 (1000x1500)" and pin.group == "Social"


def test_a_pin_keeps_text_and_logo_off_its_bottom_and_its_headline_short() -> None:
    pin = load_placements()["pin"]
    assert pin.allows_text and pin.allows_logo and pin.layout == "stack"
    # Pinterest's product icons cover the lower right corner of a pin
    assert pin.safe_zone.bottom >= 0.1 and pin.safe_box()[3] <= 1350
    assert pin.max_headline_chars is not None and pin.max_headline_chars <= 40


@pytest.mark.parametrize("name", ["linkedin", "LinkedIn", "linkedin-single-image", "1200x628"])
def test_linkedin_single_image_ads_are_the_landscape_link_ad(name: str) -> None:
    placement = resolve_placement(name)
    assert placement.id == "landscape" and placement.size == (1200, 628)


def test_the_catalog_lists_the_pin_among_the_social_placements() -> None:
    social = [p.id for p in load_placements().values() if p.group == "Social"]
    assert social == ["square", "portrait", "story", "pin", "landscape"]
    assert "pin (2:3, pinterest, 1000x1500)" in placement_names()
