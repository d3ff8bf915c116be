"""Shared fixtures of the HTTP API tests: the API under uvicorn with keys, and two tenants.

A module overrides ``keyed`` for other limits, or ``api`` to prepare data first.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from agent.runtime import AgentRuntime
from core.settings import Settings
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
