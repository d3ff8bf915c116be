"""The API's answer to a database error: 503 with Retry-After when it is not answering, else 500."""

from __future__ import annotations

import psycopg
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.exc import OperationalError

from api.errors import install_error_handlers


def _client() -> TestClient:
    app = FastAPI()
    install_error_handlers(app)

    @app.get("/down")
    def down() -> None:
        raise OperationalError("SELECT 1", {}, psycopg.OperationalError("connection refused"))

    @app.get("/too-big")
    def too_big() -> None:
        raise OperationalError("INSERT", {}, psycopg.errors.ProgramLimitExceeded(
            "index row size 9000 exceeds btree version 4 maximum 2704"))

    return TestClient(app, raise_server_exceptions=False)


def test_a_database_that_does_not_answer_is_503_and_a_statement_that_cannot_work_is_500() -> None:
    client = _client()
    down = client.get("/down")
    assert down.status_code == 503 and down.json()["error"]["code"] == "database_unavailable"
    assert int(down.headers["Retry-After"]) >= 1
    too_big = client.get("/too-big")  # the same again in 5 s would fail the same way
    assert too_big.status_code == 500 and too_big.json()["error"]["code"] == "internal"
    assert "Retry-After" not in too_big.headers
