"""Helpers the image capabilities share: loading inputs, checking and storing rendered ads.

Every ad passes the image policy (:mod:`policy.images`) before it is stored: a
``block`` refuses it (nothing is stored), warnings travel with the result so the agent
can tell the user. Every check, passes included, is written to the run's audit log.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Iterable, Sequence
from typing import Any

from PIL import Image

from core.errors import InvalidImageError, PolicyViolationError
from core.findings import Finding
from core.images import decode_image, encode_png
from core.plaintext import copy_findings
from core.schemas import AdImage
from core.storage.assets import Asset
from engines import PaidCall
from engines.bedrock.guardrail import GuardrailBlockedError
from engines.local.cutout import Cutout
from engines.local.look import image_look
from policy import audit
from policy.images import POLICY_VERSION, AdLayout, check_ad, check_image
from policy.text import load_policy
from tools.capabilities.lineage import ad_copy, label
from tools.provenance import fingerprinted
from tools.sdk import CapabilityContext

log = logging.getLogger(__name__)


def painted(ctx: CapabilityContext) -> list[PaidCall]:
    """The calls that paint one ad's scene on this engine (none on the local renderer)."""
    return [PaidCall("image", model) for model in ctx.engines.images.models]


def made_by(
    calls: Iterable[PaidCall], *models: Iterable[object], engine: str = ""
) -> dict[str, Any]:
    """What an asset records of the model calls that made it, and the engine that did.

    ``calls`` is what this tool call spent on it (its ``calls``: priced in the cost ledger,
    see :func:`tools.cost.spent`; a call that answered but whose answer was not used is
    billed, so it is there too); ``models`` add the model ids of what it was made from
    (its cutout, its parent image), so its ``models`` name every model whose work is in it
    (a creative's provenance): a call whose answer was not used is not named. A failed
    call is in neither. ``engine`` is the image engine's name (recorded when given).
    """
    spent = list(calls)
    named = [str(m) for group in models for m in group]
    used = [call.model for call in spent if call.used]
    return {
        "calls": [call.as_dict() for call in spent],
        "models": list(dict.fromkeys([*used, *named])),
        **({"engine": engine} if engine else {}),
    }


def recorded_models(asset: Asset) -> list[str]:
    """The model ids an asset records as having made it (none when it records none)."""
    models = asset.parameters.get("models")
    return [str(m) for m in models] if isinstance(models, list) else []


def load_image_asset(ctx: CapabilityContext, asset_id: str) -> tuple[Asset, Image.Image]:
    """Return an image asset's metadata and decoded pixels.

    Raises:
        AssetNotFoundError: No such asset for this tenant.
        InvalidImageError: The asset is not an image.
    """
    asset = ctx.assets.get(asset_id, tenant=ctx.tenant)
    if not asset.mime.startswith("image/"):
        raise InvalidImageError(
            f"{label(ctx, asset_id)} is a {asset.kind}, not an image.",
            hint="Pick an image asset.",
        )
    data = ctx.assets.read(asset.id)
    image, _ = decode_image(data, max_bytes=len(data), max_pixels=10**9)
    return asset, image


def check_ad_text(
    *texts: str | None, ctx: CapabilityContext | None = None
) -> list[Finding]:
    """Refuse ad copy the text policy blocks, before it is rendered; return the rest.

    Every capability that sets copy on an ad calls this (chat tools, the API, MCP, batch
    rows, edits). Ad copy is plain text: markup and control characters block it too
    (:mod:`core.plaintext`), with the plain text offered in the hint.

    Args:
        texts: The copy (headline, subline, button...); None and blanks are skipped.
        ctx: The capability's context: its tenant's policy applies and each text checked
            is audited in its log (None: the shipped policy, no audit).

    Returns:
        The findings that do not block (a claim to rewrite, a warning), for the caller to
        show the user (:func:`copy_notes`, :func:`record_copy_findings`).

    Raises:
        PolicyViolationError: A blocked term, markup or a control character is in the copy.
    """
    kept: list[Finding] = []
    for text in texts:
        if not text:
            continue
        policy = ctx.policy if ctx is not None else load_policy()
        findings = copy_findings(text) + policy.check(text)
        if ctx is not None:
            audit.record_to(ctx.audit, audit.entry(
                findings, content=text, stage="output", subject="text",
                policy_version=policy.version, tenant=ctx.tenant, thread=ctx.thread,
            ))
        for finding in findings:
            if finding.severity == "block":
                raise PolicyViolationError(
                    f"The text '{text}' cannot go on an ad: {finding.reason}", hint=finding.fix
                )
        kept += findings
    return kept


def copy_notes(findings: list[Finding]) -> list[str]:
    """One line per copy finding, for a result's notes: the words, why, and the rewrite."""
    notes = []
    for finding in findings:
        rewrite = f" Try '{finding.suggestion}' instead." if finding.suggestion else ""
        notes.append(f"The copy '{finding.excerpt}': {finding.reason} {finding.fix}{rewrite}")
    return notes


def record_copy_findings(ctx: CapabilityContext, findings: list[Finding], asset_id: str) -> None:
    """Record the copy findings of a stored ad under its id (its Policy checks panel)."""
    if not findings:
        return
    policy = ctx.policy
    audit.record_to(ctx.audit, audit.entry(
        findings, content="\n".join(f.excerpt for f in findings), stage="output",
        subject="text", policy_version=policy.version, tenant=ctx.tenant, thread=ctx.thread,
        asset_id=asset_id,
    ))


def image_findings(
    image: Image.Image, layout: AdLayout | None, placement: str | None
) -> list[Finding]:
    """The image policy's findings on an ad: with its layout when adstudio composed it."""
    if layout is not None:
        return check_ad(image, layout)
    return check_image(image, placement=placement)


def _audit_image(
    ctx: CapabilityContext,
    findings: list[Finding],
    png: bytes,
    asset_id: str | None,
    engine: str = audit.LOCAL_ENGINE,
    version: str = POLICY_VERSION,
) -> None:
    audit.record_to(ctx.audit, audit.entry(
        findings, content=png, stage="output", subject="image", policy_version=version,
        tenant=ctx.tenant, thread=ctx.thread, asset_id=asset_id, engine=engine,
    ))


def refuse_blocked(ctx: CapabilityContext, findings: list[Finding], png: bytes) -> None:
    """Audit and refuse an ad the image policy blocks (nothing is stored).

    Raises:
        PolicyViolationError: A finding blocks the ad.
    """
    blocks = [f for f in findings if f.severity == "block"]
    if not blocks:
        return
    _audit_image(ctx, findings, png, None)
    first = blocks[0]
    raise PolicyViolationError(
        f"The ad was not kept: {first.reason} (rule `{first.rule_id}`)", hint=first.fix
    )


def screen_ad(ctx: CapabilityContext, png: bytes) -> list[Finding]:
    """Screen a generated image with the run's Bedrock guardrail (no guardrail: no check).

    A guardrail that cannot be reached only logs a warning: the image model's own content
    filters have already passed the image. A block is audited before it is raised.

    Returns:
        The guardrail's findings (none of them blocks).

    Raises:
        GuardrailBlockedError: The guardrail blocked the image.
    """
    if ctx.guardrail is None:
        return []
    findings = ctx.guardrail.check_images([png], "OUTPUT")
    for finding in findings:
        if finding.severity == "block":
            _audit_image(ctx, findings, png, None, audit.GUARDRAIL_ENGINE, ctx.guardrail.label)
            raise GuardrailBlockedError(
                f"The guardrail blocked a generated image: {finding.reason}", hint=finding.fix
            )
        log.warning("guardrail on a generated image: %s %s", finding.rule_id, finding.reason)
    return findings


def store_ad(
    ctx: CapabilityContext,
    image: Image.Image,
    *,
    theme: str,
    placement: str,
    capability: str,
    parents: list[str],
    parameters: dict[str, Any],
    caption: str,
    png: bytes | None = None,
    layout: AdLayout | None = None,
    findings: list[Finding] | None = None,
) -> AdImage:
    """Check an ad with the image policy and the guardrail (if any), store and describe it.

    Args:
        ctx: The capability's context (asset store, tenant).
        image: The rendered ad.
        theme: Id of the theme it shows.
        placement: Id of the placement it was made for.
        capability: The capability that made it.
        parents: Assets it was made from.
        parameters: Everything needed to make it again (the recipe).
        caption: A short human-readable label.
        png: The image already PNG-encoded (encoded here when omitted).
        layout: Where adstudio put the ad's parts (None: only size checks, for
            ``placement`` unless it is ``original``).
        findings: The image policy's findings when already computed (with ``layout``).

    Returns:
        The stored ad; its ``findings`` are the policy's warnings, its ``look`` the colours
        and tone read from its pixels (also stored in the asset's parameters as ``look``).

    Raises:
        PolicyViolationError: The image policy blocked the image; nothing was stored.
        GuardrailBlockedError: The run's guardrail blocked the image; nothing was stored.
    """
    png = png if png is not None else encode_png(image)
    if findings is None:
        findings = image_findings(image, layout, None if placement == "original" else placement)
    refuse_blocked(ctx, findings, png)
    screened = screen_ad(ctx, png)
    look = image_look(image)
    asset = ctx.assets.put(
        png,
        kind="ad_image",
        mime="image/png",
        width=image.width,
        height=image.height,
        parents=parents,
        capability=capability,
        parameters=fingerprinted({**parameters, "look": look.model_dump(mode="json"),
                                  "checks": ad_checks(ctx, findings, screened)}, image),
        caption=caption,
        tenant=ctx.tenant,
    )
    stored = ctx.assets.read(asset.id)  # signed (C2PA): the audit names the file kept
    _audit_image(ctx, findings, stored, asset.id)
    if ctx.guardrail is not None:
        _audit_image(ctx, screened, stored, asset.id, audit.GUARDRAIL_ENGINE,
                     ctx.guardrail.label)
    return AdImage(
        asset_id=asset.id,
        caption=caption,
        theme=theme,
        placement=placement,
        width=image.width,
        height=image.height,
        findings=findings,
        look=look,
        headline=ad_copy(parameters)[0],
        cta=ad_copy(parameters)[1],
    )


def ad_checks(
    ctx: CapabilityContext, findings: list[Finding], screened: list[Finding]
) -> dict[str, Any]:
    """The checks a stored ad passed, as its parameters (and its C2PA manifest) record them.

    The versions of the image policy and of the tenant's text policy, the image policy's
    warnings, and the guardrail's decision: ``passed``, ``warned`` (findings that do not
    block) or ``not configured``.
    """
    guardrail = None if ctx.guardrail is None else ctx.guardrail.label
    decision = "not configured" if guardrail is None else ("warned" if screened else "passed")
    return {
        "image_policy": POLICY_VERSION,
        "text_policy": ctx.policy.version,
        "image_warnings": sorted({f.rule_id for f in findings}),
        "guardrail": guardrail,
        "guardrail_decision": decision,
    }


def finding_notes(label: str, findings: list[Finding]) -> list[str]:
    """One line per image-policy warning, for a result's notes: "<label>: <reason> <fix>"."""
    return [f"{label}: {f.reason} {f.fix}".strip() for f in findings]


def cutout_parameters(cut: Cutout) -> dict[str, Any]:
    """What a stored cutout records: method, box, confidence, doubts, cut-off sides, hand."""
    return {
        "method": cut.method,
        "box": list(cut.box),
        "confidence": cut.confidence,
        "doubts": list(cut.doubts),
        "cropped": sorted(cut.cropped),
        "hand": cut.hand,
    }


def sides_phrase(sides: Collection[str]) -> str:
    """The photo sides a product runs off, in words: "bottom edge", "bottom and left edges"."""
    named = " and ".join(side for side in ("left", "top", "right", "bottom") if side in sides)
    return f"{named} {'edges' if len(sides) > 1 else 'edge'}"


def marked_note(marked: Sequence[int] | None, size: tuple[int, int]) -> list[str]:
    """Say that a box marked on the photo earlier limited the cutout (none: nothing to say).

    The box is kept with the photo, so a later call (the CLI, a batch) would otherwise cut
    out only part of the photo without telling why.
    """
    if marked is None:
        return []
    width, height = size
    return [
        f"Only what lies inside the box marked on this photo earlier ({', '.join(map(str, marked))}"
        f" as left, top, right, bottom) was cut out; give another box, or the whole photo "
        f"(0, 0, {width}, {height}), to change that."
    ]
