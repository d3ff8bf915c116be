"""Errors a capability raises when the user (or the agent) can act on the cause."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any


class CapabilityError(Exception):
    """A failure with a plain-language message and a hint on how to fix it.

    The agent shows ``message`` and ``hint`` to the user (and the model reads them to
    recover), so both must make sense without a traceback.

    Args:
        message: What went wrong, in words an advertiser understands.
        hint: What to do about it.

    Attributes:
        calls: Billable model calls that answered before it failed (the model bills them
            all the same), as assets record them: ``{"unit": ..., "model": ...}``.
    """

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.calls: tuple[dict[str, str], ...] = ()

    def __str__(self) -> str:
        return f"{self.message} {self.hint}".strip()


class InvalidImageError(CapabilityError):
    """An uploaded or referenced image cannot be used (corrupt, too big, not an image)."""


class NoProductError(InvalidImageError):
    """No product could be told apart from the photo's background (e.g. a full-bleed texture)."""


class InvalidBoxError(InvalidImageError):
    """A box marked around the product that does not fit its photo (or has no area)."""


class AssetNotFoundError(CapabilityError):
    """An asset id that does not exist (or belongs to another tenant)."""


class RenderCancelled(CapabilityError):
    """A long render (video, live image) was cancelled; nothing half-written was kept."""


class ConfigurationError(CapabilityError):
    """The deployment is not set up for what was asked (e.g. no AWS credentials)."""


class PolicyViolationError(CapabilityError):
    """Content the ad policy blocks."""


def describe_errors(
    errors: Iterable[Mapping[str, Any]], whole: str = "request", plain: bool = False
) -> str:
    """One line from pydantic's validation errors: ``field: message; ...``.

    Args:
        errors: ``ValidationError.errors()`` (or a filtered list of them).
        whole: What to call an error about the whole input rather than a field.
        plain: Drop pydantic's "Value error, " prefix from custom validators' messages.
    """
    parts = []
    for error in errors:
        where = ".".join(str(p) for p in error["loc"]) or whole
        message = str(error["msg"])
        parts.append(f"{where}: {message.removeprefix('Value error, ') if plain else message}")
    return "; ".join(parts)
