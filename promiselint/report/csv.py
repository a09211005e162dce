"""The promise inventory as CSV: one row per promise, for a spreadsheet."""

from __future__ import annotations

import csv
import io

from promiselint.report import Inventory

# A spreadsheet runs a cell that starts with one of these as a formula ("=HYPERLINK(...)").
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

COLUMNS = (
    "path",
    "line",
    "column",
    "page",
    "category",
    "severity",
    "rule_id",
    "text",
    "normalised",
    "message",
    "sentence",
    "lang",
)


def _cell(text: str) -> str:
    """Document text, defused: a leading apostrophe keeps a spreadsheet from evaluating it."""
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text


def render(inventory: Inventory) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for document in inventory.documents:
        for category, entries in document.by_category():
            for entry in entries:
                finding, loc = entry.finding, entry.finding.location
                writer.writerow(
                    (
                        loc.path,
                        loc.line,
                        loc.column,
                        loc.page or "",
                        category,
                        finding.severity.name,
                        finding.rule_id,
                        _cell(finding.text),
                        entry.normalised or "",
                        _cell(finding.message),
                        _cell(finding.sentence),
                        finding.lang,
                    )
                )
    return out.getvalue()
