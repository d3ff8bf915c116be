"""`adstudio doctor` for an OpenAI-compatible chat server: is it up, and does it have the model?

One read-only request, ``GET {base_url}/models`` (the OpenAI-compatible model list), with a
short timeout and no retries.
"""

from __future__ import annotations

from collections.abc import Sequence

import openai

from core.settings import Settings
from engines.bedrock.doctor import Check
from engines.openai_compat.errors import server_detail

TIMEOUT_SECONDS = 5.0


def list_models(settings: Settings, timeout: float = TIMEOUT_SECONDS) -> list[str]:
    """The ids of the models the server lists at ``{base_url}/models``.

    Raises:
        openai.APIError: The server could not be reached, or refused the request.
    """
    client = openai.OpenAI(
        base_url=settings.openai.base_url,
        api_key=settings.openai.api_key.get_secret_value(),
        timeout=timeout,
        max_retries=0,
    )
    with client:
        return [model.id for model in client.models.list()]


def has_model(model: str, listed: Sequence[str]) -> bool:
    """Whether ``model`` is among ``listed`` (Ollama lists ``name`` as ``name:latest``)."""
    return model in listed or (":" not in model and f"{model}:latest" in listed)


def check_server(settings: Settings, timeout: float = TIMEOUT_SECONDS) -> list[Check]:
    """Check the server at ``settings.openai.base_url`` and the model ``settings.openai.model``.

    Returns:
        One check when the server cannot be asked ("chat server" failed), else two: the
        server, then the model.
    """
    url = settings.openai.base_url.rstrip("/")
    model = settings.openai.model
    try:
        listed = list_models(settings, timeout)
    except openai.APITimeoutError:
        return [Check("chat server", "fail", f"{url} did not answer within {timeout:g} s",
                      _start_fix(model))]
    except openai.APIConnectionError:
        return [Check("chat server", "fail", f"{url} could not be reached", _start_fix(model))]
    except openai.APIStatusError as exc:
        fix = ("Check ADSTUDIO_OPENAI_API_KEY." if exc.status_code in (401, 403) else
               "ADSTUDIO_OPENAI_BASE_URL must be the server's OpenAI-compatible base URL, "
               "/v1 included (Ollama: http://127.0.0.1:11434/v1).")
        return [Check("chat server", "fail", f"{url}/models answered {server_detail(exc)}", fix)]
    except openai.APIError as exc:
        return [Check("chat server", "fail", f"{url}/models sent an unreadable answer "
                      f"({exc.message})", "Is it an OpenAI-compatible server?")]
    server = Check("chat server", "ok", f"{url} answers ({len(listed)} models)")
    name = f"chat model {model}"
    if has_model(model, listed):
        return [server, Check(name, "ok", "listed by the server")]
    has = ", ".join(sorted(listed)[:20]) if listed else "none"
    fix = (f"Pull it (Ollama: `ollama pull {model}`), or set ADSTUDIO_OPENAI_MODEL to one the "
           "server has; it must support tool calling.")
    return [server, Check(name, "fail", f"not listed; the server has: {has}", fix)]


def _start_fix(model: str) -> str:
    """How to start Ollama with the model, or point the settings at another server."""
    return (f"Start the server: `ollama serve`, then `ollama pull {model}` (or run your "
            "llama.cpp / vLLM / LM Studio server), or set ADSTUDIO_OPENAI_BASE_URL to where "
            "it listens.")
