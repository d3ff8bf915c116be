"""The batch plan: what a catalog asks for, step by step, and what it will cost.

The steps are the capabilities declared in the registry (``tools.sdk``), and the cost
comes from the same estimator the chat uses before paid work (``tools.cost.estimate``:
Bedrock prices from the settings, zero on the local engine). The plan is added up while
the catalog streams past, so it takes the same memory for ten products or a million.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from batch.catalog import RowChecker, read_rows
from batch.models import Product, RowProblem
from batch.steps import PLAN_INPUTS, STEPS, steps_of
from batch.store import BatchJobStore
from core.errors import ConfigurationError
from core.settings import Settings
from tools.cost import estimate
from tools.sdk import Capability, registry

BATCH = "batch"


@dataclass
class StepPlan:
    """One capability's share of the plan.

    Attributes:
        calls: How many times it will be called.
        units: Billable units it asks for (``image``, ``live_second``...).
        usd: Its estimated cost.
        model: The model doing the billable work ("local" when free).
    """

    calls: int = 0
    units: dict[str, float] = field(default_factory=dict)
    usd: float = 0.0
    model: str = ""


@dataclass
class Plan:
    """What a job will do.

    Attributes:
        job: The job id.
        engine: The engine the settings choose.
        prices_date: When the price table was last checked.
        products: Valid products.
        invalid: Rows that will not run (each is reported with its line).
        steps: Per capability, in step order.
    """

    job: str
    engine: str
    prices_date: str
    products: int = 0
    invalid: int = 0
    steps: dict[str, StepPlan] = field(default_factory=lambda: {s.name: StepPlan() for s in STEPS})

    @property
    def usd(self) -> float:
        """The estimated cost of the whole job."""
        return round(sum(step.usd for step in self.steps.values()), 4)

    def add(self, product: Product, settings: Settings, done: Collection[str] = ()) -> None:
        """Count a product's steps (but those in ``done``) and their cost."""
        self.products += 1
        for step in steps_of(product):
            if step.name in done:
                continue
            cost = estimate(step.name, step.request(product, PLAN_INPUTS), settings)
            share = self.steps[step.name]
            share.calls += 1
            share.usd += cost.usd
            share.model = share.model or cost.model
            for unit, amount in cost.units.items():
                share.units[unit] = share.units.get(unit, 0.0) + amount


def batch_capabilities(
    capabilities: Callable[[], Mapping[str, Capability[Any, Any]]] = registry,
) -> dict[str, Capability[Any, Any]]:
    """The declared capabilities the steps call, checked to allow batch use.

    Raises:
        ConfigurationError: A step's capability is not declared, or not for batch.
    """
    declared = capabilities()
    missing = [s.name for s in STEPS if BATCH not in getattr(declared.get(s.name), "modes", ())]
    if missing:
        raise ConfigurationError(
            f"These capabilities are not declared for batch use: {', '.join(missing)}.",
            hint="Declare them with modes including 'batch' (tools/sdk.py).",
        )
    return {s.name: declared[s.name] for s in STEPS}


def plan_catalog(
    store: BatchJobStore,
    job: str,
    catalog: Path,
    checker: RowChecker,
    settings: Settings,
    seen: Callable[[Product | RowProblem], None],
) -> Plan:
    """Check every row of ``catalog`` into the job, in one streaming pass; plan the job.

    Args:
        store: The job store (rows are recorded as they are checked).
        job: The job being planned.
        catalog: The CSV or JSONL file.
        checker: Checks each row (fields, photo, ad policy, brand kit).
        settings: The engine and price table.
        seen: Called with each row as kept (a problem is reported there, with its line).

    The job stays ``checking`` (it cannot run) until the last row has been recorded; then
    it is ``planned``. Anything that stops the check before the end (a catalog that
    cannot be read, Ctrl-C, an unexpected error) deletes the job; were this process
    killed, the job would stay ``checking`` and ``--resume`` refuses it.

    Raises:
        CatalogError: The file as a whole cannot be read (nothing is left of the job).
    """
    batch_capabilities()
    plan = Plan(job=job, engine=settings.engine, prices_date=settings.costs.prices_date)
    checked = ((line, checker.check(line, raw)) for line, raw in read_rows(catalog))
    try:
        for row in store.add_rows(job, checked):
            if isinstance(row, RowProblem):
                plan.invalid += 1
            else:
                plan.add(row, settings)
            seen(row)
        store.planned(job)
    except BaseException:
        store.delete_job(job)
        raise
    return plan


def plan_remaining(store: BatchJobStore, job: str, settings: Settings) -> Plan:
    """The plan of a job's work left: its pending products' steps not yet done."""
    plan = Plan(job=job, engine=settings.engine, prices_date=settings.costs.prices_date)
    for _, product in store.pending_products(job):
        done = {row.step for row in store.steps(job, product.id) if row.status == "done"}
        plan.add(product, settings, done)
    plan.invalid = store.counts(job).invalid
    return plan
