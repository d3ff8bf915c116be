"""The Gradio chat app: upload a product photo, chat about the brief, get ad images.

``build_app(runtime)`` builds the Blocks; ``demo`` is built at import for ``gradio
ui/app.py`` and Hugging Face-style hosting; ``adstudio serve`` launches it.
"""

from __future__ import annotations

import logging
import re
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import gradio as gr

from agent.events import (
    AssetEvent,
    ConfirmEvent,
    CostEvent,
    ErrorEvent,
    Event,
    GuardrailEvent,
    ProgressEvent,
    TextEvent,
    ToolEndEvent,
    ToolStartEvent,
)
from agent.numbering import ad_label as image_label
from agent.runtime import AgentRuntime
from core.errors import AssetNotFoundError, CapabilityError
from core.markup import escape_markdown, safe_markdown
from core.settings import Settings, get_settings
from core.storage.assets import Asset, AssetStore
from policy.audit import AuditEntry
from tools.capabilities.lineage import theme_and_placement
from tools.sdk import ThreadGallery
from ui.brief_card import BriefEditor, brief_panel
from ui.browser_secret import browser_state_secret
from ui.chat_images import naming_images
from ui.conversations_panel import (
    CLOSE_ON_PHONE,
    Also,
    ConversationKeeper,
    conversations_panel,
)
from ui.groups import ALL, Group, chosen, groups, shown_numbers
from ui.history import (
    SHOWN_KINDS,
    Message,
    agent_message,
    image_message,
    poster_of,
    rebuild,
    step_result,
    tool_step,
    user_message,
    video_message,
)
from ui.mark import ProductMarker, mark_panel
from ui.review import review_tab
from ui.selection import (
    MAX_COMPARED,
    compare_request,
    compare_table,
    every_placement_request,
    headline_request,
    pick_choices,
    picked,
    zip_request,
)
from ui.workspace import (
    BUSY,
    PLACEMENTS,
    SELECT_FIRST,
    ShownAd,
    action_request,
    ad_caption,
    ad_details,
    ad_file,
    newest_first,
    number_of_caption,
    zip_all,
)

TITLE = "adstudio"
INTRO = (
    "**adstudio** makes ads from a product photo. Attach one and describe the product "
    "and campaign, e.g. *Insulated steel water bottle, 750 ml, keeps drinks cold 24 h. "
    "Summer hiking campaign for young adults, energetic tone.*"
)
STILL_RUNNING = ("I'm still working on this conversation's last request (in another tab or "
                 "window). Your message is kept in the box: send it when that has finished.")
"""The reply to a message sent while the same conversation is mid-turn elsewhere."""
EMPTY_MESSAGE = "Type a brief or attach a product photo."
UI_FAILURE = "⚠️ Something went wrong on our side. Your conversation is saved; try again."
CONFIRM_HINT = "Choose **Confirm** or **Cancel** below (a new message cancels)."
NO_CHECKS = "Click an ad to see its policy checks."
log = logging.getLogger(__name__)


def _finish_step(history: list[Message], event: ToolEndEvent) -> None:
    for message in reversed(history):
        metadata = message.get("metadata") or {}
        if metadata.get("id") == event.call_id:
            metadata["status"] = "done"
            if event.seconds is not None:
                metadata["duration"] = event.seconds
            message["content"] = step_result(event.ok, event.shown or event.summary)
            return


def _progress(history: list[Message], event: ProgressEvent) -> None:
    for message in reversed(history):
        metadata = message.get("metadata") or {}
        if metadata.get("status") == "pending":
            metadata["log"] = f"{event.message} ({event.done}/{event.total})"
            return


def _tool_cost(history: list[Message], event: CostEvent) -> None:
    for message in reversed(history):
        metadata = message.get("metadata") or {}
        if metadata.get("id") == event.call_id and "title" in metadata:
            metadata["title"] = f"{metadata['title']} · about ${event.usd:.2f}"
            return


def confirm_message(event: ConfirmEvent) -> Message:
    """The chat message asking the user to approve paid work."""
    return {
        "role": "assistant", "content": f"💳 {safe_markdown(event.question)}\n\n{CONFIRM_HINT}"
    }


def turn_cost_message(event: CostEvent) -> Message:
    """A small collapsed line under the reply: what the turn cost (only shown when > $0)."""
    return {
        "role": "assistant",
        "content": f"An estimate from the price table of {event.prices_date}; "
        "the local engine is free.",
        "metadata": {"title": f"💲 This turn: about ${event.usd:.2f}", "status": "done"},
    }


def apply_event(
    history: list[Message], event: Event, numbers: dict[str, int] | None = None,
    store: AssetStore | None = None,
) -> None:
    """Render one run event into the chat history (in place).

    ``numbers`` (the thread's ad numbers by asset id) and ``store`` let a step name the
    assets in its arguments: "#3", "the storyboard".
    """
    if isinstance(event, TextEvent):
        history.append(agent_message(event.text))
    elif isinstance(event, ToolStartEvent):
        history.append(tool_step(event.call_id, event.name, event.args, "pending", numbers,
                                 store))
    elif isinstance(event, ToolEndEvent):
        _finish_step(history, event)
    elif isinstance(event, ProgressEvent):
        _progress(history, event)
    elif isinstance(event, AssetEvent) and event.kind in SHOWN_KINDS:
        history.append(image_message(event.path, event.label))  # a ZIP shows as a file
    elif isinstance(event, AssetEvent) and event.mime == "video/mp4":
        history.append(video_message(event.path, event.label, event.kind,  # played inline
                                     poster_of(store, event.asset_id)))
    elif isinstance(event, GuardrailEvent):
        history.append(
            {
                "role": "assistant",
                "content": safe_markdown(f"{event.reason} {event.fix}".strip()),
                "metadata": {"title": f"🛡️ Guardrail ({event.severity}): {event.rule_id}"},
            }
        )
    elif isinstance(event, ErrorEvent):
        history.append({"role": "assistant", "content": f"⚠️ {safe_markdown(event.message)}"})
    elif isinstance(event, ConfirmEvent):
        history.append(confirm_message(event))
    elif isinstance(event, CostEvent) and event.usd > 0:
        if event.scope == "turn":
            history.append(turn_cost_message(event))
        else:
            _tool_cost(history, event)


Outputs = tuple[list[Message], Any, str, dict[str, Any], list[tuple[str, str]]]


def _thumbnail_shaped(asset: Asset) -> bool:
    """Whether ``asset`` reads as a square thumbnail: no wider or taller than 2:1."""
    if not asset.width or not asset.height:
        return True
    return max(asset.width, asset.height) <= 2 * min(asset.width, asset.height)


class ChatController:
    """The UI's handlers, bound to one runtime.

    Args:
        runtime: The agent runtime the UI talks to.
    """

    def __init__(self, runtime: AgentRuntime) -> None:
        self.runtime = runtime
        # downloads are written here, one folder per thread, each file replaced by the next
        # of its name: clicking ads and zipping again never piles copies up in /tmp
        self._downloads = Path(tempfile.mkdtemp(prefix="adstudio-downloads-"))

    def _download_folder(self, thread: str) -> Path:
        """This process's download folder for one thread (made on first use)."""
        folder = self._downloads / re.sub(r"[^A-Za-z0-9_-]", "_", thread)
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def upload(self, file: Any, history: list[Message]) -> Asset | None:
        """Store one attached file; a bad one becomes a message in the chat."""
        path = Path(file if isinstance(file, str) else file.get("path", ""))
        history.append({"role": "user", "content": {"path": str(path)}})
        try:
            asset = self._store(path)
        except (CapabilityError, OSError) as exc:
            name = escape_markdown(path.name)  # a file name is data: shown as it is
            history[-1] = {"role": "user", "content": f"📎 {name}"}  # no broken preview
            history.append({"role": "assistant", "content": f"⚠️ {name}: {safe_markdown(str(exc))}"})
            return None
        history[-1]["content"]["alt_text"] = image_label(asset, {})  # as after a reload
        return asset

    def _store(self, path: Path) -> Asset:
        """Check an uploaded file's size before reading it, then store it."""
        size = path.stat().st_size
        if size > self.runtime.settings.limits.max_upload_bytes:
            limit = self.runtime.settings.limits.max_upload_mb
            raise CapabilityError(
                f"The file is {size / 1e6:.1f} MB; the limit is {limit:.0f} MB.",
                hint="Export a smaller JPEG or PNG.",
            )
        return self.runtime.upload(path.read_bytes(), path.name)

    def side_panel(
        self, thread: str | None, newest: bool = False
    ) -> tuple[dict[str, Any], list[tuple[str, str]]]:
        """The brief and the ads of a thread, captioned in full.

        ``newest``: the newest ad first (the workspace), else in number order.
        """
        state = self.runtime.state(thread) if thread else None
        if thread is None or state is None:
            return {}, []
        store = self.runtime.services.assets
        shown = self.runtime.gallery(thread)
        numbers = dict(shown.numbers)  # every ad's number: "edit of #2" after #2 is taken out
        product = state.brief.product_name or ""
        ads = [ShownAd(asset, number) for asset, number in self.panel_ads(thread, shown)]
        gallery = [
            (str(store.path(ad.asset.id)), ad_caption(ad, numbers, product))
            for ad in (newest_first(ads) if newest else ads)
        ]
        return state.brief.model_dump(), gallery

    def workspace(self, thread: str | None) -> tuple[dict[str, Any], list[tuple[str, str]]]:
        """The brief and the workspace gallery: the thread's ads, the newest first."""
        return self.side_panel(thread, newest=True)

    def newest_ad(self, thread: str) -> str | None:
        """The asset id of the thread's newest ad still in its gallery (None: no ad yet).

        A banner (wider or taller than 2:1) shows only an unreadable slice in a square
        thumbnail, so the newest ad of another shape comes first when there is one.
        """
        ads = self.panel_ads(thread)
        if not ads:
            return None
        shaped = [ad for ad in ads if _thumbnail_shaped(ad[0])] or ads
        return max(shaped, key=lambda ad: ad[1])[0].id

    def panel_ads(
        self, thread: str, gallery: ThreadGallery | None = None
    ) -> list[tuple[Asset, int]]:
        """The ads of the side panel with their numbers: those not taken out of the gallery.

        ``gallery``: the thread's, when the caller has it already.
        """
        store = self.runtime.services.assets
        shown = gallery if gallery is not None else self.runtime.gallery(thread)
        ads = []
        for asset_id, number in shown.numbers.items():
            if asset_id in shown.removed:
                continue
            try:
                ads.append((store.get(asset_id), number))
            except AssetNotFoundError:
                continue  # removed from the store since; the chat still mentions it
        return ads

    def respond(
        self,
        message: dict[str, Any] | str | None,
        history: list[Message] | None,
        thread: str | None,
    ) -> Iterator[Outputs]:
        """Send the user's message and stream the agent's reply into the chat.

        The message box is disabled while the agent works and always enabled again.
        """
        history = list(history or [])
        thread = thread or self.runtime.new_thread()
        data = message if isinstance(message, dict) else {"text": message or "", "files": []}
        if self.runtime.running(thread):  # another tab of this conversation is mid-turn
            history.append({"role": "assistant", "content": STILL_RUNNING})
            brief, gallery = self.workspace(thread)
            kept: dict[str, str | list[Any]] = {"text": str(data.get("text") or ""),
                                                "files": list(data.get("files") or [])}
            yield history, gr.MultimodalTextbox(value=kept), thread, brief, gallery
            return
        text = str(data.get("text") or "").strip()
        files = list(data.get("files") or [])
        start = len(history)
        assets = [a for a in (self.upload(f, history) for f in files) if a is not None]
        if text:  # the files, the words, then why a file was refused: seen beside the reply
            added = history[start:]
            warnings = [m for m in added if m["role"] == "assistant"]
            history[start:] = [m for m in added if m["role"] != "assistant"]
            history += [user_message(text), *warnings]
        brief, gallery = self.workspace(thread)
        if not text and not assets:
            if not files:
                history.append({"role": "assistant", "content": EMPTY_MESSAGE})
            yield history, gr.MultimodalTextbox(value=None), thread, brief, gallery
            return
        yield from self._streamed(
            thread, history, lambda: self.runtime.stream(thread, text, assets)
        )

    def _streamed(
        self, thread: str, history: list[Message], events: Callable[[], Iterator[Event]]
    ) -> Iterator[Outputs]:
        """Stream a run into the chat with the message box disabled, then enable it."""
        brief, gallery = self.workspace(thread)
        busy = gr.MultimodalTextbox(value=None, interactive=False)
        yield history, busy, thread, brief, gallery
        for _ in self._run(thread, events, history):
            yield history, busy, thread, brief, gallery
        brief, gallery = self.workspace(thread)
        yield history, gr.MultimodalTextbox(value=None, interactive=True), thread, brief, gallery

    def answer(
        self, approved: bool, history: list[Message] | None, thread: str | None
    ) -> Iterator[Outputs]:
        """Answer the pending cost confirmation and stream the rest of the run."""
        history = list(history or [])
        if not thread or self.runtime.pending_confirmation(thread) is None:
            brief, gallery = self.workspace(thread)
            yield history, gr.MultimodalTextbox(interactive=True), thread or "", brief, gallery
            return
        history.append(
            {"role": "user", "content": "✅ Confirmed" if approved else "✖️ Cancelled"}
        )
        yield from self._streamed(
            thread, history, lambda: self.runtime.resume(thread, approved)
        )

    def approve(self, history: list[Message] | None, thread: str | None) -> Iterator[Outputs]:
        """The Confirm button: run the paid work."""
        yield from self.answer(True, history, thread)

    def cancel(self, history: list[Message] | None, thread: str | None) -> Iterator[Outputs]:
        """The Cancel button: the agent is told, and offers something cheaper."""
        yield from self.answer(False, history, thread)

    def confirmation(self, thread: str | None) -> Any:
        """Show the Confirm / Cancel buttons while the thread's run waits for an answer."""
        waiting = bool(thread) and self.runtime.pending_confirmation(str(thread)) is not None
        return gr.Row(visible=waiting)

    def _run(
        self, thread: str, events: Callable[[], Iterator[Event]], history: list[Message]
    ) -> Iterator[None]:
        """Stream the run into ``history``; yields after each event."""
        numbers = self.runtime.ad_numbers(thread)
        try:
            for event in events():
                if isinstance(event, AssetEvent) and event.number is not None:
                    numbers[event.asset_id] = event.number
                apply_event(history, event, numbers, self.runtime.services.assets)
                yield
        except Exception:  # noqa: BLE001 - the UI boundary: report, keep the chat usable
            log.exception("UI run failed on thread %s", thread)
            history.append({"role": "assistant", "content": UI_FAILURE})
            yield

    def restore(
        self, thread: str | None
    ) -> tuple[list[Message], str, dict[str, Any], list[tuple[str, str]]]:
        """On page load: the browser's last thread, as it was (a new one if none)."""
        state = self.runtime.state(thread) if thread else None
        if thread is None or state is None:
            return [], self.runtime.new_thread(), {}, []
        numbers = self.runtime.ad_numbers(thread)
        waiting = self.runtime.pending_confirmation(thread)
        history = rebuild(
            list(state.messages),
            self.runtime.services.assets,
            numbers,
            waiting=waiting.call_ids if waiting else (),
        )
        for event in self.runtime.delivered_jobs(thread):
            apply_event(history, event)  # remote videos came between turns
        if waiting is not None:
            history.append(confirm_message(waiting))
        brief, gallery = self.workspace(thread)
        return history, thread, brief, gallery

    def deliver_jobs(self, history: list[Message], thread: str | None) -> Any:
        """Show remote video jobs of this thread that finished since the last look."""
        events = self.runtime.finished_jobs(thread) if thread else []
        if not events:
            return gr.skip()
        history = list(history or [])
        for event in events:
            apply_event(history, event)
        return history

    def checks(self, thread: str | None, number: int | None) -> str:
        """The policy checks of ad #``number`` of the thread, as Markdown."""
        ids = {n: asset.id for asset, n in self.panel_ads(thread)} if thread else {}
        if number not in ids or self.runtime.services.audit is None:
            return NO_CHECKS
        entries = self.runtime.services.audit.for_asset(ids[number], self.runtime.settings.tenant)
        return checks_markdown(entries) if entries else NO_CHECKS

    def select_ad(self, thread: str | None, event: gr.SelectData) -> tuple[Any, ...]:
        """A click on an ad: its details, its policy checks, and its number for the actions."""
        if not event.selected:  # the big view closed: the ad stays the one acted on
            return gr.skip(), gr.skip(), gr.skip(), gr.skip()
        value = event.value if isinstance(event.value, dict) else {}
        caption = str(value.get("caption") or "")
        number = number_of_caption(caption)
        path = self.ad_path(thread, number)
        return (
            ad_details(caption) if number else SELECT_FIRST,
            self.checks(thread, number),
            number,
            gr.DownloadButton(f"Download #{number}" if path else "Download",
                              value=path, interactive=path is not None),
        )

    def ad_path(self, thread: str | None, number: int | None) -> str | None:
        """A download of ad #``number`` of the thread (None: no such ad in the gallery)."""
        if not thread:
            return None
        for asset, n in self.panel_ads(thread):
            if n == number:
                return str(ad_file(self.runtime.services.assets, ShownAd(asset, n),
                                   self._download_folder(thread)))
        return None

    def act(
        self, action: str, number: int | None, placement: str | None,
        history: list[Message] | None, thread: str | None,
    ) -> Iterator[Outputs]:
        """An action on the selected ad, sent to the agent as a request naming it by number.

        Refused while a turn of the thread is running: two runs would write the same thread.
        """
        yield from self.send(lambda: action_request(action, number, placement or "story"),
                             history, thread)

    def send(
        self, request: Callable[[], str], history: list[Message] | None, thread: str | None,
    ) -> Iterator[Outputs]:
        """Send a workspace action's request to the agent, as if typed in the message box.

        Refused while a turn of the thread is running (two runs would write the same
        thread); a ``ValueError`` from ``request`` (nothing selected, nothing typed) is said
        in the chat and nothing is sent.
        """
        try:
            if thread and self.runtime.running(thread):
                raise ValueError(BUSY)
            text = request()
        except ValueError as exc:
            history = [*(history or []), {"role": "assistant", "content": str(exc)}]
            brief, gallery = self.workspace(thread)
            yield history, gr.MultimodalTextbox(interactive=True), thread or "", brief, gallery
            return
        yield from self.respond(text, history, thread)

    def shown_ads(self, thread: str | None) -> list[ShownAd]:
        """The ads the workspace shows (none taken out), in number order."""
        return [ShownAd(asset, n) for asset, n in self.panel_ads(thread)] if thread else []

    def change_headline(
        self, number: int | None, text: str | None, history: list[Message] | None,
        thread: str | None,
    ) -> Iterator[Outputs]:
        """The headline field's Apply: a new version of the selected ad with that headline."""
        yield from self.send(lambda: headline_request(number, text), history, thread)

    def every_placement(
        self, number: int | None, history: list[Message] | None, thread: str | None,
    ) -> Iterator[Outputs]:
        """"Every placement": the selected ad resized to each placement it is not in yet."""
        ad = next((a for a in self.shown_ads(thread) if a.number == number), None)
        current = theme_and_placement(ad.asset)[1] if ad else ""
        shown = ad.number if ad else None  # an ad deleted since it was clicked: none
        yield from self.send(lambda: every_placement_request(shown, current), history, thread)

    def compare(
        self, picks: list[int] | None, history: list[Message] | None, thread: str | None,
    ) -> Iterator[Outputs]:
        """"Compare": the picked ads side by side in one picture, in the chat."""
        yield from self.send(lambda: compare_request(picks), history, thread)

    def zip_picked(
        self, picks: list[int] | None, history: list[Message] | None, thread: str | None,
    ) -> Iterator[Outputs]:
        """"Download picked": one ZIP of the picked ads, offered in the chat."""
        yield from self.send(lambda: zip_request(picks), history, thread)

    def compared(self, picks: list[int] | None, thread: str | None) -> Any:
        """The table under the picks: number, placement, theme, headline of each compared ad."""
        numbers = picked(picks)
        ads = [ad for ad in self.shown_ads(thread) if ad.number in numbers]
        table = compare_table(ads) if 2 <= len(ads) <= MAX_COMPARED else ""
        return gr.Markdown(table, visible=bool(table))

    def show_group(self, thread: str | None, key: str | None) -> list[tuple[str, str]]:
        """The "Show" menu: the workspace's gallery with only the chosen group's ads."""
        _brief, gallery = self.workspace(thread)
        group = chosen(self.groups(thread), key)
        return [(path, caption) for path, caption in gallery
                if number_of_caption(caption) in group.numbers]

    def groups(self, thread: str | None) -> list[Group]:
        """The "Show" menu's groups of the thread's ads (all ads only, before any)."""
        state = self.runtime.state(thread) if thread else None
        if thread is None or state is None:
            return groups([], [], {})
        shown = self.runtime.gallery(thread)
        return groups(list(state.messages), self.panel_ads(thread, shown), shown.numbers)

    def regroup(
        self, thread: str | None, gallery: list[Any] | None, key: str | None,
        picks: list[int] | None,
    ) -> tuple[Any, Any]:
        """The gallery changed: the "Show" menu and the pick list, up to date.

        The menu keeps its group while the gallery shows it (the menu itself filtered it);
        a run that shows every ad sets it back to all ads. A pick of an ad gone is dropped.
        """
        menu = self.groups(thread)
        group = chosen(menu, key)
        if shown_numbers(gallery) != group.numbers:
            group = menu[0]
        choices = pick_choices(self.shown_ads(thread))
        kept = [n for n in picked(picks) if n in {number for _, number in choices}]
        return (gr.Dropdown(choices=[(g.label, g.key) for g in menu], value=group.key),
                gr.Dropdown(choices=choices, value=kept, multiselect=True))

    def zip_all(self, thread: str | None) -> Any:
        """The "Download all" button: a ZIP of every ad of the thread, offered as a file."""
        if not thread or self.runtime.state(thread) is None:
            gr.Warning("There are no ads to download yet.")
            return gr.File(visible=False)
        try:
            path = zip_all(self.runtime.services.assets, self.runtime.settings.tenant,
                           self.runtime.gallery(thread), self._download_folder(thread))
        except CapabilityError as exc:
            gr.Warning(str(exc))
            return gr.File(visible=False)
        return gr.File(value=str(path), visible=True)

    def stop(self, thread: str | None) -> Any:
        """The Stop button: the running render ends at its next frame, nothing half-saved."""
        stopping = bool(thread) and self.runtime.stop(str(thread))
        if not stopping:
            return stop_button(False)
        return gr.Button("Stopping…", interactive=False)

    def new_conversation(self) -> tuple[list[Message], None, str, dict[str, Any], list[Any]]:
        """Start a new thread."""
        return [], None, self.runtime.new_thread(), {}, []


def checks_markdown(entries: list[AuditEntry]) -> str:
    """An ad's policy checks: one line per check, its findings below it."""
    icons = {"pass": "✅", "warn": "⚠️", "rewrite": "✏️", "block": "⛔"}
    lines = []
    for entry in entries:
        lines.append(
            f"{icons.get(entry.decision, '•')} **{entry.decision}** · {entry.engine} "
            f"`{entry.policy_version}` · {entry.at:%Y-%m-%d %H:%M} UTC"
        )
        for finding in entry.findings:
            where = " at ({},{})–({},{})".format(*finding.region) if finding.region else ""
            fix = f" → {finding.fix}" if finding.fix else ""
            rewrite = f" Try: “{finding.suggestion}”" if finding.suggestion else ""
            lines.append(f"  - `{finding.rule_id}`{where}: {finding.reason}{fix}{rewrite}")
    return "\n".join(lines)


def stop_button(visible: bool) -> Any:
    """The Stop button, shown (and clickable) while a turn runs, hidden otherwise."""
    return gr.Button("Stop", visible=visible, interactive=True)


def hide_confirmation() -> Any:
    """Hide the Confirm / Cancel buttons (at once, when one is clicked)."""
    return gr.Row(visible=False)


_CHAT_WORDS = {
    "planner": "adstudio's offline rule-based planner",
    "bedrock": "a Bedrock chat model",
    "openai": "your own OpenAI-compatible model",
}


def engine_notice(settings: Settings) -> str:
    """The About panel: what makes the ads and runs the chat, and how to change it.

    Kept out of the conversation: a marketer's chat speaks of ads, not of engines.
    """
    chat = _CHAT_WORDS[settings.resolved_chat_engine]
    images, video = settings.resolved_image_engine, settings.resolved_video_engine
    if images == video == "local":
        made = ("Ads, live images and videos are made offline by adstudio's built-in "
                "renderer: no AWS account needed.")
    else:
        def by(engine: str) -> str:
            return "the built-in renderer" if engine == "local" else f"Bedrock ({engine})"

        made = f"Ads are made by {by(images)}; live images and videos by {by(video)}."
    switches = []
    if settings.engine != "bedrock":
        switches.append("`ADSTUDIO_ENGINE=bedrock` (Bedrock models)")
    if settings.resolved_chat_engine != "openai":
        switches.append("`ADSTUDIO_CHAT_ENGINE=openai` (your own chat model)")
    return (f"{made} The chat runs on {chat}.\n\nWhoever runs this server can change "
            f"engines{' with ' + ' or '.join(switches) if switches else ''}; see the README.")


FAVICON = Path(__file__).with_name("favicon.svg")
"""The browser tab's icon (served by Gradio, and at the API's root when the UI is mounted)."""


def launch_options(runtime: AgentRuntime) -> dict[str, Any]:
    """Options of ``Blocks.launch`` that keep the server safe for this runtime.

    Only the asset blobs may be served (never the SQLite files beside them), and uploads
    over the configured limit are refused before they are stored.
    """
    return {
        "allowed_paths": [str((runtime.settings.assets_dir / "blobs").resolve())],
        "max_file_size": runtime.settings.limits.max_upload_bytes,
        "show_error": True,
        "favicon_path": str(FAVICON),
    }


CSS = """
#workspace-style { display: none; }
.gradio-container {
  --color-accent: #c2410c; --a11y-focus: #1d4ed8;
  --button-primary-background-fill: #c2410c; --button-primary-background-fill-hover: #9a3412;
  --button-primary-border-color: #c2410c; --button-primary-border-color-hover: #9a3412;
  --button-cancel-background-fill: #b91c1c; --button-cancel-background-fill-hover: #991b1b;
  --button-cancel-border-color: #b91c1c; --button-cancel-border-color-hover: #991b1b;
  --body-text-color-subdued: #52525b; --block-info-text-color: #52525b;
  --input-placeholder-color: #6b6b75;
}
.dark .gradio-container { --color-accent: #fb923c; --a11y-focus: #93c5fd;
  --body-text-color-subdued: #a1a1aa; --block-info-text-color: #a1a1aa;
  --input-placeholder-color: #a1a1aa; }
.gradio-container :is(button, a, input, textarea, [role="button"], [role="tab"],
                      [tabindex="0"]):focus-visible {
  outline: 3px solid var(--a11y-focus) !important; outline-offset: 2px; }
#workspace { align-items: flex-start; }
#chat { height: min(68vh, 720px); }
#assets .caption-label { opacity: 0.95; max-width: calc(100% - 2 * var(--block-label-margin)); }
#assets .grid-wrap { padding-top: calc(var(--size-2) + 30px); }
#ad-details { min-height: 1.5em; }
/* the details line grows with its text: never a scrollable box without a focusable
   element (axe: scrollable-region-focusable, seen on a phone) */
#ad-details, #ad-details > * { overflow: visible !important; max-height: none !important; }
#assets .caption-label { direction: ltr; text-align: left; left: var(--block-label-margin); }
#assets .thumbnail-item { aspect-ratio: 5 / 6; }
#assets .thumbnail-lg > img { position: absolute; inset: 0 0 auto 0; height: calc(100% - 38px);
                              object-fit: contain; object-position: center; }
#chat .chat-media { margin: 0; }
#chat .chat-media video { display: block; width: auto; height: auto; max-width: 100%;
                          border-radius: var(--radius-md); }
#chat .chat-live video { max-width: min(100%, 300px); max-height: 300px; }
#chat .chat-video video { max-width: min(100%, 480px); max-height: min(70vh, 540px);
                          background: #000; }
#chat .chat-media figcaption { display: flex; flex-wrap: wrap; gap: 2px 12px;
                               margin-top: 6px; font-size: var(--text-sm); }
.sidebar-parent:has(#tab-chat[style*="display: none"]) { padding-left: 0 !important; }
#convos .convo-entry { gap: 8px; padding: 4px; border-radius: 8px; flex-wrap: nowrap;
                      align-items: center; }
#convos .convo-open { background: var(--color-accent-soft);
                      outline: 1px solid var(--color-accent); }
#convos .convo-title { justify-content: flex-start; text-align: left; white-space: normal;
                       background: none; border: none; box-shadow: none; font-weight: 600;
                       padding: 2px 4px; min-height: 0; }
#convos .convo-when { color: var(--body-text-color-subdued); padding: 0 0 0 4px; }
#convos .convo-thumb, #convos .convo-nothumb-wrap { flex: 0 0 56px !important; max-width: 56px; }
#convos .convo-when p { margin: 0; font-size: var(--text-sm); }
#convos .convo-thumb img { object-fit: cover; border-radius: 6px; }
.convo-nothumb { width: 56px; height: 56px; display: flex; align-items: center;
                 justify-content: center; border-radius: 6px; font-size: 24px;
                 font-weight: 600; color: var(--body-text-color-subdued);
                 background: var(--background-fill-primary);
                 border: 1px solid var(--border-color-primary); }
.skip-link { position: absolute; left: -10000px; top: 8px; z-index: 200; padding: 8px 14px;
             border-radius: 8px; background: var(--background-fill-primary);
             color: var(--body-text-color); font-weight: 600; }
.skip-link:focus { left: 8px; }
@media (max-width: 999px) {
  #chat { height: 55vh; }
  #composer { position: fixed; left: 0; right: 0; bottom: 0; z-index: 50; padding: 6px 8px;
              background: var(--background-fill-primary);
              border-top: 1px solid var(--border-color-primary); }
  .gradio-container { padding-bottom: 110px !important; }
  #intro { display: none; }
  #assets .grid-container { grid-template-columns: repeat(2, minmax(100px, 1fr)); }
}
"""
"""The workspace layout: the ads beside the chat on a desktop, above it on a phone (where
the message box stays pinned to the bottom of the screen); videos in the chat at an ad's size.
Accessibility: the theme's accent, primary and Delete buttons, and its grey (subdued, info,
placeholder) text darkened to a WCAG AA contrast (4.5:1) on their background, and a visible
focus ring on every control reached with Tab."""


@dataclass
class Workspace:
    """The components of the ads workspace (the gallery and its actions)."""

    gallery: Any
    details: Any
    checks: Any
    selected: Any
    placement: Any
    buttons: dict[str, Any]
    download_one: Any
    download_all: Any
    zip_file: Any
    show: Any
    headline: Any
    picks: Any
    compared: Any
    more: dict[str, Any]


ACTION_LABELS = {"vary": "More like this", "warmer": "Warmer", "cooler": "Cooler",
                 "darker": "Darker", "animate": "Animate", "video": "Make a video",
                 "delete": "Delete"}


CAPTION_TITLES = """
const titled = () => document.querySelectorAll('#assets .caption-label').forEach((label) => {
  if (label.title !== label.textContent) label.title = label.textContent;
});
new MutationObserver(titled).observe(document.body, {childList: true, subtree: true,
                                                     characterData: true});
titled();
"""
"""Gives each gallery caption its full text as a tooltip: a thumbnail's caption is cut to
one line, and hovering shows the whole (number, placement, theme, size, headline)."""


def workspace_panel() -> Workspace:
    """Lay out the ads, the details of the selected one and its actions."""
    gr.HTML("", padding=False, container=False, js_on_load=CAPTION_TITLES,
            elem_id="caption-titles")
    show = gr.Dropdown([("All ads", ALL)], value=ALL, label="Show", elem_id="ads-show",
                       min_width=160)
    gallery = gr.Gallery(
        label="Your ads (newest first): click one to act on it",
        columns=3, height="auto", object_fit="contain", elem_id="assets",
        buttons=["download", "fullscreen"],
        interactive=False,  # an input of the Show menu's refresh: no upload button for it
    )
    details = gr.Markdown(SELECT_FIRST, elem_id="ad-details")
    buttons: dict[str, Any] = {}
    download_one = None
    for row in (("vary", "warmer", "cooler", "darker"), ("animate", "video", "download", "delete")):
        with gr.Row(elem_classes=["ad-actions"], equal_height=True):
            for name in row:
                if name == "download":
                    download_one = gr.DownloadButton("Download", size="sm", min_width=120,
                                                     interactive=False, elem_id="download-one")
                    continue
                buttons[name] = gr.Button(
                    ACTION_LABELS[name], size="sm", min_width=120, elem_id=f"act-{name}",
                    variant="stop" if name == "delete" else "secondary",
                )
    more: dict[str, Any] = {}
    with gr.Row(elem_id="ad-headline", equal_height=True):
        headline = gr.Textbox(
            label="New headline", show_label=False, container=False, elem_id="headline-text",
            placeholder="New headline for the selected ad", max_lines=1, min_width=200,
            scale=3,
        )
        more["headline"] = gr.Button("Apply headline", size="sm", min_width=120, scale=1,
                                     elem_id="act-headline")
    with gr.Row(elem_id="ad-resize", equal_height=True):
        placement = gr.Dropdown(
            list(PLACEMENTS), value="story", label="Placement", show_label=False,
            container=False, elem_id="resize-to", min_width=160,
        )
        buttons["resize"] = gr.Button("Resize to this placement", size="sm", min_width=160,
                                      elem_id="act-resize")
        more["every"] = gr.Button("Every placement", size="sm", min_width=120,
                                  elem_id="act-every-placement")
    with gr.Row(elem_id="ad-picks", equal_height=True):
        picks = gr.Dropdown(
            [], value=[], multiselect=True, label="Pick ads to compare or download",
            elem_id="picks", min_width=200, scale=3,
        )
        with gr.Column(min_width=160, scale=1):
            more["compare"] = gr.Button("Compare", size="sm", elem_id="act-compare")
            more["zip"] = gr.Button("Download picked (ZIP)", size="sm",
                                    elem_id="act-zip-picked")
            download_all = gr.Button("Download all (ZIP)", size="sm", elem_id="download-all")
    compared = gr.Markdown(visible=False, elem_id="compare-table")
    zip_file = gr.File(label="ZIP of all ads", visible=False, elem_id="zip",
                       interactive=False)
    with gr.Accordion("Policy checks of the selected ad", open=False):
        checks = gr.Markdown(NO_CHECKS, elem_id="checks")
    selected = gr.State(None)
    return Workspace(gallery, details, checks, selected, placement, buttons, download_one,
                     download_all, zip_file, show, headline, picks, compared, more)


# Closes the open ad in the browser the moment the gallery changes. Closing it from the
# server instead comes a round trip later and also closes an ad the user opened meanwhile.
CLOSE_OPEN_AD = """() => {
  document.querySelector('#assets button[aria-label="Close"]')?.click();
}"""


def unselect() -> tuple[Any, ...]:
    """Clear the selected ad's details, checks, number and download (the grid changed).

    A ZIP made before goes too: it no longer holds the ads shown (one deleted, new ones).
    """
    return (SELECT_FIRST, NO_CHECKS, None,
            gr.DownloadButton("Download", value=None, interactive=False),
            gr.File(value=None, visible=False))


CLOSE_MENU_ON_LEAVE = """() => {
  document.addEventListener('focusout', (event) => {
    const input = event.target;
    if (input instanceof HTMLInputElement && input.closest('#resize-to')) {
      input.dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape', bubbles: true}));
    }
  }, true);
}"""
"""Closes the placement menu's list when the focus leaves it (Tab or Shift+Tab): Gradio's
dropdown left it open over the buttons; Escape is its own way to close it."""
HEADER = '<h1>adstudio <span>ads from a product photo</span></h1>'
"""The page's one heading of the first level: what the app is, above the workspace."""
HEADER_CSS = """
#app-header h1 { margin: 0; font-size: var(--text-xl); font-weight: 700; line-height: 1.3; }
#app-header h1 span { font-size: var(--text-md); font-weight: 400;
                      color: var(--body-text-color-subdued); }
"""
"""The header's styles: a compact title line, so the workspace still starts near the top."""
SKIP_LINK = '<a class="skip-link" href="#message">Skip to the message box</a>'
"""The page's first stop for the keyboard: past a long conversation to the message box."""
SKIP_TO_MESSAGE = (
    "element.querySelector('a').addEventListener('click', (event) => {"
    " event.preventDefault(); document.querySelector('#message textarea')?.focus(); });"
)
"""Puts the focus in the message box itself (an anchor only moves where Tab starts)."""


def wire_selection(
    controller: ChatController, work: Workspace, chatbot: Any, thread: Any, stop: Any,
    outputs: list[Any], after_run: Callable[[Any], None], show_stop: Callable[[], Any],
) -> None:
    """Wire the headline field, the picks' actions, "Every placement" and the "Show" menu.

    Each action goes through the agent like the buttons on one ad (``ChatController.send``);
    the menu and the pick list follow the gallery.
    """
    sent = [chatbot, thread]
    for name, handler, inputs in (
        ("headline", controller.change_headline, [work.selected, work.headline]),
        ("every", controller.every_placement, [work.selected]),
        ("compare", controller.compare, [work.picks]),
        ("zip", controller.zip_picked, [work.picks]),
    ):
        triggers = [work.more[name].click] + ([work.headline.submit] if name == "headline" else [])
        after_run(gr.on(
            triggers, show_stop, None, [stop], api_visibility="private", queue=False
        ).then(handler, [*inputs, *sent], outputs, api_name=f"ads_{name}",
               show_progress="minimal"))
    work.more["compare"].click(controller.compared, [work.picks, thread], [work.compared],
                               api_visibility="private", queue=False)
    work.picks.input(lambda: gr.Markdown(visible=False), None, [work.compared],
                     api_visibility="private", queue=False)
    work.show.input(controller.show_group, [thread, work.show], [work.gallery],
                    api_visibility="private")
    work.gallery.change(controller.regroup, [thread, work.gallery, work.show, work.picks],
                        [work.show, work.picks], api_visibility="private")


def build_app(runtime: AgentRuntime) -> gr.Blocks:
    """Build the chat UI on ``runtime``."""
    controller = ChatController(runtime)
    with gr.Blocks(title=TITLE, fill_height=True, analytics_enabled=False) as app:
        gr.HTML(f"<style>{CSS}</style>", elem_id="workspace-style")  # served and mounted alike
        gr.HTML(SKIP_LINK, elem_id="skip", padding=False, container=False,
                js_on_load=SKIP_TO_MESSAGE)
        gr.HTML(f"<style>{HEADER_CSS}</style>{HEADER}", elem_id="app-header", padding=False,
                container=False)
        thread = gr.BrowserState(
            None, storage_key="adstudio-thread", secret=browser_state_secret(runtime.settings)
        )
        keeper = ConversationKeeper(runtime, controller.restore, controller.newest_ad)
        with gr.Tabs():
            with gr.Tab("Chat", elem_id="tab-chat"):
                with gr.Sidebar(open=True, width=300, elem_id="convos-sidebar"):
                    convos = conversations_panel(keeper)
                gr.Markdown(INTRO, elem_id="intro")
                with gr.Row(equal_height=False, elem_id="workspace"):
                    with gr.Column(scale=3, min_width=420, elem_id="ads-column"):
                        work = workspace_panel()
                    with gr.Column(scale=2, min_width=340, elem_id="chat-column"):
                        chatbot = naming_images(gr.Chatbot(  # ads keep their alt text
                            label="Chat",
                            elem_id="chat",
                            buttons=["copy"],
                            feedback_options=None,
                            placeholder="Attach a product photo (📎) and describe your product.",
                            sanitize_html=True,  # and user text is escaped (ui.history)
                            allow_tags=False,  # no custom tag from a message is kept
                            latex_delimiters=[],  # "$$" in a product name is just text
                        ))
                        with gr.Column(elem_id="composer"):
                            with gr.Row(visible=False, elem_id="confirm-spend") as confirm_row:
                                approve = gr.Button("Confirm", variant="primary",
                                                    elem_id="confirm")
                                cancel = gr.Button("Cancel", variant="secondary",
                                                   elem_id="cancel")
                            stop = gr.Button(
                                "Stop", variant="stop", visible=False, elem_id="stop", size="sm"
                            )
                            box = gr.MultimodalTextbox(
                                placeholder="Describe your product and campaign, or ask for "
                                "changes…",
                                file_types=["image"],
                                file_count="multiple",
                                sources=["upload"],
                                show_label=False,
                                elem_id="message",
                            )
                        new = gr.Button("New conversation", variant="secondary", size="sm")
                        mark = mark_panel(ProductMarker(runtime))
                        with gr.Accordion("Brief", open=False, elem_id="brief-panel"):
                            card = brief_panel(BriefEditor(runtime))  # editable (ui.brief_card)
                            brief = gr.JSON(visible=False)  # the card's data
                        with gr.Accordion("About this setup", open=False, elem_id="about"):
                            gr.Markdown(engine_notice(runtime.settings))
            with gr.Tab("Review", elem_id="tab-review") as review:
                review_tab(runtime.settings.data_dir, runtime.settings.tenant, review,
                           runtime.settings.storage.url(), runtime.settings.api.secret_key)
        gallery = work.gallery
        outputs = [chatbot, box, thread, brief, gallery]

        def show_stop() -> Any:
            return stop_button(True)

        def hide_stop() -> Any:
            return stop_button(False)

        listed = [convos.owner, convos.listing, convos.title]

        def after_run(event: Any) -> None:
            event.then(controller.confirmation, [thread], [confirm_row], api_name=False).then(
                hide_stop, None, [stop], api_visibility="private", queue=False
            ).then(mark.marker.refresh, [thread, mark.marks], mark.outputs, api_name=False
            ).then(keeper.note, [thread, convos.owner], listed, api_visibility="private"
            ).then(card.editor.card_kit, [brief], [card.kit], api_visibility="private", queue=False)

        def switched(opened: str, marks: Any) -> tuple[Any, ...]:
            """What else changes with the open conversation: Confirm / Cancel, the marker."""
            return (controller.confirmation(opened), *mark.marker.refresh(opened, marks))

        convos.wire([chatbot, thread, brief, gallery],
                    Also([mark.marks], [confirm_row, *mark.outputs], switched))

        box.submit(show_stop, None, [stop], api_visibility="private", queue=False)
        after_run(box.submit(
            controller.respond,
            [box, chatbot, thread],
            outputs,
            api_name="chat",
            show_progress="minimal",
        ))
        for action, button in work.buttons.items():
            act = partial(controller.act, action)
            after_run(button.click(
                show_stop, None, [stop], api_visibility="private", queue=False
            ).then(
                act, [work.selected, work.placement, chatbot, thread], outputs,
                api_name=f"ad_{action}", show_progress="minimal",
            ))
        wire_selection(controller, work, chatbot, thread, stop, outputs, after_run, show_stop)
        mark.wire(chatbot, thread)
        for button, handler, name in (
            (approve, controller.approve, "confirm"),
            (cancel, controller.cancel, "cancel"),
        ):
            button.click(
                hide_confirmation, None, [confirm_row], api_visibility="private", queue=False
            ).then(show_stop, None, [stop], api_visibility="private", queue=False).then(
                handler, [chatbot, thread], outputs, api_name=name
            ).then(controller.confirmation, [thread], [confirm_row], api_name=False).then(
                hide_stop, None, [stop], api_visibility="private", queue=False
            ).then(keeper.note, [thread, convos.owner], listed, api_visibility="private")
        stop.click(controller.stop, [thread], [stop], api_name="stop", queue=False)
        gallery.select(
            controller.select_ad, [thread],
            [work.details, work.checks, work.selected, work.download_one],
            api_visibility="private",
        )
        card.wire(brief, chatbot, thread)
        gallery.change(  # new ads shift the grid: nothing stays selected by its position
            unselect, None,
            [work.details, work.checks, work.selected, work.download_one, work.zip_file],
            js=CLOSE_OPEN_AD, api_visibility="private", queue=False,
        )
        work.download_all.click(controller.zip_all, [thread], [work.zip_file],
                                api_name="download_all")
        new.click(controller.new_conversation, None, outputs, api_name="new_conversation").then(
            controller.confirmation, [thread], [confirm_row], api_name=False
        ).then(mark.marker.refresh, [thread, mark.marks], mark.outputs, api_name=False
               ).then(keeper.note, [thread, convos.owner], listed, api_visibility="private")
        app.load(
            controller.restore, [thread], [chatbot, thread, brief, gallery], api_name=False
        ).then(controller.confirmation, [thread], [confirm_row], api_name=False).then(
            mark.marker.refresh, [thread, mark.marks], mark.outputs, api_name=False
        ).then(keeper.adopt, [thread, convos.owner], listed, api_visibility="private"
        ).then(controller.regroup, [thread, gallery, work.show, work.picks],  # no change event
               [work.show, work.picks], api_visibility="private")  # on a page's first load
        app.load(None, None, None, js=CLOSE_ON_PHONE, queue=False)  # it covers a phone
        app.load(None, None, None, js=CLOSE_MENU_ON_LEAVE, queue=False)
        if runtime.services.engines.video_jobs is not None:  # remote videos arrive later
            gr.Timer(10).tick(
                controller.deliver_jobs, [chatbot, thread], [chatbot], api_visibility="private",
                show_progress="hidden",
            )
    return app


def launch(runtime: AgentRuntime, host: str, port: int) -> None:
    """Serve the UI (blocking)."""
    app = build_app(runtime)
    runtime.warm_in_background()  # the first message need not wait for the word lists
    app.queue(default_concurrency_limit=4).launch(
        server_name=host, server_port=port, quiet=False, **launch_options(runtime)
    )


def __getattr__(name: str) -> Any:
    """Build ``demo`` on first use, from the process settings."""
    if name == "demo":
        app = build_app(AgentRuntime(get_settings()))
        globals()["demo"] = app
        return app
    raise AttributeError(name)


if __name__ == "__main__":
    settings = get_settings()
    launch(AgentRuntime(settings), settings.api.host, settings.api.port)
