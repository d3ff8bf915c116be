"""JSON errors: one shape (``{error: {code, message, hint}}``) for every failure the API returns.

Capability errors become 4xx with their plain-language message and hint; a database that
does not answer (down, or every connection busy) is a 503 ``database_unavailable`` with
``Retry-After``; anything else unexpected is a 500 ``internal`` whose traceback stays in the
server log.
"""

from __future__ import annotations

import logging
import sqlite3
from typing import Any

import psycopg
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as SQLAlchemyTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException

from core.errors import (
    AssetNotFoundError,
    CapabilityError,
    ConfigurationError,
    InvalidBoxError,
    InvalidImageError,
    PolicyViolationError,
    RenderCancelled,
    describe_errors,
)
from core.storage.blobs import BlobStoreError
from core.storage.database import unavailable

log = logging.getLogger(__name__)

DATABASE_RETRY_SECONDS = 5
"""The ``Retry-After`` of a 503 answered while the database does not answer."""
DATABASE_ERRORS: tuple[type[Exception], ...] = (
    DBAPIError, SQLAlchemyTimeout, psycopg.Error, sqlite3.Error)
"""What the stores (SQLAlchemy) and the checkpointers (psycopg, sqlite3) raise."""

_STATUS_CODES = {
    400: "bad_request", 401: "unauthorized", 402: "confirmation_required", 403: "forbidden",
    404: "not_found",
    405: "method_not_allowed", 406: "not_acceptable", 409: "conflict",
    413: "too_large", 415: "unsupported_media_type", 422: "invalid_request",
    429: "rate_limited", 503: "unavailable",
}
# Most specific first: the first matching class decides status and code.
_CAPABILITY_ERRORS: tuple[tuple[type[CapabilityError], int, str], ...] = (
    (AssetNotFoundError, 404, "asset_not_found"),
    (InvalidBoxError, 422, "invalid_box"),
    (InvalidImageError, 422, "invalid_image"),
    (PolicyViolationError, 422, "policy_violation"),
    (RenderCancelled, 409, "cancelled"),
    (ConfigurationError, 400, "not_configured"),
    (BlobStoreError, 503, "unavailable"),  # the bucket of the asset bytes did not answer
    (CapabilityError, 400, "capability_error"),
)


class ErrorDetail(BaseModel):
    """What went wrong, for a person and for code."""

    code: str
    message: str
    hint: str = ""


class ErrorBody(BaseModel):
    """Every error response."""

    error: ErrorDetail


class ApiError(Exception):
    """An error the API answers with ``status`` and an :class:`ErrorBody`.

    Args:
        status: HTTP status code.
        code: Stable machine-readable code.
        message: What went wrong.
        hint: What to do about it.
        headers: Extra response headers (``Retry-After``, ``WWW-Authenticate``).
    """

    def __init__(
        self, status: int, code: str, message: str, hint: str = "",
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.hint = status, code, message, hint
        self.headers = headers


def not_found(what: str = "thread") -> ApiError:
    """The 404 of a missing resource, also answered for another tenant's."""
    return ApiError(404, "not_found", f"There is no {what} with this id.",
                    hint=f"Use the id of {'an' if what[:1] in 'aeiou' else 'a'} {what} your key "
                    "created (on loopback without keys: one this server made).")


def error_response(
    status: int, code: str, message: str, hint: str = "", headers: dict[str, str] | None = None
) -> JSONResponse:
    """A JSON error response."""
    body = ErrorBody(error=ErrorDetail(code=code, message=message, hint=hint))
    return JSONResponse(body.model_dump(), status_code=status, headers=headers)


def capability_status(exc: CapabilityError) -> tuple[int, str]:
    """The HTTP status and code of a capability error."""
    return next((s, c) for cls, s, c in _CAPABILITY_ERRORS if isinstance(exc, cls))


async def _api_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return error_response(exc.status, exc.code, exc.message, exc.hint, exc.headers)


async def _capability_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, CapabilityError)
    status, code = capability_status(exc)
    return error_response(status, code, exc.message, exc.hint)


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = _STATUS_CODES.get(exc.status_code, "error")
    message = exc.detail if isinstance(exc.detail, str) else code.replace("_", " ")
    headers = dict(exc.headers) if exc.headers else None
    return error_response(exc.status_code, code, message, headers=headers)


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors: list[Any] = list(exc.errors())
    return error_response(
        422, "invalid_request", f"The request is not valid: {describe_errors(errors)}.",
        hint="See /docs for the expected request.",
    )


async def _database_error(request: Request, exc: Exception) -> JSONResponse:
    """503 for a database that does not answer (worth a retry), else the 500 of a bug."""
    if not unavailable(exc):
        return await _internal_error(request, exc)
    log.warning("the database is unavailable on %s %s: %s", request.method,
                request.url.path, exc)
    return error_response(
        503, "database_unavailable", "The database is not answering right now.",
        hint="Try again in a few seconds. If it goes on, check that the database is up "
        "and reachable (`adstudio db status`).",
        headers={"Retry-After": str(DATABASE_RETRY_SECONDS)},
    )


async def _internal_error(request: Request, exc: Exception) -> JSONResponse:
    if unavailable(exc):  # wrapped in another error on its way here
        return await _database_error(request, exc)
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return error_response(
        500, "internal", "Something went wrong on our side; the details are in the server log."
    )


def install_error_handlers(app: FastAPI) -> None:
    """Answer every error of ``app`` with an :class:`ErrorBody`."""
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(CapabilityError, _capability_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    for database_error in DATABASE_ERRORS:  # answered here; the last resort below re-raises
        app.add_exception_handler(database_error, _database_error)
    app.add_exception_handler(Exception, _internal_error)


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": code.replace("_", " ")}
    for status, code in _STATUS_CODES.items()
    if status not in (405, 406, 415, 503)
}
"""Error responses documented on every API route (the OpenAPI schema lists them)."""
