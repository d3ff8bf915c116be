"""``adstudio verify FILE``: read and validate a file's C2PA manifest (Content Credentials).

Prints who signed, what was done (actions, tool, engine, models), the IPTC digital source
type, the ingredients and whether the file changed since it was signed; JSON with
``--json``. Without a manifest (never signed, or stripped by a platform's re-encode or
remux), it looks for the stored image or video the file is a copy of, by its perceptual
fingerprint (a video's: three of its frames), and names its record and signed original.
Exit code: 0 the manifest is valid (trusted or not), 1 it is invalid (the file was changed
after signing, or the manifest is broken), 2 there is no manifest (whether or not a stored
original was found) or the file cannot be read.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

if TYPE_CHECKING:
    from core.provenance.reader import Provenance, ProvenanceIngredient

VALID, INVALID, NO_MANIFEST = 0, 1, 2
console = Console(highlight=False, soft_wrap=True)
errors = Console(stderr=True, highlight=False)

_STATES = {
    "trusted": "valid, signed by a trusted identity",
    "valid": "valid, but the signer is not on a trust list (e.g. adstudio's local identity)",
    "invalid": "INVALID: changed since it was signed, or its manifest is broken",
}


def verify(
    file: Annotated[Path, typer.Argument(help="A PNG, JPEG or WebP image (or MP4) to verify.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the provenance as JSON.")] = False,
) -> None:
    """Verify a file's C2PA manifest: who signed, what was done, from what, and if it changed."""
    from core.provenance.reader import NoManifestError, read_provenance

    try:
        data = file.read_bytes()
    except OSError as exc:
        errors.print(f"cannot read {file}: {exc.strerror}")
        raise typer.Exit(NO_MANIFEST) from exc
    try:
        provenance = read_provenance(data)
    except NoManifestError as exc:
        errors.print(f"{file.name}: no C2PA manifest ({exc}). It was never signed, or a "
                     "re-encode (a platform, an editor) stripped it.")
        originals, what = _originals(data)
        if as_json:
            console.print_json(json.dumps({"manifest": None, "originals": originals}))
        for line in _describe_originals(originals, what):
            errors.print(line, markup=False)
        raise typer.Exit(NO_MANIFEST) from exc
    if as_json:
        console.print_json(provenance.model_dump_json())
    else:
        for line in describe(file.name, provenance):
            console.print(line, markup=False)
    raise typer.Exit(VALID if provenance.intact else INVALID)


def describe(name: str, provenance: Provenance) -> list[str]:
    """The provenance in lines of plain text, as ``adstudio verify`` prints it."""
    lines = [f"{name}: {_STATES[provenance.state]}"]
    signer = ", ".join(p for p in (provenance.signer, provenance.issuer) if p)
    lines.append(f"  signed by:    {signer or 'unknown'}"
                 + (f" at {provenance.signed_at}" if provenance.signed_at else ""))
    lines.append(f"  unchanged:    {'yes' if provenance.intact else 'NO'}")
    if provenance.source_type:
        term = provenance.source_type.rsplit("/", 1)[-1]
        lines.append(f"  source type:  {term} ({provenance.source_type})")
    for action in provenance.actions:
        how = [f"tool {action.tool}" if action.tool else "",
               f"engine {action.engine}" if action.engine else "",
               f"models {', '.join(action.models)}" if action.models else "",
               f"by {action.software}" if action.software else ""]
        details = "; ".join(h for h in how if h)
        lines.append(f"  action:       {action.action}"
                     + (f": {action.description}" if action.description else "")
                     + (f" ({details})" if details else ""))
    for ingredient in provenance.ingredients:
        extra = [f"sha256 {ingredient.sha256}" if ingredient.sha256 else "",
                 _signed(ingredient) if ingredient.signed else ""]
        details = ", ".join(e for e in extra if e)
        lines.append(f"  ingredient:   {ingredient.relationship} {ingredient.title}"
                     + (f" ({details})" if details else ""))
    for key, value in provenance.checks.items():
        shown = ", ".join(map(str, value)) if isinstance(value, list) else value
        lines.append(f"  check:        {key} = {shown if shown not in ('', None) else '-'}")
    lines += [f"  problem:      {problem}" for problem in provenance.problems]
    return lines


def _signed(ingredient: ProvenanceIngredient) -> str:
    """How a signed ingredient is described: by whom, and its manifest's label."""
    who = f"signed by {ingredient.signer}" if ingredient.signer else "signed"
    return f"{who}, manifest {ingredient.manifest}" if ingredient.manifest else who


def _originals(data: bytes) -> tuple[list[dict[str, object]], str]:
    """This deployment's stored files the file is likely a copy of, and what it is.

    ``[]`` when none matches, nothing is stored, or the file is neither an image nor a
    video; what it is: ``image``, ``video`` or ``file``. Read from the settings' data dir
    and tenant (``ADSTUDIO_DATA_DIR``, ``ADSTUDIO_TENANT``).
    """
    from core.settings import get_settings
    from core.storage.assets import INDEX_FILE, AssetStore, asset_blobs, asset_index_url
    from tools.provenance import PROVENANCE, find_originals

    what = _what(data)
    settings = get_settings()
    if settings.storage.url() is None and not (settings.assets_dir / INDEX_FILE).is_file():
        return [], what  # nothing was ever stored here (and no shared database holds the index)
    store = AssetStore(settings.assets_dir, asset_index_url(settings), asset_blobs(settings))
    try:
        found = find_originals(store, data, settings.tenant)
    except (OSError, ValueError):  # neither an image nor a video: no fingerprint to match
        return [], what
    rows: list[dict[str, object]] = []
    for original in found:
        record = original.asset.parameters.get(PROVENANCE) or {}
        rows.append({
            "asset_id": original.asset.id, "kind": original.asset.kind,
            "created": original.asset.created.isoformat(timespec="seconds"),
            "capability": original.asset.capability,
            "manifest": record.get("manifest"), "manifest_sha256": record.get("manifest_sha256"),
            "path": str(store.path(original.asset.id, settings.tenant)),
            "hash_bits_apart": original.bits, "colour_difference": original.colour,
        })
    return rows, what


def _what(data: bytes) -> str:
    """``image`` (Pillow reads it), ``video`` (an MP4 or MOV box) or ``file``."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)):
            return "image"
    except (UnidentifiedImageError, OSError):
        return "video" if data[4:8] == b"ftyp" else "file"


_MATCHES = {
    "image": "a re-encode or resize matches; a crop, an overlay or another version does not",
    "video": "a remux, re-encode, resize or new soundtrack matches; a trim, a cut, an overlay "
             "or another version does not",
}


def _describe_originals(originals: list[dict[str, object]], what: str = "image") -> list[str]:
    """What ``verify`` says of the stored images or videos a stripped copy matches."""
    if not originals:
        return [f"  No {what} in this deployment's asset store looks like it"
                + (f" ({_MATCHES[what]})." if what in _MATCHES else ".")]
    lines = [f"  It looks like {len(originals)} stored {what}(s), closest first "
             f"({_MATCHES.get(what, _MATCHES['image'])}):"]
    for row in originals:
        signed = (f"signed, manifest {row['manifest']} (sha256 {row['manifest_sha256']})"
                  if row["manifest"] else "not signed")
        lines.append(f"  {row['asset_id']}: {row['kind']} made {row['created']} by "
                     f"{row['capability']}, {signed}; {row['hash_bits_apart']} of 64 bits and "
                     f"{row['colour_difference']} CIELAB units apart.")
        lines.append(f"    stored at: {row['path']}")
    return lines
