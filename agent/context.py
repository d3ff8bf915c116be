"""Per-run options, passed through LangGraph's runtime (never module globals)."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import ConfigDict
from pydantic.json_schema import SkipJsonSchema

if TYPE_CHECKING:
    from tools.services import Services

    RunServices = Services | None
else:  # pydantic reads the class for LangGraph's schema: the services are opaque to it
    RunServices = SkipJsonSchema[Any]


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

    # LangGraph Studio shows the options as a form from this class's JSON schema: the
    # services and the Stop signal are objects of the process, not options, so not in it
    __pydantic_config__: ClassVar[ConfigDict] = ConfigDict(arbitrary_types_allowed=True)

    tenant: str = "default"
    variations: int = 4
    seed: int = 0
    services: RunServices = field(default=None, repr=False, compare=False)
    stop: SkipJsonSchema[threading.Event | None] = field(default=None, repr=False,
                                                          compare=False)


def context_of(value: object) -> Context:
    """The run's :class:`Context`, or the defaults when the run was given none."""
    return value if isinstance(value, Context) else Context()


def services_of(context: Context) -> Services:
    """The run's services: the ones its context carries, else the process defaults."""
    if context.services is not None:
        return context.services
    from tools.services import default_services

    return default_services()
