"""The one place that builds a deployment's asset store and engines from settings."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cache

from agent.settings import Settings, get_settings
from tools.assets import AssetStore
from tools.brandkit import BrandKitStore
from tools.engines import Engines
from tools.engines.local.images import LocalImageEngine
from tools.engines.local.text import LocalFeatureEngine

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Services:
    """Infrastructure a run uses; hidden from the model.

    Attributes:
        settings: The deployment settings.
        assets: The asset store.
        engines: The engine of each kind.
        brand_kits: Advertisers' brand kits.
    """

    settings: Settings
    assets: AssetStore
    engines: Engines
    brand_kits: BrandKitStore


def build_engines(settings: Settings) -> Engines:
    """Return the engines the settings ask for.

    With ``engine=bedrock`` feature extraction uses the Bedrock chat model; the Bedrock
    image models arrive in a later release, so images are rendered by the local engine.
    """
    if settings.engine == "bedrock":
        from agent.models import make_bedrock_chat
        from tools.engines.bedrock.features import BedrockFeatureEngine

        log.warning("Bedrock image engines are not available yet; images use the local engine.")
        return Engines(
            features=BedrockFeatureEngine(make_bedrock_chat(settings)), images=LocalImageEngine()
        )
    return Engines(features=LocalFeatureEngine(), images=LocalImageEngine())


def build_services(settings: Settings) -> Services:
    """Build the asset store and engines for ``settings``."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    return Services(
        settings=settings,
        assets=AssetStore(settings.assets_dir),
        engines=build_engines(settings),
        brand_kits=BrandKitStore(settings.data_dir / "brand_kits.sqlite"),
    )


@cache
def default_services() -> Services:
    """Services of this process, built once from the environment's settings."""
    return build_services(get_settings())
