"""The Review tab's panels below the pair: criteria, sharing the work, agreement, answer key.

Each is a closed accordion; their handlers are :class:`~ui.review_setup.ReviewSetup` and
:class:`~ui.review_insight.ReviewInsight`. The answer key (gold items) sits last, named so
that reviewers leave it closed: the rating screen itself never shows which items are gold.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import gradio as gr

from ui.review_controller import PairView, ReviewController
from ui.review_insight import ReviewInsight
from ui.review_setup import ReviewSetup

Render = Callable[[PairView], list[Any]]


def _token(state: dict[str, Any] | None) -> str | None:
    return (state or {}).get("token")


ORGANISER_PANELS = ("criteria_panel", "share_panel", "agreement_panel", "gold_panel")
"""The panels only a run's organiser sees (see :mod:`evals.reviews.organisers`)."""


@dataclass
class Panels:
    """The panels' components and handlers."""

    setup: ReviewSetup
    insight: ReviewInsight
    parts: dict[str, Any]

    @property
    def access_outputs(self) -> list[Any]:
        """The organiser's note and the four panels only the organiser sees."""
        return [self.parts[key] for key in ("organiser_note", *ORGANISER_PANELS)]

    def access(self, run_id: str | None, reviewer: str | None,
               state: dict[str, Any] | None) -> list[Any]:
        """Show the panels to the run's organiser (or anyone, while it has none); else a note."""
        note = self.setup.controller.organises(run_id, reviewer, _token(state))
        return [gr.Markdown(note, visible=bool(note)),
                *(gr.Accordion(visible=not note) for _key in ORGANISER_PANELS)]

    def wire(self, run: Any, where: list[Any], view_outputs: list[Any], render: Render,
             rubric_text: Any) -> None:
        """Connect the panels to the run picker, the reviewer and the pair on screen.

        Args:
            run: The run dropdown.
            where: ``[run, reviewer, identity, index]``, what every handler needs.
            view_outputs: The components a pair view fills.
            render: A pair view as updates of ``view_outputs``.
            rubric_text: The Rubric panel's text (it shows the run's criteria).
        """
        p, setup = self.parts, self.setup
        controller = setup.controller
        criteria_out = [p["criteria"], p["criteria_note"], p["gold_criterion"], rubric_text]

        def criteria_updates(run_id: str | None) -> list[Any]:
            choices, chosen = setup.criteria_choices(run_id)
            own = [(label, key) for label, key in choices if key in chosen]
            return [gr.CheckboxGroup(choices=choices, value=chosen),
                    setup.criteria_markdown(run_id),
                    gr.Dropdown(choices=own, value=own[0][1] if own else None),
                    setup.rubric_markdown(run_id)]

        def after_criteria(status: str, r: str | None, who: str | None,
                           state: dict[str, Any] | None, i: int) -> list[Any]:
            view = controller.show(r, who, _token(state), i)
            return [status, *criteria_updates(r), *render(view)]

        run.change(lambda r: [*criteria_updates(r), setup.assignment_markdown(r), "", "",
                              gr.Dropdown(choices=[], value=None), ""],
                   [run], [*criteria_out, p["share_note"], p["agreement"], p["gold_note"],
                           p["disagreements"], p["drill"]], api_visibility="private")
        p["choose"].click(
            lambda r, who, state, i, keys: after_criteria(
                setup.choose(r, who, _token(state), keys), r, who, state, i),
            [*where, p["criteria"]], [p["criteria_status"], *criteria_out, *view_outputs],
            api_visibility="private")
        form = [p["own_label"], p["own_question"], p["own_anchors"]]

        def add(r: str | None, who: str | None, state: dict[str, Any] | None, i: int,
                label: str, question: str, anchors: str) -> list[Any]:
            status = setup.add(r, who, _token(state), label, question, anchors)
            kept = [label, question, anchors] if status.startswith("⚠️") else ["", "", ""]
            return [*kept, *after_criteria(status, r, who, state, i)]

        p["add"].click(add, [*where, *form],
                       [*form, p["criteria_status"], *criteria_out, *view_outputs],
                       api_visibility="private")
        p["split"].click(
            lambda r, who, state, _i, names, share: setup.assign(r, who, _token(state), names,
                                                                 share),
            [*where, p["share_names"], p["overlap"]], [p["share_note"]],
            api_visibility="private")
        p["unsplit"].click(lambda r, who, state, _i: setup.unassign(r, who, _token(state)),
                           where, [p["share_note"]], api_visibility="private")
        self._wire_agreement(run, where, view_outputs, render)
        self._wire_gold(run, where)

    def _wire_agreement(self, run: Any, where: list[Any], view_outputs: list[Any],
                        render: Render) -> None:
        p, insight, controller = self.parts, self.insight, self.setup.controller

        def compute(r: str | None) -> list[Any]:
            choices = insight.disagreement_choices(r)
            return [controller.agreement(r),
                    gr.Dropdown(choices=choices, value=None,
                                info=None if choices else "No item is scored 2 or more apart.")]

        def drill(r: str | None, who: str | None, state: dict[str, Any] | None, i: int,
                  item_id: str | None) -> list[Any]:
            index, text = insight.open_item(r, item_id)
            view = controller.show(r, who, _token(state), i if index is None else index)
            if text:  # shown above the pair it is about, where the organiser now looks
                view.status = text
            return [text, *render(view)]

        p["compute"].click(compute, [run], [p["agreement"], p["disagreements"]],
                           api_visibility="private")
        p["disagreements"].input(drill, [*where, p["disagreements"]],
                                 [p["drill"], *view_outputs], api_visibility="private")

    def _wire_gold(self, run: Any, where: list[Any]) -> None:
        p, insight = self.parts, self.insight
        p["gold_score_save"].click(
            lambda r, who, state, i, side, criterion, score: insight.set_gold(
                r, who, _token(state), i, side, criterion, score),
            [*where, p["gold_side"], p["gold_criterion"], p["gold_score"]], [p["gold_status"]],
            api_visibility="private")
        p["gold_choice_save"].click(
            lambda r, who, state, i, choice: insight.set_gold_pair(r, who, _token(state), i,
                                                                   choice),
            [*where, p["gold_choice"]], [p["gold_status"]], api_visibility="private")
        p["gold_clear"].click(
            lambda r, who, state, i: insight.clear_gold(r, who, _token(state), i),
            where, [p["gold_status"]], api_visibility="private")
        p["gold_show"].click(
            lambda r, who, state, _i: self.setup.controller.organises(r, who, _token(state))
            or insight.gold_markdown(r), where, [p["gold_note"]], api_visibility="private")


def _criteria_panel(setup: ReviewSetup) -> dict[str, Any]:
    choices, chosen = setup.criteria_choices(None)
    with gr.Accordion("Criteria for this run", open=False,
                      elem_id="review-criteria-panel") as panel:
        note = gr.Markdown(elem_id="review-criteria-note")
        criteria = gr.CheckboxGroup(choices=choices, value=chosen,
                                    label="Rate this run on (untick what does not apply)",
                                    elem_id="review-criteria")
        choose = gr.Button("Rate on the ticked criteria", size="sm",
                           elem_id="review-criteria-save")
        gr.Markdown(f"**{setup.add_label()}**")
        with gr.Row():
            own_label = gr.Textbox(label="Name", placeholder="Logo size",
                                   elem_id="review-own-label")
            own_question = gr.Textbox(label="Question it asks",
                                      placeholder="Is the logo big enough to read at a glance?",
                                      scale=2, elem_id="review-own-question")
        own_anchors = gr.Textbox(label="What each score looks like: 5 lines, 1 (worst) to 5 (best)",
                                 lines=5, placeholder=setup.anchors_hint(),
                                 elem_id="review-own-anchors")
        add = gr.Button("Add this criterion", size="sm", elem_id="review-own-add")
        status = gr.Markdown(elem_id="review-criteria-status")
    return {"criteria_panel": panel, "criteria_note": note, "criteria": criteria, "choose": choose,
            "own_label": own_label, "own_question": own_question, "own_anchors": own_anchors,
            "add": add, "criteria_status": status}


def _share_panel() -> dict[str, Any]:
    with gr.Accordion("Share the work among reviewers", open=False,
                      elem_id="review-share-panel") as panel:
        note = gr.Markdown(elem_id="review-share-note")
        with gr.Row():
            names = gr.Textbox(label="Reviewers", placeholder="Ana, Ben, Chloe", scale=2,
                               elem_id="review-share-names")
            overlap = gr.Slider(0, 100, value=20, step=5, scale=2,
                                label="Share of items also given to a second person (%)",
                                info="They are rated twice, so agreement can be measured.",
                                elem_id="review-share-overlap")
        with gr.Row():
            split = gr.Button("Split the items evenly", size="sm", elem_id="review-share-split")
            unsplit = gr.Button("Undo the split", size="sm", elem_id="review-share-undo")
    return {"share_panel": panel, "share_note": note, "share_names": names,
            "overlap": overlap, "split": split, "unsplit": unsplit}


def _agreement_panel() -> dict[str, Any]:
    with gr.Accordion("Agreement between reviewers", open=False,
                      elem_id="review-agreement-panel") as panel:
        agreement = gr.Markdown(elem_id="review-agreement")
        compute = gr.Button("Compute agreement", size="sm", elem_id="review-agreement-compute")
        disagreements = gr.Dropdown(label="Open an item reviewers disagree on (widest gap first)",
                                    choices=[], value=None, elem_id="review-disagreements")
        drill = gr.Markdown(elem_id="review-drill")
    return {"agreement_panel": panel, "agreement": agreement, "compute": compute,
            "disagreements": disagreements, "drill": drill}


def _gold_panel() -> dict[str, Any]:
    with gr.Accordion("Answer key (gold items): for whoever checks the reviewers; reviewers, "
                      "please leave this closed", open=False,
                      elem_id="review-gold-panel") as panel:
        gr.Markdown("Pick items whose right answer you know. They stay mixed in with the "
                    "others, unmarked, and each reviewer's answers on them are checked. "
                    "Set them on the pair shown above.")
        with gr.Row(equal_height=True):
            side = gr.Radio(choices=[("Left (A)", "A"), ("Right (B)", "B")], value="A",
                            label="Asset", elem_id="review-gold-side", scale=1)
            criterion = gr.Dropdown(label="Criterion", choices=[], scale=1,
                                    elem_id="review-gold-criterion")
            score = gr.Radio(choices=[1, 2, 3, 4, 5], label="Score it should get", scale=2,
                             elem_id="review-gold-score")
        score_save = gr.Button("Save expected score", size="sm", elem_id="review-gold-save")
        choice = gr.Radio(choices=[("A is better", "A"), ("Tie", "tie"), ("B is better", "B")],
                          label="Which of the two should win (overall)",
                          elem_id="review-gold-choice")
        with gr.Row():
            choice_save = gr.Button("Save expected choice", size="sm",
                                    elem_id="review-gold-choice-save")
            clear = gr.Button("Take this pair out of the answer key", size="sm",
                              elem_id="review-gold-clear")
        status = gr.Markdown(elem_id="review-gold-status")
        show = gr.Button("Show the answer key and each reviewer's results", size="sm",
                         elem_id="review-gold-show")
        note = gr.Markdown(elem_id="review-gold-note")
    return {"gold_panel": panel, "gold_side": side, "gold_criterion": criterion,
            "gold_score": score,
            "gold_score_save": score_save, "gold_choice": choice,
            "gold_choice_save": choice_save, "gold_clear": clear, "gold_status": status,
            "gold_show": show, "gold_note": note}


def build_panels(controller: ReviewController) -> Panels:
    """Lay out the four panels in the current Blocks context (wire them with Panels.wire)."""
    setup, insight = ReviewSetup(controller), ReviewInsight(controller)
    note = gr.Markdown(elem_id="review-organiser-note")
    parts = {"organiser_note": note, **_criteria_panel(setup), **_share_panel(),
             **_agreement_panel(), **_gold_panel()}
    return Panels(setup, insight, parts)
