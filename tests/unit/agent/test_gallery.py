"""A thread's gallery: undo, downloads and removals in a chat, numbers never shifting."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from langchain_core.messages import AIMessage, BaseMessage, ToolMessage
from langchain_core.outputs import ChatResult
from langgraph.checkpoint.memory import InMemorySaver

from agent.events import AssetEvent, Event, ToolEndEvent
from agent.gallery import job_videos, thread_gallery
from agent.runtime import SERIALIZER, AgentRuntime
from core.images import encode_png
from core.settings import Settings
from core.storage.assets import AssetStore
from core.storage.jobs import VideoJob, VideoJobStore
from evals.recipes import bottle_on_white
from tests.fakes import ScriptedChatModel
from tools.sdk import ThreadGallery
from tools.services import Services

Reply = AIMessage | Callable[[list[BaseMessage]], AIMessage]


class ReactiveChatModel(ScriptedChatModel):
    """A scripted model whose replies may read the conversation (to name new asset ids)."""

    def _generate(self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None,
                  **kwargs: Any) -> ChatResult:
        if self.replies and callable(self.replies[0]):
            self.replies[0] = self.replies[0](messages)
        return super()._generate(messages, stop, run_manager, **kwargs)


def call(name: str, args: dict[str, Any], call_id: str) -> AIMessage:
    return AIMessage("", tool_calls=[{"name": name, "args": args, "id": call_id,
                                      "type": "tool_call"}])


def artifact(messages: list[BaseMessage], name: str) -> dict[str, Any]:
    found = [m for m in messages if isinstance(m, ToolMessage) and m.name == name]
    assert found and found[-1].status != "error", found[-1].content if found else name
    data: dict[str, Any] = found[-1].artifact
    return data


def put_ad(store: AssetStore, parents: Sequence[str] = (), edit: bool = False) -> str:
    return store.put(b"png", kind="ad_image", mime="image/png", parents=list(parents),
                     capability="edit_image" if edit else "generate_ad_images").id


def shown(name: str, asset_ids: list[str], one: bool = False) -> ToolMessage:
    data = ({"image": {"asset_id": asset_ids[0]}} if one
            else {"images": [{"asset_id": i} for i in asset_ids]})
    return ToolMessage(content="ok", name=name, tool_call_id=name, artifact=data)


def test_the_current_version_is_the_one_shown_last_and_removals_hold_until_shown_again(
    services: Services,
) -> None:
    store = services.assets
    first, second = put_ad(store), put_ad(store)
    edit = put_ad(store, [first], edit=True)
    messages: list[BaseMessage] = [shown("generate_ad_images", [first, second]),
                                   shown("edit_image", [edit], one=True)]
    assets = [first, second, edit]
    made = thread_gallery(messages, assets, store)
    assert made.numbers == {first: 1, second: 2, edit: 3}
    assert made.current == (second, edit)  # the edit replaced #1 in its line
    messages.append(shown("revert_image", [first], one=True))
    assert thread_gallery(messages, assets, store).current == (first, second)
    removal = ToolMessage(content="ok", name="delete_images", tool_call_id="d",
                          artifact={"removed": [second]})
    after = thread_gallery([*messages, removal], assets, store)
    assert (after.current, after.removed) == ((first,), frozenset({second}))
    assert after.numbers == made.numbers  # nobody is renumbered
    again = thread_gallery([*messages, removal, shown("revert_image", [second], one=True)],
                           assets, store)
    assert (again.current, again.removed) == ((first, second), frozenset())
    failed = ToolMessage(content="Error", name="delete_images", tool_call_id="x",
                         status="error", artifact={"removed": [first]})
    assert thread_gallery([*messages, failed], assets, store).current == (first, second)


def test_an_ad_deleted_for_good_keeps_its_number_but_leaves_the_gallery(
    services: Services,
) -> None:
    store = services.assets
    first, second = put_ad(store), put_ad(store)
    assert store.delete(first, "default")
    gallery = thread_gallery([shown("generate_ad_images", [first, second])], [first, second],
                             store)
    assert gallery.numbers == {first: 1, second: 2} and gallery.current == (second,)


def test_the_gallery_lists_the_threads_live_images_and_videos(services: Services) -> None:
    store = services.assets
    first = put_ad(store)
    live = store.put(b"live", kind="live_image", mime="video/mp4", parents=[first]).id
    board = store.put(b"{}", kind="storyboard", mime="application/json").id
    video = store.put(b"video", kind="video_ad", mime="video/mp4", parents=[board]).id
    remote = store.put(b"remote", kind="video", mime="video/mp4", parents=[first]).id
    gone = store.put(b"gone", kind="live_image", mime="video/mp4", parents=[first]).id
    assert store.delete(gone, "default")
    made = thread_gallery([shown("generate_ad_images", [first])],
                          [first, live, board, gone, video], store, videos=[remote])
    assert isinstance(made, ThreadGallery)
    assert made.numbers[first] == 1  # live images and videos get no #number
    assert not {live, video, remote} & set(made.numbers)
    assert made.motion == (live, video, remote)


def test_live_images_and_videos_are_listed_oldest_first_a_remote_jobs_video_too(
    services: Services,
) -> None:
    store = services.assets
    first = put_ad(store)
    remote = store.put(b"remote, made first", kind="video", mime="video/mp4", parents=[first]).id
    live = store.put(b"live, made second", kind="live_image", mime="video/mp4",
                     parents=[first]).id
    made = thread_gallery([shown("generate_ad_images", [first])], [first, live], store,
                          videos=[remote])  # the job's video comes last, but it is older
    assert made.motion == (remote, live)


def test_job_videos_are_the_completed_jobs_of_the_thread_for_the_callers_tenant(
    tmp_path: Path,
) -> None:
    jobs = VideoJobStore(tmp_path / "jobs.sqlite")

    def job(asset: str | None, status: str = "completed", tenant: str = "default",
            thread: str = "t") -> None:
        jobs.create(VideoJob.model_validate({
            "kind": "animation", "engine": "nova-reel", "model_id": "m", "status": status,
            "tenant": tenant, "thread": thread, "asset_id": asset}))

    job("vid_0000000001")
    job("vid_0000000002", status="in_progress")  # not delivered yet
    job(None, status="failed")
    job("vid_0000000003", tenant="acme")  # another tenant's job on a thread of that id
    job("vid_0000000004", thread="other")
    job("vid_0000000005")
    assert job_videos(jobs, "t", "default") == ["vid_0000000001", "vid_0000000005"]
    assert job_videos(jobs, "t", "acme") == ["vid_0000000003"]
    assert job_videos(None, "t", "default") == [] and job_videos(jobs, "", "default") == []


def test_undo_download_and_delete_in_a_chat(settings: Settings, services: Services) -> None:
    from ui.app import ChatController, apply_event
    from ui.history import rebuild

    photo = services.assets.put(encode_png(bottle_on_white()[0]), kind="product_photo",
                                mime="image/png")
    model = ReactiveChatModel(replies=[
        call("generate_ad_images", {"product_image": photo.id, "n": 2, "theme": "marble"},
             "g1"),
        lambda m: call("edit_image", {"asset_id": artifact(m, "generate_ad_images")["images"][0]
                                      ["asset_id"], "warmth": 0.4}, "e1"),
        AIMessage("Made two and a warmer #1."),
        lambda m: call("revert_image", {"asset_id": artifact(m, "edit_image")["image"]
                                        ["asset_id"]}, "r1"),
        AIMessage("Back to #1."),
        call("download_images", {}, "z1"),
        AIMessage("Here is the ZIP."),
        lambda m: call("delete_images", {"asset_ids": [artifact(m, "generate_ad_images")
                                                       ["images"][1]["asset_id"]]}, "d1"),
        AIMessage("Removed #2."),
        call("download_images", {}, "z2"),
        AIMessage("Here is the ZIP."),
    ])
    runtime = AgentRuntime(settings, services=services, chat_model=model,
                           checkpointer=InMemorySaver(serde=SERIALIZER))
    made = list(runtime.stream("t", "two ads, then the first warmer"))
    first, second, warmer = (e.asset_id for e in made if isinstance(e, AssetEvent))
    numbers = {first: 1, second: 2, warmer: 3}
    assert runtime.ad_numbers("t") == numbers

    undo = list(runtime.stream("t", "undo that"))
    assert ended(undo) == [("revert_image", True)]
    [back] = [e for e in undo if isinstance(e, AssetEvent)]
    assert (back.asset_id, back.number) == (first, 1)  # shown again, under its own number
    assert back.label.startswith("#1 · ")
    assert runtime.ad_numbers("t") == numbers

    zipped = list(runtime.stream("t", "download them"))
    [archive] = [e for e in zipped if isinstance(e, AssetEvent)]
    assert (archive.kind, archive.mime, archive.number) == ("archive", "application/zip", None)
    assert zip_files(services, archive.asset_id) == {  # every numbered ad, #3 too
        "ad-01-marble.png": services.assets.read(first),  # the version the undo went to
        "ad-02-marble.png": services.assets.read(second),
        "ad-03-marble.png": services.assets.read(warmer),
    }
    history: list[dict[str, Any]] = []
    for event in [*undo, *zipped]:
        apply_event(history, event)
    contents = [m["content"] for m in history]
    assert {"path": back.path, "alt_text": back.label} in contents
    assert {"path": archive.path, "alt_text": archive.label} in contents  # a file to download

    removed = list(runtime.stream("t", "delete #2"))
    assert ended(removed) == [("delete_images", True)]
    assert runtime.ad_numbers("t") == numbers  # nothing renumbered
    _brief, panel = ChatController(runtime).side_panel("t")
    assert [label.split(" · ")[0] for _, label in panel] == ["#1", "#3"]
    again = [e for e in runtime.stream("t", "download again") if isinstance(e, AssetEvent)]
    assert list(zip_files(services, again[0].asset_id)) == ["ad-01-marble.png",
                                                            "ad-03-marble.png"]
    state = runtime.state("t")
    assert state is not None
    reloaded = [m["content"] for m in rebuild(list(state.messages), services.assets, numbers)]
    assert {"path": back.path, "alt_text": back.label} in reloaded  # the undo, after a reload


def ended(events: list[Event]) -> list[tuple[str, bool]]:
    return [(e.name, e.ok) for e in events if isinstance(e, ToolEndEvent)]


def zip_files(services: Services, asset_id: str) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(services.assets.read(asset_id))) as archive:
        return {n: archive.read(n) for n in archive.namelist() if n.endswith(".png")}
