"""Where conversations are checkpointed, by the deployment's database URL (issue 25)."""

from __future__ import annotations

from pathlib import Path

from langgraph.checkpoint.sqlite import SqliteSaver

from agent.checkpoints import checkpointer_for
from agent.runtime import SERIALIZER
from core.settings import Settings


def test_an_sqlite_database_url_keeps_conversations_in_sqlite_not_postgresql(
    tmp_path: Path,
) -> None:
    # ADSTUDIO_DATABASE_URL may name one SQLite file for every store (the stores accept
    # it): conversations then stay in SQLite too, instead of a PostgreSQL nobody set up
    url = f"sqlite:///{tmp_path / 'all.sqlite'}"
    saver = checkpointer_for(Settings(data_dir=tmp_path / "data", database_url=url), SERIALIZER)
    assert isinstance(saver, SqliteSaver)
    assert list(saver.list(None)) == []  # set up and readable
