"""Bedrock Guardrails through ``ApplyGuardrail``: text and images, mapped to policy findings.

The guardrail's assessments become the same :class:`~core.findings.Finding` the local ad
policy returns, so the guard nodes treat both alike:

- ``guardrail.content.<TYPE>`` (HATE, INSULTS, SEXUAL, VIOLENCE, MISCONDUCT, PROMPT_ATTACK),
  ``guardrail.topic.<name>``, ``guardrail.word.custom``, ``guardrail.word.PROFANITY``,
  ``guardrail.pii.<TYPE>``, ``guardrail.regex.<name>``, ``guardrail.grounding.<TYPE>``;
- severity ``block`` when the guardrail BLOCKED it, ``rewrite`` when it ANONYMIZED personal
  data (its masked text is returned in :attr:`GuardrailVerdict.masked`), ``warn`` when it
  detected something it let through.

Failure policy (fail open, with a warning): throttling and 5xx errors are retried by the
client's adaptive retry config; once those are spent, or for any other error (access denied,
unknown guardrail, no network), the check returns one ``warn`` finding,
``guardrail.unavailable``, whose sentence says what happened: busy (throttled, unavailable,
timed out: try again) or not reachable (check the configuration). The log gets one line and
the traceback at debug level only. The turn goes on: the local ad policy always runs beside
the guardrail, and generated images have already passed the image model's own content
filters; the guard nodes tell the user what the guardrail did not check.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    ConnectTimeoutError,
    ReadTimeoutError,
)
from PIL import Image

from core.errors import ConfigurationError, PolicyViolationError
from core.findings import Finding, Severity
from core.images import encode_png
from core.settings import Settings
from engines.bedrock.invoke import to_rgb

log = logging.getLogger(__name__)

Source = Literal["INPUT", "OUTPUT"]
GuardImage = Image.Image | bytes

MAX_IMAGE_BYTES = 4_000_000
"""Largest image ApplyGuardrail accepts (4 MB); larger ones are re-encoded as JPEG."""

MAX_IMAGE_SIDE = 8000
"""Largest width or height ApplyGuardrail accepts."""

MAX_IMAGES_PER_REQUEST = 20
"""Most images in one ApplyGuardrail request; more are sent in batches."""

UNAVAILABLE = "guardrail.unavailable"
"""Rule id of the warning returned when the guardrail could not be called."""

BUSY_CODES = frozenset({
    "ThrottlingException", "ServiceUnavailableException", "ServiceUnavailable",
    "TooManyRequestsException", "InternalServerException",
})
"""Error codes of a guardrail that is busy or down for a while, not misconfigured."""

_CONTENT = {
    "HATE": ("hateful content", "Remove the hateful or demeaning wording."),
    "INSULTS": ("insulting content", "Remove the insults."),
    "SEXUAL": ("sexual content", "Keep the content free of sexual material."),
    "VIOLENCE": ("violent content", "Remove the violent content."),
    "MISCONDUCT": ("content about crime or misconduct", "Leave out the illegal activity."),
    "PROMPT_ATTACK": (
        "an attempt to override the assistant's instructions",
        "Describe what you want for your ad, without instructions to the assistant.",
    ),
}
_SEVERITY: dict[str, Severity] = {"BLOCKED": "block", "ANONYMIZED": "rewrite"}


@dataclass(frozen=True)
class GuardrailVerdict:
    """What the guardrail said about one piece of content.

    Attributes:
        findings: Its assessments as policy findings (empty when nothing was detected).
        masked: The guardrail's own output text when it anonymized personal data in it
            (``None`` otherwise): use it in place of the original text.
        text_units: The billed text units of the call (its ``usage``: units of every
            policy that ran, free units excluded), for the cost ledger.
    """

    findings: list[Finding] = field(default_factory=list)
    masked: str | None = None
    text_units: int = 0

    @property
    def blocked(self) -> bool:
        """Whether any finding blocks the content."""
        return any(f.severity == "block" for f in self.findings)


class GuardrailBlockedError(PolicyViolationError):
    """A generated image the Bedrock guardrail blocked."""


class BedrockGuardrail:
    """Checks text and images with a Bedrock guardrail (``ApplyGuardrail``).

    Args:
        client: A boto3 ``bedrock-runtime`` client (tests pass a Stubber-wrapped one).
        guardrail_id: The guardrail's id or ARN.
        version: Its version (a number or ``DRAFT``).
    """

    def __init__(self, client: Any, guardrail_id: str, version: str) -> None:
        self._client = client
        self.guardrail_id = guardrail_id
        self.version = version

    @property
    def label(self) -> str:
        """The guardrail and version, recorded with every finding it makes."""
        return f"guardrail:{self.guardrail_id}:{self.version}"

    def assess_text(self, text: str, source: Source) -> GuardrailVerdict:
        """Check ``text`` and return the findings and, if it anonymized data, the masked text.

        Args:
            text: The text to check.
            source: ``INPUT`` for what the user sent, ``OUTPUT`` for what the model wrote.
        """
        if not text.strip():
            return GuardrailVerdict()
        content = [{"text": {"text": text, "qualifiers": ["guard_content"]}}]
        response = self._apply(content, source)
        if isinstance(response, Finding):
            return GuardrailVerdict([response])
        findings = text_findings(response, text)
        masked = _output_text(response) if _anonymized(findings) else None
        return GuardrailVerdict(findings, masked, billed_units(response))

    def check_text(self, text: str, source: Source) -> list[Finding]:
        """Check ``text``; see :meth:`assess_text`.

        Args:
            text: The text to check.
            source: ``INPUT`` or ``OUTPUT``.

        Returns:
            The findings (one ``warn`` finding when the guardrail could not be reached).
        """
        return self.assess_text(text, source).findings

    def check_images(self, images: Sequence[GuardImage], source: Source) -> list[Finding]:
        """Check images, at most 20 per request; each finding's span is the batch it covers.

        Images are sent as raw PNG or JPEG bytes; one larger than 4 MB or 8000 px is scaled
        down and re-encoded as JPEG first.

        Args:
            images: PIL images or encoded image bytes.
            source: ``INPUT`` for uploads, ``OUTPUT`` for generated images.

        Returns:
            The findings; ``span`` is ``(first, last + 1)`` of the images in the request
            that produced it (0-based), and ``excerpt`` names them ("image 2").
        """
        findings: list[Finding] = []
        for start, batch in _batches(images, MAX_IMAGES_PER_REQUEST):
            content = [{"image": image_block(image)} for image in batch]
            response = self._apply(content, source)
            if isinstance(response, Finding):
                return [response]
            findings += image_findings(response, (start, start + len(batch)))
        return findings

    def _apply(self, content: list[dict[str, Any]], source: Source) -> dict[str, Any] | Finding:
        """Call ApplyGuardrail; the ``guardrail.unavailable`` warning when it failed.

        Botocore has already retried throttling and 5xx errors when this sees them. The
        failure is logged in one line (info when the guardrail is busy, a warning when it
        is not reachable as configured); its traceback goes to the debug log only.
        """
        try:
            response: dict[str, Any] = self._client.apply_guardrail(
                guardrailIdentifier=self.guardrail_id,
                guardrailVersion=self.version,
                source=source,
                content=content,
                outputScope="INTERVENTIONS",
            )
        except (ClientError, BotoCoreError) as exc:
            busy = is_busy(exc)
            log.log(logging.INFO if busy else logging.WARNING,
                    "guardrail %s did not check the %s: %s", self.label, source.lower(), exc)
            log.debug("ApplyGuardrail failed", exc_info=True)
            return unavailable_finding(self.guardrail_id, busy=busy)
        return response


def is_busy(exc: BaseException) -> bool:
    """Whether a failed ApplyGuardrail call is worth retrying later (throttled, down, slow).

    Args:
        exc: What the call raised, after botocore's own retries.
    """
    if isinstance(exc, ReadTimeoutError | ConnectTimeoutError):
        return True
    if isinstance(exc, ClientError):
        return exc.response.get("Error", {}).get("Code", "") in BUSY_CODES
    return False


def unavailable_finding(guardrail_id: str, busy: bool) -> Finding:
    """The warning returned instead of findings when the guardrail could not check.

    Args:
        guardrail_id: The guardrail's id or ARN, named in the reason.
        busy: The guardrail was throttled, unavailable or timed out (try again later);
            otherwise it could not be reached as configured.
    """
    if busy:
        reason = (f"The Bedrock guardrail {guardrail_id} is busy (throttled or not "
                  "answering in time), so it did not check this: only the local ad policy did.")
        fix = ("Try again in a minute; if it keeps happening, ask for a higher ApplyGuardrail "
               "quota in Service Quotas.")
    else:
        reason = (f"The Bedrock guardrail {guardrail_id} could not be reached, so only the "
                  "local ad policy checked this.")
        fix = ("Check the guardrail id and version, the region, and that the IAM identity "
               "allows bedrock:ApplyGuardrail.")
    return Finding(rule_id=UNAVAILABLE, severity="warn", span=(0, 0), excerpt="",
                   reason=reason, fix=fix)


@dataclass(frozen=True)
class _Hit:
    """One assessment entry, before it becomes a finding."""

    rule_id: str
    action: str
    detected: bool | None
    match: str
    reason: str
    fix: str

    @property
    def severity(self) -> Severity | None:
        """``block``/``rewrite`` by the guardrail's action, ``warn`` if only detected."""
        if self.action in _SEVERITY:
            return _SEVERITY[self.action]
        return "warn" if self.detected else None


def billed_units(response: dict[str, Any]) -> int:
    """The text units an ApplyGuardrail response bills.

    Every ``*Units`` count of its ``usage`` except the free ones; all priced alike (one
    ``guardrail/text_unit_1k`` price), which is an approximation of per-policy prices.
    """
    usage = response.get("usage") or {}
    return sum(
        int(v) for k, v in usage.items()
        if k.endswith("Units") and "Free" not in k and isinstance(v, int | float)
    )


def text_findings(response: dict[str, Any], text: str) -> list[Finding]:
    """Map an ApplyGuardrail response on ``text`` to findings.

    Word and personal-data matches get their span in ``text``; whole-text assessments
    (content filters, denied topics) span all of it with an empty excerpt, so a refusal
    never repeats the offending text.

    Args:
        response: The ApplyGuardrail response.
        text: The text that was checked.
    """
    findings = []
    for hit in _hits(response):
        severity = hit.severity
        if severity is None:
            continue
        start = text.find(hit.match) if hit.match else -1
        span = (start, start + len(hit.match)) if start >= 0 else (0, len(text))
        excerpt = _excerpt(hit)
        findings.append(_finding(hit, severity, span, excerpt))
    return _with_intervention(response, findings, (0, len(text)), "")


def image_findings(response: dict[str, Any], span: tuple[int, int]) -> list[Finding]:
    """Map an ApplyGuardrail response on images ``span[0]..span[1]-1`` to findings.

    Args:
        response: The ApplyGuardrail response.
        span: The 0-based indices of the images in the request (end exclusive).
    """
    first, end = span
    excerpt = f"image {first + 1}" if end - first == 1 else f"images {first + 1}-{end}"
    findings = [
        _finding(hit, severity, span, excerpt)
        for hit in _hits(response)
        if (severity := hit.severity) is not None
    ]
    return _with_intervention(response, findings, span, excerpt)


def _finding(hit: _Hit, severity: Severity, span: tuple[int, int], excerpt: str) -> Finding:
    """Build the finding of one assessment entry."""
    fix = hit.fix
    if severity == "rewrite":
        fix = f"The guardrail masks it as {{{hit.rule_id.rsplit('.', 1)[-1]}}}."
    return Finding(
        rule_id=hit.rule_id, severity=severity, span=span, excerpt=excerpt,
        reason=hit.reason, fix=fix,
    )


def _excerpt(hit: _Hit) -> str:
    """What a finding quotes: the matched word, a placeholder for personal data, or nothing."""
    if hit.rule_id.startswith(("guardrail.pii.", "guardrail.regex.")):
        return f"{{{hit.rule_id.rsplit('.', 1)[-1]}}}"
    return hit.match


def _with_intervention(
    response: dict[str, Any], findings: list[Finding], span: tuple[int, int], excerpt: str
) -> list[Finding]:
    """Add a generic block when the guardrail intervened but no assessment explains it."""
    acted = any(f.severity in ("block", "rewrite") for f in findings)
    if response.get("action") != "GUARDRAIL_INTERVENED" or acted:
        return findings
    reason = response.get("actionReason") or "The Bedrock guardrail intervened."
    generic = Finding(
        rule_id="guardrail.intervened", severity="block", span=span, excerpt=excerpt,
        reason=reason, fix="Rephrase the request and try again.",
    )
    return [*findings, generic]


def _hits(response: dict[str, Any]) -> Iterator[_Hit]:
    """Every entry of every assessment in ``response``."""
    for assessment in response.get("assessments", []):
        yield from _content_hits(assessment.get("contentPolicy", {}))
        yield from _topic_hits(assessment.get("topicPolicy", {}))
        yield from _word_hits(assessment.get("wordPolicy", {}))
        yield from _pii_hits(assessment.get("sensitiveInformationPolicy", {}))
        yield from _grounding_hits(assessment.get("contextualGroundingPolicy", {}))


def _content_hits(policy: dict[str, Any]) -> Iterator[_Hit]:
    """Content filters: hate, insults, sexual, violence, misconduct, prompt attacks."""
    for item in policy.get("filters", []):
        kind = item["type"]
        words, fix = _CONTENT.get(kind, (kind.lower().replace("_", " "), "Rephrase it."))
        confidence = str(item.get("confidence", "")).lower()
        yield _Hit(
            f"guardrail.content.{kind}", item["action"], item.get("detected"), "",
            f"The guardrail's content filter found {words} ({confidence} confidence).", fix,
        )


def _topic_hits(policy: dict[str, Any]) -> Iterator[_Hit]:
    """Denied topics."""
    for item in policy.get("topics", []):
        name = item["name"]
        yield _Hit(
            f"guardrail.topic.{_slug(name)}", item["action"], item.get("detected"), "",
            f"The topic '{name}' is not allowed by this deployment's guardrail.",
            f"Leave out the '{name}' topic and ask again.",
        )


def _word_hits(policy: dict[str, Any]) -> Iterator[_Hit]:
    """Custom blocked words and managed word lists (profanity)."""
    for item in policy.get("customWords", []):
        yield _Hit(
            "guardrail.word.custom", item["action"], item.get("detected"), item["match"],
            "The guardrail blocks this word.", "Remove or replace the word.",
        )
    for item in policy.get("managedWordLists", []):
        yield _Hit(
            f"guardrail.word.{item['type']}", item["action"], item.get("detected"),
            item["match"], "The guardrail's profanity filter matched this word.",
            "Remove the profanity.",
        )


def _pii_hits(policy: dict[str, Any]) -> Iterator[_Hit]:
    """Personal data: typed entities and custom regexes."""
    for item in policy.get("piiEntities", []):
        kind = item["type"]
        yield _Hit(
            f"guardrail.pii.{kind}", item["action"], item.get("detected"), item["match"],
            f"Personal data ({kind.lower().replace('_', ' ')}) does not belong in the "
            "conversation.",
            "Remove the personal data and send it again.",
        )
    for item in policy.get("regexes", []):
        name = item.get("name") or "regex"
        yield _Hit(
            f"guardrail.regex.{_slug(name)}", item["action"], item.get("detected"),
            item.get("match", ""), f"The guardrail's '{name}' pattern matched.",
            "Remove the matched text and send it again.",
        )


def _grounding_hits(policy: dict[str, Any]) -> Iterator[_Hit]:
    """Contextual grounding (only when the guardrail is configured for it)."""
    for item in policy.get("filters", []):
        kind = item["type"]
        yield _Hit(
            f"guardrail.grounding.{kind}", item["action"], item.get("detected"), "",
            f"The guardrail's {kind.lower()} check failed.", "Rephrase the request.",
        )


def _anonymized(findings: list[Finding]) -> bool:
    return any(f.severity == "rewrite" for f in findings)


def _output_text(response: dict[str, Any]) -> str | None:
    """The guardrail's output text (the masked input when it anonymized data)."""
    texts = [o["text"] for o in response.get("outputs", []) if "text" in o]
    return "".join(texts) if texts else None


def _slug(name: str) -> str:
    """A rule-id-safe form of a topic or regex name."""
    return re.sub(r"\W+", "_", name.strip()) or "unnamed"


def _batches(items: Sequence[GuardImage], size: int) -> Iterator[tuple[int, Sequence[GuardImage]]]:
    """``(start index, items)`` chunks of at most ``size`` items."""
    for start in range(0, len(items), size):
        yield start, items[start : start + size]


def image_block(image: GuardImage) -> dict[str, Any]:
    """The ApplyGuardrail image block: raw PNG or JPEG bytes within the service's limits.

    Args:
        image: A PIL image or encoded image bytes.

    Returns:
        ``{"format": "png" | "jpeg", "source": {"bytes": ...}}``.
    """
    if isinstance(image, bytes):
        with Image.open(io.BytesIO(image)) as probe:
            fmt, size = (probe.format or "").lower(), probe.size
        if fmt in ("png", "jpeg") and _fits(len(image), size):
            return {"format": fmt, "source": {"bytes": image}}
        with Image.open(io.BytesIO(image)) as opened:
            opened.load()
            return _block_of(opened)
    return _block_of(image)


def _block_of(image: Image.Image) -> dict[str, Any]:
    """Encode a PIL image as PNG, or as a smaller JPEG when the PNG is too big."""
    if max(image.size) <= MAX_IMAGE_SIDE:
        png = encode_png(image if image.mode in ("RGB", "RGBA", "L") else to_rgb(image))
        if len(png) <= MAX_IMAGE_BYTES:
            return {"format": "png", "source": {"bytes": png}}
    return {"format": "jpeg", "source": {"bytes": shrink_to_jpeg(image)}}


def _fits(size_bytes: int, size: tuple[int, int]) -> bool:
    return size_bytes <= MAX_IMAGE_BYTES and max(size) <= MAX_IMAGE_SIDE


def shrink_to_jpeg(image: Image.Image, max_bytes: int = MAX_IMAGE_BYTES) -> bytes:
    """Re-encode ``image`` as JPEG within ``max_bytes`` and 8000 px, scaling down as needed.

    Args:
        image: Any PIL image (transparency is flattened onto grey).
        max_bytes: The size limit of the encoded image.

    Returns:
        The JPEG bytes.
    """
    rgb = to_rgb(image)
    if max(rgb.size) > MAX_IMAGE_SIDE:
        rgb = _scaled(rgb, MAX_IMAGE_SIDE / max(rgb.size))
    while True:
        data = _jpeg(rgb, quality=85)
        if len(data) <= max_bytes or max(rgb.size) <= 64:
            return data
        rgb = _scaled(rgb, min(0.9, (max_bytes / len(data)) ** 0.5 * 0.95))


def _jpeg(image: Image.Image, quality: int) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=quality)
    return buffer.getvalue()


def _scaled(image: Image.Image, factor: float) -> Image.Image:
    size = (max(1, int(image.width * factor)), max(1, int(image.height * factor)))
    return image.resize(size, Image.Resampling.LANCZOS)


def build_guardrail(settings: Settings, client: Any | None = None) -> BedrockGuardrail | None:
    """The deployment's guardrail, or ``None`` when ``guardrail.id`` is not set.

    Args:
        settings: Guardrail id and version, the chat region and retry budget.
        client: A ready ``bedrock-runtime`` client (tests pass a Stubber-wrapped one).

    Raises:
        ConfigurationError: A guardrail is configured but no AWS credentials can be found.
    """
    if not settings.guardrail.id:
        return None
    if client is None:
        client = _client(settings)
    return BedrockGuardrail(client, settings.guardrail.id, settings.guardrail.version)


def _client(settings: Settings) -> Any:
    """A ``bedrock-runtime`` client in the chat region, with adaptive retries."""
    import boto3
    from botocore.config import Config

    if boto3.Session().get_credentials() is None:
        raise ConfigurationError(
            "A Bedrock guardrail is configured (ADSTUDIO_GUARDRAIL_ID), but no AWS "
            "credentials were found.",
            hint="Run `adstudio doctor` to see what is missing, or unset ADSTUDIO_GUARDRAIL_ID.",
        )
    config = Config(
        retries={"mode": "adaptive", "total_max_attempts": settings.chat.max_attempts},
        read_timeout=30,
        connect_timeout=10,
    )
    return boto3.client("bedrock-runtime", region_name=settings.chat.region, config=config)
