"""A video stripped of its manifest is still traced to its record (issue 26, gap 4).

A platform that remuxes or re-encodes an MP4 drops its C2PA manifest; ``adstudio verify``
then matches the copy to the stored video by the fingerprints of a few of its frames.
"""

from __future__ import annotations

import io
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest
from typer.testing import CliRunner

from cli.app import app
from core.provenance.reader import NoManifestError, read_provenance
from core.settings import get_settings
from engines.local.encoding.encode import write_video
from tools.provenance import find_originals
from tools.services import Services, build_services

WIDTH, HEIGHT, FPS, COUNT = 192, 108, 12, 48


def clip(tmp_path: Path, rightwards: bool = True) -> bytes:
    """A 4 s clip: a gradient with a disc crossing it (left to right, or right to left)."""
    ys, xs = np.mgrid[0:HEIGHT, 0:WIDTH]
    frames = []
    for n in range(COUNT):
        share = n / COUNT if rightwards else 1 - n / COUNT
        frame = np.dstack([xs * 255 // WIDTH, ys * 255 // HEIGHT, np.full_like(xs, 90)])
        disc = (xs - WIDTH * (0.1 + 0.8 * share)) ** 2 + (ys - HEIGHT / 2) ** 2 < 20**2
        frame[disc] = (30, 60, 200)
        frames.append(frame.astype(np.uint8))
    out = tmp_path / ("right" if rightwards else "left")
    out.mkdir()
    return write_video(iter(frames), total=COUNT, fps=FPS, out_dir=out, stem="clip",
                       preview=False).mp4.read_bytes()


def remuxed(data: bytes) -> bytes:
    """The video's packets copied into a new MP4, as a platform's remux does (no manifest)."""
    out = io.BytesIO()
    with av.open(io.BytesIO(data)) as source, av.open(out, "w", format="mp4") as target:
        stream = target.add_stream_from_template(source.streams.video[0])
        for packet in source.demux(source.streams.video[0]):
            if packet.dts is not None:
                packet.stream = stream
                target.mux(packet)
    return out.getvalue()


def reencoded(data: bytes, scale: float = 0.5) -> bytes:
    """The video decoded and encoded again, smaller and at a low quality."""
    out = io.BytesIO()
    with av.open(io.BytesIO(data)) as source, av.open(out, "w", format="mp4") as target:
        stream = target.add_stream("libx264", rate=FPS)
        stream.width, stream.height = int(WIDTH * scale) // 2 * 2, int(HEIGHT * scale) // 2 * 2
        stream.pix_fmt = "yuv420p"
        stream.options = {"crf": "35"}
        stream.time_base = Fraction(1, FPS)
        for n, frame in enumerate(source.decode(video=0)):
            small = frame.reformat(width=stream.width, height=stream.height, format="yuv420p")
            small.pts, small.time_base = n, Fraction(1, FPS)
            target.mux(stream.encode(small))
        target.mux(stream.encode(None))
    return out.getvalue()


@pytest.fixture
def stored(services: Services, tmp_path: Path) -> tuple[str, bytes]:
    video = services.assets.put(clip(tmp_path), kind="video_ad", mime="video/mp4",
                                capability="generate_video")
    return video.id, services.assets.read(video.id)


def test_a_remuxed_or_reencoded_video_is_traced_to_its_record(
    services: Services, stored: tuple[str, bytes]
) -> None:
    video_id, signed = stored
    assert read_provenance(signed, "video/mp4").state == "valid"
    for copy in (remuxed(signed), reencoded(signed)):
        with pytest.raises(NoManifestError):
            read_provenance(copy, "video/mp4")  # the copy carries no manifest
        found = find_originals(services.assets, copy, "default")
        assert [o.asset.id for o in found] == [video_id]


def test_another_video_is_not_taken_for_it(
    services: Services, stored: tuple[str, bytes], tmp_path: Path
) -> None:
    other = remuxed(clip(tmp_path, rightwards=False))
    assert find_originals(services.assets, other, "default") == []


def test_verify_names_the_video_a_stripped_copy_was_made_from(tmp_path: Path) -> None:
    services = build_services(get_settings())  # the data dir verify reads (ADSTUDIO_DATA_DIR)
    video = services.assets.put(clip(tmp_path), kind="video_ad", mime="video/mp4",
                                capability="generate_video")
    copy = tmp_path / "from-the-feed.mp4"
    copy.write_bytes(remuxed(services.assets.read(video.id)))
    result = CliRunner().invoke(app, ["verify", str(copy)])
    assert result.exit_code == 2 and "no C2PA manifest" in result.output
    record = video.parameters["provenance"]
    assert f"{video.id}: video_ad made " in result.output
    assert f"signed, manifest {record['manifest']}" in result.output
    someone = tmp_path / "someone-elses.mp4"
    someone.write_bytes(remuxed(clip(tmp_path, rightwards=False)))
    unknown = CliRunner().invoke(app, ["verify", str(someone)])
    assert unknown.exit_code == 2 and "No video in this deployment's asset store" in unknown.output
    assert "a trim" in unknown.output  # says where matching does not work
