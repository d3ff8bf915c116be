"""The one place that builds a deployment's asset store and engines from settings."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import boto3
from botocore.config import Config

from agent.settings import Settings, get_settings
from tools.assets import AssetStore
from tools.brandkit import BrandKitStore
from tools.engines import Engines, ImageEngine
from tools.engines.bedrock.guardrail import BedrockGuardrail, build_guardrail
from tools.engines.bedrock.images import BedrockImageEngine, ScenePainter
from tools.engines.local.images import LocalImageEngine
from tools.engines.local.text import LocalFeatureEngine
from tools.errors import ConfigurationError


@dataclass(frozen=True)
class Services:
    """Infrastructure a run uses; hidden from the model.

    Attributes:
        settings: The deployment settings.
        assets: The asset store.
        engines: The engine of each kind.
        brand_kits: Advertisers' brand kits.
        guardrail: The Bedrock guardrail the guard nodes apply, if configured.
    """

    settings: Settings
    assets: AssetStore
    engines: Engines
    brand_kits: BrandKitStore
    guardrail: BedrockGuardrail | None = None


def build_image_engine(settings: Settings, client: Any | None = None) -> ImageEngine:
    """The image engine the settings ask for (``image_engine``, ``auto`` follows ``engine``).

    Args:
        settings: Deployment settings.
        client: A ready ``bedrock-runtime`` client (tests pass a Stubber-wrapped one).
    """
    name = settings.resolved_image_engine
    if name == "local":
        return LocalImageEngine()
    if client is None:
        from agent.models import require_credentials

        require_credentials()
        client = boto3.client(
            "bedrock-runtime",
            region_name=settings.image_region,
            config=Config(retries={"mode": "adaptive", "total_max_attempts": 4},
                          read_timeout=300, connect_timeout=10),
        )
    return BedrockImageEngine(_painter(name, settings, client))


def _painter(name: str, settings: Settings, client: Any) -> ScenePainter:
    from tools.engines.bedrock.images import CanvasPainter, StabilityPainter
    from tools.engines.bedrock.nova_canvas import NovaCanvas
    from tools.engines.bedrock.stability import Stability
    from tools.engines.bedrock.titan import TitanImage

    if name == "stability":
        return StabilityPainter(
            Stability(client, settings.stability_model_id, settings.stability_services_prefix)
        )
    if name == "nova-canvas":
        return CanvasPainter(NovaCanvas(client, settings.nova_canvas_model_id), name, 1024)
    if name == "titan-v2":
        return CanvasPainter(TitanImage(client, settings.titan_image_model_id), name, 512)
    raise ConfigurationError(
        f"There is no image engine called {name!r}.",
        hint="Use ADSTUDIO_IMAGE_ENGINE=local, stability, nova-canvas or titan-v2.",
    )


def build_engines(settings: Settings) -> Engines:
    """Return the engines the settings ask for.

    With ``engine=bedrock`` feature extraction uses the Bedrock chat model's structured
    output, and images the configured Bedrock image model (Stability AI by default).
    """
    images = build_image_engine(settings)
    if settings.engine == "bedrock":
        from agent.models import make_bedrock_chat
        from tools.engines.bedrock.features import BedrockFeatureEngine

        return Engines(features=BedrockFeatureEngine(make_bedrock_chat(settings)), images=images)
    return Engines(features=LocalFeatureEngine(), images=images)


def build_services(settings: Settings) -> Services:
    """Build the asset store and engines for ``settings``."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    return Services(
        settings=settings,
        assets=AssetStore(settings.assets_dir),
        engines=build_engines(settings),
        brand_kits=BrandKitStore(settings.data_dir / "brand_kits.sqlite"),
        guardrail=build_guardrail(settings),
    )


@cache
def default_services() -> Services:
    """Services of this process, built once from the environment's settings."""
    return build_services(get_settings())
