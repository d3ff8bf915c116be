"""A video's text cards never cover the product, handles included (issue 22).

The product is found on pixels: each shot's background is drawn with the product painted
pure magenta and pure green (same alpha); the red channel's difference is its coverage.
A tote with tall thin handles is drawn here: the handles reach up into the text area of a
vertical video, where the feature card used to sit over them.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pytest
from PIL import Image, ImageDraw

from core.schemas import Shot, Storyboard
from engines.local.easing import ease
from engines.local.video.render import build_clip

KINDS = ("hero", "feature", "lifestyle", "how_it_works")
TEXT = "Room for a 15 inch laptop and your things"


@cache
def tote(rgb: tuple[int, int, int] = (200, 40, 40)) -> Image.Image:
    """A tote: a bag body with two thin handles rising as tall as the body."""
    image = Image.new("RGBA", (600, 900), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rectangle((60, 440, 540, 880), fill=(*rgb, 255))
    draw.arc((130, 20, 470, 860), 180, 360, fill=(*rgb, 255), width=22)
    return image


def _board(kind: str, size: str) -> Storyboard:
    text = "Open it; Fill it; Carry it" if kind == "how_it_works" else TEXT
    shot = Shot(kind=kind, seconds=3, text=text, camera="push_in")
    return Storyboard(
        title="Canvas tote bag", product_image="img_1", size=size, theme="studio",
        headline="Carry more.", cta="Shop now", brand_colors=["#2A6F97"], shots=[shot],
    )


@pytest.mark.parametrize("size", ["1080x1920", "1280x720"])
@pytest.mark.parametrize("kind", KINDS)
def test_no_card_covers_the_product_in_any_frame(kind: str, size: str) -> None:
    board = _board(kind, size)
    pink = build_clip(board, 0, tote((255, 0, 255)))
    lime = build_clip(board, 0, tote((0, 255, 0)))
    cards = list(pink.overlays)
    assert cards, "the shot has a card"
    seconds = board.shots[0].seconds
    for t in np.linspace(0.3, seconds, 8):
        e = ease(t / seconds)
        a, b = pink.background(e), lime.background(e)
        product = (a[..., 0].astype(np.int16) - b[..., 0]) > 40
        assert product.any()
        for card in cards:
            x0, y0, x1, y1 = card.box
            body = card.alpha > 64
            under = product[y0:y0 + body.shape[0] + card.rise, x0:x0 + body.shape[1]]
            covered = under[: body.shape[0]] & body[: under.shape[0], : under.shape[1]]
            risen = under[card.rise:] & body[: under.shape[0] - card.rise, : under.shape[1]]
            assert not covered.any() and not risen.any(), (kind, size, t, int(covered.sum()))
