"""``POST /v1/capabilities/remove_background``: a declared capability is an API call by itself."""

from __future__ import annotations

import io
from collections.abc import Iterator

import numpy as np
import pytest
from fastapi.testclient import TestClient
from PIL import Image

from agent.runtime import AgentRuntime
from api.app import create_app
from core.images import encode_png
from evals.recipes import bottle_on_white


@pytest.fixture
def client(runtime: AgentRuntime) -> Iterator[TestClient]:
    with TestClient(create_app(runtime, host="127.0.0.1", mount_ui=False),
                    base_url="http://127.0.0.1") as client:
        yield client


def upload(client: TestClient, image: Image.Image) -> str:
    sent = client.post("/v1/assets", files={"file": ("p.png", encode_png(image), "image/png")})
    assert sent.status_code == 201, sent.text
    return str(sent.json()["id"])


def test_it_is_listed_and_callable_by_name(client: TestClient) -> None:
    listed = {c["name"]: c for c in client.get("/v1/capabilities").json()}
    schema = listed["remove_background"]["request_schema"]
    assert schema["required"] == ["product_image"]
    photo = bottle_on_white()[0]
    photo_id = upload(client, photo)
    made = client.post("/v1/capabilities/remove_background", json={"product_image": photo_id})
    assert made.status_code == 200, made.text
    result = made.json()
    assert result["parent_id"] == photo_id and (result["width"], result["height"]) == photo.size
    asset = client.get(f"/v1/assets/{result['asset_id']}").json()
    assert asset["capability"] == "remove_background" and photo_id in asset["parents"]
    content = client.get(f"/v1/assets/{result['asset_id']}/content")
    png = Image.open(io.BytesIO(content.content))
    assert png.mode == "RGBA" and png.size == photo.size
    alpha = np.asarray(png.getchannel("A"))
    assert alpha[0, 0] == 0 and alpha[photo.height // 2, photo.width // 2] == 255


def test_a_photo_without_a_product_is_an_invalid_image_with_a_hint(client: TestClient) -> None:
    blank = upload(client, Image.new("RGB", (400, 400), "white"))
    refused = client.post("/v1/capabilities/remove_background", json={"product_image": blank})
    assert refused.status_code == 422, refused.text
    error = refused.json()["error"]
    assert error["code"] == "invalid_image" and error["hint"]
    wrong = client.post("/v1/capabilities/remove_background", json={"image": blank})
    assert wrong.status_code == 422 and "product_image" in wrong.json()["error"]["message"]
