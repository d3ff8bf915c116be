"""The fake's Bedrock control plane: foundation models, inference profiles and guardrails."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tests.fake_bedrock.errors import BedrockError
from tests.fake_bedrock.models import (
    MODELS,
    PROFILE_GEOGRAPHIES,
    Model,
    find,
    profile_serves,
    split_profile,
)
from tests.fake_bedrock.replies import Reply, Request, json_reply
from tests.fake_bedrock.state import ACCOUNT, FakeBedrock

CREATED = "2025-01-01T00:00:00Z"


def _iso(moment: datetime | None) -> str | None:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ") if moment else None


def _summary(model: Model, region: str, now: datetime) -> dict[str, Any]:
    """A model's FoundationModelDetails (GetFoundationModel) / summary (ListFoundationModels)."""
    lifecycle: dict[str, Any] = {"status": model.status(now)}
    for key, moment in (("legacyTime", model.legacy), ("endOfLifeTime", model.end_of_life)):
        if moment is not None:
            lifecycle[key] = _iso(moment)
    return {
        "modelArn": f"arn:aws:bedrock:{region}::foundation-model/{model.model_id}",
        "modelId": model.model_id,
        "modelName": model.model_id.split(".", 1)[1],
        "providerName": model.provider,
        "inputModalities": list(model.input_modalities),
        "outputModalities": [model.output],
        "responseStreamingSupported": model.kind == "chat",
        "customizationsSupported": [],
        "inferenceTypesSupported": model.inference_types(),
        "modelLifecycle": lifecycle,
    }


def get_foundation_model(fake: FakeBedrock, request: Request, model_id: str) -> Reply:
    """GetFoundationModel: the model as offered in the request's region."""
    model = find(model_id, request.region)
    return json_reply({"modelDetails": _summary(model, request.region, fake.now())})


def list_foundation_models(fake: FakeBedrock, request: Request, _target: str) -> Reply:
    """ListFoundationModels of the region, with the ``by*`` filters."""
    query = request.query
    models = [
        _summary(model, request.region, fake.now()) for model in MODELS.values()
        if request.region in model.regions
        and query.get("byOutputModality", model.output) == model.output
        and query.get("byProvider", model.provider).lower() == model.provider.lower()
        and query.get("byInferenceType", model.inference_types()[0])
        in model.inference_types()
    ]
    return json_reply({"modelSummaries": models})


def _profile(profile_id: str, region: str) -> dict[str, Any]:
    """A system-defined inference profile (``us.<model id>``) callable from ``region``."""
    geography, bare = split_profile(profile_id)
    model = MODELS.get(bare)
    if geography is None or model is None or not profile_serves(model, geography, region):
        raise BedrockError("ResourceNotFoundException",
                           f"Inference profile {profile_id} was not found.")
    sources = [r for r in PROFILE_GEOGRAPHIES[geography] if r in model.regions] or [region]
    return {
        "inferenceProfileName": f"{geography.upper()} {model.model_id}",
        "inferenceProfileId": profile_id,
        "inferenceProfileArn": f"arn:aws:bedrock:{region}:{ACCOUNT}:inference-profile/"
                               f"{profile_id}",
        "models": [{"modelArn": f"arn:aws:bedrock:{r}::foundation-model/{model.model_id}"}
                   for r in sources],
        "status": "ACTIVE",
        "type": "SYSTEM_DEFINED",
        "createdAt": CREATED,
        "updatedAt": CREATED,
    }


def get_inference_profile(fake: FakeBedrock, request: Request, profile_id: str) -> Reply:
    """GetInferenceProfile of a system-defined profile."""
    return json_reply(_profile(profile_id, request.region))


def list_inference_profiles(fake: FakeBedrock, request: Request, _target: str) -> Reply:
    """ListInferenceProfiles: every system-defined profile callable from the region."""
    profiles = [
        _profile(f"{geography}.{model.model_id}", request.region)
        for model in MODELS.values() for geography in model.profiles
        if profile_serves(model, geography, request.region)
    ]
    return json_reply({"inferenceProfileSummaries": profiles})


def get_guardrail(fake: FakeBedrock, request: Request, guardrail_id: str) -> Reply:
    """GetGuardrail: a guardrail the test created (see :attr:`FakeBedrock.guardrails`)."""
    version = request.query.get("guardrailVersion", "DRAFT")
    if version not in fake.guardrails.get((request.region, guardrail_id), set()):
        raise BedrockError("ResourceNotFoundException",
                           f"Guardrail {guardrail_id} version {version} was not found.")
    return json_reply({
        "name": "ad-guardrail",
        "guardrailId": guardrail_id,
        "guardrailArn": f"arn:aws:bedrock:{request.region}:{ACCOUNT}:guardrail/{guardrail_id}",
        "version": version,
        "status": "READY",
        "createdAt": CREATED,
        "updatedAt": CREATED,
        "blockedInputMessaging": "Sorry, this ad cannot be made.",
        "blockedOutputsMessaging": "Sorry, this ad cannot be made.",
    })
