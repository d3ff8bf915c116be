"""Render the README gallery: sample ads (themes x formats) from the real sample photos.

Run with ``make gallery``; writes docs/gallery.jpg from the product photos in
tests/data/photos (see their SOURCE.md), so the gallery regenerates on any machine, offline.

``python -m docs.gallery sets`` writes docs/sets.jpg instead: the contact sheet of the
creative benchmark (:mod:`benchmarks.creative`), one row per sample photo, each the set of
four ads the agent makes from its brief, with each ad's theme and headline under it.
"""

from __future__ import annotations

import io
import sys
import tempfile
from pathlib import Path

from PIL import Image, ImageDraw

from engines.local.ad.compose import compose_ad
from engines.local.ad.recipe import Recipe
from engines.local.cutout import cut_out
from engines.local.typography.fonts import font
from tests.paths import PHOTOS

OUT = Path(__file__).with_name("gallery.jpg")
SETS_OUT = Path(__file__).with_name("sets.jpg")
CELL = 300  # height of one row, in pixels
ROWS = (  # photo, theme, headline, subline, the brief's product words
    ("bottles_pair.png", "hiking trail", "Stay cold. Go far.", "Keeps drinks cold for 24 h",
     "Insulated steel water bottles"),
    ("mug_black.jpg", "kitchen counter", "Your morning, upgraded", "Ceramic, 350 ml",
     "Black ceramic mug"),
    ("cap_gray.png", "city night bokeh", "After dark", "Washed cotton, one size",
     "Grey cotton cap"),
    ("tote_red.png", "back to school", "Room for it all", "Fits a 15 inch laptop",
     "Red canvas tote bag"),
    ("polo_red.jpg", "summer", "Made for long days", "Breathable cotton pique",
     "Red cotton polo shirt"),
    ("tshirt_blue.jpg", "wooden table", "Soft. Organic. Yours.", "100% organic cotton",
     "Blue organic cotton t-shirt"),
    ("hoodie_blue.jpg", "winter holidays", "Warm on the inside", "Brushed fleece lining",
     "Blue zip hoodie"),
)
FORMATS = ("square", "portrait", "story", "widescreen", "half-page")


def cell(product: Image.Image, theme: str, headline: str, subline: str, fmt: str,
         context: str = "") -> Image.Image:
    """One ad, scaled to the row height."""
    recipe = Recipe(theme=theme, format=fmt, headline=headline, subline=subline, cta="Shop now",
                    context=context)
    ad = compose_ad(product, recipe).image
    return ad.resize((round(ad.width * CELL / ad.height), CELL), Image.Resampling.LANCZOS)


def main() -> None:
    """Render the grid and save it."""
    rows = []
    for photo, theme, headline, subline, words in ROWS:
        with Image.open(PHOTOS / photo) as source:
            product = cut_out(source.convert("RGBA")).image
        cells = [cell(product, theme, headline, subline, fmt, words) for fmt in FORMATS]
        rows.append((theme, cells))
    gap, label = 12, 34
    width = sum(c.width for c in rows[0][1]) + gap * (len(FORMATS) + 1)
    height = len(rows) * (CELL + label) + gap * (len(rows) + 1)
    sheet = Image.new("RGB", (width, height), "#FFFFFF")
    pen = ImageDraw.Draw(sheet)
    y = gap
    for theme, cells in rows:
        x = gap
        pen.text((x, y), f"{theme}  ·  " + "  ·  ".join(FORMATS), fill="#333333",
                 font=font("lato", "regular", 20))
        for image in cells:
            sheet.paste(image, (x, y + label))
            x += image.width + gap
        y += CELL + label + gap
    sheet.save(OUT, quality=86, optimize=True)
    print(f"wrote {OUT} ({sheet.width}x{sheet.height})")


def sets_sheet() -> Image.Image:
    """One row per sample set of the creative benchmark: its four ads, labelled."""
    from agent.runtime import AgentRuntime
    from benchmarks.creative import SETS, make_set
    from core.settings import Settings
    from tests.paths import PHOTOS

    side, gap, label, caption = 320, 12, 30, 40
    small = font("lato", "regular", 15)
    with tempfile.TemporaryDirectory() as folder:
        runtime = AgentRuntime(Settings(data_dir=Path(folder) / "data"))
        rows = []
        for name, brief in SETS:
            records = make_set(runtime, PHOTOS / name, brief)
            cells = []
            for record in records:
                data = runtime.services.assets.read(record["asset_id"])
                with Image.open(io.BytesIO(data)) as ad:
                    cells.append((ad.convert("RGB").resize((side, side), Image.Resampling.LANCZOS),
                                  record))
            rows.append((name, brief, cells))
    width = 4 * side + 5 * gap
    height = len(rows) * (side + label + caption + gap) + gap
    sheet = Image.new("RGB", (width, height), "#FFFFFF")
    pen = ImageDraw.Draw(sheet)
    y = gap
    for name, brief, cells in rows:
        pen.text((gap, y + 4), f"{name}: {brief}"[:150], fill="#333333", font=small)
        x = gap
        for image, record in cells:
            sheet.paste(image, (x, y + label))
            head = next((t["text"] for t in record["layout"]["texts"]
                         if t["role"] == "headline"), "")
            pen.text((x, y + label + side + 3), str(record["theme"]), fill="#777777", font=small)
            pen.text((x, y + label + side + 20), head[:40], fill="#333333", font=small)
            x += side + gap
        y += side + label + caption + gap
    return sheet


def write_sets() -> None:
    """Render the sets' contact sheet and save it (JPEG)."""
    sheet = sets_sheet()
    sheet.save(SETS_OUT, quality=80, optimize=True)
    print(f"wrote {SETS_OUT} ({sheet.width}x{sheet.height}, {SETS_OUT.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    write_sets() if sys.argv[1:] == ["sets"] else main()
