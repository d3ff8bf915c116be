"""The box marked around the product is kept with the photo, checked against its size."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.errors import AssetNotFoundError, InvalidBoxError
from core.storage.assets import Asset, AssetStore
from core.storage.seed_box import check_box, mark_product, seed_box


@pytest.fixture
def store(tmp_path: Path) -> AssetStore:
    return AssetStore(tmp_path)


@pytest.fixture
def photo(store: AssetStore) -> Asset:
    return store.put(b"png", kind="product_photo", mime="image/png", width=900, height=600,
                     parameters={"filename": "two.png"}, tenant="acme")


def test_a_box_is_kept_with_the_photo_and_cleared_again(store: AssetStore, photo: Asset) -> None:
    marked = mark_product(store, photo.id, [520, 170, 800, 450], "acme")
    assert seed_box(marked) == (520, 170, 800, 450)
    again = store.get(photo.id)
    assert seed_box(again) == (520, 170, 800, 450)
    assert again.parameters["filename"] == "two.png"  # the rest of the record is untouched
    assert (again.sha256, again.width, again.height) == (photo.sha256, 900, 600)
    cleared = mark_product(store, photo.id, None, "acme")
    assert seed_box(cleared) is None and "seed_box" not in store.get(photo.id).parameters
    assert store.get(photo.id).parameters["filename"] == "two.png"


def test_a_box_covering_the_whole_photo_fits(store: AssetStore, photo: Asset) -> None:
    assert seed_box(mark_product(store, photo.id, (0, 0, 900, 600), "acme")) == (0, 0, 900, 600)


@pytest.mark.parametrize(
    ("box", "why"),
    [
        ([520, 170, 901, 450], "outside the 900x600 photo"),
        ([-1, 170, 800, 450], "outside the 900x600 photo"),
        ([520, 170, 800, 601], "outside the 900x600 photo"),
        ([800, 170, 520, 450], "too small"),
        ([520, 450, 800, 170], "too small"),
        ([520, 170, 525, 450], "too small"),
        ([520, 170, 800], "not four whole numbers"),
        ([520.5, 170, 800, 450], "not four whole numbers"),
    ],
)
def test_a_box_that_does_not_fit_the_photo_is_refused(
    store: AssetStore, photo: Asset, box: list[float], why: str
) -> None:
    with pytest.raises(InvalidBoxError, match=why) as caught:
        mark_product(store, photo.id, box, "acme")  # type: ignore[arg-type]
    assert caught.value.hint
    assert seed_box(store.get(photo.id)) is None


def test_only_a_product_photo_of_the_callers_tenant_can_be_marked(
    store: AssetStore, photo: Asset
) -> None:
    ad = store.put(b"ad", kind="ad_image", mime="image/png", width=900, height=600,
                   tenant="acme")
    with pytest.raises(InvalidBoxError, match="product photo"):
        mark_product(store, ad.id, [0, 0, 100, 100], "acme")
    with pytest.raises(AssetNotFoundError):
        mark_product(store, photo.id, [0, 0, 100, 100], "globex")
    with pytest.raises(AssetNotFoundError):
        store.set_parameter(photo.id, "seed_box", [0, 0, 100, 100], "globex")
    assert seed_box(store.get(photo.id)) is None


def test_check_box_gives_a_tuple() -> None:
    assert check_box([1, 2, 30, 40], 30, 40) == (1, 2, 30, 40)


def test_a_malformed_record_counts_as_no_box(store: AssetStore) -> None:
    odd = store.put(b"x", kind="product_photo", mime="image/png", width=10, height=10,
                    parameters={"seed_box": "everywhere"})
    assert seed_box(odd) is None
