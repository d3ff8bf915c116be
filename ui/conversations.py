"""The Chat tab's list of conversations: each browser's threads, to reopen, rename or delete.

A browser is known by an owner token it keeps in its localStorage (a ``gr.BrowserState``,
like its open thread). Each conversation it has had is one row of ``ui_conversations``
(tenant, owner, thread): its title, whether the user renamed it, the asset id of its newest
ad (the thumbnail) and when its last turn ended. Embedded, the table is
``conversations.sqlite`` in the data dir; with ``ADSTUDIO_DATABASE_URL`` set, a table of that
PostgreSQL database. Every read and write names the tenant and the owner: a browser never
lists, opens, renames or deletes another's conversation.

A conversation is titled by its product's name, else by its first request, until the user
renames it; a rename is kept when later turns change the product.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from langchain_core.messages import BaseMessage, HumanMessage
from sqlalchemy import text

from agent.attachments import strip_notes
from core.settings import Settings
from core.storage.database import make_engine, reading, sqlite_url, store_url, writing
from core.storage.migrations import Schema, upgrade
from ui.migrations import MIGRATIONS

SCHEMA = Schema("ui_conversations", MIGRATIONS / "conversations")
"""The conversations table and its migrations."""
CONVERSATIONS_FILE = "conversations.sqlite"
"""The store's SQLite file in the data dir (when no database URL is set)."""
TITLE_CHARS = 60
"""The longest title kept (a longer first request is cut at a word, with an ellipsis)."""
UNTITLED = "New conversation"
"""The title of a conversation with neither a product name nor a request yet."""
LISTED = 50
"""How many conversations the list shows (the newest)."""


@dataclass(frozen=True)
class Conversation:
    """One entry of a browser's list.

    Attributes:
        thread: The conversation's thread id.
        title: What the list shows.
        renamed: Whether the user chose the title (kept over the automatic one).
        thumbnail: Asset id of the newest ad, or None (no ad yet).
        updated: When its last turn ended (UTC).
    """

    thread: str
    title: str
    renamed: bool
    thumbnail: str | None
    updated: datetime


def new_owner() -> str:
    """A fresh owner token for a browser (128 random bits, hex)."""
    return secrets.token_hex(16)


def clean_title(title: str) -> str:
    """A title on one line, its spaces collapsed, at most :data:`TITLE_CHARS` characters.

    A longer one is cut at the last word that fits and ends with an ellipsis.
    """
    words = " ".join(title.split())
    if len(words) <= TITLE_CHARS:
        return words
    cut = words[: TITLE_CHARS - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,.;:-") + "…"


def first_request(messages: Sequence[BaseMessage]) -> str:
    """The words of the conversation's first user message ('' when there are none).

    The notes adstudio adds for an attached photo are left out.
    """
    for message in messages:
        if isinstance(message, HumanMessage):
            words = strip_notes(message.text).strip()
            if words:
                return words
    return ""


def auto_title(product_name: str | None, request: str) -> str:
    """The automatic title: the product's name, else the first request, else 'New conversation'."""
    for candidate in (product_name or "", request):
        title = clean_title(candidate)
        if title:
            return title
    return UNTITLED


def when(updated: datetime, now: datetime) -> str:
    """When a conversation last moved, as the list shows it (UTC).

    'Today 14:05', 'Yesterday 09:12', '3 Dec 18:40', or '3 Dec 2025' for another year.
    """
    updated, now = updated.astimezone(UTC), now.astimezone(UTC)
    clock = f"{updated:%H:%M}"
    if updated.date() == now.date():
        return f"Today {clock}"
    if updated.date() == (now - timedelta(days=1)).date():
        return f"Yesterday {clock}"
    if updated.year == now.year:
        return f"{updated.day} {updated:%b} {clock}"
    return f"{updated.day} {updated:%b %Y}"


class ConversationStore:
    """Each browser's conversations, on SQLite or PostgreSQL.

    Args:
        where: An SQLite file, or a database URL (``sqlite:///…``, ``postgresql://…``).
            The table is created or upgraded on opening.
    """

    def __init__(self, where: Path | str) -> None:
        self.url = sqlite_url(where) if isinstance(where, Path) else where
        self.engine = make_engine(self.url)
        upgrade(self.engine, SCHEMA)

    def close(self) -> None:
        """Close the pooled connections."""
        self.engine.dispose()

    def record(
        self, tenant: str, owner: str, thread: str, title: str, thumbnail: str | None,
        at: datetime | None = None,
    ) -> None:
        """Add the thread to the owner's list, or move it up with its new title and thumbnail.

        A title the user chose is kept (``title`` is the automatic one).
        """
        values = {"tenant": tenant, "owner": owner, "thread": thread,
                  "title": clean_title(title) or UNTITLED, "thumbnail": thumbnail,
                  "updated": (at or datetime.now(UTC)).astimezone(UTC).isoformat()}
        with writing(self.engine) as db:
            db.execute(text(
                "INSERT INTO ui_conversations (tenant, owner, thread, title, renamed, thumbnail, "
                "updated) VALUES (:tenant, :owner, :thread, :title, 0, :thumbnail, :updated) "
                "ON CONFLICT (tenant, owner, thread) DO UPDATE SET "
                "title = CASE WHEN ui_conversations.renamed = 1 THEN ui_conversations.title "
                "ELSE excluded.title END, thumbnail = excluded.thumbnail, "
                "updated = excluded.updated"
            ), values)

    def list(self, tenant: str, owner: str, limit: int = LISTED) -> list[Conversation]:
        """The owner's conversations, the most recently active first."""
        with reading(self.engine) as db:
            rows = db.execute(text(
                "SELECT thread, title, renamed, thumbnail, updated FROM ui_conversations "
                "WHERE tenant = :tenant AND owner = :owner ORDER BY updated DESC, thread "
                "LIMIT :limit"
            ), {"tenant": tenant, "owner": owner, "limit": limit}).fetchall()
        return [Conversation(str(r[0]), str(r[1]), bool(r[2]), r[3],
                             datetime.fromisoformat(str(r[4]))) for r in rows]

    def get(self, tenant: str, owner: str, thread: str) -> Conversation | None:
        """The owner's conversation on ``thread``, or None (not theirs, or deleted)."""
        with reading(self.engine) as db:
            row = db.execute(text(
                "SELECT thread, title, renamed, thumbnail, updated FROM ui_conversations "
                "WHERE tenant = :tenant AND owner = :owner AND thread = :thread"
            ), {"tenant": tenant, "owner": owner, "thread": thread}).fetchone()
        if row is None:
            return None
        return Conversation(str(row[0]), str(row[1]), bool(row[2]), row[3],
                            datetime.fromisoformat(str(row[4])))

    def rename(self, tenant: str, owner: str, thread: str, title: str) -> str | None:
        """Give the owner's conversation the user's title; return it as kept.

        Returns:
            The title kept (cleaned), or None when the owner has no such conversation.

        Raises:
            ValueError: The title is empty.
        """
        kept = clean_title(title)
        if not kept:
            raise ValueError("Type a title first.")
        with writing(self.engine) as db:
            changed = db.execute(text(
                "UPDATE ui_conversations SET title = :title, renamed = 1 "
                "WHERE tenant = :tenant AND owner = :owner AND thread = :thread"
            ), {"tenant": tenant, "owner": owner, "thread": thread, "title": kept}).rowcount
        return kept if changed == 1 else None

    def delete(self, tenant: str, owner: str, thread: str) -> bool:
        """Take the conversation off the owner's list; False when it was not on it."""
        with writing(self.engine) as db:
            removed = db.execute(text(
                "DELETE FROM ui_conversations "
                "WHERE tenant = :tenant AND owner = :owner AND thread = :thread"
            ), {"tenant": tenant, "owner": owner, "thread": thread}).rowcount
        return bool(removed == 1)


def conversations_url(settings: Settings) -> str:
    """Where the lists live: the deployment's PostgreSQL, or ``conversations.sqlite``."""
    return store_url(settings.storage.url(), settings.data_dir / CONVERSATIONS_FILE)
