"""Bedrock image engines on Stubber'd clients, shared by the engine tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.unit.engines.bedrock.stubbed import Stubbed, stubbed


@pytest.fixture
def stability() -> Iterator[Stubbed]:
    """The Bedrock image engine painting with Stability."""
    yield from stubbed("stability")


@pytest.fixture
def nova_canvas() -> Iterator[Stubbed]:
    """The Bedrock image engine painting with Nova Canvas."""
    yield from stubbed("nova-canvas")
