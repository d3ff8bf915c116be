"""Deployment settings: one pydantic-settings model read from ``ADSTUDIO_*`` and ``.env``."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, computed_field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

Engine = Literal["local", "bedrock"]
ImageEngineName = Literal["auto", "local", "stability", "nova-canvas", "titan-v2"]


class Settings(BaseSettings):
    """Where adstudio keeps its data, which engine it runs on, and its limits.

    Every field can be set with an environment variable named ``ADSTUDIO_<FIELD>``
    (for example ``ADSTUDIO_ENGINE=bedrock``) or in a ``.env`` file.
    """

    model_config = SettingsConfigDict(
        env_prefix="ADSTUDIO_", env_file=".env", extra="ignore", frozen=True
    )

    engine: Engine = Field("local", description="Engine behind every capability.")
    data_dir: Path = Field(Path(".adstudio"), description="Threads, assets and logs live here.")
    tenant: str = Field("default", description="Tenant that owns new assets.")

    aws_region: str = Field("us-east-1", description="Region of the Bedrock endpoints.")
    chat_model_id: str = Field(
        "us.anthropic.claude-haiku-4-5-20251001-v1:0",
        description="Bedrock chat model (an inference profile id).",
    )
    chat_temperature: float = Field(0.3, ge=0.0, le=1.0)
    chat_max_tokens: int = Field(2048, ge=256, le=32000)
    chat_max_attempts: int = Field(5, ge=1, le=20, description="Retries (adaptive mode).")
    chat_read_timeout: int = Field(120, ge=5, description="Seconds to wait for a reply.")
    guardrail_id: str | None = Field(None, description="Bedrock guardrail for the chat model.")
    guardrail_version: str = Field("DRAFT")
    policy_dir: Path | None = Field(
        None,
        description="Folder of ad policy overrides: marketplace-<name>.yaml and "
        "tenant-<name>.yaml merged over policy/policy.yaml (see policy/examples/README.md); "
        "unset means the shipped policy alone.",
    )
    marketplace: str | None = Field(
        None,
        description="Marketplace whose ad policy override applies (marketplace-<name>.yaml "
        "in ADSTUDIO_POLICY_DIR), e.g. uk or de; unset means none.",
    )

    image_engine: ImageEngineName = Field(
        "auto",
        description="Image engine: auto (stability on bedrock, local otherwise), local, "
        "stability, nova-canvas or titan-v2.",
    )
    image_region: str = Field("us-west-2", description="Region of the Bedrock image models.")
    stability_model_id: str = Field(
        "stability.sd3-5-large-v1:0", description="Stability text/image-to-image model."
    )
    stability_services_prefix: str = Field(
        "us.stability.", description="Prefix of the Stability image-service model ids."
    )
    nova_canvas_model_id: str = Field("amazon.nova-canvas-v1:0", description="Nova Canvas.")
    titan_image_model_id: str = Field(
        "amazon.titan-image-generator-v2:0", description="Titan Image Generator v2."
    )

    video_engine: Literal["auto", "local", "nova-reel", "luma-ray2"] = Field(
        "auto",
        description="Video engine: auto (nova-reel when engine is bedrock AND video_s3_uri is "
        "set, local otherwise), local, nova-reel or luma-ray2 (both need video_s3_uri).",
    )
    video_region: str = Field(
        "us-east-1", description="Region of the Bedrock video model (Luma Ray2: us-west-2)."
    )
    video_s3_uri: str | None = Field(
        None,
        pattern=r"^s3://[a-z0-9][.\-a-z0-9]{1,61}[a-z0-9](/.*)?$",
        description="s3://bucket/prefix where remote video models write their MP4s "
        "(same region as the model; Bedrock needs s3:PutObject there).",
    )
    nova_reel_model_id: str = Field("amazon.nova-reel-v1:1", description="Nova Reel video.")
    luma_model_id: str = Field("luma.ray-v2:0", description="Luma Ray2 video.")
    video_poll_seconds: float = Field(
        15.0, gt=0, description="First wait before polling a video job (then doubled)."
    )
    video_poll_max_seconds: float = Field(
        120.0, gt=0, description="Longest wait between two polls of a video job."
    )

    @computed_field  # type: ignore[prop-decorator]
    @property
    def resolved_video_engine(self) -> Literal["local", "nova-reel", "luma-ray2"]:
        """The video engine in use once ``auto`` is decided.

        ``auto`` is ``nova-reel`` only when ``engine`` is ``bedrock`` and ``video_s3_uri``
        is set (remote video models write to S3); otherwise it is ``local``. An explicit
        ``nova-reel`` or ``luma-ray2`` is kept as is (the engine reports a missing S3 URI).
        """
        if self.video_engine != "auto":
            return self.video_engine
        return "nova-reel" if self.engine == "bedrock" and self.video_s3_uri else "local"

    max_upload_mb: float = Field(20.0, gt=0, description="Largest accepted upload.")
    max_megapixels: float = Field(40.0, gt=0, description="Largest accepted image (pixels).")
    default_variations: int = Field(4, ge=1, le=8, description="Ad images per request.")
    max_variations: int = Field(8, ge=1, le=8, description="Most ad images per request.")
    recursion_limit: int = Field(40, ge=8, description="Graph steps per user message.")

    # Costs: one price table, keyed "<model id>/<unit>" (units: image, video_second,
    # live_second, input_1k, output_1k, text_unit_1k). Secondhand figures (BEDROCK.md,
    # third-party notes), not AWS's price list; "local" work is free. See tools/cost.py.
    prices: dict[str, float] = Field(
        default_factory=lambda: {
            "us.anthropic.claude-haiku-4-5-20251001-v1:0/input_1k": 0.001,
            "us.anthropic.claude-haiku-4-5-20251001-v1:0/output_1k": 0.005,
            "stability.sd3-5-large-v1:0/image": 0.08,
            "stability.stable-image-ultra-v1:1/image": 0.08,
            "stability.stable-image-core-v1:1/image": 0.06,
            "amazon.nova-canvas-v1:0/image": 0.06,
            "amazon.titan-image-generator-v2:0/image": 0.06,
            "amazon.nova-reel-v1:1/video_second": 0.08,
            "amazon.nova-reel-v1:0/video_second": 0.08,
            "luma.ray-v2:0/video_second": 1.50,
            "guardrail/text_unit_1k": 0.15,
        },
        description="USD per unit, keyed '<model id>/<unit>'; a model without a price "
        "falls back to its capability's declared cost.",
    )
    prices_date: str = Field("2026-11", description="When the price table was last checked.")
    confirm_above_usd: float = Field(
        1.0, ge=0, description="Ask before a tool call (or batch) estimated above this."
    )

    host: str = Field("127.0.0.1", description="Address `adstudio serve` binds.")
    port: int = Field(7860, ge=1, le=65535)

    # --- HTTP API (api/): auth, limits, CORS and signed URLs --------------------------------
    api_auth: Literal["auto", "keys", "none"] = Field(
        "auto",
        description="API authentication: keys (bearer API keys), none (every request acts as "
        "ADSTUDIO_TENANT; refused unless bound to loopback), or auto (none on "
        "127.0.0.1/localhost/::1, keys otherwise).",
    )
    cors_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Origins allowed to call the API from a browser (comma-separated).",
    )
    secret_key: SecretStr | None = Field(
        None,
        description="HMAC secret of signed asset and stream URLs; unset: one is generated "
        "once and kept (mode 0600) in the data dir.",
    )
    signed_url_seconds: int = Field(
        3600, ge=10, le=7 * 24 * 3600, description="How long a signed URL stays valid."
    )
    api_max_body_mb: float = Field(
        25.0, gt=0, description="Largest HTTP request body the API reads (uploads included)."
    )
    api_max_message_chars: int = Field(
        8000, ge=1, description="Longest chat message the API accepts."
    )
    metrics_public: bool = Field(
        False, description="Serve /metrics without an API key (for a scraper on a private "
        "network); otherwise it needs a key like /v1 (none on loopback without auth).",
    )
    api_runs_per_minute: int = Field(
        30, ge=1, description="Runs and capability calls per minute per API key (else 429)."
    )

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        """Accept ``a,b`` as well as a list."""
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @computed_field  # type: ignore[prop-decorator]
    @property
    def api_max_body_bytes(self) -> int:
        """The API's request body limit in bytes."""
        return int(self.api_max_body_mb * 1024 * 1024)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def resolved_image_engine(self) -> ImageEngineName:
        """The image engine in use once ``auto`` is decided by ``engine``."""
        if self.image_engine != "auto":
            return self.image_engine
        return "stability" if self.engine == "bedrock" else "local"

    def model_ids(self) -> dict[str, str]:
        """Every Bedrock model this deployment would call, by role."""
        ids = {"chat": self.chat_model_id}
        engine = self.resolved_image_engine
        if engine == "stability":
            ids["images"] = self.stability_model_id
        elif engine == "nova-canvas":
            ids["images"] = self.nova_canvas_model_id
        elif engine == "titan-v2":
            ids["images"] = self.titan_image_model_id
        video = self.resolved_video_engine
        if video == "nova-reel":
            ids["video"] = self.nova_reel_model_id
        elif video == "luma-ray2":
            ids["video"] = self.luma_model_id
        return ids

    @computed_field  # type: ignore[prop-decorator]
    @property
    def max_upload_bytes(self) -> int:
        """The upload limit in bytes."""
        return int(self.max_upload_mb * 1024 * 1024)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def checkpoint_path(self) -> Path:
        """SQLite file of the conversation checkpointer."""
        return self.data_dir / "threads.sqlite"

    @computed_field  # type: ignore[prop-decorator]
    @property
    def assets_dir(self) -> Path:
        """Root of the content-addressed asset files and their SQLite index."""
        return self.data_dir / "assets"


@cache
def get_settings() -> Settings:
    """Return the settings of this process (read once from the environment)."""
    return Settings()
