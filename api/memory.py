"""Giving memory back to the system once the API has no run left (so RSS returns near idle)."""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
from collections.abc import Callable
from functools import cache


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    """The C library's ``malloc_trim`` (glibc), or None when it has none."""
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    try:
        trim: Callable[[int], int] = ctypes.CDLL(name).malloc_trim
    except (OSError, AttributeError, TypeError):
        return None
    return trim


def release_memory() -> None:
    """Collect garbage, then hand the C heap's free pages back to the system (glibc).

    Decoded images and model buffers of finished runs are freed by Python, but glibc keeps
    the freed pages in its arenas; ``malloc_trim(0)`` returns them.
    """
    gc.collect()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)
