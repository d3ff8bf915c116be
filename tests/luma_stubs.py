"""Stubbed Luma Ray2 async jobs on botocore clients, shared by the video-cost tests."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import boto3
from botocore.stub import ANY, Stubber

S3_URI = "s3://ad-videos/renders"
ARN = "arn:aws:bedrock:us-west-2:123456789012:async-invoke/abc123def456"
MP4 = b"\x00\x00\x00\x18ftypmp42fake-mp4-bytes"
LUMA_CLIP_USD = 5 * 1.50  # a live image is one 5-s Luma Ray2 clip at $1.50 a second


def stub_client(service: str) -> Any:
    """A boto3 client in Luma's region with dummy credentials (for a Stubber)."""
    return boto3.client(service, region_name="us-west-2", aws_access_key_id="x",
                        aws_secret_access_key="x")


def expect_start(bedrock: Stubber) -> None:
    """Queue Bedrock's answer to the next start_async_invoke of Luma Ray2."""
    bedrock.add_response(
        "start_async_invoke", {"invocationArn": ARN},
        {"modelId": "luma.ray-v2:0", "modelInput": ANY, "outputDataConfig": ANY,
         "clientRequestToken": ANY},
    )


def expect_status(bedrock: Stubber, status: str, failure: str | None = None) -> None:
    """Queue Bedrock's answer to the next get_async_invoke: the job's ``status``."""
    response: dict[str, Any] = {
        "invocationArn": ARN, "modelArn": "arn:aws:bedrock:us-west-2::foundation-model/"
        "luma.ray-v2:0", "status": status, "submitTime": datetime(2026, 12, 5, tzinfo=UTC),
        "outputDataConfig": {"s3OutputDataConfig": {"s3Uri": S3_URI}},
    }
    if failure is not None:
        response["failureMessage"] = failure
    bedrock.add_response("get_async_invoke", response, {"invocationArn": ARN})
