"""One video's picture with another file's sound track, copied as it is or encoded again as AAC.

The labelled copy of a remote model's clip (:mod:`engines.local.video.relabel`) keeps the
model's sound. Its packets are copied unchanged when an MP4 can hold its codec. A codec
an MP4 cannot hold (a QuickTime file's μ-law or A-law PCM, IMA ADPCM, ...) is decoded and
encoded again as AAC, the codec of every local video. A track that can be neither copied
nor encoded again raises :class:`SoundNotKept`: the caller keeps the model's file as it is
rather than a labelled picture without its paid-for sound.
"""

from __future__ import annotations

import heapq
import io
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Final

import av

log = logging.getLogger(__name__)

AAC_RATES: Final = frozenset({96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000,
                              12000, 11025, 8000, 7350})
"""The sample rates AAC has (another is resampled to 48 kHz)."""


class SoundNotKept(ValueError):
    """The sound track can be neither copied into an MP4 nor encoded again as AAC.

    Args:
        codec: The track's codec, as far as it is known.
        detail: What failed (for the log: it may name files).

    Attributes:
        why: Why, in words for the advertiser (no file names).
    """

    def __init__(self, codec: str, detail: str) -> None:
        self.why = (f"the model's sound track ({codec}) could be neither copied nor encoded "
                    "again, and the label would have cost the video its sound")
        super().__init__(f"{self.why}: {detail}")


def with_sound(video: Path, data: bytes, out: Path) -> Path:
    """``video``'s picture (packets copied) with the first sound track of ``data``, in ``out``.

    Args:
        video: An MP4 whose video stream is kept as it is (its own sound is dropped).
        data: The file whose sound track is laid under it.
        out: The MP4 to write (faststart).

    Returns:
        ``out``.

    Raises:
        SoundNotKept: The track can be neither copied nor decoded and encoded as AAC.
    """
    try:
        return _mux(video, data, out, copy=True)
    except (ValueError, av.FFmpegError) as exc:
        log.info("sound track not copied into the MP4 (%s): encoding it again as AAC", exc)
    try:
        return _mux(video, data, out, copy=False)
    except (ValueError, av.FFmpegError) as exc:
        raise SoundNotKept(_codec(data), str(exc)) from exc


def _mux(video: Path, data: bytes, out: Path, *, copy: bool) -> Path:
    """Write ``out``: the picture's packets and the sound's, copied or encoded as AAC."""
    with (
        av.open(str(video), mode="r") as picture,
        av.open(io.BytesIO(data), mode="r") as original,
        av.open(str(out), mode="w", format="mp4", options={"movflags": "+faststart"}) as dst,
    ):
        image, sound = picture.streams.video[0], original.streams.audio[0]
        image_out = dst.add_stream_from_template(image)
        if copy:
            sound_out = dst.add_stream_from_template(sound)
            packets: Iterator[av.Packet] = original.demux(sound)
        else:
            context = sound.codec_context
            if context is None:  # a codec FFmpeg does not know: nothing decodes it
                raise ValueError("no decoder for the sound track's codec")
            rate = context.sample_rate if context.sample_rate in AAC_RATES else 48000
            aac = dst.add_stream("aac", rate=rate)
            aac.layout = "mono" if context.channels == 1 else "stereo"
            sound_out, packets = aac, _encoded(original.decode(sound), aac)
        merged = heapq.merge(_timed(picture.demux(image), image_out),
                             _timed(packets, sound_out), key=lambda item: item[0])
        for _, target, packet in merged:
            packet.stream = target
            dst.mux(packet)
    return out


def _encoded(frames: Iterator[av.AudioFrame],
             stream: av.audio.stream.AudioStream) -> Iterator[av.Packet]:
    """The AAC packets of decoded sound (PyAV converts and cuts it to the encoder's frames)."""
    for frame in frames:
        yield from stream.encode(frame)
    yield from stream.encode(None)


def _timed(
    packets: Iterator[av.Packet], target: av.stream.Stream
) -> Iterator[tuple[float, av.stream.Stream, av.Packet]]:
    """Each real packet with its decoding time in seconds (to interleave two streams)."""
    for packet in packets:
        if packet.dts is None or not packet.size or packet.time_base is None:
            continue
        yield float(packet.dts * packet.time_base), target, packet


def _codec(data: bytes) -> str:
    """The name of the first sound track's codec, as far as it is known."""
    try:
        with av.open(io.BytesIO(data), mode="r") as container:
            context = container.streams.audio[0].codec_context
            return str(context.name) if context is not None else "an unknown codec"
    except (ValueError, av.FFmpegError, IndexError):
        return "an unknown codec"
