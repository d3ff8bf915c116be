"""Retries: transient failures are retried with a growing backoff, others fail at once."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

from batch.models import RetryPolicy
from batch.retry import call_with_retries, is_transient
from core.errors import CapabilityError, InvalidImageError
from engines.bedrock.invoke import ModelCallError


def throttled() -> ClientError:
    return ClientError({"Error": {"Code": "ThrottlingException", "Message": "slow down"}},
                       "InvokeModel")


class Flaky:
    def __init__(self, failures: list[BaseException]) -> None:
        self.failures = failures
        self.calls = 0

    def __call__(self) -> str:
        self.calls += 1
        if self.failures:
            raise self.failures.pop(0)
        return "made"


def test_throttling_is_retried_with_growing_waits() -> None:
    waits: list[float] = []
    work = Flaky([throttled(), throttled()])
    policy = RetryPolicy(max_attempts=3, backoff_seconds=1.0)
    assert call_with_retries(work, policy, sleep=waits.append) == "made"
    assert work.calls == 3
    assert len(waits) == 2 and 1.0 <= waits[0] < waits[1] <= 30.0


def test_attempts_run_out_and_the_last_error_is_raised() -> None:
    work = Flaky([throttled(), throttled(), throttled()])
    with pytest.raises(ClientError):
        call_with_retries(work, RetryPolicy(max_attempts=2), sleep=lambda s: None)
    assert work.calls == 2


def test_a_bad_input_is_not_retried() -> None:
    work = Flaky([InvalidImageError("not an image")])
    with pytest.raises(InvalidImageError):
        call_with_retries(work, RetryPolicy(max_attempts=5), sleep=lambda s: None)
    assert work.calls == 1


def test_what_counts_as_transient() -> None:
    wrapped = ModelCallError("The model is busy (throttled).", "Try again.")
    wrapped.__cause__ = throttled()
    retryable = CapabilityError("busy")
    retryable.retryable = True  # type: ignore[attr-defined]
    denied = ClientError({"Error": {"Code": "AccessDeniedException", "Message": "no"}}, "X")
    assert is_transient(throttled()) and is_transient(wrapped) and is_transient(retryable)
    assert not is_transient(denied) and not is_transient(CapabilityError("bad request"))
