"""Prometheus metrics: requests, run and tool latency, errors and cost (one registry per app)."""

from __future__ import annotations

import time

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from agent.events import CostEvent, ErrorEvent, Event, ToolEndEvent
from api.runs import RunInfo

_LATENCY_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300)


class Metrics:
    """The API's metrics in their own registry (several apps may live in one process)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "adstudio_http_requests", "HTTP requests by method, route template and status.",
            ["method", "route", "status"], registry=self.registry,
        )
        self.request_seconds = Histogram(
            "adstudio_http_request_seconds", "Time to the response headers, by route.",
            ["route"], registry=self.registry, buckets=_LATENCY_BUCKETS,
        )
        self.run_seconds = Histogram(
            "adstudio_run_seconds", "Duration of agent runs, by kind and final status.",
            ["kind", "status"], registry=self.registry, buckets=_LATENCY_BUCKETS,
        )
        self.tool_seconds = Histogram(
            "adstudio_tool_seconds", "Duration of tool calls, by tool.", ["tool", "ok"],
            registry=self.registry, buckets=_LATENCY_BUCKETS,
        )
        self.errors = Counter(
            "adstudio_errors", "Errors: run error events and 5xx responses.", ["source"],
            registry=self.registry,
        )
        self.cost_usd = Counter(
            "adstudio_cost_usd", "Estimated USD of finished turns (cost events).", ["engine"],
            registry=self.registry,
        )

    def observe_event(self, event: Event) -> None:
        """Count what a run event tells (tool latency, errors, turn cost)."""
        if isinstance(event, ToolEndEvent) and event.seconds is not None:
            self.tool_seconds.labels(event.name, str(event.ok).lower()).observe(event.seconds)
        elif isinstance(event, ErrorEvent):
            self.errors.labels("run").inc()
        elif isinstance(event, CostEvent) and event.scope == "turn":
            self.cost_usd.labels(event.engine or "unknown").inc(event.usd)

    def observe_run(self, run: RunInfo, seconds: float) -> None:
        """Record a finished run."""
        self.run_seconds.labels(run.kind, run.status).observe(seconds)

    def exposition(self) -> bytes:
        """The metrics in Prometheus' text format."""
        return generate_latest(self.registry)


def route_template(scope: Scope) -> str:
    """The template of the route that handled a request (``/v1/threads/{thread_id}``).

    The router records the matched route in the scope; a mount (the UI) counts as its
    prefix, and a request no route matched as ``unmatched``.
    """
    route = scope.get("route")
    return str(getattr(route, "path", "") or "unmatched")


class MetricsMiddleware:
    """ASGI middleware counting requests by route template and status.

    Args:
        app: The wrapped application.
        metrics: Where to count.
    """

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app, self.metrics = app, metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Time the request to its response headers and count it."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started, status = time.perf_counter(), 500

        async def counting_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
                self.metrics.request_seconds.labels(route_template(scope)).observe(
                    time.perf_counter() - started)
            await send(message)

        try:
            await self.app(scope, receive, counting_send)
        finally:
            route = route_template(scope)
            self.metrics.requests.labels(scope["method"], route, str(status)).inc()
            if status >= 500:
                self.metrics.errors.labels("http").inc()
