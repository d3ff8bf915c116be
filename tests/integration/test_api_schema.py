"""Schemathesis against the live /openapi.json: no 5xx, answers that match the schema."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from agent.runtime import AgentRuntime
from api.auth import key_store
from core.settings import Settings
from tests.servers import serve_api

pytestmark = pytest.mark.integration
# A thread's event stream never ends by design (a console keeps it open), so it cannot be
# fuzzed request by request; test_api_runs covers it.
ENDLESS = "/v1/threads/{thread_id}/events"
CHECKS = ("not_a_server_error,status_code_conformance,content_type_conformance,"
          "response_headers_conformance,response_schema_conformance")


def test_the_api_keeps_its_openapi_contract(
    settings: Settings, runtime: AgentRuntime, tmp_path: Path
) -> None:
    keyed = settings.with_changes(api_auth="keys", api_runs_per_minute=5)
    _record, key = key_store(keyed).create("fuzz")
    with serve_api(runtime, settings=keyed) as api:
        result = subprocess.run(
            [str(Path(sys.executable).with_name("schemathesis")), "run",
             f"{api.url}/openapi.json", "--checks", CHECKS, "--exclude-path", ENDLESS,
             "--max-examples", "4", "--seed", "7", "--generation-database", "none",
             "--phases", "examples,fuzzing", "--request-timeout", "30",
             "--header", f"Authorization: Bearer {key}", "--no-color", "--warnings", "off"],
            capture_output=True, text=True, timeout=240, cwd=tmp_path,
        )
    output = result.stdout + result.stderr
    assert result.returncode == 0 and "No issues found" in output, output[-6000:]
    generated = re.search(r"(\d+) generated, (\d+) passed", output)
    assert generated and generated[1] == generated[2] and int(generated[1]) >= 19, output[-3000:]
