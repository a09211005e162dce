"""JSON: {"findings": [...], "errors": [...], "summary": {...}} with stable key names."""

from __future__ import annotations

import json

from promiselint.findings import LintResult

from . import FormatOptions


def render(result: LintResult, options: FormatOptions) -> str:
    document = {
        "findings": [finding.to_dict() for finding in result.findings],
        "errors": [error.to_dict() for error in result.errors],
        "notices": result.notices,
        "summary": {
            "files": result.files_checked,
            "findings": len(result.findings),
            "errors": len(result.errors),
        },
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
