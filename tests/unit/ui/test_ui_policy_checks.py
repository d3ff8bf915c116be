"""The Policy checks panel shows a copy finding's compliant rewrite (issue 20)."""

from __future__ import annotations

from core.findings import Finding
from policy.audit import AuditEntry
from ui.app import checks_markdown


def test_a_copy_finding_shows_its_rewrite() -> None:
    finding = Finding(rule_id="claims.unsubstantiated", severity="rewrite", span=(0, 10),
                      excerpt="Guaranteed", reason="Guarantees need proof.",
                      fix="State the real guarantee.", suggestion="Designed to deliver")
    entry = AuditEntry(stage="output", subject="text", digest="ab", policy_version="2026.12-2",
                       decision="rewrite", findings=[finding])
    lines = checks_markdown([entry]).splitlines()
    assert lines[1] == ("  - `claims.unsubstantiated`: Guarantees need proof. → State the real "
                        "guarantee. Try: “Designed to deliver”")
