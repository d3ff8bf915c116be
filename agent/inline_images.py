"""Images sent inside a message become uploads, checked like the UI's and the API's.

LangChain's standard multimodal message puts an image in the message's content, as a
block: ``{"type": "image_url", "image_url": {"url": "data:image/png;base64,…"}}``, or
``{"type": "image", "source_type": "base64", "data": "…", "mime_type": "image/png"}``
(``"base64": "…"`` in LangChain 1.0). LangGraph Studio and ``langgraph dev`` clients send
those. The graph's first node stores each as a product photo (the same checks as an
upload: format, size, pixels) and rewrites the message as the rest of adstudio sees one:
its text, an attachment note per photo and their ids. Images behind a link are not fetched
(no network calls on a user's behalf): the user is asked to attach the file.
"""

from __future__ import annotations

import base64
import binascii
import re
from typing import Any

from langchain_core.messages import AIMessage, HumanMessage
from langgraph.runtime import Runtime

from agent.attachments import attached_ids, attachment_note
from agent.context import Context, context_of, services_of
from agent.state import State
from core.errors import InvalidImageError
from core.storage.uploads import store_image

_DATA_URL = re.compile(r"^data:(image/[\w.+-]+)?;base64,(.*)$", re.DOTALL)
LINKED = ("an image sent as a link ({url}) is not fetched: attach the file itself "
          "(PNG, JPEG or WebP)")


def _image_source(block: dict[str, Any]) -> tuple[str | None, str | None]:
    """A block's (base64 data, link): one of them, or (None, None) for no image."""
    kind = block.get("type")
    if kind == "image_url":
        value = block.get("image_url")
        url = value.get("url") if isinstance(value, dict) else value
    elif kind == "image":
        data = block.get("base64") or (block.get("data") if block.get("source_type") in
                                       (None, "base64") else None)
        if isinstance(data, str):
            return data, None
        url = block.get("url")
    else:
        return None, None
    if not isinstance(url, str):
        return None, None
    match = _DATA_URL.match(url.strip())
    return (match.group(2), None) if match else (None, url)


def _decode(data: str) -> bytes:
    try:
        return base64.b64decode("".join(data.split()), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise InvalidImageError("an attached image is not valid base64 data") from exc


def split_content(content: str | list[Any]) -> tuple[str, list[str], list[str]]:
    """A message's content as (text, base64 images, links to images)."""
    if isinstance(content, str):
        return content, [], []
    texts: list[str] = []
    images: list[str] = []
    links: list[str] = []
    for block in content:
        if isinstance(block, str):
            texts.append(block)
            continue
        if not isinstance(block, dict):
            continue
        if block.get("type") == "text" and isinstance(block.get("text"), str):
            texts.append(block["text"])
            continue
        data, url = _image_source(block)
        if data is not None:
            images.append(data)
        elif url is not None:
            links.append(url)
    return "\n".join(t.strip() for t in texts if t.strip()), images, links


def inline_images(state: State, runtime: Runtime[Context] | None = None) -> dict[str, Any]:
    """Store the images inside the newest user message and rewrite it with their notes.

    A message without image blocks is left alone. An image that fails the upload checks,
    or a link, stops the turn with a reply saying why; the photos that passed are kept on
    the message, so the next turn can use them.
    """
    message = state.messages[-1] if state.messages else None
    if not isinstance(message, HumanMessage) or isinstance(message.content, str):
        return {}
    text, images, links = split_content(message.content)
    if not images and not links:
        return {}
    context = context_of(runtime.context if runtime else None)
    services = services_of(context)
    limits = services.settings.limits
    stored, problems = [], [LINKED.format(url=url[:80]) for url in links]
    for number, data in enumerate(images, start=1):
        try:
            stored.append(store_image(
                services.assets, _decode(data), filename=f"image {number}",
                tenant=context.tenant, kind="product_photo", max_bytes=limits.max_upload_bytes,
                max_pixels=int(limits.max_megapixels * 1_000_000),
            ))
        except InvalidImageError as exc:
            problems.append(f"image {number}: {exc}")
    ids = [*attached_ids(message), *(asset.id for asset in stored)]
    notes = [attachment_note(asset.id) for asset in stored]
    rewritten = HumanMessage(
        content="\n".join(part for part in [text, *notes] if part), id=message.id,
        additional_kwargs={**message.additional_kwargs, "attachments": ids},
    )
    update: dict[str, Any] = {"messages": [rewritten]}
    if problems:
        update["messages"].append(AIMessage(
            "I couldn't use what you attached: " + "; ".join(problems) + "."
        ))
    return update


def route_after_images(state: State) -> str:
    """Stop when an attached image could not be used (the last message says why)."""
    return "__end__" if isinstance(state.messages[-1], AIMessage) else "guard_input"
