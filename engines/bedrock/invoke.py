"""Shared InvokeModel plumbing for the Bedrock image engines.

Every image model on Bedrock takes a model-specific JSON body through ``InvokeModel`` and
answers with JSON holding base64 images. This module sends the body, parses the answer,
converts images to and from base64, and maps botocore's ``ClientError`` codes to the
errors a capability shows the user (see ``BEDROCK.md``, "Errors and retries"):

- ``ValidationException`` with "blocked by our content filters" → :class:`ContentFilteredError`.
- Other ``ValidationException``, ``AccessDeniedException``, ``ResourceNotFoundException``,
  ``ModelErrorException``... → :class:`ModelCallError` with a plain message and a hint.
- ``ModelTimeoutException`` is not retried by botocore: :func:`invoke_json` retries it once.
- Throttling and 5xx errors are retried by the client's (adaptive) retry config, not here.
"""

from __future__ import annotations

import base64
import binascii
import io
import json
import logging
from typing import Any, TypeVar

from botocore.exceptions import ClientError
from PIL import Image, UnidentifiedImageError
from pydantic import BaseModel, ValidationError

from core.errors import CapabilityError, InvalidImageError, PolicyViolationError, describe_errors

log = logging.getLogger(__name__)

CONTENT_FILTER_MARKER = "blocked by our content filters"
"""Text Bedrock puts in the message of a request (or output) its content filters blocked."""

MODEL_TIMEOUT_RETRIES = 1
"""How many times :func:`invoke_json` retries a ``ModelTimeoutException`` itself."""

NEUTRAL_BACKGROUND: tuple[int, int, int] = (128, 128, 128)
"""Colour transparent pixels are flattened onto when an image must be sent without alpha."""


class ContentFilteredError(PolicyViolationError):
    """The model's content filters blocked the input (prompt or image) or every output."""


class ModelCallError(CapabilityError):
    """Any other failed model call: bad parameters, no access, unknown model, timeout..."""


def invoke_json(client: Any, model_id: str, body: dict[str, Any]) -> dict[str, Any]:
    """Invoke a model with a JSON body and return its parsed JSON answer.

    A ``ModelTimeoutException`` is retried once (botocore does not retry it).

    Args:
        client: A boto3 ``bedrock-runtime`` client.
        model_id: The model (or inference profile) id, from settings.
        body: The model-specific request body.

    Returns:
        The parsed JSON response body.

    Raises:
        ContentFilteredError: When the content filters blocked the prompt or the input image.
        ModelCallError: For any other error the service returned, or a non-JSON answer.
    """
    payload = json.dumps(body)
    attempts = MODEL_TIMEOUT_RETRIES + 1
    for attempt in range(1, attempts + 1):
        try:
            response = client.invoke_model(
                modelId=model_id,
                body=payload,
                contentType="application/json",
                accept="application/json",
            )
        except ClientError as exc:
            if _error_code(exc) == "ModelTimeoutException" and attempt < attempts:
                log.warning("%s timed out; retrying once", model_id)
                continue
            raise map_client_error(exc, model_id) from exc
        return _parse_body(response, model_id)
    raise AssertionError("unreachable")  # pragma: no cover


def _parse_body(response: dict[str, Any], model_id: str) -> dict[str, Any]:
    """Read and parse the streaming JSON body of an ``invoke_model`` response."""
    raw = response["body"].read()
    try:
        parsed = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ModelCallError(
            f"The model {model_id} returned an answer that is not JSON.",
            hint="Try again; if it keeps happening, check the configured model id.",
        ) from exc
    if not isinstance(parsed, dict):
        raise ModelCallError(
            f"The model {model_id} returned an unexpected answer.",
            hint="Check that the configured model id is an image model.",
        )
    return parsed


def _error_code(exc: ClientError) -> str:
    """The AWS error code of a ``ClientError`` ("" when missing)."""
    return str(exc.response.get("Error", {}).get("Code", ""))


def _error_message(exc: ClientError) -> str:
    """The AWS error message of a ``ClientError`` ("" when missing)."""
    return str(exc.response.get("Error", {}).get("Message", ""))


def map_client_error(exc: ClientError, model_id: str) -> CapabilityError:
    """Turn a botocore ``ClientError`` from ``invoke_model`` into a user-facing error.

    Args:
        exc: The error botocore raised.
        model_id: The model id called (named in messages).

    Returns:
        A :class:`ContentFilteredError` or :class:`ModelCallError` to raise.
    """
    code, message = _error_code(exc), _error_message(exc)
    if code == "ValidationException" and CONTENT_FILTER_MARKER in message.lower():
        return _content_filtered(message)
    if code == "ValidationException":
        return ModelCallError(
            f"The model {model_id} rejected the request: {message}",
            hint="Change the parameters the message names and try again.",
        )
    if code == "AccessDeniedException":
        return ModelCallError(
            f"Access to the model {model_id} was denied: {message}",
            hint="Enable model access in the Bedrock console for this region, "
            "and check that the IAM identity allows bedrock:InvokeModel.",
        )
    if code == "ResourceNotFoundException":
        return ModelCallError(
            f"The model id {model_id} was not found in this region.",
            hint="Check the model id setting for this engine (and the AWS region); "
            "the model may be retired or not offered here.",
        )
    if code == "ModelTimeoutException":
        return ModelCallError(
            f"The model {model_id} took too long to answer, twice.",
            hint="Try again in a moment, or ask for fewer or smaller images.",
        )
    return ModelCallError(
        f"The model {model_id} failed ({code or 'unknown error'}): {message}",
        hint="Try again in a moment; if it keeps failing, check the service quotas and status.",
    )


def _content_filtered(message: str) -> ContentFilteredError:
    """A :class:`ContentFilteredError` saying which input the filters blocked."""
    lowered = message.lower()
    if "input image" in lowered:
        return ContentFilteredError(
            "The model's content filters blocked the input image.",
            hint="Use a different image (a plain product photo works best).",
        )
    if "text prompt" in lowered or "prompt" in lowered:
        return ContentFilteredError(
            "The model's content filters blocked the text prompt.",
            hint="Rephrase the description without the flagged words and try again.",
        )
    return ContentFilteredError(
        "The model's content filters blocked the request.",
        hint="Rephrase the description or use a different image and try again.",
    )


def decode_image(b64: str) -> Image.Image:
    """Decode a base64 image (format sniffed from the bytes) into a loaded PIL image.

    Args:
        b64: The base64 text of a PNG, JPEG or other image Pillow reads.

    Returns:
        The image, fully loaded.

    Raises:
        ModelCallError: When the text is not base64 or not an image.
    """
    try:
        data = base64.b64decode(b64, validate=True)
        image = Image.open(io.BytesIO(data))
        image.load()
    except (binascii.Error, ValueError, UnidentifiedImageError, OSError) as exc:
        raise ModelCallError(
            "The model returned an image that could not be read.", hint="Try again."
        ) from exc
    return image


def to_rgb(
    image: Image.Image, background: tuple[int, int, int] = NEUTRAL_BACKGROUND
) -> Image.Image:
    """An 8-bit RGB copy of an image, flattening any transparency onto ``background``.

    Args:
        image: Any PIL image.
        background: The colour behind transparent pixels.

    Returns:
        An ``RGB`` image of the same size.
    """
    if image.mode == "RGB":
        return image
    if image.mode in ("I;16", "I;16B", "I;16L", "I", "F"):
        image = image.point(lambda v: v / 257).convert("L")
    if image.mode == "P" or image.has_transparency_data:
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, background)
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    return image.convert("RGB")


def encode_image(image: Image.Image, fmt: str = "PNG") -> str:
    """Encode an image as base64 8-bit RGB (PNG without alpha, or JPEG).

    Transparent pixels are flattened onto a neutral grey, since the Bedrock models want
    fully opaque inputs.

    Args:
        image: Any PIL image.
        fmt: ``"PNG"`` or ``"JPEG"``.

    Returns:
        The base64 text of the encoded image.

    Raises:
        InvalidImageError: When ``fmt`` is not PNG or JPEG.
    """
    fmt = fmt.upper().replace("JPG", "JPEG")
    if fmt not in ("PNG", "JPEG"):
        raise InvalidImageError(
            f"Images can only be sent as PNG or JPEG, not {fmt}.", hint="Use PNG."
        )
    buffer = io.BytesIO()
    to_rgb(image).save(buffer, format=fmt)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


M = TypeVar("M", bound=BaseModel)


def build_request(cls: type[M], error: type[CapabilityError], what: str, **fields: Any) -> M:
    """Build a model request body, turning validation errors into ``error``.

    Args:
        cls: The request model class (it carries the model's documented limits).
        error: The capability error to raise.
        what: What the request makes ("image", "video"), for the message.
        **fields: Its fields (``None`` values are dropped so defaults apply).

    Returns:
        The validated model.

    Raises:
        CapabilityError: ``error``, when the values break the model's limits.
    """
    try:
        return cls(**{k: v for k, v in fields.items() if v is not None})
    except ValidationError as exc:
        raise error(
            f"The {what} request is not valid: {describe_errors(exc.errors(), plain=True)}.",
            hint="Change the values named above and try again.",
        ) from exc
