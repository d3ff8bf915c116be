"""The language suite's cases: one message in a known conversation, and what a good assistant does.

Cases live in JSON Lines files next to this module (``cases/<split>.jsonl``). ``tune`` is the
part the local planner's language rules may be written from. ``fresh`` was written blind (by a
writer who never saw the planner) in session 15, scored once on first sight, then opened for
tuning like ``tune``; ``fresh2`` the same way in session 16 (first sight: 81% right, 15% asked,
3.7% wrong; its six translation cases have since also accepted an explanation instead of a
call, as ``tune``'s and ``fresh``'s do: the local engine cannot translate). ``fresh3`` was
written blind in session 18 (240 messages, a fifth of them ones a good assistant asks back
on), scored once on first sight (88% right, 7% asked, 5.8% wrong) and then opened for tuning
(one expectation corrected: "make it pop" may scale the product, as issue 19 defines it);
after: 92% right, 0.8% wrong. ``fresh4`` was written blind in session 19 (240 messages, a
fifth of them ones to ask back on), scored once on first sight (79% right, 10% asked, 10.8%
wrong: carousels, downloads and new ads worst) and then opened for tuning; three of its
messages that repeated earlier splits word for word were dropped (237 remain). ``fresh5`` was
written blind in session 20 (240 messages in six languages, Portuguese and Italian among
them, a fifth to ask back on), scored once on first sight (82% right, 8% asked, 9.6% wrong)
and then opened for tuning (one expectation widened: a new product named in words may be
recorded before the photo is asked for, as the other splits expect). ``fresh6`` was written
blind in session 20 after ``fresh5`` had been tuned on (200 messages by five personas),
scored on first sight (71% right, 17% asked, 10.5% wrong) and then opened for its wrong
calls (80% right, 3.0% wrong after; one expectation changed: "12 more" makes a batch of 8,
as ``fresh`` expects). ``fresh7`` was written blind in session 21 (200 messages by five
personas, a fifth to ask back on), scored on first sight before that session's planner work
(76% right, 12% asked, 9.5% wrong) and opened for tuning in session 22. ``fresh8`` was written
blind in session 22 (200 messages by five new personas: a freelancer with three clients, a
founder dictating by voice, a performance marketer, a retiree with an Etsy shop, a creative
director), scored on first sight (72% right, 20% asked, 8.5% wrong) and is not tuned on.
``fresh10`` was written blind in session 24 (209 messages by nineteen new personas in seven
languages, Dutch among them; a fifth of them to ask back on or to explain instead of acting).
``fresh11`` was written blind in session 25 (205 messages by twenty-two new personas in seven
languages, a brewery and a mezcal distillery among them; about a seventh to ask back on, to
refuse or to explain instead of acting).
``fresh12`` was written blind in session 26 (218 messages by twenty-five new personas in seven
languages, a wine bar and a pharmacy's sun cream among them; about a seventh to ask back on,
and a tenth more to refuse, explain or stay within a limit instead of acting), scored on first
sight (77% right, 6.0% wrong) and opened for tuning in session 27 (one expectation widened:
``leaderboard`` for ``728x90``, the same placement).
``fresh13`` was written blind in session 27 (215 messages by twenty-six new personas in seven
languages, a hearing-aid clinic and a vegan cheese maker among them, 55% of them English;
about a seventh to ask back on, and a tenth more to refuse, explain or stay within a limit),
scored on first sight (73% right, 17% asked, 8.8% wrong) and is not tuned on.
``fresh14`` was written blind in session 28 (215 messages by twenty-eight new personas in
seven languages, a locksmith and a hot sauce maker among them, 48% of them English; about
a seventh to ask back on, and a tenth more to refuse, explain or stay within a limit).
``fresh15`` was written blind in session 29 (220 messages by thirty-four new personas in
seven languages, a kombucha brand and a piano tuner among them, 51% of them English; about a
seventh to ask back on, a seventh more to refuse, explain or stay within a limit, and a fifth
with several asks or a word that changes the meaning: "but", "except", "instead").
``fresh16`` was written blind in session 30 (216 messages by thirty-nine new personas in
seven languages, a vinyl pressing plant and a cider orchard among them, 49% of them English;
about a seventh to ask back on, an eighth more to refuse, explain or stay within a limit
(twenty of them asking for something no tool can do or past a limit), and over a quarter
with several asks or a word that changes the meaning: "except", "instead", "not the..."),
scored on first sight (70% right, 14% asked, 13.4% wrong) and not tuned on.
``held_out`` was written separately and is only ever scored, in aggregate.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, ValidationError

CASES_DIR = Path(__file__).parent / "cases"
SPLITS = ("tune", "fresh", "fresh2", "fresh3", "fresh4", "fresh5", "fresh6", "fresh7", "fresh8",
          "fresh9", "fresh10", "fresh11", "fresh12", "fresh13", "fresh14",
          "fresh15", "fresh16",
          "held_out")


class ExpectedCall(BaseModel):
    """One tool call the turn must contain.

    Attributes:
        tool: The tool's name.
        args: Argument matchers (see :mod:`evals.language.matching`).
        allow: ``edit_image`` change arguments that may appear without being listed.
        min_changes: At least this many change arguments (for "make it pop").
    """

    tool: str
    args: dict[str, Any] = Field(default_factory=dict)
    allow: list[str] = Field(default_factory=list)
    min_changes: int = 0


class Expect(BaseModel):
    """What the turn must do: these calls, none at all, or any of several outcomes."""

    calls: list[ExpectedCall] | None = None
    none: bool = False
    any_of: list[Expect] | None = None

    def alternatives(self) -> list[Expect]:
        """The outcomes that count as right, flattened."""
        if self.any_of:
            return [alt for option in self.any_of for alt in option.alternatives()]
        return [self]


class Case(BaseModel):
    """One message, its conversation and the expected tool calls."""

    id: str
    lang: str
    intent: str
    context: str
    text: str
    expect: Expect
    forbid: list[str] = Field(default_factory=list)
    note: str = ""
    split: str = ""


@cache
def load_cases(split: str) -> tuple[Case, ...]:
    """Read every case of one split.

    Args:
        split: One of :data:`SPLITS`.

    Raises:
        ValueError: The split is unknown or a line is not a valid case (with its line number).
    """
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r}; choose one of {', '.join(SPLITS)}")
    path = CASES_DIR / f"{split}.jsonl"
    cases = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            cases.append(Case.model_validate({**json.loads(line), "split": split}))
        except (json.JSONDecodeError, ValidationError) as exc:
            raise ValueError(f"{path.name} line {number}: {exc}") from exc
    return tuple(cases)
