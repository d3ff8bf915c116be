"""The planner's questions back in the language of the message they answer.

A German, French or Spanish marketer asked "which ads?" in English has to switch languages
to answer. The questions the planner asks about which ads are meant (questions.yaml) are
said in the message's language; the ads' numbers and names stay as listed, and a sentence
without a translation stays as it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from pathlib import Path

import yaml

_TABLE = Path(__file__).with_name("questions.yaml")


@cache
def _sentences() -> tuple[tuple[re.Pattern[str], dict[str, str]], ...]:
    """Each English question as a pattern, with its translations by language."""
    entries = yaml.safe_load(_TABLE.read_text(encoding="utf-8"))
    return tuple((re.compile(str(e["en"])), {k: str(v) for k, v in e.items() if k != "en"})
                 for e in entries)


def in_language(text: str, lang: str) -> str:
    """``text`` with each question of the table said in ``lang`` (as it is for English).

    Args:
        text: The planner's reply.
        lang: The language of the message it answers (``de``, ``fr``, ...).
    """
    if lang == "en":
        return text
    for pattern, translations in _sentences():
        said = translations.get(lang)
        if said is not None:
            text = pattern.sub(_filled(said), text)
    return text


def _filled(said: str) -> Callable[[re.Match[str]], str]:
    """The replacement of a matched question: ``said`` with the ads and words it carried."""

    def fill(match: re.Match[str]) -> str:
        return said.format(**match.groupdict())

    return fill
