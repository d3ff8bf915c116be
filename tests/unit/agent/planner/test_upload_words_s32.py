"""Words that only go with an upload never become the product's name.

Issue 20: "Here is my product photo" and "Here's the photo again", sent with a photo, made
the ad "Meet the photo again". The assistant must ask what the product is instead, in any
language ("Hier ist das Foto noch mal" was read "Photo more", "Aquí está la foto otra vez"
"Otra vez").
"""

from __future__ import annotations

import pytest

from tests.unit.agent.planner.talk import asks, calls, turn

UPLOAD_ONLY = [
    "Here is my product photo",
    "Here's the photo again",
    "Hier ist das Foto noch mal",
    "Hier nochmal das Foto",
    "Aquí está la foto otra vez",
    "Aquí tienes la foto de nuevo",
    "Voici la photo encore une fois",
]


@pytest.mark.parametrize("text", UPLOAD_ONLY)
def test_words_around_an_upload_are_no_product_name(text: str) -> None:
    reply = asks("new_photo", text)  # no tool call: no brief, no product name
    assert "what is the product" in reply.lower()


def test_a_product_named_with_its_photo_is_still_taken() -> None:
    made = dict(calls(turn("new_photo", "Handmade soy candle, lavender, for gifts")))
    assert made["update_brief"]["product_name"].lower().startswith("handmade soy candle")
