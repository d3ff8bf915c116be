"""The Chat tab's list of conversations: titles, times, the store, and the panel's handlers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from langchain_core.messages import AIMessage, HumanMessage

from agent.attachments import attachment_note
from agent.runtime import AgentRuntime
from evals.recipes import bottle_on_white
from tests.media import save_jpeg
from ui.app import ChatController
from ui.conversations import (
    TITLE_CHARS,
    UNTITLED,
    ConversationStore,
    auto_title,
    clean_title,
    first_request,
    new_owner,
    when,
)
from ui.conversations_panel import NOT_ASKED, NOT_YOURS, ConversationKeeper

BRIEF = "Insulated steel water bottle, 750 ml, keeps drinks cold 24 h, for hikers"
QUESTION = "What can you do for a kitchen knife brand?"
T0 = datetime(2026, 12, 7, 14, 5, tzinfo=UTC)


@pytest.fixture
def store(tmp_path: Path) -> ConversationStore:
    return ConversationStore(tmp_path / "conversations.sqlite")


def test_a_title_is_one_line_and_a_long_one_is_cut_at_a_word() -> None:
    assert clean_title("  Summer\n bottle   ads ") == "Summer bottle ads"
    long = "Insulated steel water bottle for hikers who walk far " * 3
    cut = clean_title(long)
    assert len(cut) <= TITLE_CHARS and cut.endswith("…")
    assert long.startswith(cut[:-1]) and long[len(cut) - 1] == " "  # a whole word kept


def test_the_automatic_title_is_the_product_else_the_first_request() -> None:
    assert auto_title("Steel bottle", QUESTION) == "Steel bottle"
    assert auto_title(None, QUESTION) == QUESTION
    assert auto_title("  ", "") == UNTITLED


def test_the_first_request_leaves_out_the_notes_of_an_attached_photo() -> None:
    photo_only = HumanMessage(content=attachment_note("img_0123456789", "bottle.jpg"))
    messages = [photo_only, AIMessage(content="Tell me about it"),
                HumanMessage(content=f"{QUESTION}\n{attachment_note('img_00000000ab', '')}")]
    assert first_request(messages) == QUESTION
    assert first_request([]) == ""


@pytest.mark.parametrize(("updated", "shown"), [
    (T0 - timedelta(hours=3), "Today 11:05"),
    (T0 - timedelta(days=1), "Yesterday 14:05"),
    (datetime(2026, 3, 2, 9, 30, tzinfo=UTC), "2 Mar 09:30"),
    (datetime(2025, 12, 31, 23, 0, tzinfo=UTC), "31 Dec 2025"),
])
def test_when_a_conversation_last_moved(updated: datetime, shown: str) -> None:
    assert when(updated, T0) == shown


def test_the_list_shows_the_most_recently_active_first(store: ConversationStore) -> None:
    owner = new_owner()
    store.record("t", owner, "a", "Bottle", "img_a", at=T0)
    store.record("t", owner, "b", "Knife", None, at=T0 + timedelta(minutes=1))
    assert [c.thread for c in store.list("t", owner)] == ["b", "a"]
    store.record("t", owner, "a", "Bottle", "img_a2", at=T0 + timedelta(minutes=2))  # a turn
    listed = store.list("t", owner)
    assert [c.thread for c in listed] == ["a", "b"]
    assert listed[0].thumbnail == "img_a2" and listed[0].updated == T0 + timedelta(minutes=2)


def test_a_rename_is_kept_when_later_turns_change_the_product(
    store: ConversationStore,
) -> None:
    owner = new_owner()
    store.record("t", owner, "a", "Bottle", None, at=T0)
    assert store.rename("t", owner, "a", "  Summer  bottle ads ") == "Summer bottle ads"
    store.record("t", owner, "a", "Steel bottle", None, at=T0 + timedelta(minutes=1))
    assert store.list("t", owner)[0].title == "Summer bottle ads"
    with pytest.raises(ValueError, match="title"):
        store.rename("t", owner, "a", "   ")


def test_a_browser_never_sees_nor_changes_another_browsers_conversations(
    store: ConversationStore,
) -> None:
    mine, theirs = new_owner(), new_owner()
    store.record("t", mine, "a", "Bottle", None, at=T0)
    store.record("t", theirs, "b", "Knife", None, at=T0)
    store.record("other-tenant", mine, "c", "Shoe", None, at=T0)
    assert [c.thread for c in store.list("t", mine)] == ["a"]
    assert store.get("t", mine, "b") is None
    assert store.rename("t", mine, "b", "Mine now") is None
    assert store.delete("t", mine, "b") is False
    assert [(c.thread, c.title) for c in store.list("t", theirs)] == [("b", "Knife")]


def test_a_deleted_conversation_leaves_the_list_and_the_list_survives_a_restart(
    tmp_path: Path,
) -> None:
    owner = new_owner()
    first = ConversationStore(tmp_path / "conversations.sqlite")
    first.record("t", owner, "a", "Bottle", None, at=T0)
    first.record("t", owner, "b", "Knife", None, at=T0)
    assert first.delete("t", owner, "b") is True
    first.close()
    again = ConversationStore(tmp_path / "conversations.sqlite")  # a server restart
    assert [c.thread for c in again.list("t", owner)] == ["a"]


@pytest.fixture
def keeper(runtime: AgentRuntime, tmp_path: Path) -> ConversationKeeper:
    controller = ChatController(runtime)
    return ConversationKeeper(runtime, controller.restore, controller.newest_ad,
                              ConversationStore(tmp_path / "conversations.sqlite"))


def _send(keeper: ConversationKeeper, thread: str, text: str, files: list[str] | None = None
          ) -> None:
    controller = ChatController(keeper.runtime)
    for _ in controller.respond({"text": text, "files": files or []}, [], thread):
        pass


def test_a_turn_lists_the_conversation_by_its_product_with_its_newest_ad(
    keeper: ConversationKeeper, tmp_path: Path,
) -> None:
    photo = save_jpeg(bottle_on_white()[0], tmp_path / "bottle.jpg")
    thread = keeper.runtime.new_thread()
    _send(keeper, thread, BRIEF, [str(photo)])
    owner, entries, title = keeper.note(thread, None)
    assert owner  # a browser's first turn gives it an owner token
    assert [(e["thread"], e["open"]) for e in entries] == [(thread, True)]
    assert title == entries[0]["title"] == keeper.runtime.state(thread).brief.product_name
    numbers = keeper.runtime.ad_numbers(thread)
    newest = max(numbers, key=numbers.__getitem__)
    assert entries[0]["thumbnail"] == str(keeper.runtime.services.assets.path(newest))


def test_a_banner_made_last_is_not_the_thumbnail_while_a_squarer_ad_exists(
    keeper: ConversationKeeper, tmp_path: Path,
) -> None:
    # a 728x90 banner squeezed into a square thumbnail is an unreadable slice of it
    photo = save_jpeg(bottle_on_white()[0], tmp_path / "bottle.jpg")
    thread = keeper.runtime.new_thread()
    _send(keeper, thread, BRIEF, [str(photo)])
    _send(keeper, thread, "resize #1 to a 728x90 banner")
    store = keeper.runtime.services.assets
    numbers = keeper.runtime.ad_numbers(thread)
    newest = max(numbers, key=numbers.__getitem__)
    assert (store.get(newest).width, store.get(newest).height) == (728, 90)  # made last
    _owner, entries, _title = keeper.note(thread, None)
    shown = next(a for a in numbers if str(store.path(a)) == entries[0]["thumbnail"])
    assert store.get(shown).width == store.get(shown).height  # the newest square ad
    assert numbers[shown] == max(n for a, n in numbers.items() if a != newest)


def test_a_new_conversation_keeps_the_old_one_and_reopening_brings_it_back(
    keeper: ConversationKeeper,
) -> None:
    first, second = keeper.runtime.new_thread(), keeper.runtime.new_thread()
    _send(keeper, first, QUESTION)
    owner, _entries, _title = keeper.note(first, None)
    _owner, entries, title = keeper.note(second, owner)  # "New conversation": no message yet
    assert [e["thread"] for e in entries] == [first] and title == ""
    _send(keeper, second, "Hello there")
    _owner, entries, _title = keeper.note(second, owner)
    assert [e["thread"] for e in entries] == [second, first]
    history, thread, _brief, _gallery, entries, title = keeper.open(first, owner, second)
    assert thread == first and title == QUESTION
    assert any(QUESTION in str(m["content"]) for m in history)
    assert [e["open"] for e in entries] == [False, True]


def test_another_browsers_conversation_does_not_open(
    keeper: ConversationKeeper, monkeypatch: pytest.MonkeyPatch,
) -> None:
    thread = keeper.runtime.new_thread()
    _send(keeper, thread, QUESTION)
    owner, _entries, _title = keeper.note(thread, None)
    warnings: list[str] = []
    monkeypatch.setattr("ui.conversations_panel.gr.Warning", warnings.append)
    outputs = keeper.open(thread, new_owner(), None)
    assert warnings == [NOT_YOURS]
    assert outputs[4] == []  # the stranger's list: empty; nothing of the thread is shown
    assert all(not isinstance(o, list) or o == [] for o in outputs)


def test_deleting_removes_the_conversation_and_its_messages(keeper: ConversationKeeper) -> None:
    kept, gone = keeper.runtime.new_thread(), keeper.runtime.new_thread()
    _send(keeper, kept, QUESTION)
    owner, *_ = keeper.note(kept, None)
    _send(keeper, gone, "Hello there")
    keeper.note(gone, owner)
    _row, question, asked = keeper.ask_delete(gone, owner)
    assert asked == gone and "Hello there" in question
    history, fresh, _brief, gallery, entries, title, _row = keeper.delete(gone, owner, asked)
    assert history == [] and gallery == [] and title == "" and fresh not in (kept, gone)
    assert [e["thread"] for e in entries] == [kept]
    assert keeper.runtime.state(gone) is None  # its messages are removed, not hidden
    assert keeper.runtime.state(kept) is not None


def test_a_confirmation_deletes_only_the_conversation_it_asked_about(
    keeper: ConversationKeeper, monkeypatch: pytest.MonkeyPatch,
) -> None:
    # asked to delete A, then B opened while the question stood: confirming deletes nothing
    first, second = keeper.runtime.new_thread(), keeper.runtime.new_thread()
    _send(keeper, first, QUESTION)
    owner, *_ = keeper.note(first, None)
    _send(keeper, second, "Hello there")
    keeper.note(second, owner)
    _row, _question, asked = keeper.ask_delete(first, owner)
    keeper.open(second, owner, first)
    warnings: list[str] = []
    monkeypatch.setattr("ui.conversations_panel.gr.Warning", warnings.append)
    outputs = keeper.delete(second, owner, asked)
    assert warnings == [NOT_ASKED]
    assert {e["thread"] for e in outputs[4]} == {first, second}
    assert keeper.runtime.state(first) is not None and keeper.runtime.state(second) is not None


def test_a_reload_lists_an_open_thread_made_before_the_list_without_moving_others(
    keeper: ConversationKeeper,
) -> None:
    older, listed = keeper.runtime.new_thread(), keeper.runtime.new_thread()
    _send(keeper, listed, "Hello there")
    owner, *_ = keeper.note(listed, None)
    stamp = keeper.store.get(keeper.tenant, owner, listed).updated
    keeper.adopt(listed, owner)  # a reload is not a message: its time stays
    assert keeper.store.get(keeper.tenant, owner, listed).updated == stamp
    _send(keeper, older, QUESTION)  # as if sent before the list existed: never noted
    _owner, entries, title = keeper.adopt(older, owner)
    assert {e["thread"] for e in entries} == {older, listed} and title == QUESTION


def test_a_conversation_moves_up_for_a_new_message_only(keeper: ConversationKeeper) -> None:
    first, second = keeper.runtime.new_thread(), keeper.runtime.new_thread()
    _send(keeper, first, QUESTION)
    owner, *_ = keeper.note(first, None)
    _send(keeper, second, "Hello there")
    keeper.note(second, owner)
    _owner, entries, _title = keeper.note(first, owner)  # an action refused in the UI
    assert [e["thread"] for e in entries] == [second, first]
    _send(keeper, first, "And for a bread knife?")
    _owner, entries, _title = keeper.note(first, owner)
    assert [e["thread"] for e in entries] == [first, second]
