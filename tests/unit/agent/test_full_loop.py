"""The whole local loop: a drawn product photo and a brief → features → 4 ad images."""

from __future__ import annotations

import numpy as np
from PIL import Image

from agent.events import AssetEvent, DoneEvent, TextEvent, ToolEndEvent, ToolStartEvent
from agent.runtime import AgentRuntime
from core.images import encode_png
from evals.recipes import bottle_on_white
from tests.checks import product_pixels_intact

BRIEF = (
    "Insulated steel water bottle, 750 ml, keeps drinks cold 24 h. Summer hiking campaign "
    "for young adults, energetic tone"
)


def test_photo_and_brief_give_features_and_four_intact_ads(runtime: AgentRuntime) -> None:
    photo = runtime.upload(encode_png(bottle_on_white()[0]), "bottle.png")
    events = list(runtime.stream(runtime.new_thread(), BRIEF, [photo]))

    started = [e.name for e in events if isinstance(e, ToolStartEvent)]
    assert started == ["update_brief", "extract_features", "generate_ad_images"]
    assert all(e.ok for e in events if isinstance(e, ToolEndEvent))
    images = [e for e in events if isinstance(e, AssetEvent)]
    assert [e.kind for e in images] == ["ad_image"] * 4
    assert isinstance(events[-1], DoneEvent)
    reply = "\n".join(e.text for e in events if isinstance(e, TextEvent))
    assert "750 ml" in reply and "4 ad variations" in reply and "engine" not in reply

    store = runtime.services.assets
    sizes = set()
    for event in images:
        with Image.open(event.path) as ad:
            sizes.add(ad.size)
        opaque, differ = product_pixels_intact(store, event.asset_id)
        assert opaque > 10_000 and differ == 0
    assert sizes == {(1080, 1080)}
    # Four different pictures, not one picture four times.
    assert len({store.get(e.asset_id).sha256 for e in images}) == 4


def test_follow_up_edit_makes_a_new_warmer_version(runtime: AgentRuntime) -> None:
    photo = runtime.upload(encode_png(bottle_on_white()[0]), "bottle.png")
    thread = runtime.new_thread()
    images = [e for e in runtime.stream(thread, BRIEF, [photo]) if isinstance(e, AssetEvent)]
    events = list(runtime.stream(
        thread, "make the second one warmer and add the headline 'Stay cold. Go far.'"
    ))
    edits = [e for e in events if isinstance(e, AssetEvent)]
    assert len(edits) == 1
    store = runtime.services.assets
    edited = store.get(edits[0].asset_id)
    assert edited.parents[0] == images[1].asset_id
    assert edited.parameters["recipe"]["headline"] == "Stay cold. Go far."
    assert edited.parameters["recipe"]["warmth"] > 0
    assert product_pixels_intact(store, edited.id)[1] == 0
    before = np.asarray(Image.open(images[1].path).convert("RGB"), dtype=float)
    after = np.asarray(Image.open(edits[0].path).convert("RGB"), dtype=float)
    warmth = lambda a: float((a[..., 0] - a[..., 2]).mean())  # noqa: E731
    assert warmth(after) > warmth(before) + 2


def test_one_numbering_in_chat_labels_and_the_agent(runtime: AgentRuntime) -> None:
    photo = runtime.upload(encode_png(bottle_on_white()[0]), "bottle.png")
    thread = runtime.new_thread()
    first = [e for e in runtime.stream(thread, BRIEF, [photo]) if isinstance(e, AssetEvent)]
    edit = [e for e in runtime.stream(thread, "make #2 warmer") if isinstance(e, AssetEvent)]
    more = [e for e in runtime.stream(thread, "generate 2 more in a beach theme")
            if isinstance(e, AssetEvent)]
    events = list(runtime.stream(thread, "make #6 cooler"))
    last = [e for e in events if isinstance(e, AssetEvent)]
    assert [e.number for e in first + edit + more + last] == list(range(1, 9))
    assert edit[0].label.startswith("#5 · edit of #2")
    assert last[0].label.startswith("#8 · edit of #6")
    assert runtime.services.assets.get(last[0].asset_id).parents[0] == more[0].asset_id
    reply = " ".join(e.text for e in events if isinstance(e, TextEvent))
    assert "#8: a new version of #6" in reply
    assert runtime.ad_numbers(thread) == {
        e.asset_id: e.number for e in first + edit + more + last
    }


def _wall_lightness(path: str) -> float:
    """Mean CIELAB L* of the band round the top of an ad, where its backdrop wall shows."""
    with Image.open(path) as ad:
        rgb = np.asarray(ad.convert("RGB"))
    band = np.concatenate([rgb[:80].reshape(-1, 3), rgb[:540, :80].reshape(-1, 3),
                           rgb[:540, -80:].reshape(-1, 3)])
    lab = np.asarray(Image.fromarray(band[None]).convert("LAB"), dtype=float)
    return float(lab[..., 0].mean()) / 255 * 100


def test_a_darker_background_is_plainly_darker_and_even_darker_darkens_again(
    runtime: AgentRuntime,
) -> None:
    photo = runtime.upload(encode_png(bottle_on_white()[0]), "bottle.png")
    thread = runtime.new_thread()
    first = [e for e in runtime.stream(thread, BRIEF, [photo]) if isinstance(e, AssetEvent)][0]
    walls = [_wall_lightness(first.path)]
    for ask in ("a version of #1 with a darker background", "even darker background on #5"):
        made = [e for e in runtime.stream(thread, ask) if isinstance(e, AssetEvent)]
        assert len(made) == 1
        walls.append(_wall_lightness(made[0].path))
        assert product_pixels_intact(runtime.services.assets, made[0].asset_id)[1] == 0
    # each step is a change anyone sees side by side (L* 100 is white)
    assert walls[1] < walls[0] - 10 and walls[2] < walls[1] - 5


def test_the_suggested_headline_is_not_the_one_the_ad_has(runtime: AgentRuntime) -> None:
    # each ad of a set carries its own headline idea: "add the headline X" to #2 offered #2's
    photo = runtime.upload(encode_png(bottle_on_white()[0]), "bottle.png")
    events = list(runtime.stream(runtime.new_thread(), BRIEF, [photo]))
    second = [e for e in events if isinstance(e, AssetEvent) and e.kind == "ad_image"][1]
    layout = runtime.services.assets.get(second.asset_id).parameters["layout"]
    drawn = " ".join(t["text"] for t in layout["texts"] if t["role"] == "headline")
    reply = "\n".join(e.text for e in events if isinstance(e, TextEvent))
    suggested = reply.split('add the headline "', 1)[1].split('"', 1)[0]
    assert suggested and " ".join(suggested.split()) != " ".join(drawn.split())
