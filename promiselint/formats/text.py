"""Compiler-style text: `path:line:col: severity rule_id message`, then a summary line.

On a terminal the source line is shown with the match underlined; the underline is measured in
display cells (wide CJK characters take two, combining marks none) and right-to-left lines are
isolated so that the terminal's bidi handling does not scramble them.
"""

from __future__ import annotations

import unicodedata
from collections import Counter

from promiselint.findings import Finding, LintResult, Severity

from . import FormatOptions

_COLORS = {Severity.error: "\033[31m", Severity.warning: "\033[33m", Severity.info: "\033[36m"}
_RESET = "\033[0m"
_BOLD = "\033[1m"


def _cells(text: str) -> int:
    width = 0
    for char in text:
        if unicodedata.combining(char) or unicodedata.category(char) == "Cf":
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def _is_rtl(text: str) -> bool:
    return any(unicodedata.bidirectional(char) in ("R", "AL") for char in text)


def _where(finding: Finding) -> str:
    loc = finding.location
    extras = []
    if loc.page is not None:
        extras.append(f"page {loc.page}")
    if loc.where:
        extras.append(loc.where)
    return f" [{', '.join(extras)}]" if extras else ""


def _source_excerpt(finding: Finding, color: bool) -> list[str]:
    """The finding's sentence with the match underlined (sentences, not raw lines: the
    source of a .docx or .pdf is not lines of text)."""
    sentence = finding.sentence
    index = sentence.find(finding.text)
    if index < 0:
        return []
    if _is_rtl(sentence):
        # A caret line cannot line up under bidi-reordered text; quote the match instead.
        return [f"    \u2068{sentence}\u2069", f"    match: \u2068{finding.text}\u2069"]
    pad = " " * _cells(sentence[:index])
    marks = "^" * max(_cells(finding.text), 1)
    if color:
        marks = f"{_COLORS[finding.severity]}{marks}{_RESET}"
    return [f"    {sentence}", f"    {pad}{marks}"]


def render(result: LintResult, options: FormatOptions) -> str:
    lines = []
    for finding in result.findings:
        loc = finding.location
        severity = finding.severity.name
        if options.color:
            severity = f"{_COLORS[finding.severity]}{severity}{_RESET}"
        head = f"{loc.path}:{loc.line}:{loc.column}: {severity} {finding.rule_id} {finding.message}"
        lines.append(head + _where(finding))
        if options.show_source:
            lines.extend(_source_excerpt(finding, options.color))
            if finding.suggestion:
                lines.append(f"    suggestion: {finding.suggestion}")
    counts = Counter(finding.severity for finding in result.findings)
    parts = [
        f"{counts[s]} {s.name}{'s' if counts[s] != 1 else ''}" for s in sorted(counts, reverse=True)
    ]
    summary = f"{len(result.findings)} finding{'s' if len(result.findings) != 1 else ''}"
    if parts:
        summary += f" ({', '.join(parts)})"
    summary += f" in {result.files_checked} file{'s' if result.files_checked != 1 else ''}"
    if result.errors:
        summary += (
            f"; {len(result.errors)} file{'s' if len(result.errors) != 1 else ''} could not be read"
        )
    lines.append(_BOLD + summary + _RESET if options.color else summary)
    return "\n".join(lines) + "\n"
