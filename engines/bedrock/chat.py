"""The Bedrock chat model (ChatBedrockConverse) and the credentials check of every client."""

from __future__ import annotations

from typing import Any

from langchain_core.language_models import BaseChatModel

from core.errors import ConfigurationError
from core.settings import Settings
from engines.bedrock.lifecycle import refuse_retired


def require_credentials() -> None:
    """Fail with a clear message when no AWS credentials can be found.

    Raises:
        ConfigurationError: No credentials in the environment, profile, SSO or role.
    """
    import boto3

    if boto3.Session().get_credentials() is None:
        raise ConfigurationError(
            "The bedrock engine needs AWS credentials, and none were found.",
            hint="Run `adstudio doctor` to see what is missing, or use the offline engine "
            "with ADSTUDIO_ENGINE=local.",
        )


def make_bedrock_chat(settings: Settings, client: Any | None = None) -> BaseChatModel:
    """Build ``ChatBedrockConverse`` from settings.

    Args:
        settings: Model id, region, sampling, retries and timeouts (the guardrail is applied
            by the guard nodes with ApplyGuardrail, not here, so text is checked once).
        client: A ready ``bedrock-runtime`` client (tests pass a Stubber-wrapped one).

    Returns:
        The Bedrock chat model.

    Raises:
        RetiredModelError: The chat model is past its end of life (and not allowed).
        ConfigurationError: No AWS credentials can be found.
    """
    from botocore.config import Config
    from langchain_aws import ChatBedrockConverse

    refuse_retired(settings.chat.model_id, settings.allow_retired_models)
    if client is None:
        require_credentials()
    options: dict[str, Any] = {
        "model": settings.chat.model_id,
        "region_name": settings.chat.region,
        "temperature": settings.chat.temperature,
        "max_tokens": settings.chat.max_tokens,
    }
    if client is not None:
        options["client"] = client
    else:
        options["config"] = Config(
            retries={"mode": "adaptive", "total_max_attempts": settings.chat.max_attempts},
            read_timeout=settings.chat.read_timeout,
            connect_timeout=10,
        )
    return ChatBedrockConverse(**options)
