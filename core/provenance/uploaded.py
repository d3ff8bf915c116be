"""An upload's own Content Credentials, kept when the upload is cleaned (issue 26).

A product photo may arrive signed: a camera's C2PA manifest, or another tool's. The upload
cleaner re-encodes such a file (it drops every chunk but the picture's, EXIF and GPS
included), which drops the manifest too. So before cleaning, the upload's manifest store is
captured in a C2PA *ingredient archive*: the upload described as an ingredient (its file
name, type and SHA-256) with its whole manifest store, and none of its pixels. Every asset
made from the photo adds that archive as a ``componentOf`` ingredient, so the camera's or
the other tool's chain travels inside adstudio's manifest.

A chain that holds what the cleaner exists to drop is not carried: EXIF or IPTC records (a
camera's GPS position, serial number, the photographer's name), a location, or a thumbnail
(a picture of the uncropped original). Its label, state and hash are still recorded on
the photo; the ads made from it then name the photo without that chain.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
from dataclasses import dataclass
from typing import Final

import c2pa

from core.provenance.manifest import OFFLINE, Ingredient, ingredient_json

log = logging.getLogger(__name__)

KIND: Final = "uploaded_original"
"""The kind an upload as it was sent is named by, as an ingredient."""
ARCHIVE_MIME: Final = "application/c2pa"


@dataclass(frozen=True)
class UploadedCredentials:
    """The Content Credentials an upload carried, captured before it was cleaned.

    Attributes:
        label: Its active manifest's label.
        state: What the c2pa reader said of it: ``Trusted``, ``Valid`` or ``Invalid``
            (kept as it was: adstudio passes the chain on, it does not vouch for it).
        sha256: SHA-256 of the upload as sent (the bytes its manifest is bound to).
        archive: The C2PA ingredient archive (the upload's manifest store and its
            description as an ingredient; none of its pixels); None when the chain holds
            personal data (:func:`private_parts`) and is recorded, not carried.
    """

    label: str
    state: str
    sha256: str
    archive: bytes | None


_PRIVATE_ASSERTIONS: Final = ("stds.exif", "stds.iptc", "c2pa.location", "c2pa.thumbnail")


def private_parts(store: dict[str, object]) -> list[str]:
    """What of a manifest store (the reader's JSON) a cleaned upload must not pass on.

    EXIF and IPTC records (GPS, serial numbers, names), locations and thumbnails (a
    picture of the original), in any manifest of the chain; empty when there are none.
    """
    found: set[str] = set()
    manifests = store.get("manifests")
    for manifest in (manifests.values() if isinstance(manifests, dict) else ()):
        if not isinstance(manifest, dict):
            continue
        if manifest.get("thumbnail"):
            found.add("a thumbnail")
        for ingredient in manifest.get("ingredients") or ():
            if isinstance(ingredient, dict) and ingredient.get("thumbnail"):
                found.add("a thumbnail")
        for assertion in manifest.get("assertions") or ():
            name = str(assertion.get("label", "")) if isinstance(assertion, dict) else ""
            found |= {name.split(".")[-1] if "thumbnail" not in name else "a thumbnail"
                      for prefix in _PRIVATE_ASSERTIONS if name.startswith(prefix)}
    return sorted(found)


def uploaded_credentials(data: bytes, mime: str) -> UploadedCredentials | None:
    """The Content Credentials an upload carries (None: it has none, or C2PA cannot read it).

    Never makes a network call (no remote manifest, no OCSP).
    """
    context = c2pa.Context.from_dict(OFFLINE)
    try:
        with c2pa.Reader(mime, io.BytesIO(data), None, context) as reader:
            store = json.loads(reader.json())
            state = str(reader.get_validation_state() or "Invalid")
    except c2pa.C2paError:
        return None  # no manifest (the usual case), or one the library cannot parse
    label = store.get("active_manifest")
    if not label:
        return None
    sha256 = hashlib.sha256(data).hexdigest()
    private = private_parts(store)
    if private:
        log.info("an upload's Content Credentials hold %s: recorded, not carried",
                 ", ".join(private))
        return UploadedCredentials(str(label), state, sha256, None)
    ingredient = Ingredient(path=None, mime=mime, asset_id="", kind=KIND, sha256=sha256,
                            signed=True, title="the upload, as sent")
    definition = ingredient_json(ingredient)
    builder = c2pa.Builder({"claim_generator_info": [{"name": "adstudio"}]}, context)
    try:
        builder.add_ingredient(definition, mime, io.BytesIO(data))
        out = io.BytesIO()
        builder.write_ingredient_archive(definition["label"], out)
    except c2pa.C2paError as exc:
        log.warning("the upload's Content Credentials could not be kept: %s", exc)
        return None
    finally:
        builder.close()
    return UploadedCredentials(str(label), state, sha256, out.getvalue())


def private_chain(data: bytes, mime: str) -> list[str]:
    """:func:`private_parts` of the manifest store a file carries (empty: none, or no store)."""
    context = c2pa.Context.from_dict(OFFLINE)
    try:
        with c2pa.Reader(mime, io.BytesIO(data), None, context) as reader:
            return private_parts(json.loads(reader.json()))
    except c2pa.C2paError:
        return []


def archived_ingredient(archive: bytes, mime: str, sha256: str, title: str) -> Ingredient:
    """The ingredient of an upload as sent, added from its archive (its manifest inside).

    ``mime``, ``sha256`` and ``title`` describe it when the archive cannot be read.
    """
    return Ingredient(path=None, mime=mime, asset_id="", kind=KIND, sha256=sha256,
                      signed=True, title=title, archive=archive)
