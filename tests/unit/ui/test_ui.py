"""The UI's handlers without a server: events rendered into the chat, bad input handled."""

from __future__ import annotations

from pathlib import Path

import gradio as gr
import pytest

from agent.events import AssetEvent, ErrorEvent, ProgressEvent, ToolEndEvent, ToolStartEvent
from agent.runtime import AgentRuntime
from evals.recipes import bottle_on_white
from tests.media import save_jpeg
from ui.app import NO_CHECKS, STILL_RUNNING, ChatController, apply_event, checks_markdown


def test_tool_steps_become_collapsible_messages_with_status() -> None:
    history: list[dict] = []
    apply_event(history, ToolStartEvent(call_id="c1", name="generate_ad_images",
                                        args={"n": 4, "context": "long brief"}))
    assert history[0]["metadata"]["status"] == "pending"
    assert "long brief" not in history[0]["content"] and "- **Ads:** 4" in history[0]["content"]
    apply_event(history, ProgressEvent(name="generate_ad_images", done=2, total=4,
                                       message="Rendered 2 of 4"))
    assert history[0]["metadata"]["log"] == "Rendered 2 of 4 (2/4)"
    apply_event(history, ToolEndEvent(call_id="c1", name="generate_ad_images", ok=False,
                                      summary="Error: no photo", seconds=0.5))
    assert (history[0]["metadata"]["status"], history[0]["metadata"]["duration"]) == ("done", 0.5)
    assert history[0]["content"] == "⚠️ Error: no photo"


def test_images_and_errors_render_inline(tmp_path: Path) -> None:
    history: list[dict] = []
    apply_event(history, AssetEvent(asset_id="img_1", kind="ad_image", mime="image/png",
                                    path="/x/a.png", caption="Variation 1", number=1,
                                    label="#1 · Variation 1"))
    apply_event(history, AssetEvent(asset_id="img_2", kind="product_cutout", mime="image/png",
                                    path="/x/c.png"))
    apply_event(history, ErrorEvent(message="The model call failed."))
    assert history[0]["content"] == {"path": "/x/a.png", "alt_text": "#1 · Variation 1"}
    assert len(history) == 2 and history[1]["content"] == "⚠️ The model call failed."


def test_an_empty_message_asks_for_a_brief(runtime: AgentRuntime) -> None:
    *_, (history, _box, thread, _brief, _gallery) = ChatController(runtime).respond(
        {"text": "   ", "files": []}, [], None
    )
    assert history == [{"role": "assistant", "content": "Type a brief or attach a product photo."}]
    assert thread and runtime.state(thread) is None


def test_a_message_to_a_conversation_mid_turn_elsewhere_waits_and_is_kept(
    runtime: AgentRuntime, monkeypatch: pytest.MonkeyPatch,
) -> None:
    # two tabs on one conversation: the second must not start a second run on the thread
    thread = runtime.new_thread()
    monkeypatch.setattr(runtime, "running", lambda thread_id: thread_id == thread)
    started: list[str] = []
    monkeypatch.setattr(runtime, "stream", lambda *args, **kwargs: started.append("run"))
    message = {"text": "make #2 warmer", "files": []}
    (history, box, same, _brief, _gallery), = ChatController(runtime).respond(
        message, [], thread)
    assert started == [] and same == thread
    assert history == [{"role": "assistant", "content": STILL_RUNNING}]
    assert box.value == message  # the typed message stays in the box


def test_a_broken_upload_is_reported_and_the_text_still_runs(runtime: AgentRuntime,
                                                             tmp_path: Path) -> None:
    broken = tmp_path / "photo.jpg"
    broken.write_bytes(b"\xff\xd8\xff not a jpeg at all")
    *_, (history, *_rest) = ChatController(runtime).respond(
        {"text": "what can you do?", "files": [str(broken)]}, [], None
    )
    texts = [m["content"] for m in history if isinstance(m["content"], str)]
    assert any("photo\\.jpg" in t and "not a readable image" in t for t in texts)  # escaped
    assert "product photo" in texts[-1]


def test_the_side_panel_shows_the_brief_and_ads(runtime: AgentRuntime, tmp_path: Path) -> None:
    photo = save_jpeg(bottle_on_white()[0], tmp_path / "bottle.jpg")
    controller = ChatController(runtime)
    *_, (_history, _box, thread, brief, gallery) = controller.respond(
        {"text": "Insulated steel water bottle, 750 ml, for hikers", "files": [str(photo)]},
        [], None,
    )
    assert brief["product_name"] == "Insulated steel water bottle"
    assert [caption.split(" · ")[0] for _path, caption in gallery] == ["#4", "#3", "#2", "#1"]
    assert not [caption for _path, caption in gallery if "Variation" in caption]  # one number
    first = controller.checks(thread, 1)
    assert first.startswith("✅ **pass** · local `image-") and "UTC" in first
    assert controller.checks(thread, 9) == controller.checks(None, 1) == NO_CHECKS
    assert controller.new_conversation()[2] != thread


def test_policy_checks_list_each_finding_with_its_region() -> None:
    from core.findings import Finding
    from policy.audit import AuditEntry

    finding = Finding(rule_id="image.contrast", severity="warn", span=(0, 0), excerpt="headline",
                      reason="The headline is hard to read (2.1:1).", fix="Use a darker ink.",
                      region=(10, 20, 300, 80))
    entry = AuditEntry(stage="output", subject="image", digest="ab", policy_version="image-1",
                       decision="warn", findings=[finding])
    text = checks_markdown([entry])
    assert text.splitlines()[0].startswith("⚠️ **warn** · local `image-1`")
    assert text.splitlines()[1] == ("  - `image.contrast` at (10,20)–(300,80): The headline is "
                                    "hard to read (2.1:1). → Use a darker ink.")


def test_a_reloaded_page_gets_its_conversation_back(runtime: AgentRuntime,
                                                    tmp_path: Path) -> None:
    photo = save_jpeg(bottle_on_white()[0], tmp_path / "bottle.jpg")
    controller = ChatController(runtime)
    *_, (live, _box, thread, _brief, _gallery) = controller.respond(
        {"text": "Insulated steel water bottle, 750 ml, for hikers", "files": [str(photo)]},
        [], "browser-thread",
    )
    history, restored_thread, brief, gallery = controller.restore(thread)
    assert restored_thread == "browser-thread" and brief["product_name"]
    images = [m["content"] for m in history if isinstance(m["content"], dict)]
    assert [i["alt_text"].split(" · ")[0] for i in images[1:]] == ["#1", "#2", "#3", "#4"]
    assert images[0]["path"].endswith(".jpg")  # the uploaded JPEG, kept as JPEG in the store
    steps = [m for m in history if m.get("metadata")]
    assert [s["metadata"]["status"] for s in steps] == ["done"] * 3
    assert all(s["content"].startswith("✅") for s in steps)
    texts = [m["content"] for m in history if isinstance(m["content"], str)]
    live_texts = [m["content"] for m in live if isinstance(m["content"], str)]
    assert texts[-1] == live_texts[-1]  # the final reply is the same
    assert len(gallery) == 4
    fresh = controller.restore(None)
    assert fresh[0] == [] and fresh[1] != thread


def test_a_reload_keeps_edit_labels(runtime: AgentRuntime, tmp_path: Path) -> None:
    photo = save_jpeg(bottle_on_white()[0], tmp_path / "bottle.jpg")
    controller = ChatController(runtime)
    *_, (_h, _b, thread, *_rest) = controller.respond(
        {"text": "Insulated steel water bottle, 750 ml, for hikers", "files": [str(photo)]},
        [], "t-edits",
    )
    *_, (live, *_rest) = controller.respond({"text": "make #2 warmer", "files": []}, [], thread)
    history, *_ = controller.restore(thread)
    labels = [m["content"]["alt_text"] for m in history if isinstance(m["content"], dict)]
    live_labels = [m["content"]["alt_text"] for m in live if isinstance(m["content"], dict)]
    assert labels[-1] == live_labels[-1] and labels[-1].startswith("#5 · edit of #2")


# --- cost: confirmation before paid work, turn cost under the reply ---------------------------

def _priced_runtime(runtime: AgentRuntime) -> AgentRuntime:
    """The same runtime with local images priced at $0.50 (four ads: $2 > $1 threshold)."""
    from langgraph.checkpoint.memory import InMemorySaver

    from agent.runtime import SERIALIZER
    from tools.services import build_services

    settings = runtime.settings.with_changes(prices={"local/image": 0.5}, confirm_above_usd=1.0)
    return AgentRuntime(settings, services=build_services(settings),
                        checkpointer=InMemorySaver(serde=SERIALIZER))


def test_paid_work_asks_first_and_confirm_streams_the_rest(runtime: AgentRuntime,
                                                           tmp_path: Path) -> None:
    priced = _priced_runtime(runtime)
    photo = save_jpeg(bottle_on_white()[0], tmp_path / "bottle.jpg")
    controller = ChatController(priced)
    *_, (history, box, thread, _brief, gallery) = controller.respond(
        {"text": "Insulated steel water bottle, 750 ml, for hikers", "files": [str(photo)]},
        [], "t-cost",
    )
    assert "💳 This will cost about $2.00" in history[-1]["content"]
    assert "Confirm" in history[-1]["content"] and gallery == []
    assert controller.confirmation(thread).visible is True
    steps = [m for m in history if (m.get("metadata") or {}).get("status") == "pending"]
    assert steps  # the image step waits
    restored, *_ = controller.restore(thread)  # a reload shows the question again
    assert restored[-1]["content"].startswith("💳") and "waiting" in " ".join(
        str(m["content"]) for m in restored)
    *_, (history, box, thread, _brief, gallery) = controller.approve(history, thread)
    assert len(gallery) == 4 and box.interactive is True
    assert controller.confirmation(thread).visible is False
    titles = [(m.get("metadata") or {}).get("title", "") for m in history]
    assert any(t.startswith("🎨 Generating ad images · about $2.00") for t in titles)
    assert titles[-1] == "💲 This turn: about $2.00"


def test_cancel_tells_the_agent_and_makes_nothing(runtime: AgentRuntime, tmp_path: Path) -> None:
    priced = _priced_runtime(runtime)
    photo = save_jpeg(bottle_on_white()[0], tmp_path / "bottle.jpg")
    controller = ChatController(priced)
    *_, (history, _box, thread, *_rest) = controller.respond(
        {"text": "Insulated steel water bottle, 750 ml, for hikers", "files": [str(photo)]},
        [], "t-cancel",
    )
    *_, (history, _box, thread, _brief, gallery) = controller.cancel(history, thread)
    assert gallery == [] and {"role": "user", "content": "✖️ Cancelled"} in history
    assert any("declined" in str(m["content"]) for m in history)
    assert controller.confirmation(thread).visible is False
    assert not any("This turn" in str(m.get("metadata")) for m in history)  # $0: not shown


def test_answering_with_nothing_pending_changes_nothing(runtime: AgentRuntime) -> None:
    *_, (history, *_rest) = ChatController(runtime).approve([], "t-none")
    assert history == []


def _shown(message: dict) -> str:
    """A chat message's content as text (a video player's HTML)."""
    content = message["content"]
    return str(content.value) if isinstance(content, gr.HTML) else str(content)


def test_finished_remote_videos_are_added_to_the_chat_once(runtime: AgentRuntime) -> None:
    from core.storage.jobs import VideoJob

    controller = ChatController(runtime)
    assert runtime.services.jobs is not None
    mp4 = runtime.services.assets.put(b"\x00\x00\x00\x18ftypmp42", kind="video_ad",
                                      mime="video/mp4", caption="Video ad, 12 s")
    runtime.services.jobs.create(VideoJob(kind="storyboard", engine="nova-reel", model_id="m",
                                          thread="t1", status="completed", asset_id=mp4.id))
    list(runtime.stream("t1", "hello"))
    assert not [m for m in controller.restore("t1")[0] if "mp4" in _shown(m)]
    history = controller.deliver_jobs([], "t1")
    assert ".mp4" in _shown(history[-1]) and "<video" in _shown(history[-1])
    assert not isinstance(controller.deliver_jobs(history, "t1"), list)  # gr.skip(): no change
    reloaded, thread, _, _ = controller.restore("t1")  # the page is reloaded later
    assert thread == "t1" and "<video" in _shown(reloaded[-1])
    assert sum("<video" in _shown(m) for m in reloaded) == 1


def test_stop_signals_the_running_turn_and_hides_when_idle(runtime: AgentRuntime) -> None:
    controller = ChatController(runtime)
    idle = controller.stop("t")
    assert idle.visible is False
    signals: list[bool] = []
    original = runtime.stop

    def spy(thread_id: str) -> bool:
        signals.append(original(thread_id))
        return True  # as if a render were running

    runtime.stop = spy  # type: ignore[method-assign]
    busy = controller.stop("t")
    assert signals == [False]  # the real runtime had nothing running in "t"
    assert busy.interactive is False and busy.value == "Stopping…"
    assert controller.stop(None).visible is False and signals == [False]


def test_a_live_image_shows_with_its_label_not_its_raw_caption() -> None:
    history: list[dict] = []
    apply_event(history, AssetEvent(asset_id="vid_1", kind="live_image", mime="video/mp4",
                                    path="/x/l.mp4", caption="Live image of img_00000000ab",
                                    label="Live image of #3"))
    player = str(history[0]["content"].value)  # a seamless loop: it plays on repeat, not once
    assert " loop " in player and " autoplay " in player
    assert 'aria-label="Live image of #3"' in player and "img_00000000ab" not in player
    apply_event(history, AssetEvent(asset_id="vid_2", kind="video_ad", mime="video/mp4",
                                    path="/x/v.mp4", label="Video ad"))
    video = str(history[1]["content"].value)  # plays once, when asked, with its controls
    assert " controls " in video and " loop " not in video and "autoplay" not in video


def test_the_side_panel_shows_an_old_variation_caption_without_its_number(
    runtime: AgentRuntime,
) -> None:
    from langchain_core.messages import ToolMessage

    store = runtime.services.assets
    ads = [store.put(bytes([n]), kind="ad_image", mime="image/png",
                     caption=f"Variation {n} · Beach · square").id for n in (1, 2)]
    made = ToolMessage("made", name="generate_ad_images", tool_call_id="g1",
                       artifact={"images": [{"asset_id": a} for a in ads]})
    runtime.graph.update_state({"configurable": {"thread_id": "t"}},
                               {"messages": [made], "assets": ads}, as_node="tools")
    _brief, panel = ChatController(runtime).side_panel("t")
    assert [label for _, label in panel] == ["#1 · Beach · square", "#2 · Beach · square"]


def test_the_side_panel_says_edit_of_an_ad_taken_out_of_the_gallery(
    runtime: AgentRuntime,
) -> None:
    from langchain_core.messages import ToolMessage

    store = runtime.services.assets
    first, second = (store.put(bytes([n]), kind="ad_image", mime="image/png",
                               caption="Beach · square").id for n in (1, 2))
    warmer = store.put(b"warmer", kind="ad_image", mime="image/png", parents=[second],
                       capability="edit_image", caption="Beach · square").id
    messages = [
        ToolMessage("made", name="generate_ad_images", tool_call_id="g1",
                    artifact={"images": [{"asset_id": first}, {"asset_id": second}]}),
        ToolMessage("edited", name="edit_image", tool_call_id="e1",
                    artifact={"image": {"asset_id": warmer}}),
        ToolMessage("out", name="delete_images", tool_call_id="d1",
                    artifact={"removed": [second]}),
    ]
    runtime.graph.update_state({"configurable": {"thread_id": "t"}},
                               {"messages": messages, "assets": [first, second, warmer]},
                               as_node="tools")
    _brief, panel = ChatController(runtime).side_panel("t")
    assert [label for _, label in panel] == ["#1 · Beach · square",
                                             "#3 · edit of #2 · Beach · square"]
