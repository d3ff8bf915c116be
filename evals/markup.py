"""The agent's markdown as safe HTML for the eval reports.

markdown-it-py renders CommonMark with raw HTML switched off, so ``<script>`` or
``<img onerror=...>`` in a reply is shown as text, never run. Links keep only http(s),
mailto, in-page and relative targets; images are never loaded (their alt text is shown),
so a reply cannot make the report fetch a remote file.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Any
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markdown_it.token import Token

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})


def safe_link(url: str) -> bool:
    """Whether a link target may be followed: http(s), mailto, relative or in-page."""
    target = url.strip()
    if not target or any(ord(c) < 32 for c in target):
        return False
    parts = urlsplit(target)
    if parts.scheme:
        return parts.scheme.lower() in SAFE_SCHEMES
    return not target.startswith("//") and not parts.netloc


def _image_as_text(renderer: Any, tokens: Sequence[Token], idx: int, options: Any,
                   env: Any) -> str:
    """An image shown as its alt text in brackets (no request is ever made)."""
    token = tokens[idx]
    alt = "".join(child.content for child in token.children or [])
    return f'<span class="img-alt">[image: {escape(alt or "no description")}]</span>'


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.validateLink = safe_link  # type: ignore[method-assign]
    md.add_render_rule("image", _image_as_text)
    return md


_MD = _parser()


def render_markdown(text: str) -> str:
    """Safe HTML of a markdown text (raw HTML escaped, unsafe links dropped, no images)."""
    return _MD.render(text)
