"""The chat's "Mark the product" panel: two clicks on the latest photo set the cutout's box.

The box is kept with the photo (:mod:`core.storage.seed_box`), so every later ad, carousel,
video and background removal of that photo cuts out only what lies inside it.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import math
import os
import tempfile
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import gradio as gr
from langchain_core.messages import HumanMessage
from PIL import Image, ImageDraw

from agent.attachments import attached_ids
from agent.runtime import AgentRuntime
from core.errors import AssetNotFoundError, CapabilityError
from core.markup import escape_markdown
from core.storage.assets import Asset, AssetStore
from core.storage.seed_box import Box, mark_product, seed_box
from ui.history import Message

PREVIEW_SIDE = 720
"""Longest side of the photo shown in the panel (clicks are mapped back to the photo); the
narrow panel shows it smaller still, so a larger copy would only cost time."""
NO_PHOTO = "Attach a product photo in the chat first; then mark the product on it here."
ACCENT = (236, 0, 140)  # magenta: stands out on white, grey and most products
_CACHED = 8
_SHOWN_KEPT = 32

Marks = dict[str, Any]
"""The panel's state: ``photo`` (asset id), ``size`` (w, h), ``preview`` (w, h) and
``points``, the corners clicked so far in the photo's pixels."""
PanelOut = tuple[Any, Marks, str, Any]
"""What a panel handler updates: the shown image (a PNG file's path), the state, the status
line and the "Use this box" button."""
ChatOut = tuple[list[Message], Any, Marks, str, Any]
"""The chat's history, then :data:`PanelOut`."""


def box_of(points: list[list[int]], size: tuple[int, int]) -> Box:
    """The box two opposite corners span, right and bottom exclusive, inside the photo."""
    (x0, y0), (x1, y1) = points[:2]
    width, height = size
    return (
        max(0, min(x0, x1)),
        max(0, min(y0, y1)),
        min(width, max(x0, x1) + 1),
        min(height, max(y0, y1) + 1),
    )


def to_photo(index: Any, preview: tuple[int, int], size: tuple[int, int]) -> list[int] | None:
    """A click on the preview (``SelectData.index``: [x, y] in its pixels) in the photo's."""
    if not isinstance(index, list | tuple) or len(index) != 2:
        return None
    x, y = (int(v) for v in index)
    scale_x, scale_y = size[0] / preview[0], size[1] / preview[1]
    return [min(size[0] - 1, math.floor(x * scale_x)), min(size[1] - 1, math.floor(y * scale_y))]


def draw_marks(preview: Image.Image, size: tuple[int, int], points: list[list[int]],
               box: Box | None) -> Image.Image:
    """The preview with the box (the outside dimmed) and the corners clicked so far."""
    scale = preview.width / size[0]
    canvas = preview.convert("RGBA")
    layer = Image.new("RGBA", canvas.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    width = max(2, round(max(canvas.size) / 160))  # about 2 px as the panel shows it
    if box is not None:
        left, top, right, bottom = (round(v * scale) for v in box)
        draw.rectangle((0, 0, canvas.width, canvas.height), fill=(0, 0, 0, 96))
        draw.rectangle((left, top, right - 1, bottom - 1), fill=(0, 0, 0, 0))
        draw.rectangle((left, top, right - 1, bottom - 1), outline=(*ACCENT, 255), width=width)
    radius = width * 3
    for x, y in points:
        cx, cy = round((x + 0.5) * scale), round((y + 0.5) * scale)
        draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius),
                     fill=(*ACCENT, 255), outline=(255, 255, 255, 255), width=max(1, width // 2))
    return Image.alpha_composite(canvas, layer).convert("RGB")


def marked_line(photo: str, box: Box) -> str:
    """The chat's line once a box is kept with a photo (``photo``: :func:`photo_name`)."""
    return (
        f"✂️ Marked the product on {photo}: box {','.join(map(str, box))}; "
        "the next ads cut out only what is inside."
    )


def cleared_line(photo: str) -> str:
    """The chat's line once a photo's box is removed (``photo``: :func:`photo_name`)."""
    return f"✂️ Cleared the box on {photo}: the next ads find the product by themselves."


def photo_name(store: AssetStore, photo_id: str) -> str:
    """How the chat names an uploaded photo: 'photo “two.png”', never by its asset id.

    Its file name (its caption), or "the photo you uploaded" when it has none.
    """
    try:
        caption = store.get(photo_id).caption.strip()
    except AssetNotFoundError:
        caption = ""
    return f"photo “{escape_markdown(caption)}”" if caption else "the photo you uploaded"


def _png(image: Image.Image) -> bytes:
    """``image`` encoded as PNG (fast compression: the file lives a few seconds)."""
    out = io.BytesIO()
    image.save(out, "PNG", compress_level=1)
    return out.getvalue()


def _no_photo() -> PanelOut:
    """The panel with no photo to mark: it asks for one."""
    return None, {}, NO_PHOTO, gr.Button(interactive=False)


def _status(marks: Marks, stored: Box | None) -> str:
    """What the panel says under the photo, for the corners clicked so far."""
    points = marks["points"]
    if len(points) == 1:
        return "Now click the opposite corner of the product."
    if len(points) >= 2:
        box = box_of(points, marks["size"])
        return (f"Box {','.join(map(str, box))}. **Use this box** to keep it, or click again "
                "to start over.")
    width, height = marks["size"]
    if stored is not None:
        return (f"Photo `{marks['photo']}`: the box {','.join(map(str, stored))} is marked; "
                "its ads cut out only what is inside. Click two corners to change it, "
                "**Clear** to remove it.")
    return (f"Photo `{marks['photo']}` ({width}×{height}): click one corner of the product, "
            "then the opposite one.")


class ProductMarker:
    """The panel's handlers, bound to one runtime.

    Args:
        runtime: The agent runtime whose asset store keeps the box.
    """

    def __init__(self, runtime: AgentRuntime) -> None:
        self.runtime = runtime
        self._previews: OrderedDict[str, Image.Image] = OrderedDict()
        self._lock = threading.Lock()
        self._shown_dir = tempfile.TemporaryDirectory(prefix="adstudio-mark-")
        self._shown: OrderedDict[str, None] = OrderedDict()

    def _file(self, image: Image.Image) -> str:
        """``image`` as a PNG file named by its content, written whole before it is named.

        The panel is redrawn by several events at once (a reply ends as the panel opens), and
        a picture handed to Gradio is rewritten in place under its hash, so a browser fetching
        it meanwhile gets a truncated file and shows no photo to click. A file written under a
        temporary name and renamed is never seen half written; the last few are kept.
        """
        data = _png(image)
        path = os.path.join(self._shown_dir.name, hashlib.sha256(data).hexdigest()[:24] + ".png")
        with self._lock:
            if path in self._shown and os.path.exists(path):
                self._shown.move_to_end(path)
                return path
        handle, staging = tempfile.mkstemp(dir=self._shown_dir.name, suffix=".part")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(staging, path)
        with self._lock:
            self._shown[path] = None
            while len(self._shown) > _SHOWN_KEPT:
                old, _ = self._shown.popitem(last=False)
                with contextlib.suppress(OSError):
                    os.remove(old)
        return path

    def latest_photo(self, thread: str | None) -> Asset | None:
        """The product photo attached last in the thread, if any is still stored."""
        state = self.runtime.state(thread) if thread else None
        if state is None:
            return None
        store = self.runtime.services.assets
        for message in reversed(list(state.messages)):
            if not isinstance(message, HumanMessage):
                continue
            for asset_id in reversed(attached_ids(message)):
                try:
                    asset = store.get(asset_id, self.runtime.settings.tenant)
                except AssetNotFoundError:
                    continue
                if asset.kind == "product_photo":
                    return asset
        return None

    def _preview(self, photo: Asset) -> Image.Image:
        """The photo at most :data:`PREVIEW_SIDE` on its longest side (a few kept)."""
        with self._lock:
            known = self._previews.get(photo.id)
            if known is not None:
                self._previews.move_to_end(photo.id)
                return known
        with Image.open(self.runtime.services.assets.path(photo.id)) as image:
            small = image.convert("RGB")
        small.thumbnail((PREVIEW_SIDE, PREVIEW_SIDE), Image.Resampling.LANCZOS)
        with self._lock:
            self._previews[photo.id] = small
            while len(self._previews) > _CACHED:
                self._previews.popitem(last=False)
        return small

    def _stored(self, marks: Marks) -> Box | None:
        try:
            return seed_box(self.runtime.services.assets.get(marks["photo"],
                                                             self.runtime.settings.tenant))
        except AssetNotFoundError:
            return None

    def _panel(self, marks: Marks) -> PanelOut:
        """The image, state, status and button for ``marks`` (none once the photo is gone)."""
        try:
            photo = self.runtime.services.assets.get(marks["photo"], self.runtime.settings.tenant)
        except AssetNotFoundError:
            return _no_photo()
        stored = seed_box(photo)
        points = marks["points"]
        box = box_of(points, marks["size"]) if len(points) >= 2 else None
        shown = draw_marks(self._preview(photo), marks["size"], points,
                           box if box is not None else (stored if not points else None))
        ready = gr.Button(interactive=box is not None)
        return self._file(shown), marks, _status(marks, stored), ready

    def refresh(self, thread: str | None, marks: Marks | None) -> PanelOut:
        """Show the thread's latest photo (with its box, if marked); keep clicks on it."""
        photo = self.latest_photo(thread)
        if photo is None or photo.width is None or photo.height is None:
            return _no_photo()
        if marks and marks.get("photo") == photo.id:
            return self._panel(marks)
        preview = self._preview(photo)
        fresh: Marks = {"photo": photo.id, "size": [photo.width, photo.height],
                        "preview": [preview.width, preview.height], "points": []}
        return self._panel(fresh)

    def click(self, marks: Marks | None, event: gr.SelectData) -> PanelOut:
        """A click on the photo: the first or second corner (a third starts over)."""
        if not marks:
            return _no_photo()
        point = to_photo(event.index, tuple(marks["preview"]), tuple(marks["size"]))
        if point is None:
            return self._panel(marks)
        points = marks["points"] if len(marks["points"]) < 2 else []
        return self._panel({**marks, "points": [*points, point]})

    def use(self, marks: Marks | None, history: list[Message] | None) -> ChatOut:
        """Keep the clicked box with the photo and say so in the chat."""
        history = list(history or [])
        if not marks or len(marks["points"]) < 2:
            return (history, *self._idle(marks))
        box = box_of(marks["points"], marks["size"])
        try:
            mark_product(self.runtime.services.assets, marks["photo"], box,
                         self.runtime.settings.tenant)
        except CapabilityError as exc:
            image, state, status, button = self._panel(marks)
            return history, image, state, f"⚠️ {exc}" if state else status, button
        name = photo_name(self.runtime.services.assets, marks["photo"])
        history.append({"role": "assistant", "content": marked_line(name, box)})
        return (history, *self._panel({**marks, "points": []}))

    def clear(self, marks: Marks | None, history: list[Message] | None) -> ChatOut:
        """Forget the clicked corners, and the box kept with the photo (said in the chat)."""
        history = list(history or [])
        if not marks:
            return (history, *self._idle(marks))
        if self._stored(marks) is not None:
            mark_product(self.runtime.services.assets, marks["photo"], None,
                         self.runtime.settings.tenant)
            name = photo_name(self.runtime.services.assets, marks["photo"])
            history.append({"role": "assistant", "content": cleared_line(name)})
        return (history, *self._panel({**marks, "points": []}))

    def _idle(self, marks: Marks | None) -> PanelOut:
        return self._panel(marks) if marks else _no_photo()


@dataclass(frozen=True)
class MarkPanel:
    """The panel's components, laid out by :func:`mark_panel`."""

    marker: ProductMarker
    accordion: gr.Accordion
    image: gr.Image
    status: gr.Markdown
    clear: gr.Button
    use: gr.Button
    marks: gr.State

    @property
    def outputs(self) -> list[Any]:
        """What :meth:`ProductMarker.refresh` and :meth:`ProductMarker.click` update."""
        return [self.image, self.marks, self.status, self.use]

    def wire(self, chatbot: gr.Chatbot, thread: Any) -> None:
        """Register the panel's events (the chat gets a line when a box is kept)."""
        marker = self.marker
        self.accordion.expand(marker.refresh, [thread, self.marks], self.outputs,
                              api_visibility="private")
        self.image.select(marker.click, [self.marks], self.outputs, api_visibility="private")
        for button, handler in ((self.use, marker.use), (self.clear, marker.clear)):
            button.click(handler, [self.marks, chatbot], [chatbot, *self.outputs],
                         api_visibility="private")


def mark_panel(marker: ProductMarker) -> MarkPanel:
    """Lay out the panel inside the caller's Blocks (collapsed until opened)."""
    with gr.Accordion("✂️ Mark the product", open=False, elem_id="mark-product") as accordion:
        gr.Markdown(
            "Does a cutout keep the wrong thing? Click two opposite corners around the "
            "product on your latest photo: its next ads cut out only what is inside."
        )
        image = gr.Image(
            None, interactive=False, show_label=False, buttons=[], elem_id="mark-photo",
            format="png",
        )
        status = gr.Markdown(NO_PHOTO, elem_id="mark-status")
        with gr.Row():
            clear = gr.Button("Clear", variant="secondary", size="sm", elem_id="mark-clear")
            use = gr.Button("Use this box", variant="primary", size="sm", interactive=False,
                            elem_id="mark-use")
    marks = gr.State({})
    return MarkPanel(marker, accordion, image, status, clear, use, marks)
