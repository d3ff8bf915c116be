"""Where the tests find the repository and their data (real photos: BSD-3, see SOURCE.md)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
PHOTOS = DATA / "photos"
