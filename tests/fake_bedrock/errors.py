"""The error answers of the fake endpoint, shaped like Bedrock's and S3's."""

from __future__ import annotations

STATUS = {
    "ValidationException": 400,
    "AccessDeniedException": 403,
    "ResourceNotFoundException": 404,
    "ThrottlingException": 429,
    "ServiceQuotaExceededException": 400,
    "ModelTimeoutException": 408,
    "InternalServerException": 500,
}
"""HTTP status of each Bedrock error code (botocore's service model)."""


class BedrockError(Exception):
    """An error answer: HTTP status, AWS error code and message.

    Args:
        code: The AWS error code (``ValidationException``...).
        message: The message, as Bedrock words it.
        status: The HTTP status (default: the code's, from :data:`STATUS`).
    """

    def __init__(self, code: str, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status or STATUS.get(code, 400)


def invalid(message: str) -> BedrockError:
    """A ``ValidationException`` (HTTP 400)."""
    return BedrockError("ValidationException", message)
