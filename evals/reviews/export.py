"""A run's ratings and preferences as CSV, each row naming the asset it is about."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any, TextIO

from core.spreadsheet import write_safe_row
from evals.reviews.models import Preference, Rating, ReviewItem

CSV_COLUMNS = (
    "type", "run_id", "reviewer", "criterion", "scenario", "trial", "asset_id", "asset_path",
    "kind", "score", "choice", "b_scenario", "b_trial", "b_asset_id", "b_asset_path", "comment",
    "at",
)


def write_csv(items: Iterable[ReviewItem], ratings: Iterable[Rating],
              preferences: Iterable[Preference], out: TextIO) -> int:
    """Write ratings and preferences as CSV (:data:`CSV_COLUMNS`); return the rows written.

    A rating row fills ``score``; a preference row fills ``choice`` and the ``b_*``
    columns (the other item). Both name the run, scenario, trial and asset path
    (relative to the run folder) of the item they are about.

    Args:
        items: The run's items (every item a rating or preference names).
        ratings: The ratings, written first.
        preferences: The preferences, written after the ratings.
        out: Where the CSV goes.
    """
    by_id = {item.id: item for item in items}
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    rows = 0
    for rating in ratings:
        write_safe_row(writer, {**_item_columns(by_id[rating.item_id]), "type": "rating",
                         "reviewer": rating.reviewer, "criterion": rating.criterion,
                         "score": rating.score, "comment": rating.comment,
                         "at": rating.at.isoformat()})
        rows += 1
    for pref in preferences:
        other = _item_columns(by_id[pref.item_b])
        write_safe_row(writer, {**_item_columns(by_id[pref.item_a]), "type": "preference",
                         "reviewer": pref.reviewer, "criterion": pref.criterion,
                         "choice": pref.choice, "at": pref.at.isoformat(),
                         **{f"b_{key}": other[key] for key in
                            ("scenario", "trial", "asset_id", "asset_path")}})
        rows += 1
    return rows


def _item_columns(item: ReviewItem) -> dict[str, Any]:
    return {"run_id": item.run_id, "scenario": item.scenario, "trial": item.trial,
            "asset_id": item.asset_id, "asset_path": item.path, "kind": item.kind}
