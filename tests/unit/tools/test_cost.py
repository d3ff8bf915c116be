"""Cost estimates from the price table, and the ledger that records every call."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from langchain_core.messages import AIMessage, HumanMessage

from core.schemas import GenerateVideoRequest
from core.settings import Settings
from core.storage.assets import AssetStore
from tools.cost import (
    CostLedger,
    CostRecord,
    chat_cost,
    estimate,
    ledger_for,
    storyboard_seconds,
    turn_of,
)
from tools.sdk import Capability, CapabilityContext, registry

HAIKU = "us.anthropic.claude-haiku-4-5-20251001-v1:0"


def test_the_local_engine_is_free(settings: Settings) -> None:
    cost = estimate("generate_ad_images", {"product_image": "img_1", "n": 8}, settings)
    assert cost.usd == 0 and cost.units == {"image": 8} and cost.model == "local"


INPAINT = "us.stability.stable-image-inpaint-v1:0"


def test_bedrock_images_are_priced_per_image_and_placement_on_the_inpaint_service(
    tmp_path: Path,
) -> None:
    prices = {f"{INPAINT}/image": 0.05, "stability.sd3-5-large-v1:0/image": 0.5,
              "amazon.nova-canvas-v1:0/image": 0.06}
    settings = Settings(data_dir=tmp_path, engine="bedrock", prices=prices)
    args = {"product_image": "img_1", "n": 4, "placements": ["square", "story"]}
    cost = estimate("generate_ad_images", args, settings)
    assert cost.units == {"image": 8} and cost.model == INPAINT  # the service the ads call
    assert cost.usd == pytest.approx(8 * 0.05)
    assert cost.description == f"8 images on {INPAINT}"
    canvas = estimate("generate_ad_images", args, settings.with_changes(image_engine="nova-canvas"))
    assert canvas.usd == pytest.approx(8 * 0.06)
    assert f"{INPAINT}/image" in Settings().costs.prices  # the default table prices it


def test_a_price_override_prices_local_work(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, prices={"local/image": 0.5})
    assert estimate("edit_image", {"asset_id": "img_1", "warmth": 0.2}, settings).usd == 0.5


def test_free_tools_and_refused_arguments_cost_nothing(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, engine="bedrock")
    assert estimate("update_brief", {"tone": "calm"}, settings).usd == 0
    assert estimate("generate_ad_images", {"product_image": "x", "n": 50}, settings).usd == 0


def test_without_units_the_declared_cost_applies_on_bedrock(tmp_path: Path) -> None:
    bedrock = Settings(data_dir=tmp_path, engine="bedrock")
    assert estimate("extract_features", {"title": "Bottle"}, bedrock).usd == 0.002
    assert estimate("extract_features", {"title": "Bottle"}, Settings(data_dir=tmp_path)).usd == 0


def test_a_model_missing_from_the_table_falls_back_to_the_declared_cost(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, engine="bedrock", prices={})
    cost = estimate("generate_ad_images", {"product_image": "img_1", "n": 4}, settings)
    assert cost.usd == pytest.approx(0.24)  # the capability's cost_usd for one call


def test_a_capability_declares_its_own_units(tmp_path: Path) -> None:
    def video(req: GenerateVideoRequest, ctx: CapabilityContext) -> None:  # pragma: no cover
        """Render."""

    cap = Capability(
        name="render", description="", request=GenerateVideoRequest, result=object,  # type: ignore[arg-type]
        fn=video, usage=lambda req, assets: {"video_second": 12.0},
    )
    settings = Settings(
        data_dir=tmp_path, prices={"local/video_second": 0.25}
    )
    cost = estimate("render", {"storyboard_id": "sb_1"}, settings, AssetStore(tmp_path / "a"),
                    capabilities=lambda: {"render": cap})
    assert cost.usd == 3.0 and cost.description == "12 seconds of video"


def test_video_seconds_come_from_the_stored_storyboard(tmp_path: Path) -> None:
    store = AssetStore(tmp_path / "assets")
    board = {"storyboard": {"shots": [{"seconds": 3}, {"seconds": 4.5}]}}
    asset = store.put(json.dumps(board).encode(), kind="storyboard", mime="application/json")
    assert storyboard_seconds(store, asset.id) == 7.5
    assert storyboard_seconds(store, "sb_missing") is None
    settings = Settings(data_dir=tmp_path, prices={"local/video_second": 0.2})
    cost = estimate("generate_video", {"storyboard_id": asset.id}, settings, store,
                    capabilities=lambda: {"generate_video": _video_capability()})
    assert cost.usd == pytest.approx(1.5) and cost.units == {"video_second": 7.5}


def test_chat_tokens_are_priced_on_bedrock_only(tmp_path: Path) -> None:
    reply = AIMessage("hi", usage_metadata={"input_tokens": 2000, "output_tokens": 400,
                                            "total_tokens": 2400})
    bedrock = Settings(data_dir=tmp_path, engine="bedrock", chat_model_id=HAIKU)
    assert chat_cost(reply, bedrock) == pytest.approx(2 * 0.001 + 0.4 * 0.005)
    assert chat_cost(reply, Settings(data_dir=tmp_path)) == 0
    assert chat_cost(AIMessage("no usage"), bedrock) == 0


def test_chat_tokens_are_priced_by_the_chat_model_that_answered(tmp_path: Path) -> None:
    reply = AIMessage("hi", usage_metadata={"input_tokens": 2000, "output_tokens": 400,
                                            "total_tokens": 2400})
    own_server = Settings(data_dir=tmp_path, engine="bedrock", chat_engine="openai",
                          chat_model_id=HAIKU)
    assert chat_cost(reply, own_server) == 0
    bedrock_chat = Settings(data_dir=tmp_path, engine="local", chat_engine="bedrock",
                            chat_model_id=HAIKU)
    assert chat_cost(reply, bedrock_chat) == pytest.approx(2 * 0.001 + 0.4 * 0.005)


def test_the_ledger_totals_turns_and_threads(tmp_path: Path) -> None:
    ledger = CostLedger(tmp_path / "costs.sqlite")
    ledger.record(CostRecord(thread="t", turn="u1", key="c1", name="generate_ad_images",
                             usd=0.32))
    ledger.record(CostRecord(thread="t", turn="u1", key="c1", name="generate_ad_images",
                             usd=0.32))  # the same call again: replaced, not added
    ledger.record(CostRecord(thread="t", turn="u1", key="chat:m1", kind="chat", name=HAIKU,
                             usd=0.004))
    ledger.record(CostRecord(thread="t", turn="u2", key="c2", name="edit_image", usd=0.08))
    ledger.record(CostRecord(thread="other", turn="u1", key="c1", name="edit_image", usd=9))
    assert ledger.turn_total("t", "u1") == pytest.approx(0.324)
    assert sum(r.usd for r in ledger.records("t")) == pytest.approx(0.404)
    assert [r.key for r in ledger.records("t", "u1")] == ["c1", "chat:m1"]
    assert ledger.get("t", "c2").name == "edit_image"  # type: ignore[union-attr]
    reopened = CostLedger(tmp_path / "costs.sqlite")
    assert sum(r.usd for r in reopened.records("t")) == pytest.approx(0.404)


def test_one_ledger_per_data_dir(settings: Settings) -> None:
    assert ledger_for(settings) is ledger_for(settings.with_changes())
    assert ledger_for(settings).path == (settings.data_dir / "costs.sqlite").resolve()


def test_a_turn_is_named_by_its_user_message() -> None:
    messages = [HumanMessage("a", id="u1"), AIMessage("b"), HumanMessage("c", id="u2")]
    assert turn_of(messages) == "u2" and turn_of([]) == ""


def _video_capability() -> Capability:  # type: ignore[type-arg]
    def render(req: GenerateVideoRequest, ctx: CapabilityContext) -> None:  # pragma: no cover
        """Render."""

    return Capability(name="generate_video", description="", request=GenerateVideoRequest,
                      result=object, fn=render)  # type: ignore[arg-type]


def test_remote_live_images_and_videos_are_priced_per_second_of_the_video_model() -> None:
    settings = Settings(engine="bedrock", video_s3_uri="s3://my-bucket/ads")
    live = estimate("animate_image", {"asset_id": "img_1", "seconds": 4}, settings)
    assert live.model == "luma.ray-v2:0"  # auto picks the live video model
    assert live.units == {"live_second": 5.0}  # Luma renders one whole 5 s clip
    assert live.usd == pytest.approx(5 * 1.50)
    nova = settings.with_changes(video_engine="nova-reel")
    nova_live = estimate("animate_image", {"asset_id": "img_1", "seconds": 3}, nova)
    assert nova_live.units == {"live_second": 6.0}  # Nova Reel renders a whole 6 s clip
    assert nova_live.usd == pytest.approx(6 * 0.08)
    assert estimate("animate_image", {"asset_id": "img_1"}, Settings()).usd == 0.0


@pytest.mark.parametrize(
    ("engine", "storyboard", "billed"),
    [
        ("luma-ray2", 12.0, 9.0),  # one clip of 9 s, not the storyboard's 12 s
        ("luma-ray2", 9.0, 9.0),
        ("luma-ray2", 4.0, 5.0),  # one clip of 5 s
        ("nova-reel", 12.0, 12.0),  # whole 6-s shots
        ("nova-reel", 7.5, 12.0),
    ],
)
def test_a_remote_video_is_priced_on_the_clip_the_model_makes(
    tmp_path: Path, engine: str, storyboard: float, billed: float
) -> None:
    prices = {"luma.ray-v2:0/video_second": 1.5, "amazon.nova-reel-v1:1/video_second": 0.08}
    settings = Settings(data_dir=tmp_path, engine="bedrock", video_engine=engine,
                        video_s3_uri="s3://my-bucket/ads", prices=prices)
    cap = Capability(
        name="render", description="", request=GenerateVideoRequest, result=object,  # type: ignore[arg-type]
        fn=_video_capability().fn, usage=lambda req, assets: {"video_second": storyboard},
    )
    cost = estimate("render", {"storyboard_id": "sb_1"}, settings,
                    capabilities=lambda: {"render": cap})
    assert cost.units == {"video_second": billed}
    assert cost.usd == pytest.approx(billed * prices[f"{cost.model}/video_second"])


def test_failed_and_declined_calls_do_not_count_in_a_turn(tmp_path: Path) -> None:
    ledger = CostLedger(tmp_path / "costs.sqlite")
    ledger.record(CostRecord(thread="t", turn="u1", key="ok", name="edit_image", usd=0.08))
    ledger.record(CostRecord(thread="t", turn="u1", key="failed", name="generate_ad_images",
                             usd=0.64, status="error"))
    ledger.record(CostRecord(thread="t", turn="u1", key="no", name="generate_ad_images",
                             usd=0.64, status="declined"))
    assert ledger.turn_total("t", "u1") == pytest.approx(0.08)


# --- edits on Stability: the re-render and each retouch service call ----------------------

SERVICES = "us.stability."
ERASE, OUTPAINT = f"{SERVICES}stable-image-erase-object-v1:0", f"{SERVICES}stable-outpaint-v1:0"
UPSCALE = f"{SERVICES}stable-conservative-upscale-v1:0"
EDIT_PRICES = {f"{INPAINT}/image": 0.04, f"{ERASE}/image": 0.05, f"{OUTPAINT}/image": 0.06,
               f"{UPSCALE}/image": 0.4, "amazon.nova-canvas-v1:0/image": 0.07}


def _ad(store: AssetStore, retouch: list[dict[str, object]], placement: str = "square") -> str:
    recipe = {"format": placement, "headline": "Stay cold"}
    return store.put(b"ad", kind="ad_image", mime="image/png", width=1080, height=1080,
                     parameters={"recipe": recipe, "cutout": "img_c", "retouch": retouch}).id


def _photo(store: AssetStore, size: tuple[int, int] = (1000, 1000)) -> str:
    return store.put(b"photo", kind="product_photo", mime="image/png",
                     width=size[0], height=size[1]).id


Priced = tuple[Settings, AssetStore]


@pytest.fixture
def stability(tmp_path: Path) -> Priced:
    settings = Settings(data_dir=tmp_path, engine="bedrock", prices=EDIT_PRICES)
    return settings, AssetStore(tmp_path / "assets")


def test_an_ad_edit_replays_its_retouches_as_service_calls(stability: Priced) -> None:
    settings, store = stability
    ad = _ad(store, [{"op": "remove", "box": [0.1, 0.1, 0.2, 0.2]},
                     {"op": "remove", "box": [0.5, 0.5, 0.6, 0.6]}, {"op": "upscale", "factor": 2}])
    cost = estimate("edit_image", {"asset_id": ad, "headline": "Stay colder"}, settings, store)
    # re-render on inpaint, both removals in one erase call, one conservative upscale
    assert cost.units == {"image": 1, "erase": 1, "upscale": 1}
    assert cost.usd == pytest.approx(0.04 + 0.05 + 0.4)


def test_a_new_removal_on_an_ad_is_one_erase_call(stability: Priced) -> None:
    settings, store = stability
    ad = _ad(store, [])
    args = {"asset_id": ad, "remove_region": [0.1, 0.1, 0.3, 0.3]}
    cost = estimate("edit_image", args, settings, store)
    assert cost.units == {"image": 1, "erase": 1} and cost.usd == pytest.approx(0.04 + 0.05)
    assert cost.description == f"1 image and 1 erase-object call on {INPAINT}, {ERASE}"


def test_a_new_placement_drops_the_carried_clean_ups(stability: Priced) -> None:
    settings, store = stability
    ad = _ad(store, [{"op": "remove", "box": [0.1, 0.1, 0.2, 0.2]}])
    cost = estimate("edit_image", {"asset_id": ad, "placement": "story"}, settings, store)
    assert cost.units == {"image": 1} and cost.usd == pytest.approx(0.04)


def test_a_photo_expanded_to_a_new_shape_is_one_outpaint_call(stability: Priced) -> None:
    settings, store = stability
    photo = _photo(store)
    args = {"asset_id": photo, "placement": "story", "remove_region": [0.0, 0.0, 0.1, 0.1]}
    cost = estimate("edit_image", args, settings, store)
    assert cost.units == {"outpaint": 1, "erase": 1}  # no re-render of a photo
    assert cost.usd == pytest.approx(0.06 + 0.05) and cost.model == OUTPAINT


def test_a_photo_that_already_has_the_shape_is_not_outpainted(stability: Priced) -> None:
    settings, store = stability
    square = estimate("edit_image", {"asset_id": _photo(store), "placement": "square"},
                      settings, store)
    assert square.usd == 0
    warmer = estimate("edit_image", {"asset_id": _photo(store, (800, 600)), "warmth": 0.2},
                      settings, store)
    assert warmer.usd == 0  # a colour change is local work


def test_other_image_engines_retouch_locally_for_free(stability: Priced) -> None:
    settings, store = stability
    ad = _ad(store, [{"op": "upscale", "factor": 2}])
    args = {"asset_id": ad, "remove_region": [0.1, 0.1, 0.3, 0.3]}
    cost = estimate("edit_image", args, settings.with_changes(image_engine="nova-canvas"), store)
    assert cost.usd == pytest.approx(0.07)  # only the re-render is a paid call
    local = Settings(data_dir=settings.data_dir, prices={"local/image": 0.5})
    assert estimate("edit_image", args, local, store).usd == pytest.approx(0.5)  # one render


def test_a_new_photo_is_cut_out_once_by_the_remove_background_service(stability: Priced) -> None:
    settings, store = stability
    removal = f"{SERVICES}stable-image-remove-background-v1:0"
    prices = {**EDIT_PRICES, f"{removal}/image": 0.03}
    priced = settings.with_changes(prices=prices)
    photo = _photo(store)
    args = {"product_image": photo, "n": 2}
    first = estimate("generate_ad_images", args, priced, store)
    assert first.units == {"image": 2, "cutout": 1}
    assert first.usd == pytest.approx(2 * 0.04 + 0.03)
    store.put(b"cut", kind="product_cutout", mime="image/png", parents=[photo])
    assert estimate("generate_ad_images", args, priced, store).units == {"image": 2}
    other = store.put(b"another photo", kind="product_photo", mime="image/png",
                      width=900, height=900).id
    as_is = estimate("generate_ad_images", {"product_image": other, "n": 2, "photo_as_is": True},
                     priced, store)
    assert as_is.units == {"image": 2}  # the whole photo: nothing is cut out
    local = estimate("generate_ad_images", args, Settings(data_dir=settings.data_dir), store)
    assert local.usd == 0


def test_a_video_of_a_new_photo_counts_its_cutout_as_ads_do(stability: Priced) -> None:
    settings, store = stability
    removal, luma = f"{SERVICES}stable-image-remove-background-v1:0", "luma.ray-v2:0"
    prices = {**EDIT_PRICES, f"{removal}/image": 0.03, f"{luma}/video_second": 1.5}
    priced = settings.with_changes(prices=prices, video_s3_uri="s3://my-bucket/ads")
    photo = _photo(store)
    board = {"product_image": photo, "shots": [{"seconds": 2}, {"seconds": 3}]}
    args = {"storyboard_id": store.put(json.dumps(board).encode(), kind="storyboard",
                                       mime="application/json").id}
    first = estimate("generate_video", args, priced, store)
    assert first.units == {"video_second": 5, "cutout": 1}
    assert first.usd == pytest.approx(5 * 1.5 + 0.03)  # one 5-s Luma clip and the cutout
    store.put(b"cut", kind="product_cutout", mime="image/png", parents=[photo])
    assert estimate("generate_video", args, priced, store).units == {"video_second": 5}
    cut = store.put(b"cut", kind="product_cutout", mime="image/png").id
    board = {"product_image": cut, "shots": [{"seconds": 5}]}
    of_cutout = {"storyboard_id": store.put(json.dumps(board).encode(), kind="storyboard",
                                            mime="application/json").id}
    assert estimate("generate_video", of_cutout, priced, store).units == {"video_second": 5}


def test_a_video_whose_length_cannot_be_read_costs_its_declared_price(
    stability: Priced,
) -> None:
    settings, store = stability
    removal = f"{SERVICES}stable-image-remove-background-v1:0"
    priced = settings.with_changes(prices={**EDIT_PRICES, f"{removal}/image": 0.03},
                                   video_s3_uri="s3://my-bucket/ads")
    board = {"product_image": _photo(store)}  # a new photo, but no shots to count
    args = {"storyboard_id": store.put(json.dumps(board).encode(), kind="storyboard",
                                       mime="application/json").id}
    cost = estimate("generate_video", args, priced, store)
    assert cost.usd == pytest.approx(registry()["generate_video"].cost_usd)
    assert "cutout" not in cost.units
