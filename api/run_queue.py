"""The run queue: how many runs go on at once, per process and per tenant, and who is next.

A run starts at once when the process and its tenant are both under their limits (the
tenant's runs going on in other processes on the same database count too); else it
waits in line, first come first served, and starts as soon as a run ending frees a place it
may take (a tenant at its own limit does not hold up the runs of others behind it). One
tenant may hold only some of the places in line, so another tenant's run is not refused
because of it. Not thread-safe on its own: the run manager calls it under its lock.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RunLimits:
    """The bounds of the queue.

    Attributes:
        per_process: Runs going on at once in this process.
        per_tenant: Runs one tenant has going on at once.
        queued: Runs that may wait; beyond that a new run is refused.
        tenant_queued: Runs one tenant may have waiting; beyond that its new run is refused.
            None: a quarter of ``queued``, at least 1.
    """

    per_process: int = 4
    per_tenant: int = 2
    queued: int = 100
    tenant_queued: int | None = None

    @property
    def queued_per_tenant(self) -> int:
        """The places in line one tenant may hold."""
        if self.tenant_queued is not None:
            return self.tenant_queued
        return max(1, self.queued // 4)


class QueueFull(Exception):
    """The queue (or the tenant's share of it) already holds as many waiting runs as it may."""


class RunQueue:
    """Runs going on and runs waiting, by id, with their tenants.

    Args:
        limits: The bounds.
    """

    def __init__(self, limits: RunLimits) -> None:
        self.limits = limits
        self._running: dict[str, str] = {}  # run -> tenant
        self._waiting: list[tuple[str, str]] = []  # (run, tenant), oldest first
        self._elsewhere: dict[str, int] = {}  # tenant -> runs going on in other processes

    def admit(self, run: str, tenant: str) -> int:
        """Take a new run; its place: 0 when it may start now, else n-th in line (1 = next).

        Raises:
            QueueFull: The run cannot start now and the line (or the tenant's share) is full.
        """
        if self._may_start(tenant):
            self._running[run] = tenant
            return 0
        if self._line_full(tenant):
            raise QueueFull(run)
        self._waiting.append((run, tenant))
        return len(self._waiting)

    def place_for(self, tenant: str) -> int:
        """The place :meth:`admit` would give a new run of ``tenant`` now, taking none.

        Raises:
            QueueFull: The run could not start now and the line (or the tenant's share) is full.
        """
        if self._may_start(tenant):
            return 0
        if self._line_full(tenant):
            raise QueueFull(tenant)
        return len(self._waiting) + 1

    def full_for(self, tenant: str) -> bool:
        """Whether a new run of ``tenant`` would be refused (it must wait; no place for it)."""
        return not self._may_start(tenant) and self._line_full(tenant)

    def finish(self, run: str) -> list[str]:
        """Let go of a run that ended; return the waiting runs that start now, in order."""
        self._running.pop(run, None)
        return self._start_waiting()

    def elsewhere(self, counts: dict[str, int]) -> list[str]:
        """Note each tenant's runs going on in other processes; return the runs that start now.

        A tenant's runs elsewhere take places of its per-tenant limit here too (the other
        processes share the database); when they end, its waiting runs here may start.
        """
        self._elsewhere = dict(counts)
        return self._start_waiting()

    def withdraw(self, run: str) -> bool:
        """Take a waiting run out of the line (cancelled); whether it was waiting."""
        kept = [(r, t) for r, t in self._waiting if r != run]
        found = len(kept) != len(self._waiting)
        self._waiting = kept
        return found

    def positions(self) -> dict[str, int]:
        """Every waiting run's place in line (1 = next)."""
        return {run: place for place, (run, _) in enumerate(self._waiting, start=1)}

    def running(self) -> int:
        """How many runs go on."""
        return len(self._running)

    def waiting(self) -> int:
        """How many runs wait."""
        return len(self._waiting)

    def _may_start(self, tenant: str) -> bool:
        if len(self._running) >= self.limits.per_process:
            return False
        here = sum(t == tenant for t in self._running.values())
        return here + self._elsewhere.get(tenant, 0) < self.limits.per_tenant

    def _line_full(self, tenant: str) -> bool:
        """Whether the line has no place for another run of ``tenant``."""
        if len(self._waiting) >= self.limits.queued:
            return True
        held = sum(t == tenant for _, t in self._waiting)
        return held >= self.limits.queued_per_tenant

    def _start_waiting(self) -> list[str]:
        started: list[str] = []
        for run, tenant in list(self._waiting):
            if len(self._running) >= self.limits.per_process:
                break
            if self._may_start(tenant):
                self._waiting.remove((run, tenant))
                self._running[run] = tenant
                started.append(run)
        return started
