"""Warm-up: load, in the background, what a process's first turn would otherwise wait for.

A new process reads and compiles the ad policy (about a thousand patterns and the learned
reader's encoder) and, on the offline planner, its word lists and five languages' dictionaries. That
took 5–7 s on a quiet 2-core machine, and several times that on a busy one, all of it in
the first user's first reply. The faces (the UI, serve, the chat CLI) start this thread as
soon as they are built, so a user's first message usually finds everything ready. One that
arrives earlier waits for the policy's single compilation (it is locked), but may load the
planner's word lists a second time beside the thread (plain caches): slower, never wrong.
An API run worker warms up before it takes its first run (:func:`warm_up`, not a thread).
"""

from __future__ import annotations

import logging
import threading
import time

from langchain_core.messages import HumanMessage

from core.settings import Settings
from policy.text import load_policy
from tools.services import Services

log = logging.getLogger(__name__)


def warm_up(settings: Settings, services: Services) -> float:
    """Load the deployment's ad policy and, on the offline planner, its word lists.

    Args:
        settings: Deployment settings (the tenant and the chat engine).
        services: The services whose per-tenant policy the tools check against.

    Returns:
        The seconds it took.
    """
    started = time.perf_counter()
    policy = services.policy(settings.tenant)
    policy.check("Hello")  # compiles it and loads the learned reader
    policy.prepare()  # so a check skips the patterns whose words a text does not have
    load_policy().prepare()  # the planner's injection check and ad copy checks read this one
    if settings.resolved_chat_engine == "planner":
        from agent.planner.local import plan

        plan([HumanMessage("Hello")], ())  # reading a message loads every word list it needs
    return time.perf_counter() - started


def warm_in_background(settings: Settings, services: Services) -> threading.Thread:
    """Start :func:`warm_up` in a daemon thread; a failure is logged, never raised.

    The first real request reports the same failure with its own message, so nothing is
    hidden; the warm-up only saves the user the wait.
    """
    thread = threading.Thread(target=_quietly, args=(settings, services),
                              name="adstudio-warm-up", daemon=True)
    thread.start()
    return thread


def _quietly(settings: Settings, services: Services) -> None:
    try:
        seconds = warm_up(settings, services)
    except Exception:  # the first request raises it again, with its own message
        log.warning("Warming up failed; the first request will load what it needs.",
                    exc_info=True)
        return
    log.info("Warmed up in %.1f s: the ad policy and the chat's word lists are loaded.", seconds)
