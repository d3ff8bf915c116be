"""AdCP Creative Protocol messages (the subset adstudio speaks), as pydantic models.

Field names follow the schemas bundled with the ``adcp`` 9.2.0 package (AdCP 3.2, legacy
named-format path): ``core/format.json``, ``core/format-id.json``,
``core/creative-manifest.json``, ``core/assets/{image,video,text}-asset.json``,
``creative/list-creative-formats-*.json``, ``media-buy/build-creative-*.json`` and
``creative/preview-creative-*.json``. Only the fields adstudio fills or reads are modelled;
responses leave out what is unset (``omit_none``), as the protocol's ``oneOf`` branches need.
AdCP 3.2 (July 2026) moves the formats into ``get_adcp_capabilities`` (``list_creative_formats``
is deprecated but served) and adds a provenance object on creatives: :class:`Provenance` is
adstudio's reading of it (no schema of it was at hand), documented in README's AdCP section.
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, Field

from core.schemas import CapabilityResult

ADCP_VERSION = "3.2"
"""The AdCP version these models follow (schemas of adcp 9.2.0, ``ADCP_VERSION`` 3.2.4)."""

FormatType = Literal["display", "video"]


class FormatId(BaseModel):
    """A format's identifier: the agent that defines it and its id there."""

    agent_url: str = Field("", description="URL of the agent defining the format (ours if empty).")
    id: str = Field(pattern=r"^[a-zA-Z0-9_-]+$", description="Format id, e.g. 'medium-rectangle'.")


class Dimensions(BaseModel):
    """Pixel size of a rendered piece."""

    width: int = Field(ge=1)
    height: int = Field(ge=1)
    aspect_ratio: str | None = Field(None, description="e.g. '16:9'.")


class FormatRender(BaseModel):
    """One rendered piece of a format."""

    role: str = "primary"
    dimensions: Dimensions


class FormatAsset(BaseModel):
    """One asset slot of a format (the key of the slot in a creative manifest)."""

    item_type: Literal["individual"] = "individual"
    asset_id: str = Field(description="Key of this slot in creative manifests.")
    asset_type: Literal["image", "video", "text"]
    asset_role: str = Field(description="What the slot is for.")
    required: bool
    requirements: dict[str, Any] = Field(default_factory=dict)


class Format(BaseModel):
    """A creative format this agent builds (one of adstudio's placements)."""

    format_id: FormatId
    name: str
    description: str
    type: FormatType = Field(description="display (still image) or video.")
    renders: list[FormatRender]
    assets: list[FormatAsset]


class ImageAsset(BaseModel):
    """An image in a creative manifest."""

    asset_type: Literal["image"] = "image"
    url: str = Field(description="Where the image is (an adstudio asset URL, or its asset id).")
    width: int | None = Field(None, ge=1)
    height: int | None = Field(None, ge=1)
    format: str | None = Field(None, description="png, jpg, webp...")
    file_size_bytes: int | None = None
    alt_text: str | None = None


class VideoAsset(BaseModel):
    """A video in a creative manifest."""

    asset_type: Literal["video"] = "video"
    url: str
    width: int | None = Field(None, ge=1)
    height: int | None = Field(None, ge=1)
    duration_ms: float | None = None
    file_size_bytes: int | None = None
    container_format: str | None = None


class TextAsset(BaseModel):
    """A piece of ad copy in a creative manifest."""

    asset_type: Literal["text"] = "text"
    content: str


ManifestAsset = Annotated[ImageAsset | VideoAsset | TextAsset, Field(discriminator="asset_type")]


IPTC_DIGITAL_SOURCE_TYPES = "http://cv.iptc.org/newscodes/digitalsourcetype/"
"""The IPTC NewsCodes vocabulary the ``digital_source_type`` terms come from."""

DigitalSourceType = Literal[
    "trainedAlgorithmicMedia", "compositeWithTrainedAlgorithmicMedia", "compositeSynthetic",
]


class Generator(BaseModel):
    """What made a creative: adstudio's engine and the models it called."""

    name: str = Field("adstudio", description="The creative agent.")
    engine: str = Field(description="adstudio's image or video engine, e.g. 'local' (the "
                        "procedural renderer) or 'bedrock-stability'.")
    model_ids: list[str] = Field(
        default_factory=list,
        description="Ids of the trained models called to make it (Bedrock model ids): the "
        "scene's painter, the product's remove-background service, edit services; only calls "
        "whose answers are in it. Empty for the local renderer.",
    )


class C2paReference(BaseModel):
    """The C2PA manifest embedded in the creative's file, to find and check it there."""

    status: str = Field(description="signed, signed (local identity, untrusted), signed by the "
                        "model, or unsigned (with why, when signing failed).")
    manifest_label: str | None = Field(
        None, description="The active manifest's label (urn:c2pa:...), when signed."
    )
    manifest_sha256: str | None = Field(
        None, description="SHA-256 of the manifest as embedded, when adstudio signed it."
    )


class Provenance(BaseModel):
    """How a creative was made (AdCP 3.2 creative provenance, adstudio's reading).

    ``digital_source_type`` is an IPTC term (:data:`IPTC_DIGITAL_SOURCE_TYPES`):
    ``trainedAlgorithmicMedia`` for a scene a model generated whole,
    ``compositeWithTrainedAlgorithmicMedia`` when the advertiser's product photo is
    composited into a model's scene (every Bedrock ad image), ``compositeSynthetic`` when it
    is composited into a scene drawn procedurally (the local renderer).
    """

    ai_generated: bool = Field(description="Made with generative tools (always, for adstudio).")
    digital_source_type: DigitalSourceType
    generator: Generator
    created_at: str = Field(description="When it was made, ISO 8601 (UTC).")
    source_asset_id: str | None = Field(
        None, description="The asset it was built from: the product photo, or the ad adapted."
    )
    c2pa: C2paReference | None = Field(
        None, description="The signed C2PA manifest in the file (GET /v1/assets/{id}/provenance "
        "or `adstudio verify` validates it)."
    )


class CreativeManifest(BaseModel):
    """A creative: its format and its assets by slot.

    Slots adstudio reads on input: ``product_image`` (the product photo), ``logo``,
    ``headline``, ``subline``, ``cta``. Slots it writes: ``image`` or ``video`` (the
    rendered ad) plus the copy it used, and ``provenance`` on every creative it returns.
    """

    format_id: FormatId | None = Field(None, description="The format (required on output).")
    assets: dict[str, ManifestAsset] = Field(default_factory=dict)
    provenance: Provenance | None = Field(
        None, description="How the creative was made (AdCP 3.2); set on every output."
    )
    ext: dict[str, Any] | None = Field(
        None, description="adstudio extension: the ad's asset id, kind and placement."
    )


class AdcpResult(CapabilityResult):
    """Base of the AdCP responses: the task envelope; unset fields are left out of the wire."""

    omit_none: ClassVar[bool] = True
    status: Literal["completed"] = Field(
        "completed", description="The task's state (protocol envelope); tasks here finish at once."
    )
    adcp_version: str = Field(ADCP_VERSION, description="The AdCP release served.")


Protocol = Literal["media_buy", "signals", "governance", "sponsored_intelligence", "creative"]


class GetAdcpCapabilitiesRequest(BaseModel):
    """Which protocols to describe; omit to describe every protocol the agent speaks."""

    protocols: list[Protocol] | None = Field(None, min_length=1)


class Idempotency(BaseModel):
    """Whether retries with the same idempotency_key are deduplicated."""

    supported: bool = Field(False, description="False: retries are not deduplicated.")


class AdcpInfo(BaseModel):
    """The AdCP versions spoken."""

    major_versions: list[int] = Field(description="Deprecated in 3.x but still required.")
    supported_versions: list[str]
    idempotency: Idempotency = Field(default_factory=Idempotency)


class CreativeEngines(BaseModel):
    """The engines that build this agent's creatives, and the models they call."""

    image: Generator = Field(description="Ad images (display formats).")
    video: Generator = Field(description="Video ads (video formats).")


class CreativeCapabilities(BaseModel):
    """What this creative agent does (the ``creative`` block of the capabilities).

    From AdCP 3.2 it also carries the formats (replacing ``list_creative_formats``), the
    engines and whether creatives carry provenance.
    """

    supports_generation: bool = Field(description="build_creative from a brief.")
    supports_transformation: bool = Field(description="build_creative adapts an existing ad.")
    has_creative_library: bool = Field(description="list_creatives is served.")
    supports_compliance: bool = Field(description="Briefs with required disclosures.")
    supports_provenance: bool = Field(True, description="Creatives carry ``provenance``.")
    formats: list[Format] = Field(
        default_factory=list,
        description="Every format build_creative produces: sizes (renders) and asset slots.",
    )
    engines: CreativeEngines | None = None


class GetAdcpCapabilitiesResponse(AdcpResult):
    """The protocols, versions and creative features of this agent."""

    adcp: AdcpInfo
    supported_protocols: list[str] = Field(min_length=1)
    creative: CreativeCapabilities | None = None

    def summary(self) -> str:
        """One line naming the protocols and versions."""
        return (f"AdCP {', '.join(self.adcp.supported_versions)}: "
                f"{', '.join(self.supported_protocols)}")


class ListCreativeFormatsRequest(BaseModel):
    """Filters on the formats to list; omit all to list every format."""

    format_ids: list[FormatId] | None = Field(None, min_length=1)
    type: Literal["audio", "video", "display", "dooh"] | None = None
    asset_types: list[str] | None = Field(None, description="e.g. ['image', 'text'].")
    max_width: int | None = None
    max_height: int | None = None
    min_width: int | None = None
    min_height: int | None = None
    name_search: str | None = Field(None, description="Case-insensitive part of the name.")


LIST_FORMATS_DEPRECATION = (
    "list_creative_formats is deprecated in AdCP 3.2: the formats are in "
    "get_adcp_capabilities (creative.formats). It keeps working for older clients."
)


class ListCreativeFormatsResponse(AdcpResult):
    """The formats this creative agent builds (deprecated: see get_adcp_capabilities)."""

    formats: list[Format]
    deprecated: bool = Field(True, description="Deprecated in AdCP 3.2.")
    deprecation: str = Field(LIST_FORMATS_DEPRECATION, description="What to use instead.")

    def summary(self) -> str:
        """One line listing the format ids."""
        return f"{len(self.formats)} format(s): " + ", ".join(
            f.format_id.id for f in self.formats
        )


class BuildCreativeRequest(BaseModel):
    """Generate creatives from a brief and a product photo, or adapt an ad to other formats."""

    message: str = Field(
        "", max_length=2000,
        description="The creative brief (product, audience, tone); guides the scene.",
    )
    creative_manifest: CreativeManifest | None = Field(
        None,
        description="Inputs: assets.product_image {url: asset id or URL} (required unless "
        "creative_id is given), optional headline/subline/cta text and logo image.",
    )
    creative_id: str | None = Field(
        None,
        description="An existing ad's asset id to adapt to the target formats, or a product "
        "photo's asset id to generate from.",
    )
    target_format_id: FormatId | None = Field(None, description="The format to produce.")
    target_format_ids: list[FormatId] | None = Field(
        None, min_length=1, max_length=6, description="Several formats to produce."
    )
    max_variants: int = Field(1, ge=1, le=4, description="Alternatives per format.")
    include_preview: bool = Field(False, description="Add preview renders to the response.")
    idempotency_key: str | None = Field(
        None, min_length=16, max_length=255, description="Client key of this request (AdCP)."
    )


class PreviewInput(BaseModel):
    """The input set a preview was rendered with."""

    name: str = "default"


class PreviewRender(BaseModel):
    """One rendered piece of a preview."""

    render_id: str
    output_format: Literal["url", "html", "both"]
    preview_url: str | None = None
    preview_html: str | None = None
    role: str = "primary"
    dimensions: Dimensions | None = None


class Preview(BaseModel):
    """One preview variant."""

    preview_id: str
    renders: list[PreviewRender] = Field(min_length=1)
    input: PreviewInput = Field(default_factory=PreviewInput)


class BuildCreativeResponse(AdcpResult):
    """The creatives built: ``creative_manifest`` for one, ``creative_manifests`` for several."""

    creative_manifest: CreativeManifest | None = None
    creative_manifests: list[CreativeManifest] | None = None
    preview: dict[str, Any] | None = Field(None, description="{previews: [...]}, when asked.")

    def manifests(self) -> list[CreativeManifest]:
        """Every manifest, single or several."""
        return [self.creative_manifest] if self.creative_manifest else (
            self.creative_manifests or []
        )

    def new_asset_ids(self) -> list[str]:
        """The rendered ads, in order."""
        return [str((m.ext or {}).get("asset_id")) for m in self.manifests() if m.ext]

    def summary(self) -> str:
        """One line naming the creatives."""
        built = ", ".join(
            f"{(m.ext or {}).get('asset_id')} ({m.format_id.id if m.format_id else '?'})"
            for m in self.manifests()
        )
        return f"{len(self.manifests())} creative(s): {built}"


class PreviewCreativeRequest(BaseModel):
    """Which creative to preview: an asset id, or a manifest whose assets are ours."""

    request_type: Literal["single"] = "single"
    creative_id: str | None = Field(None, description="Asset id of an ad (image or video).")
    creative_manifest: CreativeManifest | None = None
    output_format: Literal["url", "html"] = Field(
        "url", description="url (preview_url only) or html (preview_html and preview_url)."
    )


class PreviewCreativeResponse(AdcpResult):
    """Preview renders of the creative."""

    response_type: Literal["single"] = "single"
    previews: list[Preview]
    expires_at: str | None = None

    def summary(self) -> str:
        """One line counting the renders."""
        renders = sum(len(p.renders) for p in self.previews)
        return f"{renders} preview render(s)"
