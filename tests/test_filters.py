"""The filters stage as a library user meets it: promiselint.api.filter_findings applies a
baseline, then the minimum severity, to a real lint result."""

from __future__ import annotations

from pathlib import Path

from promiselint.api import filter_findings, lint_paths, make_engine
from promiselint.baseline import load_baseline, save_baseline
from promiselint.config import Config
from promiselint.findings import LintResult, Severity

OLD = "Our support is available 24/7.\n"
NEW = "Your site will be live by March 15, 2027.\n\nWe are the fastest agency in town.\n"


def _lint(folder: Path, text: str) -> LintResult:
    page = folder / "page.md"
    page.write_text(text, encoding="utf-8")
    config = Config()
    return lint_paths([str(page)], config, make_engine(config))


def test_baseline_then_min_severity(tmp_path: Path) -> None:
    before = _lint(tmp_path, OLD)
    assert before.findings, "the old copy must have a finding for the baseline to record"
    baseline_file = tmp_path / "baseline.json"
    save_baseline(baseline_file, before.findings)

    after = _lint(tmp_path, OLD + "\n" + NEW)
    shown = filter_findings(after, Severity.info, load_baseline(baseline_file))
    texts = {finding.text for finding in shown.findings}
    assert not texts & {finding.text for finding in before.findings}
    assert {"by March 15", "the fastest agency"} <= texts
    assert any("recorded in the baseline not shown" in notice for notice in shown.notices)
    assert after.findings != shown.findings  # the input result is left as it was

    errors_only = filter_findings(after, Severity.error, load_baseline(baseline_file))
    assert errors_only.findings
    assert all(finding.severity is Severity.error for finding in errors_only.findings)


def test_without_a_baseline_nothing_but_severity_filters(tmp_path: Path) -> None:
    result = _lint(tmp_path, NEW)
    assert filter_findings(result, Severity.info).findings == result.findings
    assert filter_findings(result, Severity.info).notices == result.notices
