"""The Host header's name, as the key-less server's DNS-rebinding check reads it."""

from __future__ import annotations

import pytest

from api.hosts import host_name


@pytest.mark.parametrize(("header", "name"), [
    (b"127.0.0.1:7860", "127.0.0.1"), (b"localhost", "localhost"), (b"[::1]:7860", "::1"),
    (b"evil.example:7860", "evil.example"), (b"LOCALHOST:80", "LOCALHOST"), (b"::1", "::1"),
])
def test_the_host_name_is_read_without_its_port(header: bytes, name: str) -> None:
    assert host_name([(b"Host", header)]) == name


def test_no_host_header_is_none() -> None:
    assert host_name([(b"accept", b"*/*")]) is None
