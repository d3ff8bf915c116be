"""The batch's data: a product row, the defaults rows fall back on, a step's task and result."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from core.findings import Finding
from core.schemas import PlacementName
from core.settings import Settings

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$"
"""Product ids name the product's output folder: letters, digits, '.', '_' and '-'."""


class Product(BaseModel):
    """One valid catalog row.

    Attributes:
        id: The product id (unique in the catalog; names its output folder).
        title: Product name or title.
        description: Description, as the advertiser wrote it.
        bullets: Bullet points.
        image: The product photo (absolute path).
        theme: Scene theme ("auto" picks one from the product text).
        placements: Placement ids (validated against the placement catalog).
        brand_kit: Whose saved brand kit to apply (a tenant name; None: the run's tenant's).
        variations: Ad variations per placement.
        headline: Headline to set (None: the best idea from the extracted features).
        cta: Call-to-action text (None: "Shop now").
        animate: Also make a live image of the first ad.
        seed: Base seed (None: derived from the id, so a rerun gives the same ads).
        findings: The ad policy's warnings on the product text (blocks make the row invalid).
    """

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    id: str = Field(pattern=ID_PATTERN)
    title: str = Field(min_length=1, max_length=200)
    description: str = Field("", max_length=5000)
    bullets: list[str] = Field(default_factory=list, max_length=20)
    image: Path
    theme: str = Field("auto", min_length=1, max_length=60)
    placements: list[PlacementName] = Field(min_length=1, max_length=6)
    brand_kit: str | None = Field(None, max_length=64)
    variations: int = Field(ge=1, le=8)
    headline: str | None = Field(None, max_length=90)
    cta: str | None = Field(None, max_length=24)
    animate: bool = False
    seed: int | None = Field(None, ge=0)
    findings: list[Finding] = Field(default_factory=list)

    @field_validator("bullets")
    @classmethod
    def _no_blank_bullets(cls, bullets: list[str]) -> list[str]:
        return [b.strip() for b in bullets if b.strip()]

    def text(self) -> str:
        """The product text, as the ad policy and the feature extraction read it."""
        return "\n".join([self.title, self.description, *self.bullets]).strip()

    def base_seed(self) -> int:
        """The row's seed, or a stable one derived from the product id."""
        if self.seed is not None:
            return self.seed
        return int(hashlib.sha256(self.id.encode()).hexdigest()[:8], 16)


@dataclass(frozen=True)
class RowDefaults:
    """What a row gets when it leaves a column empty (set per run on the command line).

    Attributes:
        variations: Ad variations per placement.
        placements: Placements.
        animate: Make a live image of the first ad.
    """

    variations: int = 2
    placements: tuple[str, ...] = ("square",)
    animate: bool = False


@dataclass(frozen=True)
class RowProblem:
    """A catalog row that cannot be used, and why.

    Attributes:
        line: Line of the file where the row starts (1 = the first line).
        product_id: The row's id, when it has one.
        message: What is wrong, and what to do about it.
    """

    line: int
    product_id: str | None
    message: str


@dataclass(frozen=True)
class RetryPolicy:
    """How a step retries a transient failure (throttling, a retryable model error).

    Attributes:
        max_attempts: Attempts in all (1: no retry).
        backoff_seconds: First wait; it doubles (with jitter) up to ``max_backoff_seconds``.
        max_backoff_seconds: Longest wait between two attempts.
    """

    max_attempts: int = 3
    backoff_seconds: float = 1.0
    max_backoff_seconds: float = 30.0


@dataclass(frozen=True)
class StepTask:
    """One product × step to run in a worker: everything it needs, picklable.

    Attributes:
        job: The job id.
        product: The product.
        step: The capability to call.
        inputs: What earlier steps made (``features``, ``ads``).
        settings: The deployment settings (the worker builds its own services from them).
        out: Where outputs go: a folder or ``s3://bucket/prefix``.
        retry: Retries of transient failures.
        photo: The product photo's bytes, read by the driver, for workers that may run on
            another machine (None: the worker reads ``product.image``).
    """

    job: str
    product: Product
    step: str
    inputs: dict[str, Any]
    settings: Settings
    out: str
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    photo: bytes | None = field(default=None, repr=False)


@dataclass(frozen=True)
class ProductTask:
    """A product's steps left, run in order by one worker (on a cluster: on one machine).

    A step's assets live in the asset store of the machine that ran it, and the next
    step reads them: the steps of a product must run where the ones before them did.

    Attributes:
        first: The first step to run (with what the done steps made, and the photo).
        steps: The steps to run in order, ``first.step`` first.
    """

    first: StepTask
    steps: tuple[str, ...]


class OutputFile(BaseModel):
    """One file a step wrote to the output storage.

    Attributes:
        asset_id: The asset in the asset store ("" for files that are not assets).
        kind: ``features``, ``ad_image``, ``live_image``, ``preview`` or ``poster``.
        key: Path under the output root (``<product>/<file>``).
        placement: The ad's placement, if any.
        theme: The ad's theme, if any.
        width: Pixels, when an image or video.
        height: Pixels, when an image or video.
        findings: The image policy's warnings on it.
        thumb: A small JPEG for the contact sheet (ad images only).
        provenance: Its C2PA status (``tools.provenance.provenance_status``; "" when the
            file is not an asset).
    """

    asset_id: str = ""
    kind: str
    key: str
    placement: str = ""
    theme: str = ""
    width: int | None = None
    height: int | None = None
    findings: list[Finding] = Field(default_factory=list)
    thumb: bytes | None = None
    provenance: str = ""


class StepResult(BaseModel):
    """What a worker reports for one product × step; the driver records it.

    Attributes:
        product_id: The product.
        step: The capability.
        ok: Whether the step succeeded.
        outputs: The files it wrote.
        result: What later steps need (``features``, ``ads``), as JSON.
        error: Why it failed.
        attempts: Attempts made (retries included).
        started: When it started (UTC).
        seconds: How long it took, retries included.
        cost_usd: Estimated cost (0 on the local engine).
        notes: The capability's notes (layout fixes, partial failures).
    """

    product_id: str
    step: str
    ok: bool
    outputs: list[OutputFile] = Field(default_factory=list)
    result: dict[str, Any] = Field(default_factory=dict)
    error: str | None = None
    attempts: int = 1
    started: datetime = Field(default_factory=lambda: datetime.now(UTC))
    seconds: float = 0.0
    cost_usd: float = 0.0
    notes: list[str] = Field(default_factory=list)
