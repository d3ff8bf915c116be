"""`adstudio doctor`: check that a deployment can reach what the bedrock engine needs.

Each check says what it looked at, whether it passed, and what to do when it did not. The
checks only read: credentials, the region, each configured model's access and lifecycle
(``bedrock.get_foundation_model``), the guardrail and the video bucket.
"""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass
from typing import Any, Literal

import boto3
from botocore.exceptions import BotoCoreError, ClientError

from core.settings import Settings

log = logging.getLogger(__name__)
Status = Literal["ok", "warn", "fail"]
_PROFILE_PREFIX = re.compile(r"^(?:us|eu|apac|jp|au|ca|us-gov|global)\.")
ALTERNATIVES = {
    "amazon.nova-canvas-v1:0": "stability.sd3-5-large-v1:0 (ADSTUDIO_IMAGE_ENGINE=stability)",
    "amazon.titan-image-generator-v2:0": "stability.sd3-5-large-v1:0 "
    "(ADSTUDIO_IMAGE_ENGINE=stability)",
    "amazon.nova-reel-v1:1": "luma.ray-v2:0",
    "amazon.nova-reel-v1:0": "luma.ray-v2:0",
}


@dataclass(frozen=True)
class Check:
    """One doctor check.

    Attributes:
        name: What was checked.
        status: ok, warn or fail.
        detail: What was found.
        fix: What to do about it (empty when ok).
    """

    name: str
    status: Status
    detail: str
    fix: str = ""


def base_model_id(model_id: str) -> str:
    """The foundation-model id behind an inference profile ("us.x.y" → "x.y")."""
    return _PROFILE_PREFIX.sub("", model_id)


def check_credentials(session: boto3.Session) -> Check:
    """Are there AWS credentials at all (environment, profile, SSO, instance role)?"""
    credentials = session.get_credentials()
    if credentials is None:
        return Check(
            "AWS credentials",
            "fail",
            "none found",
            "Set AWS_PROFILE (or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY), or run on a role.",
        )
    return Check("AWS credentials", "ok", f"found ({credentials.method})")


def check_model(client: Any, role: str, model_id: str) -> Check:
    """Can this account use ``model_id``, and is it ACTIVE or LEGACY?"""
    name = f"{role} model {model_id}"
    try:
        details = client.get_foundation_model(modelIdentifier=base_model_id(model_id))
    except ClientError as exc:
        code = exc.response.get("Error", {}).get("Code", "")
        fix = (
            "Enable access to it in the Bedrock console (Model access) for this region, and "
            "allow bedrock:InvokeModel in IAM."
            if code in ("AccessDeniedException", "ValidationException")
            else f"Pick a model available in this region (ADSTUDIO_* model settings); {code}."
        )
        return Check(name, "fail", exc.response.get("Error", {}).get("Message", code), fix)
    status = details["modelDetails"].get("modelLifecycle", {}).get("status", "ACTIVE")
    if status != "ACTIVE":
        alternative = ALTERNATIVES.get(base_model_id(model_id), "an ACTIVE model")
        return Check(
            name,
            "warn",
            f"lifecycle {status}",
            f"It is being retired: switch to {alternative} before its end of life.",
        )
    return Check(name, "ok", "ACTIVE")


def check_guardrail(client: Any, settings: Settings) -> Check | None:
    """Does the configured chat guardrail exist (None when no guardrail is configured)?"""
    if not settings.guardrail.id:
        return None
    name = f"guardrail {settings.guardrail.id} v{settings.guardrail.version}"
    try:
        found = client.get_guardrail(
            guardrailIdentifier=settings.guardrail.id, guardrailVersion=settings.guardrail.version
        )
    except ClientError as exc:
        message = exc.response.get("Error", {}).get("Message", "not found")
        return Check(name, "fail", message, "Check ADSTUDIO_GUARDRAIL_ID and _VERSION.")
    return Check(name, "ok", f"{found['name']} ({found['status']})")


def check_bucket(client: Any, settings: Settings) -> Check | None:
    """Can this account reach the S3 bucket remote video models write to (None: no bucket)?"""
    if not settings.video.s3_uri:
        return None
    bucket = settings.video.s3_uri.removeprefix("s3://").split("/", 1)[0]
    name = f"video bucket {bucket}"
    try:
        client.head_bucket(Bucket=bucket)
    except ClientError as exc:
        code = exc.response.get("Error", {}).get("Code", "")
        what = {"404": "does not exist", "NoSuchBucket": "does not exist",
                "403": "is not accessible with these credentials"}.get(code, f"failed ({code})")
        return Check(name, "fail", f"the bucket {what}",
                     "Create it in the video region, or fix ADSTUDIO_VIDEO_S3_URI; the role "
                     "needs s3:PutObject and s3:GetObject on it.")
    return Check(name, "ok", f"reachable ({settings.video.s3_uri})")


def run_checks(
    settings: Settings,
    session: boto3.Session | None = None,
    clients: dict[str, Any] | None = None,
) -> list[Check]:
    """Run every check for ``settings``.

    Args:
        settings: The deployment settings.
        session: The boto3 session (tests pass one with fake credentials).
        clients: ``bedrock`` control-plane clients by region, and an ``s3`` client under
            the key ``"s3"`` (tests pass stubbed ones).
    """
    session = session or boto3.Session()
    checks = [check_credentials(session)]
    if checks[0].status == "fail":
        return checks
    checks.append(
        Check(
            "region",
            "ok",
            f"chat {settings.chat.region}, images {settings.images.region}"
            + (f", video {settings.video.region}" if "video" in settings.model_ids() else ""),
        )
    )
    clients = clients or {}

    def bedrock(region: str) -> Any:
        if region not in clients:
            clients[region] = session.client("bedrock", region_name=region)
        return clients[region]

    try:
        regions = {"images": settings.images.region, "video": settings.video.region}
        for role, model_id in settings.model_ids().items():
            region = regions.get(role, settings.chat.region)
            checks.append(check_model(bedrock(region), role, model_id))
        guardrail = check_guardrail(bedrock(settings.chat.region), settings)
        if "s3" not in clients and settings.video.s3_uri:
            clients["s3"] = session.client("s3", region_name=settings.video.region)
        bucket = check_bucket(clients.get("s3"), settings)
    except BotoCoreError as exc:
        checks.append(
            Check(
                "Bedrock endpoint",
                "fail",
                str(exc),
                "Check the network, the region and any proxy settings.",
            )
        )
        return checks
    checks += [check for check in (guardrail, bucket) if check is not None]
    return checks


def lifecycle_warnings(
    settings: Settings,
    session: boto3.Session | None = None,
    clients: dict[str, Any] | None = None,
) -> list[str]:
    """Warnings about configured models that are LEGACY, missing or not accessible.

    Run at start-up with the bedrock engine (in the background), so a model that is being
    retired is named with its replacement before anyone pays for a failed call.
    """
    checks = run_checks(settings, session=session, clients=clients)
    return [
        f"{check.name}: {check.detail}. {check.fix}".strip()
        for check in checks
        if check.status != "ok" and check.name not in ("AWS credentials",)
    ]


def warn_in_background(settings: Settings) -> threading.Thread:
    """Log :func:`lifecycle_warnings` from a daemon thread; start-up does not wait for AWS."""

    def run() -> None:
        try:
            for warning in lifecycle_warnings(settings):
                log.warning("%s (see `adstudio doctor`)", warning)
        except (BotoCoreError, ClientError) as exc:
            log.warning("could not check the Bedrock models: %s (see `adstudio doctor`)", exc)

    thread = threading.Thread(target=run, name="adstudio-model-lifecycle", daemon=True)
    thread.start()
    return thread
