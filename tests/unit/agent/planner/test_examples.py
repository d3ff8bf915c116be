"""The follow-ups a reply suggests name only ads that are there."""

from __future__ import annotations

import re
from dataclasses import replace

from agent.planner.local import Conversation, examples, read_conversation
from evals.language.contexts import build_context


def _ads4() -> Conversation:
    convo = build_context("ads4")
    return read_conversation([*convo.messages, convo.user("hm")])


def test_with_a_set_of_four_it_suggests_the_second() -> None:
    assert "*make #2 warmer" in examples(_ads4())


def test_with_one_ad_it_never_names_a_second() -> None:
    convo = _ads4()
    one = replace(convo, images=convo.images[:1], last_set=convo.images[:1])
    text = examples(one)
    assert "#1" in text and not re.search(r"#[2-9]", text)


def test_with_no_ads_it_suggests_making_some() -> None:
    convo = _ads4()
    none = replace(convo, images=[], last_set=[])
    text = examples(none)
    assert "#" not in text and "ads" in text


def test_deleted_ads_are_not_suggested() -> None:
    convo = _ads4()
    gone = replace(convo, removed=set(convo.images[1:]))
    assert not re.search(r"#[2-9]", examples(gone))
