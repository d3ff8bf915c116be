"""Images sent inside a message become uploads, checked like the UI's and the API's.

LangChain's standard multimodal message puts an image in the message's content, as a
block: ``{"type": "image_url", "image_url": {"url": "data:image/png;base64,…"}}``, or
``{"type": "image", "source_type": "base64", "data": "…", "mime_type": "image/png"}``
(``"base64": "…"`` in LangChain 1.0); Anthropic's ``{"type": "image", "source": {…}}`` and
OpenAI's ``{"type": "input_image", "image_url": "data:…"}`` are read too. LangGraph Studio
and ``langgraph dev`` clients send those.

The graph's first node, :func:`inline_images`, makes the newest user message what the rest
of adstudio expects: plain, valid text (:func:`core.plaintext.well_formed`), an attachment
note per stored photo and their ids. Each image passes the upload checks (format, size,
pixels; at most :data:`MAX_IMAGES` per message). The message then goes through the input
check as any other; what could not be used (a link, which is never fetched; a file that is
no image; a block of another kind) is said after that check, by :func:`refuse_images`, and
the turn ends there. Nothing of a message ever reaches the model unparsed.
"""

from __future__ import annotations

import re
from typing import Any

from langchain_core.messages import AIMessage, HumanMessage
from langgraph.runtime import Runtime

from agent.attachments import attached_ids, attachment_note
from agent.context import Context, context_of, services_of
from agent.state import State
from core.errors import InvalidImageError
from core.plaintext import well_formed
from core.storage.uploads import decode_base64, store_image

MAX_IMAGES = 10
"""Images one message may carry (the rest are refused, with a reply saying so)."""
UNUSABLE = "unusable"
"""The rewritten message's ``additional_kwargs`` key listing what could not be used."""
_DATA_URL = re.compile(r"^data:(image/[\w.+-]+)?;base64,(.*)$", re.DOTALL)
_TEXT_TYPES = frozenset({"text", "input_text"})


def _source(block: dict[str, Any]) -> tuple[str | None, bool]:
    """A block's (base64 data or link, whether it is a link); (None, False) if unread."""
    kind = block.get("type")
    url: Any = None
    if kind in ("image_url", "input_image"):
        value = block.get("image_url")
        url = value.get("url") if isinstance(value, dict) else value
    elif kind == "image":
        source = block.get("source")
        if isinstance(source, dict):  # Anthropic's shape
            if isinstance(source.get("data"), str):
                return source["data"], False
            url = source.get("url")
        elif isinstance(block.get("base64"), str):
            return block["base64"], False
        elif isinstance(block.get("data"), str) and block.get("source_type") in (None, "base64"):
            return block["data"], False
        else:
            url = block.get("url")
    if not isinstance(url, str):
        return None, False
    match = _DATA_URL.match(url.strip())
    return (match.group(2), False) if match else (url, True)


def read_content(content: str | list[Any]) -> tuple[str, list[str], list[str]]:
    """A message's content as (text, base64 images, what cannot be used, in words)."""
    if isinstance(content, str):
        return content, [], []
    texts: list[str] = []
    images: list[str] = []
    problems: list[str] = []
    for block in content:
        if isinstance(block, str):
            texts.append(block)
            continue
        if not isinstance(block, dict):
            continue
        if block.get("type") in _TEXT_TYPES and isinstance(block.get("text"), str):
            texts.append(block["text"])
            continue
        data, link = _source(block)
        if data is None:
            kind = str(block.get("type", "unknown"))[:30]
            problems.append(f"an attachment of a kind I can't read ('{kind}'); send PNG, "
                            "JPEG or WebP images")
        elif link:
            problems.append("an image sent as a link is not fetched: attach the file itself")
        else:
            images.append(data)
    return "\n".join(t.strip() for t in texts if t.strip()), images, problems


def inline_images(state: State, runtime: Runtime[Context] | None = None) -> dict[str, Any]:
    """Make the newest user message plain, valid text with its images stored as uploads.

    A message that is already plain, valid text is left alone.
    """
    message = state.messages[-1] if state.messages else None
    if not isinstance(message, HumanMessage):
        return {}
    text, images, problems = read_content(message.content)
    text = well_formed(text)
    if isinstance(message.content, str) and text == message.content:
        return {}
    stored = []
    if images:
        context = context_of(runtime.context if runtime else None)
        services = services_of(context)
        limits = services.settings.limits
        if len(images) > MAX_IMAGES:
            problems.append(f"{len(images) - MAX_IMAGES} image(s) over the {MAX_IMAGES} one "
                            "message may carry")
        for number, data in enumerate(images[:MAX_IMAGES], start=1):
            try:
                stored.append(store_image(
                    services.assets, decode_base64(data, limits.max_upload_bytes),
                    filename=f"image {number}", tenant=context.tenant, kind="product_photo",
                    max_bytes=limits.max_upload_bytes,
                    max_pixels=int(limits.max_megapixels * 1_000_000),
                ))
            except InvalidImageError as exc:
                problems.append(f"image {number}: {exc}")
    ids = [*attached_ids(message), *(asset.id for asset in stored)]
    notes = [attachment_note(asset.id) for asset in stored]
    kwargs = {**message.additional_kwargs, "attachments": ids}
    if problems:
        kwargs[UNUSABLE] = problems
    rewritten = HumanMessage(content="\n".join(p for p in [text, *notes] if p), id=message.id,
                             additional_kwargs=kwargs)
    return {"messages": [rewritten]}


def unusable(state: State) -> list[str]:
    """What the newest user message carried that could not be used (none: [])."""
    for message in reversed(state.messages):
        if isinstance(message, HumanMessage):
            problems = message.additional_kwargs.get(UNUSABLE)
            return [str(p) for p in problems] if isinstance(problems, list) else []
    return []


def refuse_images(state: State) -> dict[str, Any]:
    """End the turn saying what could not be used (after the input check let it through)."""
    kept = attached_ids(next(m for m in reversed(state.messages) if isinstance(m, HumanMessage)))
    said = "I couldn't use what you attached: " + "; ".join(unusable(state)) + "."
    if kept:
        said += " The photos I could read are kept: say what to make with them."
    return {"messages": [AIMessage(said)]}
