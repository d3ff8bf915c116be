"""Fixtures shared by every test: no AWS, isolated data dirs, a ready runtime."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile

# Each pytest-xdist worker has a core of its own (make test runs one per core): BLAS threads
# beyond that oversubscribe the cores, and OpenBLAS's idle threads spin-wait, which slowed the
# numpy-heavy tests (the policy's sentence encoder, the cutouts) up to tenfold under load.
# Set before numpy is first imported (no pytest plugin imports it earlier).
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

# Gradio caches every upload and served file under GRADIO_TEMP_DIR (default /tmp/gradio), read
# once when gradio is imported, and never deletes it: the suite left 700 MB there per run and
# filled a CI machine's disk. Each run gets its own folder (pytest-xdist's workers inherit
# it from the controller), removed when the process that made it exits.
if "GRADIO_TEMP_DIR" not in os.environ:
    os.environ["GRADIO_TEMP_DIR"] = tempfile.mkdtemp(prefix="adstudio-test-gradio-")
    atexit.register(shutil.rmtree, os.environ["GRADIO_TEMP_DIR"], ignore_errors=True)

from collections.abc import Iterator
from pathlib import Path

import pytest
from langgraph.checkpoint.memory import InMemorySaver

from agent.runtime import SERIALIZER, AgentRuntime
from core.settings import Settings, get_settings
from tests import cutout_memo
from tools.services import Services, build_services


class AWSConnectionAttempted(AssertionError):
    """A test tried to open a real connection to AWS."""


def _refuse(self: object, request: object) -> None:
    url = getattr(request, "url", "?")
    raise AWSConnectionAttempted(f"test tried to reach AWS: {url}")


def isolate(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Refuse real AWS connections, fake AWS credentials, keep data under ``tmp_path``.

    What :func:`no_aws` does for each test; a module- or session-scoped fixture (set up
    before any test's own fixtures) calls it in a ``pytest.MonkeyPatch.context()``.
    """
    monkeypatch.setattr("botocore.httpsession.URLLib3Session.send", _refuse)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    monkeypatch.delenv("LANGSMITH_TRACING", raising=False)
    monkeypatch.delenv("LANGCHAIN_TRACING_V2", raising=False)
    monkeypatch.setenv("ADSTUDIO_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("ADSTUDIO_ENGINE", "local")
    get_settings.cache_clear()


@pytest.fixture(autouse=True)
def no_aws(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """Fail any test that would open a real AWS connection; isolate settings and data."""
    isolate(monkeypatch, tmp_path)
    yield
    get_settings.cache_clear()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings with a fresh data dir."""
    return Settings(data_dir=tmp_path / "data")


@pytest.fixture
def services(settings: Settings) -> Services:
    """Asset store and local engines in a fresh data dir."""
    return build_services(settings)


@pytest.fixture
def runtime(settings: Settings, services: Services) -> AgentRuntime:
    """The agent on the local planner with an in-memory checkpointer."""
    return AgentRuntime(settings, services=services, checkpointer=InMemorySaver(serde=SERIALIZER))


CASE_BUILD_TIMEOUT = 1200
"""Seconds for a test of the ``cutout_cases`` group: whichever of them runs first in its
worker draws every benchmark photo (a minute or two on a free core, several on a busy one);
the suite's 300 s stays a hang guard for every other test."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Give every test of the ``cutout_cases`` group the time to build the cases."""
    for item in items:
        group = item.get_closest_marker("xdist_group")
        if group is not None and group.args and group.args[0] == "cutout_cases":
            item.add_marker(pytest.mark.timeout(CASE_BUILD_TIMEOUT))


@pytest.fixture(autouse=True)
def shared_cutouts(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Cut each photo out once per process: see :mod:`tests.cutout_memo`."""
    if not cutout_memo.fresh(request.node):
        cutout_memo.install(monkeypatch)
