"""Every image and video a capability stores carries a signed C2PA manifest (issue 26).

:class:`MarkedAssetStore` is the asset store the composition root hands to every face and
capability. Its ``put`` embeds the manifest before the bytes are stored, so every path
gets one (ads, edits, carousels, cutouts, comparisons, live images and videos with their
posters and previews, Bedrock video jobs). The plain :class:`~core.storage.assets.AssetStore`
knows nothing of C2PA. Only what a capability made is marked: uploads (no capability) are
the advertiser's own, and archives (ZIP) hold files that are signed one by one.

What the manifest says comes from the asset's own record: the capability, the engine
and models (``made_by``), the calls that painted pixels (which pick the IPTC source
type, :mod:`core.provenance.sources`), its parents and ``components`` (ingredients: a
video's and a live image's product photo and cutout are named beside its storyboard or
ad; a signed one's manifest travels inside, and so do the Content Credentials a product
photo was uploaded with), and the ``checks`` an ad passed. The asset's parameters record
the result under ``provenance``: the manifest's label and hash, the source type, the
signer and, for an image, its perceptual fingerprint (:func:`find_originals` names the
record of a copy a platform stripped). A file that already carries a manifest (a video
model that signs its own clips) keeps it: its label is recorded, nothing is replaced. A
model's clip that adstudio labelled is a new file: it is signed with the model's file
(``put``'s ``original``) as its parent ingredient, so the model's manifest travels inside
the new one. If signing fails, the file is stored unsigned and the reason is logged and
recorded there. The ad is never lost.
"""

from __future__ import annotations

import hashlib
import itertools
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from PIL import Image

from core.errors import AssetNotFoundError, CapabilityError
from core.provenance import sources
from core.provenance.fingerprint import (
    Fingerprint,
    fingerprint,
    fingerprint_bytes,
    video_fingerprint,
)
from core.provenance.identity import SigningIdentity
from core.provenance.manifest import SIGNABLE_MIMES, Ingredient, ManifestFacts, ManifestSigner
from core.provenance.reader import manifest_label
from core.provenance.uploaded import archived_ingredient, private_chain
from core.storage.assets import Asset, AssetStore
from core.storage.blobs import EXTENSIONS, Blobs

log = logging.getLogger(__name__)

PROVENANCE: Final = "provenance"
"""The parameters key of what was embedded (or why nothing was)."""
EDITS: Final = frozenset({"edit_image", "remove_hand", "remove_background"})
"""Capabilities whose image is a new version of its first parent (``parentOf``)."""
COMPONENTS: Final = "components"
"""The parameters key of assets in a file besides its parents (a video's or a live image's
product photo and cutout): its manifest names them as ``componentOf`` ingredients too."""


def provenance_status(parameters: Mapping[str, Any]) -> str:
    """What an asset's record says of its manifest, in a few words for a manifest or a sheet.

    ``signed`` (the deployment's certificate), ``signed (local identity, untrusted)``,
    ``signed by the model`` (a video model's own manifest, kept), ``unsigned: <why>`` when
    signing failed, and ``unsigned`` when nothing was recorded (an upload, or an asset made
    before provenance).
    """
    record = parameters.get(PROVENANCE)
    if not isinstance(record, Mapping):
        return "unsigned"
    if record.get("kept_manifest"):
        return "signed by the model"
    if record.get("manifest"):
        return "signed (local identity, untrusted)" if record.get("local_identity") else "signed"
    if record.get("uploaded_manifest"):
        if record.get("carried") is False:
            return ("unsigned, uploaded with Content Credentials (not passed on: they hold "
                    "personal data)")
        return "unsigned, uploaded with Content Credentials (kept)"
    if record.get("carried_manifest"):
        return "signed by its maker (stored as uploaded)"
    return f"unsigned: {record['error']}" if record.get("error") else "unsigned"


class MarkedAssetStore(AssetStore):
    """An asset store that embeds a signed C2PA manifest in each image a capability makes.

    Args:
        root: Directory holding the ``blobs/`` tree (and ``index.sqlite`` by default).
        identity: Returns the signing identity; called once, on the first image, so a
            local identity is only made when something is signed.
        where: The index (an SQLite file or a database URL); default ``index.sqlite``
            in ``root``.
        blobs: Where the bytes live (default: files under ``root``).
    """

    def __init__(self, root: Path, identity: Callable[[], SigningIdentity],
                 where: Path | str | None = None, blobs: Blobs | None = None) -> None:
        super().__init__(root, where, blobs)
        self._identity = identity
        self._signer: ManifestSigner | None = None

    def put(
        self,
        data: bytes,
        *,
        kind: str,
        mime: str,
        width: int | None = None,
        height: int | None = None,
        parents: Sequence[str] = (),
        capability: str | None = None,
        parameters: dict[str, Any] | None = None,
        caption: str = "",
        tenant: str = "default",
        original: bytes | None = None,
    ) -> Asset:
        """Store ``data`` like :meth:`AssetStore.put`, signed first when a capability made it.

        Signed: PNG, JPEG and WebP images and MP4 videos.

        The manifest's label, hash, source type and signer are added to the parameters
        under ``provenance`` (or the reason it could not be signed, under ``error``).
        ``original`` (a remote model's clip before its AI label was drawn) is the parent
        ingredient: its own manifest, if it has one, travels inside the new file's.
        """
        if capability is not None and mime in SIGNABLE_MIMES:
            data, parameters = self._mark(
                data, kind=kind, mime=mime, parents=parents, capability=capability,
                parameters=dict(parameters or {}), tenant=tenant, original=original,
            )
        elif mime in SIGNABLE_MIMES and not _recorded_provenance(parameters):
            parameters = _carried(data, mime, parameters)
        return super().put(
            data, kind=kind, mime=mime, width=width, height=height, parents=parents,
            capability=capability, parameters=parameters, caption=caption, tenant=tenant,
        )

    def _mark(
        self, data: bytes, *, kind: str, mime: str, parents: Sequence[str], capability: str,
        parameters: dict[str, Any], tenant: str, original: bytes | None,
    ) -> tuple[bytes, dict[str, Any]]:
        """The signed bytes and the parameters recording the manifest (or the failure)."""
        record: dict[str, Any] = {}
        if mime.startswith("image/"):  # finds this record from a copy stripped of its manifest
            given = parameters.get(PROVENANCE)  # by a caller that has the image decoded
            known = given.get("fingerprint") if isinstance(given, dict) else None
            record["fingerprint"] = known if known is not None else _fingerprint(data)
        elif mime.startswith("video/"):
            record["frames"] = _frames(data)
        try:
            facts = self.facts(kind, mime, parents, capability, parameters, tenant, original)
            record["source_type"] = facts.source_type
            # images are encoded here (no manifest yet); a video model's clip may be signed
            existing = manifest_label(data, mime) if mime.startswith("video/") else None
            if existing is not None:  # the model signed it: keep its credentials
                record["kept_manifest"] = existing
                return data, {**parameters, PROVENANCE: record}
            signer = self._ready_signer()
            signed = signer.sign(data, mime, facts)
        except Exception as exc:  # the library raises many kinds: keep the ad, say why
            log.error("C2PA signing failed, %s stored unsigned: %s: %s", kind,
                      type(exc).__name__, exc)
            # what the API shows: adstudio's own reason (written for the operator), or only the
            # kind of a library's failure, whose message may carry server paths
            record["error"] = (str(exc) if isinstance(exc, CapabilityError)
                               else f"signing failed ({type(exc).__name__}); see the server log")
            return data, {**parameters, PROVENANCE: record}
        record.update(
            manifest=signed.label,
            manifest_sha256=signed.manifest_sha256,
            signer=signer.identity.subject,
            local_identity=signer.identity.local,
        )
        return signed.data, {**parameters, PROVENANCE: record}

    def facts(
        self, kind: str, mime: str, parents: Sequence[str], capability: str,
        parameters: dict[str, Any], tenant: str, original: bytes | None = None,
    ) -> ManifestFacts:
        """What the manifest of a new image states, from its record and its parents'.

        An ``original`` (the file as a remote model made it) is the parent ingredient, the
        file this one edits; the stored parents are then components.
        """
        named = list(dict.fromkeys([*parents, *_components(parameters)]))
        known = [asset for asset in (self._parent(p, tenant) for p in named) if asset]
        edit = bool(known) and bool(parents) and known[0].id == parents[0] and (
            original is None and (capability in EDITS or kind in sources.CUTOUT_KINDS))
        ingredients = tuple(
            self._ingredient(asset, "parentOf" if edit and i == 0 else "componentOf")
            for i, asset in enumerate(known)
        ) + tuple(filter(None, (self._uploaded(asset) for asset in known)))
        engine = "local" if str(parameters.get("engine") or "local") == "local" else "bedrock"
        recorded = parameters.get("models")
        models = [str(m) for m in recorded if m] if isinstance(recorded, list) else []
        # a Bedrock video job records its family as engine and the one model that made it
        remote_video = mime.startswith("video/") and engine == "bedrock"
        if remote_video and parameters.get("model_id"):
            models = models or [str(parameters["model_id"])]
        checks = parameters.get("checks")
        if original is not None:
            ingredients = (_made_elsewhere(original, mime, models), *ingredients)
        return ManifestFacts(
            title=f"{kind}{EXTENSIONS.get(mime, '')}",
            tool=capability,
            engine=engine,
            source_type=sources.source_type(
                kind, remote_video or sources.is_generative(parameters.get("calls") or []),
                captured_input=bool(known),
                inherited=[_source_type(asset) for asset in known],
                whole=remote_video,
            ),
            models=tuple(models),
            ingredients=ingredients,
            checks=dict(checks) if isinstance(checks, dict) else {},
            edit=_edit(parameters) if original is not None else None,
        )

    def _ready_signer(self) -> ManifestSigner:
        if self._signer is None:
            self._signer = ManifestSigner(self._identity())
        return self._signer

    def _parent(self, asset_id: str, tenant: str) -> Asset | None:
        try:
            return self.get(asset_id, tenant)
        except AssetNotFoundError:
            return None

    def _ingredient(self, asset: Asset, relationship: str) -> Ingredient:
        record = asset.parameters.get(PROVENANCE)
        signed = isinstance(record, dict) and ("manifest" in record or "carried_manifest" in record)
        return Ingredient(
            path=self._blob_path(asset.sha256, asset.mime),
            mime=asset.mime,
            asset_id=asset.id,
            kind=asset.kind,
            sha256=asset.sha256,
            relationship="parentOf" if relationship == "parentOf" else "componentOf",
            signed=signed,
        )


    def _uploaded(self, asset: Asset) -> Ingredient | None:
        """An upload as sent, when it carried Content Credentials (their archive kept).

        None for every other asset, and when the archive's asset is gone (deleted).
        """
        record = asset.parameters.get(PROVENANCE)
        if not isinstance(record, Mapping) or not record.get("credentials"):
            return None
        kept = record["credentials"]
        try:
            archive = self.read(str(kept), asset.tenant)
        except (AssetNotFoundError, OSError):
            log.warning("the Content Credentials of upload %s are gone", asset.id)
            return None
        mime = str(asset.parameters.get("uploaded_mime") or asset.mime)
        return archived_ingredient(archive, mime, str(record.get("uploaded_sha256", "")),
                                   f"{asset.caption or asset.id}, as uploaded")


@dataclass(frozen=True)
class Original:
    """A stored image that a file without a manifest is likely a copy of.

    Attributes:
        asset: The stored image (its record names its manifest, if it was signed).
        bits: Bits of 64 that differ between the structure hashes.
        colour: The largest CIELAB distance between a cell of their colour grids.
    """

    asset: Asset
    bits: int
    colour: float


def find_originals(store: AssetStore, data: bytes, tenant: str, page: int = 500) -> list[Original]:
    """The tenant's stored images or videos ``data`` is likely a copy of, the closest first.

    For a file whose manifest a re-encode stripped: it matches the record of the image or
    video it was made from by its perceptual fingerprint (:mod:`core.provenance.fingerprint`:
    a re-encode, resize or remux matches; a crop, an overlay, a trim or another version
    does not). A video matches when each of its three fingerprinted frames does; its
    distance is the farthest frame's.

    Raises:
        ValueError: ``data`` is neither an image Pillow reads nor a video PyAV decodes.
    """
    try:
        probe: tuple[Fingerprint, ...] = (fingerprint_bytes(data),)
        key = "fingerprint"
    except OSError:
        probe, key = video_fingerprint(data), "frames"
    found: list[Original] = []
    for offset in itertools.count(0, page):
        assets = store.list(tenant, limit=page, offset=offset)
        for asset in assets:
            record = asset.parameters.get(PROVENANCE)
            known = _recorded(record.get(key), key) if isinstance(record, Mapping) else None
            if known is None or len(known) != len(probe):
                continue
            if all(k.matches(p) for k, p in zip(known, probe, strict=True)):
                distances = [k.distance(p) for k, p in zip(known, probe, strict=True)]
                bits = max(d[0] for d in distances)
                colour = max(d[1] for d in distances)
                found.append(Original(asset, bits, round(colour, 1)))
        if len(assets) < page:
            break
    return sorted(found, key=lambda o: (o.bits + o.colour, o.asset.id))


def _recorded(value: object, key: str) -> tuple[Fingerprint, ...] | None:
    """A recorded image fingerprint (one) or video's frames (three); None if malformed."""
    records = value if key == "frames" else [value]
    if not isinstance(records, list):
        return None
    prints = [Fingerprint.from_record(r) for r in records]
    return tuple(p for p in prints if p is not None) if all(prints) and prints else None


def fingerprinted(parameters: dict[str, Any], image: Image.Image) -> dict[str, Any]:
    """``parameters`` with ``image``'s fingerprint, for a :class:`MarkedAssetStore` put.

    A caller storing an image it has in memory saves the store decoding the encoded bytes
    again (about 20 ms for a 1080x1080 PNG, two thirds of what provenance adds to an ad).
    The image must be what the bytes decode to (a lossless encoding of it).
    """
    return {**parameters, PROVENANCE: {"fingerprint": fingerprint(image).as_record()}}


def _fingerprint(data: bytes) -> dict[str, object] | None:
    """The record of an image's fingerprint (None when Pillow cannot read it)."""
    try:
        return fingerprint_bytes(data).as_record()
    except (OSError, ValueError) as exc:
        log.warning("no fingerprint for an image Pillow cannot read: %s", exc)
        return None


def _recorded_provenance(parameters: Mapping[str, Any] | None) -> bool:
    """Whether a caller already recorded the file's provenance (a cleaned upload's)."""
    return isinstance(parameters, Mapping) and PROVENANCE in parameters


def _carried(
    data: bytes, mime: str, parameters: dict[str, Any] | None
) -> dict[str, Any] | None:
    """``parameters`` of a file stored as it was given, with the manifest it carries, if any.

    An upload kept byte for byte (the CLI's ``animate`` and ``video`` store the photo as it
    is) may carry another tool's or a camera's manifest: recorded as ``carried_manifest``,
    the file is read as a signed ingredient, so that manifest travels inside everything
    made from it.
    """
    label = manifest_label(data, mime)
    if label is None:
        return parameters
    if private_chain(data, mime):  # a camera's GPS or a thumbnail: never passed on
        return {**(parameters or {}), PROVENANCE: {"uploaded_manifest": label, "carried": False}}
    return {**(parameters or {}), PROVENANCE: {"carried_manifest": label}}


def _frames(data: bytes) -> list[dict[str, object]] | None:
    """The record of a video's frame fingerprints (None when PyAV cannot decode it)."""
    try:
        return [p.as_record() for p in video_fingerprint(data)]
    except ValueError as exc:
        log.warning("no fingerprint for a video PyAV cannot decode: %s", exc)
        return None


def _made_elsewhere(original: bytes, mime: str, models: Sequence[str]) -> Ingredient:
    """The parent ingredient of a file as the model made it (read: its manifest kept)."""
    what = mime.split("/")[0]
    by = models[0] if models else "the model"
    return Ingredient(
        path=None, mime=mime, asset_id="", kind=f"model_{what}",
        sha256=hashlib.sha256(original).hexdigest(), relationship="parentOf",
        title=f"{by}'s {what}, as the model made it", data=original,
    )


def _edit(parameters: Mapping[str, Any]) -> str:
    """What adstudio did to a file a model made: drew the AI label, encoded it again."""
    label = parameters.get("ai_label")
    drawn = f"drew the AI label {label!r} on every frame, " if label else ""
    return f"{drawn}encoded again by adstudio"


def _components(parameters: Mapping[str, Any]) -> list[str]:
    """The asset ids a record names as components besides its parents."""
    named = parameters.get(COMPONENTS)
    return [str(a) for a in named if a] if isinstance(named, list) else []


def _source_type(asset: Asset) -> str:
    record = asset.parameters.get(PROVENANCE)
    return str(record.get("source_type", "")) if isinstance(record, dict) else ""
