"""Text from users and products, made safe to show as HTML or Markdown."""

from __future__ import annotations

from markdown_it import MarkdownIt

from core.markup import escape_html, escape_markdown, safe_markdown

ATTACK = "Meet the <img src=x onerror=alert(1)> mug ![x](http://evil.example/p.png)"
GFM = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
"""A renderer as permissive as a chat UI's: raw HTML on, images and links on."""


def test_escaped_html_shows_the_markup_as_text() -> None:
    assert escape_html('<b a="1">&</b>') == "&lt;b a=&quot;1&quot;&gt;&amp;&lt;/b&gt;"
    assert "<img" not in escape_html(ATTACK)


def test_escaped_markdown_renders_to_exactly_the_text_with_no_element() -> None:
    rendered = GFM.render(escape_markdown(ATTACK + " **bold** `code` $$x$$ # h"))
    assert "<img" not in rendered and "<a " not in rendered and "<strong>" not in rendered
    assert "<code>" not in rendered and "<h1>" not in rendered
    assert "&lt;img src=x onerror=alert(1)&gt;" in rendered
    assert "![x](http://evil.example/p.png)" in rendered
    assert "**bold**" in rendered


def test_safe_markdown_keeps_the_apps_formatting_but_no_html_image_or_link() -> None:
    reply = f"**Here are your ads** for {ATTACK}\n\n- one\n- two [link](javascript:alert(1))"
    rendered = GFM.render(safe_markdown(reply))
    assert "<strong>Here are your ads</strong>" in rendered and "<li>one</li>" in rendered
    assert "<img" not in rendered and "<a " not in rendered
    assert "&lt;img src=x onerror=alert(1)&gt;" in rendered
    assert "![x](http://evil.example/p.png)" in rendered


def test_plain_text_is_unchanged_by_every_form() -> None:
    assert escape_html("Insulated bottle, 750 ml") == "Insulated bottle, 750 ml"
    assert safe_markdown("Insulated bottle, 750 ml") == "Insulated bottle, 750 ml"
