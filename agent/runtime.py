"""The runtime: threads that survive restarts, uploads, and runs streamed as typed events.

The Gradio UI and the CLI (and later the HTTP API) all talk to the agent through
:class:`AgentRuntime`.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any, cast

from botocore.exceptions import BotoCoreError, ClientError
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage
from langchain_core.runnables import RunnableConfig
from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.checkpoint.serde.jsonplus import JsonPlusSerializer
from langgraph.checkpoint.sqlite import SqliteSaver
from langgraph.errors import GraphRecursionError
from langgraph.types import Command, Interrupt

from agent import checkpoints
from agent.attachments import attachment_note
from agent.context import Context
from agent.events import (
    AssetEvent,
    ConfirmEvent,
    CostEvent,
    DoneEvent,
    ErrorEvent,
    Event,
    GuardrailEvent,
    ProgressEvent,
    TextEvent,
    ToolEndEvent,
    ToolStartEvent,
)
from agent.gallery import job_videos, state_gallery
from agent.graph import build_graph
from agent.interrupted import trailing_interrupted
from agent.job_costs import settle_listener
from agent.models import make_chat_model
from agent.numbering import ad_label, in_words, number_ads
from agent.runtime_checks import InputCheck, check_input
from agent.state import InputState, State
from agent.toolkit import brief_noted
from agent.warmup import warm_in_background
from core.errors import AssetNotFoundError, CapabilityError
from core.plaintext import well_formed
from core.settings import Settings
from core.storage.assets import Asset
from core.storage.jobs import JobPoller, VideoJob
from core.storage.uploads import store_image
from tools.capabilities.lineage import shown_caption
from tools.cost import CostLedger, ledger_for, turn_of
from tools.sdk import ThreadGallery
from tools.services import Services, build_services

log = logging.getLogger(__name__)

SERIALIZER = JsonPlusSerializer(allowed_msgpack_modules=[("agent.state", "AdBrief")])


def sqlite_checkpointer(settings: Settings) -> SqliteSaver:
    """Return the SQLite checkpointer under the data dir (threads survive restarts)."""
    return checkpoints.sqlite_checkpointer(settings, SERIALIZER)


class AgentRuntime:
    """Runs the agent for many threads.

    Args:
        settings: Deployment settings.
        chat_model: The chat model; by default the one the settings ask for.
        services: Asset store and engines; by default built from the settings.
        checkpointer: Thread persistence; by default the deployment's PostgreSQL, or
            SQLite under the data dir.
        poll_jobs: Poll the remote video jobs in this process (False in a run worker
            process: the API process that started it polls them, from the shared store).
    """

    def __init__(
        self,
        settings: Settings,
        *,
        chat_model: BaseChatModel | None = None,
        services: Services | None = None,
        checkpointer: BaseCheckpointSaver[Any] | None = None,
        poll_jobs: bool = True,
    ) -> None:
        self.settings = settings
        self.services = services or build_services(settings)
        if services is None and (
            settings.engine == "bedrock" or settings.resolved_image_engine != "local"
        ):
            from engines.bedrock.doctor import warn_in_background

            warn_in_background(settings)
        self.graph = build_graph(chat_model or make_chat_model(settings)).compile(
            checkpointer=checkpointer or checkpoints.checkpointer_for(settings, SERIALIZER),
            name="adstudio",
        )
        self.poller = self._start_poller() if poll_jobs else None
        self._stops: dict[str, threading.Event] = {}
        self._stops_lock = threading.Lock()

    def warm_in_background(self) -> threading.Thread:
        """Load the ad policy and the chat's word lists now, in a daemon thread.

        The faces call it once they are built, so the first message does not wait for them
        (see :mod:`agent.warmup`).
        """
        return warm_in_background(self.settings, self.services)

    def _start_poller(self) -> JobPoller | None:
        """Poll the remote video jobs (resuming the ones a previous process left running)."""
        engine, store = self.services.engines.video_jobs, self.services.jobs
        if engine is None or store is None:
            return None
        poller = JobPoller(
            store, cast(Any, engine), initial_seconds=self.settings.video.poll_seconds,
            max_seconds=self.settings.video.poll_max_seconds,
            listeners=[settle_listener(store, self.settings)],  # a job Bedrock fails costs nothing
        )
        poller.start()
        return poller

    def finished_jobs(self, thread_id: str, tenant: str | None = None) -> list[Event]:
        """Events for this thread's remote video jobs that finished since last asked.

        Each finished job is reported once: its video as an :class:`AssetEvent`, a content
        filter's block as a :class:`GuardrailEvent`, any other failure as an :class:`ErrorEvent`.
        """
        store = self.services.jobs
        if store is None:
            return []
        translator = _Translator(self.services, self.ad_numbers(thread_id))
        return [
            _job_event(job, translator)
            for job in store.undelivered(thread_id, tenant or self.settings.tenant)
            if store.mark_delivered(job.id)
        ]

    def delivered_jobs(self, thread_id: str, tenant: str | None = None) -> list[Event]:
        """Events of the thread's remote video jobs already shown, oldest first.

        A reloaded page adds them after the rebuilt conversation: they arrived between
        turns, so the thread's messages do not hold them.
        """
        store = self.services.jobs
        if store is None:
            return []
        translator = _Translator(self.services, self.ad_numbers(thread_id))
        undelivered = {j.id for j in store.undelivered(thread_id, tenant or self.settings.tenant)}
        return [
            _job_event(job, translator)
            for job in store.for_thread(thread_id, tenant or self.settings.tenant)
            if job.finished and job.id not in undelivered
        ]

    @staticmethod
    def new_thread() -> str:
        """Return a fresh thread id."""
        return uuid.uuid4().hex

    def upload(self, data: bytes, filename: str = "", tenant: str | None = None) -> Asset:
        """Check and store a product photo; return its asset.

        Raises:
            InvalidImageError: Not a PNG/JPEG/WebP, corrupt, too large or too many pixels.
        """
        return store_image(
            self.services.assets,
            data,
            filename=filename,
            tenant=tenant or self.settings.tenant,
            kind="product_photo",
            max_bytes=self.settings.limits.max_upload_bytes,
            max_pixels=int(self.settings.limits.max_megapixels * 1_000_000),
        )

    def context(self, tenant: str | None = None, stop: threading.Event | None = None) -> Context:
        """The per-run context for this deployment (``stop``: the run's Stop signal)."""
        return Context(
            tenant=tenant or self.settings.tenant,
            variations=self.settings.limits.default_variations,
            services=self.services,
            stop=stop,
        )

    def stop(self, thread_id: str) -> bool:
        """Ask the thread's running turn to stop its long work (renders, animations).

        The render in progress ends at its next frame and keeps nothing half-written; the
        agent is told it was stopped and the thread stays usable.

        Returns:
            True when a run of the thread was going on, False when there was none.
        """
        with self._stops_lock:
            event = self._stops.get(thread_id)
        if event is None:
            return False
        event.set()
        return True

    def running(self, thread_id: str) -> bool:
        """Whether a turn of the thread is running in this process."""
        with self._stops_lock:
            return thread_id in self._stops

    def state(self, thread_id: str) -> State | None:
        """Return a thread's current state, or None for an unknown thread."""
        snapshot = self.graph.get_state({"configurable": {"thread_id": thread_id}})
        if not snapshot.values:
            return None
        return State(**snapshot.values)

    def last_saved(self, thread_id: str) -> datetime | None:
        """When the thread's state was last saved (its last message), or None (unknown)."""
        snapshot = self.graph.get_state({"configurable": {"thread_id": thread_id}})
        if not snapshot.values or not snapshot.created_at:
            return None
        return datetime.fromisoformat(snapshot.created_at)

    def delete_thread(self, thread_id: str) -> bool:
        """Remove the thread's conversation (its saved messages and state) for good.

        Its assets stay in the asset store (another thread, or a download, may use them).

        Returns:
            False when a turn of the thread is running (nothing removed), else True.
        """
        if self.running(thread_id):
            return False
        checkpointer = self.graph.checkpointer
        if isinstance(checkpointer, BaseCheckpointSaver):
            checkpointer.delete_thread(thread_id)
        return True

    def ad_numbers(self, thread_id: str) -> dict[str, int]:
        """The thread's ad images by asset id, numbered #1, #2, ... in the order made."""
        state = self.state(thread_id)
        return number_ads(state.assets, self.services.assets) if state else {}

    def gallery(self, thread_id: str, tenant: str | None = None) -> ThreadGallery:
        """The thread's ads (numbers, the current version of each, those taken out) and MP4s.

        Its live images and videos include those remote jobs delivered (``tenant``'s).
        """
        state = self.state(thread_id)
        if state is None:
            return ThreadGallery()
        videos = job_videos(self.services.jobs, thread_id, tenant or self.settings.tenant)
        return state_gallery(state, self.services.assets, videos)

    def stream(
        self,
        thread_id: str,
        text: str,
        attachments: Sequence[Asset] = (),
        tenant: str | None = None,
    ) -> Iterator[Event]:
        """Send a user message and yield the run's events, ending with ``done``.

        Failures (a model error, the step limit) become an ``error`` event; the thread
        stays usable for the next message. Work above the cost threshold pauses the run:
        a ``confirm`` event, then ``done`` with ``waiting``; answer with :meth:`resume`.
        A message sent while a confirmation is pending declines it first.
        """
        if self.pending_confirmation(thread_id) is not None:
            yield from self._run(thread_id, Command(resume=False), tenant, finish=False)
        else:
            self._answer_interrupted(thread_id)
        notes = [attachment_note(a.id, well_formed(str(a.parameters.get("filename", ""))))
                 for a in attachments]
        content = "\n".join([well_formed(text).strip(), *notes]).strip()
        message = HumanMessage(
            content=content, additional_kwargs={"attachments": [a.id for a in attachments]}
        )
        yield from self._run(thread_id, InputState(messages=[message]), tenant)

    def _answer_interrupted(self, thread_id: str) -> None:
        """Store a result for each tool call a crashed run left unanswered.

        A run that died inside a tool leaves its call without a result; chat APIs refuse
        that history, so the call is answered as interrupted before the next message.
        """
        if self.running(thread_id):
            return  # a live run's call has no result yet: it is not interrupted
        state = self.state(thread_id)
        missing = trailing_interrupted(state.messages) if state else []
        if missing:
            log.warning("thread %s: %d tool call(s) of a run that did not finish answered as "
                        "interrupted", thread_id, len(missing))
            self.graph.update_state(self._config(thread_id), {"messages": missing},
                                    as_node="tools")

    def check_input(self, thread_id: str, text: str, tenant: str | None = None) -> InputCheck:
        """Check text typed outside the chat (the brief card) as a chat message is checked.

        The local ad policy, the Bedrock guardrail when one is configured, an audit-log
        entry for each, and the guardrail's cost in the thread's ledger
        (:mod:`agent.runtime_checks`).
        """
        state = self.state(thread_id)
        return check_input(self.services, text, tenant=tenant or self.settings.tenant,
                           thread=thread_id or None,
                           turn=turn_of(list(state.messages)) if state else "")

    def edit_brief(self, thread_id: str, update: dict[str, Any]) -> None:
        """Record the advertiser's own edit of the brief (the brief card) in the thread.

        It is stored as the agent stores a brief stated in the chat: an ``update_brief``
        call and its result, so the next turn's planner and model both see it. The caller
        checks the edit first (:meth:`check_input`, the chat's input check) and never calls
        this during a run or while a confirmation is pending.
        """
        call_id = f"brief_edit_{uuid.uuid4().hex[:12]}"
        call = AIMessage(content="", tool_calls=[
            {"name": "update_brief", "args": update, "id": call_id, "type": "tool_call"}
        ])
        result = ToolMessage(content=f"Brief updated: {brief_noted(update)}",
                             name="update_brief", tool_call_id=call_id)
        self.graph.update_state(self._config(thread_id),
                                {"messages": [call, result], "brief": update}, as_node="tools")

    def resume(self, thread_id: str, approved: bool, tenant: str | None = None) -> Iterator[Event]:
        """Answer a pending confirmation and yield the rest of the run's events.

        Args:
            thread_id: The thread whose run is waiting.
            approved: True runs the work; False tells the model the user declined.
            tenant: Owner of the assets the run makes.
        """
        if self.pending_confirmation(thread_id) is None:
            yield ErrorEvent(message="Nothing is waiting for a confirmation in this thread.")
            yield DoneEvent(thread_id=thread_id)
            return
        yield from self._run(thread_id, Command(resume=approved), tenant)

    def pending_confirmation(self, thread_id: str) -> ConfirmEvent | None:
        """The question a paused run is waiting on, or None (also after a restart)."""
        snapshot = self.graph.get_state(self._config(thread_id))
        return next(
            (e for e in (confirm_event(i) for i in snapshot.interrupts) if e is not None), None
        )

    @property
    def ledger(self) -> CostLedger:
        """The cost ledger of this deployment."""
        return ledger_for(self.settings)

    def turn_cost(self, thread_id: str) -> float:
        """USD of the thread's latest turn (estimates from the ledger)."""
        state = self.state(thread_id)
        if state is None:
            return 0.0
        return self.ledger.turn_total(thread_id, turn_of(list(state.messages)))

    def _config(self, thread_id: str) -> RunnableConfig:
        return {
            "configurable": {"thread_id": thread_id},
            "recursion_limit": self.settings.limits.recursion_limit,
        }

    def _run(
        self, thread_id: str, payload: Any, tenant: str | None, finish: bool = True
    ) -> Iterator[Event]:
        """Stream one run (a new message or a resume).

        It ends with ``done`` (carrying the turn's cost), preceded by a turn ``cost`` event
        when the turn cost anything.
        """
        translator = _Translator(
            self.services, self.ad_numbers(thread_id), self.ledger, thread_id
        )
        stop = threading.Event()
        with self._stops_lock:
            self._stops[thread_id] = stop
        try:
            for mode, chunk in self.graph.stream(
                payload,
                self._config(thread_id),
                context=self.context(tenant, stop),
                stream_mode=["updates", "custom"],
            ):
                yield from translator.translate(mode, chunk)
            yield from translator.flush()
        except GraphRecursionError:
            yield ErrorEvent(message="That took too many steps; please rephrase the request.")
        except CapabilityError as exc:
            yield ErrorEvent(message=str(exc))
        except Exception as exc:  # noqa: BLE001 - a failed run must not kill the caller
            log.exception("run failed on thread %s", thread_id)
            yield ErrorEvent(message=_friendly(exc))
        finally:
            with self._stops_lock:
                if self._stops.get(thread_id) is stop:
                    del self._stops[thread_id]
        if not finish:
            return
        if translator.waiting:
            yield DoneEvent(thread_id=thread_id, waiting=True)
            return
        usd = self.turn_cost(thread_id)
        if usd > 0:
            yield CostEvent(
                scope="turn",
                usd=usd,
                engine=self.settings.engine,
                prices_date=self.settings.costs.prices_date,
            )
        yield DoneEvent(thread_id=thread_id, turn_usd=usd)


def _job_event(job: VideoJob, translator: _Translator) -> Event:
    """What the user sees of a finished remote video job."""
    if job.status == "completed" and job.asset_id:
        return translator._asset_event(job.asset_id)
    if job.status == "blocked":
        return GuardrailEvent(
            stage="output", rule_id="model.content_filter", severity="block",
            reason=job.message or "The video model's content filter blocked the video.",
            fix="Change the storyboard or the image (less text, no people or brands "
            "in the prompt) and render again.",
        )
    return ErrorEvent(
        message=f"The video job {job.id} {job.status}: {job.message or 'no reason given'}"
    )


def confirm_event(item: Interrupt) -> ConfirmEvent | None:
    """The event of a cost-confirmation interrupt (None for any other interrupt)."""
    value = item.value
    if not isinstance(value, dict) or value.get("kind") != "confirm_cost":
        return None
    return ConfirmEvent.model_validate({**value, "id": item.id})


def _friendly(exc: Exception) -> str:
    """A message for the user: AWS errors say what AWS said; others say nothing internal."""
    if isinstance(exc, ClientError):
        error = exc.response.get("Error", {})
        return (
            f"The model call failed ({error.get('Code', 'error')}: {error.get('Message', '')}). "
            "Your conversation is saved; send the message again in a moment."
        )
    if isinstance(exc, BotoCoreError):
        return (
            f"The model could not be reached ({type(exc).__name__}). Your conversation is "
            "saved; check the network and AWS settings, then send the message again."
        )
    return (
        f"Something went wrong ({type(exc).__name__}). Your conversation is saved; "
        "try again, and see the server log for details."
    )


class _Translator:
    """Turns LangGraph stream chunks into :mod:`agent.events`.

    A model message is held back until ``guard_output`` has checked it, so text or tool
    calls the policy withholds are never shown.
    """

    def __init__(
        self,
        services: Services,
        numbers: dict[str, int],
        ledger: CostLedger | None = None,
        thread_id: str = "",
    ) -> None:
        self._services = services
        self._numbers = dict(numbers)
        self._started: dict[str, float] = {}
        self._pending: AIMessage | None = None
        self._ledger = ledger
        self._thread = thread_id
        self.waiting = False

    def translate(self, mode: str, chunk: Any) -> Iterator[Event]:
        """Yield the events of one stream chunk."""
        if mode == "custom" and isinstance(chunk, dict) and chunk.get("type") == "progress":
            yield ProgressEvent.model_validate(chunk)
            return
        if mode != "updates" or not isinstance(chunk, dict):
            return
        for node, update in chunk.items():
            if node == "__interrupt__":
                yield from self._interrupts(update)
                continue
            for part in update if isinstance(update, list) else [update]:
                yield from self._node_update(node, part if isinstance(part, dict) else {})
            if node == "guard_output":
                yield from self.flush()

    def flush(self) -> Iterator[Event]:
        """Yield the held-back model message: its text, then its tool calls."""
        message, self._pending = self._pending, None
        if message is None:
            return
        if message.text:
            yield TextEvent(text=message.text)
        for call in message.tool_calls:
            call_id = call["id"] or ""
            self._started[call_id] = time.perf_counter()
            yield ToolStartEvent(call_id=call_id, name=call["name"], args=call["args"])

    def _node_update(self, node: str, update: dict[str, Any]) -> Iterator[Event]:
        for finding in update.get("findings", []):
            yield GuardrailEvent.model_validate(finding)
        messages: list[BaseMessage] = update.get("messages", [])
        for message in messages:
            if isinstance(message, AIMessage) and node in ("assistant", "guard_output"):
                self._pending = message  # guard_output's version replaces the assistant's
            elif isinstance(message, AIMessage) and message.text:
                yield TextEvent(text=message.text)  # guard_input's refusal
            elif isinstance(message, ToolMessage):
                yield from self._tool_message(message)

    def _interrupts(self, interrupts: Sequence[Interrupt]) -> Iterator[Event]:
        yield from self.flush()
        for item in interrupts:
            event = confirm_event(item)
            if event is not None:
                self.waiting = True
                yield event

    def _tool_message(self, message: ToolMessage) -> Iterator[Event]:
        started = self._started.pop(message.tool_call_id, None)
        ok = message.status != "error"
        assets = self._asset_events(message.artifact) if ok else []
        summary = str(message.content).split("\n", 1)[0]
        yield ToolEndEvent(
            call_id=message.tool_call_id,
            name=message.name or "",
            ok=ok,
            summary=summary,
            seconds=round(time.perf_counter() - started, 3) if started else None,
            shown=in_words(summary, self._numbers, self._services.assets),
        )
        yield from assets
        record = self._ledger.get(self._thread, message.tool_call_id) if self._ledger else None
        if record is not None and record.usd > 0:
            yield CostEvent(
                scope="tool", usd=record.usd, call_id=message.tool_call_id, name=record.name,
                engine=self._services.settings.engine,
                prices_date=self._services.settings.costs.prices_date,
            )

    def _asset_events(self, artifact: Any) -> list[AssetEvent]:
        """The events of a result's assets, numbered before its step's line names them.

        An asset gone from the store since (deleted meanwhile) is left out, not a failure.
        """
        events = []
        for asset_id in _asset_ids(artifact) if isinstance(artifact, dict) else []:
            try:
                events.append(self._asset_event(asset_id))
            except AssetNotFoundError:
                log.warning("asset %s of a tool result is gone from the store", asset_id)
        return events

    def _asset_event(self, asset_id: str) -> AssetEvent:
        asset = self._services.assets.get(asset_id)
        number = None
        label = shown_caption(asset, self._numbers)  # "Live image of #3", never of its id
        if asset.kind == "ad_image":
            number = self._numbers.setdefault(asset.id, len(self._numbers) + 1)
            label = ad_label(asset, self._numbers)
        return AssetEvent(
            asset_id=asset.id,
            kind=asset.kind,
            mime=asset.mime,
            path=str(self._services.assets.path(asset.id)),
            caption=asset.caption,
            width=asset.width,
            height=asset.height,
            number=number,
            label=label,
        )


def _asset_ids(artifact: dict[str, Any]) -> list[str]:
    if isinstance(artifact.get("video"), dict):
        return [artifact["video"]["asset_id"]]
    if "images" in artifact:
        return [image["asset_id"] for image in artifact["images"]]
    if "image" in artifact:
        return [artifact["image"]["asset_id"]]
    if isinstance(artifact.get("asset_id"), str):  # one new asset (a background removed)
        return [artifact["asset_id"]]
    return []

