"""The workspace's ads: captions, the requests its actions send, and the ZIP of all."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from langchain_core.messages import HumanMessage

from agent.planner.local import plan
from agent.runtime import AgentRuntime
from agent.toolkit import make_tools
from core.errors import CapabilityError
from core.storage.assets import Asset
from evals.recipes import bottle_on_white
from tests.media import save_jpeg
from tools.capabilities.lineage import theme_and_placement
from tools.sdk import ThreadGallery
from ui.app import ChatController
from ui.workspace import (
    ACTIONS,
    BUSY,
    SELECT_FIRST,
    ZIP_NAME,
    ShownAd,
    action_request,
    ad_caption,
    ad_details,
    ad_file,
    newest_first,
    number_of_caption,
    theme_words,
    zip_all,
)

BRIEF = "Insulated steel water bottle, 750 ml, keeps drinks cold 24 h, for hikers"


def _ad(asset_id: str, **kw: Any) -> Asset:
    return Asset(id=asset_id, kind="ad_image", mime="image/png", size=1, sha256="0" * 64,
                 created=datetime.now(UTC), **kw)


def test_each_action_names_the_ad_by_its_number() -> None:
    assert action_request("resize", 2, "story") == "Resize #2 to story"
    assert action_request("vary", 7) == "More like #7"
    assert all(f"#{3}" in action_request(action, 3) for action in ACTIONS)


@pytest.mark.parametrize(("action", "number", "placement"), [
    ("resize", None, "story"), ("warmer", 0, "story"), ("shout", 2, "story"),
    ("resize", 2, "billboard"),
])
def test_an_action_never_guesses(action: str, number: int | None, placement: str) -> None:
    with pytest.raises(ValueError) as error:
        action_request(action, number, placement)
    if number is None or number < 1:
        assert str(error.value) == SELECT_FIRST


def test_a_caption_reads_back_its_number() -> None:
    assert number_of_caption("#12 · story · Beach") == 12
    assert number_of_caption(" #3") == 3
    assert number_of_caption("Live image of #3") is None
    assert number_of_caption(None) is None
    assert ad_details("#4 · square").replace("\\", "") == "Selected: #4 · square"
    # the caption carries the headline: a remote image or a link in it stays text
    shown = ad_details("#2 · “![x](https://evil.example/t.png) [click](https://evil.example)”")
    assert "![x](" not in shown and "](https://" not in shown
    assert ad_details("no number") == SELECT_FIRST
    assert theme_words("hiking-trail") == "Hiking trail"


def test_an_uncomposed_image_keeps_its_caption_and_an_edit_names_its_source() -> None:
    first = _ad("img_a", caption="Beach · square", width=1080, height=1080)
    edit = _ad("img_b", caption="warmer", parents=["img_a"], capability="edit_image")
    numbers = {"img_a": 1, "img_b": 2}
    assert ad_caption(ShownAd(first, 1), numbers, "Mug") == "#1 · Beach · square · 1080x1080 · Mug"
    assert ad_caption(ShownAd(edit, 2), numbers) == "#2 · edit of #1 · warmer"
    ads = [ShownAd(first, 1), ShownAd(edit, 2)]
    assert [ad.number for ad in newest_first(ads)] == [2, 1]


@pytest.fixture
def made(runtime: AgentRuntime, tmp_path: Path) -> tuple[ChatController, str]:
    """A thread with 4 ads made from a brief and a photo (the local engine)."""
    photo = save_jpeg(bottle_on_white()[0], tmp_path / "bottle.jpg")
    controller = ChatController(runtime)
    *_, (_history, _box, thread, _brief, gallery) = controller.respond(
        {"text": BRIEF, "files": [str(photo)]}, [], None
    )
    assert len(gallery) == 4
    return controller, thread


def test_the_gallery_shows_the_newest_first_with_full_captions(
    made: tuple[ChatController, str],
) -> None:
    controller, thread = made
    _brief, gallery = controller.workspace(thread)
    assert [number_of_caption(caption) for _, caption in gallery] == [4, 3, 2, 1]
    for path, caption in gallery:
        asset = next(a for a, n in controller.panel_ads(thread)
                     if controller.runtime.services.assets.path(a.id) == Path(path))
        theme, placement = theme_and_placement(asset)
        assert f" · {placement} · {theme_words(theme)} · " in caption
        assert caption.endswith("Insulated steel water bottle")  # the alt text names it
        assert f"{asset.width}x{asset.height}" in caption


def test_the_planner_runs_the_tool_each_action_asks_for(
    made: tuple[ChatController, str],
) -> None:
    controller, thread = made
    state = controller.runtime.state(thread)
    assert state is not None
    second = next(a for a, n in controller.panel_ads(thread) if n == 2)
    tools = [tool.name for tool in make_tools()]

    def call(action: str, placement: str = "story") -> dict[str, Any]:
        request = HumanMessage(action_request(action, 2, placement))
        calls = plan([*state.messages, request], tools).tool_calls
        assert len(calls) == 1, calls
        return {"name": calls[0]["name"], **calls[0]["args"]}

    theme, _placement = theme_and_placement(second)
    assert call("resize") == {"name": "edit_image", "asset_id": second.id, "placement": "story"}
    assert call("resize", "landscape")["placement"] == "landscape"
    assert call("warmer")["warmth"] > 0 and call("cooler")["warmth"] < 0
    assert call("darker")["brightness"] < 0
    assert call("animate") == {"name": "animate_image", "asset_id": second.id}
    assert call("delete") == {"name": "delete_images", "asset_ids": [second.id]}
    vary = call("vary")
    assert (vary["name"], vary["theme"]) == ("generate_ad_images", theme)
    video = call("video")
    assert (video["name"], video["theme"]) == ("write_storyboard", theme)
    first = next(a for a, n in controller.panel_ads(thread) if n == 1)
    headline = second.parameters["recipe"]["headline"]  # what #2 says, not #1
    assert headline and headline != first.parameters["recipe"]["headline"]
    assert video["headline"] == headline


def test_an_action_without_a_selected_ad_sends_nothing(made: tuple[ChatController, str]) -> None:
    controller, thread = made
    before = len(controller.runtime.state(thread).messages)  # type: ignore[union-attr]
    *_, (history, *_rest) = controller.act("warmer", None, "story", [], thread)
    assert history[-1]["content"] == SELECT_FIRST
    assert len(controller.runtime.state(thread).messages) == before  # type: ignore[union-attr]


def test_download_all_zips_every_ad_of_the_thread(made: tuple[ChatController, str],
                                                  tmp_path: Path) -> None:
    controller, thread = made
    runtime = controller.runtime
    path = zip_all(runtime.services.assets, runtime.settings.tenant, runtime.gallery(thread),
                   tmp_path)
    with zipfile.ZipFile(path) as archive:
        rows = list(csv.DictReader(io.StringIO(archive.read("manifest.csv").decode())))
        assert sorted(int(row["number"]) for row in rows) == [1, 2, 3, 4]
        assert all(archive.read(row["file"])[:8] == b"\x89PNG\r\n\x1a\n" for row in rows)
    assert controller.zip_all(thread).value is not None
    second = next(a for a, n in controller.panel_ads(thread) if n == 2)
    theme, _placement = theme_and_placement(second)
    one = ad_file(runtime.services.assets, ShownAd(second, 2), tmp_path)
    assert one.name == f"ad-02-{theme}.png"
    assert one.read_bytes() == runtime.services.assets.read(second.id)


def test_download_all_of_an_empty_thread_says_so(runtime: AgentRuntime, tmp_path: Path) -> None:
    with pytest.raises(CapabilityError, match="no ads"):
        zip_all(runtime.services.assets, runtime.settings.tenant, ThreadGallery(), tmp_path)
    assert ChatController(runtime).zip_all("unknown").visible is False


def test_an_action_during_a_run_is_refused(made: tuple[ChatController, str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    controller, thread = made
    before = len(controller.runtime.state(thread).messages)  # type: ignore[union-attr]
    monkeypatch.setattr(controller.runtime, "running", lambda thread_id: thread_id == thread)
    *_, (history, *_rest) = controller.act("warmer", 2, "story", [], thread)
    assert history[-1]["content"] == BUSY
    assert len(controller.runtime.state(thread).messages) == before  # type: ignore[union-attr]


def test_downloads_reuse_one_folder_per_thread(made: tuple[ChatController, str]) -> None:
    controller, thread = made
    first, again = controller.ad_path(thread, 2), controller.ad_path(thread, 2)
    assert first is not None and first == again  # replaced, not copied again
    controller.zip_all(thread)
    assert (Path(first).parent / ZIP_NAME).is_file()  # the ZIP lands beside it, replaced too


def test_a_video_from_an_ad_without_its_headline_has_none(
    made: tuple[ChatController, str],
) -> None:
    controller, thread = made
    state = controller.runtime.state(thread)
    assert state is not None
    tools = [tool.name for tool in make_tools()]
    calls = plan([*state.messages, HumanMessage("Make a video from #2 without the headline")],
                 tools).tool_calls
    assert [c["name"] for c in calls] == ["write_storyboard"]
    assert "headline" not in calls[0]["args"]  # not #2's: the user asked for none
