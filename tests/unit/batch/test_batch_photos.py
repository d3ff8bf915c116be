"""What a batch step stores and applies: the photo as a chat upload is, the tenant's own kit."""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path

import pytest
from PIL import Image

from agent.runtime import AgentRuntime
from batch.models import Product, StepTask
from batch.steps import stored_photo
from batch.worker import run_step
from core.settings import Settings
from core.storage.brandkit import BrandKit
from core.storage.uploads import store_image
from tools.services import Services

GPS = 0x8825
ORIENTATION = 0x0112
RED = (220, 30, 30)


def sideways_jpeg(path: Path) -> Path:
    """A 300x200 JPEG stored on its side (EXIF orientation 6) with a GPS position.

    Upright it is 200x300, and the red corner (top left as stored) is at the top right.
    """
    image = Image.new("RGB", (300, 200), (240, 240, 236))
    image.paste(RED, (0, 0, 60, 60))
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    exif[GPS] = {1: "N", 2: (48.0, 51.0, 24.0), 3: "E", 4: (2.0, 21.0, 3.0)}
    image.save(path, "JPEG", exif=exif.tobytes(), quality=95)
    return path


def task(settings: Settings, product: Product, step: str = "generate_ad_images") -> StepTask:
    return StepTask(job="job_t", product=product, step=step, inputs={}, settings=settings,
                    out=str(settings.data_dir.parent / "out"))


def product(image: Path, **fields: object) -> Product:
    return Product.model_validate({"id": "P1", "title": "Steel bottle", "image": image,
                                   "placements": ["mobile-banner"], "variations": 1, **fields})


def test_a_sideways_jpeg_with_gps_is_stored_upright_without_exif_as_a_chat_upload_is(
    tmp_path: Path, settings: Settings, services: Services, runtime: AgentRuntime
) -> None:
    path = sideways_jpeg(tmp_path / "bottle.jpg")
    raw = Image.open(path)
    assert raw.getexif()[ORIENTATION] == 6 and GPS in raw.getexif()

    batch = stored_photo(task(settings, product(path)), services)
    data = services.assets.read(batch.id)
    stored = Image.open(io.BytesIO(data))
    assert (stored.format, batch.mime) == ("JPEG", "image/jpeg")  # its own format, re-encoded
    assert stored.size == (batch.width, batch.height) == (200, 300)  # upright
    assert stored.convert("RGB").getpixel((190, 10)) == pytest.approx(RED, abs=12)
    assert not stored.getexif() and "exif" not in stored.info  # no GPS, nothing
    assert b"Exif" not in data

    assert stored_photo(task(settings, product(path)), services).id == batch.id  # reused
    chat = runtime.upload(path.read_bytes(), "bottle.jpg")
    assert chat.sha256 == batch.sha256 and chat.kind == batch.kind == "product_photo"
    assert (chat.width, chat.height) == (batch.width, batch.height)

    logo = store_image(services.assets, path.read_bytes(), filename="l.jpg", tenant="default",
                       kind="logo", max_bytes=2**20, max_pixels=10**6, reuse=True)
    assert logo.id != batch.id and logo.sha256 == batch.sha256  # another kind: its own asset


def save_kit_with_logo(services: Services, tenant: str, tmp_path: Path) -> str:
    logo = Image.new("RGBA", (240, 120), (0, 0, 0, 0))
    logo.paste((20, 40, 160, 255), (20, 20, 220, 100))
    buffer = io.BytesIO()
    logo.save(buffer, "PNG")
    asset = store_image(services.assets, buffer.getvalue(), filename="logo.png", tenant=tenant,
                        kind="logo", max_bytes=2**20, max_pixels=10**6)
    services.brand_kits.save(tenant, BrandKit(colors=["#1428A0"], logo=asset.id))
    return asset.id


def test_the_rows_kit_is_the_tenants_own_and_its_step_fails_when_the_kit_is_gone(
    tmp_path: Path, settings: Settings, services: Services
) -> None:
    photo = sideways_jpeg(tmp_path / "bottle.jpg")
    logo = save_kit_with_logo(services, settings.tenant, tmp_path)
    made = run_step(task(settings, product(photo, brand_kit=settings.tenant)))
    assert made.ok, made.error
    (ad,) = made.result["ads"]
    assert logo in services.assets.get(ad).parents  # the tenant's logo, read as the tenant

    with sqlite3.connect(settings.data_dir / "brand_kits.sqlite") as db:
        db.execute("DELETE FROM brand_kits")  # deleted after the catalog was checked
    db.close()
    gone = run_step(task(settings, product(photo, brand_kit=settings.tenant)))
    assert not gone.ok and gone.attempts == 1
    assert f"brand kit of tenant '{settings.tenant}' that this row names is gone" in (
        gone.error or "")

    other = run_step(task(settings, product(photo, brand_kit="rival")))
    assert not other.ok and "may only apply its own kit" in (other.error or "")
