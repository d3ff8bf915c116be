"""The capability SDK and the three capabilities, called directly (no agent)."""

from __future__ import annotations

import pytest

from agent.services import Services
from tests.media import bottle_on_white
from tools.errors import CapabilityError, PolicyViolationError
from tools.images import encode_png
from tools.models import GenerateAdImagesRequest, GenerateAdImagesResult
from tools.sdk import CapabilityContext, capability, registry


@pytest.fixture
def ctx(services: Services) -> CapabilityContext:
    return CapabilityContext(assets=services.assets, engines=services.engines, max_variations=3)


@pytest.fixture
def photo_id(services: Services) -> str:
    photo = bottle_on_white()[0]
    return services.assets.put(encode_png(photo), kind="product_photo", mime="image/png",
                               width=photo.width, height=photo.height).id


def test_registry_derives_everything_from_the_declarations() -> None:
    caps = registry()
    assert set(caps) == {"extract_features", "generate_ad_images", "edit_image", "save_brand_kit"}
    generate = caps["generate_ad_images"]
    assert generate.request is GenerateAdImagesRequest
    assert generate.result is GenerateAdImagesResult
    assert generate.description.startswith("Make ad images of the advertiser's product")
    assert generate.modes == {"online", "batch"}


def test_a_name_cannot_be_declared_twice() -> None:
    with pytest.raises(ValueError, match="declared twice"):

        @capability(name="extract_features")
        def again(req: GenerateAdImagesRequest, ctx: CapabilityContext) -> GenerateAdImagesResult:
            """Duplicate."""
            raise AssertionError


def test_same_request_gives_the_same_bytes(ctx: CapabilityContext, photo_id: str) -> None:
    generate = registry()["generate_ad_images"]
    request = {"product_image": photo_id, "n": 3, "headline": "Go far.", "seed": 7}
    runs = [generate.invoke(request, ctx) for _ in range(2)]
    digests = [[ctx.assets.get(i.asset_id).sha256 for i in run.images] for run in runs]
    assert digests[0] == digests[1] and len(set(digests[0])) == 3


def test_variations_are_capped_and_progress_is_reported(
    ctx: CapabilityContext, photo_id: str
) -> None:
    seen: list[tuple[int, int]] = []
    ctx.progress = lambda done, total, message: seen.append((done, total))
    result = registry()["generate_ad_images"].invoke({"product_image": photo_id, "n": 8}, ctx)
    assert len(result.images) == 3
    assert seen[0] == (0, 3) and seen[-1] == (3, 3)


def test_blocked_ad_copy_is_refused_before_rendering(
    ctx: CapabilityContext, photo_id: str
) -> None:
    with pytest.raises(PolicyViolationError, match="weapons"):
        registry()["generate_ad_images"].invoke(
            {"product_image": photo_id, "headline": "Comes with free ammo"}, ctx
        )
    assert [a.kind for a in ctx.assets.list()] == ["product_photo"]


def test_edit_of_an_uploaded_photo_can_only_change_colours(
    ctx: CapabilityContext, photo_id: str
) -> None:
    edit = registry()["edit_image"]
    warmer = edit.invoke({"asset_id": photo_id, "warmth": 0.4}, ctx)
    assert warmer.parent_id == photo_id and warmer.changes == ["warmer"]
    with pytest.raises(CapabilityError, match="was not made by adstudio"):
        edit.invoke({"asset_id": photo_id, "headline": "New"}, ctx)
    with pytest.raises(CapabilityError, match="does not change anything"):
        edit.invoke({"asset_id": photo_id}, ctx)


def test_edit_changes_theme_and_format_from_the_recipe(
    ctx: CapabilityContext, photo_id: str
) -> None:
    made = registry()["generate_ad_images"].invoke({"product_image": photo_id, "n": 1}, ctx)
    edited = registry()["edit_image"].invoke(
        {"asset_id": made.images[0].asset_id, "theme": "beach", "placement": "9:16"}, ctx
    )
    assert (edited.image.theme, edited.image.placement) == ("beach", "story")
    assert (edited.image.width, edited.image.height) == (1080, 1920)
    lineage = ctx.assets.get(edited.image.asset_id)
    assert lineage.parents == [made.images[0].asset_id, made.cutout_id]
    assert lineage.capability == "edit_image"


def test_a_texture_is_refused_with_an_offer_to_use_it_as_is(
    ctx: CapabilityContext, services: Services
) -> None:
    from PIL import Image

    from tests.media import TEST_PHOTOS

    fabric = Image.open(TEST_PHOTOS / "polo_red.jpg").crop((300, 300, 700, 700)).resize(
        (800, 800)
    )
    photo = services.assets.put(encode_png(fabric), kind="product_photo", mime="image/png")
    generate = registry()["generate_ad_images"]
    with pytest.raises(CapabilityError, match="could not separate a product") as info:
        generate.invoke({"product_image": photo.id, "n": 1}, ctx)
    assert "use the photo as is" in info.value.hint
    result = generate.invoke({"product_image": photo.id, "n": 1, "photo_as_is": True}, ctx)
    cutout = services.assets.get(result.cutout_id)
    assert cutout.parameters["method"] == "as-is" and (cutout.width, cutout.height) == (800, 800)


def test_the_brand_kit_is_saved_per_tenant_and_applied(
    ctx: CapabilityContext, photo_id: str, services: Services
) -> None:
    ctx.brand_kits = services.brand_kits
    saved = registry()["save_brand_kit"].invoke({"colors": ["#ff6600"], "tone": "bold"}, ctx)
    assert saved.colors == ["#FF6600"] and saved.tone == "bold"
    again = registry()["save_brand_kit"].invoke({"font": "manrope"}, ctx)
    assert (again.colors, again.font) == (["#FF6600"], "manrope")  # merged, not replaced
    assert services.brand_kits.get("someone-else") is None
    made = registry()["generate_ad_images"].invoke({"product_image": photo_id, "n": 1}, ctx)
    recipe = services.assets.get(made.images[0].asset_id).parameters["recipe"]
    assert recipe["brand_colors"] == ["#FF6600"]
    plain = registry()["generate_ad_images"].invoke(
        {"product_image": photo_id, "n": 1, "use_brand_kit": False}, ctx
    )
    assert services.assets.get(plain.images[0].asset_id).parameters["recipe"]["brand_colors"] == []


def test_a_logo_must_be_an_image_the_tenant_owns(
    ctx: CapabilityContext, services: Services
) -> None:
    ctx.brand_kits = services.brand_kits
    with pytest.raises(CapabilityError, match="no asset with the id"):
        registry()["save_brand_kit"].invoke({"logo": "img_0000000000"}, ctx)
