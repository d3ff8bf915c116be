"""Retries with backoff for transient failures (throttling, a model that asks to retry).

A failure is transient when it, or an error it was raised from, is a ``CapabilityError``
with ``retryable = True``, a botocore throttling or service-unavailable error, or a
connection timeout. Anything else fails at once: retrying a bad photo gains nothing.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from typing import TypeVar

from botocore.exceptions import ClientError, ConnectionError, ConnectTimeoutError, ReadTimeoutError
from tenacity import Retrying, retry_if_exception, stop_after_attempt, wait_exponential_jitter

from batch.models import RetryPolicy
from core.errors import CapabilityError

log = logging.getLogger(__name__)
T = TypeVar("T")

TRANSIENT_CODES = frozenset({
    "ThrottlingException", "Throttling", "TooManyRequestsException", "SlowDown",
    "RequestLimitExceeded", "ServiceUnavailableException", "ServiceUnavailable",
    "InternalServerException", "InternalError", "ModelNotReadyException", "RequestTimeout",
    "ProvisionedThroughputExceededException",
})


def causes(error: BaseException) -> Iterator[BaseException]:
    """``error`` and the errors it was raised from or during, innermost last."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def is_transient(error: BaseException) -> bool:
    """Whether trying again later may succeed."""
    for cause in causes(error):
        if isinstance(cause, CapabilityError) and getattr(cause, "retryable", False):
            return True
        if isinstance(cause, ClientError):
            if cause.response.get("Error", {}).get("Code") in TRANSIENT_CODES:
                return True
        if isinstance(cause, ConnectionError | ConnectTimeoutError | ReadTimeoutError):
            return True
    return False


def call_with_retries(
    work: Callable[[], T], policy: RetryPolicy, sleep: Callable[[float], None] = time.sleep
) -> T:
    """Run ``work``; retry a transient failure with exponential backoff and jitter.

    Args:
        work: What to run.
        policy: Attempts and waits.
        sleep: How to wait (tests pass a recorder).

    Raises:
        Exception: The last failure, once attempts run out or at once when not transient.
    """
    retrying = Retrying(
        stop=stop_after_attempt(policy.max_attempts),
        wait=wait_exponential_jitter(initial=policy.backoff_seconds,
                                     max=policy.max_backoff_seconds),
        retry=retry_if_exception(is_transient),
        sleep=sleep,
        reraise=True,
        before_sleep=lambda state: log.warning(
            "attempt %d failed (%s); retrying", state.attempt_number,
            state.outcome.exception() if state.outcome else "?",
        ),
    )
    return retrying(work)
