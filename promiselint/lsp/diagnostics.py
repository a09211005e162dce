"""Findings in LSP terms: diagnostics, hover text, and the edits of the suppression quick fixes.

Positions: findings count 1-based lines and characters (code points); LSP counts 0-based lines
and, unless the client says otherwise, UTF-16 code units. The document's position codec converts.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from lsprotocol import types
from pygls.workspace import TextDocument

from promiselint.findings import Finding, RuleInfo, Severity

SOURCE = "promiselint"
_SEVERITIES = {
    Severity.error: types.DiagnosticSeverity.Error,
    Severity.warning: types.DiagnosticSeverity.Warning,
    Severity.info: types.DiagnosticSeverity.Information,
}
# How each format writes a directive (see promiselint/suppress.py)
_DIRECTIVE = {
    **dict.fromkeys((".md", ".markdown", ".html", ".htm", ".xhtml"), "<!-- promiselint: {} -->"),
    ".mdx": "{{/* promiselint: {} */}}",
    **dict.fromkeys((".txt", ".text"), "promiselint: {}"),
}
_MARKDOWN = (".md", ".markdown", ".mdx")
LINTED_SUFFIXES = frozenset(_DIRECTIVE)


def diagnostic(finding: Finding, document: TextDocument, rule_link: str | None) -> types.Diagnostic:
    location = finding.location
    return types.Diagnostic(
        range=_range(
            document,
            location.line - 1,
            location.column - 1,
            location.end_line - 1,
            location.end_column - 1,
        ),
        message=finding.message,
        severity=_SEVERITIES[finding.severity],
        code=finding.rule_id,
        code_description=types.CodeDescription(href=rule_link) if rule_link else None,
        source=SOURCE,
    )


def problem_diagnostic(message: str) -> types.Diagnostic:
    """A problem with the setup (a bad config, an unreadable document), on the first line."""
    start = types.Position(line=0, character=0)
    return types.Diagnostic(
        range=types.Range(start=start, end=start),
        message=message,
        severity=types.DiagnosticSeverity.Error,
        source=SOURCE,
    )


def _range(
    document: TextDocument, line: int, column: int, end_line: int, end_column: int
) -> types.Range:
    codec, lines = document.position_codec, document.lines
    return types.Range(
        start=codec.position_to_client_units(lines, types.Position(line=line, character=column)),
        end=codec.position_to_client_units(
            lines, types.Position(line=end_line, character=end_column)
        ),
    )


def covers(finding: Finding, line: int, character: int) -> bool:
    """Whether the 0-based (line, code point) is inside the finding's words."""
    location = finding.location
    start = (location.line - 1, location.column - 1)
    end = (location.end_line - 1, location.end_column - 1)
    return start <= (line, character) < end


def hover_text(finding: Finding, rule: RuleInfo | None) -> str:
    """Markdown: the rule and severity, why the words are risky, and what to write instead."""
    parts = [
        f"**promiselint `{finding.rule_id}`** ({finding.category}, {finding.severity.name})",
        finding.message,
    ]
    if rule is not None and rule.explanation:
        parts.append(rule.explanation.strip())
    suggestion = finding.suggestion or (rule.suggestion if rule else None)
    if suggestion:
        parts.append(f"**Suggestion:** {suggestion}")
    return "\n\n".join(parts)


def suppress_on_line(
    document: TextDocument, suffix: str, rule_id: str, line: int, character: int
) -> list[types.TextEdit]:
    """Edits that silence ``rule_id`` for the finding at (line, code point): a
    ``disable-next-line`` directive appended to the line in Markdown (an inline comment does
    not split the paragraph; the directive covers its own line), elsewhere on a line of its own
    above, with the line's indentation. In HTML, a match inside a tag that spans lines (a meta
    description) is out of that directive's reach: ``disable`` goes above the tag and
    ``enable`` after it."""
    lines = document.lines
    if suffix in _MARKDOWN:
        directive = _DIRECTIVE[suffix].format(f"disable-next-line {rule_id}")
        end = document.position_codec.position_to_client_units(
            lines, types.Position(line=line, character=len(lines[line].rstrip("\r\n")))
        )
        return [types.TextEdit(range=types.Range(start=end, end=end), new_text=f" {directive}")]
    tag = _open_tag(lines, line, character) if suffix in (".html", ".htm", ".xhtml") else None
    if tag is None or tag[0] == line:
        return [_line_above(lines, line, _DIRECTIVE[suffix].format(f"disable-next-line {rule_id}"))]
    opened, closed = tag
    return [
        _line_above(lines, opened, _DIRECTIVE[suffix].format(f"disable {rule_id}")),
        _line_above(lines, closed + 1, _DIRECTIVE[suffix].format(f"enable {rule_id}")),
    ]


def _line_above(lines: Sequence[str], line: int, directive: str) -> types.TextEdit:
    """``directive`` on a line of its own before ``line``, indented like it."""
    text = lines[line] if line < len(lines) else ""
    indent = text[: len(text) - len(text.lstrip(" \t"))]
    start = types.Position(line=line, character=0)
    newline = "" if line < len(lines) or not lines or lines[-1].endswith("\n") else "\n"
    return types.TextEdit(
        range=types.Range(start=start, end=start), new_text=f"{newline}{indent}{directive}\n"
    )


def suppress_in_file(document: TextDocument, suffix: str, rule_id: str) -> types.TextEdit:
    """``disable`` at the top of the file: after Markdown front matter or an HTML doctype,
    which must come first."""
    directive = _DIRECTIVE[suffix].format(f"disable {rule_id}")
    lines = [line.rstrip("\r\n") for line in document.lines]
    line = 0
    if suffix in _MARKDOWN and lines and lines[0] == "---":
        closing = next((n for n in range(1, len(lines)) if lines[n] in ("---", "...")), None)
        line = closing + 1 if closing is not None else 0
    elif lines and lines[0].lstrip().lower().startswith("<!doctype"):
        line = 1
    start = types.Position(line=line, character=0)
    return types.TextEdit(range=types.Range(start=start, end=start), new_text=f"{directive}\n")


def _open_tag(lines: Sequence[str], line: int, character: int) -> tuple[int, int] | None:
    """The lines where the tag around (line, character) opens and closes; None outside tags."""
    before = "".join(lines[:line]) + lines[line][:character]
    opened = before.rfind("<")
    if opened <= before.rfind(">"):
        return None
    after = lines[line][character:] + "".join(lines[line + 1 :])
    closes = after.find(">")
    closing_line = line + (after.count("\n", 0, closes) if closes >= 0 else 0)
    return before.count("\n", 0, opened), closing_line


def suffix_for(document: TextDocument) -> str | None:
    """The format a document is linted as: its file extension, else its language id."""
    suffix = Path(document.uri).suffix.lower()
    if suffix in LINTED_SUFFIXES:
        return suffix
    by_language = {"markdown": ".md", "mdx": ".mdx", "plaintext": ".txt", "html": ".html"}
    return by_language.get(document.language_id or "")
