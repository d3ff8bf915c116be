"""The end card's headline and button read as one block (issue 22).

Each was centred in a band of its own, so a new user saw a gap between them taller than the
button itself. Now the gap is a fraction of the button's height, in every format, with or
without a logo, and the two never overlap.
"""

from __future__ import annotations

from functools import cache

import pytest
from PIL import Image

from core.schemas import Shot, Storyboard
from engines.local.cutout import cut_out
from engines.local.video.end_card import EndCard
from engines.local.video.look import make_look
from evals import recipes


@cache
def _bottle() -> Image.Image:
    return cut_out(recipes.bottle_on_white()[0]).image


@pytest.mark.parametrize("size", ["1280x720", "1080x1920"])
@pytest.mark.parametrize("with_logo", [True, False])
@pytest.mark.parametrize("headline", ["Cold for 24 hours.", "Stays cold all day and hot all "
                                                            "night"])
def test_the_headline_and_its_button_sit_together(
    size: str, with_logo: bool, headline: str
) -> None:
    story = Storyboard(title="Steel bottle", product_image="img_1", size=size, theme="studio",
                       headline=headline, cta="Shop now", brand_colors=["#2A6F97"],
                       shots=[Shot(kind="hero", seconds=2), Shot(kind="end_card", seconds=2)])
    logo = Image.new("RGBA", (200, 80), (20, 20, 20, 255)) if with_logo else None
    card = EndCard(story, story.shots[1], _bottle(), logo, make_look(story))
    text, button = sorted(card.overlays, key=lambda o: o.start)[-2:]
    text_bottom = text.y + text.alpha.shape[0]
    gap = button.y - text_bottom
    height = button.alpha.shape[0]
    assert 0 <= gap <= 0.6 * height, (gap, height)
