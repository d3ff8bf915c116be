"""Tests of the grouped settings: every ADSTUDIO_* name, .env, priority and with_changes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, SecretStr, ValidationError
from pydantic_settings import SettingsError

from core.settings import FLAT_NAMES, ApiSettings, Settings, settings_problems

# One valid, non-default value per flat name: (ADSTUDIO_<NAME> text, value it must give).
SAMPLES: dict[str, tuple[str, Any]] = {
    "engine": ("bedrock", "bedrock"),
    "data_dir": ("elsewhere", Path("elsewhere")),
    "tenant": ("acme", "acme"),
    "allow_retired_models": ("amazon.nova-reel-v1:1, amazon.nova-canvas-v1:0",
                             ["amazon.nova-reel-v1:1", "amazon.nova-canvas-v1:0"]),
    "aws_region": ("eu-west-1", "eu-west-1"),
    "chat_model_id": ("anthropic.claude-x", "anthropic.claude-x"),
    "chat_temperature": ("0.7", 0.7),
    "chat_max_tokens": ("1000", 1000),
    "chat_max_attempts": ("3", 3),
    "chat_read_timeout": ("30", 30),
    "chat_engine": ("openai", "openai"),
    "intent_gate": ("true", True),
    "openai_base_url": ("http://gpu-box:8000/v1", "http://gpu-box:8000/v1"),
    "openai_model": ("llama3.1:8b", "llama3.1:8b"),
    "openai_api_key": ("sk-local", SecretStr("sk-local")),
    "openai_timeout": ("30", 30.0),
    "openai_temperature": ("0.5", 0.5),
    "openai_max_retries": ("3", 3),
    "guardrail_id": ("gr-9", "gr-9"),
    "guardrail_version": ("4", "4"),
    "policy_dir": ("policies", Path("policies")),
    "marketplace": ("uk", "uk"),
    "image_engine": ("nova-canvas", "nova-canvas"),
    "image_region": ("eu-central-1", "eu-central-1"),
    "stability_region": ("us-east-1", "us-east-1"),
    "nova_canvas_region": ("eu-west-1", "eu-west-1"),
    "titan_image_region": ("us-west-2", "us-west-2"),
    "stability_model_id": ("stability.sd3-ultra", "stability.sd3-ultra"),
    "stability_services_prefix": ("eu.stability.", "eu.stability."),
    "nova_canvas_model_id": ("amazon.nova-canvas-v2:0", "amazon.nova-canvas-v2:0"),
    "titan_image_model_id": ("amazon.titan-v3:0", "amazon.titan-v3:0"),
    "video_engine": ("luma-ray2", "luma-ray2"),
    "video_region": ("us-west-2", "us-west-2"),
    "luma_region": ("us-east-1", "us-east-1"),
    "nova_reel_region": ("eu-west-1", "eu-west-1"),
    "video_s3_uri": ("s3://ad-videos/renders", "s3://ad-videos/renders"),
    "nova_reel_model_id": ("amazon.nova-reel-v1:0", "amazon.nova-reel-v1:0"),
    "luma_model_id": ("luma.ray-v3:0", "luma.ray-v3:0"),
    "video_poll_seconds": ("5", 5.0),
    "video_poll_max_seconds": ("60", 60.0),
    "max_upload_mb": ("5", 5.0),
    "max_megapixels": ("12.5", 12.5),
    "default_variations": ("2", 2),
    "max_variations": ("6", 6),
    "recursion_limit": ("80", 80),
    "prices": ('{"local/image": 0.5}', {"local/image": 0.5}),
    "prices_date": ("2027-01", "2027-01"),
    "confirm_above_usd": ("2.5", 2.5),
    "host": ("0.0.0.0", "0.0.0.0"),
    "port": ("8080", 8080),
    "api_auth": ("keys", "keys"),
    "cors_origins": ("https://a.example, https://b.example", ["https://a.example",
                                                              "https://b.example"]),
    "secret_key": ("s" * 40, SecretStr("s" * 40)),
    "signed_url_seconds": ("600", 600),
    "api_max_body_mb": ("10", 10.0),
    "api_max_message_chars": ("500", 500),
    "metrics_public": ("true", True),
    "metrics_key": ("m" * 24, SecretStr("m" * 24)),
    "api_runs_per_minute": ("5", 5),
    "api_max_concurrent_runs": ("8", 8),
    "api_max_tenant_runs": ("3", 3),
    "api_max_queued_runs": ("10", 10),
    "api_max_tenant_queued_runs": ("7", 7),
    "api_uploads_per_minute": ("5", 5),
    "forwarded_allow_ips": ("10.0.0.0/8, 172.18.0.5", "10.0.0.0/8,172.18.0.5"),
    "provenance_cert_chain": ("/etc/adstudio/chain.pem", Path("/etc/adstudio/chain.pem")),
    "provenance_private_key": ("/etc/adstudio/key.pem", Path("/etc/adstudio/key.pem")),
    "provenance_tsa_url": ("http://tsa.example", "http://tsa.example"),
    "ai_label": ("always", "always"),
    "ai_label_text": ("Made with AI", "Made with AI"),
    "database_url": ("postgresql://ads:pw@db:5432/ads", SecretStr("postgresql://ads:pw@db:5432/ads")),
    "assets_uri": ("s3://ads/prod", "s3://ads/prod"),
    "asset_urls": ("s3", "s3"),
}


def read(settings: Settings, flat: str) -> Any:
    """The value of the flat name ``flat``, read at its grouped attribute."""
    group, name = FLAT_NAMES[flat]
    return getattr(settings if group is None else getattr(settings, group), name)


@pytest.fixture(autouse=True)
def no_dotenv(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Run in an empty folder, so no ``.env`` but the test's own is read."""
    monkeypatch.chdir(tmp_path)


def test_the_table_names_every_field_once() -> None:
    places = set(FLAT_NAMES.values())
    assert len(places) == len(FLAT_NAMES)
    fields = set()
    for name, info in Settings.model_fields.items():
        group = info.annotation
        if isinstance(group, type) and issubclass(group, BaseModel):
            fields |= {(name, field) for field in group.model_fields}
        else:
            fields.add((None, name))
    assert places == fields


NEEDS = {"asset_urls": {"ADSTUDIO_ASSETS_URI": "s3://ads/prod"}}
"""Variables a sample is valid only beside (S3 presigned links need a bucket)."""


@pytest.mark.parametrize("flat", list(FLAT_NAMES))
def test_each_variable_sets_its_grouped_field(flat: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert flat in SAMPLES, f"give {flat} a sample value in SAMPLES"
    text, expected = SAMPLES[flat]
    for name, value in NEEDS.get(flat, {}).items():
        monkeypatch.setenv(name, value)
    assert read(Settings(), flat) != expected, "the sample must not be the value already set"
    monkeypatch.setenv(f"ADSTUDIO_{flat.upper()}", text)
    assert read(Settings(), flat) == expected


def test_the_grouped_attributes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADSTUDIO_IMAGE_REGION", "eu-west-1")
    monkeypatch.setenv("ADSTUDIO_VIDEO_S3_URI", "s3://ad-videos")
    monkeypatch.setenv("ADSTUDIO_API_AUTH", "keys")
    monkeypatch.setenv("ADSTUDIO_AWS_REGION", "eu-west-2")
    monkeypatch.setenv("ADSTUDIO_MAX_UPLOAD_MB", "1")
    monkeypatch.setenv("ADSTUDIO_API_MAX_BODY_MB", "2")
    settings = Settings()
    assert settings.images.region == "eu-west-1" and settings.video.s3_uri == "s3://ad-videos"
    assert settings.api.auth == "keys" and settings.chat.region == "eu-west-2"
    assert settings.limits.max_upload_bytes == 1024 * 1024
    assert settings.api.max_body_bytes == 2 * 1024 * 1024


def test_a_dotenv_file_is_read_below_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / ".env").write_text(
        "ADSTUDIO_IMAGE_REGION=eu-west-1\nADSTUDIO_PORT=8080\n"
        'ADSTUDIO_PRICES={"local/image": 0.5}\nADSTUDIO_NOT_A_SETTING=1\nOTHER=2\n'
    )
    settings = Settings()
    assert settings.images.region == "eu-west-1" and settings.api.port == 8080
    assert settings.costs.prices == {"local/image": 0.5}
    monkeypatch.setenv("ADSTUDIO_PORT", "9090")
    assert Settings().api.port == 9090 and Settings().images.region == "eu-west-1"


def test_keyword_arguments_beat_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADSTUDIO_API_AUTH", "none")
    monkeypatch.setenv("ADSTUDIO_PORT", "8080")
    assert Settings(api_auth="keys").api.auth == "keys"
    grouped = Settings(api={"auth": "keys"})
    assert grouped.api.auth == "keys" and grouped.api.port == 8080  # the rest from the env
    assert Settings(image_engine="stability").images.engine == "stability"
    assert Settings(images={"engine": "stability"}).images.engine == "stability"


def test_an_unknown_keyword_argument_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ValidationError, match="image_regoin"):
        Settings(image_regoin="eu-west-1")
    with pytest.raises(ValidationError, match="regoin"):
        Settings(images={"regoin": "eu-west-1"})
    monkeypatch.setenv("ADSTUDIO_NOT_A_SETTING", "1")
    monkeypatch.setenv("ADSTUDIO_IMAGES", "not json")  # a group is not a variable
    assert Settings().images.region is None


def test_invalid_values_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ValidationError, match="port"):
        Settings(port=0)
    monkeypatch.setenv("ADSTUDIO_PRICES", "{not json")
    with pytest.raises(SettingsError, match='field "prices"'):
        Settings()


def test_with_changes_is_a_validated_copy(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = Settings(image_engine="stability")
    keyed = settings.with_changes(api_auth="keys", api_runs_per_minute=5)
    assert keyed.api.auth == "keys" and keyed.api.runs_per_minute == 5
    assert keyed.images.engine == "stability" and settings.api.auth == "auto"
    assert settings.with_changes() == settings
    with pytest.raises(ValidationError, match="api.auth"):
        settings.with_changes(api_auth="sometimes")
    with pytest.raises(ValidationError, match="runs_per_minute"):
        settings.with_changes(api_runs_per_minute=0)
    monkeypatch.setenv("ADSTUDIO_PORT", "9090")  # a copy does not read the environment again
    assert settings.with_changes(tenant="acme").api.port == settings.api.port


@pytest.mark.parametrize("name", ["api_authentication", "images", "max_upload_bytes"])
def test_with_changes_refuses_unknown_names(name: str) -> None:
    with pytest.raises(ValidationError, match=name):
        Settings().with_changes(**{name: "keys"})


def test_cors_origins_split_on_commas(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADSTUDIO_CORS_ORIGINS", "https://a.example, ,https://b.example")
    assert Settings().api.cors_origins == ["https://a.example", "https://b.example"]
    assert Settings(cors_origins="x, y").api.cors_origins == ["x", "y"]
    assert Settings().with_changes(cors_origins="z").api.cors_origins == ["z"]


def test_a_group_given_as_a_model_keeps_the_environment_for_its_other_fields(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ADSTUDIO_API_AUTH", "keys")
    monkeypatch.setenv("ADSTUDIO_API_RUNS_PER_MINUTE", "7")
    settings = Settings(api=ApiSettings(port=9000))
    assert (settings.api.port, settings.api.auth, settings.api.runs_per_minute) == (9000, "keys", 7)


def test_model_copy_with_an_update_is_validated_like_with_changes() -> None:
    settings = Settings()
    assert settings.model_copy(update={"chat_temperature": 0.1}).chat.temperature == 0.1
    with pytest.raises(ValidationError):
        settings.model_copy(update={"chat_temperature": 5})
    with pytest.raises(ValidationError):
        settings.model_copy(update={"temperature": 0.1})  # a field name, not a flat name
    assert settings.model_copy() == settings


@pytest.mark.parametrize(
    ("engine", "chat", "resolved", "bedrock_chat"),
    [
        ("local", "auto", "planner", False),
        ("bedrock", "auto", "bedrock", True),
        ("local", "openai", "openai", False),
        # Bedrock images and features, the conversation on the user's own server: the
        # Bedrock chat model still extracts features and directs the art.
        ("bedrock", "openai", "openai", True),
        ("bedrock", "planner", "planner", True),
        ("local", "bedrock", "bedrock", True),
    ],
)
def test_the_chat_engine_follows_engine_unless_chosen(
    engine: str, chat: str, resolved: str, bedrock_chat: bool
) -> None:
    settings = Settings(engine=engine, chat_engine=chat)
    assert settings.resolved_chat_engine == resolved
    assert ("chat" in settings.model_ids()) is bedrock_chat


def test_the_openai_defaults_point_at_a_local_ollama(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = Settings()
    assert settings.chat.engine == "auto"
    assert settings.openai.base_url == "http://127.0.0.1:11434/v1"
    assert settings.openai.temperature == 0
    monkeypatch.setenv("ADSTUDIO_OPENAI_API_KEY", "sk-secret-value")
    assert "sk-secret-value" not in repr(Settings()) + str(Settings().model_dump())
    with pytest.raises(ValidationError, match="base_url"):
        Settings(openai_base_url="127.0.0.1:11434/v1")
    with pytest.raises(ValidationError, match="chat.engine"):
        Settings(chat_engine="ollama")


def test_video_auto_picks_luma_ray2_on_bedrock_with_a_bucket() -> None:
    remote = Settings(engine="bedrock", video_s3_uri="s3://ad-videos/out")
    assert remote.resolved_video_engine == "luma-ray2"
    assert remote.model_ids()["video"] == "luma.ray-v2:0"
    assert remote.with_changes(video_engine="nova-reel").model_ids()["video"] == (
        "amazon.nova-reel-v1:1"  # still selectable explicitly
    )
    assert Settings(engine="bedrock").resolved_video_engine == "local"  # no bucket


def test_each_model_family_defaults_to_a_region_that_serves_it() -> None:
    settings = Settings(engine="bedrock")
    assert settings.region_for("luma-ray2") == "us-west-2"
    assert settings.region_for("nova-reel") == "us-east-1"
    assert settings.region_for("stability") == "us-west-2"
    assert settings.region_for("nova-canvas") == "us-east-1"
    assert settings.chat.region == "us-east-1"


def test_a_family_region_overrides_the_deprecated_group_region(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ADSTUDIO_IMAGE_REGION", "eu-west-1")  # deprecated, still honoured
    monkeypatch.setenv("ADSTUDIO_VIDEO_REGION", "us-east-2")  # ... where it serves the model
    settings = Settings()
    assert settings.region_for("nova-canvas") == "eu-west-1"
    assert settings.region_for("stability") == "us-west-2"  # a us. profile: not eu-west-1
    assert settings.region_for("luma-ray2") == "us-west-2"  # Luma Ray2: us-west-2 only
    assert settings.region_for("nova-reel") == "us-east-1"  # not offered in us-east-2
    monkeypatch.setenv("ADSTUDIO_STABILITY_REGION", "us-west-2")
    monkeypatch.setenv("ADSTUDIO_LUMA_REGION", "us-west-2")
    settings = Settings()
    assert settings.region_for("stability") == "us-west-2"
    assert settings.region_for("nova-canvas") == "eu-west-1"
    assert settings.region_for("luma-ray2") == "us-west-2"


def test_the_stability_engine_lists_the_services_it_calls_in_its_region() -> None:
    settings = Settings(engine="bedrock", video_s3_uri="s3://ad-videos")
    calls = {call.role: (call.model_id, call.region) for call in settings.model_calls()}
    assert calls == {
        "chat": ("us.anthropic.claude-haiku-4-5-20251001-v1:0", "us-east-1"),
        "images": ("us.stability.stable-image-inpaint-v1:0", "us-west-2"),
        "cutout": ("us.stability.stable-image-remove-background-v1:0", "us-west-2"),
        "erase": ("us.stability.stable-image-erase-object-v1:0", "us-west-2"),
        "outpaint": ("us.stability.stable-outpaint-v1:0", "us-west-2"),
        "upscale": ("us.stability.stable-conservative-upscale-v1:0", "us-west-2"),
        "video": ("luma.ray-v2:0", "us-west-2"),
    }
    canvas = settings.with_changes(image_engine="nova-canvas", video_engine="nova-reel")
    assert canvas.model_calls()[1:] == [
        ("images", "amazon.nova-canvas-v1:0", "us-east-1"),
        ("video", "amazon.nova-reel-v1:1", "us-east-1"),
    ]


def test_retired_models_are_allowed_by_a_comma_separated_list(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert Settings().allow_retired_models == []
    monkeypatch.setenv("ADSTUDIO_ALLOW_RETIRED_MODELS", "amazon.nova-reel-v1:1,, ")
    assert Settings().allow_retired_models == ["amazon.nova-reel-v1:1"]


def test_a_deprecated_shared_region_that_does_not_serve_the_model_is_not_used() -> None:
    # a Nova Reel deployment kept ADSTUDIO_VIDEO_REGION=us-east-1; auto is now Luma Ray2,
    # which only us-west-2 serves
    settings = Settings(engine="bedrock", video_region="us-east-1",
                        video_s3_uri="s3://ad-videos")
    assert settings.region_for("luma-ray2") == "us-west-2"
    assert settings.with_changes(video_engine="nova-reel").region_for("nova-reel") == "us-east-1"


def test_an_ai_label_that_says_nothing_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    # a blank label would put an empty pill on every ad and count it as disclosed
    monkeypatch.setenv("ADSTUDIO_AI_LABEL_TEXT", "   ")
    with pytest.raises(ValidationError, match="ai_label_text"):
        Settings()
    monkeypatch.setenv("ADSTUDIO_AI_LABEL_TEXT", "  Made with AI ")
    assert Settings().provenance.ai_label_text == "Made with AI"


@pytest.mark.parametrize("value", ["nginx", "10.0.0.0/8, lb.internal", "300.1.1.1", "*, 10.0.0.5"])
def test_a_proxy_that_is_no_address_is_refused_by_name(value: str) -> None:
    with pytest.raises(ValidationError) as refused:
        Settings(forwarded_allow_ips=value)
    assert any("is not an IP address, a network" in line or "stands alone" in line
               for line in settings_problems(refused.value))
    assert "ADSTUDIO_FORWARDED_ALLOW_IPS" in " ".join(settings_problems(refused.value))


def test_proxies_are_addresses_networks_or_any() -> None:
    assert Settings(forwarded_allow_ips="*").api.forwarded_allow_ips == "*"
    spaced = Settings(forwarded_allow_ips=" 127.0.0.1 ,::1")
    assert spaced.api.forwarded_allow_ips == "127.0.0.1,::1"


def test_a_network_written_with_its_host_bits_is_trusted_as_the_network() -> None:
    # uvicorn would drop "172.18.0.1/16" (not a network address) and trust nobody
    from uvicorn.middleware.proxy_headers import _TrustedHosts

    value = Settings(forwarded_allow_ips="172.18.0.1/16,10.1.2.3").api.forwarded_allow_ips
    assert value == "172.18.0.0/16,10.1.2.3"
    trusted = _TrustedHosts(value)
    assert "172.18.5.9" in trusted and "10.1.2.3" in trusted and "172.19.0.1" not in trusted
