"""The product summary the local engine replies with after reading a brief."""

from __future__ import annotations

from markdown_it import MarkdownIt

from agent.planner.local import describe_features


def test_benefits_and_audience_are_their_own_paragraphs_not_part_of_the_last_bullet() -> None:
    text = describe_features({"product_name": "Trail bottle", "features": ["750 ml", "steel"],
                              "benefits": ["Built to last"], "audience_hints": ["hikers"]})
    html = MarkdownIt().render(text)
    assert "<li>750 ml</li>" in html and "<li>steel</li>" in html
    assert "<p>Benefits: Built to last</p>" in html
    assert "<p>Audience: hikers</p>" in html


def test_a_brief_with_nothing_but_a_name_promises_no_list() -> None:
    assert describe_features({"product_name": "Black mug"}) == "**Black mug**"
    assert describe_features(None) == ""
