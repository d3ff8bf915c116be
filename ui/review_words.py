"""Agreement figures and run names read out in plain words, for people who are not engineers.

Krippendorff's α and Cohen's κ run from −1 to 1: 1 is full agreement, 0 what chance
alone would give, below 0 reviewers pull opposite ways. :func:`plain_lines` says per
criterion what the figure means ("Maya and Ben mostly disagree on Brief fit"), the figure
kept in brackets for experts.
"""

from __future__ import annotations

from core.markup import escape_markdown
from evals.reviews.agreement import Agreement, CriterionAgreement

READINGS: tuple[tuple[float, str], ...] = (
    (0.8, "agree closely"),
    (0.6, "mostly agree"),
    (0.4, "agree somewhat"),
    (0.0, "hardly agree (little better than chance)"),
)
"""The lowest figure of each reading, highest first; below the last: they disagree."""


def reading(value: float) -> str:
    """What an α or κ says: 'agree closely' … 'mostly disagree'."""
    for floor, words in READINGS:
        if value >= floor:
            return words
    return "mostly disagree"


def scenario_words(scenario: str) -> str:
    """A scenario's name in words: 'ad-images-banner-sizes' → 'ad images banner sizes'."""
    return " ".join(scenario.replace("_", " ").replace("-", " ").split())


def _names(first: str, second: str) -> str:
    return f"{escape_markdown(first)} and {escape_markdown(second)}"


def _criterion_lines(label: str, row: CriterionAgreement, few: int) -> list[str]:
    """One line per reviewer pair who shared items, or one for the whole group.

    Two reviewers read by α (it weighs how far apart their scores are over the whole
    run; κ alone reads 0 when one of them gave every item the same score), both shown.
    """
    caveat = f" — only {row.units} item(s) in common, a rough signal" if 0 < row.units < few \
        else ""
    if len(row.kappas) == 1 and row.alpha is not None:
        pair = row.kappas[0]
        kappa = "" if pair.kappa is None else f", κ {pair.kappa:.2f}"
        return [f"- {_names(pair.first, pair.second)} {reading(row.alpha)} on **{label}** "
                f"(α {row.alpha:.2f}{kappa}){caveat}"]
    lines = [f"- {_names(k.first, k.second)} {reading(k.kappa)} on **{label}** "
             f"(κ {k.kappa:.2f}){caveat}" for k in row.kappas if k.kappa is not None]
    if row.alpha is not None and (len(row.kappas) > 1 or not lines):
        lines.append(f"- All {row.reviewers} reviewers together {reading(row.alpha)} on "
                     f"**{label}** (α {row.alpha:.2f}){caveat}")
    return lines or [f"- **{label}:** not enough shared ratings to tell yet"]


def plain_lines(result: Agreement, labels: dict[str, str], few: int) -> str:
    """The agreement per criterion (and on A/B/tie choices) in plain words, as Markdown."""
    lines = ["**In plain words** (1 = full agreement, 0 = what chance gives, below 0 = they "
             "pull opposite ways):", ""]
    for row in result.criteria:
        lines += _criterion_lines(escape_markdown(labels.get(row.criterion, row.criterion)),
                                  row, few)
    lines += _criterion_lines("Which of the pair is better", result.preferences, few)
    return "\n".join(lines)
