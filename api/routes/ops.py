"""Operations: liveness, readiness (the stores answer) and Prometheus metrics."""

from __future__ import annotations

import logging
import sqlite3
from typing import Any

import psycopg
from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST
from psycopg_pool import ConnectionPool
from sqlalchemy.exc import SQLAlchemyError

from api.deps import Ctx
from api.errors import ErrorBody
from api.metrics_access import check_metrics_access
from api.schemas import Health
from core.storage.blobs import BlobStoreError, S3Blobs

router = APIRouter(tags=["operations"])
log = logging.getLogger(__name__)


@router.get("/healthz", response_model=Health)
def healthz() -> Health:
    """The process answers."""
    return Health(status="ok")


@router.get("/readyz", response_model=Health, responses={503: {"model": Health}})
def readyz(ctx: Ctx) -> JSONResponse:
    """Ready when every store answers (API, keys, assets, threads; the asset bucket if any)."""
    checks = {
        "api": ctx.db.ping,
        "keys": ctx.keys.ping,
        "assets": lambda: ctx.runtime.services.assets.list(limit=1),
        "threads": lambda: _ping_checkpointer(ctx.runtime.graph.checkpointer),
    }
    blobs = ctx.runtime.services.assets.blobs
    if isinstance(blobs, S3Blobs):
        checks["bucket"] = blobs.ping
    results: dict[str, str] = {}
    for name, check in checks.items():
        try:
            check()
            results[name] = "ok"
        except (sqlite3.Error, SQLAlchemyError, psycopg.Error, OSError, BlobStoreError) as exc:
            log.warning("readiness check %s failed: %s", name, exc)
            results[name] = "unavailable"
    ok = all(v == "ok" for v in results.values())
    health = Health(status="ok" if ok else "unavailable", checks=results)
    return JSONResponse(health.model_dump(), status_code=200 if ok else 503)


def _ping_checkpointer(checkpointer: Any) -> None:
    """Query the checkpointer's database (an in-memory one is always ready)."""
    connection = getattr(checkpointer, "conn", None)
    if isinstance(connection, ConnectionPool):
        with connection.connection(timeout=5) as pooled:
            pooled.execute("SELECT 1").fetchall()
    elif isinstance(connection, sqlite3.Connection):
        with checkpointer.lock:
            connection.execute("SELECT 1").fetchall()


@router.get("/metrics", response_class=Response,
            responses={200: {"content": {CONTENT_TYPE_LATEST: {}}},
                       401: {"model": ErrorBody, "description": "No metrics key."},
                       403: {"model": ErrorBody, "description": "A tenant's API key."}})
def metrics(request: Request, ctx: Ctx) -> Response:
    """Prometheus metrics (requests, run and tool latency, errors, cost).

    With API keys on, send the metrics key (``ADSTUDIO_METRICS_KEY``) as bearer token; a
    tenant's key gets 403. Without a metrics key set, only direct connections from this
    machine are served; ``ADSTUDIO_METRICS_PUBLIC=true`` serves everyone. Health and
    readiness never need a secret, so probes need none.
    """
    check_metrics_access(request, ctx)
    return Response(ctx.metrics.exposition(), media_type=CONTENT_TYPE_LATEST)
