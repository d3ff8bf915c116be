"""`adstudio check`: the ad policy from the command line, exit 1 on a block."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image
from typer.testing import CliRunner

from cli.app import app
from core.settings import get_settings

runner = CliRunner()


def test_findings_are_printed_one_per_line_and_a_block_exits_1() -> None:
    result = runner.invoke(app, ["check", "The #1 bottle. Craft beer, only 2 left!!!"])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith('rewrite claims.unsubstantiated [0:6] "The #1": Ranking claims')
    assert "(suggest: A customer favourite)" in lines[0] and " → Cite the source" in lines[0]
    assert lines[1].startswith('block restricted.alcohol [15:25] "Craft beer"')
    assert lines[2].startswith('rewrite urgency.scarcity [27:41] "only 2 left!!!"')
    assert lines[2].endswith("(suggest: while stocks last)") and len(lines) == 3


def test_warnings_alone_exit_0_and_clean_copy_prints_nothing() -> None:
    warned = runner.invoke(app, ["check", "Colder than a Hydro Flask"])
    assert warned.exit_code == 0 and warned.stdout.startswith("warn trademark.competitor")
    clean = runner.invoke(app, ["check", "Insulated steel bottle, 750 ml"])
    assert clean.exit_code == 0 and clean.stdout == ""


def test_allow_turns_a_restricted_block_into_a_warning() -> None:
    result = runner.invoke(app, ["check", "Craft beer, mixed case", "--allow", "alcohol"])
    assert result.exit_code == 0 and result.stdout.startswith("warn restricted.alcohol")


def test_json_lists_findings_with_the_policy_version() -> None:
    result = runner.invoke(app, ["check", "--json", "Mail bob@example.com"])
    assert result.exit_code == 0
    payload = json.loads(result.stdout)
    assert payload["policy_version"] == "2026.12-2" and payload["blocked"] is False
    assert [(f["rule_id"], f["span"]) for f in payload["findings"]] == [("pii.email", [5, 20])]


def test_text_comes_from_a_file_or_stdin(tmp_path: Path) -> None:
    copy = tmp_path / "copy.txt"
    copy.write_text("This tea cures cancer.", encoding="utf-8")
    assert runner.invoke(app, ["check", "--file", str(copy)]).exit_code == 1
    piped = runner.invoke(app, ["check", "--file", "-"], input="Lose 10 lbs in 7 days")
    assert piped.exit_code == 1 and "health.weight_loss" in piped.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [([], "give the ad text"), (["--file", "/no/such/copy.txt"], "cannot read"),
     (["beer", "--allow", "weapons"], "no restricted category")],
)
def test_usage_errors_exit_2_with_a_message(args: list[str], message: str) -> None:
    result = runner.invoke(app, ["check", *args])
    assert result.exit_code == 2 and message in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_tenant_overrides_come_from_the_policy_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "tenant-brewco.yaml").write_text("allow_restricted: [alcohol]\n", "utf-8")
    monkeypatch.setenv("ADSTUDIO_POLICY_DIR", str(tmp_path))
    get_settings.cache_clear()
    result = runner.invoke(app, ["check", "--json", "--tenant", "brewco", "Craft beer"])
    assert result.exit_code == 0
    payload = json.loads(result.stdout)
    assert payload["policy_version"] == "2026.12-2+tenant-brewco"
    assert payload["findings"][0]["severity"] == "warn"


def test_an_image_is_checked_against_its_placement(tmp_path: Path) -> None:
    ad = tmp_path / "ad.png"
    Image.new("RGB", (1080, 1080), (200, 180, 150)).save(ad)
    fits = runner.invoke(app, ["check", "--image", str(ad), "--placement", "square", "--json"])
    assert fits.exit_code == 0, fits.output
    assert json.loads(fits.stdout)["findings"] == []
    story = runner.invoke(app, ["check", "--image", str(ad), "--placement", "story"])
    assert "image.aspect" in story.stdout


def test_a_broken_image_is_a_usage_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"\x89PNG not really")
    result = runner.invoke(app, ["check", "--image", str(broken)])
    assert result.exit_code == 2 and "not a readable image" in result.output


def test_an_unknown_placement_is_blamed_on_the_placement(tmp_path: Path) -> None:
    ad = tmp_path / "ad.png"
    Image.new("RGB", (1080, 1080), (200, 180, 150)).save(ad)
    result = runner.invoke(app, ["check", "--image", str(ad), "--placement", "nosuch"])
    assert result.exit_code == 2
    assert "--placement" in result.output and "nosuch" in result.output
    assert "--image" not in result.output
