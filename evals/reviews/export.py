"""A run's ratings and preferences as CSV, each row naming the asset it is about.

Beside each answer: whether the item was assigned to that reviewer (when the run's items
were split, :mod:`~evals.reviews.assignment`) and, for a gold item or pair, the expected
score or choice (:mod:`~evals.reviews.gold`), so accuracy can be worked out in a sheet.
A reviewer's skip or flag of an item is a row of its own (type ``mark``): ``mark`` says
which, ``mark_reason`` why (the note the reviewer typed).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any, TextIO

from core.spreadsheet import write_safe_row
from evals.reviews.assignment import of_reviewer
from evals.reviews.gold import GoldChoice, GoldScore
from evals.reviews.models import ItemMark, Preference, Rating, ReviewItem

CSV_COLUMNS = (
    "type", "run_id", "reviewer", "criterion", "scenario", "trial", "asset_id", "asset_path",
    "kind", "score", "choice", "b_scenario", "b_trial", "b_asset_id", "b_asset_path", "comment",
    "at", "assigned", "gold_expected", "mark", "mark_reason",
)


def write_csv(items: Iterable[ReviewItem], ratings: Iterable[Rating],
              preferences: Iterable[Preference], out: TextIO,
              gold: Iterable[GoldScore] = (), gold_pairs: Iterable[GoldChoice] = (),
              plan: dict[str, list[str]] | None = None,
              marks: Iterable[ItemMark] = ()) -> int:
    """Write ratings and preferences as CSV (:data:`CSV_COLUMNS`); return the rows written.

    A rating row fills ``score``; a preference row fills ``choice`` and the ``b_*``
    columns (the other item); a mark row (a skip or flag) fills ``mark`` and
    ``mark_reason``. All name the run, scenario, trial and asset path (relative to the
    run folder) of the item they are about.

    Args:
        items: The run's items (every item a rating or preference names).
        ratings: The ratings, written first.
        preferences: The preferences, written after the ratings.
        out: Where the CSV goes.
        gold: The expected scores (filling ``gold_expected`` of the matching ratings).
        gold_pairs: The expected choices (``gold_expected`` of the matching preferences).
        plan: Who each item was assigned to (``assigned`` is yes or no); None or empty
            when the run was not split (``assigned`` left empty).
        marks: The reviewers' skips and flags, written last.
    """
    by_id = {item.id: item for item in items}
    ratings, preferences, marks = list(ratings), list(preferences), list(marks)
    expected = {(g.item_id, g.criterion): str(g.score) for g in gold}
    expected_choice = {(g.item_a, g.item_b, g.criterion): g.choice for g in gold_pairs}
    mine = {name: of_reviewer(plan, name)
            for name in _names(ratings, preferences) | {m.reviewer for m in marks}} \
        if plan else {}
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    rows = 0
    for rating in ratings:
        write_safe_row(writer, {**_item_columns(by_id[rating.item_id]), "type": "rating",
                         "reviewer": rating.reviewer, "criterion": rating.criterion,
                         "score": rating.score, "comment": rating.comment,
                         "at": rating.at.isoformat(),
                         "assigned": _assigned(mine, rating.reviewer, rating.item_id),
                         "gold_expected": expected.get((rating.item_id, rating.criterion), "")})
        rows += 1
    for pref in preferences:
        other = _item_columns(by_id[pref.item_b])
        write_safe_row(writer, {**_item_columns(by_id[pref.item_a]), "type": "preference",
                         "reviewer": pref.reviewer, "criterion": pref.criterion,
                         "choice": pref.choice, "at": pref.at.isoformat(),
                         "assigned": _assigned(mine, pref.reviewer, pref.item_a),
                         "gold_expected": expected_choice.get(
                             (pref.item_a, pref.item_b, pref.criterion), ""),
                         **{f"b_{key}": other[key] for key in
                            ("scenario", "trial", "asset_id", "asset_path")}})
        rows += 1
    for mark in marks:
        write_safe_row(writer, {**_item_columns(by_id[mark.item_id]), "type": "mark",
                         "reviewer": mark.reviewer, "at": mark.at.isoformat(),
                         "assigned": _assigned(mine, mark.reviewer, mark.item_id),
                         "mark": mark.mark, "mark_reason": mark.note})
        rows += 1
    return rows


def _item_columns(item: ReviewItem) -> dict[str, Any]:
    return {"run_id": item.run_id, "scenario": item.scenario, "trial": item.trial,
            "asset_id": item.asset_id, "asset_path": item.path, "kind": item.kind}


def _names(ratings: Iterable[Rating], preferences: Iterable[Preference]) -> set[str]:
    return {r.reviewer for r in ratings} | {p.reviewer for p in preferences}


def _assigned(mine: dict[str, set[str]], reviewer: str, item_id: str) -> str:
    """'yes' or 'no' when the run was split, else ''."""
    if not mine:
        return ""
    return "yes" if item_id in mine.get(reviewer, set()) else "no"
