"""adstudio as an AdCP creative agent (AdCP 3.2, see :mod:`api.adcp_models`).

The tasks are ``get_adcp_capabilities`` (which lists the formats, engines and version),
``list_creative_formats`` (deprecated in 3.2, kept for older clients), ``build_creative`` and
``preview_creative``; every creative built carries a ``provenance`` object (what made it,
when, from which asset, its IPTC digital source type).
Formats are adstudio's placements: one display format per image placement
(``placements.yaml``) and one video format per video placement and frame size
(``video_placements.yaml``). Building runs the ordinary capabilities
(``generate_ad_images``, ``edit_image``, ``write_storyboard`` + ``generate_video``), so
policy checks, audit and tenancy are those of any other call. Creatives are adstudio
assets: a creative id is the ad's asset id, and asset URLs come from ``asset_url``.

The tasks are :class:`~tools.sdk.Capability` objects (not registered in the registry), so
the MCP server exposes them like every capability.
"""

from __future__ import annotations

import html
import inspect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from api.adcp_models import (
    ADCP_VERSION,
    AdcpInfo,
    BuildCreativeRequest,
    BuildCreativeResponse,
    C2paReference,
    CreativeCapabilities,
    CreativeEngines,
    CreativeManifest,
    DigitalSourceType,
    Dimensions,
    Format,
    FormatAsset,
    FormatId,
    FormatRender,
    Generator,
    GetAdcpCapabilitiesRequest,
    GetAdcpCapabilitiesResponse,
    ImageAsset,
    ListCreativeFormatsRequest,
    ListCreativeFormatsResponse,
    Preview,
    PreviewCreativeRequest,
    PreviewCreativeResponse,
    PreviewRender,
    Provenance,
    TextAsset,
    VideoAsset,
)
from core.errors import CapabilityError
from core.placements import Placement, load_placements
from core.schemas import (
    AdImage,
    EditImageResult,
    GenerateAdImagesResult,
    GenerateVideoResult,
    StoryboardResult,
)
from core.storage.assets import Asset, AssetStore
from engines import Engines
from engines.local.video.storyboard import VideoPlacement, load_video_placements
from tools.provenance import PROVENANCE, provenance_status
from tools.sdk import Capability, CapabilityContext, registry

ASSET_ID = re.compile(r"\b(?:img|vid|ast)_[0-9a-f]{10}\b")
VIDEO_SIZES = ("1280x720", "1920x1080", "1080x1920")
IMAGE_FILES = ["png", "jpg", "jpeg", "webp"]
TEXT_SLOTS = ("headline", "subline", "cta")
_TEXT_LIMITS = {"headline": 90, "subline": 140, "cta": 24}


def default_asset_url(asset_id: str) -> str:
    """The MCP resource URI of an asset (``adstudio://assets/<id>``)."""
    return f"adstudio://assets/{asset_id}"


@dataclass(frozen=True)
class AdFormat:
    """One AdCP format and the placement behind it."""

    format: Format
    placement: str
    video: bool = False


# ------------------------------------------------------------------------------- formats


def display_format(placement: Placement, agent_url: str) -> Format:
    """The AdCP display format of an image placement."""
    w, h = placement.size
    assets = [
        FormatAsset(
            asset_id="image", asset_type="image", asset_role="rendered_ad", required=True,
            requirements={"min_width": w, "max_width": w, "min_height": h, "max_height": h,
                          "formats": ["png"]},
        ),
        FormatAsset(
            asset_id="product_image", asset_type="image", asset_role="product_photo",
            required=False, requirements={"formats": IMAGE_FILES},
        ),
    ]
    if placement.allows_text:
        assets += [
            FormatAsset(
                asset_id=slot, asset_type="text", asset_role=slot, required=False,
                requirements={"max_length": _text_limit(placement, slot)},
            )
            for slot in TEXT_SLOTS
        ]
    if placement.allows_logo:
        assets.append(FormatAsset(
            asset_id="logo", asset_type="image", asset_role="logo", required=False,
            requirements={"formats": IMAGE_FILES},
        ))
    return Format(
        format_id=FormatId(agent_url=agent_url, id=placement.id),
        name=placement.label,
        description=f"{placement.group} ad image, {w}x{h} PNG, built from a product photo"
        + (" (no text or logo allowed)." if not placement.allows_text else "."),
        type="display", renders=[FormatRender(dimensions=Dimensions(width=w, height=h))],
        assets=assets,
    )


def _text_limit(placement: Placement, slot: str) -> int:
    limit = _TEXT_LIMITS[slot]
    if slot == "headline" and placement.max_headline_chars:
        return min(limit, placement.max_headline_chars)
    return limit


def video_sizes(placement: VideoPlacement) -> list[str]:
    """Frame sizes adstudio renders for a video placement (its sizes or its aspects)."""
    if placement.sizes:
        return [s for s in placement.sizes if s in VIDEO_SIZES]
    return [s for s in VIDEO_SIZES if not placement.aspects or _aspect(s) in placement.aspects]


def _aspect(size: str) -> str:
    width, height = (int(v) for v in size.split("x"))
    return "16:9" if width > height else "9:16"


def video_format(placement: VideoPlacement, size: str, agent_url: str) -> Format:
    """The AdCP video format of one video placement at one frame size."""
    w, h = (int(v) for v in size.split("x"))
    seconds = f"{placement.min_seconds:g}-{placement.max_seconds:g} s"
    return Format(
        format_id=FormatId(agent_url=agent_url, id=f"video-{placement.id}-{size}"),
        name=f"{placement.label} ({size})",
        description=f"MP4 video ad (H.264, AAC), {size}, {seconds}, from a product photo.",
        type="video",
        renders=[FormatRender(
            dimensions=Dimensions(width=w, height=h, aspect_ratio=_aspect(size))
        )],
        assets=[
            FormatAsset(
                asset_id="video", asset_type="video", asset_role="rendered_ad", required=True,
                requirements={
                    "min_width": w, "max_width": w, "min_height": h, "max_height": h,
                    "min_duration_ms": int(placement.min_seconds * 1000),
                    "max_duration_ms": int(placement.max_seconds * 1000),
                    "containers": ["mp4"], "codecs": ["h264"],
                },
            ),
            FormatAsset(
                asset_id="product_image", asset_type="image", asset_role="product_photo",
                required=False, requirements={"formats": IMAGE_FILES},
            ),
            FormatAsset(
                asset_id="headline", asset_type="text", asset_role="headline", required=False,
                requirements={"max_length": 60},
            ),
            FormatAsset(
                asset_id="cta", asset_type="text", asset_role="cta", required=False,
                requirements={"max_length": 24},
            ),
        ],
    )


def ad_formats(agent_url: str) -> dict[str, AdFormat]:
    """Every format by id: display formats first, in catalog order, then video formats."""
    formats = {
        p.id: AdFormat(display_format(p, agent_url), p.id) for p in load_placements().values()
    }
    for placement in load_video_placements().values():
        for size in video_sizes(placement):
            fmt = video_format(placement, size, agent_url)
            formats[fmt.format_id.id] = AdFormat(fmt, placement.id, video=True)
    return formats


def matches(fmt: Format, req: ListCreativeFormatsRequest) -> bool:
    """Whether a format passes the request's filters."""
    dims = fmt.renders[0].dimensions
    checks = [
        req.format_ids is None or fmt.format_id.id in {f.id for f in req.format_ids},
        req.type is None or fmt.type == req.type,
        req.asset_types is None or set(req.asset_types) <= {a.asset_type for a in fmt.assets},
        req.max_width is None or dims.width <= req.max_width,
        req.max_height is None or dims.height <= req.max_height,
        req.min_width is None or dims.width >= req.min_width,
        req.min_height is None or dims.height >= req.min_height,
        req.name_search is None or req.name_search.lower() in fmt.name.lower(),
    ]
    return all(checks)


# --------------------------------------------------------------------------------- build


def asset_id_in(url: str) -> str:
    """The adstudio asset id a manifest URL (or a bare id) names.

    Raises:
        CapabilityError: The URL names no adstudio asset.
    """
    found = ASSET_ID.search(url)
    if found is None:
        raise CapabilityError(
            f"'{url}' is not an adstudio asset.",
            hint="Upload the image with upload_image and pass its asset id (or its URL).",
        )
    return found.group(0)


def manifest_texts(manifest: CreativeManifest | None) -> dict[str, str]:
    """The copy a manifest gives (headline, subline, cta)."""
    if manifest is None:
        return {}
    return {
        slot: asset.content for slot, asset in manifest.assets.items()
        if slot in TEXT_SLOTS and isinstance(asset, TextAsset)
    }


def manifest_image(manifest: CreativeManifest | None, slot: str) -> str | None:
    """The asset id of an image slot of a manifest, if given."""
    asset = manifest.assets.get(slot) if manifest else None
    return asset_id_in(asset.url) if isinstance(asset, ImageAsset) else None


def source_asset_id(req: BuildCreativeRequest) -> str | None:
    """The id of the photo or ad a build starts from (None when the request names none)."""
    if req.creative_id:
        return asset_id_in(req.creative_id)
    return manifest_image(req.creative_manifest, "product_image")


def source_asset(req: BuildCreativeRequest, ctx: CapabilityContext) -> Asset:
    """The asset to build from: ``creative_id`` or the manifest's ``product_image``.

    Raises:
        CapabilityError: Neither is given, or the asset is not the caller's.
    """
    asset_id = source_asset_id(req)
    if asset_id is None:
        raise CapabilityError(
            "build_creative needs a product photo or an existing creative.",
            hint="Pass creative_manifest.assets.product_image {url: <asset id>} or creative_id.",
        )
    return ctx.assets.get(asset_id, tenant=ctx.tenant)


def target_formats(
    req: BuildCreativeRequest, formats: dict[str, AdFormat], adapting: bool
) -> list[AdFormat]:
    """The formats to produce (square when generating without a target).

    Raises:
        CapabilityError: An unknown format id, or no target when adapting an ad.
    """
    wanted = [f.id for f in req.target_format_ids or []] + (
        [req.target_format_id.id] if req.target_format_id else []
    )
    if not wanted and adapting:
        raise CapabilityError(
            "Say which format to adapt the creative to.",
            hint="Pass target_format_id (see get_adcp_capabilities, creative.formats).",
        )
    unknown = [name for name in wanted if name not in formats]
    if unknown:
        raise CapabilityError(
            f"Unknown format(s): {', '.join(unknown)}.",
            hint="Use format ids from get_adcp_capabilities (creative.formats).",
        )
    return [formats[name] for name in dict.fromkeys(wanted or ["square"])]


def video_seconds(target: AdFormat) -> int:
    """How long a video built for ``target`` is: 12 s, within its placement's limits."""
    placement = load_video_placements()[target.placement]
    return max(6, int(min(max(12.0, placement.min_seconds), placement.max_seconds)))


# ---------------------------------------------------------------------------- provenance


def digital_source_type(models: Sequence[str], composited: bool = True) -> DigitalSourceType:
    """The IPTC digital source type of a creative made by ``models``.

    Args:
        models: The trained models that painted it (none: the local procedural renderer).
        composited: Whether the advertiser's product photo is composited into it (true of
            every adstudio ad: the product's pixels are the photo's).
    """
    if not models:
        return "compositeSynthetic"
    return "compositeWithTrainedAlgorithmicMedia" if composited else "trainedAlgorithmicMedia"


def image_generator(engines: Engines) -> Generator:
    """The engine and models that make ad images in this deployment."""
    return Generator(engine=engines.images.name, model_ids=list(engines.images.models))


def creative_generator(asset: Asset, engines: Engines) -> Generator:
    """The engine and models that made one ad image: every model called for it.

    An ad records the models whose answers are in it (its ``models`` parameter: the
    scene's painter, the remove-background service that cut the product out, the edit
    services); a call that failed, the local code standing in, is not named. The engine is
    the one the ad records having made it (its ``engine``), so it names the models' engine
    even after the deployment switched engines; an ad stored before ads recorded them names
    this deployment's engine (and its painter, when it records no models either).
    """
    models = asset.parameters.get("models")
    if not isinstance(models, list):
        return image_generator(engines)
    made_on = asset.parameters.get("engine")
    engine = made_on if isinstance(made_on, str) and made_on else engines.images.name
    return Generator(engine=engine, model_ids=[str(m) for m in models])


def video_generator(engines: Engines) -> Generator:
    """The engine that renders video ads here (adstudio's renderer: no trained model)."""
    return Generator(engine=engines.video.name if engines.video else "local")


def provenance(asset: Asset, generator: Generator, source_id: str | None) -> Provenance:
    """The provenance of a creative: what made it, when, and from which asset.

    Args:
        asset: The creative's asset (its ``created`` time is when it was made).
        generator: The engine and models that made it.
        source_id: The asset the build started from (the product photo or the ad adapted).
    """
    record = asset.parameters.get(PROVENANCE)
    record = record if isinstance(record, dict) else {}
    label = record.get("manifest") or record.get("kept_manifest")
    return Provenance(
        ai_generated=True,
        digital_source_type=digital_source_type(generator.model_ids),
        generator=generator,
        created_at=asset.created.isoformat(),
        source_asset_id=source_id,
        c2pa=C2paReference(status=provenance_status(asset.parameters),
                           manifest_label=str(label) if label else None,
                           manifest_sha256=record.get("manifest_sha256")),
    )


@dataclass(frozen=True)
class CreativeAgent:
    """The AdCP creative agent over adstudio's capabilities.

    Attributes:
        agent_url: This agent's URL, stamped on every format id; or a function returning
            it (the API's, which follows the address each request came to).
        asset_url: The URL a creative's asset is reachable at (MCP resource URI by default;
            the REST API's asset URL when mounted there).
        capabilities: The capability registry (tests may pass another).
    """

    agent_url: str | Callable[[], str] = "http://127.0.0.1:7860/mcp"
    asset_url: Callable[[str], str] = default_asset_url
    capabilities: Callable[[], Any] = registry

    def url(self) -> str:
        """This agent's URL now."""
        return self.agent_url() if callable(self.agent_url) else self.agent_url

    def formats(self) -> dict[str, AdFormat]:
        """Every format this agent builds, by id."""
        return ad_formats(self.url())

    def get_adcp_capabilities(
        self, req: GetAdcpCapabilitiesRequest, ctx: CapabilityContext
    ) -> GetAdcpCapabilitiesResponse:
        """Describe this agent (AdCP get_adcp_capabilities): the creative protocol, AdCP 3.2.

        It generates creatives from briefs and adapts existing ads to other formats with
        build_creative; creative.formats lists every format it builds (sizes and asset
        slots; this replaces list_creative_formats), creative.engines the engines and model
        ids that make them. Every creative carries provenance. preview_creative is served too.
        """
        asked = req.protocols is None or "creative" in req.protocols
        creative = CreativeCapabilities(
            supports_generation=True, supports_transformation=True,
            has_creative_library=False, supports_compliance=False,
            formats=[ad.format for ad in self.formats().values()],
            engines=CreativeEngines(
                image=image_generator(ctx.engines), video=video_generator(ctx.engines)
            ),
        ) if asked else None
        return GetAdcpCapabilitiesResponse(
            adcp=AdcpInfo(major_versions=[int(ADCP_VERSION.split(".")[0])],
                          supported_versions=[ADCP_VERSION]),
            supported_protocols=["creative"], creative=creative,
        )

    def list_creative_formats(
        self, req: ListCreativeFormatsRequest, ctx: CapabilityContext
    ) -> ListCreativeFormatsResponse:
        """Deprecated (AdCP 3.2): use get_adcp_capabilities, creative.formats; kept for old clients.

        List the creative formats this agent builds: adstudio's placements as AdCP formats.

        Display formats are still ad images (one per placement: social feeds, stories, IAB
        banners, Amazon slots), video formats are MP4 video ads per placement and frame
        size. Each lists its pixel size (renders[0].dimensions) and its asset slots.
        """
        return ListCreativeFormatsResponse(formats=[
            ad.format for ad in self.formats().values() if matches(ad.format, req)
        ])

    def build_creative(
        self, req: BuildCreativeRequest, ctx: CapabilityContext
    ) -> BuildCreativeResponse:
        """Build creatives (AdCP build_creative) in the target formats.

        From a brief (message) and a product photo (creative_manifest.assets.product_image
        or creative_id of an uploaded photo): generates ad images (display formats) or
        video ads (video formats), max_variants per format. From an existing ad
        (creative_id of an ad image): adapts it to the target display formats. Returns one
        creative manifest per creative; the ad's asset id is in manifest.ext.asset_id.
        """
        source = source_asset(req, ctx)
        adapting = source.kind == "ad_image"
        targets = target_formats(req, self.formats(), adapting)
        manifests = [
            manifest.model_copy(update={"provenance": self._provenance(manifest, source, ctx)})
            for manifest in (
                self._adapt(req, source, targets, ctx) if adapting
                else self._generate(req, source, targets, ctx)
            )
        ]
        return self._response(req, manifests, ctx)

    def preview_creative(
        self, req: PreviewCreativeRequest, ctx: CapabilityContext
    ) -> PreviewCreativeResponse:
        """Preview a creative (AdCP preview_creative): URLs (and HTML) of its renders.

        Give creative_id (an ad's asset id) or a creative_manifest from build_creative.
        """
        ids = [asset_id_in(req.creative_id)] if req.creative_id else _rendered_ids(
            req.creative_manifest
        )
        if not ids:
            raise CapabilityError(
                "There is nothing to preview.",
                hint="Pass creative_id, or a creative_manifest with an image or video asset.",
            )
        renders = [
            self._render(ctx.assets.get(asset_id, tenant=ctx.tenant), req.output_format, i)
            for i, asset_id in enumerate(ids, 1)
        ]
        return PreviewCreativeResponse(previews=[Preview(preview_id=ids[0], renders=renders)])

    def build_usage(self, req: BuildCreativeRequest, assets: AssetStore | None) -> dict[str, float]:
        """The billable work a build asks for (``{"image": 8, "video_second": 24}``).

        Priced like any capability call, so a costly build needs the spend approved first;
        a request that will be refused (unknown format or asset) asks for nothing.
        """
        if assets is None:
            return {}
        try:
            source = source_asset_id(req)
            adapting = source is not None and assets.get(source).kind == "ad_image"
            targets = target_formats(req, self.formats(), adapting)
        except CapabilityError:
            return {}
        display = [t for t in targets if not t.video]
        videos = [t for t in targets if t.video]
        images = len(display) * (1 if adapting else req.max_variants)
        seconds = sum(video_seconds(t) for t in videos) * req.max_variants
        return {k: float(v) for k, v in (("image", images), ("video_second", seconds)) if v}

    def capabilities_list(self) -> list[Capability[Any, Any]]:
        """The four tasks as capabilities (name, docstring, request and result models)."""
        tasks: list[tuple[str, Callable[..., Any], type[Any], type[Any]]] = [
            ("get_adcp_capabilities", self.get_adcp_capabilities,
             GetAdcpCapabilitiesRequest, GetAdcpCapabilitiesResponse),
            ("list_creative_formats", self.list_creative_formats,
             ListCreativeFormatsRequest, ListCreativeFormatsResponse),
            ("build_creative", self.build_creative, BuildCreativeRequest, BuildCreativeResponse),
            ("preview_creative", self.preview_creative,
             PreviewCreativeRequest, PreviewCreativeResponse),
        ]
        return [
            Capability(name=name, description=_doc(fn), request=request, result=result, fn=fn,
                       usage=self.build_usage if name == "build_creative" else None)
            for name, fn, request, result in tasks
        ]

    # ------------------------------------------------------------------------ helpers

    def _invoke(self, name: str, payload: dict[str, Any], ctx: CapabilityContext) -> Any:
        return self.capabilities()[name].invoke(payload, ctx)

    def _generate(
        self, req: BuildCreativeRequest, photo: Asset, targets: list[AdFormat],
        ctx: CapabilityContext,
    ) -> list[CreativeManifest]:
        texts = manifest_texts(req.creative_manifest)
        display = [t for t in targets if not t.video]
        manifests: list[CreativeManifest] = []
        if display:
            payload: dict[str, Any] = {
                "product_image": photo.id, "n": req.max_variants, "context": req.message,
                "placements": [t.placement for t in display], **texts,
            }
            logo = manifest_image(req.creative_manifest, "logo")
            if logo:
                payload["logo"] = logo
            result: GenerateAdImagesResult = self._invoke("generate_ad_images", payload, ctx)
            by_placement = {t.placement: t for t in display}
            manifests += [
                self._image_manifest(by_placement[image.placement], image, texts, ctx)
                for image in result.images
            ]
        for target in (t for t in targets if t.video):
            manifests += [
                self._video_manifest(target, self._video(req, photo, target, texts, ctx), ctx)
                for _ in range(req.max_variants)
            ]
        return manifests

    def _adapt(
        self, req: BuildCreativeRequest, ad: Asset, targets: list[AdFormat],
        ctx: CapabilityContext,
    ) -> list[CreativeManifest]:
        texts = manifest_texts(req.creative_manifest)
        if any(t.video for t in targets):
            raise CapabilityError(
                "An ad image cannot be adapted to a video format.",
                hint="Build the video from the product photo instead.",
            )
        manifests = []
        for target in targets:
            payload = {"asset_id": ad.id, "placement": target.placement, **texts}
            result: EditImageResult = self._invoke("edit_image", payload, ctx)
            manifests.append(self._image_manifest(target, result.image, texts, ctx))
        return manifests

    def _video(
        self, req: BuildCreativeRequest, photo: Asset, target: AdFormat, texts: dict[str, str],
        ctx: CapabilityContext,
    ) -> GenerateVideoResult:
        seconds = video_seconds(target)
        board: StoryboardResult = self._invoke("write_storyboard", {
            "product_image": photo.id, "seconds": seconds,
            "size": target.format.format_id.id.rsplit("-", 1)[1], "context": req.message,
            **{k: v for k, v in texts.items() if k in ("headline", "cta")},
        }, ctx)
        video: GenerateVideoResult = self._invoke("generate_video", {
            "storyboard_id": board.storyboard_id, "placement": target.placement,
        }, ctx)
        if video.video is None:
            raise CapabilityError(
                f"The video is rendering remotely (job {video.job_id}).",
                hint="It arrives later in the asset library; AdCP async builds are not "
                "supported yet.",
            )
        return video

    def _image_manifest(
        self, target: AdFormat, image: AdImage, texts: dict[str, str], ctx: CapabilityContext
    ) -> CreativeManifest:
        asset = ctx.assets.get(image.asset_id, tenant=ctx.tenant)
        assets: dict[str, Any] = {
            "image": ImageAsset(
                url=self.asset_url(asset.id), width=image.width, height=image.height,
                format="png", file_size_bytes=asset.size, alt_text=image.caption or None,
            ),
            **{slot: TextAsset(content=text) for slot, text in texts.items() if text},
        }
        return CreativeManifest(
            format_id=target.format.format_id, assets=assets, ext=_ext(asset, target),
        )

    def _video_manifest(
        self, target: AdFormat, result: GenerateVideoResult, ctx: CapabilityContext
    ) -> CreativeManifest:
        assert result.video is not None
        asset = ctx.assets.get(result.video.asset_id, tenant=ctx.tenant)
        video = VideoAsset(
            url=self.asset_url(asset.id), width=result.video.width, height=result.video.height,
            duration_ms=result.video.seconds * 1000, file_size_bytes=asset.size,
            container_format="mp4",
        )
        return CreativeManifest(
            format_id=target.format.format_id, assets={"video": video}, ext=_ext(asset, target),
        )

    def _provenance(
        self, manifest: CreativeManifest, source: Asset, ctx: CapabilityContext
    ) -> Provenance:
        """The provenance of a creative this build made from ``source``."""
        asset = ctx.assets.get(str((manifest.ext or {})["asset_id"]), tenant=ctx.tenant)
        video = "video" in manifest.assets
        generator = (
            video_generator(ctx.engines) if video else creative_generator(asset, ctx.engines)
        )
        return provenance(asset, generator, source.id)

    def _response(
        self, req: BuildCreativeRequest, manifests: list[CreativeManifest], ctx: CapabilityContext
    ) -> BuildCreativeResponse:
        preview = None
        if req.include_preview:
            ids = [str((m.ext or {})["asset_id"]) for m in manifests]
            renders = [
                self._render(ctx.assets.get(i, tenant=ctx.tenant), "url", n)
                for n, i in enumerate(ids, 1)
            ]
            preview = {"previews": [Preview(preview_id=i, renders=[r]).model_dump(
                mode="json", exclude_none=True) for i, r in zip(ids, renders, strict=True)]}
        if len(manifests) == 1:
            return BuildCreativeResponse(creative_manifest=manifests[0], preview=preview)
        return BuildCreativeResponse(creative_manifests=manifests, preview=preview)

    def _render(self, asset: Asset, output_format: str, number: int) -> PreviewRender:
        url = self.asset_url(asset.id)
        size = (
            Dimensions(width=asset.width, height=asset.height)
            if asset.width and asset.height else None
        )
        if output_format == "url":
            return PreviewRender(
                render_id=f"render-{number}", output_format="url", preview_url=url,
                dimensions=size,
            )
        return PreviewRender(
            render_id=f"render-{number}", output_format="both", preview_url=url,
            preview_html=preview_html(asset, url), dimensions=size,
        )


def preview_html(asset: Asset, url: str) -> str:
    """A self-contained HTML snippet showing the asset."""
    src = html.escape(url, quote=True)
    size = f' width="{asset.width}" height="{asset.height}"' if asset.width else ""
    if asset.mime.startswith("video/"):
        return f'<video src="{src}"{size} controls muted playsinline></video>'
    alt = html.escape(asset.caption or asset.kind, quote=True)
    return f'<img src="{src}"{size} alt="{alt}">'


def _rendered_ids(manifest: CreativeManifest | None) -> list[str]:
    """Asset ids of a manifest's rendered ad (``image``/``video``), else of any image."""
    if manifest is None:
        return []
    urls = [a.url for a in manifest.assets.values() if isinstance(a, ImageAsset | VideoAsset)]
    rendered = [manifest.assets[s] for s in ("image", "video") if s in manifest.assets]
    chosen = [a.url for a in rendered if isinstance(a, ImageAsset | VideoAsset)] or urls
    if manifest.ext and manifest.ext.get("asset_id") and not chosen:
        chosen = [str(manifest.ext["asset_id"])]
    return [asset_id_in(url) for url in chosen]


def _ext(asset: Asset, target: AdFormat) -> dict[str, Any]:
    return {
        "asset_id": asset.id, "kind": asset.kind, "mime": asset.mime,
        "placement": target.placement, "parents": asset.parents,
    }


def _doc(fn: Callable[..., Any]) -> str:
    return inspect.cleandoc(fn.__doc__ or "")
