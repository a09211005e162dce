"""JSON: {"findings": [...], "errors": [...], "summary": {...}} with stable key names."""

from __future__ import annotations

import json
import textwrap

from promiselint.findings import LintResult

from . import FormatOptions


def render(result: LintResult, options: FormatOptions) -> str:
    """The same text as json.dumps(document, indent=2), built finding by finding: with an
    indent, json.dumps encodes in pure Python and holds every small piece of the whole output
    at once (about 100 MB for 28,000 findings), while one finding at a time holds only the
    finished text."""
    rest = json.dumps(
        {
            "errors": [error.to_dict() for error in result.errors],
            "notices": result.notices,
            "summary": {
                "files": result.files_checked,
                "findings": len(result.findings),
                "errors": len(result.errors),
            },
        },
        ensure_ascii=False,
        indent=2,
    )
    findings = ",\n".join(
        textwrap.indent(json.dumps(finding.to_dict(), ensure_ascii=False, indent=2), " " * 4)
        for finding in result.findings
    )
    listing = f"[\n{findings}\n  ]" if findings else "[]"
    # `rest` is "{\n  "errors": ...}": the findings go first, as the README shows them.
    return f'{{\n  "findings": {listing},\n{rest[2:]}\n'
