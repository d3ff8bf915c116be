"""The `adstudio` command: generate headless, chat in a terminal, documented options."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from PIL import Image
from typer.testing import CliRunner

from cli.app import app
from evals.recipes import bottle_on_white
from tests.media import save_jpeg

runner = CliRunner()
BRIEF = "Insulated steel water bottle, 750 ml, keeps drinks cold 24 h. Summer hiking campaign"


@pytest.fixture
def bottle(tmp_path: Path) -> Path:
    return save_jpeg(bottle_on_white()[0], tmp_path / "bottle.jpg", quality=85)


def test_generate_writes_four_ads_and_prints_their_paths(bottle: Path, tmp_path: Path) -> None:
    out = tmp_path / "ads"
    result = runner.invoke(app, ["generate", "--image", str(bottle), "--brief", BRIEF,
                                 "--out", str(out)])
    assert result.exit_code == 0, result.output
    printed = [Path(line) for line in result.stdout.splitlines() if line.endswith(".png")]
    assert len(printed) == 4 and all(p.parent == out and p.exists() for p in printed)
    assert Image.open(printed[0]).size == (1080, 1080)


def test_generate_json_prints_each_ads_copy_and_layout_boxes_in_its_pixels(
    bottle: Path, tmp_path: Path
) -> None:
    out = tmp_path / "ads"
    result = runner.invoke(app, ["generate", "-i", str(bottle), "-b", BRIEF, "-o", str(out),
                                 "--n", "2", "--format", "story", "--theme", "beach", "--json"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]  # nothing else on stdout
    assert len(records) == 2
    for record in records:
        image = Image.open(record["path"])
        assert image.size == (record["width"], record["height"]) == (1080, 1920)
        assert record["placement"] == "story" and record["theme"] == "beach"
        assert Path(record["path"]).name.startswith(f"ad-0{records.index(record) + 1}-beach-")
        assert record["asset_id"] in record["path"] and record["look"]["tone"]
        left, top, right, bottom = record["layout"]["product"]
        assert 0 <= left < right <= 1080 and 0 <= top < bottom <= 1920
        texts = {t["role"]: t for t in record["layout"]["texts"]}
        assert texts["headline"]["text"].strip()
        assert record["headline"] == texts["headline"]["text"]  # the copy as drawn
        for text in texts.values():
            tl, tt, tr, tb = text["box"]
            assert 0 <= tl < tr <= 1080 and 0 <= tt < tb <= 1920
            assert tr <= left or tl >= right or tb <= top or tt >= bottom  # text off the product


def test_generate_json_keeps_stdout_for_the_ads_when_other_assets_are_made(
    bottle: Path, tmp_path: Path
) -> None:
    result = runner.invoke(app, ["generate", "-i", str(bottle), "-o", str(tmp_path / "ads"),
                                 "-b", "Steel water bottle. Remove the background of this photo.",
                                 "--json"])
    assert result.exit_code in (0, 1), result.output
    assert "background removed:" in result.stderr  # the cutout is said, on stderr
    for line in result.stdout.splitlines():
        assert json.loads(line)["path"].endswith(".png")  # nothing but one object per ad


def test_generate_options_reach_the_agent(bottle: Path, tmp_path: Path) -> None:
    out = tmp_path / "stories"
    result = runner.invoke(app, ["generate", "-i", str(bottle), "-b", BRIEF, "-o", str(out),
                                 "--n", "2", "--format", "9:16", "--theme", "beach"])
    assert result.exit_code == 0, result.output
    files = sorted(out.glob("*.png"))
    assert len(files) == 2 and Image.open(files[0]).size == (1080, 1920)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "3:2"], "no ad placement called '3:2'"),
        (["--out", "/etc/hostname"], "is a file, not a folder"),
        (["--n", "50"], "Invalid value for '--n'"),
    ],
)
def test_generate_rejects_bad_options(bottle: Path, args: list[str], message: str) -> None:
    result = runner.invoke(app, ["generate", "-i", str(bottle), "-b", BRIEF, *args])
    assert result.exit_code == 2 and message in result.output


def test_generate_explains_a_broken_photo(tmp_path: Path) -> None:
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    result = runner.invoke(app, ["generate", "-i", str(broken), "-b", BRIEF])
    assert result.exit_code == 2
    assert "not a readable image" in result.output


def test_chat_reads_messages_from_stdin(bottle: Path) -> None:
    result = runner.invoke(app, ["chat", "--image", str(bottle)], input=f"{BRIEF}\n/quit\n")
    assert result.exit_code == 0, result.output
    assert "4 ad variations" in result.stdout
    assert "generate_ad_images" in result.output


@pytest.mark.parametrize("command", ["serve", "chat", "generate"])
def test_every_command_documents_its_options(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    for option in {"serve": ["--host", "--port", "--engine", "--data-dir"],
                   "chat": ["--image", "--thread", "--engine"],
                   "generate": ["--image", "--brief", "--out", "--n", "--theme", "--format"]}[
        command
    ]:
        assert option in result.output


# --- confirmation before paid work ------------------------------------------------------------

@pytest.fixture
def priced(monkeypatch: pytest.MonkeyPatch) -> None:
    """Local images at a test price of $0.50, so four ads ($2) pass the $1 threshold."""
    from core.settings import get_settings

    monkeypatch.setenv("ADSTUDIO_PRICES", '{"local/image": 0.5}')
    monkeypatch.setenv("ADSTUDIO_CONFIRM_ABOVE_USD", "1")
    monkeypatch.delenv("CI", raising=False)
    get_settings.cache_clear()


def test_generate_asks_before_spending_and_goes_on_when_confirmed(
    priced: None, bottle: Path, tmp_path: Path
) -> None:
    out = tmp_path / "ads"
    result = runner.invoke(app, ["generate", "-i", str(bottle), "-b", BRIEF, "-o", str(out)],
                           input="y\n")
    assert result.exit_code == 0, result.output
    assert "Spend about $2.00? [y/N]" in result.output
    assert len(list(out.glob("*.png"))) == 4
    assert "this turn: about $2.00" in result.output


def test_generate_without_an_answer_declines(priced: None, bottle: Path, tmp_path: Path) -> None:
    out = tmp_path / "ads"
    result = runner.invoke(app, ["generate", "-i", str(bottle), "-b", BRIEF, "-o", str(out)])
    assert result.exit_code == 1
    assert "declined: no answer (pass --yes" in result.output
    assert list(out.glob("*.png")) == []


def test_ci_declines_unless_yes_is_given(priced: None, bottle: Path, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    refused = runner.invoke(app, ["generate", "-i", str(bottle), "-b", BRIEF, "--n", "3",
                                  "-o", str(tmp_path / "no")], input="y\n")
    assert refused.exit_code == 1 and "declined: CI is set" in refused.output
    approved = runner.invoke(app, ["generate", "-i", str(bottle), "-b", BRIEF, "--n", "3",
                                   "-o", str(tmp_path / "yes"), "--yes"])
    assert approved.exit_code == 0, approved.output
    assert "approved by --yes: about $1.50" in approved.output
    assert len(list((tmp_path / "yes").glob("*.png"))) == 3


def test_chat_declines_when_told_no(priced: None, bottle: Path) -> None:
    result = runner.invoke(app, ["chat", "--image", str(bottle)], input=f"{BRIEF}\nn\n/quit\n")
    assert result.exit_code == 0, result.output
    assert "Spend about $2.00? [y/N]" in result.output
    assert "declined" in result.output and "4 ad variations" not in result.stdout


def test_animate_an_ad_made_by_generate(bottle: Path, tmp_path: Path) -> None:
    ads = tmp_path / "ads"
    made = runner.invoke(app, ["generate", "-i", str(bottle), "-b", BRIEF, "-o", str(ads),
                               "--n", "1", "--format", "300x250"])
    assert made.exit_code == 0, made.output
    ad = Path(made.stdout.split()[0])
    out = tmp_path / "live"
    result = runner.invoke(app, ["animate", "--image", str(ad), "--out", str(out),
                                 "--seconds", "3"])
    assert result.exit_code == 0, result.output
    printed = [Path(line) for line in result.stdout.splitlines()]
    assert [p.suffix for p in printed] == [".mp4", ".webp", ".png"]
    assert all(p.exists() and p.parent == out for p in printed)
    assert "moves as one picture" not in result.output  # found in the store: layered


def test_video_prints_the_storyboard_and_the_files(bottle: Path, tmp_path: Path) -> None:
    out = tmp_path / "video"
    result = runner.invoke(app, ["video", "-i", str(bottle), "-b", BRIEF, "--seconds", "6",
                                 "--format", "1080p", "--placement", "olv", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "storyboard" in result.output and "end_card" in result.output
    assert "Encoded at a constant 4.2 Mbps" in result.output  # the placement's notes
    assert "soundtrack" in result.output
    mp4 = [Path(line) for line in result.stdout.splitlines() if line.endswith(".mp4")]
    assert len(mp4) == 1 and mp4[0].stat().st_size > 6 * 4_000_000 / 8


def test_video_copy_meets_the_tenants_policy_and_is_audited(
    bottle: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The CLI's capability calls get the tenant's policy and the audit log, like the chat's."""
    policies = tmp_path / "policies"
    policies.mkdir()
    (policies / "tenant-acme.yaml").write_text("version: 9\n")
    monkeypatch.setenv("ADSTUDIO_POLICY_DIR", str(policies))
    monkeypatch.setenv("ADSTUDIO_TENANT", "acme")
    result = runner.invoke(app, ["video", "-i", str(bottle), "-b", BRIEF, "--seconds", "6",
                                 "--out", str(tmp_path / "video")])
    assert result.exit_code == 0, result.output
    with sqlite3.connect(tmp_path / "data" / "audit.sqlite") as db:
        checked = db.execute(
            "SELECT DISTINCT tenant, policy_version FROM audit WHERE subject = 'text'"
        ).fetchall()
    assert len(checked) == 1 and checked[0][0] == "acme", checked
    assert checked[0][1].endswith("+tenant-acme.9")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--seconds", "90"], "Invalid value for '--seconds'"),
        (["--format", "4:3"], "use one of"),
        (["--placement", "billboard"], "no video placement"),
    ],
)
def test_video_rejects_bad_options(bottle: Path, args: list[str], message: str) -> None:
    result = runner.invoke(app, ["video", "-i", str(bottle), "-b", BRIEF, *args])
    assert result.exit_code == 2 and message.lower() in result.output.lower(), result.output


def test_animate_refuses_a_file_that_is_not_an_image(tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("not an image")
    result = runner.invoke(app, ["animate", "--image", str(text)])
    assert result.exit_code == 2 and "notes.txt" in result.output
