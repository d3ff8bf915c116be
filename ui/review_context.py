"""Markdown the Review tab shows beside an asset: its context, a storyboard's shots, the rubric.

Every text that comes from a run (requests, briefs, captions, check comments) is escaped,
so it shows as typed and can load nothing.
"""

from __future__ import annotations

from core.markup import escape_markdown
from evals.reviews.context import ItemContext, Shot
from evals.reviews.rubric import CriterionRubric

MAX_TEXT = 400


def _text(value: str, limit: int = MAX_TEXT) -> str:
    """Run text on one line, shortened and escaped."""
    flat = " ".join(value.split())
    return escape_markdown(flat if len(flat) <= limit else flat[: limit - 1] + "…")


def _brief(brief: dict[str, str]) -> str:
    if not brief:
        return "_none recorded_"
    return " · ".join(f"{_text(key.replace('_', ' '))}: {_text(value, 160)}"
                      for key, value in brief.items())


def _checks(context: ItemContext) -> str:
    if not context.checks:
        return "_none recorded_"
    verdict = {True: "trial passed", False: "**trial failed**", None: ""}[context.passed]
    marks = [f"{'✓' if c.passed else '✗'} {_text(c.key, 60)}"
             + ("" if c.passed or not c.comment else f" ({_text(c.comment, 160)})")
             for c in context.checks]
    return f"{verdict}: " * bool(verdict) + " · ".join(marks)


def _lineage(context: ItemContext) -> str:
    if not context.lineage:
        return "_made from nothing recorded_"
    parts = [f"{'↳' * a.depth} {_text(a.label or a.caption or a.asset_id, 80)} ({_text(a.kind)})"
             for a in context.lineage]
    return " ".join(parts)


def context_markdown(context: ItemContext) -> str:
    """The request, brief, automatic checks and lineage of one asset, as Markdown."""
    if context.problem:
        return f"⚠️ {_text(context.problem)}"
    turn = f" (turn {context.turn})" if context.turn else ""
    request = f"“{_text(context.request)}”" if context.request else "_not recorded_"
    made = f" · made by {_text(context.made_by, 60)}" if context.made_by else ""
    return "\n".join([
        f"**Request{turn}:** {request}{made}  ",
        f"**Brief:** {_brief(context.brief)}  ",
        f"**Automatic checks:** {_checks(context)}  ",
        f"**Made from:** {_lineage(context)}",
    ])


def storyboard_markdown(shots: list[Shot]) -> str:
    """A storyboard as a table of its shots (what is on screen, for how long, how shot)."""
    if not shots:
        return "⚠️ This storyboard has no readable shots."
    total = sum(shot.seconds for shot in shots)
    lines = [f"**Storyboard: {len(shots)} shots, {total:g} s**", "",
             "| # | shot | s | text on screen | camera | what we see |",
             "|---|---|---|---|---|---|"]
    lines += [f"| {n} | {_text(s.kind, 40)} | {s.seconds:g} | {_text(s.text, 120)} | "
              f"{_text(s.camera, 40)} | {_text(s.description)} |"
              for n, s in enumerate(shots, start=1)]
    return "\n".join(lines)


def rubric_markdown(rubric: dict[str, CriterionRubric]) -> str:
    """The rubric as a table: per criterion its question and an anchor per score."""
    lines = ["| criterion | 1 | 2 | 3 | 4 | 5 |", "|---|---|---|---|---|---|"]
    for entry in rubric.values():
        anchors = " | ".join(_text(entry.anchors[score], 200) for score in sorted(entry.anchors))
        lines.append(f"| **{_text(entry.label)}**: {_text(entry.question)} | {anchors} |")
    return "\n".join(lines)
