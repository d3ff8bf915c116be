"""The capability SDK and the three capabilities, called directly (no agent)."""

from __future__ import annotations

import dataclasses
import hashlib
import io

import pytest
from PIL import Image

from core.errors import CapabilityError, PolicyViolationError
from core.images import encode_png
from core.schemas import GenerateAdImagesRequest, GenerateAdImagesResult
from evals.recipes import bottle_on_white
from tools.sdk import CapabilityContext, ThreadGallery, capability, registry
from tools.services import Services


@pytest.fixture
def ctx(services: Services) -> CapabilityContext:
    return dataclasses.replace(services.capability_context("default"), max_variations=3)


@pytest.fixture
def photo_id(services: Services) -> str:
    photo = bottle_on_white()[0]
    return services.assets.put(encode_png(photo), kind="product_photo", mime="image/png",
                               width=photo.width, height=photo.height).id


def test_registry_derives_everything_from_the_declarations() -> None:
    caps = registry()
    assert set(caps) == {
        "extract_features", "generate_ad_images", "edit_image", "save_brand_kit",
        "animate_image", "write_storyboard", "revise_storyboard", "generate_video",
        "remove_background", "remove_hand", "revert_image", "compare_images", "download_images",
        "make_carousel", "delete_images",
    }
    generate = caps["generate_ad_images"]
    assert generate.request is GenerateAdImagesRequest
    assert generate.result is GenerateAdImagesResult
    assert generate.description.startswith("Make ad images of the advertiser's product")
    assert generate.modes == {"online", "batch"}


def test_a_name_cannot_be_declared_twice() -> None:
    assert "extract_features" in registry()  # the declarations are loaded, whatever ran before
    with pytest.raises(ValueError, match="declared twice"):

        @capability(name="extract_features")
        def again(req: GenerateAdImagesRequest, ctx: CapabilityContext) -> GenerateAdImagesResult:
            """Duplicate."""
            raise AssertionError


def test_same_request_gives_the_same_pixels(ctx: CapabilityContext, photo_id: str) -> None:
    # the files differ: each carries its own signed C2PA manifest (a new id, a new signature)
    generate = registry()["generate_ad_images"]
    request = {"product_image": photo_id, "n": 3, "headline": "Go far.", "seed": 7}
    runs = [generate.invoke(request, ctx) for _ in range(2)]
    digests = [[pixel_digest(ctx, i.asset_id) for i in run.images] for run in runs]
    assert digests[0] == digests[1] and len(set(digests[0])) == 3


def pixel_digest(ctx: CapabilityContext, asset_id: str) -> str:
    """SHA-256 of a stored image's decoded pixels (its mode and size included)."""
    image = Image.open(io.BytesIO(ctx.assets.read(asset_id)))
    return hashlib.sha256(f"{image.mode}{image.size}".encode() + image.tobytes()).hexdigest()


def test_variations_are_capped_and_progress_is_reported(
    ctx: CapabilityContext, photo_id: str
) -> None:
    seen: list[tuple[int, int]] = []
    ctx.progress = lambda done, total, message: seen.append((done, total))
    result = registry()["generate_ad_images"].invoke({"product_image": photo_id, "n": 8}, ctx)
    assert len(result.images) == 3
    renders = [step for step in seen if step[1] == 3]  # after the photo's cutout step, (0, 1)
    assert renders[0] == (0, 3) and renders[-1] == (3, 3) and seen[-1] == (3, 3)


def test_blocked_ad_copy_is_refused_before_rendering(
    ctx: CapabilityContext, photo_id: str
) -> None:
    with pytest.raises(PolicyViolationError, match="weapons"):
        registry()["generate_ad_images"].invoke(
            {"product_image": photo_id, "headline": "Comes with free ammo"}, ctx
        )
    assert [a.kind for a in ctx.assets.list()] == ["product_photo"]


def test_edit_of_an_uploaded_photo_can_only_change_colours(
    ctx: CapabilityContext, photo_id: str
) -> None:
    edit = registry()["edit_image"]
    warmer = edit.invoke({"asset_id": photo_id, "warmth": 0.4}, ctx)
    assert warmer.parent_id == photo_id and warmer.changes == ["warmer"]
    with pytest.raises(CapabilityError, match="was not made by adstudio"):
        edit.invoke({"asset_id": photo_id, "headline": "New"}, ctx)
    with pytest.raises(CapabilityError, match="does not change anything"):
        edit.invoke({"asset_id": photo_id}, ctx)


def test_edit_changes_theme_and_format_from_the_recipe(
    ctx: CapabilityContext, photo_id: str
) -> None:
    made = registry()["generate_ad_images"].invoke({"product_image": photo_id, "n": 1}, ctx)
    edited = registry()["edit_image"].invoke(
        {"asset_id": made.images[0].asset_id, "theme": "beach", "placement": "9:16"}, ctx
    )
    assert (edited.image.theme, edited.image.placement) == ("beach", "story")
    assert (edited.image.width, edited.image.height) == (1080, 1920)
    lineage = ctx.assets.get(edited.image.asset_id)
    assert lineage.parents == [made.images[0].asset_id, made.cutout_id]
    assert lineage.capability == "edit_image"


def test_a_texture_is_refused_with_an_offer_to_use_it_as_is(
    ctx: CapabilityContext, services: Services
) -> None:
    from PIL import Image

    from tests.paths import PHOTOS

    fabric = Image.open(PHOTOS / "polo_red.jpg").crop((300, 300, 700, 700)).resize(
        (800, 800)
    )
    photo = services.assets.put(encode_png(fabric), kind="product_photo", mime="image/png")
    generate = registry()["generate_ad_images"]
    with pytest.raises(CapabilityError, match="could not find a product") as info:
        generate.invoke({"product_image": photo.id, "n": 1}, ctx)
    assert "use the photo as is" in info.value.hint
    result = generate.invoke({"product_image": photo.id, "n": 1, "photo_as_is": True}, ctx)
    cutout = services.assets.get(result.cutout_id)
    assert cutout.parameters["method"] == "as-is" and (cutout.width, cutout.height) == (800, 800)


def test_the_brand_kit_is_saved_per_tenant_and_applied(
    ctx: CapabilityContext, photo_id: str, services: Services
) -> None:
    ctx.brand_kits = services.brand_kits
    saved = registry()["save_brand_kit"].invoke({"colors": ["#ff6600"], "tone": "bold"}, ctx)
    assert saved.colors == ["#FF6600"] and saved.tone == "bold"
    again = registry()["save_brand_kit"].invoke({"font": "manrope"}, ctx)
    assert (again.colors, again.font) == (["#FF6600"], "manrope")  # merged, not replaced
    assert services.brand_kits.get("someone-else") is None
    made = registry()["generate_ad_images"].invoke({"product_image": photo_id, "n": 1}, ctx)
    recipe = services.assets.get(made.images[0].asset_id).parameters["recipe"]
    assert recipe["brand_colors"] == ["#FF6600"]
    plain = registry()["generate_ad_images"].invoke(
        {"product_image": photo_id, "n": 1, "use_brand_kit": False}, ctx
    )
    assert services.assets.get(plain.images[0].asset_id).parameters["recipe"]["brand_colors"] == []


def test_a_logo_must_be_an_image_the_tenant_owns(
    ctx: CapabilityContext, services: Services
) -> None:
    ctx.brand_kits = services.brand_kits
    with pytest.raises(CapabilityError, match="no asset with the id"):
        registry()["save_brand_kit"].invoke({"logo": "img_0000000000"}, ctx)


def _ad(ctx: CapabilityContext, photo_id: str, **extra: object) -> str:
    made = registry()["generate_ad_images"].invoke(
        {"product_image": photo_id, "n": 1, "headline": "Go far.", **extra}, ctx
    )
    return made.images[0].asset_id


def _product_intact(services: Services, ad_id: str) -> tuple[int, int]:
    from tests.checks import product_pixels_intact

    return product_pixels_intact(services.assets, ad_id)


def test_removing_a_region_never_touches_the_product(
    ctx: CapabilityContext, photo_id: str, services: Services
) -> None:
    import numpy as np
    from PIL import Image

    ad_id = _ad(ctx, photo_id)
    edited = registry()["edit_image"].invoke(
        {"asset_id": ad_id, "remove_region": [0.0, 0.5, 1.0, 1.0]}, ctx
    )
    new_id = edited.image.asset_id
    before = np.asarray(Image.open(services.assets.path(ad_id)).convert("RGB"), dtype=int)
    after = np.asarray(Image.open(services.assets.path(new_id)).convert("RGB"), dtype=int)
    assert np.abs(after[:500] - before[:500]).max() <= 1  # above the region: as it was
    assert np.abs(after[600:] - before[600:]).mean() > 0.5  # inside: filled in
    opaque, differ = _product_intact(services, new_id)
    assert opaque > 10_000 and differ == 0
    # the retouch survives a later re-render (a new headline)
    again = registry()["edit_image"].invoke({"asset_id": new_id, "headline": "New"}, ctx)
    assert services.assets.get(again.image.asset_id).parameters["retouch"] == [
        {"op": "remove", "box": [0.0, 0.5, 1.0, 1.0]}
    ]


def test_upscale_doubles_the_size_keeps_the_product_exact_and_never_stacks(
    ctx: CapabilityContext, photo_id: str, services: Services
) -> None:
    ad_id = _ad(ctx, photo_id)
    box = services.assets.get(ad_id).parameters["product_box"]
    big = registry()["edit_image"].invoke({"asset_id": ad_id, "upscale": 2}, ctx)
    assert (big.image.width, big.image.height) == (2160, 2160)
    assert services.assets.get(big.image.asset_id).parameters["product_box"] == [
        2 * v for v in box
    ]
    opaque, differ = _product_intact(services, big.image.asset_id)
    assert opaque > 40_000 and differ == 0
    warmer = registry()["edit_image"].invoke(
        {"asset_id": big.image.asset_id, "warmth": 0.3}, ctx
    )
    assert (warmer.image.width, warmer.image.height) == (2160, 2160)
    with pytest.raises(CapabilityError, match="already upscaled"):
        registry()["edit_image"].invoke({"asset_id": warmer.image.asset_id, "upscale": 2}, ctx)
    in_chat = dataclasses.replace(ctx, gallery=ThreadGallery(numbers={warmer.image.asset_id: 6}))
    with pytest.raises(CapabilityError) as caught:  # in a chat it is named by its number
        registry()["edit_image"].invoke({"asset_id": warmer.image.asset_id, "upscale": 2},
                                        in_chat)
    assert caught.value.message == "#6 is already upscaled for print."


def test_a_clean_up_across_the_product_does_not_smear_it(
    ctx: CapabilityContext, photo_id: str, services: Services
) -> None:
    import numpy as np
    from PIL import Image

    ad_id = _ad(ctx, photo_id, theme="studio")
    edited = registry()["edit_image"].invoke(
        {"asset_id": ad_id, "remove_region": [0.2, 0.05, 0.8, 0.95]}, ctx
    )
    new = services.assets.get(edited.image.asset_id)
    left, top, right, bottom = new.parameters["product_box"]
    pixels = np.asarray(Image.open(services.assets.path(new.id)).convert("RGB"), dtype=float)
    cleaned = np.zeros(pixels.shape[:2], bool)
    cleaned[54:1026, 216:864] = True
    cleaned[top - 12 : bottom + 12, left - 12 : right + 12] = False  # the product, with a margin
    cap_teal = np.array([30.0, 92.0, 104.0])  # the bottle's cap: must not leak into the fill
    near_cap = np.linalg.norm(pixels[cleaned] - cap_teal, axis=1) < 60
    assert near_cap.mean() < 0.001
    assert _product_intact(services, new.id)[1] == 0


def test_clean_ups_are_dropped_when_the_placement_changes(
    ctx: CapabilityContext, photo_id: str, services: Services
) -> None:
    ad_id = _ad(ctx, photo_id)
    cleaned = registry()["edit_image"].invoke(
        {"asset_id": ad_id, "remove_region": [0.0, 0.0, 0.4, 0.3]}, ctx
    )
    banner = registry()["edit_image"].invoke(
        {"asset_id": cleaned.image.asset_id, "placement": "728x90"}, ctx
    )
    assert services.assets.get(banner.image.asset_id).parameters["retouch"] == []
    assert any("clean-ups were dropped" in note for note in banner.notes)


def test_many_placements_cap_the_number_of_renders(ctx: CapabilityContext, photo_id: str) -> None:
    placements = ["square", "story", "portrait", "landscape", "300x250", "728x90"]
    made = registry()["generate_ad_images"].invoke(
        {"product_image": photo_id, "n": 8, "placements": placements}, ctx
    )
    assert len(made.images) == 12  # 2 variations x 6 placements, not 8 x 6


def test_invalid_arguments_are_a_capability_error_with_the_valid_names(
    ctx: CapabilityContext, photo_id: str
) -> None:
    with pytest.raises(CapabilityError, match="placement: Value error, There is no ad placement"):
        registry()["edit_image"].invoke({"asset_id": photo_id, "placement": "billboard-xl"}, ctx)


def test_product_scale_shift_and_backdrop_keep_the_product_exact(
    ctx: CapabilityContext, photo_id: str, services: Services
) -> None:
    ad_id = _ad(ctx, photo_id)
    box = services.assets.get(ad_id).parameters["product_box"]
    edited = registry()["edit_image"].invoke(
        {"asset_id": ad_id, "product_scale": 0.7, "product_shift": [0.15, 0.0],
         "backdrop_color": "#3B6FD6"},
        ctx,
    )
    new_box = services.assets.get(edited.image.asset_id).parameters["product_box"]
    assert (new_box[2] - new_box[0]) < 0.8 * (box[2] - box[0])
    assert (new_box[0] + new_box[2]) / 2 > (box[0] + box[2]) / 2
    assert _product_intact(services, edited.image.asset_id)[1] == 0
    assert edited.changes == ["blue background (#3B6FD6)", "product smaller", "product moved"]


def test_a_photo_is_expanded_by_outpainting_not_bars(
    ctx: CapabilityContext, photo_id: str, services: Services
) -> None:
    import numpy as np
    from PIL import Image

    wide = registry()["edit_image"].invoke({"asset_id": photo_id, "placement": "16:9"}, ctx)
    assert (wide.image.width, wide.image.height) == (1920, 1080)
    pixels = np.asarray(Image.open(services.assets.path(wide.image.asset_id)).convert("L"))
    margin = pixels[:, :200]
    assert margin.std() < 40 and margin.mean() > 150  # continues the light backdrop
    with pytest.raises(CapabilityError, match="headline, product_scale cannot be changed"):
        registry()["edit_image"].invoke(
            {"asset_id": photo_id, "headline": "Hi", "product_scale": 1.2}, ctx
        )


def test_a_logo_goes_on_the_ad_and_into_its_lineage(
    ctx: CapabilityContext, photo_id: str, services: Services
) -> None:
    from PIL import Image, ImageDraw

    logo = Image.new("RGBA", (300, 120), (0, 0, 0, 0))
    ImageDraw.Draw(logo).rounded_rectangle((0, 0, 299, 119), 30, fill=(200, 30, 60, 255))
    logo_id = services.assets.put(encode_png(logo), kind="product_photo", mime="image/png").id
    import numpy as np

    ad_id = _ad(ctx, photo_id, logo=logo_id)
    assert logo_id in services.assets.get(ad_id).parents
    pixels = np.asarray(Image.open(services.assets.path(ad_id)).convert("RGB"), dtype=int)
    logo_red = np.abs(pixels - np.array([200, 30, 60])).sum(axis=-1) < 30
    assert logo_red.sum() > 2_000  # the logo is drawn, not just recorded
    removed = registry()["edit_image"].invoke({"asset_id": ad_id, "logo": ""}, ctx)
    assert logo_id not in services.assets.get(removed.image.asset_id).parents


def test_variations_look_different_and_placements_match(
    ctx: CapabilityContext, photo_id: str, services: Services
) -> None:
    from itertools import combinations

    from PIL import Image

    from tests.media import phash_distance

    made = registry()["generate_ad_images"].invoke(
        {"product_image": photo_id, "n": 4, "headline": "Go far.", "context": "hiking bottle",
         "placements": ["square", "728x90"]},
        ctx,
    )
    assert [(i.placement, i.width, i.height) for i in made.images[:2]] == [
        ("square", 1080, 1080), ("leaderboard", 728, 90)
    ]
    squares = [Image.open(services.assets.path(i.asset_id)) for i in made.images[::2]]
    distances = [phash_distance(a, b) for a, b in combinations(squares, 2)]
    assert min(distances) >= 16, distances  # measured 26-40 of 64 bits
    # a variation keeps its scene across placements
    assert len({i.theme for i in made.images[0:2]}) == 1


def test_each_variation_gets_its_own_headline_in_turn_and_every_one_is_checked(
    ctx: CapabilityContext, photo_id: str, services: Services
) -> None:
    lines = ["Cold for 24 hours", "Light enough for every hike"]
    made = registry()["generate_ad_images"].invoke(
        {"product_image": photo_id, "n": 3, "headlines": [f" {lines[0]} ", "", lines[1]],
         "headline": "Ignored",
         "subline": "Light enough for every hike", "placements": ["square", "story"]},
        ctx,
    )
    layouts = [services.assets.get(i.asset_id).parameters["layout"] for i in made.images]
    drawn = [{t["role"]: t["text"] for t in layout["texts"]} for layout in layouts]
    assert [d["headline"] for d in drawn] == [lines[0]] * 2 + [lines[1]] * 2 + [lines[0]] * 2
    assert [d.get("subline") for d in drawn[:2]] == ["Light enough for every hike"] * 2
    assert all("subline" not in d for d in drawn[2:4])  # no subline repeating the headline
    with pytest.raises(PolicyViolationError):  # a blocked line among them refuses the call
        registry()["generate_ad_images"].invoke(
            {"product_image": photo_id, "n": 2, "headlines": ["Go far", "Cures cancer"]}, ctx)


# --------------------------------------------------------------------------- image policy


class _ProductTinter:
    """The local engine, except that it tints the product after composing (a bad engine)."""

    def __init__(self, engine: object) -> None:
        self.engine = engine
        self.name = "tinter"

    def __getattr__(self, name: str) -> object:
        return getattr(self.engine, name)

    def render_ad(self, product: object, recipe: object, logo: object = None) -> object:
        import numpy as np
        from PIL import Image

        composition = self.engine.render_ad(product, recipe, logo)  # type: ignore[attr-defined]
        pixels = np.array(composition.image)
        left, top, right, bottom = composition.product_box
        pixels[top:bottom, left:right] = pixels[top:bottom, left:right][..., ::-1]
        composition.image = Image.fromarray(pixels)
        return composition


def test_generated_ads_pass_the_image_policy_and_are_audited(
    ctx: CapabilityContext, photo_id: str, services: Services
) -> None:
    ctx.audit, ctx.tenant, ctx.thread = services.audit, "default", "t9"
    result = registry()["generate_ad_images"].invoke(
        {"product_image": photo_id, "n": 2, "headline": "Cold for 24 hours.",
         "placements": ["square", "story"]}, ctx)
    assert len(result.images) == 4 and all(image.findings == [] for image in result.images)
    assert services.audit is not None
    for image in result.images:
        (entry,) = services.audit.for_asset(image.asset_id, "default")
        assert (entry.subject, entry.stage, entry.decision) == ("image", "output", "pass")
        assert entry.digest == ctx.assets.get(image.asset_id).sha256 and entry.thread == "t9"
    copy = [e for e in services.audit.for_thread("t9", "default") if e.subject == "text"]
    assert [e.decision for e in copy] == ["pass"]  # the headline


def test_an_ad_whose_product_was_altered_is_refused_and_nothing_is_stored(
    ctx: CapabilityContext, photo_id: str, services: Services
) -> None:

    ctx.audit, ctx.thread = services.audit, "t7"
    ctx.engines = dataclasses.replace(ctx.engines, images=_ProductTinter(ctx.engines.images))
    with pytest.raises(PolicyViolationError, match="differs from the advertiser's photo"):
        registry()["generate_ad_images"].invoke({"product_image": photo_id, "n": 2}, ctx)
    assert "ad_image" not in {a.kind for a in ctx.assets.list()}
    assert services.audit is not None
    blocks = [e for e in services.audit.for_thread("t7", "default") if e.subject == "image"]
    assert [(e.decision, e.asset_id) for e in blocks] == [("block", None), ("block", None)]
    assert blocks[0].findings[0].rule_id == "image.fidelity"


def test_an_upscaled_edit_keeps_passing_the_fidelity_check(
    ctx: CapabilityContext, photo_id: str
) -> None:
    made = registry()["generate_ad_images"].invoke({"product_image": photo_id, "n": 1}, ctx)
    edited = registry()["edit_image"].invoke(
        {"asset_id": made.images[0].asset_id, "upscale": 2, "remove_region": [0, 0, 0.2, 0.2]},
        ctx,
    )
    assert (edited.image.width, edited.image.findings) == (2160, [])


def test_image_policy_warnings_travel_with_the_result(
    ctx: CapabilityContext, services: Services
) -> None:
    small = bottle_on_white()[0].resize((320, 400))
    photo = services.assets.put(encode_png(small), kind="product_photo", mime="image/png",
                                width=320, height=400)
    warmer = registry()["edit_image"].invoke({"asset_id": photo.id, "warmth": 0.3}, ctx)
    assert [(f.rule_id, f.severity) for f in warmer.image.findings] == [
        ("image.resolution", "warn")
    ]
    assert warmer.notes and warmer.notes[0].startswith("The new version: The image is only")


def test_a_photo_is_cut_out_once_and_every_later_call_uses_that_cutout(
    ctx: CapabilityContext, photo_id: str, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = registry()["generate_ad_images"].invoke({"product_image": photo_id, "n": 1}, ctx)
    calls: list[object] = []
    real = services.engines.images.cut_out
    monkeypatch.setattr(services.engines.images, "cut_out",
                        lambda image: calls.append(image) or real(image))
    again = registry()["generate_ad_images"].invoke({"product_image": photo_id, "n": 1}, ctx)
    as_is = registry()["generate_ad_images"].invoke(
        {"product_image": photo_id, "n": 1, "photo_as_is": True}, ctx)
    assert again.cutout_id == first.cutout_id and not calls  # the stored cutout, not a new one
    assert as_is.cutout_id != first.cutout_id  # "as is" is another cutout of the same photo
    cutouts = services.assets.derived(photo_id, "product_cutout", "default")
    assert {c.id for c in cutouts} == {first.cutout_id, as_is.cutout_id}
    assert services.assets.derived(photo_id, "product_cutout", "other-tenant") == []
