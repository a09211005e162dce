"""GitHub Actions workflow commands: an annotation per finding, shown on the pull request's diff.

    ::warning file=docs/a.md,line=3,col=9,endLine=3,endColumn=19,title=absolute.guarantee::...

The runner decodes `%25`, `%0D` and `%0A` in the message, and also `%3A` and `%2C` in property
values (where a raw `:` or `,` would end the value), so exactly those are escaped.
"""

from __future__ import annotations

from promiselint.findings import Finding, LintResult, Severity

from . import FormatOptions, relative_path

_COMMANDS = {Severity.error: "error", Severity.warning: "warning", Severity.info: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, message: str, **properties: object) -> str:
    fields = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    return f"::{name}{' ' if fields else ''}{fields}::{escape_data(message)}"


def _message(finding: Finding) -> str:
    loc = finding.location
    # PDFs and Word files have no lines on GitHub's diff: say where the text is.
    places = [f"page {loc.page}" if loc.page is not None else None, loc.where]
    place = ", ".join(p for p in places if p)
    message = f"{finding.message} [{place}]" if place else finding.message
    return f"{message}\n{finding.suggestion}" if finding.suggestion else message


def render(result: LintResult, options: FormatOptions) -> str:
    lines = []
    for finding in result.findings:
        loc = finding.location
        lines.append(
            command(
                _COMMANDS[finding.severity],
                _message(finding),
                file=relative_path(loc.path),
                line=loc.line,
                col=loc.column,
                endLine=loc.end_line,
                endColumn=loc.end_column,
                title=finding.rule_id,
            )
        )
    for error in result.errors:
        lines.append(
            command(
                "error",
                error.message,
                file=relative_path(error.path),
                title="promiselint: unreadable input",
            )
        )
    return "".join(line + "\n" for line in lines)
