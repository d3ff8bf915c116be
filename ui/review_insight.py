"""The Review tab's checks on the reviewers: the answer key (gold items) and disagreements.

Plain methods returning plain data (no Gradio here), beside
:class:`~ui.review_controller.ReviewController`. Gold items are set from the pair on screen,
in a panel reviewers keep closed: nothing on the rating screen says an item is gold.
"""

from __future__ import annotations

from typing import cast

from core.markup import escape_markdown
from evals.reviews.drilldown import ItemSpread, ReviewerView, item_reviews, item_spreads
from evals.reviews.gold import TOLERANCE, GoldResult
from evals.reviews.models import Choice, ReviewError, ReviewItem, pairs
from evals.reviews.rubric import CriterionRubric
from ui.review_controller import NO_RUN, ReviewController, Side, labels_of
from ui.review_words import scenario_words

MAX_LISTED = 30
"""Disagreements listed to open (the widest first)."""


def _place(number: int, side: str, item: ReviewItem, markdown: bool = False) -> str:
    """'Pair 3, right (B) · ad images · image 96×96' (the run's words escaped for Markdown)."""
    size = f" {item.width}×{item.height}" if item.width and item.height else ""
    where = {"A": "left", "B": "right"}[side]
    words = scenario_words(item.scenario)
    scenario, kind = (escape_markdown(words), escape_markdown(item.kind)) if markdown \
        else (words, item.kind)
    return f"Pair {number}, {where} ({side}) · {scenario} · {kind}{size}"


def gold_line(result: GoldResult) -> str:
    """'ana: 4 of 5 answer-key items within ±1 · 1 of 2 pairs as expected'."""
    parts = []
    if result.items:
        parts.append(f"{result.within} of {result.items} answer-key items within "
                     f"±{TOLERANCE} of the expected score")
    if result.pairs:
        parts.append(f"{result.matched} of {result.pairs} answer-key pairs chosen as expected")
    return f"**{escape_markdown(result.reviewer)}:** " + " · ".join(parts)


class ReviewInsight:
    """Gold items and disagreement handlers of the Review tab.

    Args:
        controller: The tab's controller (its store, tenant, pairs and name check).
    """

    def __init__(self, controller: ReviewController) -> None:
        self.controller = controller
        self.store, self.tenant = controller.store, controller.tenant

    def _places(self, run_id: str) -> dict[str, tuple[int, str, ReviewItem]]:
        """Item id → (pair number, side, item)."""
        return {item.id: (number, side, item)
                for number, pair in enumerate(pairs(self.store.items(self.tenant, run_id)), 1)
                for side, item in zip("AB", pair, strict=True) if item is not None}

    # -- gold ------------------------------------------------------------------------------

    def set_gold(self, run_id: str | None, reviewer: str | None, token: str | None,
                 index: int, side: Side, criterion: str | None, score: int | None) -> str:
        """Make the asset on ``side`` of the pair on screen gold, with its expected score."""
        item = self.controller.item_at(run_id, int(index or 0), side)
        if not run_id or item is None:
            return NO_RUN
        if not criterion or score is None:
            return "⚠️ Pick the criterion and the score it should get."
        try:
            name = self.controller.organise(run_id, reviewer, token)
            self.store.set_gold(self.tenant, item.id, criterion, int(score), name)
        except ReviewError as exc:
            return f"⚠️ {exc}"
        label = labels_of(self.store.criteria(self.tenant, run_id)).get(criterion, criterion)
        return f"Saved: {side} of pair {int(index or 0) + 1} should get {score}/5 on {label}."

    def set_gold_pair(self, run_id: str | None, reviewer: str | None, token: str | None,
                      index: int, choice: str | None) -> str:
        """Make the pair on screen gold: which one should be chosen overall (A, B or tie)."""
        pair = self.controller.pair_at(run_id, int(index or 0))
        if pair is None or pair[1] is None:
            return "⚠️ There is no pair here to set an expected choice on."
        if choice not in ("A", "B", "tie"):
            return "⚠️ Pick A, B or tie."
        try:
            self.store.set_gold_pair(self.tenant, pair[0].id, pair[1].id, cast(Choice, choice),
                                     self.controller.organise(run_id, reviewer, token))
        except ReviewError as exc:
            return f"⚠️ {exc}"
        said = "a tie" if choice == "tie" else f"{choice} is better"
        return f"Saved: the expected choice on pair {int(index or 0) + 1} is {said}."

    def clear_gold(self, run_id: str | None, reviewer: str | None, token: str | None,
                   index: int) -> str:
        """Take both assets of the pair on screen out of the answer key."""
        pair = self.controller.pair_at(run_id, int(index or 0))
        if pair is None:
            return NO_RUN
        try:
            self.controller.organise(run_id, reviewer, token)
        except ReviewError as exc:
            return f"⚠️ {exc}"
        removed = self.store.clear_gold(self.tenant, [i.id for i in pair if i is not None])
        return (f"Pair {int(index or 0) + 1} is out of the answer key." if removed
                else f"Pair {int(index or 0) + 1} was not in the answer key.")

    def gold_markdown(self, run_id: str | None) -> str:
        """The answer key of the run and each reviewer's results on it."""
        if not run_id:
            return NO_RUN
        scores, choices = self.store.gold(self.tenant, run_id)
        if not scores and not choices:
            return ("No answer-key items yet. Open a pair, then set what one of its assets "
                    "should score (or which of the two should win) below.")
        places, labels = self._places(run_id), labels_of(self.store.criteria(self.tenant, run_id))
        lines = ["**Answer key** (reviewers do not see which items these are):", ""]
        shown = sorted((g for g in scores if g.item_id in places),
                       key=lambda g: (places[g.item_id][0], places[g.item_id][1]))
        lines += [f"- {_place(*places[g.item_id], markdown=True)}: "
                  f"{escape_markdown(labels.get(g.criterion, g.criterion))} {g.score}/5"
                  for g in shown]
        for g in sorted(choices, key=lambda g: places.get(g.item_a, (0, "", None))[0]):
            if g.item_a in places and g.item_b in places:
                number, side, _item = places[g.item_a]
                winner = g.choice if side == "A" or g.choice == "tie" else \
                    {"A": "B", "B": "A"}[g.choice]
                lines.append(f"- Pair {number}: " + ("a tie" if winner == "tie"
                                                     else f"{winner} is better"))
        results = self.store.gold_results(self.tenant, run_id)
        lines += ["", "**How each reviewer did on them:**", ""]
        lines += [f"- {gold_line(r)}" for r in results] or ["- nobody has rated them yet"]
        return "\n".join(lines)

    # -- disagreements ---------------------------------------------------------------------

    def disagreement_choices(self, run_id: str | None) -> list[tuple[str, str]]:
        """Items reviewers scored 2 or more apart, widest first, as ``(label, item id)``."""
        if not run_id:
            return []
        labels = labels_of(self.store.criteria(self.tenant, run_id))
        places = self._places(run_id)
        ratings = [r for r in self.store.ratings(self.tenant, run_id) if r.criterion in labels]
        found = [s for s in item_spreads(ratings) if s.item_id in places][:MAX_LISTED]
        return [(self._spread_label(s, places, labels), s.item_id) for s in found]

    @staticmethod
    def _spread_label(spread: ItemSpread, places: dict[str, tuple[int, str, ReviewItem]],
                      labels: dict[str, str]) -> str:
        gaps = sorted(spread.spreads.items(), key=lambda kv: -kv[1])
        apart = ", ".join(f"{labels[key]} {gap} apart" for key, gap in gaps if gap)
        return f"{_place(*places[spread.item_id])} — {apart or 'no gap'}"

    def open_item(self, run_id: str | None, item_id: str | None) -> tuple[int | None, str]:
        """The pair holding ``item_id`` (its index) and what each reviewer said on it.

        Both assets of the pair are listed (the one opened first): every reviewer's scores,
        comment and flag, so the organiser sees them beside the pair, not their own ratings.
        """
        if not run_id or not item_id:
            return None, ""
        places = self._places(run_id)
        if item_id not in places:
            return None, "⚠️ That asset is no longer in the run."
        number = places[item_id][0]
        pair = self.controller.pair_at(run_id, number - 1) or (places[item_id][2], None)
        shown = sorted((i for i in pair if i is not None), key=lambda i: i.id != item_id)
        ratings, marks = self.store.ratings(self.tenant, run_id), self.store.marks(self.tenant,
                                                                                   run_id)
        criteria = self.store.criteria(self.tenant, run_id)
        lines = [f"**What each reviewer said on pair {number}** (your own ratings are in the "
                 "boxes below):"]
        for item in shown:
            lines += ["", self._said_table(places[item.id], criteria,
                                           item_reviews(item.id, ratings, marks))]
        return number - 1, "\n".join(lines)

    @staticmethod
    def _said_table(place: tuple[int, str, ReviewItem], criteria: list[CriterionRubric],
                    views: list[ReviewerView]) -> str:
        """One asset's table: a row per reviewer, their scores, comment and flag."""
        if not views:
            return f"*{_place(*place, markdown=True)}*: nobody has rated it yet."
        header = " | ".join(escape_markdown(c.label) for c in criteria)
        lines = [f"*{_place(*place, markdown=True)}*", "", f"| reviewer | {header} | comment |",
                 "|---" * (len(criteria) + 2) + "|"]
        for view in views:
            cells = " | ".join(str(view.scores.get(c.key, "—")) for c in criteria)
            note = escape_markdown(" ".join(view.comment.split()))
            if view.flag is not None:
                note = "⚑ flagged" + (f": {escape_markdown(view.flag)}" if view.flag else "") + \
                    (f" · {note}" if note else "")
            lines.append(f"| {escape_markdown(view.reviewer)} | {cells} | {note} |")
        return "\n".join(lines)
