"""Per-run options, passed through LangGraph's runtime (never module globals)."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tools.services import Services


@dataclass(kw_only=True)
class Context:
    """Options of one run of the graph.

    Attributes:
        tenant: Owner of the assets this run reads and writes.
        variations: Ad images per generation request unless the user asks otherwise.
        seed: Base seed for reproducible images.
        services: Asset store and engines; ``None`` means the process defaults
            built from settings (what ``langgraph dev`` uses).
        stop: Set by the user's Stop button: long renders of this run end early,
            keeping nothing half-written (``None``: the run cannot be stopped).
    """

    tenant: str = "default"
    variations: int = 4
    seed: int = 0
    services: Services | None = field(default=None, repr=False, compare=False)
    stop: threading.Event | None = field(default=None, repr=False, compare=False)
