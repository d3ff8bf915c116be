"""Text from users and products made safe to show: escaped for HTML, or for Markdown.

User text, product text and file names are data. Where a face renders them (a web page's
``innerHTML``, a Markdown chat), they must show as the characters typed: no element, no
script, no remote image.
"""

from __future__ import annotations

import html
import re

_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+\-.!|~$:=^\"'])")
_LINK_BRACKETS = re.compile(r"([\[\]])")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
"""Control characters but tab and line breaks: a terminal would run an escape sequence."""


def escape_html(text: str) -> str:
    """``text`` for HTML: ``& < > " '`` as entities, so no tag or attribute is made."""
    return html.escape(text, quote=True)


def _html_specials(text: str) -> str:
    """``& < >`` as entities (Markdown renderers show entities as the characters)."""
    return html.escape(text, quote=False)


def escape_markdown(text: str) -> str:
    """``text`` for a Markdown renderer: shown exactly as typed, with no formatting.

    Raw HTML becomes entities and every Markdown punctuation mark is backslash-escaped, so
    ``<img onerror>``, ``![x](url)``, ``**bold**`` or a heading all show as text. Control
    characters (a terminal's escape sequences) are dropped.
    """
    escaped = _MARKDOWN_PUNCTUATION.sub(r"\\\1", _CONTROL.sub("", text))
    return _html_specials(escaped)


def safe_markdown(text: str) -> str:
    """The app's own Markdown with the parts that could reach out made inert.

    Bold, lists and code keep working; raw HTML shows as text (entities) and the square
    brackets of links and images are escaped, so no image loads and no link is made from
    text that may repeat a product name or a file name. Control characters are dropped.
    """
    return _LINK_BRACKETS.sub(r"\\\1", _html_specials(_CONTROL.sub("", text)))
