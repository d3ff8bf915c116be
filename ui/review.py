"""The Review tab: people rate the assets of an eval run, two comparable ones side by side.

Pick a run (the folders ``adstudio eval run`` writes under ``<data_dir>/evals``), type your
name (this browser keeps it: nobody else can rate under it), and go through the run's
assets in pairs of the same kind and size. Beside each asset are the request that made it,
the brief, the automatic checks and what it was made from; rate each criterion 1–5 against
the rubric, say which of the two is better (or a tie), skip or flag, and move on, with the
mouse or the keys. An item is done when every criterion of the run is rated; coming back
resumes at your first item not done (your own first, when the run's items were shared out).
Panels below the pair choose the run's criteria (or add the reviewers' own), share the
items out among named reviewers, show the agreement and open the items reviewers disagree
on, and keep an answer key of gold items (:mod:`ui.review_panels`). The tab exports
everything as CSV.

The handlers live in :class:`~ui.review_controller.ReviewController`,
:class:`~ui.review_setup.ReviewSetup` and :class:`~ui.review_insight.ReviewInsight` (plain
data in and out); this module only lays out the Gradio components and wires them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import gradio as gr
from pydantic import SecretStr

from evals.reviews.models import ReviewError
from evals.reviews.rubric import CriterionRubric, rubric
from evals.reviews.store import ReviewStore, review_store
from ui.browser_secret import state_secret
from ui.review_context import rubric_markdown
from ui.review_controller import (
    NO_RUN,
    NO_RUNS,
    PREFERENCE_CRITERIA,
    PairView,
    ReviewController,
    Side,
    SideView,
    choice_variants,
)
from ui.review_keys import KEYS_HINT, keys_script
from ui.review_panels import build_panels
from ui.review_slots import OWN_SLOTS, SLOTS, slot_map

IDENTITY_KEY = "adstudio-reviewer"
SECRET_FILE = "review_secret.key"
RATE_QUEUE = "review-rate"
FLAG_LABEL = "⚑ Flag: cannot be rated as shown"

__all__ = ["ReviewController", "build_review_tab", "review_tab"]


@dataclass
class SideWidgets:
    """The components of one side (A or B)."""

    column: Any
    image: Any
    video: Any
    storyboard: Any
    companions: Any
    caption: Any
    context: Any
    radios: dict[str, Any]
    comment: Any
    flag: Any

    def components(self) -> list[Any]:
        """Every component a view updates, in :meth:`updates` order."""
        return [self.column, self.image, self.video, self.storyboard, self.companions,
                self.caption, self.context, *self.radios.values(), self.comment, self.flag]

    def updates(self, view: SideView | None, criteria: list[CriterionRubric]) -> list[Any]:
        """Component updates that show ``view`` (hidden when None), scored on ``criteria``."""
        if view is None:
            return [gr.Column(visible=False), None, None, "", None, "", "",
                    *[None] * len(self.radios), "", gr.Button()]
        return [
            gr.Column(visible=True),
            gr.Image(value=view.image, visible=view.image is not None),
            gr.Video(value=view.video, visible=view.video is not None),
            gr.Markdown(value=view.storyboard or "", visible=view.storyboard is not None),
            gr.Gallery(value=view.companions or None, visible=bool(view.companions)),
            view.caption,
            view.context,
            *_score_rows(view, criteria),
            view.comment,
            gr.Button("Take the flag off" if view.flagged else FLAG_LABEL),
        ]


def _score_rows(view: SideView, criteria: list[CriterionRubric]) -> list[Any]:
    """Each score row: the run's criterion it shows with the reviewer's score, or hidden."""
    rows = []
    for entry in slot_map(criteria).values():
        if entry is None:
            rows.append(gr.Radio(value=None, visible=False))
        else:
            rows.append(gr.Radio(value=view.scores.get(entry.key), visible=True,
                                 label=entry.label, info=entry.question))
    return rows


def _side_widgets(side: Side) -> SideWidgets:
    key = side.lower()
    rubric_of = rubric()
    with gr.Column(elem_id=f"review-{key}") as column:
        image = gr.Image(label=side, type="filepath", interactive=False, height=360,
                         elem_id=f"review-{key}-image")
        video = gr.Video(label=side, interactive=False, height=360, visible=False,
                         elem_id=f"review-{key}-video", loop=True)
        storyboard = gr.Markdown(visible=False, elem_id=f"review-{key}-storyboard")
        companions = gr.Gallery(label="Shown with the video: its preview and poster",
                                columns=2, height=160, object_fit="contain", visible=False,
                                interactive=False,
                                elem_id=f"review-{key}-companions")
        caption = gr.Markdown(elem_id=f"review-{key}-caption")
        context = gr.Markdown(elem_id=f"review-{key}-context")
        radios = {
            slot: gr.Radio(choices=[1, 2, 3, 4, 5],
                           label=rubric_of[slot].label if slot in rubric_of else "Own criterion",
                           info=rubric_of[slot].question if slot in rubric_of else None,
                           visible=slot not in OWN_SLOTS, elem_id=f"review-{key}-{slot}")
            for slot in SLOTS
        }
        comment = gr.Textbox(label="Comment (saved with your ratings; the reason of a flag)",
                             lines=1, max_lines=4, elem_id=f"review-{key}-comment")
        flag = gr.Button(FLAG_LABEL, size="sm", elem_id=f"review-{key}-flag")
    return SideWidgets(column, image, video, storyboard, companions, caption, context,
                       radios, comment, flag)


def _secret(data_dir: Path, secret_key: SecretStr | None) -> str:
    """The key the browser's reviewer identity is stored with.

    Derived from ``ADSTUDIO_SECRET_KEY`` when set (every replica then reads a reviewer its
    neighbour stored), else made once in the data dir.
    """
    return state_secret(secret_key, data_dir, SECRET_FILE, b"adstudio review identity")


def _token(state: dict[str, Any] | None) -> str | None:
    return (state or {}).get("token")


def build_review_tab(store: ReviewStore, data_dir: Path, tenant: str,
                     tab: Any = None, secret_key: SecretStr | None = None) -> ReviewController:
    """Lay out the Review tab in the current Blocks context and wire its handlers.

    Args:
        store: The review store.
        data_dir: The data dir (runs are found under its ``evals/`` folder).
        tenant: Whose runs the tab shows.
        tab: The ``gr.Tab`` it is in: opening the tab refreshes the list of runs and
            brings back this browser's reviewer and run, at the first item not done.
        secret_key: ``ADSTUDIO_SECRET_KEY``, shared by replicas (None: a secret kept in
            the data dir).
    """
    controller = ReviewController(store, data_dir, tenant)
    identity = gr.BrowserState(None, storage_key=IDENTITY_KEY,
                               secret=_secret(data_dir, secret_key))
    with gr.Row():
        run = gr.Dropdown(label="Eval run", choices=controller.run_choices(), value=None,
                          scale=3, elem_id="review-run")
        refresh = gr.Button("Refresh runs", size="sm", scale=0)
        reviewer = gr.Textbox(label="Reviewer", placeholder="Your name (kept in this browser)",
                              scale=2, elem_id="review-reviewer")
    index = gr.State(0)
    title = gr.Markdown(elem_id="review-title")
    progress = gr.Markdown(elem_id="review-progress")
    status = gr.Markdown(NO_RUN, elem_id="review-status")
    gr.HTML(KEYS_HINT, js_on_load=keys_script(), elem_id="review-keys")
    with gr.Accordion("Rubric: what each score means", open=False, elem_id="review-rubric"):
        rubric_text = gr.Markdown(rubric_markdown(rubric()), elem_id="review-rubric-text")
    with gr.Row(equal_height=False):
        side_a, side_b = _side_widgets("A"), _side_widgets("B")
    with gr.Row():
        previous = gr.Button("← Previous", elem_id="review-previous")
        prefer_a = gr.Button("A is better", elem_id="review-prefer-a")
        tie = gr.Button("Tie", elem_id="review-tie")
        prefer_b = gr.Button("B is better", elem_id="review-prefer-b")
        skip = gr.Button("Skip for now", elem_id="review-skip")
        following = gr.Button("Next →", elem_id="review-next")
        go_on = gr.Button("My next item", elem_id="review-go-on")
    on = gr.Dropdown(choices=[(label, key) for key, label in PREFERENCE_CRITERIA.items()],
                     value="overall", label="Preference on", elem_id="review-preference-on")
    panels = build_panels(controller)
    with gr.Row():
        export = gr.Button("Download CSV", size="sm", elem_id="review-export")
        # written afresh on each click, then fetched at once by this download button, shown
        # only for that moment (visible="hidden" kept it in the page, but upset the layout)
        csv_file = gr.DownloadButton("Ratings (CSV)", visible=False, elem_id="review-csv")
    choices = [prefer_a, tie, prefer_b]

    view_outputs = [index, title, progress, status, *side_a.components(),
                    *side_b.components(), *choices]
    where = [run, reviewer, identity, index]

    def render(view: PairView) -> list[Any]:
        return [view.index, view.title, view.progress, view.status,
                *side_a.updates(view.a, view.criteria), *side_b.updates(view.b, view.criteria),
                *_choice_buttons(view.preference)]

    def runs_update(value: str | None = None) -> Any:
        choices = controller.run_choices()
        known = value in {run_id for _label, run_id in choices}
        return gr.Dropdown(choices=choices, value=value if known else None,
                           info=None if choices else NO_RUNS)

    def restore(state: dict[str, Any] | None) -> list[Any]:
        """Opening the tab: this browser's reviewer and run, at the first item not done."""
        saved = controller.identity(state)
        name = saved.get("reviewer") or ""
        known = {run_id for _label, run_id in controller.run_choices()}
        run_id = saved.get("run") if saved.get("run") in known else None
        view = (controller.open(run_id, name, saved["token"]) if run_id
                else PairView(index=0, title="", progress="", status=NO_RUN))
        return [saved, runs_update(run_id), name, *render(view)]

    def pick(run_id: str | None, name: str | None, state: dict[str, Any] | None) -> list[Any]:
        saved = {**controller.identity(state), "run": run_id}
        return [saved, *render(controller.open(run_id, name, saved["token"]))]

    def identify(run_id: str | None, name: str | None, state: dict[str, Any] | None,
                 ) -> list[Any]:
        saved = controller.identity(state)
        view = controller.resume(run_id, name, saved["token"])
        if view.reviewer:
            saved["reviewer"] = view.reviewer
        elif not run_id and (name or "").strip():
            try:
                saved["reviewer"] = controller.claim(name, saved["token"])
                view.status = f"Hello {saved['reviewer']}: now pick a run."
            except ReviewError as exc:
                view.status = f"⚠️ {exc}"
        return [saved, *render(view)]

    def step(delta: int) -> Callable[..., list[Any]]:
        return lambda r, who, state, i: render(controller.step(r, who, _token(state), i, delta))

    refresh.click(lambda r: runs_update(r), [run], [run], api_visibility="private")
    if tab is not None:
        tab.select(restore, [identity], [identity, run, reviewer, *view_outputs],
                   api_visibility="private").then(
            panels.access, [run, reviewer, identity], panels.access_outputs,
            api_visibility="private")
    run.input(pick, [run, reviewer, identity], [identity, *view_outputs],
              api_visibility="private").then(
        panels.access, [run, reviewer, identity], panels.access_outputs,
        api_visibility="private")
    for event in (reviewer.blur, reviewer.submit):
        event(identify, [run, reviewer, identity], [identity, *view_outputs],
              api_visibility="private").then(
            panels.access, [run, reviewer, identity], panels.access_outputs,
            api_visibility="private")
    # a key pressed while the last move is on its way runs once that one is done
    previous.click(step(-1), where, view_outputs, api_visibility="private",
                   trigger_mode="always_last")
    following.click(step(1), where, view_outputs, api_visibility="private",
                    trigger_mode="always_last")
    skip.click(lambda r, who, state, i: render(controller.skip(r, who, _token(state), i)),
               where, view_outputs, api_visibility="private", trigger_mode="always_last")
    go_on.click(lambda r, who, state, _i: render(controller.resume(r, who, _token(state),
                                                                   greet=False)),
                where, view_outputs, api_visibility="private", trigger_mode="always_last")
    for side, widgets in (("A", side_a), ("B", side_b)):
        _wire_side(controller, cast(Side, side), widgets, where, [progress, status], render,
                   view_outputs)
    for button, choice in zip(choices, ("A", "tie", "B"), strict=True):
        button.click(
            lambda r, who, state, i, c, choice=choice: _preferred(
                controller.prefer(r, who, _token(state), i, choice, c), choice, c),
            [*where, on], [status, *choices], api_visibility="private",
        )
    panels.wire(run, where, view_outputs, render, rubric_text)
    export.click(lambda r: gr.DownloadButton(value=controller.export(r), visible=True), [run],
                 [csv_file], api_visibility="private").then(
        None, js=FETCH_CSV).then(lambda: gr.DownloadButton(visible=False), None, [csv_file],
                                 api_visibility="private")
    return controller


FETCH_CSV = """() => new Promise((done) => {
  let tries = 0;
  const fetch = () => {
    const button = document.querySelector('#review-csv');
    if (button) { button.click(); done(); }
    else if (++tries < 50) { setTimeout(fetch, 50); } else { done(); }
  };
  fetch();
})"""
"""Click the CSV's download button as soon as it is on the page (the file is written)."""


def _choice_buttons(preference: str | None) -> list[Any]:
    """The A, Tie and B buttons, the reviewer's choice on this pair standing out."""
    return [gr.Button(variant=variant) for variant in choice_variants(preference)]


def _preferred(status: str, choice: str, criterion: str | None) -> list[Any]:
    """After a choice: the status, and the buttons showing it (Overall is what they show)."""
    if status.startswith("Saved") and (criterion or "overall") == "overall":
        return [status, *_choice_buttons(choice)]
    return [status, gr.Button(), gr.Button(), gr.Button()]


def _wire_side(controller: ReviewController, side: Side, widgets: SideWidgets,
               where: list[Any], outputs: list[Any], render: Callable[[PairView], list[Any]],
               view_outputs: list[Any]) -> None:
    """Save a rating when a score is clicked, the comment when the box is left, and flag."""
    for criterion, radio in widgets.radios.items():
        def rate(r: str | None, who: str | None, state: dict[str, Any] | None, i: int,
                 score: int | None, text: str, criterion: str = criterion) -> list[Any]:
            progress, status, shown, caption = controller.rate(r, who, _token(state), i, side,
                                                                criterion, score, text)
            return [progress, status, shown, gr.Markdown() if caption is None else caption]

        # one rating at a time, in order, so the progress shown is never an older one
        radio.input(rate, [*where, radio, widgets.comment], [*outputs, radio, widgets.caption],
                    api_visibility="private", concurrency_id=RATE_QUEUE, concurrency_limit=1)
    widgets.comment.blur(
        lambda r, who, state, i, text: controller.comment(r, who, _token(state), i, side, text),
        [*where, widgets.comment], [outputs[1]], api_visibility="private",
    )
    widgets.flag.click(
        lambda r, who, state, i, text: render(controller.flag(r, who, _token(state), i, side,
                                                              text)),
        [*where, widgets.comment], view_outputs, api_visibility="private",
    )


def review_tab(data_dir: Path, tenant: str, tab: Any = None,
               database_url: str | None = None,
               secret_key: SecretStr | None = None) -> ReviewController:
    """The Review tab on the deployment's review store.

    Args:
        data_dir: The deployment's data dir (its eval runs, and ``reviews.sqlite``).
        tenant: Whose runs and reviews.
        tab: The Gradio tab it fills.
        database_url: The deployment's database (None: ``reviews.sqlite``).
        secret_key: ``ADSTUDIO_SECRET_KEY`` (replicas' reviewer identities agree).
    """
    return build_review_tab(review_store(data_dir, database_url), data_dir, tenant, tab,
                            secret_key)
