"""``adstudio db status|upgrade`` on the embedded SQLite files (PostgreSQL: tests/integration)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.auth import SCHEMA as KEYS
from api.db import SCHEMA as API
from cli.app import app
from core.settings import get_settings

runner = CliRunner()


def test_status_asks_for_an_upgrade_and_upgrade_makes_every_store_current(tmp_path: Path) -> None:
    data = tmp_path / "data"  # the autouse fixture's data dir
    data.mkdir(parents=True, exist_ok=True)
    sqlite3.connect(data / "api.sqlite").close()  # a file with no tables: an old version's
    before = runner.invoke(app, ["db", "status"])
    assert before.exit_code == 1
    assert f"api: no tables yet (needs upgrade to {API.head()}" in before.output
    done = runner.invoke(app, ["db", "upgrade"])
    assert done.exit_code == 0, done.output
    assert f"api: new → {API.head()}" in done.output
    assert f"api_keys: new → {KEYS.head()}" in done.output
    assert "conversations: set up" in done.output and (data / "threads.sqlite").is_file()
    again = runner.invoke(app, ["db", "upgrade"])
    assert "already at" in again.output and "new →" not in again.output
    assert runner.invoke(app, ["db", "status"]).exit_code == 0
    with sqlite3.connect(data / "api.sqlite") as db:
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"threads", "runs", "events", f"alembic_version_{API.name}"} <= tables


def test_an_unreachable_database_is_a_one_line_error_without_the_password(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ADSTUDIO_DATABASE_URL", "postgresql://ads:s3cret@127.0.0.1:1/ads")
    get_settings.cache_clear()
    for command in ("status", "upgrade"):
        result = runner.invoke(app, ["db", command])
        assert result.exit_code == 1
        assert "error:" in result.output and "s3cret" not in result.output
        assert "Traceback" not in result.output


def test_an_unsupported_database_is_refused_with_the_forms_that_work(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ADSTUDIO_DATABASE_URL", "mysql://root@localhost/ads")
    get_settings.cache_clear()
    result = runner.invoke(app, ["db", "upgrade"])
    assert result.exit_code == 1 and "postgresql://" in result.output


def test_serve_with_an_unreachable_database_says_what_to_check(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ADSTUDIO_DATABASE_URL", "postgresql://ads:s3cret@127.0.0.1:1/ads")
    get_settings.cache_clear()
    result = runner.invoke(app, ["serve", "--port", "7999"])
    assert result.exit_code == 2 and "ADSTUDIO_DATABASE_URL" in result.output
    assert "s3cret" not in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("url", [
    "postgresql://ads:pa55@w0rd@127.0.0.1:1/ads",  # an '@' in the password, not %40-encoded
    "postgresql://ads:pa55w0rd@127.0.0.1:54x2/ads",  # a mistyped port
])
def test_a_malformed_database_url_is_refused_without_any_part_of_the_password(
    monkeypatch: pytest.MonkeyPatch, url: str,
) -> None:
    monkeypatch.setenv("ADSTUDIO_DATABASE_URL", url)
    get_settings.cache_clear()
    for command in ("status", "upgrade"):
        result = runner.invoke(app, ["db", command])
        assert result.exit_code == 1 and "error:" in result.output
        assert "w0rd" not in result.output and "pa55" not in result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)


def test_status_and_upgrade_work_on_the_data_dir_given(tmp_path: Path) -> None:
    # like the other commands, `--data-dir` picks the stores to look at and to upgrade;
    # the default data dir is left alone
    other = tmp_path / "elsewhere"
    before = runner.invoke(app, ["db", "status", "--data-dir", str(other)])
    assert before.exit_code == 0, before.output
    assert f"api: not created yet (made on first use; {other / 'api.sqlite'})" in before.output
    done = runner.invoke(app, ["db", "upgrade", "--data-dir", str(other)])
    assert done.exit_code == 0, done.output
    assert f"api: new → {API.head()}" in done.output
    assert (other / "api.sqlite").is_file() and (other / "threads.sqlite").is_file()
    assert (other / "conversations.sqlite").is_file()  # the UI's list of conversations too
    assert runner.invoke(app, ["db", "status", "--data-dir", str(other)]).exit_code == 0
    assert not (tmp_path / "data" / "api.sqlite").exists()  # the autouse fixture's data dir
    assert "not created yet" in runner.invoke(app, ["db", "status"]).output


def test_status_only_reads_a_data_dir_that_does_not_exist(tmp_path: Path) -> None:
    # a status is a look: it must not make the folder, nor an empty file per store
    nowhere = tmp_path / "no" / "such" / "dir"
    shown = runner.invoke(app, ["db", "status", "--data-dir", str(nowhere)])
    assert shown.exit_code == 0, shown.output
    assert shown.output.count("not created yet") >= 8
    assert not (tmp_path / "no").exists()
