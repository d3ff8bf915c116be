"""adstudio as an AdCP creative agent: formats, builds and previews over real capabilities."""

from __future__ import annotations

import dataclasses
import io
from datetime import datetime

import av
import boto3
import pytest

from api.adcp import CreativeAgent, digital_source_type
from api.adcp_models import (
    BuildCreativeRequest,
    CreativeManifest,
    FormatId,
    GetAdcpCapabilitiesRequest,
    ImageAsset,
    ListCreativeFormatsRequest,
    PreviewCreativeRequest,
    TextAsset,
    VideoAsset,
)
from core.errors import AssetNotFoundError, CapabilityError
from core.placements import load_placements
from core.provenance.reader import read_provenance
from core.settings import Settings
from engines.local.video.storyboard import load_video_placements
from evals.recipes import bottle_on_white
from tools.sdk import CapabilityContext
from tools.services import Services, build_image_engine

AGENT = CreativeAgent(agent_url="https://ads.example.com/mcp")


def context(services: Services, tenant: str = "acme") -> CapabilityContext:
    """A capability context for ``tenant``, without progress or cancellation."""
    return services.capability_context(tenant)


def product_photo(services: Services, tenant: str = "acme") -> str:
    """Store a drawn product photo for ``tenant``; return its asset id."""
    photo, _ = bottle_on_white(seed=5)
    buf = io.BytesIO()
    photo.save(buf, "PNG")
    asset = services.assets.put(
        buf.getvalue(), kind="product_photo", mime="image/png", width=photo.width,
        height=photo.height, tenant=tenant,
    )
    return asset.id


def test_formats_cover_every_placement_with_its_size(services: Services) -> None:
    formats = AGENT.list_creative_formats(ListCreativeFormatsRequest(), context(services))
    by_id = {f.format_id.id: f for f in formats.formats}

    for placement in load_placements().values():
        fmt = by_id[placement.id]
        assert fmt.type == "display"
        assert fmt.format_id.agent_url == "https://ads.example.com/mcp"
        dims = fmt.renders[0].dimensions
        assert (dims.width, dims.height) == placement.size
        image = next(a for a in fmt.assets if a.asset_id == "image")
        assert image.required and image.requirements["min_width"] == placement.width
        assert image.requirements["max_height"] == placement.height
        assert any(a.asset_type == "text" for a in fmt.assets) == placement.allows_text
    for placement in load_video_placements().values():
        assert any(f.type == "video" and placement.id in f.format_id.id for f in by_id.values())
    assert by_id["video-sponsored-brands-video-1280x720"].renders[0].dimensions.width == 1280


def test_format_filters(services: Services) -> None:
    ctx = context(services)
    small = AGENT.list_creative_formats(
        ListCreativeFormatsRequest(type="display", max_width=320, max_height=250), ctx
    )
    sizes = {(f.renders[0].dimensions.width, f.renders[0].dimensions.height)
             for f in small.formats}
    assert (300, 250) in sizes and (320, 50) in sizes
    assert all(w <= 320 and h <= 250 for w, h in sizes)
    video = AGENT.list_creative_formats(ListCreativeFormatsRequest(type="video"), ctx)
    assert video.formats and all(f.type == "video" for f in video.formats)
    wire = video.model_dump(mode="json", exclude_none=True)
    assert "aspect_ratio" in wire["formats"][0]["renders"][0]["dimensions"]


def test_build_from_a_brief_yields_creatives_in_each_format(services: Services) -> None:
    photo = product_photo(services)
    manifest = CreativeManifest(assets={
        "product_image": ImageAsset(url=f"adstudio://assets/{photo}"),
        "headline": TextAsset(content="Stay cold all day"),
    })
    request = BuildCreativeRequest(
        message="Insulated bottle for hikers, summer campaign",
        creative_manifest=manifest,
        target_format_ids=[FormatId(id="medium-rectangle"), FormatId(id="story")],
        include_preview=True,
    )

    built = AGENT.build_creative(request, context(services))

    assert built.creative_manifest is None and built.creative_manifests
    assert [m.format_id.id for m in built.creative_manifests if m.format_id] == [
        "medium-rectangle", "story"
    ]
    for made, size in zip(built.creative_manifests, [(300, 250), (1080, 1920)], strict=True):
        image = made.assets["image"]
        assert isinstance(image, ImageAsset)
        asset = services.assets.get(str((made.ext or {})["asset_id"]), tenant="acme")
        assert asset.kind == "ad_image" and photo in asset.parents
        assert (image.width, image.height) == (asset.width, asset.height) == size
        assert image.url == f"adstudio://assets/{asset.id}"
        assert made.assets["headline"] == TextAsset(content="Stay cold all day")
    assert built.preview and len(built.preview["previews"]) == 2
    assert built.new_asset_ids() == [(m.ext or {})["asset_id"] for m in built.creative_manifests]


def test_build_adapts_an_existing_ad_to_another_format(services: Services) -> None:
    ctx = context(services)
    first = AGENT.build_creative(
        BuildCreativeRequest(creative_id=product_photo(services), message="studio shot"), ctx
    )
    assert first.creative_manifest and first.creative_manifest.format_id
    assert first.creative_manifest.format_id.id == "square"
    ad_id = str((first.creative_manifest.ext or {})["asset_id"])

    adapted = AGENT.build_creative(
        BuildCreativeRequest(creative_id=ad_id, target_format_id=FormatId(id="leaderboard")), ctx
    )

    assert adapted.creative_manifest
    image = adapted.creative_manifest.assets["image"]
    assert isinstance(image, ImageAsset) and (image.width, image.height) == (728, 90)
    new = services.assets.get(str((adapted.creative_manifest.ext or {})["asset_id"]), "acme")
    assert ad_id in new.parents


def test_build_refuses_unknown_formats_and_missing_inputs(services: Services) -> None:
    ctx = context(services)
    photo = product_photo(services)
    with pytest.raises(CapabilityError, match="Unknown format"):
        AGENT.build_creative(
            BuildCreativeRequest(creative_id=photo, target_format_id=FormatId(id="no-such-format")),
            ctx,
        )
    with pytest.raises(CapabilityError, match="needs a product photo"):
        AGENT.build_creative(BuildCreativeRequest(message="a brief alone"), ctx)
    with pytest.raises(AssetNotFoundError):
        AGENT.build_creative(BuildCreativeRequest(creative_id=photo), context(services, "beta"))


def test_preview_returns_our_assets(services: Services) -> None:
    ctx = context(services)
    built = AGENT.build_creative(
        BuildCreativeRequest(creative_id=product_photo(services), message="summer"), ctx
    )
    assert built.creative_manifest
    ad_id = str((built.creative_manifest.ext or {})["asset_id"])

    by_id = AGENT.preview_creative(PreviewCreativeRequest(creative_id=ad_id), ctx)
    by_manifest = AGENT.preview_creative(
        PreviewCreativeRequest(creative_manifest=built.creative_manifest, output_format="html"),
        ctx,
    )

    render = by_id.previews[0].renders[0]
    assert render.output_format == "url"
    assert render.preview_url == f"adstudio://assets/{ad_id}"
    assert render.dimensions and (render.dimensions.width, render.dimensions.height) == (
        1080, 1080
    )
    html = by_manifest.previews[0].renders[0]
    assert html.output_format == "both" and html.preview_url == render.preview_url
    assert html.preview_html and f'src="adstudio://assets/{ad_id}"' in html.preview_html
    with pytest.raises(AssetNotFoundError):
        AGENT.preview_creative(PreviewCreativeRequest(creative_id=ad_id), context(services, "b"))


def test_build_a_video_creative_from_a_brief(services: Services) -> None:
    photo = product_photo(services)
    request = BuildCreativeRequest(
        creative_id=photo, message="Insulated bottle, keeps drinks cold 24 h",
        target_format_id=FormatId(id="video-sponsored-brands-video-1280x720"),
    )

    built = AGENT.build_creative(request, context(services))

    assert built.creative_manifest and built.creative_manifest.format_id
    assert built.creative_manifest.format_id.id == "video-sponsored-brands-video-1280x720"
    video = built.creative_manifest.assets["video"]
    assert isinstance(video, VideoAsset) and video.container_format == "mp4"
    assert (video.width, video.height) == (1280, 720) and 6000 <= video.duration_ms <= 45000
    asset = services.assets.get(str((built.creative_manifest.ext or {})["asset_id"]), "acme")
    assert asset.mime == "video/mp4" and asset.size == video.file_size_bytes
    with av.open(io.BytesIO(services.assets.read(asset.id))) as container:
        stream = container.streams.video[0]
        assert (stream.width, stream.height) == (1280, 720)
        assert container.duration / 1e6 == pytest.approx(video.duration_ms / 1000, abs=0.2)
    board = services.assets.get(asset.parents[0], "acme")
    assert board.kind == "storyboard" and photo in board.parents  # lineage back to the photo
    wire = built.model_dump(mode="json", exclude_none=True)
    assert wire["status"] == "completed" and wire["adcp_version"] == "3.2"
    made = wire["creative_manifest"]["provenance"]  # rendered here from the product photo
    assert made["generator"] == {"name": "adstudio", "engine": "local", "model_ids": []}
    assert made["source_asset_id"] == photo and made["ai_generated"] is True


def test_capabilities_describe_the_creative_protocol(services: Services) -> None:
    every = AGENT.get_adcp_capabilities(GetAdcpCapabilitiesRequest(), context(services))
    wire = every.model_dump(mode="json", exclude_none=True)
    assert wire["supported_protocols"] == ["creative"] and wire["status"] == "completed"
    assert wire["adcp"] == {"major_versions": [3], "supported_versions": ["3.2"],
                            "idempotency": {"supported": False}}
    assert wire["creative"]["supports_generation"] and wire["creative"]["supports_transformation"]
    other = AGENT.get_adcp_capabilities(
        GetAdcpCapabilitiesRequest(protocols=["media_buy"]), context(services)
    )
    assert other.creative is None  # asked only about a protocol this agent does not speak


def test_build_usage_counts_the_work_a_build_asks_for(services: Services) -> None:
    photo = product_photo(services)
    usage = AGENT.build_usage(BuildCreativeRequest(
        creative_id=photo, max_variants=2,
        target_format_ids=[FormatId(id="square"), FormatId(id="story"),
                           FormatId(id="video-sponsored-brands-video-1280x720")],
    ), services.assets)
    assert usage == {"image": 4.0, "video_second": 24.0}  # 2 x 2 ads, 2 x 12 s of video
    unknown = BuildCreativeRequest(creative_id=photo, target_format_id=FormatId(id="nope"))
    assert AGENT.build_usage(unknown, services.assets) == {}  # refused later: nothing asked
    assert AGENT.build_usage(BuildCreativeRequest(creative_id="img_0000000000"),
                             services.assets) == {}


# ---------------------------------------------------------------------- AdCP 3.2 additions


def test_capabilities_list_every_format_the_engines_and_the_version(services: Services) -> None:
    ctx = context(services)
    capabilities = AGENT.get_adcp_capabilities(GetAdcpCapabilitiesRequest(), ctx)
    wire = capabilities.model_dump(mode="json", exclude_none=True)
    creative = wire["creative"]
    by_id = {f["format_id"]["id"]: f for f in creative["formats"]}
    for placement in load_placements().values():  # every image placement, at its size
        fmt = by_id[placement.id]
        assert fmt["renders"][0]["dimensions"] == {"width": placement.width,
                                                   "height": placement.height}
        assert "image" in {a["asset_type"] for a in fmt["assets"]}
    for placement in load_video_placements().values():
        assert any(i.startswith(f"video-{placement.id}-") for i in by_id)
    assert by_id["video-sponsored-brands-video-1280x720"]["type"] == "video"
    assert creative["engines"] == {
        "image": {"name": "adstudio", "engine": "local", "model_ids": []},
        "video": {"name": "adstudio", "engine": "local", "model_ids": []},
    }
    assert creative["supports_provenance"] is True
    assert wire["adcp"]["supported_versions"] == ["3.2"] and wire["adcp_version"] == "3.2"
    listed = AGENT.list_creative_formats(ListCreativeFormatsRequest(), ctx)  # older clients
    assert [f.format_id.id for f in listed.formats] == list(by_id)


def test_capabilities_name_the_bedrock_model_that_paints_the_ads(services: Services) -> None:
    client = boto3.client("bedrock-runtime", region_name="us-west-2")  # never called here
    stability = build_image_engine(Settings(image_engine="stability"), client=client)
    ctx = context(services)
    ctx = dataclasses.replace(ctx, engines=dataclasses.replace(ctx.engines, images=stability))
    capabilities = AGENT.get_adcp_capabilities(GetAdcpCapabilitiesRequest(), ctx)
    assert capabilities.creative and capabilities.creative.engines
    image = capabilities.creative.engines.image
    assert image.engine == "bedrock-stability"
    assert image.model_ids == ["us.stability.stable-image-inpaint-v1:0"]  # what ads call


def test_list_creative_formats_still_answers_and_says_it_is_deprecated(
    services: Services,
) -> None:
    request = ListCreativeFormatsRequest(type="video")
    listed = AGENT.list_creative_formats(request, context(services))
    wire = listed.model_dump(mode="json", exclude_none=True)
    assert wire["formats"] and all(f["type"] == "video" for f in wire["formats"])
    assert wire["deprecated"] is True and "get_adcp_capabilities" in wire["deprecation"]
    (task,) = [t for t in AGENT.capabilities_list() if t.name == "list_creative_formats"]
    assert task.description.startswith("Deprecated") and "get_adcp_capabilities" in (
        task.description)


def test_every_built_creative_carries_its_provenance(services: Services) -> None:
    ctx = context(services)
    photo = product_photo(services)
    built = AGENT.build_creative(BuildCreativeRequest(
        creative_id=photo, target_format_ids=[FormatId(id="square"), FormatId(id="story")],
    ), ctx)
    for manifest in built.manifests():
        assert manifest.provenance is not None
        made = manifest.provenance.model_dump(mode="json")
        asset = services.assets.get(str((manifest.ext or {})["asset_id"]), "acme")
        assert made == {
            "ai_generated": True,
            "digital_source_type": "compositeSynthetic",  # photo + a procedurally drawn scene
            "generator": {"name": "adstudio", "engine": "local", "model_ids": []},
            "created_at": asset.created.isoformat(),
            "source_asset_id": photo,
            "c2pa": {  # the manifest in the file, as signed when it was stored
                "status": "signed (local identity, untrusted)",
                "manifest_label": asset.parameters["provenance"]["manifest"],
                "manifest_sha256": asset.parameters["provenance"]["manifest_sha256"],
            },
        }
        assert datetime.fromisoformat(made["created_at"]).utcoffset() is not None
        embedded = read_provenance(services.assets.path(asset.id), asset.mime)
        assert embedded.state == "valid" and embedded.label == made["c2pa"]["manifest_label"]
    ad_id = built.new_asset_ids()[0]
    adapted = AGENT.build_creative(
        BuildCreativeRequest(creative_id=ad_id, target_format_id=FormatId(id="leaderboard")), ctx
    )
    assert adapted.creative_manifest and adapted.creative_manifest.provenance
    assert adapted.creative_manifest.provenance.source_asset_id == ad_id  # the ad it adapted


@pytest.mark.parametrize(("models", "composited", "expected"), [
    ([], True, "compositeSynthetic"),
    (["us.stability.stable-image-inpaint-v1:0"], True, "compositeWithTrainedAlgorithmicMedia"),
    (["luma.ray-v2:0"], False, "trainedAlgorithmicMedia"),
])
def test_the_iptc_digital_source_type(models: list[str], composited: bool, expected: str) -> None:
    assert digital_source_type(models, composited) == expected
