"""The chat's input check for text typed outside the chat (the brief card's edits).

A brief typed in the chat passes ``agent.guards.guard_input``: the local ad policy, the
Bedrock guardrail when one is configured (``INPUT``, only for what the policy lets
through: no paid check of what is refused), an audit-log entry for each, and the
guardrail's text units in the thread's cost ledger. An edit made on the brief card never
runs through the graph, so :func:`check_input` gives it the same checks.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from core.findings import Finding
from engines.bedrock.guardrail import GuardrailVerdict
from policy import audit
from tools.cost import CostRecord, guardrail_cost, ledger_for
from tools.services import Services


@dataclass(frozen=True)
class InputCheck:
    """What the input check found in a text.

    Attributes:
        findings: The local policy's findings, then the guardrail's.
        masked: The guardrail's text with personal data anonymized, when it masked any.
        policy_version: The version of the local policy that checked it.
    """

    findings: list[Finding] = field(default_factory=list)
    masked: str | None = None
    policy_version: str = ""

    @property
    def blocks(self) -> list[Finding]:
        """The findings that refuse the text."""
        return [f for f in self.findings if f.severity == "block"]


def check_input(
    services: Services, text: str, *, tenant: str, thread: str | None, turn: str = "",
) -> InputCheck:
    """Check ``text`` as a user's chat message is checked, and audit each check.

    Args:
        services: The deployment's services (policy, guardrail, audit log).
        text: The text to check.
        tenant: Whose policy applies.
        thread: The conversation the text belongs to (recorded in the audit log).
        turn: The thread's current turn (its newest user message's id), for the ledger.
    """
    policy = services.policy(tenant)
    local = policy.check(text, chat=True)
    guardrail = services.guardrail
    ran = guardrail is not None and not any(f.severity == "block" for f in local)
    verdict = guardrail.assess_text(text, "INPUT") if guardrail is not None and ran else (
        GuardrailVerdict())
    checks = [(local, policy.version, audit.LOCAL_ENGINE)]
    if guardrail is not None and ran:
        checks.append((verdict.findings, guardrail.label, audit.GUARDRAIL_ENGINE))
    for findings, version, engine in checks:
        audit.record_to(services.audit, audit.entry(
            findings, content=text, stage="input", subject="text", policy_version=version,
            tenant=tenant, thread=thread, engine=engine,
        ))
    _meter(services, verdict, thread, turn)
    return InputCheck([*local, *verdict.findings], verdict.masked, policy.version)


def _meter(services: Services, verdict: GuardrailVerdict, thread: str | None, turn: str) -> None:
    """Record what the guardrail's check cost in the thread's ledger (nothing when free)."""
    usd = guardrail_cost(verdict.text_units, services.settings) if verdict.text_units else 0
    if usd <= 0 or not thread:
        return
    ledger_for(services.settings).record(CostRecord(
        thread=thread, turn=turn, key=f"guardrail:input:card_{uuid.uuid4().hex[:12]}",
        kind="guardrail", name="ApplyGuardrail", model="guardrail", usd=usd,
    ))
