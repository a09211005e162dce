"""JUnit XML for CI systems that show test reports (GitLab, Jenkins, Azure).

One test case per finding (failed), one per file without findings (passed) and one per
unreadable input (error), each with the file as its `classname` and `file`. GitLab shows only the
first <failure> of a test case and Jenkins counts a test case once, so several findings in one
test case would hide all but one and undercount; and a clean file listed as a passing test makes
the totals mean something ("12 tests, 2 failures" rather than "tests=0" on a clean run).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from promiselint.findings import Finding, LintResult

from . import FormatOptions, relative_path

# Characters XML 1.0 cannot hold at all, not even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _case(path: str, name: str) -> ET.Element:
    file = _clean(relative_path(path))
    return ET.Element("testcase", classname=file, name=_clean(name), file=file)


def _failed(finding: Finding) -> ET.Element:
    loc = finding.location
    where = f"{relative_path(loc.path)}:{loc.line}:{loc.column}"
    case = _case(loc.path, f"{finding.rule_id} at {where}")
    case.set("line", str(loc.line))
    failure = ET.SubElement(
        case,
        "failure",
        type=finding.rule_id,
        message=_clean(f"{finding.severity.name}: {finding.message}"),
    )
    details = [f"{where}: {finding.rule_id}", finding.sentence]
    if finding.suggestion:
        details.append(f"suggestion: {finding.suggestion}")
    failure.text = _clean("\n".join(details))
    return case


def render(result: LintResult, options: FormatOptions) -> str:
    by_file: dict[str, list[Finding]] = {path: [] for path in result.files}
    for finding in result.findings:
        by_file.setdefault(finding.location.path, []).append(finding)
    cases: list[ET.Element] = []
    for path, findings in by_file.items():
        cases.extend(_failed(finding) for finding in findings)
        if not findings:
            cases.append(_case(path, f"{relative_path(path)}: no findings"))
    for error in result.errors:
        case = _case(error.path, f"{relative_path(error.path)}: read")
        ET.SubElement(case, "error", type="unreadable", message=_clean(error.message))
        cases.append(case)

    counts = {
        "tests": str(len(cases)),
        "failures": str(len(result.findings)),
        "errors": str(len(result.errors)),
    }
    suites = ET.Element("testsuites", {"name": "promiselint", **counts})
    suite = ET.SubElement(suites, "testsuite", {"name": "promiselint", **counts})
    suite.extend(cases)
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"
