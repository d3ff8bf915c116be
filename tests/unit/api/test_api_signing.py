"""Signed URLs: valid until they expire, bound to one resource, secret kept 0600."""

from __future__ import annotations

import stat

import pytest
from pydantic import SecretStr

from api.signing import SECRET_FILE, Signer, load_secret
from core.settings import Settings


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def test_a_signature_opens_its_resource_until_it_expires() -> None:
    clock = Clock()
    signer = Signer(b"s" * 32, ttl_seconds=60, clock=clock)
    params = signer.sign("asset:img_1")
    assert signer.verify("asset:img_1", params["exp"], params["sig"])
    assert not signer.verify("asset:img_2", params["exp"], params["sig"])
    assert not signer.verify("asset:img_1", str(int(params["exp"]) + 1), params["sig"])
    assert not signer.verify("asset:img_1", params["exp"], params["sig"][:-1] + "0")
    clock.now += 61
    assert not signer.verify("asset:img_1", params["exp"], params["sig"])


@pytest.mark.parametrize("exp,sig", [(None, None), ("", "x"), ("-5", "x"), ("1e9", "x"),
                                     ("9" * 40, "x")])
def test_malformed_signatures_are_refused(exp: str | None, sig: str | None) -> None:
    assert not Signer(b"s" * 32).verify("asset:a", exp, sig)


def test_another_secret_does_not_verify() -> None:
    params = Signer(b"a" * 32).sign("run:t:r")
    assert not Signer(b"b" * 32).verify("run:t:r", params["exp"], params["sig"])
    assert Signer(b"a" * 32).url("/x", "run:t:r").startswith("/x?exp=")


def test_the_secret_is_generated_once_and_private(settings: Settings) -> None:
    first = load_secret(settings)
    assert len(first) >= 32 and load_secret(settings) == first
    mode = (settings.data_dir / SECRET_FILE).stat().st_mode
    assert stat.S_IMODE(mode) == 0o600
    configured = settings.with_changes(secret_key=SecretStr("x" * 40))
    assert load_secret(configured) == b"x" * 40
    with pytest.raises(ValueError):
        Signer(b"short")
