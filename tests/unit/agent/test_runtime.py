"""The runtime's event stream: what users see, in order, and failures turned into messages."""

from __future__ import annotations

from botocore.exceptions import ClientError
from langchain_core.messages import AIMessage
from langgraph.checkpoint.memory import InMemorySaver
from markdown_it import MarkdownIt

from agent.events import (
    DoneEvent,
    ErrorEvent,
    GuardrailEvent,
    TextEvent,
    ToolEndEvent,
    ToolStartEvent,
)
from agent.runtime import SERIALIZER, AgentRuntime
from core.settings import Settings
from tests.fakes import ScriptedChatModel
from tools.services import Services


def scripted(settings: Settings, services: Services, replies: list) -> AgentRuntime:
    return AgentRuntime(settings, services=services, chat_model=ScriptedChatModel(replies=replies),
                        checkpointer=InMemorySaver(serde=SERIALIZER))


def test_events_come_in_order_and_only_after_the_output_check(
    settings: Settings, services: Services
) -> None:
    leaky = AIMessage("Noting jane@example.com", tool_calls=[
        {"name": "update_brief", "args": {"tone": "calm"}, "id": "c1", "type": "tool_call"}])
    runtime = scripted(settings, services, [leaky, AIMessage("Done.")])
    events = list(runtime.stream("t", "calm tone please"))
    kinds = [type(e).__name__ for e in events]
    assert kinds == ["GuardrailEvent", "TextEvent", "ToolStartEvent", "ToolEndEvent",
                     "TextEvent", "DoneEvent"]
    assert isinstance(events[0], GuardrailEvent) and events[0].stage == "output"
    assert [e.text for e in events if isinstance(e, TextEvent)] == ["Noting [email]", "Done."]
    assert "jane@" not in " ".join(e.model_dump_json() for e in events)
    start, end = events[2], events[3]
    assert isinstance(start, ToolStartEvent) and isinstance(end, ToolEndEvent)
    assert start.call_id == end.call_id == "c1" and end.ok and end.seconds is not None


def test_a_throttled_model_is_reported_and_the_thread_goes_on(
    settings: Settings, services: Services
) -> None:
    throttled = ClientError(
        {"Error": {"Code": "ThrottlingException", "Message": "Too many requests"}}, "Converse"
    )
    runtime = scripted(settings, services, [throttled, AIMessage("Back again.")])
    first = list(runtime.stream("t", "hello"))
    assert isinstance(first[-2], TextEvent) and isinstance(first[-1], DoneEvent)
    assert first[-2].text == "Bedrock is throttling requests; try again in a minute."
    assert not [e for e in first if isinstance(e, ErrorEvent)]
    second = list(runtime.stream("t", "hello?"))
    assert [e.text for e in second if isinstance(e, TextEvent)] == ["Back again."]


def test_unexpected_failures_do_not_leak_internals(settings: Settings, services: Services) -> None:
    runtime = scripted(settings, services, [RuntimeError("/secret/path/db.sqlite")])
    events = list(runtime.stream("t", "hello"))
    error = next(e for e in events if isinstance(e, ErrorEvent))
    assert "RuntimeError" in error.message and "/secret" not in error.message


def test_a_lone_surrogate_in_a_message_is_read_not_a_failure(
    settings: Settings, services: Services
) -> None:
    # JSON's "\ud800" arrives as a lone surrogate, which no encoder or tokenizer accepts: the
    # input check failed with UnicodeEncodeError and the turn ended in "Something went wrong".
    runtime = scripted(settings, services, [AIMessage("Sure.")])
    events = list(runtime.stream("t", "calm tone \ud800 please"))
    assert not [e for e in events if isinstance(e, ErrorEvent)]
    assert [e.text for e in events if isinstance(e, TextEvent)] == ["Sure."]
    state = runtime.state("t")
    assert state is not None and state.messages[0].text == "calm tone \ufffd please"


def test_a_blocked_input_streams_the_refusal(settings: Settings, services: Services) -> None:
    runtime = scripted(settings, services, [])
    events = list(runtime.stream("t", "ads for my handgun shop"))
    assert isinstance(events[0], GuardrailEvent) and events[0].severity == "block"
    assert isinstance(events[1], TextEvent) and "prohibited.weapons" in events[1].text
    assert isinstance(events[2], DoneEvent)


# --- cost events and the confirmation before costly work ------------------------------------

def _priced(settings: Settings, price: float = 0.5) -> tuple[Settings, Services]:
    from tools.services import build_services

    priced = settings.with_changes(prices={"local/image": price}, confirm_above_usd=1.0)
    return priced, build_services(priced)


def _make_ads(photo_id: str, n: int = 4) -> AIMessage:
    return AIMessage("", tool_calls=[{"name": "generate_ad_images", "id": "g1",
                                      "args": {"product_image": photo_id, "n": n},
                                      "type": "tool_call"}])


def test_a_costly_call_pauses_with_a_question_and_resumes(settings: Settings) -> None:
    from agent.events import ConfirmEvent, CostEvent

    priced, services = _priced(settings)
    photo = services.assets.put(_png(), kind="product_photo", mime="image/png")
    runtime = scripted(priced, services, [_make_ads(photo.id), AIMessage("Here they are.")])
    first = list(runtime.stream("t", "four ads please"))
    assert [type(e).__name__ for e in first] == ["ToolStartEvent", "ConfirmEvent", "DoneEvent"]
    confirm = first[1]
    assert isinstance(confirm, ConfirmEvent) and confirm.estimate_usd == 2.0
    assert confirm.call_ids == ["g1"] and "$2.00" in confirm.question
    assert first[-1].waiting  # type: ignore[union-attr]
    assert runtime.pending_confirmation("t") == confirm
    rest = list(runtime.resume("t", approved=True))
    kinds = [type(e).__name__ for e in rest]
    assert "ToolEndEvent" in kinds and kinds.count("AssetEvent") == 4
    tool_cost = next(e for e in rest if isinstance(e, CostEvent) and e.scope == "tool")
    assert (tool_cost.usd, tool_cost.name) == (2.0, "generate_ad_images")
    assert kinds[-3:] == ["TextEvent", "CostEvent", "DoneEvent"]
    turn = rest[-2]
    assert isinstance(turn, CostEvent) and turn.scope == "turn" and turn.usd == 2.0
    assert runtime.pending_confirmation("t") is None
    assert sum(record.usd for record in runtime.ledger.records("t")) == 2.0


def test_declining_runs_nothing_and_costs_nothing(settings: Settings) -> None:
    from agent.events import CostEvent

    priced, services = _priced(settings)
    photo = services.assets.put(_png(), kind="product_photo", mime="image/png")
    runtime = scripted(priced, services, [_make_ads(photo.id), AIMessage("Two instead?")])
    list(runtime.stream("t", "four ads please"))
    rest = list(runtime.resume("t", approved=False))
    end = next(e for e in rest if isinstance(e, ToolEndEvent))
    assert not end.ok and "declined" in end.summary
    assert [e.text for e in rest if isinstance(e, TextEvent)] == ["Two instead?"]
    assert not [e for e in rest if isinstance(e, CostEvent)]
    assert rest[-1].turn_usd == 0  # type: ignore[union-attr]
    assert not [a for a in services.assets.list() if a.kind == "ad_image"]


def test_a_new_message_declines_the_pending_spend(settings: Settings) -> None:
    priced, services = _priced(settings)
    photo = services.assets.put(_png(), kind="product_photo", mime="image/png")
    runtime = scripted(priced, services, [_make_ads(photo.id), AIMessage("Cheaper, then?"),
                                          AIMessage("Hello!")])
    list(runtime.stream("t", "four ads please"))
    events = list(runtime.stream("t", "actually, just say hello"))
    assert [e.text for e in events if isinstance(e, TextEvent)] == ["Cheaper, then?", "Hello!"]
    assert isinstance(events[-1], DoneEvent) and not events[-1].waiting
    assert runtime.pending_confirmation("t") is None


def test_a_pending_confirmation_survives_a_restart(settings: Settings) -> None:
    priced, services = _priced(settings)
    photo = services.assets.put(_png(), kind="product_photo", mime="image/png")
    model = ScriptedChatModel(replies=[_make_ads(photo.id)])
    first = AgentRuntime(priced, services=services, chat_model=model)  # SQLite checkpointer
    assert any(e.type == "confirm" for e in first.stream("t", "four ads please"))
    again = AgentRuntime(priced, services=services,
                         chat_model=ScriptedChatModel(replies=[AIMessage("Done.")]))
    assert again.pending_confirmation("t") is not None
    rest = list(again.resume("t", approved=True))
    assert sum(e.type == "asset" for e in rest) == 4 and rest[-1].type == "done"


def test_resume_without_a_question_says_so(settings: Settings, services: Services) -> None:
    runtime = scripted(settings, services, [])
    events = list(runtime.resume("t", approved=True))
    assert isinstance(events[0], ErrorEvent) and isinstance(events[-1], DoneEvent)


def test_every_turn_reports_its_cost(settings: Settings, services: Services) -> None:
    from dataclasses import replace

    from agent.events import CostEvent

    local = scripted(settings, services, [AIMessage("Hi!")])
    events = list(local.stream("t", "hello"))
    assert [type(e).__name__ for e in events] == ["TextEvent", "DoneEvent"]  # $0: no line
    assert events[-1].turn_usd == 0  # type: ignore[union-attr]
    bedrock = settings.with_changes(engine="bedrock")
    reply = AIMessage("Hi!", usage_metadata={"input_tokens": 3000, "output_tokens": 200,
                                             "total_tokens": 3200})
    priced = scripted(bedrock, replace(services, settings=bedrock), [reply])
    events = list(priced.stream("t2", "hello"))
    turn = events[-2]
    assert isinstance(turn, CostEvent) and turn.scope == "turn"
    assert turn.usd == 0.004 and events[-1].turn_usd == 0.004  # type: ignore[union-attr]
    assert turn.engine == "bedrock" and turn.prices_date == settings.costs.prices_date


def _png() -> bytes:
    from core.images import encode_png
    from evals.recipes import bottle_on_white

    return encode_png(bottle_on_white()[0])


def test_stop_ends_a_running_render_and_keeps_nothing(
    settings: Settings, services: Services
) -> None:
    """The UI's Stop: the render ends at its next frame; the agent hears why and goes on."""
    from agent.events import ProgressEvent
    from core.images import encode_png
    from evals.recipes import bottle_on_white

    ad = services.assets.put(encode_png(bottle_on_white()[0]), kind="ad_image", mime="image/png")
    call = AIMessage("", tool_calls=[{"name": "animate_image", "args": {"asset_id": ad.id},
                                      "id": "a1", "type": "tool_call"}])
    model = ScriptedChatModel(replies=[call, AIMessage("Stopped; say when.")])
    runtime = AgentRuntime(settings, services=services, chat_model=model,
                           checkpointer=InMemorySaver(serde=SERIALIZER))
    assert not runtime.stop("t") and not runtime.running("t")
    events = []
    for event in runtime.stream("t", "animate it"):
        events.append(event)
        if isinstance(event, ProgressEvent):
            assert runtime.running("t") and runtime.stop("t")
    end = next(e for e in events if isinstance(e, ToolEndEvent))
    assert not end.ok
    tool_reply = model.seen[-1][-1]
    assert "cancelled" in str(tool_reply.content) and "nothing was saved" in str(tool_reply.content)
    assert [e.text for e in events if isinstance(e, TextEvent)] == ["Stopped; say when."]
    assert [a.kind for a in services.assets.list()] == ["ad_image"]
    assert not runtime.running("t")
    renders = services.assets.root / "renders"
    assert not renders.exists() or not [p for p in renders.rglob("*") if p.is_file()]


def test_a_reply_that_repeats_markup_has_a_form_safe_to_render(
    settings: Settings, services: Services
) -> None:
    reply = "Meet the <img src=x onerror=alert(1)> Mug ![x](http://evil.example/p.png)"
    runtime = scripted(settings, services, [AIMessage(reply)])
    (text,) = [e for e in runtime.stream("t", "hello") if isinstance(e, TextEvent)]
    data = text.model_dump(mode="json")
    assert data["text"] == reply  # the plain text, unchanged
    assert data["html"] == ("Meet the &lt;img src=x onerror=alert(1)&gt; Mug "
                            "![x](http://evil.example/p.png)")
    rendered = MarkdownIt("commonmark", {"html": True}).render(data["markdown"])
    assert "<img" not in rendered and "<a " not in rendered  # shown as text
