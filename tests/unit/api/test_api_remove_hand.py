"""``POST /v1/capabilities/remove_hand``: listed and callable; the local engine says why not."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from agent.runtime import AgentRuntime
from api.app import create_app
from core.images import encode_png
from tests.hand_photos import held_product


@pytest.fixture
def client(runtime: AgentRuntime) -> Iterator[TestClient]:
    with TestClient(create_app(runtime, host="127.0.0.1", mount_ui=False),
                    base_url="http://127.0.0.1") as client:
        yield client


def test_it_is_listed_and_the_local_engine_explains_the_choices(client: TestClient) -> None:
    listed = {c["name"]: c for c in client.get("/v1/capabilities").json()}
    assert listed["remove_hand"]["request_schema"]["required"] == ["product_image"]
    png = encode_png(held_product("tan").photo)
    sent = client.post("/v1/assets", files={"file": ("held.png", png, "image/png")})
    assert sent.status_code == 201, sent.text
    refused = client.post("/v1/capabilities/remove_hand",
                          json={"product_image": sent.json()["id"]})
    assert refused.status_code == 400, refused.text
    error = refused.json()["error"]
    assert error["code"] == "capability_error" and "cannot remove the hand" in error["message"]
    assert "without a hand" in error["hint"]
