"""An occasion's scene (Black Friday, Halloween) only when the brief names the occasion."""

from __future__ import annotations

import pytest

from engines.local.themes import load_themes, resolve_theme


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


@pytest.mark.parametrize("brief", [
    "black ceramic mug 350ml, dishwaher safe. cosy autumn coffee promo for our cafe shop",
    "Spring sale on linen shirts, 20% discount this week",
    "Sparkling water in a glass bottle, a gift for anyone who loves hiking",
    "heart-shaped chocolate box, romantic and warm, for couples",
    "A pencil case for students, bright and playful",
])
def test_words_that_suit_an_occasion_without_naming_it_bring_no_event_scene(brief: str) -> None:
    occasions = {t.id for t in load_themes().values() if t.occasion}
    assert not {resolve_theme("auto", brief, v).id for v in range(8)} & occasions


@pytest.mark.parametrize(("brief", "occasion"), [
    ("Cyber Monday deals on our earbuds", "black-friday"),
    ("Halloween promo for our candles", "halloween"),
    ("Valentines day gift box", "valentines-day"),
    ("Weihnachtsaktion für unsere Tassen", "winter-holidays"),
    ("Easter egg hunt kit", "easter"),
    ("Hanukkah candles, a menorah in brass", "winter-holidays"),
    ("blackfriday deals on phone cases", "black-friday"),
    ("Spooky season candles", "halloween"),
])
def test_a_brief_naming_the_occasion_gets_its_scene(brief: str, occasion: str) -> None:
    assert resolve_theme("auto", brief, 0).id == occasion


@pytest.mark.parametrize("brief", [
    "Black ceramic mug, 350 ml. Gift for coffee lovers",
    "Leather wallet, a gift for dad",
])
def test_a_video_for_a_gift_gets_no_event_scene(brief: str) -> None:
    # a new user's "Gift for coffee lovers" storyboard said "Theme picked from the brief:
    # Winter holidays": the features suggested the occasion that "gift" alone does not name
    from core.schemas import ExtractFeaturesRequest, WriteStoryboardRequest
    from engines.local.features import analyse
    from engines.local.video.storyboard import write_storyboard

    features = analyse(ExtractFeaturesRequest(title=brief.split(",")[0], description=brief))
    board, notes = write_storyboard(
        WriteStoryboardRequest(product_image="p", context=brief, seconds=12), features, "p", [],
        None,
    )
    occasions = {t.id for t in load_themes().values() if t.occasion}
    assert board.theme not in occasions, notes
