"""CI formats: SARIF (validated against the official schema), GitHub annotations, JUnit."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from promiselint.api import lint_paths
from promiselint.cli import main
from promiselint.config import Config
from promiselint.findings import Finding, LintResult, Location, Severity
from promiselint.formats import FormatOptions, formatter
from promiselint.formats.github import escape_data, escape_property
from tests.conftest import engine_for

PROMISE = "# Launch\n\nYour site will be live by March 15, 2027. Results guaranteed.\n"


def render(name: str, result: LintResult) -> str:
    return formatter(name)(result, FormatOptions())


def lint(*paths: Path) -> LintResult:
    return lint_paths([str(p) for p in paths], Config(language="en"), engine_for("en"))


@pytest.fixture
def docs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "launch.md").write_text(PROMISE, encoding="utf-8")
    return folder


def sarif_validator(shared_dir: Path) -> Any:
    from jsonschema import Draft4Validator

    schema = json.loads((shared_dir / "schemas" / "sarif-schema-2.1.0.json").read_text("utf-8"))
    return Draft4Validator(schema, format_checker=Draft4Validator.FORMAT_CHECKER)


def assert_valid_sarif(text: str, shared_dir: Path) -> dict[str, Any]:
    document = json.loads(text)
    errors = [
        f"{list(e.absolute_path)}: {e.message}"
        for e in sarif_validator(shared_dir).iter_errors(document)
    ]
    assert not errors, errors
    return document


def one_finding(severity: Severity, path: str = "docs/a.md", message: str = "m") -> LintResult:
    finding = Finding(
        rule_id="absolute.guarantee",
        category="absolute-claim",
        severity=severity,
        message=message,
        text="guaranteed",
        sentence="Results guaranteed.",
        lang="en",
        location=Location(path, 3, 9, 3, 19),
    )
    return LintResult(findings=[finding], files_checked=1)


# --- GitHub ---------------------------------------------------------------------------------


def test_github_escaping() -> None:
    assert escape_data("50% off\r\nnow: a, b") == "50%25 off%0D%0Anow: a, b"
    assert escape_property("a:b,c%d\n") == "a%3Ab%2Cc%25d%0A"


@pytest.mark.parametrize(
    ("severity", "command"),
    [
        (Severity.error, "::error "),
        (Severity.warning, "::warning "),
        (Severity.info, "::notice "),
    ],
)
def test_github_command_per_severity(severity: Severity, command: str) -> None:
    assert render("github", one_finding(severity)).startswith(command)


def test_github_annotation_escapes_path_and_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = one_finding(Severity.warning, path="docs/q1, final: v2.md", message="100% sure\nnow")
    assert render("github", result) == (
        "::warning file=docs/q1%2C final%3A v2.md,line=3,col=9,endLine=3,endColumn=19,"
        "title=absolute.guarantee::100%25 sure%0Anow\n"
    )


def test_github_real_findings_and_errors(docs: Path) -> None:
    result = lint(docs / "launch.md", docs / "missing.md")
    lines = render("github", result).splitlines()
    assert any(
        line.startswith("::warning file=docs/launch.md,line=3,")
        and "title=absolute.guarantee::" in line
        for line in lines
    )
    assert "::error file=docs/missing.md,title=promiselint%3A unreadable input::" in lines[-1]


# --- SARIF ----------------------------------------------------------------------------------


def test_sarif_from_markdown_validates(docs: Path, shared_dir: Path) -> None:
    result = lint(docs / "launch.md")
    document = assert_valid_sarif(render("sarif", result), shared_dir)

    run = document["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert len({rule["id"] for rule in rules}) == len(rules) == len(result.rules)
    for sarif_result in run["results"]:
        rule = rules[sarif_result["ruleIndex"]]
        assert rule["id"] == sarif_result["ruleId"]
        assert rule["fullDescription"]["text"] and rule["help"]["text"]
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
    guarantee = next(r for r in run["results"] if r["ruleId"] == "absolute.guarantee")
    finding = next(f for f in result.findings if f.rule_id == "absolute.guarantee")
    location = guarantee["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "docs/launch.md", "uriBaseId": "%SRCROOT%"}
    assert location["region"] == {
        "startLine": 3,
        "startColumn": finding.location.column,
        "endLine": 3,
        "endColumn": finding.location.end_column,
    }
    assert guarantee["level"] == "warning"
    assert guarantee["message"]["text"] == finding.message


def test_sarif_reports_unreadable_files_as_notifications(docs: Path, shared_dir: Path) -> None:
    (docs / "broken.docx").write_bytes(b"not a zip")
    document = assert_valid_sarif(render("sarif", lint(docs)), shared_dir)
    invocation = document["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    errors = [n for n in invocation["toolExecutionNotifications"] if n["level"] == "error"]
    assert len(errors) == 1
    assert errors[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == (
        "docs/broken.docx"
    )


def test_sarif_paths_outside_the_current_directory_are_file_uris(
    docs: Path, shared_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = docs.parent / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    document = assert_valid_sarif(render("sarif", lint(docs / "launch.md")), shared_dir)
    uri = document["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert uri == {"uri": (docs / "launch.md").as_uri()}


def test_sarif_from_docx_carries_paragraph_and_part(docs: Path, shared_dir: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("About us.")
    document.add_table(rows=1, cols=1).cell(0, 0).text = "Results guaranteed."
    document.save(str(docs / "proposal.docx"))

    sarif = assert_valid_sarif(render("sarif", lint(docs / "proposal.docx")), shared_dir)
    result = next(r for r in sarif["runs"][0]["results"] if r["ruleId"] == "absolute.guarantee")
    assert result["properties"]["paragraph"] == 2
    assert "table 1" in result["properties"]["where"]
    assert result["locations"][0]["physicalLocation"]["region"]["message"]["text"]
    assert result["locations"][0]["logicalLocations"][0]["name"]


def test_sarif_from_pdf_carries_the_page(docs: Path, shared_dir: Path) -> None:
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF()
    pdf.set_font("Helvetica", size=12)
    pdf.add_page()
    pdf.cell(text="About us.")
    pdf.add_page()
    pdf.cell(text="Results guaranteed.")
    pdf.output(str(docs / "brochure.pdf"))

    sarif = assert_valid_sarif(render("sarif", lint(docs / "brochure.pdf")), shared_dir)
    result = next(r for r in sarif["runs"][0]["results"] if r["ruleId"] == "absolute.guarantee")
    assert result["properties"]["page"] == 2
    assert result["locations"][0]["physicalLocation"]["region"]["message"]["text"] == "page 2"


def test_sarif_through_the_command_line(docs: Path, shared_dir: Path) -> None:
    run = CliRunner().invoke(main, ["check", "--lang", "en", "--format", "sarif", "docs"])
    assert run.exit_code == 1
    assert_valid_sarif(run.stdout, shared_dir)


# --- JUnit ----------------------------------------------------------------------------------


def test_junit_one_testcase_per_finding_and_clean_files_pass(docs: Path) -> None:
    (docs / "clean.md").write_text("We launch when you are ready.\n", encoding="utf-8")
    result = lint(docs, docs / "missing.md")
    suites = ET.fromstring(render("junit", result))
    cases = list(suites.iter("testcase"))
    by_file: dict[str, list[ET.Element]] = {}
    for case in cases:
        by_file.setdefault(case.get("classname"), []).append(case)
    assert set(by_file) == {"docs/launch.md", "docs/clean.md", "docs/missing.md"}
    # Each finding is a failed test case of its own, with exactly one <failure>.
    launch = by_file["docs/launch.md"]
    assert len(launch) == len(result.findings) > 1
    assert all(len(case.findall("failure")) == 1 for case in launch)
    assert {case.find("failure").get("type") for case in launch} >= {"absolute.guarantee"}
    # The clean file is a passing test case; the missing one an error.
    (clean,) = by_file["docs/clean.md"]
    assert not list(clean)
    assert by_file["docs/missing.md"][0].find("error") is not None
    assert suites.get("tests") == str(len(result.findings) + 2)
    assert suites.get("failures") == str(len(result.findings))
    assert suites.get("errors") == "1"
