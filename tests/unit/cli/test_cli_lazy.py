"""The `adstudio` command starts light: help and `check` load no agent, API, evals or engine."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.paths import ROOT

HEAVY = (
    "agent.runtime", "api.app", "evals.runner", "batch.run", "tools.services", "engines.local",
    "gradio", "langgraph", "langchain_core", "langsmith", "cv2", "numpy", "PIL", "uvicorn",
    "boto3",
)
COMMANDS = (
    "batch", "serve", "chat", "generate", "animate", "video", "check", "doctor", "themes",
    "placements", "mcp", "keys", "eval", "review", "cutout", "verify",
)
# Runs the command in this interpreter, then reports its exit code and the heavy modules
# it loaded on stderr's last line (stdout stays the command's own).
RUN = """
import json, sys
heavy = {heavy!r}
sys.argv = ["adstudio", *{args!r}]
code = 0
try:
    from cli.app import main
    {call}
except SystemExit as exc:
    code = exc.code
loaded = sorted(m for m in sys.modules if any(m == h or m.startswith(h + ".") for h in heavy))
print(json.dumps({{"code": code, "loaded": loaded}}), file=sys.stderr)
"""


def run(args: list[str], call: str = "main()") -> tuple[int, str, list[str]]:
    """Run ``adstudio ARGS`` in a fresh interpreter: exit code, stdout, heavy modules loaded."""
    script = RUN.format(heavy=HEAVY, args=args, call=call)
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, check=False)
    report = json.loads(done.stderr.strip().splitlines()[-1])
    return report["code"], done.stdout, report["loaded"]


def test_importing_the_command_loads_nothing_heavy() -> None:
    code, _, loaded = run([], call="pass")
    assert code == 0 and loaded == []


def test_help_lists_every_command_without_loading_them() -> None:
    code, stdout, loaded = run(["--help"])
    assert code == 0 and loaded == []
    listed = {line.strip("│ ").split(" ")[0] for line in stdout.splitlines()}
    assert set(COMMANDS) <= listed


@pytest.mark.parametrize(
    ("text", "code", "first"),
    [
        ("The #1 bottle. Craft beer, only 2 left!!!", 1,
         'rewrite claims.unsubstantiated [0:6] "The #1"'),
        ("Colder than a Hydro Flask", 0, "warn trademark.competitor"),
        ("Insulated steel bottle, 750 ml", 0, ""),
    ],
)
def test_check_gives_its_verdicts_without_loading_the_agent(
    text: str, code: int, first: str
) -> None:
    exit_code, stdout, loaded = run(["check", text])
    # numpy comes with the policy's learned reader (policy/semantic.py), nothing else heavy
    assert exit_code == code and [m for m in loaded if m.split(".")[0] != "numpy"] == []
    assert stdout.startswith(first) and (stdout != "") == (first != "")
