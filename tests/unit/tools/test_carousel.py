"""make_carousel: cards in one scene, each line its headline, an index on each, CTA last."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest
from PIL import Image

from core.errors import CapabilityError, PolicyViolationError
from core.images import encode_png
from core.schemas import MakeCarouselResult
from core.settings import Settings
from engines.local.ad.recipe import Recipe
from tests import cutout_memo
from tests.checks import product_pixels_intact
from tests.conftest import isolate
from tests.paths import PHOTOS
from tools.cost import estimate
from tools.sdk import CapabilityContext, registry
from tools.services import Services, build_services

CARDS = ["Your morning ritual, upgraded.", "Keeps coffee hot for 6 hours.", "Morning, sorted."]


@pytest.fixture
def ctx(services: Services) -> CapabilityContext:
    return services.capability_context("default")


def _put_photo(ctx: CapabilityContext) -> str:
    photo = Image.open(PHOTOS / "mug_black.jpg").convert("RGB")
    return ctx.assets.put(encode_png(photo), kind="product_photo", mime="image/png",
                          width=photo.width, height=photo.height).id


@pytest.fixture
def photo_id(ctx: CapabilityContext) -> str:
    return _put_photo(ctx)


Made = tuple[CapabilityContext, MakeCarouselResult]


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Made]:
    """One carousel, with its own data dir, for the tests that only read it (one render)."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        folder = tmp_path_factory.mktemp("carousel")
        isolate(monkeypatch, folder)
        cutout_memo.install(monkeypatch)  # the photo cut once for the module and its tests
        shared = build_services(Settings(data_dir=folder / "data")).capability_context("default")
        result: MakeCarouselResult = registry()["make_carousel"].invoke(
            {"product_image": _put_photo(shared), "cards": CARDS, "theme": "marble",
             "cta": "Shop now"}, shared
        )
        yield shared, result


def recipe_of(ctx: CapabilityContext, asset_id: str) -> Recipe:
    return Recipe.model_validate(ctx.assets.get(asset_id).parameters["recipe"])


def test_one_ad_per_card_in_order_each_line_its_headline(made: Made) -> None:
    ctx, carousel = made
    assert carousel.carousel == [image.asset_id for image in carousel.images]
    assert carousel.new_asset_ids() == carousel.carousel and len(carousel.carousel) == 3
    recipes = [recipe_of(ctx, asset_id) for asset_id in carousel.carousel]
    assert [r.headline for r in recipes] == CARDS
    assert [r.cta for r in recipes] == [None, None, "Shop now"]  # the button closes the story
    assert [r.badge for r in recipes] == ["1/3", "2/3", "3/3"]
    assert [image.caption.split(" · ")[0] for image in carousel.images] == [
        "Card 1/3", "Card 2/3", "Card 3/3"
    ]
    for image in carousel.images:
        stored = ctx.assets.get(image.asset_id)
        assert (stored.kind, stored.capability) == ("ad_image", "make_carousel")
        assert stored.parents[1] == carousel.cutout_id
        assert product_pixels_intact(ctx.assets, image.asset_id)[1] == 0


def test_every_card_shares_one_scene(made: Made) -> None:
    ctx, carousel = made
    assert {(i.theme, i.placement, i.width, i.height) for i in carousel.images} == {
        ("marble", "square", 1080, 1080)
    }
    recipes = [recipe_of(ctx, asset_id) for asset_id in carousel.carousel]
    assert len({(r.seed, r.font, tuple(r.brand_colors), r.warmth) for r in recipes}) == 1


def test_auto_picks_one_theme_for_the_whole_set(ctx: CapabilityContext, photo_id: str) -> None:
    result = registry()["make_carousel"].invoke(
        {"product_image": photo_id, "cards": ["One", "Two", "Three", "Four"],
         "context": "coffee mug for the kitchen", "placement": "story"}, ctx
    )
    assert len({image.theme for image in result.images}) == 1
    assert {image.placement for image in result.images} == {"story"}


def test_each_card_shows_its_index_in_a_corner(made: Made) -> None:
    ctx, carousel = made
    card = carousel.carousel[1]
    recipe = recipe_of(ctx, card)
    plain = ctx.engines.images.render_ad(
        Image.open(ctx.assets.path(carousel.cutout_id)), recipe.model_copy(update={"badge": None})
    ).image
    shown = np.asarray(Image.open(ctx.assets.path(card)).convert("RGB"), dtype=int)
    changed = np.abs(shown - np.asarray(plain, dtype=int)).max(axis=2) > 8
    rows, columns = np.flatnonzero(changed.any(axis=1)), np.flatnonzero(changed.any(axis=0))
    height, width = rows[-1] - rows[0] + 1, columns[-1] - columns[0] + 1
    assert 20 <= height <= 80 and height <= width <= 3 * height  # a small pill, nothing else
    assert rows[0] >= 54 and columns[0] >= 54 and max(rows[-1], columns[-1]) < 1080 - 54  # safe
    assert (rows[-1] < 540 or rows[0] >= 540) and (columns[-1] < 540 or columns[0] >= 540)


def test_the_cost_is_one_image_per_card(services: Services) -> None:
    priced = services.settings.with_changes(prices={"local/image": 0.5})
    cost = estimate("make_carousel", {"product_image": "img_x", "cards": CARDS}, priced)
    assert cost.units == {"image": 3.0} and cost.usd == 1.5


@pytest.mark.parametrize(
    ("cards", "message"),
    [(["Only one"], "at least 2 items"), ([f"Card {i}" for i in range(11)], "at most 10 items"),
     (["Fine", "  "], "card 2 has no text"), (["Fine", "x" * 91], "at most 90 characters")],
)
def test_two_to_ten_cards_each_with_text(
    ctx: CapabilityContext, photo_id: str, cards: list[str], message: str
) -> None:
    with pytest.raises(CapabilityError, match=message):
        registry()["make_carousel"].invoke({"product_image": photo_id, "cards": cards}, ctx)


def test_blocked_copy_and_textless_placements_are_refused_before_rendering(
    ctx: CapabilityContext, photo_id: str
) -> None:
    carousel = registry()["make_carousel"]
    with pytest.raises(PolicyViolationError, match="weapons"):
        carousel.invoke({"product_image": photo_id, "cards": ["Hi", "Comes with free ammo"]}, ctx)
    with pytest.raises(CapabilityError, match="allows no text"):
        carousel.invoke(
            {"product_image": photo_id, "cards": ["A", "B"], "placement": "amazon-sb"}, ctx
        )
    assert [a.kind for a in ctx.assets.list()] == ["product_photo"]
