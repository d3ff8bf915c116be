"""A box marked on a photo seeds every cutout of it: ads, videos and background removal."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from core.images import encode_png
from core.storage.seed_box import mark_product
from tools.sdk import CapabilityContext, registry
from tools.services import Services

RED = (slice(150, 450), slice(100, 350))  # rows, columns of the product on the left
BLUE = (slice(200, 420), slice(560, 760))  # rows, columns of the product on the right
AROUND_BLUE = [520, 170, 800, 450]
AROUND_RED = [60, 110, 390, 490]


def two_products() -> Image.Image:
    """A 900x600 studio photo with two products side by side on a light backdrop."""
    photo = np.full((600, 900, 3), 247, np.uint8)
    photo[RED] = (200, 40, 40)
    photo[BLUE] = (40, 70, 190)
    return Image.fromarray(photo)


@pytest.fixture
def ctx(services: Services) -> CapabilityContext:
    return services.capability_context("default")


@pytest.fixture
def photo_id(services: Services) -> str:
    return services.assets.put(encode_png(two_products()), kind="product_photo",
                               mime="image/png", width=900, height=600).id


def kept(services: Services, cutout_id: str) -> np.ndarray:
    """Where a stored product cutout lies in its 900x600 photo: True where it is solid."""
    cutout = services.assets.get(cutout_id)
    left, top, right, bottom = cutout.parameters["box"]
    with Image.open(io.BytesIO(services.assets.read(cutout_id))) as image:
        alpha = np.asarray(image.convert("RGBA").getchannel("A"))
    canvas = np.zeros((600, 900), np.uint8)
    canvas[top:bottom, left:right] = alpha
    return canvas >= 128


def ads(ctx: CapabilityContext, photo_id: str) -> str:
    """Make one ad of the photo; return the id of the cutout it was made from."""
    result = registry()["generate_ad_images"].invoke({"product_image": photo_id, "n": 1}, ctx)
    return result.cutout_id


def test_ads_of_a_marked_photo_show_only_the_product_inside_the_box(
    services: Services, ctx: CapabilityContext, photo_id: str
) -> None:
    mark_product(services.assets, photo_id, AROUND_BLUE, "default")
    cutout_id = ads(ctx, photo_id)
    mask = kept(services, cutout_id)
    assert mask[BLUE].mean() > 0.99  # the boxed product, whole
    assert not mask[RED].any()  # nothing of the other one
    outside = np.ones_like(mask)
    outside[BLUE] = False
    assert np.count_nonzero(mask & outside) < 0.01 * np.count_nonzero(mask)
    assert services.assets.get(cutout_id).parameters["seed_box"] == AROUND_BLUE


def test_a_cutout_is_made_again_when_the_box_changes_and_reused_while_it_stays(
    services: Services, ctx: CapabilityContext, photo_id: str
) -> None:
    unmarked = ads(ctx, photo_id)
    assert services.assets.get(unmarked).parameters["seed_box"] is None
    mark_product(services.assets, photo_id, AROUND_BLUE, "default")
    blue = ads(ctx, photo_id)
    assert blue != unmarked and not kept(services, blue)[RED].any()
    assert ads(ctx, photo_id) == blue  # the same box: the stored cutout again
    mark_product(services.assets, photo_id, AROUND_RED, "default")
    red = ads(ctx, photo_id)
    assert red not in (unmarked, blue)
    assert kept(services, red)[RED].mean() > 0.99 and not kept(services, red)[BLUE].any()
    mark_product(services.assets, photo_id, None, "default")
    assert ads(ctx, photo_id) == unmarked  # no box: the cutout made without one


def test_background_removal_uses_the_marked_box_unless_given_its_own(
    services: Services, ctx: CapabilityContext, photo_id: str
) -> None:
    mark_product(services.assets, photo_id, AROUND_BLUE, "default")
    remove = registry()["remove_background"]
    marked = remove.invoke({"product_image": photo_id}, ctx)
    png = np.asarray(Image.open(services.assets.path(marked.asset_id)))
    assert png[BLUE][..., 3].min() == 255 and png[RED][..., 3].max() == 0
    assert services.assets.get(marked.asset_id).parameters["seed_box"] == AROUND_BLUE
    own = remove.invoke({"product_image": photo_id, "box": AROUND_RED}, ctx)
    png = np.asarray(Image.open(services.assets.path(own.asset_id)))
    assert png[RED][..., 3].min() == 255 and png[BLUE][..., 3].max() == 0
    assert services.assets.get(own.asset_id).parameters["seed_box"] == AROUND_RED


def test_a_video_of_a_marked_photo_shows_the_boxed_product_of_its_ads(
    services: Services, ctx: CapabilityContext, photo_id: str
) -> None:
    from tools.capabilities.video import _cutout

    mark_product(services.assets, photo_id, AROUND_BLUE, "default")
    made = _cutout(ctx, photo_id)
    # _cutout is gaining the cropped sides (another change in flight): take the image either way
    product = np.asarray(made[0] if isinstance(made, tuple) else made)
    blue = services.assets.derived(photo_id, "product_cutout", "default")
    assert len(blue) == 1 and blue[0].parameters["seed_box"] == AROUND_BLUE
    assert product.shape[:2] == (220, 200)  # the blue product's size, not both products'
    assert ads(ctx, photo_id) == blue[0].id  # its ads show the very same pixels


def test_a_box_marked_earlier_is_said_once_by_ads_and_background_removal(
    services: Services, ctx: CapabilityContext, photo_id: str
) -> None:
    def said(notes: list[str]) -> list[str]:
        return [n for n in notes if "520, 170, 800, 450" in n and "0, 0, 900, 600" in n]

    remove = registry()["remove_background"]
    ad = registry()["generate_ad_images"]
    assert said(remove.invoke({"product_image": photo_id}, ctx).notes) == []  # no box yet
    mark_product(services.assets, photo_id, AROUND_BLUE, "default")
    assert len(said(remove.invoke({"product_image": photo_id}, ctx).notes)) == 1
    assert len(said(ad.invoke({"product_image": photo_id, "n": 1}, ctx).notes)) == 1
    own = remove.invoke({"product_image": photo_id, "box": AROUND_RED}, ctx)
    assert not any("marked" in n for n in own.notes)  # a box of its own: nothing to say
