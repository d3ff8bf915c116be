"""Read back and validate the C2PA manifest of a file, with the library's own reader."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any, BinaryIO, Literal

import c2pa
from pydantic import BaseModel, Field

from core.provenance.manifest import ADSTUDIO_CHECKS, META, OFFLINE

UNTRUSTED = "signingCredential.untrusted"
State = Literal["trusted", "valid", "invalid"]


class NoManifestError(Exception):
    """The file carries no C2PA manifest (never signed, or stripped by a re-encode)."""


class ProvenanceAction(BaseModel):
    """One action of the manifest: what was done, by which tool and engine."""

    action: str = Field(description="c2pa.created, c2pa.opened, c2pa.edited, ...")
    description: str | None = Field(None, description="What it did, in words (an edit's).")
    software: str | None = Field(None, description="The software agent (name and version).")
    tool: str | None = Field(None, description="The adstudio capability.")
    engine: str | None = Field(None, description="local or bedrock.")
    models: list[str] = Field(default_factory=list, description="Model ids that worked on it.")
    source_type: str | None = Field(None, description="IPTC digital source type URI.")


class ProvenanceIngredient(BaseModel):
    """What the file was made from."""

    title: str
    relationship: str = Field(description="parentOf (edited from it) or componentOf.")
    asset_id: str | None = None
    kind: str | None = None
    sha256: str | None = None
    signed: bool = Field(
        False, description="It carried a manifest of its own (embedded here or not)."
    )
    manifest: str | None = Field(
        None, description="The label of its own manifest, which travels in this file's store "
        "(null: not embedded here; see signed and stored)."
    )
    signer: str | None = Field(None, description="Common name of its manifest's signer.")
    stored: str | None = Field(
        None, description="What the asset store records of this ingredient's own manifest "
        "now (signed, unsigned, ...; null when not looked up or not stored here)."
    )


class Provenance(BaseModel):
    """A file's C2PA manifest, as validated now."""

    state: State = Field(
        description="trusted (signer on a trust list), valid (intact, signer not trusted, "
        "e.g. adstudio's local identity) or invalid (changed since signing, or broken)."
    )
    label: str | None = Field(None, description="The active manifest's label.")
    signer: str | None = Field(None, description="Common name of the signing certificate.")
    issuer: str | None = Field(None, description="Organisation of the signing certificate.")
    signed_at: str | None = Field(None, description="Timestamp, when a TSA was used.")
    title: str | None = None
    source_type: str | None = Field(None, description="IPTC digital source type URI.")
    actions: list[ProvenanceAction] = Field(default_factory=list)
    ingredients: list[ProvenanceIngredient] = Field(default_factory=list)
    checks: dict[str, Any] = Field(
        default_factory=dict, description="Policy version and guardrail decision."
    )
    problems: list[str] = Field(
        default_factory=list, description="Validation failures (an untrusted signer aside)."
    )

    @property
    def intact(self) -> bool:
        """Whether the file is unchanged since it was signed (trusted or not)."""
        return self.state != "invalid"


def read_provenance(source: bytes | Path, mime: str | None = None) -> Provenance:
    """Validate the manifest of a file (or its bytes) and say what it states.

    Never makes a network call (no remote manifest, no OCSP).

    Args:
        source: The file, or its bytes.
        mime: Its media type (None: detected from the bytes).

    Raises:
        NoManifestError: The file has no manifest, or is of a kind C2PA does not cover.
    """
    context = c2pa.Context.from_dict(OFFLINE)
    try:
        with _stream(source) as stream, c2pa.Reader(mime, stream, None, context) as reader:
            store = json.loads(reader.json())
    except c2pa.C2paError as exc:
        name = type(exc).__name__
        if "ManifestNotFound" in name or "NotSupported" in name:
            raise NoManifestError(str(exc)) from exc
        return Provenance(state="invalid", problems=[str(exc)])
    return _provenance(store)


def _stream(source: bytes | Path) -> BinaryIO:
    """A file is read as a stream (a video is never held in memory whole), bytes as they are."""
    return source.open("rb") if isinstance(source, Path) else io.BytesIO(source)


def manifest_label(data: bytes, mime: str | None = None) -> str | None:
    """The label of the manifest ``data`` already carries (None: it has none).

    A Bedrock video model may sign its own clips: that manifest is kept, not replaced.
    """
    try:
        with c2pa.Reader(mime, io.BytesIO(data), None, c2pa.Context.from_dict(OFFLINE)) as reader:
            label = json.loads(reader.json()).get("active_manifest")
    except c2pa.C2paError:
        return None
    return str(label) if label else None


def _provenance(store: dict[str, Any]) -> Provenance:
    label = store.get("active_manifest")
    manifest = store.get("manifests", {}).get(label, {}) if label else {}
    failures = (store.get("validation_results") or {}).get("activeManifest", {}).get(
        "failure", []
    )
    problems = [f"{f.get('code')}: {f.get('explanation', '')}".strip() for f in failures
                if f.get("code") != UNTRUSTED]
    state: State = {"Trusted": "trusted", "Valid": "valid"}.get(
        str(store.get("validation_state")), "invalid"
    )  # type: ignore[assignment]
    if problems and state != "invalid":
        state = "invalid"
    info = manifest.get("signature_info") or {}
    actions = [_action(a) for a in _actions(manifest)]
    return Provenance(
        state=state,
        label=label,
        signer=info.get("common_name"),
        issuer=info.get("issuer"),
        signed_at=info.get("time"),
        title=manifest.get("title"),
        source_type=next((a.source_type for a in reversed(actions) if a.source_type), None),
        actions=actions,
        ingredients=[_ingredient(i, store.get("manifests", {}))
                     for i in manifest.get("ingredients", [])],
        checks=_assertion(manifest, ADSTUDIO_CHECKS) or {},
        problems=problems,
    )


def _actions(manifest: dict[str, Any]) -> list[dict[str, Any]]:
    for name in ("c2pa.actions.v2", "c2pa.actions"):
        data = _assertion(manifest, name)
        if data:
            return list(data.get("actions", []))
    return []


def _assertion(manifest: dict[str, Any], label: str) -> dict[str, Any] | None:
    for assertion in manifest.get("assertions", []):
        if assertion.get("label") == label and isinstance(assertion.get("data"), dict):
            return dict(assertion["data"])
    return None


def _action(action: dict[str, Any]) -> ProvenanceAction:
    parameters = action.get("parameters") or {}
    agent = action.get("softwareAgent")
    software = (" ".join(str(agent[k]) for k in ("name", "version") if agent.get(k))
                if isinstance(agent, dict) else agent)
    models = parameters.get("models")
    return ProvenanceAction(
        action=str(action.get("action", "")),
        description=action.get("description"),
        software=software or None,
        tool=parameters.get("tool"),
        engine=parameters.get("engine"),
        models=[str(m) for m in models] if isinstance(models, list) else [],
        source_type=action.get("digitalSourceType"),
    )


def _ingredient(ingredient: dict[str, Any], manifests: dict[str, Any]) -> ProvenanceIngredient:
    """One ingredient; ``manifests`` is the store's, which holds an ingredient's own manifest."""
    meta = ingredient.get("metadata") or {}
    label = ingredient.get("active_manifest")
    own = manifests.get(label) or {} if label else {}
    return ProvenanceIngredient(
        title=str(ingredient.get("title", "")),
        relationship=str(ingredient.get("relationship", "")),
        asset_id=meta.get(f"{META}asset_id"),
        kind=meta.get(f"{META}kind"),
        sha256=meta.get(f"{META}sha256"),
        signed=label is not None or meta.get(f"{META}signed") is True,
        manifest=str(label) if label else None,
        signer=(own.get("signature_info") or {}).get("common_name"),
    )
