"""Silent wrong actions a reviewer found in session 30 (issue 19).

Each test is written from what the message asks, in several languages where the
construction exists. ``ads4``: #1 hiking trail (mid), #2 summer (light), #3 water splash
(light), #4 industrial loft (dark). "Right after 2 more" is ``ads4`` followed by a turn that
made #5 (beach) and #6 (marble): there the latest batch and "every ad" differ.
"""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.messages import AIMessage

from agent.planner.local import plan
from evals.language.contexts import Context, build_context
from tests.unit.agent.planner.talk import TOOLS, asks, calls, turn, whole_turn
from tests.unit.agent.planner.test_conditions_s30 import _more


def _ad(n: int) -> str:
    return f"img_b{n:09d}"


def _edited(made: list[tuple[str, dict[str, Any]]]) -> dict[str, dict[str, Any]]:
    return {args["asset_id"]: args for name, args in made if name == "edit_image"}


def _after_two_more() -> Context:
    return _more(build_context("ads4"), ("beach", "marble"), "2 more")


def _reply(context: Context, text: str) -> AIMessage:
    return plan([*context.messages, context.user(text)], TOOLS)


def _whole_turn(context: str, text: str) -> list[tuple[str, dict[str, Any]]]:
    """Every call of the turn, each step's tools answered as they would be."""
    return whole_turn(build_context(context), text)[0]


# 5. The "just asking" answer quotes the copy as it was typed

@pytest.mark.parametrize("text", [
    'just asking: could you change the headline on #2 to "Brew Bold"?',
    'only a question: could you make the headline "Brew Bold" on #2?',
    'nur eine Frage: kannst du die Überschrift auf #2 in "Brew Bold" ändern?',
    'juste une question : tu pourrais mettre le titre "Brew Bold" sur la #2 ?',
    'solo una pregunta: ¿podrías poner el titular "Brew Bold" en la #2?',
])
def test_the_just_asking_answer_keeps_quoted_copy_as_typed(text: str) -> None:
    reply = asks("ads4", text)  # before: "(headline brew bold)"
    assert "Brew Bold" in reply, reply


def test_just_asking_without_a_number_keeps_the_copy_too() -> None:
    # ads4_edit: #5 is the latest, the one "the headline" is read to be on
    reply = asks("ads4_edit", 'just asking: could you change the headline to "Brew Bold"?')
    assert "Brew Bold" in reply, reply


# 6. A plain request followed by a side question is carried out

@pytest.mark.parametrize("text", [
    "make #2 warmer. I'm just curious how long that takes",
    "make #2 warmer, just curious how it looks",
    "mach #2 wärmer. Ich bin nur neugierig, wie lange das dauert",
    "rends la #2 plus chaude. je suis juste curieux, ça prend combien de temps ?",
    "haz la #2 más cálida. solo tengo curiosidad, ¿cuánto tarda?",
])
def test_a_request_then_a_side_question_is_done(text: str) -> None:
    edited = _edited(calls(turn("ads4", text)))  # before: advice, nothing done
    assert set(edited) == {_ad(2)} and edited[_ad(2)]["warmth"] > 0, edited


@pytest.mark.parametrize("text", [
    "just asking: could you make #2 warmer?",
    "could you make #2 warmer? just curious",
    "nur eine Frage: kannst du #2 wärmer machen?",
    "make #2 warmer but don't do it yet",
])
def test_a_hypothetical_is_still_only_answered(text: str) -> None:
    asks("ads4", text)


# 3. "unless" is a condition turned round: the change only where it does not hold

@pytest.mark.parametrize("text", [
    "make #2 cooler unless it's already light",
    "make #2 cooler except if it's already light",
    "make #2 cooler, except when it's already light",
    "rends la #2 plus froide sauf si elle est déjà claire",
    "mach #2 kühler, außer wenn es schon hell ist",
    "haz la #2 más fría a menos que ya sea clara",
    "maak #2 koeler tenzij hij al licht is",
])
def test_unless_met_changes_nothing_and_says_so(text: str) -> None:
    reply = asks("ads4", text)  # #2 is light; before: #2 made cooler all the same
    assert "#2" in reply, reply


@pytest.mark.parametrize("text", [
    "make #4 cooler unless it's already light",
    "make #4 cooler except if it's already light",
    "rends la #4 plus froide sauf si elle est déjà claire",
    "mach #4 kühler, außer wenn es schon hell ist",
    "haz la #4 más fría a menos que ya sea clara",
    "maak #4 koeler tenzij hij al licht is",
])
def test_unless_not_met_makes_the_change(text: str) -> None:
    edited = _edited(calls(turn("ads4", text)))  # #4 is dark
    assert set(edited) == {_ad(4)} and edited[_ad(4)]["warmth"] < 0, edited


@pytest.mark.parametrize("text", [
    "make all of them cooler unless they're already light",
    "mach alle kühler, außer wenn sie schon hell sind",
    "rends-les toutes plus froides sauf si elles sont déjà claires",
])
def test_unless_on_every_ad_changes_only_those_it_does_not_hold_for(text: str) -> None:
    edited = _edited(calls(turn("ads4", text)))  # #2 and #3 light; #1 mid, #4 dark
    assert set(edited) == {_ad(1), _ad(4)}, edited
    assert all(args["warmth"] < 0 for args in edited.values()), edited


# 4. A condition governs its change, not the rest of the message

@pytest.mark.parametrize("text", [
    "if #2 is dark, make it lighter and download all four",
    "wenn #2 dunkel ist, mach es heller und dann alle herunterladen",
    "si la #2 est sombre, rends-la plus claire et télécharge les quatre",
    "si la #2 es oscura, hazla más clara y descarga las cuatro",
])
def test_a_condition_not_met_still_leaves_the_download_to_do(text: str) -> None:
    made = _whole_turn("ads4", text)  # #2 is light; before: nothing at all
    assert [name for name, _ in made] == ["download_images"], made


@pytest.mark.parametrize("text", [
    "if #4 is dark, make it lighter and download all four",
    "wenn #4 dunkel ist, mach es heller und dann alle herunterladen",
    "si la #4 est sombre, rends-la plus claire et télécharge les quatre",
    "si la #4 es oscura, hazla más clara y descarga las cuatro",
])
def test_a_condition_met_makes_the_change_and_the_download(text: str) -> None:
    made = _whole_turn("ads4", text)  # #4 is dark
    edited = _edited(made)
    assert set(edited) == {_ad(4)} and edited[_ad(4)]["brightness"] > 0, made
    assert [name for name, _ in made][-1] == "download_images", made


# 2. "all except the first, cooler" reads as "make all except the first cooler"

@pytest.mark.parametrize("text", [
    "all except the first, cooler",  # before: #2-#6 made cooler
    "make all except the first cooler",
    "alle außer der ersten, kühler",
    "mach alle außer der ersten kühler",
    "toutes sauf la première, plus froides",
    "rends toutes sauf la première plus froides",
])
def test_all_except_the_first_right_after_a_batch_is_asked_with_or_without_a_verb(
        text: str) -> None:
    reply = _reply(_after_two_more(), text)
    assert not reply.tool_calls, calls(reply)
    assert "#1" in str(reply.content) and "#5" in str(reply.content), reply.content


def test_all_except_the_first_comma_cooler_in_one_batch_is_done() -> None:
    edited = _edited(calls(turn("ads4", "all except the first, cooler")))
    assert set(edited) == {_ad(2), _ad(3), _ad(4)}, edited


# 1. "2 more please. make all except the first cooler": the new ones, and never one old ad

@pytest.mark.parametrize("text", [
    "2 more please. make all except the first cooler",
    "noch 2 bitte. mach alle außer der ersten kühler",
    "2 de plus s'il vous plaît. rends toutes sauf la première plus froides",
    "2 más por favor. haz todas excepto la primera más frías",
    "nog 2 graag. maak alle behalve de eerste koeler",  # before: #1 alone made cooler
])
def test_more_and_all_except_the_first_makes_the_new_ones_and_the_right_set(text: str) -> None:
    made = calls(turn("ads4", text))
    assert [args["n"] for name, args in made if name == "generate_ad_images"] == [2], made
    edited = _edited(made)
    assert set(edited) in (set(), {_ad(2), _ad(3), _ad(4)}), edited
    assert all(args["warmth"] < 0 for args in edited.values()), edited


@pytest.mark.parametrize("text", [
    "2 more please. make all except the first cooler",
    "noch 2 bitte. mach alle außer der ersten kühler",
    "nog 2 graag. maak alle behalve de eerste koeler",
])
def test_more_and_all_except_right_after_a_batch_never_edits_one_old_ad(text: str) -> None:
    edited = _edited(calls(_reply(_after_two_more(), text)))
    assert set(edited) in (set(), {_ad(n) for n in range(2, 7)}), edited
