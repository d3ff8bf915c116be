"""An occasion's scene (Black Friday, Halloween) only when the brief names the occasion."""

from __future__ import annotations

import pytest

from engines.local.themes import resolve_theme


@pytest.mark.parametrize("brief", [
    "Blue organic cotton t-shirt with a white logo print. Streetwear drop for teens, bold tone.",
    "Black hoodie streetwear drop, bold and energetic",
    "Limited sneaker drop, dramatic night vibe",
])
def test_a_bold_streetwear_drop_gets_no_black_friday_scene(brief: str) -> None:
    themes = {resolve_theme("auto", brief, v).id for v in range(8)}
    assert "black-friday" not in themes


def test_a_brief_that_names_the_sale_still_gets_it() -> None:
    assert resolve_theme("auto", "Black Friday deal on our hoodie", 0).id == "black-friday"
    assert resolve_theme("black friday").id == "black-friday"
