"""Ad copy that looks like a spreadsheet formula gets a finding (issue 20).

A catalog headline ``=HYPERLINK("http://evil.example")`` was drawn on the ad as written with
no word to the user.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from batch.catalog import RowChecker
from batch.models import Product, RowDefaults
from core.plaintext import FORMULA_RULE, copy_findings
from core.settings import Settings
from core.storage.brandkit import BrandKitStore
from policy.text import load_policy


@pytest.mark.parametrize("copy", ['=HYPERLINK("http://evil.example")', "=1+1",
                                  " @SUM(1+1) polo", "+cmd(calc)", "-HYPERLINK(x)"])
def test_a_formula_looking_copy_gets_a_warning(copy: str) -> None:
    (finding,) = [f for f in copy_findings(copy) if f.rule_id == FORMULA_RULE]
    assert finding.severity == "warn" and "formula" in finding.reason


@pytest.mark.parametrize("copy", ["-20% off", "+50% more coffee", "@home comfort",
                                  "Buy 1 = get 2", "Save - now"])
def test_copy_that_only_starts_with_a_sign_is_words(copy: str) -> None:
    assert copy_findings(copy) == []


def test_a_catalog_headline_like_a_formula_gets_a_finding_in_the_batch(
    tmp_path: Path, settings: Settings
) -> None:
    photo = tmp_path / "mug.png"
    image = Image.new("RGB", (96, 128), (245, 245, 242))
    image.paste((40, 90, 110), (30, 20, 66, 120))
    image.save(photo)
    checker = RowChecker(base_dir=tmp_path, defaults=RowDefaults(), policy=load_policy(),
                         brand_kits=BrandKitStore(settings.data_dir / "kits.sqlite"),
                         max_bytes=2**20, max_pixels=10**6, tenant="acme")
    row = {"id": "A", "title": "Mug", "image": str(photo),
           "headline": '=HYPERLINK("http://evil.example")'}
    product = checker.check(2, row)
    assert isinstance(product, Product)  # harmless on an image: the row still makes ads
    assert FORMULA_RULE in [f.rule_id for f in product.findings]
