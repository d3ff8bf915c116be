"""Rebuild the chat as the UI shows it from a thread's saved messages (after a reload)."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from html import escape
from typing import Any
from urllib.parse import quote

import gradio as gr
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage

from agent.attachments import attached_ids, strip_notes
from agent.numbering import ad_label, in_words
from core.errors import AssetNotFoundError
from core.markup import escape_markdown, safe_markdown
from core.storage.assets import AssetStore
from ui.steps import step_details
from ui.video_poster import POSTER_KIND, made_poster

Message = dict[str, Any]
TOOL_TITLES = {
    "update_brief": "📝 Updating the brief",
    "extract_features": "🔎 Extracting product features",
    "generate_ad_images": "🎨 Generating ad images",
    "edit_image": "✏️ Editing the image",
    "save_brand_kit": "🏷️ Saving the brand kit",
    "animate_image": "✨ Animating the image",
    "write_storyboard": "🗒️ Writing the storyboard",
    "revise_storyboard": "🗒️ Revising the storyboard",
    "generate_video": "🎬 Rendering the video",
    "remove_background": "✂️ Removing the background",
    "remove_hand": "🖐️ Removing the hand",
    "revert_image": "↩️ Going back to the previous version",
    "compare_images": "🔍 Comparing the images",
    "download_images": "📦 Packing the images",
    "make_carousel": "🎠 Making the carousel",
    "delete_images": "🗑️ Removing images from the gallery",
}
SHOWN_KINDS = frozenset(
    {"ad_image", "background_removed", "comparison", "archive", "product_photo"}
)
"""Kinds of asset a tool result shows in the chat (besides videos): a ZIP as a file."""
WAITING = "⏸️ waiting for your confirmation (see below)"


def user_message(text: str) -> Message:
    """What the user typed, shown exactly as typed (no Markdown, no HTML)."""
    return {"role": "user", "content": escape_markdown(text)}


def agent_message(text: str) -> Message:
    """The agent's reply: its Markdown kept, raw HTML shown as text, no image or link."""
    return {"role": "assistant", "content": safe_markdown(text)}


def step_result(ok: bool, summary: str) -> str:
    """A finished tool step's line: a mark and the first line of its summary."""
    return f"{'✅' if ok else '⚠️'} {safe_markdown(summary)}"


def tool_step(
    call_id: str, name: str, args: dict[str, Any], status: str,
    numbers: Mapping[str, int] | None = None, store: AssetStore | None = None,
) -> Message:
    """A collapsible chat message for one tool call: what it was asked, in words.

    ``numbers`` (the thread's ad numbers by asset id) names images by their #number;
    ``store`` names other assets by what they are ("the storyboard").
    """
    return {
        "role": "assistant",
        "content": step_details(args, numbers or {}, store) or "…",
        "metadata": {"title": TOOL_TITLES.get(name, "🛠️ Working"), "id": call_id,
                     "status": status},
    }


def image_message(path: str, label: str) -> Message:
    """An image shown inline in the chat, with its label as alt text."""
    return {"role": "assistant", "content": {"path": path, "alt_text": label}}


LOOPING_KINDS = frozenset({"live_image"})
"""Asset kinds that are seamless loops: the chat plays them on repeat."""
VIDEO_MIME = "video/mp4"
FILE_ROUTE = "gradio_api/file="
"""Gradio's route of a served file, relative to the page: right at / and mounted at /ui/."""


PLAY_LOOPS = (
    "element.querySelectorAll('video[loop]')"
    ".forEach((v) => { v.muted = true; v.play().catch(() => {}); });"
)
"""Starts a live image once it is on the page: a player set in by script ignores autoplay."""


def file_url(path: str) -> str:
    """The URL the page fetches the stored file ``path`` from."""
    return FILE_ROUTE + quote(path, safe="/")


def download_name(label: str) -> str:
    """A file name for a downloaded video from its label: "#4 · video" → adstudio-4-video.mp4."""
    slug = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")[:60].strip("-")
    return f"adstudio-{slug or 'video'}.mp4"


def _figure(css_class: str, player: str, label: str, path: str) -> Message:
    """A chat message holding ``player``, its label and a link that downloads the MP4."""
    link = (f'<a class="chat-download" href="{escape(file_url(path))}" '
            f'download="{escape(download_name(label))}">⬇ Download (MP4)</a>')
    html = (f'<figure class="chat-media {css_class}">{player}'
            f"<figcaption><span>{escape(label)}</span> {link}</figcaption></figure>")
    return {"role": "assistant",
            "content": gr.HTML(html, padding=False, container=False, js_on_load=PLAY_LOOPS)}


def video_message(path: str, label: str, kind: str, poster: str | None = None) -> Message:
    """A video in the chat, at the size of an ad, with a link that downloads it.

    A live image is a seamless loop: shown as a one-off clip it stops after 4 seconds,
    which reads as a glitch, so it autoplays and repeats (muted: browsers allow that), as
    small as an ad image. Any other video waits behind its poster frame (a still the
    renderer picked, when there is one) with the browser's controls, at most 480 px wide.

    Args:
        path: The MP4 file.
        label: What it is ("Live image of #3"): the player's accessible name and caption.
        kind: The asset's kind (``live_image`` loops).
        poster: The video's poster still (a PNG file), if it has one.
    """
    src, name = escape(file_url(path)), escape(label)
    if kind in LOOPING_KINDS:
        player = (f'<video src="{src}" aria-label="{name}" autoplay loop muted playsinline '
                  'preload="auto"></video>')
        return _figure("chat-live", player, label, path)
    still = f' poster="{escape(file_url(poster))}" preload="none"' if poster else (
        ' preload="metadata"')
    player = f'<video src="{src}" aria-label="{name}" controls playsinline{still}></video>'
    return _figure("chat-video", player, label, path)


def poster_of(store: AssetStore | None, asset_id: str) -> str | None:
    """The file of the newest poster still made with video ``asset_id``, if any.

    A video that came without one (a remote model's clip) gets its first frame as its
    poster, stored the first time it is shown (:mod:`ui.video_poster`); a live image, which
    plays on its own, needs none.
    """
    if store is None:
        return None
    try:
        video = store.get(asset_id)
    except AssetNotFoundError:
        return None
    posters = store.derived(asset_id, POSTER_KIND, video.tenant)
    if not posters and video.kind not in LOOPING_KINDS:
        posters = [p for p in (made_poster(store, video),) if p is not None]
    return str(store.path(posters[0].id)) if posters else None


def _image(store: AssetStore, asset_id: str, numbers: dict[str, int]) -> Message | None:
    try:
        asset = store.get(asset_id)
    except AssetNotFoundError:
        return None
    path, label = str(store.path(asset_id)), ad_label(asset, numbers)
    if asset.mime == VIDEO_MIME:
        return video_message(path, label, asset.kind, poster_of(store, asset_id))
    return image_message(path, label)


def _artifact_images(artifact: Any) -> list[str]:
    if not isinstance(artifact, dict):
        return []
    if "images" in artifact:
        return [image["asset_id"] for image in artifact["images"]]
    if isinstance(artifact.get("video"), dict):
        return [artifact["video"]["asset_id"]]
    if "image" in artifact:
        return [artifact["image"]["asset_id"]]
    if isinstance(artifact.get("asset_id"), str):  # a comparison, a ZIP, a transparent PNG
        return [artifact["asset_id"]]
    return []


def rebuild(
    messages: list[BaseMessage],
    store: AssetStore,
    numbers: dict[str, int],
    waiting: Collection[str] = (),
) -> list[Message]:
    """The chat history for ``messages``: text, finished tool steps and images.

    Args:
        messages: The thread's saved messages.
        store: Where the images are.
        numbers: The thread's ad numbers by asset id.
        waiting: Ids of tool calls paused for a cost confirmation (shown as waiting).
    """
    history: list[Message] = []
    steps: dict[str, Message] = {}
    finished: set[str] = set()
    for message in messages:
        if isinstance(message, HumanMessage):
            for asset_id in attached_ids(message):
                shown = _image(store, asset_id, {})
                if shown:
                    history.append({**shown, "role": "user"})
            if strip_notes(message.text):
                history.append(user_message(strip_notes(message.text)))
        elif isinstance(message, AIMessage):
            if message.text:
                history.append(agent_message(message.text))
            for call in message.tool_calls:
                step = tool_step(call["id"] or "", call["name"], call["args"], "done", numbers,
                                 store)
                steps[call["id"] or ""] = step
                history.append(step)
        elif isinstance(message, ToolMessage):
            done_step = steps.get(message.tool_call_id)
            if done_step is not None:
                finished.add(message.tool_call_id)
                first = (str(message.content).splitlines() or [""])[0]
                done_step["content"] = step_result(
                    message.status != "error", in_words(first, numbers, store)
                )
                seconds = message.response_metadata.get("seconds")
                if isinstance(seconds, int | float) and not isinstance(seconds, bool):
                    done_step["metadata"]["duration"] = seconds
            for asset_id in _artifact_images(message.artifact):
                shown = _image(store, asset_id, numbers)
                if shown:
                    history.append(shown)
    for call_id, step in steps.items():
        if call_id in waiting and call_id not in finished:
            step["content"] = WAITING
            step["metadata"]["status"] = "pending"
        elif call_id not in finished:
            step["content"] = "⚠️ did not finish (the run stopped before this step)"
    return history
