"""Conditions, "just asking", a scoped "except" and long candidate lists (issue 19).

A new user found these silently wrong. Each test is a rule checked on messages written for
it, in several languages; the expected calls follow from the message and from what the
conversation's ads look like (``ads4``: #1 hiking trail (mid), #2 summer (light), #3 water
splash (light), #4 industrial loft (dark); ``ads8`` adds #5 studio, #6 marble, #7 beach
(light) and #8 city night (dark)). The comment says what happened before.
"""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.messages import AIMessage, HumanMessage, ToolCall, ToolMessage

from agent.planner.local import plan
from evals.language.contexts import HEADLINE, PHOTO, Context, ad_image, build_context
from tests.unit.agent.planner.talk import TOOLS, asks, calls, only, turn


def _ids(numbers: list[int]) -> list[str]:
    return [f"img_b{n:09d}" for n in numbers]


def _more(context: Context, themes: tuple[str, ...], said: str) -> Context:
    """The conversation after the user asked for more ads and got ``themes``."""
    first = len(context.images) + 1
    images = [ad_image(f"img_b{first + i:09d}", t) for i, t in enumerate(themes)]
    args = {"product_image": PHOTO, "n": len(themes), "theme": "auto",
            "placements": ["square"], "headline": HEADLINE, "cta": "Shop now"}
    call_id = f"call_more{first}"
    context.messages += [
        HumanMessage(said),
        AIMessage("", tool_calls=[ToolCall(name="generate_ad_images", args=args, id=call_id,
                                           type="tool_call")]),
        ToolMessage(content=f"{len(themes)} ad images made", name="generate_ad_images",
                    tool_call_id=call_id, artifact={"images": images, "notes": []}),
        AIMessage(f"Here are {len(themes)} more."),
    ]
    context.images += [im["asset_id"] for im in images]
    return context


def _reply(context: Context, text: str) -> AIMessage:
    return plan([*context.messages, context.user(text)], TOOLS)


def _edits(reply: AIMessage) -> dict[str, dict[str, Any]]:
    made = calls(reply)
    assert made and {name for name, _ in made} == {"edit_image"}, made
    return {args["asset_id"]: args for _, args in made}


# 1. A condition is evaluated: the change goes to exactly the ads that meet it

@pytest.mark.parametrize(("context", "text", "meeting"), [
    # all four made darker on a "studio-dark" theme before
    ("ads4", "if any of them has a dark background, make it lighter", [4]),
    ("ads8", "if any of them has a dark background, make it lighter", [4, 8]),
    ("ads4", "falls eins davon einen dunklen Hintergrund hat, mach es heller", [4]),
    ("ads4", "si alguna tiene el fondo oscuro, hazla más clara", [4]),
    ("ads8", "si l'une d'elles a un fond sombre, rends-la plus claire", [4, 8]),
    ("ads4", "se una di loro ha lo sfondo scuro, schiariscila", [4]),
    ("ads4", "se alguma tiver o fundo escuro, deixa-a mais clara", [4]),
    ("ads4", "als er eentje een donkere achtergrond heeft, maak die lichter", [4]),
    ("ads4", "make #4 brighter if it's dark", [4]),
])
def test_a_condition_picks_the_ads_that_meet_it(context: str, text: str,
                                                meeting: list[int]) -> None:
    edits = _edits(turn(context, text))
    assert sorted(edits) == _ids(meeting)
    for args in edits.values():
        assert args.get("brightness", 0) > 0 and "theme" not in args, args


@pytest.mark.parametrize(("context", "text"), [
    ("ads4", "if any of them has a pink background, make it warmer"),
    ("ads4", "make #2 brighter if it's dark"),
    ("ads4", "wenn #3 dunkel ist, mach es heller"),
    ("ads4", "si la 2 es oscura, ponla más clara"),
])
def test_a_condition_no_ad_meets_changes_nothing_and_says_so(context: str, text: str) -> None:
    reply = asks(context, text)
    assert "#" in reply, reply  # it names the ads it looked at


@pytest.mark.parametrize(("text", "then", "otherwise"), [
    # both branches applied to #3 before
    ("if #3 is dark, brighten it, otherwise leave it", None, None),
    ("if #4 is dark, brighten it, otherwise leave it", "brightness", None),
    ("if #3 is dark, brighten it, otherwise make it warmer", None, "warmth"),
    ("wenn #4 dunkel ist, mach es heller, sonst mach es wärmer", "brightness", None),
    ("si la 3 est sombre, éclaircis-la, sinon rends-la plus chaude", None, "warmth"),
    ("se la 4 è scura, schiariscila, altrimenti rendila più calda", "brightness", None),
    ("als #3 donker is, maak hem lichter, anders warmer", None, "warmth"),
])
def test_never_both_branches(text: str, then: str | None, otherwise: str | None) -> None:
    reply = turn("ads4", text)
    done = {name for _, args in calls(reply) for name in args if name != "asset_id"}
    if then is None and otherwise is None:
        assert not reply.tool_calls and reply.content, calls(reply)
        return
    assert done == {then or otherwise}, calls(reply)


def test_the_otherwise_branch_goes_to_the_rest() -> None:
    edits = _edits(turn("ads4", "if any of them is dark make it brighter, otherwise cooler"))
    assert sorted(edits) == _ids([1, 2, 3, 4])
    assert edits[_ids([4])[0]].get("brightness", 0) > 0
    assert "warmth" not in edits[_ids([4])[0]]
    for n in (1, 2, 3):
        assert edits[_ids([n])[0]].get("warmth", 0) < 0
        assert "brightness" not in edits[_ids([n])[0]]


@pytest.mark.parametrize("text", [
    "if any of them looks too busy, simplify it",
    "wenn die Schrift auf einem davon schlecht lesbar ist, mach sie größer",
    "si alguna se ve aburrida, hazla más cálida",
])
def test_a_condition_that_cannot_be_judged_is_asked_back(text: str) -> None:
    reply = asks("ads4", text)
    assert all(f"#{n}" in reply for n in (1, 2, 3, 4)), reply


@pytest.mark.parametrize(("text", "asset"), [
    ("if it isn't too much trouble, could you make #2 warmer?", "img_b000000002"),
    ("make #2 warmer if you can", "img_b000000002"),
    ("mach bitte #2 wärmer, wenn das geht", "img_b000000002"),
])
def test_a_courtesy_if_is_no_condition(text: str, asset: str) -> None:
    (args,) = only("ads4", text, "edit_image")
    assert args["asset_id"] == asset and args["warmth"] > 0


# 2. A question, or "don't do it yet": the answer to it, no call

@pytest.mark.parametrize(("text", "about"), [
    # a storyboard written before
    ("only a question: could you make a video?", "storyboard"),
    ("nur eine Frage: kannst du ein Video machen?", "storyboard"),
    ("juste une question : tu peux faire une vidéo ?", "storyboard"),
    ("solo una pregunta, ¿puedes hacer un vídeo? no lo hagas todavía", "storyboard"),
    ("só uma pergunta: consegues fazer um vídeo? não faças ainda", "storyboard"),
    ("alleen een vraag: kun je een video maken? nog niet doen", "storyboard"),
    ("just asking, don't do it yet: could you make #2 warmer?", "#2"),
    ("solo una domanda: puoi rendere la 2 più calda? non farlo ancora", "#2"),
    ("just curious, could you animate #3?", "#3"),
])
def test_a_question_about_an_ability_is_answered(text: str, about: str) -> None:
    reply = asks("ads4", text)
    assert about in reply, reply
    assert "rules of thumb" not in reply, reply  # not the unrelated tips of before


@pytest.mark.parametrize("text", [
    "just asking, don't do it yet",
    "nur eine Frage, noch nichts machen",
])
def test_holding_off_without_a_question_changes_nothing(text: str) -> None:
    reply = asks("ads4", text)
    assert "rules of thumb" not in reply, reply


# 3. "all ... except" right after a batch: the batch or every ad? Asked, never one silently

@pytest.mark.parametrize("text", [
    "make them all warmer except the first",  # #6 alone made warmer before
    "mach sie alle wärmer außer der ersten",
    "rendez-les toutes plus chaudes sauf la première",
])
def test_except_right_after_a_batch_is_asked(text: str) -> None:
    context = _more(build_context("ads4"), ("beach", "marble"), "2 more")
    reply = _reply(context, text)
    assert not reply.tool_calls, calls(reply)
    assert "#1" in str(reply.content) and "#5" in str(reply.content), reply.content


def test_except_an_ad_outside_the_batch_means_every_ad() -> None:
    context = _more(build_context("ads4"), ("beach", "marble"), "2 more")
    edits = _edits(_reply(context, "make them all warmer except #1"))
    assert sorted(edits) == _ids([2, 3, 4, 5, 6])


def test_except_in_a_single_batch_is_still_done() -> None:
    edits = _edits(turn("ads4", "make them all warmer except the first"))
    assert sorted(edits) == _ids([2, 3, 4])


# 4. A question's candidate list offers every candidate, however many

def test_every_one_of_twelve_is_offered() -> None:
    context = _more(build_context("ads8"), ("summer", "water-splash", "beach", "marble"),
                    "4 more")
    reply = _reply(context, "make the best one warmer")  # which is best, only they know
    text = str(reply.content)
    assert not reply.tool_calls
    assert all(f"#{n} " in text or f"#{n}," in text or f"#{n}?" in text for n in range(1, 13)), text
    assert "all 12" in text, text
