"""The chat's images with their alt text: Gradio 6's chatbot drops a file message's.

:func:`ui.history.image_message` gives every ad in the chat its label as alt text ("#2 ·
Marble luxe · square"), but Gradio 6's chatbot frontend reads an image's alt text only from
an image component's props, never from a file message. :func:`naming_images` makes a
chatbot send each image that has alt text as an image component instead: the same picture,
the same click to open it full size, and the label on the ``img``. Files of other kinds (a
ZIP) stay files.
"""

from __future__ import annotations

from types import MethodType
from typing import Any

import gradio as gr
from gradio.components.chatbot import ComponentMessage
from gradio_client import utils as client_utils


def chat_image(path: str, alt_text: str) -> gr.Image:
    """The chat's image at ``path``, named by ``alt_text`` (what a screen reader says)."""
    return gr.Image(value=path, alt_text=alt_text, show_label=False, buttons=["fullscreen"],
                    render=False)


def _named_image(content: Any) -> gr.Image | None:
    """``content`` as an image component when it is an image file with alt text."""
    if not isinstance(content, dict) or "path" not in content or not content.get("alt_text"):
        return None
    mime = client_utils.get_mimetype(str(content["path"])) or ""
    return chat_image(str(content["path"]), str(content["alt_text"])) if mime.startswith(
        "image/") else None


def _postprocess_content(chatbot: gr.Chatbot, chat_message: Any) -> Any:
    """A message part as the frontend takes it: a named image as an image component."""
    named = _named_image(chat_message)
    return gr.Chatbot._postprocess_content(chatbot, named if named is not None else chat_message)


def _preprocess_content(chatbot: gr.Chatbot, chat_message: Any) -> Any:
    """A message part as a handler gets it: an image stays its file, never decoded.

    Gradio would decode every image of the chat into an array on each message sent, for
    handlers that only pass the history on.
    """
    if isinstance(chat_message, ComponentMessage) and chat_message.component == "image":
        return chat_message.model_dump()
    return gr.Chatbot._preprocess_content(chatbot, chat_message)


def naming_images(chatbot: gr.Chatbot) -> gr.Chatbot:
    """``chatbot``, its images sent with their alt text (drawn by Gradio's own frontend).

    Bound on the instance: a subclass of a Gradio component makes Gradio write a ``.pyi``
    stub beside its module when it is imported.
    """
    bound = {"_postprocess_content": _postprocess_content,
             "_preprocess_content": _preprocess_content}
    for name, method in bound.items():
        setattr(chatbot, name, MethodType(method, chatbot))

    return chatbot
