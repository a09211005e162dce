"""The filters stage, after the document checks and inline suppressions: findings a baseline
records, then findings under the minimum severity, leave the result. `check`, `annotate` and
library users (``promiselint.api.filter_findings``) all go through it, in this order, so a
baselined finding never shows nor fails a run."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from promiselint.baseline import Baseline
from promiselint.findings import LintResult, Severity


def filter_findings(
    result: LintResult,
    min_severity: Severity,
    baseline: Baseline | None = None,
    aliases: Mapping[str, str] | None = None,
    baseline_name: str = "the baseline",
) -> LintResult:
    """``result`` without the findings ``baseline`` records (``aliases``: a rule's former ids,
    which old baselines may name) and those under ``min_severity``; a notice says how many the
    baseline hid."""
    findings = result.findings
    notices = list(result.notices)
    if baseline is not None:
        new = baseline.new_findings(findings, aliases)
        hidden = len(findings) - len(new)
        if hidden:
            notices.append(f"{hidden} findings recorded in {baseline_name} not shown")
        findings = new
    kept = [finding for finding in findings if finding.severity >= min_severity]
    return replace(result, findings=kept, notices=notices)
