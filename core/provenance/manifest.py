"""Build and embed the C2PA manifest of one image or video adstudio made.

The manifest says what was done (``c2pa.created``, or ``c2pa.opened`` + ``c2pa.edited`` for
an edit of a parent: an image, or a remote model's clip the AI label was drawn on) with
which tool and engine, the IPTC digital source type, the model ids that worked on it, what
it was made from (ingredients, each with its asset id and SHA-256; a parent's own manifest
travels inside the new one), and the checks it passed (policy version, guardrail
decision). Signing needs no network: no thumbnail, no remote manifest, no OCSP, and a
timestamp only when a timestamp authority is configured.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import threading
import uuid
from dataclasses import dataclass, field, replace
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, BinaryIO, Final, Literal

import c2pa

from core.provenance.identity import SigningIdentity

log = logging.getLogger(__name__)

SIGNABLE_MIMES: Final = frozenset({"image/png", "image/jpeg", "image/webp", "video/mp4"})
ADSTUDIO_CHECKS: Final = "com.adstudio.checks"
"""Label of the assertion with the policy version and the guardrail decision."""
META: Final = "com.adstudio."
"""Prefix of adstudio's own fields in an ingredient's metadata (asset id, kind, sha256)."""
OFFLINE: Final[dict[str, Any]] = {
    "builder": {"thumbnail": {"enabled": False}},
    "verify": {"remote_manifest_fetch": False, "ocsp_fetch": False},
}
"""c2pa settings: no thumbnails (smaller, faster) and never a network call while verifying."""
SIGNING: Final[dict[str, Any]] = {
    **OFFLINE, "verify": {**OFFLINE["verify"], "verify_after_sign": False},
}
"""OFFLINE, without reading each signed file back (a fifth of the signing time; the tests
and ``adstudio verify`` validate with the library's reader)."""

Relationship = Literal["parentOf", "componentOf"]


@dataclass(frozen=True)
class Ingredient:
    """An asset the new image was made from.

    Attributes:
        path: The file holding its bytes (read for its own manifest, if it has one); None
            when ``data`` holds them.
        mime: Its media type.
        asset_id: Its id in the asset store ("" for a file that is not stored: a remote
            model's clip before adstudio drew its AI label on it).
        kind: Its kind (``product_photo``, ``ad_image``, ``model_video``, ...).
        sha256: SHA-256 of its bytes.
        relationship: ``parentOf`` (the file this one edits) or ``componentOf``.
        signed: It carries a manifest of its own (adstudio signed it). A signed
            ingredient is read, so its manifest travels inside the new one (the parent of
            an edit, a cutout in an ad); an unsigned one is only described (asset id, kind,
            SHA-256), so a large product photo is not read again for nothing.
        title: Its title in the manifest (default: its asset id and kind).
        data: Its bytes, when they are in no file. A ``parentOf`` ingredient given so is
            always read, whether it carries a manifest or not (C2PA records what it finds:
            its manifest, if any, travels inside the new one).
        archive: A C2PA ingredient archive of it (an upload's own Content Credentials,
            kept when the upload was cleaned: :mod:`core.provenance.uploaded`); added as
            it was archived, so its manifest travels inside the new one.
        embed: Read it when it can be; False describes it only (the fallback when the
            library cannot read it).
    """

    path: Path | None
    mime: str
    asset_id: str
    kind: str
    sha256: str
    relationship: Relationship = "componentOf"
    signed: bool = False
    title: str | None = None
    data: bytes | None = None
    archive: bytes | None = None
    embed: bool = True


@dataclass(frozen=True)
class ManifestFacts:
    """What the manifest of one new image states.

    Attributes:
        title: The file's title (its asset id and extension).
        tool: The capability that made it (``generate_ad_images``, ``edit_image``, ...).
        engine: The image engine (``local`` or ``bedrock``).
        source_type: The IPTC digital source type URI (:mod:`core.provenance.sources`).
        models: Ids of the models whose work is in it.
        ingredients: What it was made from; a ``parentOf`` one makes it an edit.
        checks: The policy version and guardrail decision, when known.
        edit: What the edit did, in words (the ``c2pa.edited`` action's description:
            "drew the AI label 'AI-generated' on every frame"); None says nothing more.
    """

    title: str
    tool: str
    engine: str
    source_type: str
    models: tuple[str, ...] = ()
    ingredients: tuple[Ingredient, ...] = ()
    checks: dict[str, Any] = field(default_factory=dict)
    edit: str | None = None

    @property
    def parent(self) -> Ingredient | None:
        """The ingredient this image is an edit of, if any."""
        return next((i for i in self.ingredients if i.relationship == "parentOf"), None)


@dataclass(frozen=True)
class Signed:
    """An image with its manifest embedded.

    Attributes:
        data: The signed file's bytes.
        label: The manifest's label (``urn:c2pa:<uuid>``).
        manifest_sha256: SHA-256 of the embedded manifest store (JUMBF) bytes.
    """

    data: bytes
    label: str
    manifest_sha256: str


def manifest_definition(facts: ManifestFacts, label: str) -> dict[str, Any]:
    """The C2PA manifest definition (JSON) for ``facts``, under ``label``."""
    agent = {"name": "adstudio", "version": _adstudio_version()}
    parameters: dict[str, Any] = {"tool": facts.tool, "engine": facts.engine}
    if facts.models:
        parameters["models"] = list(facts.models)
    main: dict[str, Any] = {
        "action": "c2pa.edited" if facts.parent else "c2pa.created",
        "softwareAgent": agent,
        "digitalSourceType": facts.source_type,
        "parameters": parameters,
    }
    if facts.parent is not None and facts.edit:
        main["description"] = facts.edit
    actions = [main]
    if facts.parent is not None:
        opened: dict[str, Any] = {
            "action": "c2pa.opened", "parameters": {"ingredientIds": [_ref(facts.parent)]},
        }
        actions = [opened, main]
    assertions: list[dict[str, Any]] = [{"label": "c2pa.actions.v2", "data": {"actions": actions}}]
    if facts.checks:
        assertions.append({"label": ADSTUDIO_CHECKS, "data": facts.checks})
    return {
        "label": label,
        "claim_generator_info": [agent],
        "title": facts.title,
        "ingredients": [ingredient_json(i) for i in facts.ingredients
                        if not _embedded(i) and not _archived(i)],
        "assertions": assertions,
    }


class ManifestSigner:
    """Embeds signed manifests with one identity; safe to share between threads.

    Each thread signs with a native signer of its own, made on first use, so one slow
    signing (a configured timestamp server's round trip) never holds up another thread's.
    A forked process (a batch worker) makes its own too: it never uses the parent's.

    Args:
        identity: The certificate chain and key to sign with.
    """

    def __init__(self, identity: SigningIdentity) -> None:
        self.identity = identity
        self._local = threading.local()

    def sign(self, data: bytes, mime: str, facts: ManifestFacts) -> Signed:
        """Embed a manifest of ``facts`` in ``data`` (a PNG, JPEG or WebP image, or an MP4).

        When the library cannot read an ingredient (a remote model's file, a damaged
        archive), every ingredient is described instead (its kind and SHA-256), so the new
        file is still signed.

        Raises:
            c2pa.C2paError: The library refused the image, a definition or the identity.
            OSError: An ingredient's file cannot be read.
        """
        try:
            return self._sign(data, mime, facts)
        except c2pa.C2paError as exc:
            if not any(_embedded(i) or _archived(i) for i in facts.ingredients):
                raise
            described = _described(facts)
            log.warning("an ingredient could not be read, so it is only described: %s", exc)
            return self._sign(data, mime, described)

    def _sign(self, data: bytes, mime: str, facts: ManifestFacts) -> Signed:
        """:meth:`sign`, every ``parentOf`` ingredient read that can be."""
        label = f"urn:c2pa:{uuid.uuid4()}"
        signer, context = self._ready()
        builder = c2pa.Builder(manifest_definition(facts, label), context)
        try:
            for ingredient in facts.ingredients:
                if _archived(ingredient):
                    assert ingredient.archive is not None
                    builder.add_ingredient_from_archive(io.BytesIO(ingredient.archive))
                elif _embedded(ingredient):
                    with _opened(ingredient) as source:
                        builder.add_ingredient(ingredient_json(ingredient), ingredient.mime,
                                               source)
            out = io.BytesIO()
            manifest = builder.sign(signer, mime, io.BytesIO(data), out)
        finally:
            builder.close()
        return Signed(out.getvalue(), label, hashlib.sha256(manifest).hexdigest())

    def _ready(self) -> tuple[Any, Any]:
        """This thread's native signer and context, made on its first signing."""
        local = self._local
        if getattr(local, "pid", None) != os.getpid():  # new thread, or a forked process
            identity = self.identity
            info = c2pa.C2paSignerInfo(identity.alg.encode(), identity.chain_pem,
                                       identity.key_pem,
                                       identity.tsa_url.encode() if identity.tsa_url else None)
            local.signer = c2pa.Signer.from_info(info)
            local.context = c2pa.Context.from_dict(SIGNING)
            local.pid = os.getpid()
        return local.signer, local.context


def _embedded(ingredient: Ingredient) -> bool:
    """Whether an ingredient is read, its manifest embedded: signed, or a parent in memory."""
    if not ingredient.embed or ingredient.archive is not None:
        return False
    in_memory = ingredient.data is not None and ingredient.relationship == "parentOf"
    return in_memory or (ingredient.signed and (ingredient.path is not None
                                                or ingredient.data is not None))


def _archived(ingredient: Ingredient) -> bool:
    """Whether an ingredient is added from its C2PA ingredient archive."""
    return ingredient.embed and ingredient.archive is not None


def _described(facts: ManifestFacts) -> ManifestFacts:
    """``facts`` with every ingredient described only (not read, no archive added)."""
    return replace(facts, ingredients=tuple(replace(i, embed=False) for i in facts.ingredients))


def _opened(ingredient: Ingredient) -> BinaryIO:
    """An ingredient's bytes as a stream: from memory, or its file opened."""
    if ingredient.data is not None:
        return io.BytesIO(ingredient.data)
    if ingredient.path is None:
        raise OSError(f"the ingredient {ingredient.kind!r} has neither a file nor bytes")
    return ingredient.path.open("rb")


def ingredient_json(ingredient: Ingredient) -> dict[str, Any]:
    """An ingredient's definition; a signed one described only says it is signed."""
    meta: dict[str, Any] = {f"{META}asset_id": ingredient.asset_id} if ingredient.asset_id else {}
    if ingredient.signed:
        meta[f"{META}signed"] = True
    return {
        "title": ingredient.title or f"{ingredient.asset_id} ({ingredient.kind})",
        "format": ingredient.mime,
        "relationship": ingredient.relationship,
        "label": _ref(ingredient),
        "metadata": {
            **meta,
            f"{META}kind": ingredient.kind,
            f"{META}sha256": ingredient.sha256,
        },
    }


def _ref(ingredient: Ingredient) -> str:
    """How an action names an ingredient of the same manifest."""
    return f"adstudio-{ingredient.asset_id or ingredient.kind}"


@cache
def _adstudio_version() -> str:
    """Adstudio's installed version (read once: the package metadata lookup takes ~2 ms)."""
    try:
        return version("adstudio")
    except PackageNotFoundError:  # a checkout that was never installed
        return "0"
