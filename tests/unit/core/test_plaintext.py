"""Ad copy is plain text: markup and control characters found, and what is left without them."""

from __future__ import annotations

import pytest

from core.plaintext import copy_findings, plain_copy, well_formed


@pytest.mark.parametrize(("copy", "plain"), [
    ("<img src=x onerror=alert(1)> Mug", "Mug"),
    ("Meet the <img src=x onerror=alert", "Meet the"),
    ("<b>Buy</b>", "Buy"),
    ("<script>alert(1)</script>Summer sale", "Summer sale"),
    ("Shop <a href='javascript:alert(1)'>now</a>", "Shop now"),
    ("Mug ![x](http://evil.example/p.png)", "Mug"),
    ("Half\x00 price\u202e now\x1b[31m", "Half price now[31m"),
    ("Line one\nline two", "Line one line two"),
])
def test_markup_and_control_characters_are_taken_out(copy: str, plain: str) -> None:
    assert plain_copy(copy) == plain


@pytest.mark.parametrize("copy", ["Buy 2 < 3 mugs & save", "I <3 mugs", "Cold 24 h > hot",
                                  "50% off", "Café à la carte — 2×", "Rock 'n' roll"])
def test_plain_copy_is_left_alone_and_has_no_finding(copy: str) -> None:
    assert plain_copy(copy) == copy
    assert copy_findings(copy) == []


def test_markup_is_a_finding_that_offers_the_plain_text() -> None:
    (finding,) = copy_findings("<b>Buy</b>")
    assert finding.rule_id == "copy.markup" and finding.severity == "block"
    assert finding.excerpt == "<b>" and finding.suggestion == "Buy"
    assert finding.span == (0, 3)


def test_a_control_character_is_a_finding_of_its_own() -> None:
    (finding,) = copy_findings("Sale\x07 today")
    assert finding.rule_id == "copy.control" and finding.suggestion == "Sale today"


def test_an_emoji_made_with_a_zero_width_joiner_is_copy_not_a_control_character() -> None:
    copy = "Made for 👩\u200d💻 coders"
    assert copy_findings(copy) == [] and plain_copy(copy) == copy
    (finding,) = copy_findings("Cold\u200b for 24 h")  # a zero-width space is still found
    assert finding.rule_id == "copy.control"


def test_a_line_or_paragraph_separator_is_a_control_character() -> None:
    for separator in ("\u2028", "\u2029"):
        (finding,) = copy_findings(f"Cold{separator}for 24 h")
        assert finding.rule_id == "copy.control"


@pytest.mark.parametrize(("text", "valid"), [
    ("a\ud800b", "a\ufffdb"),
    ("\udfff", "\ufffd"),
    ("\ud83d\ude00 ok", "\U0001f600 ok"),  # a pair written as two escapes is one emoji
    ("Café — 😀", "Café — 😀"),
])
def test_text_is_made_valid_unicode(text: str, valid: str) -> None:
    assert well_formed(text) == valid
    well_formed(text).encode("utf-8")
