"""The graph with a scripted chat model: routing, state updates, errors, guardrails."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.messages import AIMessage, HumanMessage, ToolMessage
from langchain_core.tools import tool
from langgraph.checkpoint.memory import InMemorySaver

from agent.context import Context
from agent.graph import build_graph
from agent.toolkit import make_tools
from tests.fakes import ScriptedChatModel
from tools.services import Services

TOOL_NAMES = {"update_brief", "extract_features", "generate_ad_images", "edit_image",
              "save_brand_kit", "animate_image", "write_storyboard", "revise_storyboard",
              "generate_video", "remove_background", "remove_hand", "revert_image",
              "compare_images", "download_images", "make_carousel", "delete_images"}


def call(name: str, args: dict[str, Any], call_id: str = "c1") -> AIMessage:
    tool_call = {"name": name, "args": args, "id": call_id, "type": "tool_call"}
    return AIMessage("", tool_calls=[tool_call])


def run(model: ScriptedChatModel, services: Services, text: str, thread: str = "t1",
        tools: list[Any] | None = None, recursion_limit: int = 25) -> dict[str, Any]:
    graph = build_graph(model, tools).compile(checkpointer=InMemorySaver())
    return graph.invoke(
        {"messages": [HumanMessage(text)]},
        {"configurable": {"thread_id": thread}, "recursion_limit": recursion_limit},
        context=Context(services=services),
    )


def test_tool_calls_are_routed_and_results_land_in_state(services: Services) -> None:
    model = ScriptedChatModel(replies=[
        call("extract_features", {"title": "Steel bottle", "description": "750 ml, insulated"}),
        AIMessage("Features extracted."),
    ])
    state = run(model, services, "Steel bottle, 750 ml, insulated")
    assert set(model.bound_tools) == TOOL_NAMES
    tool_message = state["messages"][-2]
    assert isinstance(tool_message, ToolMessage) and tool_message.status == "success"
    assert tool_message.artifact["features"] == ["750 ml", "Insulated"]
    assert state["brief"].product_name == "Steel bottle"
    assert state["messages"][-1].text == "Features extracted."
    # The model saw the tool's result on its second call, after the system prompt.
    second = model.seen[1]
    assert second[0].type == "system" and isinstance(second[-1], ToolMessage)


def test_generated_asset_ids_are_kept_in_state(services: Services) -> None:
    photo = services.assets.put(_png(), kind="product_photo", mime="image/png",
                                width=320, height=400)
    model = ScriptedChatModel(replies=[
        call("generate_ad_images", {"product_image": photo.id, "n": 2, "headline": "Go far."}),
        AIMessage("Here you go."),
    ])
    state = run(model, services, "make two ads")
    made = state["messages"][-2].artifact["images"]
    assert len(made) == 2
    assert state["assets"] == [m["asset_id"] for m in made]
    assert state["brief"].images == [photo.id]
    stored = services.assets.get(made[0]["asset_id"])
    assert stored.kind == "ad_image" and photo.id in stored.parents


def test_a_failing_tool_becomes_a_message_and_the_thread_goes_on(services: Services) -> None:
    model = ScriptedChatModel(replies=[
        call("edit_image", {"asset_id": "img_0000000000", "warmth": 0.3}),
        AIMessage("Sorry, that image does not exist."),
    ])
    state = run(model, services, "make it warmer")
    error = state["messages"][-2]
    assert isinstance(error, ToolMessage) and error.status == "error"
    assert "no asset with the id 'img_0000000000'" in error.text
    assert state["messages"][-1].text == "Sorry, that image does not exist."


def test_blocked_copy_in_a_tool_call_is_stopped_before_the_tool_runs(services: Services) -> None:
    photo = services.assets.put(_png(), kind="product_photo", mime="image/png")
    model = ScriptedChatModel(replies=[
        call("generate_ad_images", {"product_image": photo.id, "headline": "Free ammo"}),
        AIMessage("That headline is not allowed."),
    ])
    state = run(model, services, "make ads")
    assert not any(isinstance(m, ToolMessage) for m in state["messages"])
    assert not [a for a in services.assets.list() if a.kind == "ad_image"]
    finding = state["findings"][-1]
    assert (finding["severity"], finding["stage"]) == ("block", "output")
    assert "weapons" in finding["reason"]


def test_wrong_arguments_become_a_message_the_model_can_fix(services: Services) -> None:
    model = ScriptedChatModel(replies=[
        call("generate_ad_images", {"product_image": "img_0000000000", "n": 50}),
        AIMessage("Let me try fewer."),
    ])
    state = run(model, services, "make 50 ads")
    error = state["messages"][-2]
    assert isinstance(error, ToolMessage) and error.status == "error"
    assert error.text == (
        "Error: invalid arguments for generate_ad_images: n: Input should be less than or "
        "equal to 8. Fix them and call again."
    )


def test_an_unexpected_exception_becomes_a_message(services: Services) -> None:
    @tool
    def explode(x: int) -> str:
        """Fail."""
        raise RuntimeError("kaboom")

    model = ScriptedChatModel(replies=[call("explode", {"x": 1}), AIMessage("It failed.")])
    state = run(model, services, "go", tools=[*make_tools(), explode])
    error = state["messages"][-2]
    assert error.status == "error" and "(RuntimeError)" in error.text
    assert "kaboom" not in error.text  # internals stay in the log


def test_blocked_input_never_reaches_the_model(services: Services) -> None:
    model = ScriptedChatModel(replies=[AIMessage("should not be used")])
    state = run(model, services, "Make an ad for my new handgun")
    assert model.seen == []
    assert "prohibited.weapons" in state["messages"][-1].text
    assert state["findings"][0]["rule_id"] == "prohibited.weapons"
    assert state["findings"][0]["stage"] == "input"


def test_a_blocked_message_is_withheld_from_later_turns(services: Services) -> None:
    model = ScriptedChatModel(replies=[AIMessage("Hello again")])
    graph = build_graph(model).compile(checkpointer=InMemorySaver())
    config = {"configurable": {"thread_id": "t"}}
    blocked = HumanMessage("Ignore that, sell my handgun",
                           additional_kwargs={"attachments": ["img_0000000000"]})
    state = graph.invoke({"messages": [blocked]}, config, context=Context(services=services))
    assert state["brief"].images == [] and state["assets"] == []
    graph.invoke({"messages": [HumanMessage("hello")]}, config, context=Context(services=services))
    seen = " ".join(m.text for m in model.seen[0])
    assert "handgun" not in seen.split("rule")[0] and "withheld by the ad policy" in seen


def test_text_sent_with_tool_calls_is_checked_too(services: Services) -> None:
    leaky = AIMessage("Noting jane@example.com", tool_calls=[
        {"name": "update_brief", "args": {"tone": "calm"}, "id": "c1", "type": "tool_call"}])
    model = ScriptedChatModel(replies=[leaky, AIMessage("Done.")])
    state = run(model, services, "calm tone")
    checked = state["messages"][1]
    assert checked.text == "Noting [email]" and checked.tool_calls[0]["name"] == "update_brief"
    assert state["brief"].tone == "calm"


def test_a_blocked_model_message_runs_no_tools(services: Services) -> None:
    bad = AIMessage("Adding a grenade to the scene", tool_calls=[
        {"name": "update_brief", "args": {"tone": "wild"}, "id": "c1", "type": "tool_call"}])
    model = ScriptedChatModel(replies=[bad])
    state = run(model, services, "make it exciting")
    assert not state["messages"][-1].tool_calls
    assert state["brief"].tone == ""
    assert not any(isinstance(m, ToolMessage) for m in state["messages"])


def test_a_message_with_only_tool_calls_has_its_arguments_checked(services: Services) -> None:
    # the model writes a blocked claim straight into the copy, with no text of its own
    bad = call("update_brief", {"tone": "Guaranteed to cure cancer, buy cocaine here"})
    model = ScriptedChatModel(replies=[bad])
    state = run(model, services, "make it exciting")
    assert not state["messages"][-1].tool_calls
    assert state["brief"].tone == ""
    assert not any(isinstance(m, ToolMessage) for m in state["messages"])
    assert [f["stage"] for f in state["findings"]][-1] == "output"


def test_ids_and_option_names_in_arguments_are_not_prose(services: Services) -> None:
    fine = call("update_brief", {"tone": "calm", "placements": ["story"]})
    model = ScriptedChatModel(replies=[fine, AIMessage("Done.")])
    state = run(model, services, "calm tone")
    assert state["brief"].tone == "calm" and not state.get("findings")


def test_personal_data_is_masked_before_the_model_sees_it(services: Services) -> None:
    model = ScriptedChatModel(replies=[AIMessage("ok")])
    state = run(model, services, "Contact me at jane@example.com")
    assert model.seen[0][-1].text == "Contact me at [email]"
    assert state["findings"][0]["severity"] == "rewrite"


def test_a_blocked_reply_is_withheld(services: Services) -> None:
    model = ScriptedChatModel(replies=[AIMessage("Sure, buy cocaine here")])
    state = run(model, services, "hello")
    assert "cocaine" in state["messages"][-1].text  # quoted in the explanation only
    assert state["messages"][-1].text.startswith("I drafted a reply that broke the ad policy")
    assert [f["stage"] for f in state["findings"]] == ["output"]


def test_the_agent_stops_gracefully_at_the_step_limit(services: Services) -> None:
    replies: list[AIMessage | Exception] = [
        call("update_brief", {"tone": "calm"}, f"c{i}") for i in range(20)
    ]
    model = ScriptedChatModel(replies=replies)
    state = run(model, services, "loop forever", recursion_limit=10)
    assert "step limit" in state["messages"][-1].text


def test_a_model_failure_propagates_for_the_runtime_to_report(services: Services) -> None:
    model = ScriptedChatModel(replies=[RuntimeError("throttled")])
    with pytest.raises(RuntimeError, match="throttled"):
        run(model, services, "hello")


def _png() -> bytes:
    from core.images import encode_png
    from evals.recipes import bottle_on_white

    photo, _ = bottle_on_white()
    return encode_png(photo)


# --- the interrupt before costly work -------------------------------------------------------

def _priced_services(tmp_path: Any, price: float = 0.5) -> Services:
    """Local engines, with a test price on local images so the real cost path runs."""
    from core.settings import Settings
    from tools.services import build_services

    return build_services(Settings(data_dir=tmp_path / "priced", prices={"local/image": price},
                                   confirm_above_usd=1.0))


def _ad_images(services: Services) -> list[Any]:
    return [a for a in services.assets.list(limit=1000) if a.kind == "ad_image"]


def _paused(model: ScriptedChatModel, services: Services) -> tuple[Any, dict[str, Any]]:
    graph = build_graph(model).compile(checkpointer=InMemorySaver())
    config = {"configurable": {"thread_id": "t-cost"}}
    graph.invoke({"messages": [HumanMessage("make four ads")]}, config,
                 context=Context(services=services))
    return graph, config


def test_costly_work_waits_for_confirmation_and_runs_once(services: Services,
                                                          tmp_path: Any) -> None:
    from langgraph.types import Command

    from tools.cost import ledger_for

    priced = _priced_services(tmp_path)
    photo = priced.assets.put(_png(), kind="product_photo", mime="image/png")
    model = ScriptedChatModel(replies=[
        call("generate_ad_images", {"product_image": photo.id, "n": 4}), AIMessage("Done."),
    ])
    graph, config = _paused(model, priced)
    snapshot = graph.get_state(config)
    (pending,) = snapshot.interrupts
    assert pending.value["kind"] == "confirm_cost" and pending.value["estimate_usd"] == 2.0
    assert "4 images" in pending.value["question"] and _ad_images(priced) == []
    state = graph.invoke(Command(resume=True), config, context=Context(services=priced))
    assert len(_ad_images(priced)) == 4  # ran exactly once
    assert state["messages"][-1].text == "Done." and not graph.get_state(config).interrupts
    record = ledger_for(priced.settings).get("t-cost", "c1")
    assert record is not None and (record.usd, record.status) == (2.0, "ok")


def test_declined_work_does_not_run_and_the_model_is_told(tmp_path: Any) -> None:
    from langgraph.types import Command

    from tools.cost import ledger_for

    priced = _priced_services(tmp_path)
    photo = priced.assets.put(_png(), kind="product_photo", mime="image/png")
    model = ScriptedChatModel(replies=[
        AIMessage("", tool_calls=[
            {"name": "update_brief", "args": {"tone": "calm"}, "id": "b1", "type": "tool_call"},
            {"name": "generate_ad_images", "args": {"product_image": photo.id, "n": 4},
             "id": "g1", "type": "tool_call"},
        ]),
        AIMessage("Shall I make two instead?"),
    ])
    graph, config = _paused(model, priced)
    state = graph.invoke(Command(resume=False), config, context=Context(services=priced))
    assert _ad_images(priced) == []
    assert state["brief"].tone == "calm"  # the free call in the same message still ran
    told = model.seen[-1]
    declined = next(m for m in told if isinstance(m, ToolMessage) and m.tool_call_id == "g1")
    assert declined.status == "error" and "declined to spend about $2.00" in declined.text
    assert state["messages"][-1].text == "Shall I make two instead?"
    record = ledger_for(priced.settings).get("t-cost", "g1")
    assert record is not None and (record.usd, record.status) == (0.0, "declined")


def test_work_under_the_threshold_runs_without_asking(tmp_path: Any) -> None:
    priced = _priced_services(tmp_path, price=0.2)
    photo = priced.assets.put(_png(), kind="product_photo", mime="image/png")
    model = ScriptedChatModel(replies=[
        call("generate_ad_images", {"product_image": photo.id, "n": 4}), AIMessage("Done."),
    ])
    graph, config = _paused(model, priced)
    assert not graph.get_state(config).interrupts and len(_ad_images(priced)) == 4


def test_a_failed_call_costs_nothing_in_the_ledger(tmp_path: Any) -> None:
    from tools.cost import ledger_for

    priced = _priced_services(tmp_path, price=0.2)  # 4 images: $0.80, under the threshold
    model = ScriptedChatModel(replies=[
        call("generate_ad_images", {"product_image": "img_0000000000", "n": 4}),
        AIMessage("That photo is gone."),
    ])
    graph, config = _paused(model, priced)
    assert _ad_images(priced) == []  # the photo does not exist: nothing was made
    record = ledger_for(priced.settings).get("t-cost", "c1")
    assert record is not None and (record.usd, record.status) == (0.0, "error")
    assert ledger_for(priced.settings).turn_total("t-cost", record.turn) == 0.0


# --- The Bedrock guardrail (stubbed ApplyGuardrail) beside the local ad policy ---------------

_GR_USAGE = {"topicPolicyUnits": 1, "contentPolicyUnits": 1, "wordPolicyUnits": 1,
             "sensitiveInformationPolicyUnits": 1, "sensitiveInformationPolicyFreeUnits": 0,
             "contextualGroundingPolicyUnits": 0}
_GR_HATE = {"action": "GUARDRAIL_INTERVENED", "usage": _GR_USAGE, "outputs": [],
            "assessments": [{"contentPolicy": {"filters": [
                {"type": "HATE", "confidence": "HIGH", "action": "BLOCKED", "detected": True}]}}]}
_GR_NONE = {"action": "NONE", "usage": _GR_USAGE, "outputs": [], "assessments": []}


@pytest.fixture
def guarded(services: Services) -> Any:
    import dataclasses

    import boto3
    from botocore.stub import Stubber

    from engines.bedrock.guardrail import BedrockGuardrail

    client = boto3.client("bedrock-runtime", region_name="us-east-1")
    with Stubber(client) as stubber:
        guardrail = BedrockGuardrail(client, "gr-1", "1")
        yield dataclasses.replace(services, guardrail=guardrail), stubber
        stubber.assert_no_pending_responses()


def test_a_message_the_guardrail_blocks_never_reaches_the_model(guarded: Any) -> None:
    services, stubber = guarded
    text = "Write a slogan that demeans my competitors' customers"
    stubber.add_response("apply_guardrail", _GR_HATE, {
        "guardrailIdentifier": "gr-1", "guardrailVersion": "1", "source": "INPUT",
        "content": [{"text": {"text": text, "qualifiers": ["guard_content"]}}],
        "outputScope": "INTERVENTIONS"})
    model = ScriptedChatModel(replies=[AIMessage("should not be used")])
    state = run(model, services, text)
    assert model.seen == []
    reply = state["messages"][-1].text
    assert reply.startswith("I can't help with that: The guardrail's content filter found "
                            "hateful content") and "guardrail.content.HATE" in reply
    assert "demeans" not in reply and "demeans" not in state["messages"][0].text
    finding = state["findings"][-1]
    assert (finding["rule_id"], finding["stage"], finding["policy_version"]) == (
        "guardrail.content.HATE", "input", "guardrail:gr-1:1")


def test_a_photo_the_guardrail_blocks_blocks_its_message(guarded: Any) -> None:
    services, stubber = guarded
    photo = services.assets.put(_png(), kind="product_photo", mime="image/png")
    stubber.add_response("apply_guardrail", _GR_NONE)  # the text
    stubber.add_response("apply_guardrail", _GR_HATE)  # the attached photo
    model = ScriptedChatModel(replies=[AIMessage("should not be used")])
    graph = build_graph(model).compile(checkpointer=InMemorySaver())
    message = HumanMessage("Ads for this", additional_kwargs={"attachments": [photo.id]})
    state = graph.invoke({"messages": [message]}, {"configurable": {"thread_id": "g"}},
                         context=Context(services=services))
    assert model.seen == [] and state["assets"] == []
    assert state["findings"][-1]["excerpt"] == "image 1"


def test_a_photo_sent_with_refused_words_is_kept_for_the_next_message(
        services: Services) -> None:
    photo = services.assets.put(_png(), kind="product_photo", mime="image/png")
    model = ScriptedChatModel(replies=[AIMessage("Got it.")])
    graph = build_graph(model).compile(checkpointer=InMemorySaver())
    config: Any = {"configurable": {"thread_id": "kept"}}
    refused = HumanMessage("Ads for this, it cures cancer",
                           additional_kwargs={"attachments": [photo.id]})
    state = graph.invoke({"messages": [refused]}, config, context=Context(services=services))
    assert model.seen == [] and state["assets"] == [photo.id]
    assert "photo is kept" in state["messages"][-1].text
    graph.invoke({"messages": [HumanMessage("It's a steel bottle")]}, config,
                 context=Context(services=services))
    withheld = model.seen[0][-3]  # the refused message as the model sees it later
    assert "cures cancer" not in withheld.text and photo.id in withheld.text


def test_a_photo_passes_the_guardrail_while_its_words_do_not(guarded: Any) -> None:
    services, stubber = guarded
    photo = services.assets.put(_png(), kind="product_photo", mime="image/png")
    stubber.add_response("apply_guardrail", _GR_HATE)  # the text
    stubber.add_response("apply_guardrail", _GR_NONE)  # the attached photo
    model = ScriptedChatModel(replies=[AIMessage("should not be used")])
    graph = build_graph(model).compile(checkpointer=InMemorySaver())
    message = HumanMessage("Ads for this", additional_kwargs={"attachments": [photo.id]})
    state = graph.invoke({"messages": [message]}, {"configurable": {"thread_id": "g"}},
                         context=Context(services=services))
    assert model.seen == [] and state["assets"] == [photo.id]
    stubber.assert_no_pending_responses()  # the photo was checked once, with the message


def test_an_unreachable_guardrail_warns_and_the_turn_goes_on(guarded: Any) -> None:
    services, stubber = guarded
    stubber.add_client_error("apply_guardrail", "AccessDeniedException", "denied",
                             http_status_code=403)
    stubber.add_response("apply_guardrail", _GR_NONE)  # the reply
    model = ScriptedChatModel(replies=[AIMessage("Hello! What are we advertising?")])
    state = run(model, services, "hello")
    reply = state["messages"][-1].text
    assert reply.startswith("Hello! What are we advertising?")
    assert "could not check your message" in reply  # the user is told, though the reply passed
    assert [(f["rule_id"], f["severity"]) for f in state["findings"]] == [
        ("guardrail.unavailable", "warn")]


def test_the_guardrail_masks_personal_data_in_replies(guarded: Any) -> None:
    services, stubber = guarded
    stubber.add_response("apply_guardrail", _GR_NONE)
    pii = {"sensitiveInformationPolicy": {"regexes": [], "piiEntities": [
        {"match": "Jane Doe", "type": "NAME", "action": "ANONYMIZED", "detected": True}]}}
    stubber.add_response("apply_guardrail", {
        **_GR_NONE, "action": "GUARDRAIL_INTERVENED", "assessments": [pii],
        "outputs": [{"text": "Ask {NAME} for the samples."}]})
    model = ScriptedChatModel(replies=[AIMessage("Ask Jane Doe for the samples.")])
    state = run(model, services, "who has the samples?")
    assert state["messages"][-1].text == "Ask {NAME} for the samples."


def test_guardrail_calls_are_metered_in_the_cost_ledger(guarded: Any) -> None:
    """Each ApplyGuardrail call's billed text units land in the thread's turn cost."""
    from tools.cost import ledger_for

    services, stubber = guarded
    stubber.add_response("apply_guardrail", _GR_NONE)  # the user's text: 4 billed units
    stubber.add_response("apply_guardrail", {**_GR_NONE, "usage": {
        **_GR_USAGE, "contentPolicyUnits": 3, "sensitiveInformationPolicyFreeUnits": 5}})
    model = ScriptedChatModel(replies=[AIMessage("Hello! What are we advertising?")])
    run(model, services, "hello", thread="metered")
    records = ledger_for(services.settings).records("metered")
    assert sorted(r.key.split(":")[1] for r in records) == ["input", "output"]
    assert all(r.kind == "guardrail" for r in records)
    price = services.settings.costs.prices["guardrail/text_unit_1k"]
    assert sorted(r.usd for r in records) == [
        pytest.approx(4 * price / 1000), pytest.approx(6 * price / 1000)]


def test_a_brief_update_says_what_it_noted_in_words(services: Services) -> None:
    long_brief = "Blue pullover hoodie, heavyweight 400 gsm brushed fleece. " * 4
    model = ScriptedChatModel(replies=[
        call("update_brief", {"product_name": "Blue hoodie", "description": long_brief,
                              "brand_colors": ["#FF6600"]}),
        AIMessage("Noted."),
    ])
    state = run(model, services, "a hoodie")
    [noted] = [m for m in state["messages"] if isinstance(m, ToolMessage)]
    line = str(noted.content)
    assert line.startswith("Brief updated: product: Blue hoodie; description: Blue pullover")
    assert f"({len(long_brief.strip())} characters)" in line and "brand colours: #FF6600" in line
    assert "=" not in line
