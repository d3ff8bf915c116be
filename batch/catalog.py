"""Read a product catalog (CSV or JSONL) one row at a time, and check each row.

The file is streamed: only the current row is held, whatever the catalog's size. Each
row comes with the line it starts on, so every problem can be reported where it is.

CSV columns (JSONL keys): ``id``, ``title``, ``description``, ``bullets`` (``|`` or new
lines between them), ``image`` (a path, relative to the catalog's folder), ``theme``,
``placements`` (``|``, ``;`` or ``,`` between them), ``brand_kit``, ``variations``,
``headline``, ``cta``, ``animate`` (yes/no) and ``seed``. Empty cells take the run's
defaults.
"""

from __future__ import annotations

import csv
import json
import re
import warnings
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from PIL import Image, UnidentifiedImageError
from pydantic import ValidationError

from batch.models import Product, RowDefaults, RowProblem
from core.errors import CapabilityError
from core.images import ACCEPTED_FORMATS
from core.plaintext import copy_findings
from core.storage.brandkit import BrandKitStore
from policy.text import TextPolicy

ALIASES = {
    "product_id": "id", "sku": "id", "name": "title", "image_path": "image", "photo": "image",
    "placement": "placements", "brand": "brand_kit", "brand_kit_name": "brand_kit",
    "variation": "variations", "n": "variations",
}
COLUMNS = frozenset(Product.model_fields) - {"findings"}
LIST_SEPARATORS = {"bullets": re.compile(r"\s*(?:\||\n)\s*"),
                   "placements": re.compile(r"\s*[|;,]\s*")}
FORMATS = (".csv", ".jsonl", ".ndjson")

Raw = dict[str, Any]


class CatalogError(CapabilityError):
    """The catalog as a whole cannot be read (missing, wrong format, unknown columns)."""


def column(name: str) -> str:
    """The field a column name means (case, spaces and aliases ignored)."""
    key = name.strip().lower().replace(" ", "_").replace("-", "_")
    return ALIASES.get(key, key)


def read_rows(path: Path) -> Iterator[tuple[int, Raw | str]]:
    """Yield each row as ``(line, fields)``, or ``(line, problem)`` when it cannot be parsed.

    Raises:
        CatalogError: The file is missing, not CSV/JSONL, not UTF-8 or has unknown columns.
    """
    if path.suffix.lower() not in FORMATS:
        raise CatalogError(
            f"{path.name} is not a catalog adstudio reads.",
            hint="Use a .csv file with a header row, or .jsonl (one JSON object per line).",
        )
    try:
        with path.open(encoding="utf-8-sig", newline="") as file:
            rows = _csv_rows(file) if path.suffix.lower() == ".csv" else _jsonl_rows(file)
            yield from rows
    except FileNotFoundError as exc:
        raise CatalogError(f"There is no catalog at {path}.", hint="Check the path.") from exc
    except UnicodeDecodeError as exc:
        raise CatalogError(
            f"{path.name} is not UTF-8 text.", hint="Save the catalog as UTF-8 and try again."
        ) from exc
    except OSError as exc:
        raise CatalogError(f"Cannot read {path}: {exc.strerror}.", hint="Check the file.") from exc


class _Lines:
    """Feeds lines to the CSV reader and remembers where the current record began."""

    def __init__(self, file: IO[str]) -> None:
        self.file = file
        self.count = 0
        self.first: int | None = None

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = next(self.file)
        self.count += 1
        if self.first is None:
            self.first = self.count
        return line

    def start(self) -> int:
        """The line the record just read started on (and forget it)."""
        first, self.first = self.first or self.count, None
        return first


def _csv_rows(file: IO[str]) -> Iterator[tuple[int, Raw | str]]:
    lines = _Lines(file)
    reader = csv.reader(lines)
    header = [column(name) for name in next(reader, [])]
    lines.start()
    unknown = [name for name in header if name not in COLUMNS]
    if unknown or not header:
        raise CatalogError(
            f"The catalog's header has unknown columns: {', '.join(unknown) or '(none)'}.",
            hint="Columns: " + ", ".join(sorted(COLUMNS)) + ".",
        )
    for record in reader:
        line = lines.start()
        if not any(cell.strip() for cell in record):
            continue
        if len(record) > len(header):
            yield line, f"{len(record)} cells but the header has {len(header)} columns"
            continue
        yield line, dict(zip(header, record, strict=False))


def _jsonl_rows(file: IO[str]) -> Iterator[tuple[int, Raw | str]]:
    for line, text in enumerate(file, 1):
        if not text.strip():
            continue
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            yield line, f"not valid JSON ({exc.msg}, column {exc.colno})"
            continue
        if not isinstance(value, dict):
            yield line, "each line must be one JSON object"
            continue
        yield line, {column(str(k)): v for k, v in value.items()}


def normalize(raw: Mapping[str, Any], defaults: RowDefaults, base_dir: Path) -> Raw:
    """The row's fields ready for :class:`Product`: blanks dropped, lists split, defaults in."""
    fields = {k: v for k, v in raw.items() if v is not None and v != "" and v != []}
    for name, separator in LIST_SEPARATORS.items():
        if isinstance(fields.get(name), str):
            fields[name] = [p for p in separator.split(fields[name].strip()) if p]
    fields.setdefault("placements", list(defaults.placements))
    fields.setdefault("variations", defaults.variations)
    fields.setdefault("animate", defaults.animate)
    if isinstance(fields.get("image"), str):
        image = Path(fields["image"]).expanduser()
        fields["image"] = image if image.is_absolute() else base_dir / image
    return fields


def describe(error: ValidationError) -> str:
    """One line naming each bad field in words a catalog editor understands."""
    parts = []
    for item in error.errors():
        where = ".".join(str(p) for p in item["loc"]) or "row"
        kind = item["type"]
        if kind == "missing":
            message = "is missing"
        elif kind == "string_too_short" and item.get("ctx", {}).get("min_length") == 1:
            message = "is empty"
        elif kind == "string_pattern_mismatch" and where == "id":
            message = "may only use letters, digits, '.', '_' and '-' (it names a folder)"
        elif kind == "extra_forbidden":
            message = "is not a catalog field"
        else:
            message = str(item["msg"]).removeprefix("Value error, ")
        parts.append(f"{where} {message}")
    return "; ".join(parts)


@dataclass(frozen=True)
class RowChecker:
    """Checks one row: its fields, its photo, its text against the ad policy, its brand kit.

    Attributes:
        base_dir: Folder relative image paths start from (the catalog's).
        defaults: What empty cells become.
        policy: The run's tenant's ad policy.
        brand_kits: Where brand kits are looked up.
        max_bytes: Largest accepted photo file.
        max_pixels: Largest accepted photo (width × height).
        tenant: The tenant the batch runs as: a row may only name its brand kit.
    """

    base_dir: Path
    defaults: RowDefaults
    policy: TextPolicy
    brand_kits: BrandKitStore
    max_bytes: int
    max_pixels: int
    tenant: str

    def check(self, line: int, raw: Raw | str) -> Product | RowProblem:
        """The row as a :class:`Product`, or the first problem found with it."""
        if isinstance(raw, str):
            return RowProblem(line, None, raw)
        product_id = str(raw["id"]).strip() if raw.get("id") not in (None, "") else None
        try:
            product = Product.model_validate(normalize(raw, self.defaults, self.base_dir))
        except ValidationError as exc:
            return RowProblem(line, product_id, describe(exc))
        problem = self.image_problem(product.image) or self.kit_problem(product.brand_kit)
        if problem:
            return RowProblem(line, product.id, problem)
        return self.screened(line, product)

    def screened(self, line: int, product: Product) -> Product | RowProblem:
        """The product with the ad policy's warnings on its text, or the policy's block.

        Its headline and button are ad copy, so plain text (:mod:`core.plaintext`).
        """
        text = "\n".join(t for t in (product.text(), product.headline, product.cta) if t)
        copy = [f for t in (product.headline, product.cta) if t for f in copy_findings(t)]
        findings = copy + self.policy.check(text)
        block = next((f for f in findings if f.severity == "block"), None)
        if block is not None:
            message = f"the product text breaks the ad policy: {block.reason} " \
                      f"('{block.excerpt}', rule {block.rule_id}). {block.fix}"
            return RowProblem(line, product.id, message.strip())
        return product.model_copy(update={"findings": findings})

    def kit_problem(self, name: str | None) -> str | None:
        """Why the named brand kit cannot be used, if it cannot.

        A tenant has one brand kit, and a batch may only apply the kit of the tenant it
        runs as: another tenant's kit (and its logo) is not this tenant's to use.
        """
        if name is None:
            return None
        if name != self.tenant:
            return f"brand_kit '{name}' is another tenant's: a batch run as tenant " \
                   f"'{self.tenant}' may only apply its own kit (leave brand_kit empty or " \
                   f"set it to '{self.tenant}'; to use '{name}''s kit, run the batch as " \
                   f"that tenant: ADSTUDIO_TENANT={name})"
        if self.brand_kits.get(name) is None:
            return f"tenant '{name}' has no saved brand kit yet (save it in the chat or " \
                   "the API, or leave brand_kit empty)"
        return None

    def image_problem(self, path: Path) -> str | None:
        """Why the photo cannot be used, if it cannot (it is decoded, cheaply, to be sure)."""
        if not path.is_file():
            return f"image not found: {path}"
        if path.stat().st_size > self.max_bytes:
            return f"image {path.name} is larger than {self.max_bytes / 2**20:.0f} MB"
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                with Image.open(path) as image:
                    return self._decoded_problem(path, image)
        except (UnidentifiedImageError, Image.DecompressionBombWarning):
            return f"image {path.name} cannot be read: not a PNG, JPEG or WebP image"
        except (OSError, SyntaxError, ValueError) as exc:
            return f"image {path.name} cannot be read: {exc}"

    def _decoded_problem(self, path: Path, image: Image.Image) -> str | None:
        if image.format not in ACCEPTED_FORMATS:
            return f"image {path.name} is a {image.format} file; use PNG, JPEG or WebP"
        if image.width * image.height > self.max_pixels:
            return f"image {path.name} has more than {self.max_pixels / 1e6:.0f} megapixels"
        image.draft("RGB", (256, 256))  # JPEG: decode at 1/8 scale, still reads every byte
        image.load()
        return None
