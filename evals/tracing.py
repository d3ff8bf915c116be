"""LangSmith traces of trials: each trial is a run with its scores as feedback.

Active only when LangSmith's usual environment variables are set (``LANGSMITH_TRACING``
or ``LANGCHAIN_TRACING_V2`` true, and an API key); silent otherwise. A tracing failure
never fails a trial.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

log = logging.getLogger(__name__)

Finish = Callable[[Mapping[str, Any], Sequence[Mapping[str, Any]]], None]
"""Called with the trial's outputs and its scores when it ends."""


def enabled() -> bool:
    """Whether LangSmith tracing is switched on and has a key."""
    flag = (os.environ.get("LANGSMITH_TRACING") or os.environ.get("LANGCHAIN_TRACING_V2") or "")
    key = os.environ.get("LANGSMITH_API_KEY") or os.environ.get("LANGCHAIN_API_KEY")
    return flag.lower() in ("1", "true", "yes") and bool(key)


def _ignore(outputs: Mapping[str, Any], scores: Sequence[Mapping[str, Any]]) -> None:
    """Tracing off: nothing to record."""


@contextmanager
def traced(name: str, inputs: Mapping[str, Any], metadata: Mapping[str, Any]) -> Iterator[Finish]:
    """Trace the block as one LangSmith run; yields the function that ends it with scores.

    The agent's own model and tool runs inside the block nest under this run. When the
    run cannot be started or closed, a warning is logged and the block runs on.
    """
    if not enabled():
        yield _ignore
        return
    from langsmith import trace

    block = trace(name, run_type="chain", inputs=dict(inputs), metadata=dict(metadata))
    try:
        run = block.__enter__()
    except Exception as exc:  # noqa: BLE001 - tracing must never fail a trial
        log.warning("LangSmith trace not started: %s", exc)
        yield _ignore
        return
    try:
        yield _finisher(run)
    except BaseException as exc:
        _close(block, exc)
        raise
    _close(block, None)


def _finisher(run: Any) -> Finish:
    """Ends ``run`` with the trial's outputs and sends each score as feedback."""

    def finish(outputs: Mapping[str, Any], scores: Sequence[Mapping[str, Any]]) -> None:
        from langsmith import Client

        try:
            run.end(outputs=dict(outputs))
            client = Client()
            for item in scores:
                client.create_feedback(run.id, key=str(item["key"]), score=item["score"],
                                       comment=str(item.get("comment", "")))
        except Exception as exc:  # noqa: BLE001 - tracing must never fail a trial
            log.warning("LangSmith feedback not sent: %s", exc)

    return finish


def _close(block: Any, error: BaseException | None) -> None:
    """Leave the trace (records ``error`` on the run); a failure is only logged."""
    try:
        block.__exit__(type(error) if error else None, error,
                       error.__traceback__ if error else None)
    except Exception as exc:  # noqa: BLE001 - tracing must never fail a trial
        log.warning("LangSmith trace not closed: %s", exc)
