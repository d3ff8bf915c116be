"""The one factory of Bedrock runtime clients: each model family's region, retries, guard.

boto3 reads ``AWS_ENDPOINT_URL`` (or ``AWS_ENDPOINT_URL_BEDROCK_RUNTIME``,
``AWS_ENDPOINT_URL_S3``...) itself, so a private endpoint or a test server needs no setting
here.
"""

from __future__ import annotations

from typing import Any

from core.settings import Settings
from engines.bedrock.lifecycle import guard_client


def runtime_client(
    settings: Settings, region: str, *, read_timeout: int, attempts: int = 4
) -> Any:
    """A ``bedrock-runtime`` client in ``region`` that refuses retired models.

    Args:
        settings: The deployment settings (``allow_retired_models``).
        region: The model family's region (``Settings.region_for``).
        read_timeout: Seconds to wait for an answer.
        attempts: Total attempts, adaptive retries (throttling, 5xx).

    Raises:
        ConfigurationError: No AWS credentials can be found.
    """
    import boto3
    from botocore.config import Config

    from engines.bedrock.chat import require_credentials

    require_credentials()
    client = boto3.client(
        "bedrock-runtime",
        region_name=region,
        config=Config(retries={"mode": "adaptive", "total_max_attempts": attempts},
                      read_timeout=read_timeout, connect_timeout=10),
    )
    return guard_client(client, settings.allow_retired_models)


def s3_client(region: str, *, read_timeout: int = 60, attempts: int = 4) -> Any:
    """An ``s3`` client in ``region`` (where a video model writes its MP4s)."""
    import boto3
    from botocore.config import Config

    return boto3.client(
        "s3",
        region_name=region,
        config=Config(retries={"mode": "adaptive", "total_max_attempts": attempts},
                      read_timeout=read_timeout, connect_timeout=10),
    )
