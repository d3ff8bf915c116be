"""The creative variety report: what it counts as the same theme, headline, layout and palette."""

from __future__ import annotations

from typing import Any

import pytest

from benchmarks.creative import box_iou, same_layout, variety


def ad(product: list[int], headline: list[int] | None, text: str = "Go far.",
       theme: str = "studio", backdrop: str = "#DADAD9") -> dict[str, Any]:
    """One ad as ``adstudio generate --json`` prints it, on a 1000x1000 canvas."""
    texts = [{"role": "headline", "text": text, "box": headline}] if headline else []
    return {"width": 1000, "height": 1000, "theme": theme,
            "layout": {"product": product, "texts": texts, "logo": None},
            "look": {"backdrop": backdrop, "colors": ["white"], "tone": "light"}}


def test_boxes_overlap_as_intersection_over_union() -> None:
    assert box_iou([0, 0, 10, 10], [0, 0, 10, 10]) == 1.0
    assert box_iou([0, 0, 10, 10], [5, 0, 15, 10]) == pytest.approx(50 / 150)
    assert box_iou([0, 0, 10, 10], [20, 20, 30, 30]) == 0.0
    assert box_iou(None, [0, 0, 1, 1]) == 0.0


def test_one_concept_four_times_counts_as_one_of_each() -> None:
    same = [ad([400, 300, 600, 900], [100, 80, 900, 150]) for _ in range(4)]
    found = variety(same)
    assert (found.ads, found.themes, found.headlines, found.layouts) == (4, 1, 1, 1)
    assert found.palette == 0.0 and found.scale == (0.6, 0.6) and found.sizes == 1


def test_four_concepts_differ_in_theme_headline_layout_palette_and_scale() -> None:
    sets = [
        ad([400, 300, 600, 900], [100, 80, 900, 150], "Cold for 24 hours", "studio", "#DADAD9"),
        ad([100, 200, 400, 950], [550, 300, 950, 500], "Light on the trail", "hiking-trail",
           "#7A8F6B"),
        ad([600, 200, 900, 950], [50, 300, 450, 500], "Meet the bottle", "beach", "#E9D8B4"),
        ad([300, 100, 700, 700], [100, 800, 900, 880], "Go further.", "city-night-bokeh",
           "#2B2D52"),
    ]
    found = variety(sets)
    assert (found.themes, found.headlines, found.layouts) == (4, 4, 4)
    assert found.palette > 10 and found.scale == (0.6, 0.75)
    assert found.sizes == 2  # 0.6 three times (one size), 0.75


def test_a_small_shift_is_the_same_layout_and_headline_case_does_not_count() -> None:
    a = ad([400, 300, 600, 900], [100, 80, 900, 150], "Go far.")
    b = ad([405, 300, 605, 900], [100, 82, 900, 152], "GO FAR.")
    assert same_layout(a, b)
    assert variety([a, b]).headlines == 1 and variety([a, b]).layouts == 1
    with pytest.raises(ValueError, match="no ads"):
        variety([])
