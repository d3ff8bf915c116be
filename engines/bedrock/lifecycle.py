"""Refusing a Bedrock model past its end of life, with its date and successor, before any call.

The dates and successors come from the catalogue (:mod:`core.bedrock_models`). A deployment
whose AWS account kept access to a retired model lists it in ``ADSTUDIO_ALLOW_RETIRED_MODELS``.
:func:`guard_client` makes a ``bedrock-runtime`` client check every model id it is about to
send (InvokeModel, Converse, StartAsyncInvoke...), so no engine can call a retired model by
accident; :func:`refuse_retired` is the same check for callers that hold only the id.
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from datetime import date
from typing import Any

from core.bedrock_models import base_model_id, find, retirement_notice, switch_advice
from core.errors import ConfigurationError

log = logging.getLogger(__name__)

ALLOW_SETTING = "ADSTUDIO_ALLOW_RETIRED_MODELS"


class RetiredModelError(ConfigurationError):
    """A model past its end of life was about to be called (and was not allowed)."""


def is_allowed(model_id: str, allowed: Collection[str]) -> bool:
    """Whether ``model_id`` (or the same model with or without a profile prefix) is allowed."""
    base = base_model_id(model_id)
    return any(entry.strip() in (model_id, base) for entry in allowed)


def refuse_retired(
    model_id: str, allowed: Collection[str] = (), today: date | None = None
) -> None:
    """Raise when ``model_id`` is past its end of life and not in ``allowed``.

    Args:
        model_id: The id about to be called.
        allowed: Retired ids the deployment may still call (``allow_retired_models``).
        today: The day to judge on (default: today, UTC).

    Raises:
        RetiredModelError: Naming the end-of-life date and the successor.
    """
    model = find(model_id)
    if model is None or not model.retired(today):
        return
    if is_allowed(model_id, allowed):
        log.info("calling %s past its end of life (%s allows it)", model_id, ALLOW_SETTING)
        return
    advice = switch_advice(model)
    raise RetiredModelError(
        f"The model {retirement_notice(model)}",
        hint=f"{advice[0].upper()}{advice[1:]}. If your AWS account still has access to "
        f"{model_id}, set {ALLOW_SETTING}={model_id}.",
    )


def guard_client(client: Any, allowed: Collection[str] = (), today: date | None = None) -> Any:
    """Make ``client`` (``bedrock-runtime``) refuse retired models before sending a request.

    The check runs before botocore even validates the request, so nothing is sent (and a Stubber
    on the client has no answer used up).

    Args:
        client: A boto3 ``bedrock-runtime`` client.
        allowed: Retired ids the deployment may still call.
        today: The day to judge on (default: the day of each call, UTC).

    Returns:
        The same client.
    """
    allowed = tuple(allowed)

    def check(params: dict[str, Any], **_: Any) -> None:
        model_id = params.get("modelId")
        if isinstance(model_id, str):
            refuse_retired(model_id, allowed, today)

    client.meta.events.register("provide-client-params.bedrock-runtime", check)
    return client
