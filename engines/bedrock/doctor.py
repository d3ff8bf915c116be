"""`adstudio doctor`: check that a deployment can reach what the bedrock engine needs.

Each check says what it looked at, whether it passed, and what to do when it did not. The
checks only read: credentials, the regions, each model id the deployment will actually call
(in its family's region: access, lifecycle and whether it needs an inference profile, from
``bedrock.get_foundation_model``), the guardrail and the video bucket. A model past its end
of life fails (exit 1); a legacy one warns.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

import boto3
from botocore.exceptions import BotoCoreError, ClientError

from core.bedrock_models import base_model_id, find, switch_advice, utc_today
from core.settings import ModelCall, Settings
from engines.bedrock.lifecycle import ALLOW_SETTING, is_allowed

log = logging.getLogger(__name__)
Status = Literal["ok", "warn", "fail"]

__all__ = ["Check", "base_model_id", "run_checks", "lifecycle_warnings", "warn_in_background"]

GUARDRAIL_ID = re.compile(
    r"^(?:[a-z0-9]+|arn:aws(?:-[^:]+)?:bedrock:(?P<region>[a-z0-9-]{1,20}):[0-9]{12}:"
    r"guardrail/[a-z0-9]+)$"
)
"""A guardrail id (``abc123def456``) or ARN, as botocore's service model defines them."""
GUARDRAIL_VERSION = re.compile(r"^(?:[1-9][0-9]{0,7}|DRAFT)$")
PROFILE_REGIONS = {"us.": "us-", "eu.": "eu-", "apac.": "ap-", "ca.": "ca-"}
"""Which regions an inference profile of each geography is called from."""
REGION_SETTINGS = {
    "chat": "ADSTUDIO_AWS_REGION",
    "stability": "ADSTUDIO_STABILITY_REGION",
    "nova-canvas": "ADSTUDIO_NOVA_CANVAS_REGION",
    "titan-v2": "ADSTUDIO_TITAN_IMAGE_REGION",
    "nova-reel": "ADSTUDIO_NOVA_REEL_REGION",
    "luma-ray2": "ADSTUDIO_LUMA_REGION",
}
"""The setting that moves each model family to another region."""
NOT_OFFERED = ("ValidationException", "ResourceNotFoundException")
"""Error codes GetFoundationModel answers for a model the region does not serve."""


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


def region_setting(settings: Settings, role: str) -> str:
    """The setting that moves the model of ``role`` to another region."""
    if role == "chat":
        return REGION_SETTINGS["chat"]
    engine = settings.resolved_video_engine if role == "video" else settings.resolved_image_engine
    return REGION_SETTINGS.get(engine, "the region setting of this model")


def check_regions(settings: Settings) -> list[Check]:
    """Which region each model family is called in; a warning per deprecated region setting."""
    regions: dict[str, str] = {}
    for call in settings.model_calls():
        regions.setdefault(call.role, call.region)
    detail = ", ".join(f"{role} {region}" for role, region in regions.items())
    checks = [Check("region", "ok", detail or "no Bedrock model is called")]
    deprecated = [
        (name, value) for name, value in (("ADSTUDIO_IMAGE_REGION", settings.images.region),
                                          ("ADSTUDIO_VIDEO_REGION", settings.video.region))
        if value
    ]
    for name, value in deprecated:
        checks.append(Check(
            f"setting {name}", "warn", f"deprecated ({value} for every model of the group)",
            "Set the region of each model family instead: ADSTUDIO_STABILITY_REGION, "
            "ADSTUDIO_NOVA_CANVAS_REGION, ADSTUDIO_TITAN_IMAGE_REGION, ADSTUDIO_LUMA_REGION, "
            "ADSTUDIO_NOVA_REEL_REGION (unset: the region that serves the model).",
        ))
    return checks


def _day(value: Any) -> date | None:
    """A lifecycle timestamp (datetime, or ISO text) as a date; None when absent."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value:
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
        except ValueError:
            return None
    return None


def _not_offered(exc: ClientError, name: str, call: ModelCall, setting: str) -> Check:
    """The check of a model the region does not serve (or an id it does not know)."""
    known = find(call.model_id)
    message = exc.response.get("Error", {}).get("Message", "")
    if known is None:
        return Check(name, "fail", f"not found in {call.region} ({message})",
                     f"Check the model id, and set {setting} to a region that offers it.")
    elsewhere = [r for r in known.regions if r != call.region]
    detail = f"not offered in {call.region}"
    if elsewhere:
        detail += f"; it is offered in {', '.join(elsewhere)}"
        return Check(name, "fail", detail, f"Set {setting}={elsewhere[0]}.")
    return Check(name, "fail", f"{detail} ({message})",
                 "Check the model id; this region should serve it, so ask AWS support.")


def _call_problem(exc: ClientError, name: str, call: ModelCall, setting: str) -> Check:
    """The check of a GetFoundationModel call that failed."""
    code = exc.response.get("Error", {}).get("Code", "")
    if code in NOT_OFFERED:
        return _not_offered(exc, name, call, setting)
    message = exc.response.get("Error", {}).get("Message", code)
    if code == "AccessDeniedException":
        return Check(name, "fail", f"no access ({message})",
                     f"Enable access to it in the Bedrock console (Model access) in "
                     f"{call.region}, and allow bedrock:InvokeModel and "
                     "bedrock:GetFoundationModel in IAM.")
    return Check(name, "fail", f"{code or 'error'}: {message}",
                 "Try again; if it keeps failing, check the Bedrock service status.")


def _profile_problem(call: ModelCall, details: dict[str, Any], name: str) -> Check | None:
    """A bare id that needs an inference profile, or a profile of another geography."""
    base = base_model_id(call.model_id)
    types = details.get("inferenceTypesSupported") or []
    if call.model_id == base and types and "ON_DEMAND" not in types:
        geography = next((g for g, r in PROFILE_REGIONS.items() if call.region.startswith(r)),
                         "us.")
        return Check(name, "fail",
                     f"cannot be called on demand (it supports {', '.join(types)}): it needs "
                     "an inference profile",
                     f"Use the inference profile id {geography}{call.model_id}.")
    prefix = call.model_id[: len(call.model_id) - len(base)]
    wanted = PROFILE_REGIONS.get(prefix)
    if wanted and not call.region.startswith(wanted):
        return Check(name, "fail",
                     f"the {prefix} inference profile is not served from {call.region}",
                     f"Call it from a {wanted}* region, or use the profile of {call.region}'s "
                     "geography.")
    return None


def _lifecycle(
    call: ModelCall, details: dict[str, Any], name: str, allowed: Collection[str], today: date
) -> Check:
    """ACTIVE (ok), legacy (warn) or past its end of life (fail, or warn when allowed)."""
    lifecycle = details.get("modelLifecycle") or {}
    known = find(call.model_id)
    end = _day(lifecycle.get("endOfLifeTime")) or (known.end_of_life if known else None)
    legacy = _day(lifecycle.get("legacyTime")) or (known.legacy if known else None)
    status = str(lifecycle.get("status", "ACTIVE"))
    advice = switch_advice(known)
    if end is not None and end <= today:
        detail = f"past its end of life ({end.isoformat()}): calls fail"
        if is_allowed(call.model_id, allowed):
            return Check(name, "warn", f"{detail} unless your account kept access",
                         f"{ALLOW_SETTING} allows it. When it stops working, {advice}.")
        return Check(name, "fail", detail, f"{advice[0].upper()}{advice[1:]}.")
    if status == "LEGACY" or (legacy is not None and legacy <= today):
        since = f" since {legacy.isoformat()}" if legacy else ""
        until = f", end of life {end.isoformat()}" if end else ""
        return Check(name, "warn", f"lifecycle LEGACY{since}{until}",
                     f"It is being retired. Before its end of life, {advice}.")
    until = f", end of life no sooner than {end.isoformat()}" if end else ""
    return Check(name, "ok", f"{status}{until}")


def check_model(
    client: Any,
    call: ModelCall,
    setting: str = "the region setting",
    allowed: Collection[str] = (),
    today: date | None = None,
) -> Check:
    """Can this account call ``call.model_id`` in ``call.region``, and is it still live?

    GetFoundationModel is asked about the foundation model behind the id (an inference
    profile's prefix is not an id it knows); whether the id as configured can be called
    comes from ``inferenceTypesSupported``.

    Args:
        client: A ``bedrock`` control-plane client in ``call.region``.
        call: The role, model id and region.
        setting: The setting that moves this model to another region (named in fixes).
        allowed: Retired ids the deployment may still call.
        today: The day to judge lifecycle dates on (default: today, UTC).
    """
    name = f"{call.role} model {call.model_id} in {call.region}"
    try:
        response = client.get_foundation_model(modelIdentifier=base_model_id(call.model_id))
    except ClientError as exc:
        return _call_problem(exc, name, call, setting)
    details = response.get("modelDetails", {})
    life = _lifecycle(call, details, name, allowed, today or utc_today())
    if life.status == "fail":
        return life
    return _profile_problem(call, details, name) or life


def check_guardrail(client: Any, settings: Settings) -> Check | None:
    """Is the guardrail id well formed, in the chat region, and there (None: no guardrail)?"""
    guardrail_id, version = settings.guardrail.id, settings.guardrail.version
    if not guardrail_id:
        return None
    name = f"guardrail {guardrail_id} v{version}"
    form = GUARDRAIL_ID.match(guardrail_id)
    if form is None:
        return Check(name, "fail", "not a guardrail id or ARN",
                     "Set ADSTUDIO_GUARDRAIL_ID to the guardrail's id (lowercase letters and "
                     "digits, like abc123def456, shown in the Bedrock console) or its ARN, "
                     "not its name.")
    if not GUARDRAIL_VERSION.match(version):
        return Check(name, "fail", f"'{version}' is not a guardrail version",
                     "Set ADSTUDIO_GUARDRAIL_VERSION to a version number or DRAFT.")
    arn_region = form.group("region")
    if arn_region and arn_region != settings.chat.region:
        return Check(name, "fail", f"the guardrail is in {arn_region}, the chat model in "
                     f"{settings.chat.region}",
                     "Use a guardrail of the chat region (ADSTUDIO_AWS_REGION).")
    try:
        found = client.get_guardrail(guardrailIdentifier=guardrail_id, guardrailVersion=version)
    except ClientError as exc:
        message = exc.response.get("Error", {}).get("Message", "not found")
        return Check(name, "fail", message,
                     f"Check ADSTUDIO_GUARDRAIL_ID and _VERSION (guardrails are per region: "
                     f"this one is looked for in {settings.chat.region}).")
    return Check(name, "ok", f"{found['name']} ({found['status']})")


BUCKET_FIX = (
    "Create it in the video model's region, or fix ADSTUDIO_VIDEO_S3_URI; the role needs "
    "s3:PutObject, s3:GetObject and s3:ListBucket on it (without s3:ListBucket S3 answers 403 "
    "for a video that is not written yet, and HeadBucket fails)."
)


def check_bucket(client: Any, settings: Settings, region: str) -> Check | None:
    """Can this account reach the bucket video models write to, in their region (None: none)?"""
    if not settings.video.s3_uri:
        return None
    bucket = settings.video.s3_uri.removeprefix("s3://").split("/", 1)[0]
    name = f"video bucket {bucket}"
    try:
        found = client.head_bucket(Bucket=bucket)
    except ClientError as exc:
        code = exc.response.get("Error", {}).get("Code", "")
        what = {"404": "does not exist", "NoSuchBucket": "does not exist",
                "403": "is not accessible with these credentials (s3:ListBucket is needed)"}
        return Check(name, "fail", f"the bucket {what.get(code, f'failed ({code})')}",
                     BUCKET_FIX)
    located = found.get("BucketRegion")
    if located and located != region:
        return Check(name, "fail", f"the bucket is in {located}, the video model in {region}",
                     "Bedrock writes videos only to a bucket of the model's region: use a "
                     f"bucket in {region} (ADSTUDIO_VIDEO_S3_URI).")
    return Check(name, "ok", f"reachable ({settings.video.s3_uri})")


def run_checks(
    settings: Settings,
    session: boto3.Session | None = None,
    clients: dict[str, Any] | None = None,
    today: date | None = None,
) -> list[Check]:
    """Run every check for ``settings``.

    Args:
        settings: The deployment settings.
        session: The boto3 session (tests pass one with fake credentials).
        clients: ``bedrock`` control-plane clients by region, and an ``s3`` client under
            the key ``"s3"`` (tests pass stubbed ones).
        today: The day to judge lifecycle dates on (default: today, UTC).
    """
    session = session or boto3.Session()
    checks = [check_credentials(session)]
    if checks[0].status == "fail":
        return checks
    checks += check_regions(settings)
    clients = clients or {}

    def bedrock(region: str) -> Any:
        if region not in clients:
            clients[region] = session.client("bedrock", region_name=region)
        return clients[region]

    calls = settings.model_calls()
    video_region = next((c.region for c in calls if c.role == "video"), None)
    try:
        seen: set[tuple[str, str]] = set()
        for call in calls:
            if (call.model_id, call.region) in seen:
                continue
            seen.add((call.model_id, call.region))
            checks.append(check_model(bedrock(call.region), call,
                                      region_setting(settings, call.role),
                                      settings.allow_retired_models, today))
        guardrail = check_guardrail(bedrock(settings.chat.region), settings)
        bucket = None
        if video_region is not None:
            if "s3" not in clients:
                clients["s3"] = session.client("s3", region_name=video_region)
            bucket = check_bucket(clients["s3"], settings, video_region)
    except BotoCoreError as exc:
        checks.append(Check("Bedrock endpoint", "fail", str(exc),
                            "Check the network, the region, any proxy settings and "
                            "AWS_ENDPOINT_URL (a private endpoint)."))
        return checks
    checks += [check for check in (guardrail, bucket) if check is not None]
    return checks


def lifecycle_warnings(
    settings: Settings,
    session: boto3.Session | None = None,
    clients: dict[str, Any] | None = None,
) -> list[str]:
    """Warnings about configured models that are retired, legacy, missing or not accessible.

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
