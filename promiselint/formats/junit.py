"""JUnit XML for CI systems that show test reports (GitLab, Jenkins, Azure): a test case per file
with findings or a read error, a <failure> per finding. Files without findings are not listed
(the result only counts them)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from promiselint.findings import LintResult

from . import FormatOptions, relative_path

# Characters XML 1.0 cannot hold at all, not even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def render(result: LintResult, options: FormatOptions) -> str:
    cases: dict[str, ET.Element] = {}

    def case(path: str) -> ET.Element:
        name = relative_path(path)
        if name not in cases:
            cases[name] = ET.Element("testcase", classname="promiselint", name=_clean(name),
                                     file=_clean(name))
        return cases[name]

    for finding in result.findings:
        loc = finding.location
        failure = ET.SubElement(case(loc.path), "failure", type=finding.rule_id,
                                message=_clean(f"{finding.severity.name}: {finding.message}"))
        details = [f"{relative_path(loc.path)}:{loc.line}:{loc.column}: {finding.rule_id}",
                   finding.sentence]
        if finding.suggestion:
            details.append(f"suggestion: {finding.suggestion}")
        failure.text = _clean("\n".join(details))
    for error in result.errors:
        ET.SubElement(case(error.path), "error", type="unreadable", message=_clean(error.message))

    failures = sum(1 for c in cases.values() if c.find("failure") is not None)
    errors = sum(1 for c in cases.values() if c.find("error") is not None)
    counts = {"tests": str(len(cases)), "failures": str(failures), "errors": str(errors)}
    suites = ET.Element("testsuites", name="promiselint", **counts)
    suite = ET.SubElement(suites, "testsuite", name="promiselint", **counts)
    suite.extend(cases.values())
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"
