"""The Chat tab's Conversations panel: the browser's past threads, to reopen, rename or delete.

A side bar on a desktop (collapsed on a phone, opened by its toggle): each entry shows the
newest ad as a thumbnail, the title and when the last turn ended, the newest first; a
click reopens it (the chat and the ads as a reload shows them). Under the list, the open
conversation's title can be changed, and it can be deleted (after a confirmation). The list
logic and its store are :mod:`ui.conversations`.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import gradio as gr

from agent.runtime import AgentRuntime
from core.errors import AssetNotFoundError
from core.markup import escape_markdown
from ui.browser_secret import browser_state_secret
from ui.conversations import (
    Conversation,
    ConversationStore,
    auto_title,
    conversations_url,
    first_request,
    new_owner,
    when,
)
from ui.workspace import BUSY

OWNER_KEY = "adstudio-owner"
"""localStorage key of the browser's owner token (encrypted like its open thread)."""
NOTHING_YET = "Your conversations appear here once you have sent a message."
NOT_SAVED = "This conversation has no messages yet: there is nothing to rename or delete."
NOT_YOURS = "That conversation is no longer in your list."
NOT_ASKED = ("Nothing was deleted: another conversation was opened after you asked. Click "
             "Delete… again to delete the one open now.")
CLOSE_ON_PHONE = """() => {
  if (window.innerWidth > 768) return;
  const side = document.querySelector('#convos-sidebar');
  if (side && side.classList.contains('open')) side.querySelector('.toggle-button')?.click();
}"""
"""Closes the side bar on a phone (where it covers the screen): on load and once an entry is
opened. Gradio's side bar starts open or closed for every screen alike."""
Entry = dict[str, Any]
"""One shown entry: ``thread``, ``title``, ``when``, ``thumbnail`` (a file path or None)
and ``open`` (the conversation open in the chat)."""
Restore = Callable[[str | None], tuple[list[Any], str, dict[str, Any], list[tuple[str, str]]]]
"""The chat's rebuild of a thread (``ChatController.restore``)."""
NewestAd = Callable[[str], str | None]
"""The asset id of a thread's newest ad still in its gallery (None: no ad)."""


class ConversationKeeper:
    """The panel's handlers: the list of one browser (its owner token) in the runtime's tenant.

    Args:
        runtime: The agent runtime (threads, assets).
        restore: Rebuilds a thread's chat, brief and gallery (as a reload does).
        newest_ad: The asset id of a thread's newest ad (the thumbnail).
        store: Where the lists live; by default the deployment's.
    """

    def __init__(self, runtime: AgentRuntime, restore: Restore, newest_ad: NewestAd,
                 store: ConversationStore | None = None) -> None:
        self.runtime = runtime
        self.restore = restore
        self.newest_ad = newest_ad
        self.store = store or ConversationStore(conversations_url(runtime.settings))
        self.tenant = runtime.settings.tenant

    def entries(self, owner: str | None, current: str | None) -> list[Entry]:
        """The owner's list as shown, the newest first, the open one marked."""
        if not owner:
            return []
        now = datetime.now(UTC)
        return [self._entry(c, current, now) for c in self.store.list(self.tenant, owner)]

    def _entry(self, conversation: Conversation, current: str | None, now: datetime) -> Entry:
        return {"thread": conversation.thread, "title": conversation.title,
                "when": when(conversation.updated, now),
                "thumbnail": self._thumbnail(conversation.thumbnail),
                "open": conversation.thread == current}

    def _thumbnail(self, asset_id: str | None) -> str | None:
        """The file of the thumbnail's ad, or None (no ad, or deleted since)."""
        if asset_id is None:
            return None
        assets = self.runtime.services.assets
        try:
            assets.get(asset_id)
        except AssetNotFoundError:
            return None
        return str(assets.path(asset_id))

    def note(self, thread: str | None, owner: str | None) -> tuple[str, list[Entry], str]:
        """After a turn: list the open thread (or move it up) with its title and newest ad.

        Its time is when its state was last saved: an action refused before reaching the
        agent (no ad selected) does not move it up.

        Returns:
            The owner (made on first use), the list, and the open conversation's title.
        """
        owner = owner or new_owner()
        state = self.runtime.state(thread) if thread else None
        if thread and state is not None:
            self.store.record(self.tenant, owner, thread,
                              auto_title(state.brief.product_name, first_request(state.messages)),
                              self.newest_ad(thread), self.runtime.last_saved(thread))
        return owner, self.entries(owner, thread), self.title(owner, thread)

    def adopt(self, thread: str | None, owner: str | None) -> tuple[str, list[Entry], str]:
        """On page load: the browser's list, with its open thread listed if it was not yet.

        A thread opened before this panel existed joins the list; one already listed keeps
        its time (a reload is not a message).
        """
        owner = owner or new_owner()
        if thread and self.store.get(self.tenant, owner, thread) is None:
            return self.note(thread, owner)
        return owner, self.entries(owner, thread), self.title(owner, thread)

    def title(self, owner: str | None, thread: str | None) -> str:
        """The open conversation's title ('' when it is not listed yet)."""
        listed = self.store.get(self.tenant, owner, thread) if owner and thread else None
        return listed.title if listed else ""

    def open(self, target: str, owner: str | None, current: str | None) -> tuple[Any, ...]:
        """Reopen one of the owner's conversations: its chat, brief and ads as they were.

        Refused while a turn of the open conversation runs (its reply would land in the
        other one), and for a thread not in the owner's list.
        """
        if current and self.runtime.running(current):
            gr.Warning(BUSY)
            return (gr.skip(),) * 6
        if not owner or self.store.get(self.tenant, owner, target) is None:
            gr.Warning(NOT_YOURS)
            return (gr.skip(),) * 4 + (self.entries(owner, current), gr.skip())
        history, thread, brief, gallery = self.restore(target)
        return history, thread, brief, gallery, self.entries(owner, thread), \
            self.title(owner, thread)

    def rename(self, title: str, thread: str | None, owner: str | None
               ) -> tuple[list[Entry], str]:
        """Give the open conversation the user's title."""
        if not owner or not thread:
            gr.Warning(NOT_SAVED)
            return self.entries(owner, thread), ""
        try:
            kept = self.store.rename(self.tenant, owner, thread, title)
        except ValueError as exc:
            gr.Warning(str(exc))
            return self.entries(owner, thread), self.title(owner, thread)
        if kept is None:
            gr.Warning(NOT_SAVED)
            return self.entries(owner, thread), ""
        return self.entries(owner, thread), kept

    def ask_delete(self, thread: str | None, owner: str | None
                   ) -> tuple[Any, str, str | None]:
        """The Delete button: ask first, naming the conversation.

        Returns:
            The confirmation row, its question, and the thread asked about (the only one
            the confirmation may delete).
        """
        title = self.title(owner, thread)
        if not title:
            gr.Warning(NOT_SAVED)
            return gr.Row(visible=False), "", None
        return gr.Row(visible=True), (
            f"Delete **{escape_markdown(title)}**? Its messages are removed for good; "
            "downloads you made stay yours."
        ), thread

    def delete(self, thread: str | None, owner: str | None, asked: str | None
               ) -> tuple[Any, ...]:
        """Delete the open conversation (confirmed): its messages go, a new one opens.

        Only ``asked``, the conversation the question named, is deleted: when another one
        was opened while the question stood, nothing is.
        """
        if asked != thread:
            gr.Warning(NOT_ASKED)
            return (gr.skip(),) * 4 + (self.entries(owner, thread), gr.skip(),
                                       gr.Row(visible=False))
        if not thread or not owner or self.store.get(self.tenant, owner, thread) is None:
            gr.Warning(NOT_SAVED)
            return (gr.skip(),) * 4 + (self.entries(owner, thread), gr.skip(),
                                       gr.Row(visible=False))
        if not self.runtime.delete_thread(thread):
            gr.Warning(BUSY)
            return (gr.skip(),) * 6 + (gr.Row(visible=False),)
        self.store.delete(self.tenant, owner, thread)
        fresh = self.runtime.new_thread()
        return [], fresh, {}, [], self.entries(owner, fresh), "", gr.Row(visible=False)


@dataclass(frozen=True)
class Also:
    """What else follows the open thread when another one opens (or a new one after a delete).

    Attributes:
        inputs: The components ``fn`` reads besides the thread.
        outputs: The components it updates.
        fn: ``fn(thread, *inputs)`` → the outputs' values.
    """

    inputs: list[Any]
    outputs: list[Any]
    fn: Callable[..., tuple[Any, ...]]

    def after(self, switched: tuple[Any, ...], extra: tuple[Any, ...]) -> tuple[Any, ...]:
        """``switched`` (a handler's outputs, the thread second) followed by ``fn``'s.

        Nothing more changes when the handler switched nothing (its thread is skipped).
        """
        thread = switched[1]
        if not isinstance(thread, str):
            return (*switched, *(gr.skip() for _ in self.outputs))
        return (*switched, *self.fn(thread, *extra))


def hide() -> Any:
    """Hide the delete confirmation."""
    return gr.Row(visible=False)


@dataclass
class ConversationPanel:
    """The panel's components (laid out by :func:`conversations_panel`).

    ``chat`` (the chatbot, thread, brief and gallery an opened entry fills) and ``also``
    (what else changes with the open thread: the confirmation row, the marker) are set by
    :meth:`wire`.
    """

    keeper: ConversationKeeper
    owner: Any
    listing: Any
    title: Any
    rename: Any
    delete: Any
    confirm_row: Any
    confirm_text: Any
    confirm: Any
    keep: Any
    asked: Any
    chat: list[Any] = field(default_factory=list)
    also: Also | None = None

    def wire(self, chat: list[Any], also: Also) -> None:
        """Connect the rename and delete buttons; ``chat`` and ``also`` as above."""
        self.chat, self.also = chat, also
        thread, keeper = chat[1], self.keeper
        for event in (self.rename.click, self.title.submit):
            event(keeper.rename, [self.title, thread, self.owner], [self.listing, self.title],
                  api_visibility="private")
        self.delete.click(keeper.ask_delete, [thread, self.owner],
                          [self.confirm_row, self.confirm_text, self.asked],
                          api_visibility="private")
        self.keep.click(hide, None, [self.confirm_row], api_visibility="private", queue=False)

        def delete(current: str | None, owner: str | None, asked: str | None, *extra: Any
                   ) -> tuple[Any, ...]:
            return also.after(keeper.delete(current, owner, asked), extra)

        self.confirm.click(
            delete, [thread, self.owner, self.asked, *also.inputs],
            [*chat, self.listing, self.title, self.confirm_row, *also.outputs],
            api_visibility="private",
        )

    def entry(self, entry: Entry) -> None:
        """Lay out one entry: thumbnail, title (the button that opens it) and time."""
        thread = entry["thread"]
        classes = ["convo-entry", "convo-open"] if entry["open"] else ["convo-entry"]
        with gr.Row(elem_classes=classes, equal_height=True, key=f"row-{thread}"):
            if entry["thumbnail"]:
                gr.Image(entry["thumbnail"], show_label=False, container=False,
                         interactive=False, buttons=[], height=56, width=56, min_width=56,
                         scale=0, elem_classes=["convo-thumb"],
                         alt_text=f"Newest ad of {entry['title']}", key=f"thumb-{thread}")
            else:
                initial = html.escape((entry["title"].strip() or "?")[0].upper())
                gr.HTML(f"<div class='convo-nothumb' aria-hidden='true'>{initial}</div>",
                        min_width=56, scale=0, elem_classes=["convo-nothumb-wrap"],
                        key=f"nothumb-{thread}")
            with gr.Column(scale=1, min_width=120):
                button = gr.Button(entry["title"], size="sm", elem_classes=["convo-title"],
                                   key=f"open-{thread}")
                gr.Markdown(entry["when"], elem_classes=["convo-when"], key=f"when-{thread}")
        keeper, also = self.keeper, self.also
        if also is None:
            return

        def open_it(owner: str | None, current: str | None, *extra: Any) -> tuple[Any, ...]:
            return also.after(keeper.open(thread, owner, current), extra)

        button.click(None, None, None, js=CLOSE_ON_PHONE, queue=False)
        # One event, no .then: its new list re-renders the entries, which drops this
        # render's events, so a chained step would be asked for after it is gone.
        button.click(open_it, [self.owner, self.chat[1], *also.inputs],
                     [*self.chat, self.listing, self.title, *also.outputs],
                     api_visibility="private")


def conversations_panel(keeper: ConversationKeeper) -> ConversationPanel:
    """Lay out the panel (inside the caller's side bar); the list renders from its state."""
    owner = gr.BrowserState(None, storage_key=OWNER_KEY,
                            secret=browser_state_secret(keeper.runtime.settings))
    listing = gr.State([])
    gr.Markdown("### Conversations", elem_id="convos-heading")
    shown = gr.Column(elem_id="convos")
    with gr.Group(elem_id="convo-edit"):
        title = gr.Textbox(label="Title of this conversation", elem_id="convo-title",
                           max_lines=1, placeholder="Send a message first")
        with gr.Row(equal_height=True):
            rename = gr.Button("Rename", size="sm", elem_id="convo-rename", min_width=80)
            delete = gr.Button("Delete…", size="sm", elem_id="convo-delete", min_width=80)
    with gr.Row(visible=False, elem_id="convo-confirm") as confirm_row:
        with gr.Column():
            confirm_text = gr.Markdown()
            with gr.Row():
                confirm = gr.Button("Delete", variant="stop", size="sm",
                                    elem_id="convo-confirm-delete")
                keep = gr.Button("Keep it", size="sm", elem_id="convo-keep")
    asked = gr.State(None)  # the thread the delete question names
    panel = ConversationPanel(keeper, owner, listing, title, rename, delete, confirm_row,
                              confirm_text, confirm, keep, asked)
    with shown:
        @gr.render(inputs=[listing])
        def _show(entries: list[Entry]) -> None:
            if not entries:
                gr.Markdown(NOTHING_YET, elem_classes=["convo-empty"])
            for entry in entries:
                panel.entry(entry)
    return panel
