"""A real PostgreSQL on loopback for the storage tests: Debian's programs, a temporary cluster.

``make test`` installs the programs (``scripts/ensure-postgres.sh``); each pytest worker starts
one server (``initdb`` in a temporary folder, trust authentication, a free loopback port, a
socket folder of its own) and every test gets a fresh database on it.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg

from tests.servers import free_port

USER = "adstudio"
SERVER_USER = "postgres"
"""Who runs the server when the tests run as root (PostgreSQL refuses to run as root)."""


def programs() -> Path:
    """The folder of ``initdb`` and ``pg_ctl`` (``ADSTUDIO_PG_BIN``, else Debian's newest).

    Raises:
        RuntimeError: When PostgreSQL is not installed (the message says how to install it).
    """
    given = os.environ.get("ADSTUDIO_PG_BIN")
    found = [given] if given else sorted(glob.glob("/usr/lib/postgresql/*/bin"))
    for folder in reversed(found):
        if Path(folder, "initdb").exists() and Path(folder, "pg_ctl").exists():
            return Path(folder)
    raise RuntimeError(
        "PostgreSQL's server programs are missing: run `bash scripts/ensure-postgres.sh` "
        "(make test does), or set ADSTUDIO_PG_BIN to the folder of initdb and pg_ctl."
    )


def _as_server_user(argv: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return argv
    return ["runuser", "-u", SERVER_USER, "--", *argv]


def _own(path: Path) -> None:
    """Give ``path`` to the server's user when running as root."""
    if os.geteuid() == 0:
        entry = pwd.getpwnam(SERVER_USER)
        os.chown(path, entry.pw_uid, entry.pw_gid)


def _run(argv: list[str]) -> None:
    """Run a server program (as the server's user); raise with what it printed if it fails."""
    done = subprocess.run(_as_server_user(argv), capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{Path(argv[0]).name} failed ({done.returncode}): "
                           f"{done.stderr.strip() or done.stdout.strip()}")


@contextmanager
def postgres_server(folder: Path) -> Iterator[str]:
    """Start a PostgreSQL server in ``folder``; yield the URL of its ``postgres`` database."""
    bin_dir = programs()
    folder.mkdir(parents=True, exist_ok=True)
    _own(folder)
    data, sockets = folder / "data", folder / "sockets"
    sockets.mkdir(exist_ok=True)
    _own(sockets)
    port = free_port()
    _run([str(bin_dir / "initdb"), "-D", str(data), "-U", USER, "--auth=trust", "-E", "UTF8",
          "--no-sync"])
    options = (f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync=off "
               "-c max_connections=200 -c synchronous_commit=off")
    log = folder / "server.log"
    _run([str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", options, "-w",
          "-t", "60", "start"])
    try:
        yield f"postgresql://{USER}@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            _as_server_user([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate",
                             "-w", "stop"]),
            check=False, capture_output=True,
        )
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def fresh_database(server_url: str) -> Iterator[str]:
    """A new empty database on the server; yield its URL, drop it afterwards."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield server_url.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with psycopg.connect(server_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
