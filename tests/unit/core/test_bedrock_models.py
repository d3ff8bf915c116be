"""The Bedrock model catalogue: the lifecycle dates, regions and successors of issue 21."""

from __future__ import annotations

from datetime import date

import pytest

from core.bedrock_models import (
    MODELS,
    STABILITY_SERVICES,
    default_region,
    find,
    retirement_notice,
)


@pytest.mark.parametrize(
    ("model_id", "end_of_life", "successor"),
    [
        ("amazon.nova-reel-v1:1", date(2026, 9, 30), "luma.ray-v2:0"),
        ("amazon.nova-reel-v1:0", date(2026, 9, 30), "luma.ray-v2:0"),
        ("amazon.nova-canvas-v1:0", date(2026, 9, 30), "us.stability.stable-image-inpaint-v1:0"),
        ("amazon.titan-image-generator-v2:0", date(2026, 6, 30),
         "us.stability.stable-image-inpaint-v1:0"),
    ],
)
def test_retired_models_carry_their_end_of_life_and_successor(
    model_id: str, end_of_life: date, successor: str
) -> None:
    model = find(model_id)
    assert model is not None
    assert (model.end_of_life, model.successor) == (end_of_life, successor)
    assert model.retired(date(2026, 12, 5)) and not model.retired(date(2026, 6, 1))
    assert find(successor) is not None and not find(successor).retired(date(2026, 12, 5))  # type: ignore[union-attr]
    notice = retirement_notice(model)
    assert end_of_life.isoformat() in notice and successor in notice


def test_nova_models_were_legacy_before_their_end_of_life() -> None:
    reel = find("amazon.nova-reel-v1:1")
    assert reel is not None and reel.legacy == date(2026, 3, 30)
    assert reel.is_legacy(date(2026, 5, 1)) and not reel.is_legacy(date(2026, 10, 1))


@pytest.mark.parametrize(
    ("model_id", "regions"),
    [
        ("luma.ray-v2:0", ("us-west-2",)),
        ("amazon.nova-canvas-v1:0", ("us-east-1", "eu-west-1", "ap-northeast-1")),
    ],
)
def test_regions_come_from_the_issue(model_id: str, regions: tuple[str, ...]) -> None:
    model = find(model_id)
    assert model is not None and model.regions == regions
    assert default_region(model_id) == regions[0]


def test_the_inpaint_service_is_an_inference_profile_in_us_west_2() -> None:
    inpaint = find("us.stability.stable-image-inpaint-v1:0")
    assert inpaint is not None and inpaint.family == "image-service" and inpaint.profile
    assert inpaint.regions[0] == "us-west-2"
    assert find("stability.stable-image-inpaint-v1:0") is inpaint  # the bare form finds it
    assert find("amazon.nova-micro-v1:0") is None


def test_every_id_is_listed_once() -> None:
    ids = [model.id for model in MODELS]
    assert len(ids) == len(set(ids))


def test_service_suffixes_match_the_stability_request_bodies() -> None:
    from engines.bedrock.stability import bodies, service_bodies

    classes = [*vars(service_bodies).values(), bodies.InpaintBody]
    suffixes = {getattr(c, "suffix", "") for c in classes if isinstance(c, type)} - {""}
    assert suffixes == set(STABILITY_SERVICES.values())
