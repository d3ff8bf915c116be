"""Deployment settings in groups, read from ``ADSTUDIO_*`` environment variables and ``.env``."""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Annotated, Any, Final, Literal, NamedTuple, Self, cast

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    computed_field,
    field_validator,
    model_validator,
)
from pydantic.fields import FieldInfo
from pydantic_settings import (
    BaseSettings,
    EnvSettingsSource,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    SettingsError,
)

from core import bedrock_models as catalogue

Engine = Literal["local", "bedrock"]
ChatEngineName = Literal["auto", "planner", "bedrock", "openai"]
ImageEngineName = Literal["auto", "local", "stability", "nova-canvas", "titan-v2"]
VideoEngineName = Literal["auto", "local", "nova-reel", "luma-ray2"]
RemoteEngine = Literal["stability", "nova-canvas", "titan-v2", "nova-reel", "luma-ray2"]
"""A Bedrock model family that has its own region setting."""
_IMAGE_FAMILIES: Final = ("stability", "nova-canvas", "titan-v2")


class ModelCall(NamedTuple):
    """A Bedrock model a deployment calls: what for, which id, in which region."""

    role: str
    model_id: str
    region: str


class _Group(BaseModel):
    """A frozen group of settings; a key it does not know is refused."""

    model_config = ConfigDict(frozen=True, extra="forbid", validate_default=True)


class ChatSettings(_Group):
    """Which chat model runs the agent, and the Bedrock one: where, how it samples and retries."""

    engine: ChatEngineName = Field(
        "auto",
        description="Chat model: auto (bedrock when engine is bedrock, the local planner "
        "otherwise), planner (the offline rule-based planner), bedrock, or openai (your own "
        "Ollama or other OpenAI-compatible server, see the openai settings).",
    )
    region: str = Field("us-east-1", description="Region of the Bedrock endpoints.")
    model_id: str = Field(
        catalogue.CHAT_MODEL, description="Bedrock chat model (an inference profile id)."
    )
    temperature: float = Field(0.3, ge=0.0, le=1.0)
    max_tokens: int = Field(2048, ge=256, le=32000)
    max_attempts: int = Field(5, ge=1, le=20, description="Retries (adaptive mode).")
    read_timeout: int = Field(120, ge=5, description="Seconds to wait for a reply.")
    intent_gate: bool = Field(
        False,
        description="The local planner asks back when its learned intent reader confidently "
        "disagrees with the calls its rules planned (agent/planner/intent_reader.py).",
    )


class OpenAISettings(_Group):
    """An OpenAI-compatible chat server the user runs (Ollama, llama.cpp, vLLM, LM Studio)."""

    base_url: str = Field(
        "http://127.0.0.1:11434/v1",
        pattern=r"^https?://",
        description="The server's OpenAI-compatible base URL, /v1 included (Ollama's default).",
    )
    model: str = Field(
        "qwen2.5:7b-instruct",
        min_length=1,
        description="Model name as the server lists it at /models; it must support tool "
        "calling.",
    )
    api_key: SecretStr = Field(
        SecretStr("ollama"),
        description="Sent as the bearer token; Ollama and most local servers ignore it.",
    )
    timeout: float = Field(
        120.0, gt=0, description="Seconds to wait for a reply (a local model can be slow)."
    )
    temperature: float = Field(0.0, ge=0.0, le=2.0)
    max_retries: int = Field(
        1, ge=0, le=10, description="Retries of a failed or timed-out request."
    )


class GuardrailSettings(_Group):
    """The Bedrock guardrail (ApplyGuardrail) next to the local ad policy."""

    id: str | None = Field(None, description="Bedrock guardrail for the chat model.")
    version: str = Field("DRAFT")


class PolicySettings(_Group):
    """Which ad policy overrides apply."""

    dir: Path | None = Field(
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


class ImageSettings(_Group):
    """The image engine and the Bedrock image models."""

    engine: ImageEngineName = Field(
        "auto",
        description="Image engine: auto (stability on bedrock, local otherwise), local, "
        "stability, nova-canvas or titan-v2.",
    )
    region: str | None = Field(
        None,
        description="Deprecated: one region for every image model. Use the region of each "
        "model family instead (stability_region, nova_canvas_region, titan_image_region); "
        "when set, it applies to every family whose own region is unset.",
    )
    stability_region: str | None = Field(
        None, description="Region of the Stability models and image services (unset: us-west-2)."
    )
    nova_canvas_region: str | None = Field(
        None, description="Region of Nova Canvas (unset: us-east-1)."
    )
    titan_region: str | None = Field(
        None, description="Region of Titan Image Generator v2 (unset: us-east-1)."
    )
    stability_model_id: str = Field(
        catalogue.SD35_LARGE, description="Stability text/image-to-image model."
    )
    stability_services_prefix: str = Field(
        catalogue.STABILITY_SERVICES_PREFIX,
        description="Prefix of the Stability image-service model ids (the ad pipeline calls "
        "<prefix>stable-image-inpaint-v1:0).",
    )
    nova_canvas_model_id: str = Field(
        catalogue.NOVA_CANVAS, description="Nova Canvas (end of life 2026-09-30)."
    )
    titan_model_id: str = Field(
        catalogue.TITAN_IMAGE_V2, description="Titan Image Generator v2 (end of life 2026-06-30)."
    )

    def service_id(self, operation: str) -> str:
        """The model id of one Stability image service (``inpaint``, ``erase_object``...)."""
        return self.stability_services_prefix + catalogue.STABILITY_SERVICES[operation]


class VideoSettings(_Group):
    """The video engine, the Bedrock video models and how their jobs are polled."""

    engine: VideoEngineName = Field(
        "auto",
        description="Video engine: auto (luma-ray2 when engine is bedrock AND video_s3_uri is "
        "set, local otherwise), local, nova-reel (end of life 2026-09-30) or luma-ray2 (both "
        "need video_s3_uri).",
    )
    region: str | None = Field(
        None,
        description="Deprecated: one region for every video model. Use luma_region or "
        "nova_reel_region; when set, it applies to every family whose own region is unset.",
    )
    luma_region: str | None = Field(
        None, description="Region of Luma Ray2 (unset: us-west-2, the only one serving it)."
    )
    nova_reel_region: str | None = Field(
        None, description="Region of Nova Reel (unset: us-east-1)."
    )
    s3_uri: str | None = Field(
        None,
        pattern=r"^s3://[a-z0-9][.\-a-z0-9]{1,61}[a-z0-9](/.*)?$",
        description="s3://bucket/prefix where remote video models write their MP4s "
        "(same region as the model; Bedrock needs s3:PutObject there).",
    )
    nova_reel_model_id: str = Field(
        catalogue.NOVA_REEL, description="Nova Reel video (end of life 2026-09-30)."
    )
    luma_model_id: str = Field(catalogue.LUMA_RAY2, description="Luma Ray2 video.")
    poll_seconds: float = Field(
        15.0, gt=0, description="First wait before polling a video job (then doubled)."
    )
    poll_max_seconds: float = Field(
        120.0, gt=0, description="Longest wait between two polls of a video job."
    )


class LimitSettings(_Group):
    """Upload, image-count and graph-step limits."""

    max_upload_mb: float = Field(20.0, gt=0, description="Largest accepted upload.")
    max_megapixels: float = Field(40.0, gt=0, description="Largest accepted image (pixels).")
    default_variations: int = Field(4, ge=1, le=8, description="Ad images per request.")
    max_variations: int = Field(8, ge=1, le=8, description="Most ad images per request.")
    recursion_limit: int = Field(40, ge=8, description="Graph steps per user message.")

    @computed_field  # type: ignore[prop-decorator]
    @property
    def max_upload_bytes(self) -> int:
        """The upload limit in bytes."""
        return int(self.max_upload_mb * 1024 * 1024)


def _default_prices() -> dict[str, float]:
    """Secondhand figures (BEDROCK.md, third-party notes), not AWS's price list."""
    return {
        "us.anthropic.claude-haiku-4-5-20251001-v1:0/input_1k": 0.001,
        "us.anthropic.claude-haiku-4-5-20251001-v1:0/output_1k": 0.005,
        "stability.sd3-5-large-v1:0/image": 0.08,
        **{f"{catalogue.STABILITY_SERVICES_PREFIX}{suffix}/image": 0.08
           for suffix in catalogue.STABILITY_SERVICES.values()},
        "stability.stable-image-ultra-v1:1/image": 0.08,
        "stability.stable-image-core-v1:1/image": 0.06,
        "amazon.nova-canvas-v1:0/image": 0.06,
        "amazon.titan-image-generator-v2:0/image": 0.06,
        "amazon.nova-reel-v1:1/video_second": 0.08,
        "amazon.nova-reel-v1:0/video_second": 0.08,
        "luma.ray-v2:0/video_second": 1.50,
        "guardrail/text_unit_1k": 0.15,
    }


class CostSettings(_Group):
    """The price table and when to ask before paid work.

    One price table, keyed ``"<model id>/<unit>"`` (units: image, video_second, live_second,
    input_1k, output_1k, text_unit_1k); "local" work is free. See tools/cost.py.
    """

    prices: dict[str, float] = Field(
        default_factory=_default_prices,
        description="USD per unit, keyed '<model id>/<unit>'; a model without a price "
        "falls back to its capability's declared cost.",
    )
    prices_date: str = Field("2026-11", description="When the price table was last checked.")
    confirm_above_usd: float = Field(
        1.0, ge=0, description="Ask before a tool call (or batch) estimated above this."
    )


AiLabelMode = Literal["off", "required", "always"]
"""When ads carry a visible AI disclosure label (``ADSTUDIO_AI_LABEL``)."""


class ProvenanceSettings(_Group):
    """Who signs the C2PA manifest embedded in every image adstudio makes (issue 26)."""

    cert_chain: Path | None = Field(
        None,
        description="PEM file of the deployment's signing certificate chain: the signing "
        "(end-entity) certificate first, then its intermediates. Unset: a local identity is "
        "made in the data dir on first use (valid signatures, but untrusted by validators).",
    )
    private_key: Path | None = Field(
        None,
        description="PEM file of the private key of the chain's first certificate (EC P-256 "
        "or P-384, Ed25519 or RSA); set together with the certificate chain (one without "
        "the other is refused when signing, and by `adstudio doctor`).",
    )
    tsa_url: str | None = Field(
        None,
        description="RFC 3161 timestamp authority called at each signing; unset: no "
        "timestamp and no network call.",
    )
    ai_label: AiLabelMode = Field(
        "required",
        description="The visible AI disclosure on ads, video ads and live images (on every "
        "frame): `required` where the placement asks for one (placements.yaml `ai_label`) or "
        "the advertiser's brand kit does, `always` on every ad and video, `off` never (the "
        "C2PA manifest still says how each was made).",
    )
    ai_label_text: str = Field(
        "AI-generated", min_length=1, max_length=24,
        description="What the visible label says, e.g. 'Made with AI' or 'KI-generiert'.",
    )

    @field_validator("ai_label_text", mode="before")
    @classmethod
    def _label_says_something(cls, value: object) -> object:
        """The words without surrounding blanks; blank words would draw an empty pill."""
        if isinstance(value, str):
            value = value.strip()
            if not value:
                raise ValueError("ADSTUDIO_AI_LABEL_TEXT must say something, e.g. 'AI-generated'")
        return value


class StorageSettings(_Group):
    """Where the stores keep their tables: SQLite files in the data dir, or one PostgreSQL."""

    database_url: SecretStr | None = Field(
        None,
        description="PostgreSQL database of every store that speaks SQL, shared by API "
        "replicas (postgresql://user:password@host:5432/adstudio); unset: SQLite files in "
        "the data dir. Tables are created and migrated on start (or `adstudio db upgrade`).",
    )

    assets_uri: str | None = Field(
        None,
        description="S3 bucket (s3://bucket/prefix) holding the asset bytes, shared by API "
        "replicas; each keeps a local cache in the data dir. Unset: files in the data dir. "
        "An S3-compatible store (MinIO) is reached through AWS_ENDPOINT_URL_S3.",
    )

    asset_urls: Literal["app", "s3"] = Field(
        "app",
        description="Links to asset bytes: app (the API's own HMAC-signed URLs, served by any "
        "replica) or s3 (S3 presigned URLs straight to ADSTUDIO_ASSETS_URI's bucket, so the "
        "bytes never pass through the API; needs ADSTUDIO_ASSETS_URI).",
    )

    @model_validator(mode="after")
    def _s3_links_need_a_bucket(self) -> StorageSettings:
        """``asset_urls=s3`` only with a bucket to presign for."""
        if self.asset_urls == "s3" and not self.assets_uri:
            raise ValueError("ADSTUDIO_ASSET_URLS=s3 needs ADSTUDIO_ASSETS_URI=s3://bucket/prefix")
        return self

    @field_validator("assets_uri")
    @classmethod
    def _s3_only(cls, value: str | None) -> str | None:
        """Only ``s3://bucket[/prefix]`` (or nothing)."""
        if value and (not value.startswith("s3://") or len(value.rstrip("/")) <= len("s3://")):
            raise ValueError("ADSTUDIO_ASSETS_URI must read s3://bucket/prefix")
        return value or None

    def url(self) -> str | None:
        """The database URL in clear (None: SQLite files in the data dir)."""
        return self.database_url.get_secret_value() if self.database_url else None


def _proxy_address(part: str) -> str:
    """``part`` as an IP address, or a network (host bits cleared) when it has a ``/``."""
    try:
        if "/" in part:
            return str(ipaddress.ip_network(part, strict=False))
        return str(ipaddress.ip_address(part))
    except ValueError:
        raise ValueError(
            f"{part!r} is not an IP address, a network (10.0.0.0/8) or *") from None


class ApiSettings(_Group):
    """Where ``adstudio serve`` listens, and the HTTP API's auth, limits, CORS and signed URLs."""

    host: str = Field("127.0.0.1", description="Address `adstudio serve` binds.")
    port: int = Field(7860, ge=1, le=65535)
    auth: Literal["auto", "keys", "none"] = Field(
        "auto",
        description="API authentication: keys (bearer API keys), none (every request acts as "
        "ADSTUDIO_TENANT; refused unless bound to loopback), or auto (none on "
        "127.0.0.1/localhost/::1, except for requests through a reverse proxy, which carry "
        "Forwarded, X-Forwarded-For or X-Real-IP; keys otherwise).",
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
    max_body_mb: float = Field(
        25.0, gt=0, description="Largest HTTP request body the API reads (uploads included)."
    )
    max_message_chars: int = Field(
        8000, ge=1, description="Longest chat message the API accepts."
    )
    metrics_public: bool = Field(
        False, description="Serve /metrics to anyone (a scraper on a private network).",
    )
    metrics_key: SecretStr | None = Field(
        None,
        description="Bearer token of the metrics scraper: with API keys on, /metrics needs it "
        "(tenant keys get 403); unset: /metrics answers only direct loopback connections.",
    )
    runs_per_minute: int = Field(
        30, ge=1, description="Runs and capability calls per minute per API key (else 429)."
    )
    max_concurrent_runs: int = Field(
        4, ge=1,
        description="Runs the agent works on at once in this process; later runs wait in a "
        "queue (first come, first served) and start as others end.",
    )
    max_tenant_runs: int = Field(
        2, ge=1, description="Runs one tenant has going at once; its later runs wait in line."
    )
    max_queued_runs: int = Field(
        100, ge=0, description="Runs that may wait in the queue; beyond that a new run gets 503."
    )
    max_tenant_queued_runs: int | None = Field(
        None, ge=0,
        description="Runs one tenant may have waiting in the queue (beyond that its new run "
        "gets 503, leaving places for others); unset: a quarter of max_queued_runs, at least 1.",
    )
    uploads_per_minute: int = Field(
        30, ge=1, description="Uploads (POST /v1/assets) per minute per tenant (else 429)."
    )
    forwarded_allow_ips: str = Field(
        "127.0.0.1",
        description="Reverse proxies whose X-Forwarded-For and X-Forwarded-Proto `serve` "
        "believes (comma-separated addresses or networks, `*` for any): the client's address, "
        "and https in the links the API returns behind a TLS proxy. Others' headers are ignored.",
    )

    @field_validator("forwarded_allow_ips")
    @classmethod
    def _proxy_addresses(cls, value: str) -> str:
        """Addresses and networks written as uvicorn reads them; anything else refused by name.

        uvicorn silently trusts nobody for an entry it cannot parse (``172.18.0.1/16``, a
        ``*`` among addresses), so such a value is put right (``172.18.0.0/16``) or refused.
        """
        parts = [item.strip() for item in value.split(",")]
        if parts == ["*"]:
            return "*"
        if "*" in parts:
            raise ValueError("* (any proxy) stands alone; drop it or the addresses beside it")
        return ",".join(_proxy_address(part) for part in parts)

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        """Accept ``a,b`` as well as a list."""
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @computed_field  # type: ignore[prop-decorator]
    @property
    def max_body_bytes(self) -> int:
        """The API's request body limit in bytes."""
        return int(self.max_body_mb * 1024 * 1024)


# The one table of setting names: ``ADSTUDIO_<FLAT NAME>`` (environment or ``.env``), the
# flat keyword arguments of ``Settings(...)`` and ``Settings.with_changes(...)`` -> where the
# value lives: (group, field), or (None, field) for a top-level field of Settings.
FLAT_NAMES: Final[Mapping[str, tuple[str | None, str]]] = MappingProxyType({
    "engine": (None, "engine"),
    "data_dir": (None, "data_dir"),
    "tenant": (None, "tenant"),
    "allow_retired_models": (None, "allow_retired_models"),
    "aws_region": ("chat", "region"),
    "chat_model_id": ("chat", "model_id"),
    "chat_temperature": ("chat", "temperature"),
    "chat_max_tokens": ("chat", "max_tokens"),
    "chat_max_attempts": ("chat", "max_attempts"),
    "chat_read_timeout": ("chat", "read_timeout"),
    "chat_engine": ("chat", "engine"),
    "intent_gate": ("chat", "intent_gate"),
    "openai_base_url": ("openai", "base_url"),
    "openai_model": ("openai", "model"),
    "openai_api_key": ("openai", "api_key"),
    "openai_timeout": ("openai", "timeout"),
    "openai_temperature": ("openai", "temperature"),
    "openai_max_retries": ("openai", "max_retries"),
    "guardrail_id": ("guardrail", "id"),
    "guardrail_version": ("guardrail", "version"),
    "policy_dir": ("policy", "dir"),
    "marketplace": ("policy", "marketplace"),
    "image_engine": ("images", "engine"),
    "image_region": ("images", "region"),
    "stability_region": ("images", "stability_region"),
    "nova_canvas_region": ("images", "nova_canvas_region"),
    "titan_image_region": ("images", "titan_region"),
    "stability_model_id": ("images", "stability_model_id"),
    "stability_services_prefix": ("images", "stability_services_prefix"),
    "nova_canvas_model_id": ("images", "nova_canvas_model_id"),
    "titan_image_model_id": ("images", "titan_model_id"),
    "video_engine": ("video", "engine"),
    "video_region": ("video", "region"),
    "luma_region": ("video", "luma_region"),
    "nova_reel_region": ("video", "nova_reel_region"),
    "video_s3_uri": ("video", "s3_uri"),
    "nova_reel_model_id": ("video", "nova_reel_model_id"),
    "luma_model_id": ("video", "luma_model_id"),
    "video_poll_seconds": ("video", "poll_seconds"),
    "video_poll_max_seconds": ("video", "poll_max_seconds"),
    "max_upload_mb": ("limits", "max_upload_mb"),
    "max_megapixels": ("limits", "max_megapixels"),
    "default_variations": ("limits", "default_variations"),
    "max_variations": ("limits", "max_variations"),
    "recursion_limit": ("limits", "recursion_limit"),
    "prices": ("costs", "prices"),
    "prices_date": ("costs", "prices_date"),
    "confirm_above_usd": ("costs", "confirm_above_usd"),
    "host": ("api", "host"),
    "port": ("api", "port"),
    "api_auth": ("api", "auth"),
    "cors_origins": ("api", "cors_origins"),
    "secret_key": ("api", "secret_key"),
    "signed_url_seconds": ("api", "signed_url_seconds"),
    "api_max_body_mb": ("api", "max_body_mb"),
    "api_max_message_chars": ("api", "max_message_chars"),
    "metrics_public": ("api", "metrics_public"),
    "metrics_key": ("api", "metrics_key"),
    "api_runs_per_minute": ("api", "runs_per_minute"),
    "api_max_concurrent_runs": ("api", "max_concurrent_runs"),
    "api_max_tenant_runs": ("api", "max_tenant_runs"),
    "api_max_queued_runs": ("api", "max_queued_runs"),
    "api_max_tenant_queued_runs": ("api", "max_tenant_queued_runs"),
    "api_uploads_per_minute": ("api", "uploads_per_minute"),
    "forwarded_allow_ips": ("api", "forwarded_allow_ips"),
    "provenance_cert_chain": ("provenance", "cert_chain"),
    "provenance_private_key": ("provenance", "private_key"),
    "provenance_tsa_url": ("provenance", "tsa_url"),
    "ai_label": ("provenance", "ai_label"),
    "ai_label_text": ("provenance", "ai_label_text"),
    "database_url": ("storage", "database_url"),
    "assets_uri": ("storage", "assets_uri"),
    "asset_urls": ("storage", "asset_urls"),
})
GROUPS: Final = frozenset(group for group, _ in FLAT_NAMES.values() if group is not None)


def settings_problems(exc: ValidationError) -> list[str]:
    """One line per setting ``Settings()`` refused, named as the environment variable.

    ``ADSTUDIO_AI_LABEL: Input should be 'off', 'required' or 'always' (got 'sometimes')``:
    what an operator can act on, where pydantic names ``provenance.ai_label``. The value
    given is shown, except for secrets (a key, a database URL with its password).
    """
    names = {(group, field): flat for flat, (group, field) in FLAT_NAMES.items()}
    lines = []
    for error in exc.errors():
        loc = tuple(str(part) for part in error["loc"])
        key = (loc[0], loc[1]) if len(loc) > 1 else (None, loc[0] if loc else "")
        flat = names.get(key, ".".join(loc))
        value = error.get("input")
        got = f" (got {value!r})" if isinstance(value, str) and not _secret(key) else ""
        message = str(error["msg"]).removeprefix("Value error, ")  # pydantic's, for a validator's
        lines.append(f"ADSTUDIO_{flat.upper()}: {message}{got}")
    return lines


def _secret(key: tuple[str | None, str]) -> bool:
    """Whether the setting at ``(group, field)`` holds a secret (or is unknown: say nothing)."""
    group, name = key
    fields = Settings.model_fields
    if group is not None:
        annotation = fields[group].annotation if group in fields else None
        fields = annotation.model_fields if isinstance(annotation, type) and issubclass(
            annotation, BaseModel) else {}
    field = fields.get(name)
    return field is None or "SecretStr" in str(field.annotation)


def _grouped(values: Mapping[str, Any]) -> dict[str, Any]:
    """``values`` with every flat name of :data:`FLAT_NAMES` moved into its group.

    A flat name wins over the same field given inside its group (``images={...}``); a group
    given as a model counts only the fields it was given, so the rest still come from the
    environment; a key that is neither a flat name nor a field of ``Settings`` is kept, so
    validation refuses it.
    """
    out = {
        key: {name: getattr(value, name) for name in value.model_fields_set}
        if key in GROUPS and isinstance(value, BaseModel) else value
        for key, value in values.items() if key not in FLAT_NAMES
    }
    for flat, value in values.items():
        if flat not in FLAT_NAMES:
            continue
        group, name = FLAT_NAMES[flat]
        if group is None:
            out[name] = value
            continue
        given = out.get(group)
        fields = dict(given) if isinstance(given, Mapping | BaseModel) else {}
        out[group] = {**fields, name: value}
    return out


class _FlatNames(PydanticBaseSettingsSource):
    """One of pydantic-settings' own sources, made to speak the flat names of FLAT_NAMES.

    An environment source (``os.environ`` or ``.env``) is looked up by flat name
    (``ADSTUDIO_IMAGE_REGION``) and decoded as pydantic-settings decodes any field (JSON for
    ``prices``, none for ``cors_origins``); it never reports another variable, so unknown
    ``ADSTUDIO_*`` variables stay ignored. Any other source (the init keyword arguments)
    has its flat names moved into their groups.
    """

    def __init__(self, source: PydanticBaseSettingsSource) -> None:
        super().__init__(source.settings_cls)
        self.source = source

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        """Ask the wrapped source (unused: :meth:`__call__` reads it by flat name)."""
        return self.source.get_field_value(field, field_name)

    def __call__(self) -> dict[str, Any]:
        """The wrapped source's values, in groups."""
        if isinstance(self.source, EnvSettingsSource):  # DotEnvSettingsSource too
            return _grouped(self._read_env(self.source))
        return _grouped(self.source())

    def _read_env(self, source: EnvSettingsSource) -> dict[str, Any]:
        """The variables of ``source`` that FLAT_NAMES names, decoded, by flat name."""
        values: dict[str, Any] = {}
        for flat, (group, name) in FLAT_NAMES.items():
            field = _field_info(self.settings_cls, group, name)
            raw, _, is_complex = source.get_field_value(field, flat)
            try:
                value = source.prepare_field_value(flat, field, raw, is_complex)
            except ValueError as error:
                raise SettingsError(
                    f'error parsing value for field "{flat}" from source '
                    f'"{type(source).__name__}"'
                ) from error
            if value is not None:
                values[flat] = value
        return values

    def __repr__(self) -> str:
        """Name the wrapped source."""
        return f"{type(self).__name__}({self.source!r})"


def _field_info(settings_cls: type[BaseSettings], group: str | None, name: str) -> FieldInfo:
    """The declaration of ``name`` in ``group`` (``None``: a top-level field)."""
    if group is None:
        return settings_cls.model_fields[name]
    model = cast(type[BaseModel], settings_cls.model_fields[group].annotation)
    return model.model_fields[name]


class Settings(BaseSettings):
    """Where adstudio keeps its data, which engine it runs on, and its limits, in groups.

    Every field is set by its flat name in :data:`FLAT_NAMES`: an environment variable
    ``ADSTUDIO_<FLAT NAME>`` (``ADSTUDIO_IMAGE_REGION=eu-west-1`` sets ``images.region``),
    the same line in a ``.env`` file, or a keyword argument (``Settings(image_engine=
    "stability")``; a group as a whole works too: ``Settings(images={"engine": ...})``).
    Keyword arguments beat the environment, which beats ``.env``, which beats the defaults.
    A keyword argument it does not know is refused. Copy with :meth:`with_changes`.
    """

    model_config = SettingsConfigDict(
        env_prefix="ADSTUDIO_", env_file=".env", extra="forbid", frozen=True
    )

    engine: Engine = Field("local", description="Engine behind every capability.")
    data_dir: Path = Field(Path(".adstudio"), description="Threads, assets and logs live here.")
    tenant: str = Field("default", description="Tenant that owns new assets.")
    allow_retired_models: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Model ids past their end of life that may still be called, for an "
        "account that kept access (comma-separated, e.g. amazon.nova-reel-v1:1); any other "
        "retired model is refused with its date and successor.",
    )

    chat: ChatSettings = Field(default_factory=ChatSettings)
    openai: OpenAISettings = Field(default_factory=OpenAISettings)
    guardrail: GuardrailSettings = Field(default_factory=GuardrailSettings)
    policy: PolicySettings = Field(default_factory=PolicySettings)
    images: ImageSettings = Field(default_factory=ImageSettings)
    video: VideoSettings = Field(default_factory=VideoSettings)
    limits: LimitSettings = Field(default_factory=LimitSettings)
    costs: CostSettings = Field(default_factory=CostSettings)
    api: ApiSettings = Field(default_factory=ApiSettings)
    provenance: ProvenanceSettings = Field(default_factory=ProvenanceSettings)
    storage: StorageSettings = Field(default_factory=StorageSettings)

    @field_validator("allow_retired_models", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        """Accept ``a,b`` as well as a list."""
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """Keyword arguments, then the environment, then ``.env``: each by flat name."""
        return _FlatNames(init_settings), _FlatNames(env_settings), _FlatNames(dotenv_settings)

    def with_changes(self, **changes: Any) -> Self:
        """A validated copy with ``changes`` applied, named by flat name (``api_auth="keys"``).

        Only these values are read: not the environment, not ``.env``.

        Raises:
            pydantic.ValidationError: A value is invalid, or a name is not in FLAT_NAMES.
        """
        unknown = [name for name in changes if name not in FLAT_NAMES]
        if unknown:
            raise ValidationError.from_exception_data(
                type(self).__name__,
                [{"type": "extra_forbidden", "loc": (name,), "input": changes[name]}
                 for name in unknown],
            )
        values = {flat: self._flat_value(flat) for flat in FLAT_NAMES} | changes
        return type(self).model_validate(_grouped(values))  # validated; no source is read

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        """A copy; ``update`` is validated like :meth:`with_changes` (flat names only).

        pydantic's own ``model_copy`` would set an unknown key (``image_region``) as a stray
        attribute without validating it, silently changing nothing.
        """
        if update:
            return self.with_changes(**update)
        return super().model_copy(deep=deep)

    def _flat_value(self, flat: str) -> Any:
        """The value of the flat name ``flat``."""
        group, name = FLAT_NAMES[flat]
        return getattr(self if group is None else getattr(self, group), name)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def resolved_chat_engine(self) -> Literal["planner", "bedrock", "openai"]:
        """The chat model in use once ``auto`` is decided by ``engine``."""
        if self.chat.engine != "auto":
            return self.chat.engine
        return "bedrock" if self.engine == "bedrock" else "planner"

    @computed_field  # type: ignore[prop-decorator]
    @property
    def resolved_image_engine(self) -> Literal["local", "stability", "nova-canvas", "titan-v2"]:
        """The image engine in use once ``auto`` is decided by ``engine``."""
        if self.images.engine != "auto":
            return self.images.engine
        return "stability" if self.engine == "bedrock" else "local"

    @computed_field  # type: ignore[prop-decorator]
    @property
    def resolved_video_engine(self) -> Literal["local", "nova-reel", "luma-ray2"]:
        """The video engine in use once ``auto`` is decided.

        ``auto`` is ``luma-ray2`` (the live video model; Nova Reel reached its end of life)
        only when ``engine`` is ``bedrock`` and ``video.s3_uri`` is set (remote video models
        write to S3); otherwise it is ``local``. An explicit ``nova-reel`` or ``luma-ray2``
        is kept as is (the engine reports a missing S3 URI).
        """
        if self.video.engine != "auto":
            return self.video.engine
        return "luma-ray2" if self.engine == "bedrock" and self.video.s3_uri else "local"

    def engine_model_id(self, engine: RemoteEngine) -> str:
        """The model id a Bedrock family's engine calls (Stability: its inpaint service)."""
        return {
            "stability": self.images.service_id("inpaint"),
            "nova-canvas": self.images.nova_canvas_model_id,
            "titan-v2": self.images.titan_model_id,
            "nova-reel": self.video.nova_reel_model_id,
            "luma-ray2": self.video.luma_model_id,
        }[engine]

    def region_for(self, engine: RemoteEngine) -> str:
        """The region a Bedrock family is called in.

        Its own setting (``ADSTUDIO_LUMA_REGION``...), else the deprecated group-wide one
        (``ADSTUDIO_IMAGE_REGION``, ``ADSTUDIO_VIDEO_REGION``), else the catalogue's default
        for the configured model (:mod:`core.bedrock_models`), else the family's default.
        """
        own = {
            "stability": self.images.stability_region,
            "nova-canvas": self.images.nova_canvas_region,
            "titan-v2": self.images.titan_region,
            "luma-ray2": self.video.luma_region,
            "nova-reel": self.video.nova_reel_region,
        }[engine]
        shared = self.images.region if engine in _IMAGE_FAMILIES else self.video.region
        row = catalogue.find(self.engine_model_id(engine))
        if shared and row is not None and shared not in row.regions:
            shared = None  # the deprecated shared region does not serve this model (doctor warns)
        defaults = {
            "stability": catalogue.INPAINT, "nova-canvas": catalogue.NOVA_CANVAS,
            "titan-v2": catalogue.TITAN_IMAGE_V2, "nova-reel": catalogue.NOVA_REEL,
            "luma-ray2": catalogue.LUMA_RAY2,
        }
        return (
            own or shared or catalogue.default_region(self.engine_model_id(engine))
            or catalogue.default_region(defaults[engine]) or "us-east-1"
        )

    def model_calls(self) -> list[ModelCall]:
        """Every Bedrock model this deployment would call: role, model id and region.

        The Bedrock chat model is called when it runs the agent, and on the bedrock engine
        (feature extraction and art direction) even when another model runs the agent. The
        Stability engine calls its inpaint (ad scenes), remove-background (cutouts),
        erase-object (hands and retouches), outpaint (new placements of photos) and
        conservative-upscale (upscales) services, not the text-to-image model.
        """
        uses_chat = self.engine == "bedrock" or self.resolved_chat_engine == "bedrock"
        calls = [ModelCall("chat", self.chat.model_id, self.chat.region)] if uses_chat else []
        image = self.resolved_image_engine
        if image != "local":
            region = self.region_for(image)
            calls.append(ModelCall("images", self.engine_model_id(image), region))
            if image == "stability":
                calls += [
                    ModelCall("cutout", self.images.service_id("remove_background"), region),
                    ModelCall("erase", self.images.service_id("erase_object"), region),
                    ModelCall("outpaint", self.images.service_id("outpaint"), region),
                    ModelCall("upscale", self.images.service_id("conservative_upscale"),
                              region),
                ]
        video = self.resolved_video_engine
        if video != "local":
            calls.append(ModelCall("video", self.engine_model_id(video), self.region_for(video)))
        return calls

    def model_ids(self) -> dict[str, str]:
        """Every Bedrock model this deployment would call, by role (see :meth:`model_calls`)."""
        return {call.role: call.model_id for call in self.model_calls()}

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
