"""Shared fixtures of the HTTP API tests: the API under uvicorn with keys, and two tenants.

A module overrides ``keyed`` for other limits, or ``api`` to prepare data first.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from agent.runtime import AgentRuntime
from core.settings import Settings
from tests.moto_s3 import moto_server
from tests.postgres import fresh_database, postgres_server
from tests.servers import ApiServer, client_for, serve_api


@pytest.fixture
def keyed(settings: Settings) -> Settings:
    """The test settings with API keys required."""
    return settings.with_changes(api_auth="keys")


@pytest.fixture
def api(keyed: Settings, runtime: AgentRuntime) -> Iterator[ApiServer]:
    """The API on a loopback port."""
    with serve_api(runtime, settings=keyed) as server:
        yield server


@pytest.fixture
def alice(api: ApiServer, keyed: Settings) -> Iterator[httpx.Client]:
    """A client with tenant alice's key."""
    with client_for(api, keyed, "alice") as client:
        yield client


@pytest.fixture
def bob(api: ApiServer, keyed: Settings) -> Iterator[httpx.Client]:
    """A client with tenant bob's key."""
    with client_for(api, keyed, "bob") as client:
        yield client


@pytest.fixture(scope="session")
def postgres() -> Iterator[str]:
    """A real PostgreSQL server on loopback (one per test worker): its admin URL.

    Its folder is a new one under the system's temp dir, not pytest's: pytest's folders
    are closed to other users, and the server runs as ``postgres`` when tests run as root.
    """
    with postgres_server(Path(tempfile.mkdtemp(prefix="adstudio-pg-"))) as url:
        yield url


@pytest.fixture
def postgres_url(postgres: str) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test: its URL."""
    with fresh_database(postgres) as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """One test, run on an SQLite file and on a fresh PostgreSQL database: the URL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.sqlite'}"
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture(scope="module")
def moto_endpoint() -> Iterator[str]:
    """Moto's S3 server on loopback (one per test module): its endpoint URL."""
    with moto_server() as endpoint:
        yield endpoint
