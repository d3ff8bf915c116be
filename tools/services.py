"""The composition root: the one place that builds services, engines and capability contexts."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from core.errors import ConfigurationError
from core.provenance.identity import signing_identity
from core.settings import ImageSettings, Settings, get_settings
from core.storage.assets import AssetStore, asset_blobs, asset_index_url
from core.storage.brandkit import BrandKitStore, brand_kits_url
from core.storage.jobs import VideoJobStore, video_jobs_url
from engines import Engines, FeatureEngine, ImageEngine, VideoRenderer
from engines.art_direction import ArtDirector, scene_prompt
from engines.bedrock.guardrail import BedrockGuardrail, build_guardrail
from engines.bedrock.images import BedrockImageEngine, ScenePainter
from engines.bedrock.video.jobs import BedrockVideoJobs
from engines.local.features import LocalFeatureEngine
from engines.local.images import LocalImageEngine
from policy.audit import AuditLog, audit_log
from policy.text import TextPolicy, load_policy
from tools.provenance import MarkedAssetStore
from tools.sdk import AiLabel, CapabilityContext, ProgressFn, ThreadGallery

log = logging.getLogger(__name__)
ASK_THE_ADMIN = "Ask whoever runs adstudio to check its settings."
"""A settings error's hint as the chat shows it: the setting's name goes to the log."""


@dataclass(frozen=True)
class Services:
    """Infrastructure a run uses; hidden from the model.

    Attributes:
        settings: The deployment settings.
        assets: The asset store.
        engines: The engine of each kind.
        brand_kits: Advertisers' brand kits.
        guardrail: The Bedrock guardrail the guard nodes apply, if configured.
        jobs: Remote video jobs, persisted so a restart resumes them.
        audit: Every policy decision (text, images, uploads), for review.
    """

    settings: Settings
    assets: AssetStore
    engines: Engines
    brand_kits: BrandKitStore
    guardrail: BedrockGuardrail | None = None
    jobs: VideoJobStore | None = None
    audit: AuditLog | None = None

    def capability_context(
        self,
        tenant: str,
        *,
        seed: int = 0,
        progress: ProgressFn | None = None,
        cancelled: Callable[[], bool] | None = None,
        thread: str | None = None,
        threads: int | None = None,
        gallery: ThreadGallery | None = None,
    ) -> CapabilityContext:
        """What a capability may use for one call of ``tenant``: the one place that builds it.

        Every face (chat tools, REST, MCP, AdCP, the CLI, batch workers) calls this, so each
        call is checked against the tenant's own policy and recorded in the audit log.

        Args:
            tenant: Owner of every asset the call reads or writes; picks its ad policy.
            seed: Base seed, so the same request gives the same output.
            progress: Called with (done, total, message) during long work.
            cancelled: Returns True once the caller wants long work stopped.
            thread: The conversation (or batch job) the call belongs to.
            threads: Threads the call may use (default: every core).
            gallery: The ad images of the chat thread the call belongs to, if any.
        """
        optional: dict[str, Any] = {
            "progress": progress, "cancelled": cancelled, "threads": threads,
        }
        return CapabilityContext(
            assets=self.assets,
            engines=self.engines,
            policy=self.policy(tenant),
            audit=self.audit,
            tenant=tenant,
            seed=seed,
            max_variations=self.settings.limits.max_variations,
            brand_kits=self.brand_kits,
            guardrail=self.guardrail,
            thread=thread,
            gallery=gallery,
            ai_label=AiLabel(self.settings.provenance.ai_label,
                             self.settings.provenance.ai_label_text),
            **{key: value for key, value in optional.items() if value is not None},
        )

    def policy(self, tenant: str) -> TextPolicy:
        """The ad policy of ``tenant``, with its overrides (cached per tenant).

        The shipped policy, merged with ``marketplace-<name>.yaml`` and
        ``tenant-<name>.yaml`` from ``ADSTUDIO_POLICY_DIR`` when those exist.
        """
        return load_policy(
            tenant=tenant, marketplace=self.settings.policy.marketplace,
            policy_dir=self.settings.policy.dir,
        )


def build_image_engine(settings: Settings, client: Any | None = None) -> ImageEngine:
    """The image engine the settings ask for (``images.engine``, ``auto`` follows ``engine``).

    Args:
        settings: Deployment settings.
        client: A ready ``bedrock-runtime`` client (tests pass a Stubber-wrapped one).
    """
    name = settings.resolved_image_engine
    if name == "local":
        return LocalImageEngine()
    if client is None:  # in the family's own region; it refuses retired models
        from engines.bedrock.clients import runtime_client

        client = runtime_client(settings, settings.region_for(name), read_timeout=300)
    return BedrockImageEngine(_painter(name, settings.images, client), _director(settings))


def _director(settings: Settings) -> ArtDirector:
    """The chat model as art director on the bedrock engine; the rules otherwise."""
    if settings.engine != "bedrock":
        return scene_prompt
    from engines.bedrock.art_director import ChatArtDirector
    from engines.bedrock.chat import make_bedrock_chat

    return ChatArtDirector(make_bedrock_chat(settings))


def _painter(name: str, images: ImageSettings, client: Any) -> ScenePainter:
    from engines.bedrock.images import CanvasPainter, StabilityPainter
    from engines.bedrock.nova_canvas.client import NovaCanvas
    from engines.bedrock.stability.client import Stability
    from engines.bedrock.titan import TitanImage

    if name == "stability":
        return StabilityPainter(
            Stability(client, images.stability_model_id, images.stability_services_prefix)
        )
    if name == "nova-canvas":
        return CanvasPainter(NovaCanvas(client, images.nova_canvas_model_id), name, 1024)
    if name == "titan-v2":
        return CanvasPainter(TitanImage(client, images.titan_model_id), name, 512)
    log.error("Unknown image engine %r: set ADSTUDIO_IMAGE_ENGINE to local, stability, "
              "nova-canvas or titan-v2.", name)
    raise ConfigurationError(
        "This image engine is not one adstudio knows, so no image can be made.",
        hint=ASK_THE_ADMIN,
    )


def build_video_jobs(
    settings: Settings,
    assets: AssetStore,
    jobs: VideoJobStore,
    runtime_client: Any | None = None,
    s3_client: Any | None = None,
) -> BedrockVideoJobs | None:
    """The remote video model the settings ask for (None: videos render locally).

    Args:
        settings: Deployment settings (``video``: engine, S3 URI, region, ids).
        assets: Where finished videos are stored.
        jobs: Where submitted jobs are persisted (a restart resumes them).
        runtime_client: A ready ``bedrock-runtime`` client (tests pass a stubbed one).
        s3_client: A ready ``s3`` client (tests pass a stubbed one).
    """
    family = settings.resolved_video_engine
    if family == "local":
        return None
    if not settings.video.s3_uri:
        log.error("The %s video model needs a bucket: set ADSTUDIO_VIDEO_S3_URI="
                  "s3://bucket/prefix, or ADSTUDIO_VIDEO_ENGINE=local.", family)
        raise ConfigurationError(
            "The video model in use needs a storage place for its videos, and none is set.",
            hint=f"{ASK_THE_ADMIN} Videos can also be made on this machine instead.",
        )
    region = settings.region_for(family)
    if runtime_client is None or s3_client is None:  # in the family's own region
        from engines.bedrock import clients

        runtime_client = runtime_client or clients.runtime_client(
            settings, region, read_timeout=60
        )
        s3_client = s3_client or clients.s3_client(region)
    model_id = settings.engine_model_id(family)
    price = settings.costs.prices.get(f"{model_id}/video_second")
    engine = BedrockVideoJobs(
        runtime_client, s3_client, family, model_id, settings.video.s3_uri, jobs, assets,
        price_per_second_usd=price, first_poll_seconds=settings.video.poll_seconds,
    )
    engine.guardrail = build_guardrail(settings)  # screens the frames of finished videos
    return engine


def build_engines(
    settings: Settings, assets: AssetStore | None = None, jobs: VideoJobStore | None = None
) -> Engines:
    """Return the engines the settings ask for.

    With ``engine=bedrock`` feature extraction uses the Bedrock chat model's structured
    output, and images the configured Bedrock image model (Stability AI by default).
    Videos render locally unless a remote video model is configured (it needs ``assets``
    and ``jobs`` to deliver its results).
    """
    images = build_image_engine(settings)
    video_jobs = (
        build_video_jobs(settings, assets, jobs) if assets is not None and jobs is not None
        else None
    )
    features: FeatureEngine = LocalFeatureEngine()
    if settings.engine == "bedrock":
        from engines.bedrock.chat import make_bedrock_chat
        from engines.bedrock.features import BedrockFeatureEngine

        features = BedrockFeatureEngine(make_bedrock_chat(settings))
    return Engines(
        features=features, images=images, video=_video_renderer(), video_jobs=video_jobs
    )


def _video_renderer() -> VideoRenderer:
    """The local renderer of live images and storyboards (also previews for remote jobs)."""
    from engines.local.renderer import LocalVideoRenderer

    return LocalVideoRenderer()


def build_services(settings: Settings) -> Services:
    """Build the asset store, job store, audit log and engines for ``settings``."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    assets = marked_store(settings)
    jobs = VideoJobStore(video_jobs_url(settings))
    return Services(
        settings=settings,
        assets=assets,
        engines=build_engines(settings, assets, jobs),
        brand_kits=BrandKitStore(brand_kits_url(settings)),
        guardrail=build_guardrail(settings),
        jobs=jobs,
        audit=audit_log(settings),
    )


def marked_store(settings: Settings) -> MarkedAssetStore:
    """The store that signs what every capability makes (C2PA, :mod:`tools.provenance`).

    The signing identity is the configured one, or the local one made in the data dir
    when the first image is signed.
    """
    return MarkedAssetStore(
        settings.assets_dir, lambda: signing_identity(settings.provenance, settings.data_dir),
        where=asset_index_url(settings), blobs=asset_blobs(settings),
    )


@cache
def default_services() -> Services:
    """Services of this process, built once from the environment's settings."""
    return build_services(get_settings())
