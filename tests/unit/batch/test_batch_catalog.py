"""Reading and checking catalog rows: line numbers, every kind of bad row, defaults."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image

from batch.catalog import CatalogError, RowChecker, read_rows
from batch.models import Product, RowDefaults, RowProblem
from core.settings import Settings
from core.storage.brandkit import BrandKit, BrandKitStore
from policy.text import load_policy


@pytest.fixture
def photo(tmp_path: Path) -> Path:
    path = tmp_path / "bottle.png"
    image = Image.new("RGB", (96, 128), (245, 245, 242))
    image.paste((40, 90, 110), (30, 20, 66, 120))
    image.save(path)
    return path


@pytest.fixture
def checker(tmp_path: Path, settings: Settings) -> RowChecker:
    kits = BrandKitStore(settings.data_dir / "brand_kits.sqlite")
    kits.save("acme", BrandKit(colors=["#FF6600"]))
    return RowChecker(base_dir=tmp_path, defaults=RowDefaults(variations=3),
                      policy=load_policy(), brand_kits=kits, max_bytes=2**20,
                      max_pixels=10**6, tenant="acme")


def check_all(checker: RowChecker, path: Path) -> list[Product | RowProblem]:
    return [checker.check(line, raw) for line, raw in read_rows(path)]


def test_csv_rows_carry_the_line_they_start_on(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text('id,title,description\n\nA,One,"two\nlines"\nB,Two,\n', encoding="utf-8")
    rows = list(read_rows(path))
    assert [line for line, _ in rows] == [3, 5]
    assert rows[0][1] == {"id": "A", "title": "One", "description": "two\nlines"}


def test_csv_header_with_unknown_columns_is_refused_before_any_row(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("id,title,colour\nA,One,red\n", encoding="utf-8")
    with pytest.raises(CatalogError, match="colour"):
        list(read_rows(path))


def test_aliases_and_case_of_columns_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("SKU,Name,Image Path,Placement\nA,One,a.png,story\n", encoding="utf-8")
    assert list(read_rows(path)) == [
        (2, {"id": "A", "title": "One", "image": "a.png", "placements": "story"})
    ]


def test_jsonl_bad_lines_are_row_problems_with_their_line(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_text('{"id": "A", "title": "x"}\n\n{oops\n[1, 2]\n', encoding="utf-8")
    rows = list(read_rows(path))
    assert [line for line, _ in rows] == [1, 3, 4]
    assert "not valid JSON" in str(rows[1][1])
    assert rows[2][1] == "each line must be one JSON object"


def test_a_file_that_is_not_a_catalog_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="not a catalog"):
        list(read_rows(tmp_path / "products.xlsx"))
    with pytest.raises(CatalogError, match="no catalog"):
        list(read_rows(tmp_path / "missing.csv"))


def test_every_kind_of_bad_row_is_reported_with_its_line(
    tmp_path: Path, photo: Path, checker: RowChecker
) -> None:
    (tmp_path / "broken.jpg").write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 40)
    (tmp_path / "notes.png").write_text("not an image")
    truncated = tmp_path / "truncated.png"
    truncated.write_bytes(photo.read_bytes()[:300])
    rows = [
        {"id": "ok-1", "title": "Steel bottle", "image": "bottle.png"},
        {"id": "no-photo", "title": "Mug", "image": "missing.jpg"},
        {"id": "broken", "title": "Mug", "image": "broken.jpg"},
        {"id": "text", "title": "Mug", "image": "notes.png"},
        {"id": "cut", "title": "Mug", "image": "truncated.png"},
        {"id": "empty", "title": "  ", "image": "bottle.png"},
        {"id": "bad id/slash", "title": "Mug", "image": "bottle.png"},
        {"id": "gun", "title": "Hunting rifle", "image": "bottle.png"},
        {"id": "kit", "title": "Mug", "image": "bottle.png", "brand_kit": "nobody"},
        {"id": "where", "title": "Mug", "image": "bottle.png", "placements": "moon"},
    ]
    path = tmp_path / "c.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    checked = check_all(checker, path)
    assert isinstance(checked[0], Product)
    problems = {p.line: p.message for p in checked if isinstance(p, RowProblem)}
    assert sorted(problems) == list(range(2, 11))
    assert problems[2].startswith("image not found")
    assert "cannot be read" in problems[3] and "cannot be read" in problems[4]
    assert "truncated" in problems[5]
    assert problems[6] == "title is empty"
    assert "letters, digits" in problems[7]
    assert "ad policy" in problems[8] and "prohibited.weapons" in problems[8]
    assert "brand_kit 'nobody' is another tenant's" in problems[9]
    assert "moon" in problems[10]


def test_defaults_fill_empty_cells_and_lists_are_split(
    tmp_path: Path, photo: Path, checker: RowChecker
) -> None:
    path = tmp_path / "c.csv"
    path.write_text(
        "id,title,bullets,image,placements,variations,brand_kit,animate\n"
        "A,Bottle,750 ml | Leak-proof,bottle.png,,,,\n"
        "B,Bottle,,bottle.png,story;300x250,2,acme,yes\n", encoding="utf-8")
    first, second = check_all(checker, path)
    assert isinstance(first, Product) and isinstance(second, Product)
    assert (first.placements, first.variations, first.animate) == (["square"], 3, False)
    assert first.bullets == ["750 ml", "Leak-proof"]
    assert first.image == photo
    assert (second.placements, second.variations) == (["story", "medium-rectangle"], 2)
    assert second.brand_kit == "acme" and second.animate is True


def test_policy_warnings_travel_with_the_product(
    tmp_path: Path, photo: Path, checker: RowChecker
) -> None:
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps({"id": "A", "title": "The world's best bottle",
                                "image": str(photo)}) + "\n", encoding="utf-8")
    (product,) = check_all(checker, path)
    assert isinstance(product, Product)
    assert product.findings and all(f.severity != "block" for f in product.findings)


def test_seed_is_stable_per_product_id(photo: Path) -> None:
    def make(pid: str) -> Product:
        return Product(id=pid, title="t", image=photo, placements=["square"], variations=1)

    assert make("A").base_seed() == make("A").base_seed() != make("B").base_seed()


def test_a_row_may_only_name_the_running_tenants_own_brand_kit(
    tmp_path: Path, photo: Path, checker: RowChecker
) -> None:
    kits = checker.brand_kits
    kits.save("rival", BrandKit(colors=["#00AA00"]))  # exists, but is not ours
    path = tmp_path / "c.csv"
    path.write_text("id,title,image,brand_kit\nA,Mug,bottle.png,rival\nB,Mug,bottle.png,acme\n"
                    "C,Mug,bottle.png,\n", encoding="utf-8")
    rival, own, default = check_all(checker, path)
    assert isinstance(rival, RowProblem) and rival.line == 2
    assert "another tenant's" in rival.message and "ADSTUDIO_TENANT=rival" in rival.message
    assert isinstance(own, Product) and own.brand_kit == "acme"
    assert isinstance(default, Product) and default.brand_kit is None

    newcomer = RowChecker(base_dir=tmp_path, defaults=RowDefaults(), policy=load_policy(),
                          brand_kits=kits, max_bytes=2**20, max_pixels=10**6, tenant="newco")
    missing = newcomer.check(2, {"id": "A", "title": "Mug", "image": "bottle.png",
                                 "brand_kit": "newco"})
    assert isinstance(missing, RowProblem)
    assert "tenant 'newco' has no saved brand kit yet" in missing.message


def test_markup_in_a_rows_headline_or_button_is_a_problem_of_that_row(
    tmp_path: Path, photo: Path, checker: RowChecker
) -> None:
    path = tmp_path / "c.jsonl"
    rows = [{"id": "A", "title": "Mug", "image": str(photo), "cta": "<b>Buy</b>"},
            {"id": "B", "title": "Mug", "image": str(photo), "headline": "<script>x</script>Hi"},
            {"id": "C", "title": "<img src=x onerror=alert(1)> Mug", "image": str(photo)}]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    first, second, third = check_all(checker, path)
    assert isinstance(first, RowProblem) and "copy.markup" in first.message
    assert "'Buy'" in first.message
    assert isinstance(second, RowProblem) and "copy.markup" in second.message
    assert isinstance(third, Product)  # product text is data: its markup is taken out later
