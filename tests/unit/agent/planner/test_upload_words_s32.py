"""Words that only go with an upload never become the product's name.

Issue 20: "Here is my product photo" and "Here's the photo again", sent with a photo, made
the ad "Meet the photo again". The assistant must ask what the product is instead, in any
language.
"""

from __future__ import annotations

import pytest

from tests.unit.agent.planner.talk import asks, calls, turn

UPLOAD_ONLY = [
    "Here is my product photo",
    "Here's the photo again",
    "Hier ist das Foto",
    "Hier ist mein Produktfoto",
    "Aquí está la foto",
    "Voici la photo",
]
KNOWN_MISREAD = [
    "Hier ist das Foto noch mal",  # read "here is the photo more": the product "Photo more"
    "Aquí está la foto otra vez",  # the product "Otra vez"
    "Voici la photo de mon produit",  # the product "De mon produit"
    "Aquí tienes la foto del producto",  # the product "Photo of the product"
]
"""Found by session 32 and left to the planner's owner (agent/planner/naming.py is theirs
this session); strict, so the fix shows here."""


@pytest.mark.parametrize("text", UPLOAD_ONLY)
def test_words_around_an_upload_are_no_product_name(text: str) -> None:
    reply = asks("new_photo", text)  # no tool call: no brief, no product name
    assert "what is the product" in reply.lower()


@pytest.mark.xfail(strict=True, reason="upload words in German, Spanish and French still read "
                   "as a product name (naming.py, left to the planner helper, session 32)")
@pytest.mark.parametrize("text", KNOWN_MISREAD)
def test_upload_words_in_other_languages_are_no_product_name_either(text: str) -> None:
    reply = asks("new_photo", text)
    assert "what is the product" in reply.lower()


def test_a_product_named_with_its_photo_is_still_taken() -> None:
    made = dict(calls(turn("new_photo", "Handmade soy candle, lavender, for gifts")))
    assert made["update_brief"]["product_name"].lower().startswith("handmade soy candle")
