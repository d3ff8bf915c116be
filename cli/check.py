"""``adstudio check``: the ad policy on a text or an image, findings on stdout.

One finding per line (``severity rule_id [start:end] "excerpt": reason → fix (suggest:
...)``) or JSON with ``--json``. The exit code says what the policy decided: 1 when
something would be blocked, 0 otherwise; usage errors (no input, unreadable file, broken
image, unknown category) exit 2 with a message.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from core.errors import CapabilityError

if TYPE_CHECKING:
    from core.findings import Finding
    from core.settings import Settings
    from policy.text import TextPolicy

console = Console(stderr=True, highlight=False)


@dataclass(frozen=True)
class CheckRequest:
    """What to check and under which policy.

    Attributes:
        text: Ad text given on the command line.
        file: A file of ad text (``-`` reads stdin).
        image: An ad image.
        placement: The placement the image is for (``story``, ``300x250``...).
        tenant: Whose policy overrides apply (default: the deployment's tenant).
        marketplace: Which marketplace's overrides apply.
        allow: Restricted categories the advertiser may run (warned, not blocked).
        as_json: Print JSON instead of lines.
    """

    text: str | None = None
    file: Path | None = None
    image: Path | None = None
    placement: str | None = None
    tenant: str | None = None
    marketplace: str | None = None
    allow: list[str] = field(default_factory=list)
    as_json: bool = False


def check(
    text: Annotated[str | None, typer.Argument(help="The ad text to check.")] = None,
    file: Annotated[
        Path | None, typer.Option("--file", "-f", help="Read the ad text from a file ('-': stdin).")
    ] = None,
    image: Annotated[
        Path | None, typer.Option("--image", "-i", help="Check an ad image (PNG/JPEG/WebP).")
    ] = None,
    placement: Annotated[
        str | None, typer.Option("--placement", "-p", help="Placement of the image: story, ...")
    ] = None,
    tenant: Annotated[
        str | None, typer.Option(help="Apply this tenant's policy overrides (ADSTUDIO_POLICY_DIR).")
    ] = None,
    marketplace: Annotated[
        str | None, typer.Option(help="Apply this marketplace's policy overrides (uk, de, ...).")
    ] = None,
    allow: Annotated[
        list[str] | None,
        typer.Option("--allow", help="A restricted category you may advertise (alcohol, "
                     "tobacco, gambling, prescription); repeatable. Its findings only warn."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print findings as JSON.")] = False,
) -> None:
    """Check ad text or an ad image against the ad policy, one finding per line.

    Exits 1 when something would be blocked, 0 otherwise (2 for usage errors), so scripts
    and CI can gate copy on it: `adstudio check "The #1 bottle!"`, `adstudio check -f copy.txt`.
    """
    from core.settings import get_settings

    request = CheckRequest(
        text=text, file=file, image=image, placement=placement, tenant=tenant,
        marketplace=marketplace, allow=allow or [], as_json=as_json,
    )
    raise typer.Exit(run_check(request, get_settings()))


def run_check(request: CheckRequest, settings: Settings) -> int:
    """Run the checks, print the findings and return the exit code (1: blocked).

    Raises:
        typer.BadParameter: No input, or an input that cannot be read (exit 2).
        typer.Exit: The policy configuration is broken (exit 2).
    """
    if request.text is None and request.file is None and request.image is None:
        raise typer.BadParameter("give the ad text, --file PATH (- for stdin) or --image PATH")
    policy = _policy(request, settings)
    text = _text(request)
    findings = policy.check(text, allow_restricted=request.allow) if text is not None else []
    image_version = None
    if request.image is not None:
        image_findings, image_version = _image_findings(request.image, request.placement, settings)
        findings += image_findings
    if request.as_json:
        typer.echo(_as_json(findings, policy.version, image_version))
    else:
        for finding in findings:
            typer.echo(format_finding(finding))
        console.print(_summary(findings, policy.version))
    return 1 if any(f.severity == "block" for f in findings) else 0


def format_finding(finding: Finding) -> str:
    """One line: ``severity rule_id [start:end] "excerpt": reason → fix (suggest: ...)``."""
    where = (
        "[{},{},{},{}]".format(*finding.region) if finding.region
        else f"[{finding.span[0]}:{finding.span[1]}]"
    )
    line = f'{finding.severity} {finding.rule_id} {where} "{finding.excerpt}": {finding.reason}'
    if finding.fix:
        line += f" → {finding.fix}"
    if finding.suggestion:
        line += f" (suggest: {finding.suggestion})"
    return line


def _policy(request: CheckRequest, settings: Settings) -> TextPolicy:
    """The policy with the tenant's and marketplace's overrides; unknown categories refused."""
    from policy.text import load_policy

    try:
        policy = load_policy(
            tenant=request.tenant or settings.tenant,
            marketplace=request.marketplace,
            policy_dir=settings.policy.dir,
        )
    except CapabilityError as exc:
        console.print(f"[red]error:[/red] {exc.message} {exc.hint}".strip())
        raise typer.Exit(2) from exc
    unknown = sorted(set(request.allow) - policy.categories)
    if unknown:
        raise typer.BadParameter(
            f"{', '.join(unknown)} is no restricted category; use "
            f"{', '.join(sorted(policy.categories))}",
            param_hint="--allow",
        )
    return policy


def _text(request: CheckRequest) -> str | None:
    """The text to check: the argument, then the file (``-`` is stdin), joined."""
    parts = [request.text] if request.text is not None else []
    if request.file is not None:
        parts.append(_read(request.file))
    return "\n".join(parts) if parts else None


def _read(path: Path) -> str:
    if str(path) == "-":
        return sys.stdin.read()
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        message = f"cannot read {path}: {exc.strerror}"
        raise typer.BadParameter(message, param_hint="--file") from exc
    except UnicodeDecodeError as exc:
        raise typer.BadParameter(f"{path} is not UTF-8 text", param_hint="--file") from exc


def _image_findings(
    path: Path, placement: str | None, settings: Settings
) -> tuple[list[Finding], str]:
    """The image policy's findings on an image file, and the image policy's version."""
    import policy.images as image_policy
    from core.images import decode_image

    try:
        data = path.read_bytes()
    except OSError as exc:
        message = f"cannot read {path}: {exc.strerror}"
        raise typer.BadParameter(message, param_hint="--image") from exc
    try:
        image, _ = decode_image(data, max_bytes=settings.limits.max_upload_bytes,
                                max_pixels=int(settings.limits.max_megapixels * 1e6))
    except CapabilityError as exc:
        raise typer.BadParameter(f"{path.name}: {exc}", param_hint="--image") from exc
    try:
        return image_policy.check_image(image, placement=placement), image_policy.POLICY_VERSION
    except CapabilityError as exc:  # the image was fine: the placement is what is wrong
        raise typer.BadParameter(str(exc), param_hint="--placement") from exc


def _as_json(findings: list[Finding], version: str, image_version: str | None) -> str:
    payload: dict[str, object] = {
        "policy_version": version,
        "blocked": any(f.severity == "block" for f in findings),
        "findings": [f.model_dump(mode="json") for f in findings],
    }
    if image_version:
        payload["image_policy_version"] = image_version
    return json.dumps(payload, ensure_ascii=False, indent=2)


def _summary(findings: list[Finding], version: str) -> str:
    if not findings:
        return f"no findings (ad policy {version})"
    blocks = sum(f.severity == "block" for f in findings)
    verdict = f"{blocks} would block" if blocks else "nothing would block"
    return f"{len(findings)} finding(s), {verdict} (ad policy {version})"
