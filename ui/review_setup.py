"""The Review tab's run set-up: which criteria the run is rated on, and who rates what.

Plain methods returning plain data (no Gradio here), beside
:class:`~ui.review_controller.ReviewController`, whose store, tenant and name check they use.
Anyone who reviews the run (under a name this browser holds) may change them.
"""

from __future__ import annotations

from core.markup import escape_markdown
from evals.reviews.assignment import counts, names
from evals.reviews.criteria import MAX_OWN, is_own, parse_anchors
from evals.reviews.models import CRITERIA, ReviewError
from evals.reviews.rubric import rubric
from ui.review_context import rubric_markdown
from ui.review_controller import NO_RUN, ReviewController

NO_SPLIT = ("Nobody has been given items yet: every reviewer may rate any item. Name the "
            "reviewers below to share the work out.")


class ReviewSetup:
    """Criteria and assignment handlers of the Review tab.

    Args:
        controller: The tab's controller (its store, tenant and name check).
    """

    def __init__(self, controller: ReviewController) -> None:
        self.controller = controller
        self.store, self.tenant = controller.store, controller.tenant

    # -- criteria --------------------------------------------------------------------------

    def criteria_choices(self, run_id: str | None) -> tuple[list[tuple[str, str]], list[str]]:
        """The criteria to tick, as ``(label, key)``, and those the run is rated on now."""
        if not run_id:
            return [(label, key) for key, label in CRITERIA.items()], list(CRITERIA)
        chosen = self.store.criteria(self.tenant, run_id)
        own = [(c.label + " (added)", c.key) for c in chosen if is_own(c.key)]
        return ([(label, key) for key, label in CRITERIA.items()] + own,
                [c.key for c in chosen])

    def rubric_markdown(self, run_id: str | None) -> str:
        """The rubric of the run's criteria (its own ones too), as the Rubric panel shows it."""
        chosen = self.store.criteria(self.tenant, run_id) if run_id else list(rubric().values())
        return rubric_markdown({c.key: c for c in chosen})

    def criteria_markdown(self, run_id: str | None) -> str:
        """What the run is rated on, in a sentence."""
        if not run_id:
            return NO_RUN
        chosen = self.store.criteria(self.tenant, run_id)
        labels = ", ".join(f"**{escape_markdown(c.label)}**" for c in chosen)
        return (f"This run is rated on {len(chosen)} criteria: {labels}. An item is done when "
                "all of them are rated.")

    def choose(self, run_id: str | None, reviewer: str | None, token: str | None,
               keys: list[str] | None) -> str:
        """Rate the run on the ticked criteria only."""
        if not run_id:
            return NO_RUN
        try:
            name = self.controller.organise(run_id, reviewer, token)
            self.store.choose_criteria(self.tenant, run_id, keys or [], name)
        except ReviewError as exc:
            return f"⚠️ {exc}"
        return "Saved. " + self.criteria_markdown(run_id)

    def add(self, run_id: str | None, reviewer: str | None, token: str | None, label: str,
            question: str, anchors: str) -> str:
        """Add a criterion of the reviewers' own (its name, question and five anchors)."""
        if not run_id:
            return NO_RUN
        try:
            name = self.controller.organise(run_id, reviewer, token)
            self.store.add_criterion(self.tenant, run_id, label or "", question or "",
                                     parse_anchors(anchors or ""), name)
        except ReviewError as exc:
            return f"⚠️ {exc}"
        return (f"Added **{escape_markdown(' '.join((label or '').split()))}**. "
                + self.criteria_markdown(run_id))

    @staticmethod
    def add_label() -> str:
        """The heading of the 'add your own criterion' form."""
        return f"Add a criterion of your own (up to {MAX_OWN} per run)"

    @staticmethod
    def anchors_hint() -> str:
        """An example of the five lines a new criterion needs (for the 'Logo size' example)."""
        return ("1: No logo, or it cannot be read\n2: Tiny or hidden by the product\n"
                "3: Readable up close only\n4: Clear, a little small\n"
                "5: Clear at a glance, well placed")

    # -- assignment ------------------------------------------------------------------------

    def assign(self, run_id: str | None, reviewer: str | None, token: str | None,
               who: str, overlap_percent: float | None) -> str:
        """Split the run's items among the named reviewers, with a share given to two."""
        if not run_id:
            return NO_RUN
        try:
            self.controller.organise(run_id, reviewer, token)
            plan = self.store.assign(self.tenant, run_id, names(who or ""),
                                     float(overlap_percent or 0) / 100)
        except ReviewError as exc:
            return f"⚠️ {exc}"
        return "Saved. " + self._summary(plan)

    def unassign(self, run_id: str | None, reviewer: str | None, token: str | None) -> str:
        """Undo the split: every item is open to anyone again."""
        if not run_id:
            return NO_RUN
        try:
            self.controller.organise(run_id, reviewer, token)
            self.store.unassign(self.tenant, run_id)
        except ReviewError as exc:
            return f"⚠️ {exc}"
        return NO_SPLIT

    def assignment_markdown(self, run_id: str | None) -> str:
        """Who has how many items of the run."""
        if not run_id:
            return NO_RUN
        return self._summary(self.store.assignments(self.tenant, run_id))

    @staticmethod
    def _summary(plan: dict[str, list[str]]) -> str:
        if not plan:
            return NO_SPLIT
        shares = ", ".join(f"{escape_markdown(name)} {n}" for name, n in counts(plan).items())
        twice = sum(1 for who in plan.values() if len(who) > 1)
        return (f"Items given out: {shares} (of {len(plan)}). {twice} of them go to two "
                "people or more, so agreement can be measured on them (answer-key items go "
                "to everyone). Each reviewer starts with their own items.")

