"""One local cutout per photo per test process, shared by the tests that only use it.

The local cutout (:func:`engines.local.cutout.cut_out`) is deterministic and the costliest
step of most tool, agent and face tests: each test starts with an empty asset store, so each
one cut the same sample photo out again (two to seven seconds a time). This memo computes a
photo's cutout once per pytest process and hands every later caller its own copy.

What a cached answer depends on is all in its key: the upright photo's mode, size and pixels,
the box, and which objects the cutout package's modules hold at call time (a test that
monkeypatches a function or a threshold of :mod:`engines.local.cutout` gets, and caches, a
cutout of its own). Errors are never cached: a photo without a product is tried every time.

The cutout's own tests (``tests/unit/engines/local/cutout``) and the benchmark's
(``tests/unit/benchmarks``) always cut afresh, as does any test marked ``fresh_cutout``, and
every test when ``ADSTUDIO_TEST_FRESH_CUTOUTS=1`` (to compare, or to rule the memo out).
"""

from __future__ import annotations

import hashlib
import os
import sys
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import replace
from types import ModuleType
from typing import Any

import pytest
from PIL import Image

from core.images import normalise
from engines.local import cutout

CutOut = Callable[..., cutout.Cutout]

SIZE = 48
"""Cutouts kept per process (the least recently used goes first); a few MB each."""

_PACKAGE = "engines.local.cutout"
_lock = threading.Lock()
_cache: OrderedDict[tuple[Any, ...], tuple[list[object], cutout.Cutout]] = OrderedDict()


def _modules() -> list[ModuleType]:
    return [module for name, module in sorted(sys.modules.items())
            if module is not None and (name == _PACKAGE or name.startswith(_PACKAGE + "."))]


def _state() -> list[object]:
    """Every object the cutout package's modules hold now (the one it was built with)."""
    return [value for module in _modules() for value in vars(module).values()]


def _photo_key(photo: Image.Image) -> tuple[str, tuple[int, int], str]:
    upright = normalise(photo)
    return upright.mode, upright.size, hashlib.sha256(upright.tobytes()).hexdigest()


def _copy(found: cutout.Cutout) -> cutout.Cutout:
    """A copy whose image the caller may change without touching the cached one."""
    return replace(found, image=found.image.copy())


def memoised(real: CutOut) -> CutOut:
    """``real`` (the package's ``cut_out``), answered from the process's cache when it can."""

    def cut_out(photo: Image.Image, box: tuple[int, int, int, int] | None = None) -> Any:
        state = _state()
        key = (_photo_key(photo), box, tuple(id(value) for value in state))
        with _lock:  # the API's runs cut out in threads of their own
            kept = _cache.get(key)
            if kept is not None:
                _cache.move_to_end(key)
                return _copy(kept[1])
        found = real(photo, box)
        with _lock:
            _cache[key] = (state, _copy(found))  # the state kept alive: no id is reused
            while len(_cache) > SIZE:
                _cache.popitem(last=False)
        return found

    return cut_out


def fresh(item: pytest.Item) -> bool:
    """Whether ``item`` must cut every photo afresh (it tests the cutout itself)."""
    path = item.path.as_posix()
    return (os.environ.get("ADSTUDIO_TEST_FRESH_CUTOUTS") == "1"
            or item.get_closest_marker("fresh_cutout") is not None
            or "/tests/unit/engines/local/cutout/" in path
            or "/tests/unit/benchmarks/" in path)


_shared: list[CutOut] = []


def install(monkeypatch: pytest.MonkeyPatch) -> None:
    """Route :func:`engines.local.cutout.cut_out` through the cache for one test.

    One wrapper per process, around the package's own function: the package then holds the
    same object in every test, so the state in the key stays the same from test to test.
    """
    if not _shared:
        _shared.append(memoised(cutout.cut_out))
    monkeypatch.setattr(cutout, "cut_out", _shared[0])
