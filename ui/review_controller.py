"""The Review tab's handlers as plain methods returning plain data (no Gradio here).

A reviewer picks a run and types a name; the name is claimed for the browser's token (see
:mod:`evals.reviews.reviewers`), so only that browser rates under it. The run's assets come
in pairs of comparable assets (:func:`~evals.reviews.models.pairs`), each shown with its
request, brief, automatic checks and lineage; the reviewer rates every criterion of each,
says which is better, or skips or flags it, and comes back to the first item not done.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, cast

from core.markup import escape_markdown
from evals.reviews.agreement import Agreement, CriterionAgreement, Disagreement, disagreements
from evals.reviews.assignment import of_reviewer
from evals.reviews.context import item_context
from evals.reviews.models import (
    CRITERIA,
    Choice,
    PreferenceCriterion,
    ReviewError,
    ReviewItem,
    pairs,
)
from evals.reviews.progress import missing
from evals.reviews.reviewers import name_key, new_token
from evals.reviews.rubric import CriterionRubric
from evals.reviews.store import ReviewStore, open_run, visible_runs
from ui.review_context import context_markdown, storyboard_markdown
from ui.review_keys import MY_ITEMS
from ui.review_slots import criterion_of
from ui.review_words import plain_lines, scenario_words

Side = Literal["A", "B"]
Pair = tuple[ReviewItem, ReviewItem | None]
VIDEO_SUFFIXES = frozenset({".mp4", ".webm", ".mov", ".m4v"})
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".webp", ".gif"})
NO_RUN = "Pick a run to review (runs written by `adstudio eval run` are listed)."
NO_RUNS = ("No eval runs yet: run `adstudio eval run` (it writes to the data dir's "
           "`evals/` folder), then refresh.")
NEED_NAME = "Type your name as reviewer first: it keeps your ratings apart from others'."
ALL_DONE = "✅ You have rated every item of this run. Thank you! (Go back with ← Previous.)"
FEW_SHARED = 10
"""Agreement from fewer shared items than this gets a caveat."""
TOO_FEW = "too few items to trust"
PREFERENCE_CRITERIA: dict[str, str] = {"overall": "Overall", **CRITERIA}
MAX_DISAGREEMENTS = 30
SIDE_WORDS = {"A": "left (A)", "B": "right (B)"}


@dataclass
class SideView:
    """One of the two assets on screen.

    Attributes:
        item_id: The review item.
        caption: Markdown: which asset, its scenario and trial, whether it is done.
        context: Markdown: its request, brief, automatic checks and lineage.
        image: Path of an image to show (None for another kind).
        video: Path of a video to play.
        storyboard: Markdown of a storyboard's shots.
        companions: Paths of files shown with it (a video's preview and poster).
        scores: The reviewer's current score per criterion (None when not rated).
        comment: The reviewer's comment on this asset.
        flagged: Whether the reviewer flagged it.
    """

    item_id: str
    caption: str
    context: str = ""
    image: str | None = None
    video: str | None = None
    storyboard: str | None = None
    companions: list[str] = field(default_factory=list)
    scores: dict[str, int | None] = field(default_factory=dict)
    comment: str = ""
    flagged: bool = False


@dataclass
class PairView:
    """What the tab shows for one pair.

    Attributes:
        index: Which pair (0-based).
        title: Markdown heading: pair n of m and its scenario.
        progress: ``"3 of 40 done"`` for the reviewer.
        status: A message for the reviewer (an error, what was saved).
        a: The left asset (None when the run has nothing to review).
        b: The right asset (None when no comparable asset is left to pair with).
        preference: The reviewer's overall choice for this pair, if any.
        reviewer: The name the reviewer acts under (None: no valid name yet).
        criteria: The criteria the run is rated on, in order (score rows show these).
    """

    index: int
    title: str
    progress: str
    status: str = ""
    a: SideView | None = None
    b: SideView | None = None
    preference: str | None = None
    reviewer: str | None = None
    criteria: list[CriterionRubric] = field(default_factory=list)


def media_of(path: Path) -> Literal["image", "video", "storyboard", "other"]:
    """How a file is shown: as an image, in a video player, as a storyboard, or not."""
    suffix = path.suffix.lower()
    if suffix in VIDEO_SUFFIXES:
        return "video"
    if suffix == ".json":
        return "storyboard"
    return "image" if suffix in IMAGE_SUFFIXES else "other"


def labels_of(criteria: list[CriterionRubric]) -> dict[str, str]:
    """Criterion key → its label, for a run's criteria."""
    return {c.key: c.label for c in criteria}


def _caption(side: Side, item: ReviewItem, todo: list[str], flagged: bool,
             labels: dict[str, str]) -> str:
    size = f", {item.width}×{item.height}" if item.width and item.height else ""
    if flagged:
        state = "⚑ flagged by you (counts as done)"
    elif todo:
        state = "still to rate: " + ", ".join(escape_markdown(labels.get(key, key))
                                             for key in todo)
    else:
        state = "✓ done"
    return (f"**{side}** · {item.kind}{size} · scenario `{item.scenario}` · trial "
            f"{item.trial} · `{item.asset_id}`  \n{state}")


Variant = Literal["primary", "secondary"]


def choice_variants(preference: str | None) -> tuple[Variant, Variant, Variant]:
    """How the A, Tie and B buttons look: the reviewer's choice stands out, the others not."""
    a, tie, b = ("primary" if preference == choice else "secondary"
                 for choice in ("A", "tie", "B"))
    return cast(Variant, a), cast(Variant, tie), cast(Variant, b)


def _said(choice: str) -> str:
    return "a tie" if choice == "tie" else f"{choice} is better"


def _cell(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def _alpha_cell(row: CriterionAgreement) -> str:
    """α, marked as not to be trusted when it comes from fewer than FEW_SHARED items."""
    shaky = row.alpha is not None and row.units < FEW_SHARED
    return _cell(row.alpha) + (f" ⚠️ {TOO_FEW} ({row.units})" if shaky else "")


def _agreement_row(label: str, row: CriterionAgreement) -> str:
    kappas = ", ".join(f"{k.first}/{k.second} {_cell(k.kappa)}" for k in row.kappas) or "—"
    return f"| {label} | {row.reviewers} | {row.units} | {_alpha_cell(row)} | {kappas} |"


def agreement_markdown(result: Agreement, labels: dict[str, str] | None = None) -> str:
    """The agreement table (alpha, kappa per reviewer pair) with a caveat on few items.

    An α from fewer than :data:`FEW_SHARED` items shared by two reviewers says so in its
    cell ("too few items to trust").
    """
    labels = labels or CRITERIA
    lines = [
        plain_lines(result, labels, FEW_SHARED), "", "**The figures, for experts:**", "",
        "| criterion | reviewers | rated twice+ | Krippendorff's α | Cohen's κ (weighted) |",
        "|---|---|---|---|---|",
    ]
    lines += [_agreement_row(escape_markdown(labels.get(row.criterion, row.criterion)), row)
              for row in result.criteria]
    lines.append(_agreement_row("Preference (A/B/tie)", result.preferences))
    lines.append("\n— : not enough ratings yet (an item needs two reviewers, and the "
                 "scores must vary).")
    shared = max([row.units for row in result.criteria] + [result.preferences.units])
    if 0 < shared < FEW_SHARED:
        lines.append(f"\n⚠️ **Few items:** at most {shared} item(s) were rated by two "
                     f"reviewers or more. With fewer than {FEW_SHARED}, α and κ swing "
                     "widely (α = 1.00 on 2 items says little): read them as a rough signal.")
    return "\n".join(lines)


def disagreement_markdown(found: list[Disagreement],
                          where: dict[str, tuple[int, str, ReviewItem]],
                          labels: dict[str, str] | None = None) -> str:
    """The items reviewers scored 2+ apart: where they are (pair, side), the scores."""
    if not found:
        return "**Where reviewers disagree:** nowhere yet (no item scored 2 or more apart)."
    lines = ["**Where reviewers disagree** (scores 2 or more apart; look at these first):", "",
             "| pair | side | scenario | criterion | scores |", "|---|---|---|---|---|"]
    for item in found[:MAX_DISAGREEMENTS]:
        number, side, asset = where[item.item_id]
        scores = ", ".join(f"{escape_markdown(name)} {score}"
                           for name, score in item.scores.items())
        lines.append(f"| {number} | {SIDE_WORDS[side]} | "
                     f"{escape_markdown(scenario_words(asset.scenario))} ({asset.kind}) | "
                     f"{escape_markdown((labels or CRITERIA).get(item.criterion, item.criterion))}"
                     f" | {scores} |")
    if len(found) > MAX_DISAGREEMENTS:
        lines.append(f"\n…and {len(found) - MAX_DISAGREEMENTS} more (download the CSV).")
    return "\n".join(lines)


class ReviewController:
    """The Review tab's handlers, on one review store and tenant.

    Args:
        store: The review store.
        data_dir: The data dir (runs are found under its ``evals/`` folder).
        tenant: Whose runs the tab shows (the UI acts as the deployment's tenant).
    """

    def __init__(self, store: ReviewStore, data_dir: Path, tenant: str) -> None:
        self.store, self.data_dir, self.tenant = store, data_dir, tenant
        self._media: Path | None = None

    # -- who is reviewing ------------------------------------------------------------------

    def run_choices(self) -> list[tuple[str, str]]:
        """The runs to pick from, newest first, as ``(label, run id)``."""
        runs = visible_runs(self.store, self.data_dir, self.tenant, self.tenant)
        return [(f"{r.run_id} · {r.suite or 'suite?'} · {r.engine or 'engine?'} · "
                 f"{r.created[:16] or 'undated'}", r.run_id) for r in runs]

    def claim(self, reviewer: str | None, token: str | None) -> str:
        """The name to act under, claimed for the browser's token.

        Raises:
            ReviewError: No name, no token, or another browser's name.
        """
        if not (reviewer or "").strip():
            raise ReviewError(NEED_NAME)
        return self.store.claim(self.tenant, reviewer or "", token)

    def organise(self, run_id: str | None, reviewer: str | None, token: str | None) -> str:
        """The name to act under, as the run's organiser (the first one to set it up).

        Raises:
            ReviewError: No name, another browser's name, or someone else organises the run.
        """
        name = self.claim(reviewer, token)
        return self.store.organise(self.tenant, run_id, name) if run_id else name

    def organises(self, run_id: str | None, reviewer: str | None, token: str | None) -> str:
        """'' when the viewer may set the run up (nobody or they organise it), else a note."""
        holder = self.store.organiser(self.tenant, run_id) if run_id else None
        if holder is None:
            return ""
        name, _warning = self._viewer(reviewer, token)
        if name is not None and name_key(name) == name_key(holder):
            return ""
        return (f"{escape_markdown(holder)} organises this run: its criteria, split, answer "
                "key and agreement are theirs.")

    def _viewer(self, reviewer: str | None, token: str | None) -> tuple[str | None, str]:
        """The name whose ratings to show, or None and why not."""
        try:
            return self.claim(reviewer, token), ""
        except ReviewError as exc:
            return None, "" if not (reviewer or "").strip() else f"⚠️ {exc}"

    @staticmethod
    def identity(state: dict[str, Any] | None) -> dict[str, Any]:
        """The browser's stored identity with a token (a new one on first use)."""
        identity = dict(state or {})
        if not isinstance(identity.get("token"), str) or len(identity["token"]) < 16:
            identity["token"] = new_token()
        return identity

    # -- views -----------------------------------------------------------------------------

    def open(self, run_id: str | None, reviewer: str | None, token: str | None) -> PairView:
        """Import the picked run (again: only what is new) and show where to go on."""
        if not run_id:
            return PairView(index=0, title="", progress="", status=NO_RUN)
        try:
            run = open_run(self.store, self.data_dir, self.tenant, self.tenant, run_id)
            report = self.store.import_run(run)
        except ReviewError as exc:
            return PairView(index=0, title="", progress="", status=f"⚠️ {exc}")
        view = self.resume(run_id, reviewer, token)
        if report.skipped:
            view.status = (f"⚠️ {len(report.skipped)} asset(s) could not be shown: "
                           + "; ".join(report.skipped[:3]))
        return view

    def resume(self, run_id: str | None, reviewer: str | None, token: str | None,
               greet: bool = True) -> PairView:
        """The pair holding the reviewer's first item not done (skipped ones come last).

        Args:
            run_id: The run.
            reviewer: The name typed.
            token: This browser's token.
            greet: Say hello (on opening the run); False: just say where this is (the
                "My next item" button, ``n`` when items are shared out).
        """
        name, warning = self._viewer(reviewer, token)
        if not run_id or name is None:
            view = self.show(run_id, reviewer, token, 0)
            view.status = warning or view.status
            return view
        target = self.store.resume(self.tenant, run_id, name)
        all_pairs = pairs(self.store.items(self.tenant, run_id))
        index = next((i for i, pair in enumerate(all_pairs) if target in pair), 0)
        view = self.show(run_id, reviewer, token, index)
        if target is None and all_pairs:
            view.status = ALL_DONE
        elif not greet:
            view.status = f"Your next item not done yet: pair {index + 1}."
        elif self._first_visit(run_id, name):
            view.status = (f"Welcome, {name}! Here is your first item: rate each criterion "
                           "of both ads, then say which is better.")
        elif index:
            view.status = f"Welcome back, {name}: here is your first item not done yet."
        return view

    def _first_visit(self, run_id: str, name: str) -> bool:
        """Whether the reviewer has not rated, compared, skipped or flagged anything yet."""
        return not (self.store.ratings(self.tenant, run_id, name)
                    or self.store.preferences(self.tenant, run_id, name)
                    or self.store.marks(self.tenant, run_id, name))

    def show(self, run_id: str | None, reviewer: str | None, token: str | None,
             index: int) -> PairView:
        """The pair at ``index`` (clamped to the run) with the reviewer's ratings."""
        if not run_id:
            return PairView(index=0, title="", progress="", status=NO_RUN)
        name, warning = self._viewer(reviewer, token)
        all_pairs = pairs(self.store.items(self.tenant, run_id))
        progress = self.progress(run_id, name)
        criteria = self.store.criteria(self.tenant, run_id)
        if not all_pairs:
            return PairView(index=0, title=f"### {run_id}", progress=progress,
                            status="This run has no assets to review.", reviewer=name,
                            criteria=criteria)
        index = max(0, min(int(index or 0), len(all_pairs) - 1))
        first, second = all_pairs[index]
        preference = self._preference(run_id, name, first, second)
        status = warning or (f"Your choice: {_said(preference)} (Overall)." if preference
                             else "")
        kind = first.kind + (f" {first.width}×{first.height}" if first.width else "")
        return PairView(
            index=index,
            title=f"### Pair {index + 1} of {len(all_pairs)} · scenario `{first.scenario}` "
                  f"· {kind}{self._whose(run_id, name, first)}",
            progress=progress, status=status,
            a=self._side("A", first, run_id, name, criteria),
            b=self._side("B", second, run_id, name, criteria) if second else None,
            preference=preference, reviewer=name, criteria=criteria,
        )

    def step(self, run_id: str | None, reviewer: str | None, token: str | None, index: int,
             delta: int) -> PairView:
        """The next (``delta`` 1) or previous (-1) pair."""
        return self.show(run_id, reviewer, token, int(index or 0) + delta)

    def progress(self, run_id: str, name: str | None) -> str:
        """``"3 of 40 done"`` for the reviewer (or how many there are, without a name)."""
        if not name:
            total = len(self.store.items(self.tenant, run_id))
            return f"{total} assets · type your name to rate"
        done, total = self.store.progress(self.tenant, run_id, name)
        count = len(self.store.criteria(self.tenant, run_id))
        return (f"**{done} of {total} done** by {name}{self._share(run_id, name)} · an item "
                f"is done when all {count} criteria are rated (or it is flagged)")

    def _share(self, run_id: str, name: str) -> str:
        """' · 2 of your 14 items' when the run was split among reviewers, else ''."""
        mine = of_reviewer(self.store.assignments(self.tenant, run_id), name)
        if not mine:
            return ""
        done = len(mine & self.store.done(self.tenant, run_id, name))
        return f" · {done} {MY_ITEMS} {len(mine)} items"

    def _whose(self, run_id: str, name: str | None, item: ReviewItem) -> str:
        """' · assigned to you' or ' · not assigned to you' once items are shared out."""
        plan = self.store.assignments(self.tenant, run_id)
        if not name or not plan or not of_reviewer(plan, name):
            return ""
        return " · assigned to you" if item.id in of_reviewer(plan, name) else \
            " · not assigned to you"

    def _side(self, side: Side, item: ReviewItem, run_id: str, name: str | None,
              criteria: list[CriterionRubric]) -> SideView:
        ratings = self.store.ratings(self.tenant, run_id, name) if name else []
        mine = [r for r in ratings if r.item_id == item.id]
        keys = [c.key for c in criteria]
        flag = next((m for m in self.store.marks(self.tenant, run_id, name)
                     if m.item_id == item.id and m.mark == "flag"), None) if name else None
        flagged = flag is not None
        view = SideView(item_id=item.id, caption=_caption(side, item, missing(item.id, mine, keys),
                                                            flagged, labels_of(criteria)),
                        scores=dict.fromkeys(keys), flagged=flagged)
        for rating in mine:
            if rating.criterion in view.scores:
                view.scores[rating.criterion] = rating.score
            view.comment = rating.comment or view.comment
        if flag is not None and not view.comment:
            view.comment = flag.note  # the flag's reason, typed in the comment box
        try:
            run = self.store.run(self.tenant, run_id)
            path = self.store.file(item)
        except ReviewError as exc:
            view.caption += f"  \n⚠️ {exc.message}"
            return view
        context = item_context(run, item)
        view.context = context_markdown(context)
        media = media_of(path)
        if media == "image":
            view.image = str(self._staged(item.id, path))
        elif media == "video":
            view.video = str(self._staged(item.id, path))
        elif media == "storyboard":
            view.storyboard = storyboard_markdown(context.shots)
        view.companions = [str(self._staged(f"{item.id}-{kind}", run.path / rel))
                           for kind, rel in sorted(context.companions.items())]
        return view

    def _preference(self, run_id: str, reviewer: str | None, first: ReviewItem,
                    second: ReviewItem | None) -> str | None:
        if second is None or not reviewer:
            return None
        low, high = sorted((first.id, second.id))
        for pref in self.store.preferences(self.tenant, run_id, reviewer):
            if (pref.item_a, pref.item_b, pref.criterion) == (low, high, "overall"):
                flipped = {"A": "B", "B": "A"}
                return pref.choice if low == first.id else flipped.get(pref.choice, "tie")
        return None

    def _pair(self, run_id: str | None, index: int) -> Pair | None:
        if not run_id:
            return None
        all_pairs = pairs(self.store.items(self.tenant, run_id))
        return all_pairs[index] if 0 <= index < len(all_pairs) else None

    def _item(self, run_id: str | None, index: int, side: Side) -> ReviewItem | None:
        pair = self._pair(run_id, int(index or 0))
        return (pair[0] if side == "A" else pair[1]) if pair else None

    def pair_at(self, run_id: str | None, index: int) -> Pair | None:
        """The pair at ``index`` of the run (None: no run, or out of range)."""
        return self._pair(run_id, int(index or 0))

    def item_at(self, run_id: str | None, index: int, side: Side) -> ReviewItem | None:
        """The asset on ``side`` of the pair at ``index`` (None: nothing there)."""
        return self._item(run_id, index, side)

    # -- actions ---------------------------------------------------------------------------

    def rate(self, run_id: str | None, reviewer: str | None, token: str | None, index: int,
             side: Side, criterion: str, score: int | None,
             comment: str = "") -> tuple[str, str, Any, Any]:
        """Save a score of the asset on ``side`` (``criterion``: a score row, see ui.review_slots).

        Returns:
            The progress, the status, the score shown and the side's caption (what is still
            to rate; None leaves it as it is).

        Nothing is saved (and the choice is cleared) without a run, a score or a name this
        browser holds.
        """
        item = self._item(run_id, index, side)
        if not run_id or item is None or score is None:
            return "", NO_RUN, None, None
        criteria = self.store.criteria(self.tenant, run_id)
        labels, keys = labels_of(criteria), [c.key for c in criteria]
        key = criterion_of(criteria, criterion) or criterion
        try:
            name = self.claim(reviewer, token)
            self.store.rate(self.tenant, item.id, name, key, int(score), comment or "")
        except ReviewError as exc:
            return self.progress(run_id, None), f"⚠️ {exc}", None, None
        todo = missing(item.id, self.store.ratings(self.tenant, run_id, name), keys)
        left = (f" — {side} still needs: "
                + ", ".join(escape_markdown(labels[k]) for k in todo)) if todo \
            else f" — {side} is done ✓"
        flagged = any(m.item_id == item.id and m.mark == "flag"
                      for m in self.store.marks(self.tenant, run_id, name))
        return (self.progress(run_id, name),
                f"Saved: {side} · {escape_markdown(labels[key])} {score}/5{left}", score,
                _caption(side, item, todo, flagged, labels))

    def comment(self, run_id: str | None, reviewer: str | None, token: str | None,
                index: int, side: Side, text: str) -> str:
        """Keep a comment with the reviewer's ratings of the asset on ``side``."""
        item = self._item(run_id, index, side)
        if not run_id or item is None:
            return NO_RUN
        try:
            saved = self.store.comment(self.tenant, item.id, self.claim(reviewer, token),
                                       text or "")
        except ReviewError as exc:
            return f"⚠️ {exc}"
        return f"Comment saved on {side}." if saved else "Rate the asset first, then comment."

    def prefer(self, run_id: str | None, reviewer: str | None, token: str | None, index: int,
               choice: Choice, criterion: str = "overall") -> str:
        """Save which asset of the pair is better (A, B or tie)."""
        pair = self._pair(run_id, int(index or 0))
        if pair is None or pair[1] is None:
            return "There is no pair to compare here."
        try:
            self.store.prefer(self.tenant, pair[0].id, pair[1].id, self.claim(reviewer, token),
                              choice, cast(PreferenceCriterion, criterion or "overall"))
        except ReviewError as exc:
            return f"⚠️ {exc}"
        return f"Saved: {_said(choice)} ({PREFERENCE_CRITERIA.get(criterion, criterion)})."

    def skip(self, run_id: str | None, reviewer: str | None, token: str | None,
             index: int) -> PairView:
        """Pass over the pair for now (its items come back once nothing else is left)."""
        pair = self._pair(run_id, int(index or 0))
        if pair is None:
            return self.show(run_id, reviewer, token, index)
        try:
            name = self.claim(reviewer, token)
        except ReviewError as exc:
            view = self.show(run_id, reviewer, token, index)
            view.status = f"⚠️ {exc}"
            return view
        ratings = self.store.ratings(self.tenant, cast(str, run_id), name)
        keys = [c.key for c in self.store.criteria(self.tenant, cast(str, run_id))]
        for item in (i for i in pair if i is not None):
            if missing(item.id, ratings, keys):
                self.store.mark(self.tenant, item.id, name, "skip")
        view = self.show(run_id, reviewer, token, int(index or 0) + 1)
        view.status = f"Skipped pair {int(index or 0) + 1}: it comes back at the end."
        return view

    def flag(self, run_id: str | None, reviewer: str | None, token: str | None, index: int,
             side: Side, note: str = "") -> PairView:
        """Flag the asset on ``side`` as not ratable as shown (again: take the flag off).

        The comment box's text is kept as the reason.
        """
        item = self._item(run_id, index, side)
        try:
            if item is None:
                raise ReviewError("There is no asset to flag here.")
            name = self.claim(reviewer, token)
            flagged = any(m.item_id == item.id and m.mark == "flag"
                          for m in self.store.marks(self.tenant, item.run_id, name))
            if flagged:
                self.store.unmark(self.tenant, item.id, name)
                status = f"Flag taken off {side}."
            else:
                self.store.mark(self.tenant, item.id, name, "flag", note or "")
                status = f"⚑ Flagged {side}" + (f": {note.strip()}" if note.strip() else
                                                "(type why in its comment box).")
        except ReviewError as exc:
            status = f"⚠️ {exc}"
        view = self.show(run_id, reviewer, token, index)
        view.status = status
        return view

    # -- files, agreement, export ----------------------------------------------------------

    def _folder(self) -> Path:
        """This process's folder of files handed to the browser (media copies, CSVs)."""
        if self._media is None:
            self._media = Path(tempfile.mkdtemp(prefix="adstudio-review-"))
        return self._media

    def _staged(self, key: str, path: Path) -> Path:
        """A copy of a run's file that the browser may fetch.

        Gradio serves only files under its allowed paths: a run's folder is never one (it
        holds transcripts, inputs and other tenants' runs), so each shown file is copied,
        once, into this process's own temporary folder.
        """
        stat = path.stat()  # a run imported again from elsewhere gets a fresh copy
        copy = self._folder() / f"{key}-{stat.st_size}-{stat.st_mtime_ns}{path.suffix.lower()}"
        if not copy.exists():
            part = copy.with_name(f".{copy.name}.part")
            shutil.copyfile(path, part)
            part.replace(copy)
        return copy

    def agreement(self, run_id: str | None) -> str:
        """The agreement table of the run and the items reviewers disagree on, as Markdown."""
        if not run_id:
            return NO_RUN
        all_pairs = pairs(self.store.items(self.tenant, run_id))
        where = {item.id: (number, side, item) for number, pair in enumerate(all_pairs, 1)
                 for side, item in zip("AB", pair, strict=True) if item is not None}
        criteria = self.store.criteria(self.tenant, run_id)
        keys, labels = [c.key for c in criteria], labels_of(criteria)
        found = [d for d in disagreements(self.store.ratings(self.tenant, run_id))
                 if d.criterion in labels]
        return (agreement_markdown(self.store.agreement(self.tenant, run_id, keys), labels)
                + "\n\n" + disagreement_markdown(found, where, labels))

    def export(self, run_id: str | None) -> str | None:
        """Write the run's ratings and preferences to a CSV file; return its path."""
        if not run_id:
            return None
        path = self._folder() / f"reviews-{run_id}.csv"
        with path.open("w", encoding="utf-8", newline="") as out:
            self.store.export_csv(self.tenant, run_id, out)
        return str(path)
