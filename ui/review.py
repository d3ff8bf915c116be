"""The Review tab: people rate the assets of an eval run, two side by side.

Pick a run (the folders ``adstudio eval run`` writes under ``<data_dir>/evals``), type your
name, and go through the run's assets in pairs (never across scenarios): rate each 1–5
on the named criteria, say which of the two is better (or a tie), and move on. Ratings
are saved as you click; the tab shows your progress, the agreement between reviewers
and exports everything as CSV.

The handlers are plain methods of :class:`ReviewController` returning plain data
(:class:`PairView`); :func:`build_review_tab` only wires them to Gradio components.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, cast

import gradio as gr

from evals.reviews.agreement import Agreement, CriterionAgreement
from evals.reviews.models import (
    CRITERIA,
    Choice,
    Criterion,
    PreferenceCriterion,
    ReviewError,
    ReviewItem,
    pairs,
)
from evals.reviews.store import ReviewStore, open_run, review_store, visible_runs

Side = Literal["A", "B"]
VIDEO_SUFFIXES = frozenset({".mp4", ".webm", ".mov", ".m4v"})
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".webp", ".gif"})
NO_RUN = "Pick a run to review (runs written by `adstudio eval run` are listed)."
NO_RUNS = ("No eval runs yet: run `adstudio eval run` (it writes to the data dir's "
           "`evals/` folder), then refresh.")
NEED_NAME = "Type your name as reviewer first: it keeps your ratings apart from others'."
PREFERENCE_CRITERIA: dict[str, str] = {"overall": "Overall", **CRITERIA}


@dataclass
class SideView:
    """One of the two assets on screen.

    Attributes:
        item_id: The review item.
        caption: Markdown: which asset, run scenario and trial, where its file is.
        image: Path of an image to show (None for a video or another kind of file).
        video: Path of a video to play.
        scores: The reviewer's current score per criterion (None when not rated).
        comment: The reviewer's comment on this asset.
    """

    item_id: str
    caption: str
    image: str | None = None
    video: str | None = None
    scores: dict[str, int | None] = field(default_factory=dict)
    comment: str = ""


@dataclass
class PairView:
    """What the tab shows for one pair.

    Attributes:
        index: Which pair (0-based).
        title: Markdown heading: pair n of m and its scenario.
        progress: ``"12 of 40 rated"`` for the reviewer.
        status: A message for the reviewer (an error, what was imported).
        a: The left asset (None when the run has nothing to review).
        b: The right asset (None when the scenario's last asset stands alone).
        preference: The reviewer's overall choice for this pair, if any.
    """

    index: int
    title: str
    progress: str
    status: str = ""
    a: SideView | None = None
    b: SideView | None = None
    preference: str | None = None


def media_of(path: Path) -> Literal["image", "video", "other"]:
    """How a file is shown: as an image, in a video player, or not at all."""
    suffix = path.suffix.lower()
    if suffix in VIDEO_SUFFIXES:
        return "video"
    return "image" if suffix in IMAGE_SUFFIXES else "other"


def _caption(side: Side, item: ReviewItem) -> str:
    size = f", {item.width}×{item.height}" if item.width and item.height else ""
    return (f"**{side}** · `{item.asset_id}` ({item.kind}{size}) · scenario "
            f"`{item.scenario}` · trial {item.trial}  \n`{item.path}`")


def _said(choice: str) -> str:
    return "a tie" if choice == "tie" else f"{choice} is better"


def _cell(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def _agreement_row(label: str, row: CriterionAgreement) -> str:
    kappas = ", ".join(f"{k.first}/{k.second} {_cell(k.kappa)}" for k in row.kappas) or "—"
    return f"| {label} | {row.reviewers} | {row.units} | {_cell(row.alpha)} | {kappas} |"


def agreement_markdown(result: Agreement) -> str:
    """The agreement table: per criterion alpha (ordinal) and kappa per reviewer pair."""
    lines = [
        "| criterion | reviewers | rated twice+ | Krippendorff's α | Cohen's κ (weighted) |",
        "|---|---|---|---|---|",
    ]
    lines += [_agreement_row(CRITERIA[row.criterion], row) for row in result.criteria]
    lines.append(_agreement_row("Preference (A/B/tie)", result.preferences))
    lines.append("\n— : not enough ratings yet (an item needs two reviewers, and the "
                 "scores must vary).")
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

    def run_choices(self) -> list[tuple[str, str]]:
        """The runs to pick from, newest first, as ``(label, run id)``."""
        runs = visible_runs(self.store, self.data_dir, self.tenant, self.tenant)
        return [(f"{r.run_id} · {r.suite or 'suite?'} · {r.engine or 'engine?'} · "
                 f"{r.created[:16] or 'undated'}", r.run_id) for r in runs]

    def open(self, run_id: str | None, reviewer: str | None) -> PairView:
        """Import the picked run (again: only what is new) and show its first pair."""
        if not run_id:
            return PairView(index=0, title="", progress="", status=NO_RUN)
        try:
            run = open_run(self.store, self.data_dir, self.tenant, self.tenant, run_id)
            report = self.store.import_run(run)
        except ReviewError as exc:
            return PairView(index=0, title="", progress="", status=f"⚠️ {exc}")
        view = self.show(run_id, reviewer, 0)
        if report.skipped:
            view.status = (f"⚠️ {len(report.skipped)} asset(s) could not be shown: "
                           + "; ".join(report.skipped[:3]))
        return view

    def show(self, run_id: str | None, reviewer: str | None, index: int) -> PairView:
        """The pair at ``index`` (clamped to the run) with the reviewer's ratings."""
        if not run_id:
            return PairView(index=0, title="", progress="", status=NO_RUN)
        items = self.store.items(self.tenant, run_id)
        all_pairs = pairs(items)
        progress = self.progress(run_id, reviewer)
        if not all_pairs:
            return PairView(index=0, title=f"### {run_id}", progress=progress,
                            status="This run has no assets to review.")
        index = max(0, min(index, len(all_pairs) - 1))
        first, second = all_pairs[index]
        name = (reviewer or "").strip()
        preference = self._preference(run_id, name, first, second)
        return PairView(
            index=index,
            title=f"### Pair {index + 1} of {len(all_pairs)} · scenario `{first.scenario}`",
            progress=progress,
            status=f"Your choice: {_said(preference)} (Overall)." if preference else "",
            a=self._side("A", first, run_id, name),
            b=self._side("B", second, run_id, name) if second else None,
            preference=preference,
        )

    def step(self, run_id: str | None, reviewer: str | None, index: int,
             delta: int) -> PairView:
        """The next (``delta`` 1) or previous (-1) pair."""
        return self.show(run_id, reviewer, int(index or 0) + delta)

    def progress(self, run_id: str, reviewer: str | None) -> str:
        """``"12 of 40 rated"`` for the reviewer (or how many there are, without a name)."""
        name = (reviewer or "").strip()
        if not name:
            total = len(self.store.items(self.tenant, run_id))
            return f"{total} assets · type your name to rate"
        rated, total = self.store.progress(self.tenant, run_id, name)
        return f"**{rated} of {total} rated** by {name}"

    def _side(self, side: Side, item: ReviewItem, run_id: str, reviewer: str) -> SideView:
        view = SideView(item_id=item.id, caption=_caption(side, item),
                        scores=dict.fromkeys(CRITERIA))
        try:
            path = self.store.file(item)
        except ReviewError as exc:
            view.caption += f"  \n⚠️ {exc.message}"
            path = None
        if path is not None and media_of(path) == "image":
            view.image = str(self._staged(item, path))
        elif path is not None and media_of(path) == "video":
            view.video = str(self._staged(item, path))
        ratings = self.store.ratings(self.tenant, run_id, reviewer) if reviewer else []
        for rating in ratings:
            if rating.item_id == item.id:
                view.scores[rating.criterion] = rating.score
                view.comment = rating.comment or view.comment
        return view

    def _preference(self, run_id: str, reviewer: str, first: ReviewItem,
                    second: ReviewItem | None) -> str | None:
        if second is None or not reviewer:
            return None
        low, high = sorted((first.id, second.id))
        for pref in self.store.preferences(self.tenant, run_id, reviewer):
            if (pref.item_a, pref.item_b, pref.criterion) == (low, high, "overall"):
                flipped = {"A": "B", "B": "A"}
                return pref.choice if low == first.id else flipped.get(pref.choice, "tie")
        return None

    def _pair(self, run_id: str, index: int) -> tuple[ReviewItem, ReviewItem | None] | None:
        all_pairs = pairs(self.store.items(self.tenant, run_id))
        return all_pairs[index] if 0 <= index < len(all_pairs) else None

    def rate(self, run_id: str | None, reviewer: str | None, index: int, side: Side,
             criterion: str, score: int | None, comment: str = "") -> tuple[str, str, Any]:
        """Save a score of the asset on ``side``; return (progress, status, the score shown).

        Without a name (or a run) nothing is saved and the choice is cleared.
        """
        name = (reviewer or "").strip()
        pair = self._pair(run_id, int(index or 0)) if run_id else None
        item = (pair[0] if side == "A" else pair[1]) if pair else None
        if not run_id or item is None or score is None:
            return "", NO_RUN, None
        if not name:
            return self.progress(run_id, name), NEED_NAME, None
        try:
            self.store.rate(self.tenant, item.id, name, cast(Criterion, criterion), int(score),
                            comment or "")
        except ReviewError as exc:
            return self.progress(run_id, name), f"⚠️ {exc}", None
        return (self.progress(run_id, name),
                f"Saved: {side} · {CRITERIA[criterion]} {score}/5", score)

    def comment(self, run_id: str | None, reviewer: str | None, index: int, side: Side,
                text: str) -> str:
        """Keep a comment with the reviewer's ratings of the asset on ``side``."""
        pair = self._pair(run_id, int(index or 0)) if run_id else None
        item = (pair[0] if side == "A" else pair[1]) if pair else None
        if not run_id or item is None:
            return NO_RUN
        try:
            saved = self.store.comment(self.tenant, item.id, reviewer or "", text or "")
        except ReviewError as exc:
            return f"⚠️ {exc}"
        return f"Comment saved on {side}." if saved else "Rate the asset first, then comment."

    def prefer(self, run_id: str | None, reviewer: str | None, index: int, choice: Choice,
               criterion: str = "overall") -> str:
        """Save which asset of the pair is better (A, B or tie)."""
        pair = self._pair(run_id, int(index or 0)) if run_id else None
        if pair is None or pair[1] is None or not run_id:
            return "There is no pair to compare here."
        try:
            self.store.prefer(self.tenant, pair[0].id, pair[1].id, reviewer or "", choice,
                              cast(PreferenceCriterion, criterion or "overall"))
        except ReviewError as exc:
            return f"⚠️ {exc}"
        return f"Saved: {_said(choice)} ({PREFERENCE_CRITERIA.get(criterion, criterion)})."

    def _folder(self) -> Path:
        """This process's folder of files handed to the browser (media copies, CSVs)."""
        if self._media is None:
            self._media = Path(tempfile.mkdtemp(prefix="adstudio-review-"))
        return self._media

    def _staged(self, item: ReviewItem, path: Path) -> Path:
        """A copy of an item's file that the browser may fetch.

        Gradio serves only files under its allowed paths: a run's folder is never one (it
        holds transcripts, inputs and other tenants' runs), so each shown file is copied,
        once, into this process's own temporary folder.
        """
        stat = path.stat()  # a run imported again from elsewhere gets a fresh copy
        copy = self._folder() / f"{item.id}-{stat.st_size}-{stat.st_mtime_ns}{path.suffix.lower()}"
        if not copy.exists():
            part = copy.with_name(f".{copy.name}.part")
            shutil.copyfile(path, part)
            part.replace(copy)
        return copy

    def agreement(self, run_id: str | None) -> str:
        """The agreement table of the run, as Markdown."""
        if not run_id:
            return NO_RUN
        return agreement_markdown(self.store.agreement(self.tenant, run_id))

    def export(self, run_id: str | None) -> str | None:
        """Write the run's ratings and preferences to a CSV file; return its path."""
        if not run_id:
            return None
        path = self._folder() / f"reviews-{run_id}.csv"
        with path.open("w", encoding="utf-8", newline="") as out:
            self.store.export_csv(self.tenant, run_id, out)
        return str(path)


# --- Gradio wiring -------------------------------------------------------------------------


@dataclass
class SideWidgets:
    """The components of one side (A or B)."""

    column: Any
    image: Any
    video: Any
    caption: Any
    radios: dict[str, Any]
    comment: Any

    def components(self) -> list[Any]:
        """Every component a view updates, in :meth:`updates` order."""
        return [self.column, self.image, self.video, self.caption,
                *self.radios.values(), self.comment]

    def updates(self, view: SideView | None) -> list[Any]:
        """Component updates that show ``view`` (hidden when None)."""
        if view is None:
            return [gr.Column(visible=False), None, None, "", *[None] * len(self.radios), ""]
        return [
            gr.Column(visible=True),
            gr.Image(value=view.image, visible=view.image is not None),
            gr.Video(value=view.video, visible=view.video is not None),
            view.caption,
            *[view.scores.get(key) for key in self.radios],
            view.comment,
        ]


def _side_widgets(side: Side) -> SideWidgets:
    key = side.lower()
    with gr.Column(elem_id=f"review-{key}") as column:
        image = gr.Image(label=side, type="filepath", interactive=False, height=360,
                         elem_id=f"review-{key}-image")
        video = gr.Video(label=side, interactive=False, height=360, visible=False,
                         elem_id=f"review-{key}-video", loop=True)
        caption = gr.Markdown(elem_id=f"review-{key}-caption")
        radios = {
            criterion: gr.Radio(choices=[1, 2, 3, 4, 5], label=label,
                                elem_id=f"review-{key}-{criterion}")
            for criterion, label in CRITERIA.items()
        }
        comment = gr.Textbox(label="Comment (saved with your ratings of this asset)",
                             lines=1, max_lines=4, elem_id=f"review-{key}-comment")
    return SideWidgets(column, image, video, caption, radios, comment)


def build_review_tab(store: ReviewStore, data_dir: Path, tenant: str,
                     tab: Any = None) -> ReviewController:
    """Lay out the Review tab in the current Blocks context and wire its handlers.

    Args:
        store: The review store.
        data_dir: The data dir (runs are found under its ``evals/`` folder).
        tenant: Whose runs the tab shows.
        tab: The ``gr.Tab`` it is in: opening the tab refreshes the list of runs.
    """
    controller = ReviewController(store, data_dir, tenant)
    with gr.Row():
        run = gr.Dropdown(label="Eval run", choices=controller.run_choices(), value=None,
                          scale=3, elem_id="review-run")
        refresh = gr.Button("Refresh runs", size="sm", scale=0)
        reviewer = gr.Textbox(label="Reviewer", placeholder="Your name", scale=2,
                              elem_id="review-reviewer")
    index = gr.State(0)
    title = gr.Markdown(elem_id="review-title")
    progress = gr.Markdown(elem_id="review-progress")
    status = gr.Markdown(NO_RUN, elem_id="review-status")
    with gr.Row(equal_height=False):
        side_a, side_b = _side_widgets("A"), _side_widgets("B")
    with gr.Row():
        previous = gr.Button("← Previous", elem_id="review-previous")
        prefer_a = gr.Button("A is better", variant="primary", elem_id="review-prefer-a")
        tie = gr.Button("Tie", elem_id="review-tie")
        prefer_b = gr.Button("B is better", variant="primary", elem_id="review-prefer-b")
        following = gr.Button("Next →", elem_id="review-next")
    on = gr.Dropdown(choices=[(label, key) for key, label in PREFERENCE_CRITERIA.items()],
                     value="overall", label="Preference on", elem_id="review-preference-on")
    with gr.Accordion("Agreement between reviewers", open=False):
        agreement = gr.Markdown(elem_id="review-agreement")
        refresh_agreement = gr.Button("Compute agreement", size="sm")
    with gr.Row():
        export = gr.Button("Download CSV", size="sm", elem_id="review-export")
        csv_file = gr.File(label="Ratings (CSV)", visible=False, elem_id="review-csv")

    view_outputs = [index, title, progress, status, *side_a.components(),
                    *side_b.components()]

    def render(view: PairView) -> list[Any]:
        return [view.index, view.title, view.progress, view.status,
                *side_a.updates(view.a), *side_b.updates(view.b)]

    def runs_update() -> Any:
        choices = controller.run_choices()
        return gr.Dropdown(choices=choices, info=None if choices else NO_RUNS)

    def step(delta: int) -> Callable[[str | None, str | None, int], list[Any]]:
        return lambda r, who, i: render(controller.step(r, who, i, delta))

    refresh.click(runs_update, None, [run], api_visibility="private")
    if tab is not None:
        tab.select(runs_update, None, [run], api_visibility="private")
    run.change(lambda r, who: render(controller.open(r, who)), [run, reviewer],
               view_outputs, api_visibility="private")
    reviewer.blur(lambda r, who, i: render(controller.show(r, who, i)), [run, reviewer, index],
                  view_outputs, api_visibility="private")
    previous.click(step(-1), [run, reviewer, index], view_outputs, api_visibility="private")
    following.click(step(1), [run, reviewer, index], view_outputs, api_visibility="private")
    for side, widgets in (("A", side_a), ("B", side_b)):
        _wire_side(controller, cast(Side, side), widgets, [run, reviewer, index],
                   [progress, status])
    for button, choice in ((prefer_a, "A"), (tie, "tie"), (prefer_b, "B")):
        button.click(
            lambda r, who, i, c, choice=choice: controller.prefer(r, who, i, choice, c),
            [run, reviewer, index, on], [status], api_visibility="private",
        )
    refresh_agreement.click(controller.agreement, [run], [agreement], api_visibility="private")
    export.click(lambda r: gr.File(value=controller.export(r), visible=True), [run], [csv_file],
                 api_visibility="private")
    return controller


def _wire_side(controller: ReviewController, side: Side, widgets: SideWidgets,
               where: list[Any], outputs: list[Any]) -> None:
    """Save a rating when a score is clicked, and the comment when the box is left."""
    for criterion, radio in widgets.radios.items():
        def rate(r: str | None, who: str | None, i: int, score: int | None, text: str,
                 criterion: str = criterion) -> tuple[str, str, Any]:
            return controller.rate(r, who, i, side, criterion, score, text)

        radio.input(rate, [*where, radio, widgets.comment], [*outputs, radio],
                    api_visibility="private")
    widgets.comment.blur(
        lambda r, who, i, text: controller.comment(r, who, i, side, text),
        [*where, widgets.comment], [outputs[1]], api_visibility="private",
    )


def review_tab(data_dir: Path, tenant: str, tab: Any = None) -> ReviewController:
    """The Review tab on the deployment's review store (``reviews.sqlite``)."""
    return build_review_tab(review_store(data_dir), data_dir, tenant, tab)
