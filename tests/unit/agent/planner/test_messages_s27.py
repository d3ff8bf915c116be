"""Classes of everyday phrasing the language suite's ``fresh12`` found the planner getting wrong.

Each test is a rule, checked on sentences written for it (not the suite's) and on paraphrases
in other words and languages. Conversations are the suite's (``ads4``: #1 hiking trail,
#2 summer, #3 water splash, #4 industrial loft; ``ads8`` adds #5 studio, #6 marble, #7 beach,
#8 city night; ``ads4_edit`` adds #5, a warmer version of #2; ``new_photo`` carries a photo).
The comment says what happened before.
"""

from __future__ import annotations

from typing import Any

import pytest

from agent.planner.naming import product_phrase
from evals.language.contexts import build_context
from tests.unit.agent.planner.talk import calls, turn

ADS = build_context("ads8").images
EDITED = build_context("ads4_edit").images


def _only(context: str, text: str, tool: str) -> list[dict[str, Any]]:
    made = calls(turn(context, text))
    assert made and {name for name, _ in made} == {tool}, made
    return [args for _, args in made]


def _asks(context: str, text: str) -> str:
    reply = turn(context, text)
    assert not reply.tool_calls and reply.content, calls(reply)
    return str(reply.content)


# 1. A greeting opening a brief is no product name; "attached is", "anbei" lead to it

@pytest.mark.parametrize(("text", "word"), [
    # the name was "Good afternoon"
    ("Good afternoon. Attached is our Lumo desk lamp, dimmable, USB-C.", "lamp"),
    ("Good evening folks! Please find attached our oat milk latte, 330 ml can.", "latte"),
    ("Guten Morgen, anbei unser neuer Rucksack aus Canvas. Bitte Werbung für Instagram.",
     "rucksack"),
    ("Bom dia! Essa é a nossa garrafa térmica de inox. Quero anúncios pro verão", "garrafa"),
    ("Buenos días, les mando nuestra crema de manos de karité. Anuncios para Instagram.",
     "crema"),
    ("Goedemorgen! Dit is onze nieuwe koffiemok van keramiek.", "koffiemok"),
    ("Buongiorno, in allegato la nostra borsa di pelle. Vorrei degli annunci.", "borsa"),
    ("Bonsoir, ci-joint notre bougie parfumée à la figue.", "bougie"),
])
def test_a_greeting_is_no_product_name(text: str, word: str) -> None:
    assert word in product_phrase(text).lower()
