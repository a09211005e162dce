"""Baselines through the command line: record today's findings, then see only new ones."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from promiselint.cli import main

PAGE = "# Pricing\n\nResults guaranteed.\n\nWe guarantee a refund.\n"


def check(*args: str) -> Result:
    return CliRunner().invoke(main, ["check", "--lang", "en", *args])


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "pricing.md").write_text(PAGE, encoding="utf-8")
    return tmp_path


def test_round_trip(project: Path) -> None:
    page = project / "docs" / "pricing.md"
    assert check("docs").exit_code == 1

    written = check("--write-baseline", "baseline.json", "docs")
    assert written.exit_code == 0, written.output
    assert "recorded 2 findings in baseline.json" in written.stderr

    clean = check("--baseline", "baseline.json", "docs")
    assert clean.exit_code == 0, clean.output
    assert "0 findings" in clean.stdout

    # Lines added above move the baselined findings down: still known.
    page.write_text(
        "# Pricing\n\nA new intro.\n\nAnd another line.\n" + PAGE[len("# Pricing\n") :],
        encoding="utf-8",
    )
    assert check("--baseline", "baseline.json", "docs").exit_code == 0

    # A new promise is reported, and only it.
    page.write_text(page.read_text(encoding="utf-8") + "\nDelivery guaranteed.\n", encoding="utf-8")
    new = check("--baseline", "baseline.json", "docs")
    assert new.exit_code == 1
    assert "docs/pricing.md:11:10:" in new.stdout
    assert new.stdout.count("absolute.guarantee") == 1


def test_file_is_sorted_stable_and_relative_to_itself(project: Path) -> None:
    (project / "docs" / "about.md").write_text("Success guaranteed.\n", encoding="utf-8")
    check("--write-baseline", "ci/baseline.json", "docs")
    first = (project / "ci" / "baseline.json").read_text(encoding="utf-8")
    check("--write-baseline", "ci/baseline.json", "docs")
    assert (project / "ci" / "baseline.json").read_text(encoding="utf-8") == first

    entries = json.loads(first)["findings"]
    assert [(e["path"], e["sentence"]) for e in entries] == [
        ("../docs/about.md", "Success guaranteed."),
        ("../docs/pricing.md", "Results guaranteed."),
        ("../docs/pricing.md", "We guarantee a refund."),
    ]
    assert entries[0] == {
        "path": "../docs/about.md",
        "rule_id": "absolute.guarantee",
        "sentence": "Success guaranteed.",
        "text": "guaranteed",
        "count": 1,
    }


def test_works_from_another_directory(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    check("--write-baseline", "baseline.json", "docs/pricing.md")
    monkeypatch.chdir(project / "docs")
    assert check("--baseline", "../baseline.json", "pricing.md").exit_code == 0


def test_duplicates_are_counted(project: Path) -> None:
    page = project / "docs" / "pricing.md"
    page.write_text("Results guaranteed.\n\nResults guaranteed.\n", encoding="utf-8")
    check("--write-baseline", "baseline.json", "docs")
    assert json.loads((project / "baseline.json").read_text())["findings"][0]["count"] == 2

    page.write_text(
        "Results guaranteed.\n\nResults guaranteed.\n\nResults guaranteed.\n", encoding="utf-8"
    )
    third = check("--baseline", "baseline.json", "docs")
    assert third.exit_code == 1
    assert third.stdout.count("absolute.guarantee") == 1


def test_baseline_applies_before_min_severity_and_fail_on(project: Path) -> None:
    # An info-level finding, hidden by the default --min-severity, is still recorded...
    (project / ".promiselint.yaml").write_text(
        "severity:\n  absolute.guarantee: info\n", encoding="utf-8"
    )
    assert check("--write-baseline", "baseline.json", "docs").exit_code == 0
    assert len(json.loads((project / "baseline.json").read_text())["findings"]) == 2
    # ...so showing and failing on info later does not bring it back.
    shown = check(
        "--baseline", "baseline.json", "--min-severity", "info", "--fail-on", "info", "docs"
    )
    assert shown.exit_code == 0, shown.output


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (None, "baseline not found"),
        ("{not json", "corrupt baseline"),
        ('{"findings": []}', "not a promiselint baseline"),
        ('{"promiselint_baseline": 1, "findings": [{"path": "a.md"}]}', "entry 1"),
    ],
)
def test_missing_or_corrupt_baseline_is_one_line_and_exit_2(
    project: Path, content: str | None, problem: str
) -> None:
    if content is not None:
        (project / "baseline.json").write_text(content, encoding="utf-8")
    result = check("--baseline", "baseline.json", "docs")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("promiselint: error: baseline.json: ")
    assert problem in result.stderr


def test_baseline_and_write_baseline_together_is_a_usage_error(project: Path) -> None:
    result = check("--baseline", "a.json", "--write-baseline", "b.json", "docs")
    assert result.exit_code == 2
    assert not (project / "b.json").exists()
