"""Walking a PNG, JPEG or WebP file's structure: does it hold the picture and nothing else?

Pillow reports the metadata it understands, not every byte of a file: an unknown JPEG
APPn segment, a comment, a private PNG chunk or whatever follows the end marker (an
appended HTML page or ZIP) is invisible to it. :func:`only_picture_data` reads the file's
segments (JPEG), chunks (PNG) or RIFF chunks (WebP) and accepts the file only when each
one is on a short allow-list of picture data and nothing follows the last one.
"""

from __future__ import annotations

import re
import struct

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_PNG_CHUNKS = frozenset({b"IHDR", b"PLTE", b"IDAT", b"IEND", b"sRGB", b"gAMA", b"cHRM", b"pHYs"})
"""Critical chunks, and ancillary ones that only describe how to show the pixels."""
_WEBP_CHUNKS = frozenset({b"VP8 ", b"VP8L", b"VP8X", b"ALPH"})
"""Image data, its extended header and its alpha plane (no ICCP, EXIF, XMP or animation)."""
_SOF = frozenset({0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF})
_JPEG_TABLES = _SOF | {0xC4, 0xDB, 0xDD}  # frame headers, DHT, DQT, DRI
_SOS, _EOI, _APP0 = 0xDA, 0xD9, 0xE0
_NEXT_MARKER = re.compile(rb"\xff[\x01-\xcf\xd8-\xfe]")
_JFIF_LENGTH = 16
"""Length field of a JFIF APP0 segment without a thumbnail."""


def only_picture_data(data: bytes) -> bool:
    """Whether ``data`` is a PNG, JPEG or WebP holding only picture data.

    Args:
        data: The whole file.

    Returns:
        True when every segment or chunk is on the allow-list and nothing follows the end
        of the picture; False for anything else, including an unknown format.
    """
    try:
        if data.startswith(_PNG_SIGNATURE):
            return _png_is_plain(data)
        if data.startswith(b"\xff\xd8"):
            return _jpeg_is_plain(data)
        if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
            return _webp_is_plain(data)
    except (struct.error, IndexError):
        return False  # cut short: not a file to keep as it is
    return False


def _png_is_plain(data: bytes) -> bool:
    """Every chunk allowed, and the file ends with IEND."""
    pos = len(_PNG_SIGNATURE)
    while pos < len(data):
        length, kind = struct.unpack_from(">I4s", data, pos)
        pos += 12 + length  # length, type, data, CRC
        if kind not in _PNG_CHUNKS or pos > len(data):
            return False
        if kind == b"IEND":
            return pos == len(data)
    return False


def _jpeg_is_plain(data: bytes) -> bool:
    """Only SOI, a JFIF APP0 without thumbnail, tables, frames, scans and a final EOI."""
    pos = 2
    while pos < len(data):
        if data[pos] != 0xFF:
            return False
        while data[pos] == 0xFF:  # fill bytes may precede a marker
            pos += 1
        marker = data[pos]
        pos += 1
        if marker == _EOI:
            return pos == len(data)
        (length,) = struct.unpack_from(">H", data, pos)
        segment = data[pos + 2: pos + length]
        if length < 2 or len(segment) != length - 2 or not _allowed_segment(marker, segment):
            return False
        pos += length
        if marker == _SOS:
            pos = _end_of_scan(data, pos)
    return False


def _allowed_segment(marker: int, segment: bytes) -> bool:
    """A table, frame or scan header, or a JFIF header that carries no thumbnail."""
    if marker == _APP0:
        return (len(segment) == _JFIF_LENGTH - 2 and segment.startswith(b"JFIF\0")
                and segment[12:14] == b"\0\0")
    return marker in _JPEG_TABLES or marker == _SOS


def _end_of_scan(data: bytes, pos: int) -> int:
    """Where the marker after a scan's entropy-coded data starts (or the file's end).

    Inside a scan, 0xFF is followed by a stuffed zero, a restart marker or more 0xFF fill;
    anything else is the next marker. A regular expression keeps a crafted scan full of
    stuffed bytes from costing a Python loop turn each.
    """
    found = _NEXT_MARKER.search(data, pos)
    return found.start() if found else len(data)


def _webp_is_plain(data: bytes) -> bool:
    """The RIFF size matches the file, and every chunk is image data."""
    (size,) = struct.unpack_from("<I", data, 4)
    if size + 8 != len(data):
        return False
    pos = 12
    while pos < len(data):
        kind, length = struct.unpack_from("<4sI", data, pos)
        pos += 8 + length + (length & 1)  # chunks are padded to an even length
        if kind not in _WEBP_CHUNKS or pos > len(data):
            return False
    return pos == len(data)
