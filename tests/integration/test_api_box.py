"""PUT /v1/assets/{id}/box on the live HTTP API: the box marked on a photo seeds its ads."""

from __future__ import annotations

import httpx
import numpy as np
import pytest
from PIL import Image

from core.images import encode_png
from core.settings import Settings
from tests.servers import ApiServer, client_for

pytestmark = pytest.mark.integration
BLUE = (slice(200, 420), slice(560, 760))  # rows, columns of the product to keep
RED = (slice(150, 450), slice(100, 350))  # the other product beside it


def two_products() -> bytes:
    photo = np.full((600, 900, 3), 247, np.uint8)
    photo[RED] = (200, 40, 40)
    photo[BLUE] = (40, 70, 190)
    return encode_png(Image.fromarray(photo))


@pytest.fixture
def photo(alice: httpx.Client) -> str:
    uploaded = alice.post("/v1/assets", files={"file": ("two.png", two_products(), "image/png")})
    assert uploaded.status_code == 201, uploaded.text
    return str(uploaded.json()["id"])


def error(response: httpx.Response) -> tuple[int, str]:
    return response.status_code, str(response.json()["error"]["code"])


def test_a_box_is_kept_with_the_photo_and_its_ads_cut_out_only_what_is_inside(
    alice: httpx.Client, photo: str
) -> None:
    marked = alice.put(f"/v1/assets/{photo}/box", json={"box": [520, 170, 800, 450]})
    assert marked.status_code == 200, marked.text
    assert marked.json()["id"] == photo
    assert marked.json()["parameters"]["seed_box"] == [520, 170, 800, 450]
    assert alice.get(f"/v1/assets/{photo}").json()["parameters"]["seed_box"] == [520, 170, 800,
                                                                                   450]
    made = alice.post("/v1/capabilities/generate_ad_images", json={"product_image": photo, "n": 1})
    assert made.status_code == 200, made.text
    cutout = alice.get(f"/v1/assets/{made.json()['cutout_id']}").json()
    assert cutout["parameters"]["seed_box"] == [520, 170, 800, 450]
    left, top, right, bottom = cutout["parameters"]["box"]
    assert left >= 520 and top >= 170 and right <= 800 and bottom <= 450  # the blue one only
    cleared = alice.put(f"/v1/assets/{photo}/box", json={"box": None})
    assert cleared.status_code == 200 and "seed_box" not in cleared.json()["parameters"]


def test_a_box_that_does_not_fit_is_a_clear_4xx(alice: httpx.Client, photo: str) -> None:
    outside = alice.put(f"/v1/assets/{photo}/box", json={"box": [520, 170, 1000, 450]})
    assert error(outside) == (422, "invalid_box")
    assert "outside the 900x600 photo" in outside.json()["error"]["message"]
    assert outside.json()["error"]["hint"]
    assert error(alice.put(f"/v1/assets/{photo}/box", json={"box": [800, 170, 520, 450]})) == (
        422, "invalid_box")
    for body in ({"box": [1, 2, 3]}, {"box": "left"}, {}, {"box": [1, 2, 3, "x"]}):
        assert error(alice.put(f"/v1/assets/{photo}/box", json=body)) == (422, "invalid_request")
    assert error(alice.put("/v1/assets/img_0000000000/box", json={"box": [0, 0, 9, 9]})) == (
        404, "not_found")
    assert "seed_box" not in alice.get(f"/v1/assets/{photo}").json()["parameters"]


def test_only_the_owners_product_photos_can_be_marked(
    api: ApiServer, keyed: Settings, alice: httpx.Client, photo: str
) -> None:
    with client_for(api, keyed, "bob") as bob:
        foreign = bob.put(f"/v1/assets/{photo}/box", json={"box": [0, 0, 100, 100]})
        assert error(foreign) == (404, "not_found")
        with httpx.Client(base_url=api.url) as nobody:
            assert nobody.put(f"/v1/assets/{photo}/box", json={"box": None}).status_code == 401
    logo = alice.post("/v1/assets", files={"file": ("logo.png", two_products(), "image/png")},
                      data={"kind": "logo"}).json()["id"]
    refused = alice.put(f"/v1/assets/{logo}/box", json={"box": [0, 0, 100, 100]})
    assert error(refused) == (422, "invalid_box") and "product photo" in refused.text
    assert "seed_box" not in alice.get(f"/v1/assets/{photo}").json()["parameters"]


def test_the_route_is_documented_in_the_openapi_schema(alice: httpx.Client) -> None:
    schema = alice.get("/openapi.json").json()
    put = schema["paths"]["/v1/assets/{asset_id}/box"]["put"]
    assert "Mark the product" in put["summary"] + put["description"]
    assert {"200", "404", "422"} <= set(put["responses"])
    box = schema["components"]["schemas"]["BoxIn"]["properties"]["box"]
    assert "left, top, right, bottom" in box["description"]
