"""What a failed call to an OpenAI-compatible server tells the user (a CapabilityError)."""

from __future__ import annotations

import openai

from core.errors import CapabilityError, ConfigurationError

SAVED = "Your conversation is saved; send the message again when it is fixed."
DOCTOR = "`adstudio doctor` checks the server and its models."


def server_detail(exc: openai.APIStatusError) -> str:
    """The server's own words for a refused request (its error message, or its status)."""
    body = exc.body
    message = body.get("message") if isinstance(body, dict) else body
    text = str(message).strip() if message else ""
    return f"HTTP {exc.status_code}: {text[:300]}" if text else f"HTTP {exc.status_code}"


def chat_error(exc: openai.APIError, base_url: str, model: str, timeout: float) -> CapabilityError:
    """The plain-language error of a failed chat call.

    Args:
        exc: What the ``openai`` client raised.
        base_url: The server's base URL (named in the message).
        model: The model asked for.
        timeout: Seconds the call was allowed.

    Returns:
        A :class:`ConfigurationError` when the setup is wrong (server down, unknown model,
        refused key), a :class:`CapabilityError` otherwise.
    """
    where = f"The chat server at {base_url}"
    if isinstance(exc, openai.APITimeoutError):
        return CapabilityError(
            f"{where} did not answer within {timeout:g} seconds.",
            hint="A local model answers slowly on a CPU and loads on its first call: "
            f"raise ADSTUDIO_OPENAI_TIMEOUT or pick a smaller model. {SAVED}",
        )
    if isinstance(exc, openai.APIConnectionError):
        return ConfigurationError(
            f"{where} could not be reached.",
            hint="Start it (Ollama: `ollama serve`, then `ollama pull "
            f"{model}`) or fix ADSTUDIO_OPENAI_BASE_URL. {DOCTOR} {SAVED}",
        )
    if isinstance(exc, openai.APIStatusError):
        return _refused(exc, where, model)
    return CapabilityError(f"{where} sent a reply that could not be read ({exc.message}).",
                           hint=f"See the server's log. {SAVED}")


def _refused(exc: openai.APIStatusError, where: str, model: str) -> CapabilityError:
    """The error of a request the server answered with a 4xx or 5xx status."""
    said = f"{where} refused the request ({server_detail(exc)})."
    status = exc.status_code
    if status in (401, 403):
        return ConfigurationError(said, hint=f"Check ADSTUDIO_OPENAI_API_KEY. {SAVED}")
    if status == 404:
        return ConfigurationError(
            said,
            hint=f"Check ADSTUDIO_OPENAI_MODEL ({model}; Ollama: `ollama pull {model}`) and "
            f"that ADSTUDIO_OPENAI_BASE_URL ends in /v1. {DOCTOR} {SAVED}",
        )
    if status >= 500:
        return CapabilityError(
            f"{where} failed ({server_detail(exc)}).",
            hint=f"See the server's log. {SAVED}",
        )
    return CapabilityError(
        said,
        hint=f"The model must support tool calling (e.g. qwen2.5:7b-instruct or llama3.1:8b) "
        f"and the whole conversation must fit its context; see the server's log. {SAVED}",
    )
