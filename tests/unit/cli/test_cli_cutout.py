"""``adstudio cutout``: a transparent PNG of the product written where asked, or a message."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from typer.testing import CliRunner

from cli.app import app
from evals.recipes import bottle_on_white
from tests.hand_photos import held_product
from tests.media import save_jpeg

runner = CliRunner()


@pytest.fixture
def bottle(tmp_path: Path) -> Path:
    return save_jpeg(bottle_on_white()[0], tmp_path / "bottle.jpg", quality=90)


def assert_cutout(path: Path) -> None:
    """An RGBA PNG of the photo's size: transparent corners, an opaque product centre."""
    png = Image.open(path)
    assert png.format == "PNG" and png.mode == "RGBA"
    photo, mask = bottle_on_white()
    assert png.size == photo.size
    alpha = np.asarray(png.getchannel("A"))
    h, w = alpha.shape
    assert alpha[0, 0] == alpha[0, w - 1] == alpha[h - 1, 0] == alpha[h - 1, w - 1] == 0
    rows, cols = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    assert alpha[(rows[0] + rows[-1]) // 2, (cols[0] + cols[-1]) // 2] == 255


def test_cutout_writes_a_transparent_png_and_prints_its_path(
    bottle: Path, tmp_path: Path
) -> None:
    out = tmp_path / "new" / "folder" / "bottle.png"
    result = runner.invoke(app, ["cutout", "--image", str(bottle), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [str(out)]
    assert "confidence" in result.output
    assert "no doubts" in result.output  # what the figure means, for a clean drawn bottle
    assert_cutout(out)


def test_png_is_added_to_a_name_without_it(bottle: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["cutout", "-i", str(bottle), "-o", str(tmp_path / "bottle")])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str(tmp_path / "bottle.png")
    assert_cutout(tmp_path / "bottle.png")


@pytest.mark.parametrize("name", ["bottle.jpg", "folder"])
def test_a_format_without_transparency_or_a_folder_is_refused(
    bottle: Path, tmp_path: Path, name: str
) -> None:
    (tmp_path / "folder").mkdir()
    result = runner.invoke(app, ["cutout", "-i", str(bottle), "-o", str(tmp_path / name)])
    assert result.exit_code == 2 and "--out" in result.output
    assert [p.name for p in (tmp_path / "folder").iterdir()] == []


def test_a_folder_named_like_the_png_is_never_overwritten(bottle: Path, tmp_path: Path) -> None:
    (tmp_path / "cut.png").mkdir()
    result = runner.invoke(app, ["cutout", "-i", str(bottle), "-o", str(tmp_path / "cut.png")])
    assert result.exit_code == 2 and (tmp_path / "cut.png").is_dir()


def test_a_broken_file_is_a_message_and_exit_1(tmp_path: Path) -> None:
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    out = tmp_path / "out.png"
    result = runner.invoke(app, ["cutout", "-i", str(broken), "-o", str(out)])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)  # no crash
    assert "not a readable image" in result.output and "Traceback" not in result.output
    assert not out.exists()


def test_a_missing_file_is_a_message_and_exit_1(tmp_path: Path) -> None:
    result = runner.invoke(app, ["cutout", "-i", str(tmp_path / "nope.jpg"),
                                 "-o", str(tmp_path / "out.png")])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert "nope.jpg" in result.output


def test_a_photo_without_a_product_is_a_message_with_a_hint(tmp_path: Path) -> None:
    blank = tmp_path / "blank.png"
    Image.new("RGB", (400, 400), "white").save(blank)
    out = tmp_path / "out.png"
    result = runner.invoke(app, ["cutout", "-i", str(blank), "-o", str(out)])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert "product" in result.output
    assert "transparent background" in " ".join(result.output.split())  # the hint
    assert not out.exists()


def test_doubts_are_printed_as_warnings(
    bottle: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from engines.local.cutout import Cutout
    from engines.local.images import LocalImageEngine

    doubt = "the product's edge is faint against the background"

    def doubtful(
        self: LocalImageEngine, photo: Image.Image, box: tuple[int, ...] | None = None
    ) -> Cutout:
        product = Image.new("RGBA", (100, 100), (50, 50, 50, 255))
        return Cutout(product, (350, 450, 450, 550), "learned", 0.3, (doubt,))

    monkeypatch.setattr(LocalImageEngine, "remove_background", doubtful)
    result = runner.invoke(app, ["cutout", "-i", str(bottle), "-o", str(tmp_path / "c.png")])
    assert result.exit_code == 0, result.output
    printed = " ".join(result.output.split())
    assert "warning:" in printed and doubt in printed and "0.30" in printed


def test_help_documents_the_options() -> None:
    result = runner.invoke(app, ["cutout", "--help"])
    assert result.exit_code == 0
    for option in ("--image", "--out", "--engine", "--data-dir"):
        assert option in result.output


def test_the_photo_itself_is_never_overwritten(tmp_path: Path) -> None:
    photo = tmp_path / "bottle.png"
    bottle_on_white()[0].save(photo)
    before = photo.read_bytes()
    result = runner.invoke(app, ["cutout", "-i", str(photo), "-o", str(photo)])
    assert result.exit_code == 2 and "the photo itself" in " ".join(result.output.split())
    assert photo.read_bytes() == before


@pytest.mark.parametrize("out", [".", "..", ""])
def test_a_folder_like_out_is_a_usage_error_not_a_crash(tmp_path: Path, out: str) -> None:
    photo = tmp_path / "bottle.png"
    bottle_on_white()[0].save(photo)
    result = runner.invoke(app, ["cutout", "-i", str(photo), "-o", out])
    assert result.exit_code == 2 and "folder" in result.output
    assert not isinstance(result.exception, ValueError)


def test_a_box_keeps_only_what_is_inside_it(tmp_path: Path) -> None:
    pixels = np.full((600, 900, 3), 247, np.uint8)
    pixels[150:450, 100:350] = (200, 40, 40)
    pixels[200:420, 560:760] = (40, 70, 190)
    photo = tmp_path / "two.png"
    Image.fromarray(pixels).save(photo)
    out = tmp_path / "blue.png"
    result = runner.invoke(app, ["cutout", "-i", str(photo), "-o", str(out),
                                 "--box", "520,170,800,450"])
    assert result.exit_code == 0, result.output
    alpha = np.asarray(Image.open(out))[..., 3]
    assert alpha[300, 660] == 255 and alpha[300, 200] == 0


@pytest.mark.parametrize("box", ["1,2,3", "a,b,c,d", "10,10,5,50"])
def test_a_malformed_box_is_a_usage_error(tmp_path: Path, box: str) -> None:
    photo = tmp_path / "bottle.png"
    bottle_on_white()[0].save(photo)
    result = runner.invoke(app, ["cutout", "-i", str(photo), "-o", str(tmp_path / "o.png"),
                                 "--box", box])
    assert result.exit_code == 2 and "--box" in result.output


def test_remove_hand_on_the_local_engine_says_why_not_and_writes_nothing(
    tmp_path: Path,
) -> None:
    held = save_jpeg(held_product("dark").photo, tmp_path / "held.jpg", quality=90)
    out = tmp_path / "held.png"
    result = runner.invoke(app, ["cutout", "-i", str(held), "-o", str(out), "--remove-hand"])
    assert result.exit_code == 1 and "cannot remove the hand" in result.output
    assert "without a hand" in result.output and not out.exists()


def test_a_box_marked_on_the_photo_in_the_ui_is_said_in_one_line(
    bottle: Path, tmp_path: Path
) -> None:
    from core.settings import Settings
    from core.storage.seed_box import mark_product
    from tools.services import build_services

    data = tmp_path / "data"
    first = runner.invoke(app, ["cutout", "-i", str(bottle), "-o", str(tmp_path / "a.png"),
                                "--data-dir", str(data)])
    assert first.exit_code == 0 and "box marked on this photo" not in first.output
    services = build_services(Settings(data_dir=data))
    tenant = services.settings.tenant
    photo = next(a for a in services.assets.list(tenant) if a.kind == "product_photo")
    mark_product(services.assets, photo.id, [250, 100, 550, 950], tenant)
    again = runner.invoke(app, ["cutout", "-i", str(bottle), "-o", str(tmp_path / "b.png"),
                                "--data-dir", str(data)])
    assert again.exit_code == 0, again.output
    lines = [line for line in again.output.splitlines() if "250, 100, 550, 950" in line]
    assert len(lines) == 1 and "box marked on this photo" in lines[0]
