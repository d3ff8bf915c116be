"""Capability contracts: image looks, grading edits and placement names."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from core.schemas import AdImage, EditImageRequest, GenerateAdImagesRequest, ImageLook


def test_a_look_names_at_most_three_colours_from_the_vocabulary() -> None:
    look = ImageLook(colors=["blue", "white"], tone="light", lightness=72.5)
    assert AdImage(
        asset_id="img_1", caption="", theme="studio", placement="square", width=1, height=1,
        look=look,
    ).look == look
    with pytest.raises(ValidationError):
        ImageLook(colors=["blue", "white", "grey", "black"], tone="light", lightness=70)
    with pytest.raises(ValidationError):
        ImageLook(colors=["azure"], tone="light", lightness=70)
    with pytest.raises(ValidationError):
        ImageLook(colors=["blue"], tone="bright", lightness=70)
    with pytest.raises(ValidationError):
        ImageLook(colors=["blue"], tone="light", lightness=120)


def test_an_ad_image_without_a_look_still_validates() -> None:
    image = AdImage(asset_id="img_1", caption="", theme="t", placement="square", width=1, height=1)
    assert image.look is None


@pytest.mark.parametrize("field", ["brightness", "contrast"])
def test_brightness_and_contrast_run_from_minus_one_to_one(field: str) -> None:
    assert getattr(EditImageRequest(asset_id="img_1", **{field: 0.3}), field) == 0.3
    for bad in (-1.2, 1.01):
        with pytest.raises(ValidationError):
            EditImageRequest(asset_id="img_1", **{field: bad})


def test_pinterest_and_linkedin_are_placement_names() -> None:
    request = GenerateAdImagesRequest(product_image="img_1", placements=["pinterest", "linkedin"])
    assert request.placements == ["pin", "landscape"]
    assert EditImageRequest(asset_id="img_1", placement="2:3").placement == "pin"
    description = GenerateAdImagesRequest.model_json_schema()["properties"]["placements"]
    assert "pin (2:3 Pinterest)" in description["description"]
