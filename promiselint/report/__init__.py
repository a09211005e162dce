"""The promise inventory: every finding of a lint run (all severities), grouped by document and
category, with delivery commitments' dates and durations normalised; rendered as a
self-contained HTML page or as CSV (``render``)."""

from __future__ import annotations

import datetime as dt
import importlib
from collections import Counter
from dataclasses import dataclass, field

from promiselint.findings import CATEGORIES, Finding, InputError, LintResult
from promiselint.quantities import find_dates, find_durations

FORMATS = {"html": "promiselint.report.html", "csv": "promiselint.report.csv"}


@dataclass
class Entry:
    finding: Finding
    normalised: str | None  # "2027-03-15", "PT24H", "P2D (business)"


@dataclass
class Document:
    path: str
    entries: list[Entry] = field(default_factory=list)

    def counts(self) -> Counter[str]:
        return Counter(entry.finding.category for entry in self.entries)

    def by_category(self) -> list[tuple[str, list[Entry]]]:
        return [
            (category, [e for e in self.entries if e.finding.category == category])
            for category in _categories(self.entries)
        ]


@dataclass
class Inventory:
    documents: list[Document]
    errors: list[InputError]
    files_checked: int
    generated: dt.date
    title: str

    def counts(self) -> Counter[str]:
        return sum((document.counts() for document in self.documents), Counter())

    def categories(self) -> list[str]:
        return _categories([e for d in self.documents for e in d.entries])


def _categories(entries: list[Entry]) -> list[str]:
    """The known categories in their usual order, then any other a finding carries."""
    seen = {entry.finding.category for entry in entries}
    return [c for c in CATEGORIES if c in seen] + sorted(seen - set(CATEGORIES))


def normalise(finding: Finding, today: dt.date) -> str | None:
    """A delivery commitment's date (ISO 8601; a date without a year is its next occurrence on or
    after ``today``, marked "year assumed") or duration ("P14D", "PT24H"; business time marked).
    Read in the sentence where it overlaps the matched words (a rule may match "on 3 April" of
    "on 3 April 2027"), else in the matched words alone."""
    if finding.category != "delivery-commitment":
        return None
    sentence, text = finding.sentence, finding.text
    at = sentence.find(text) if text else -1
    candidates: list[tuple[int, int, str]] = [
        *(
            (d.start, d.start + len(d.text), d.describe())
            for d in find_dates(sentence, finding.lang, today)
        ),
        *((d.start, d.end, d.describe()) for d in find_durations(sentence, finding.lang)),
    ]
    for start, end, value in sorted(candidates):
        if at >= 0 and start < at + len(text) and end > at:
            return value
    dates = find_dates(text, finding.lang, today)
    if dates:
        return dates[0].describe()
    durations = find_durations(text, finding.lang)
    return durations[0].describe() if durations else None


def build_inventory(
    result: LintResult, today: dt.date, title: str = "Promise inventory"
) -> Inventory:
    documents: dict[str, Document] = {}
    for finding in sorted(result.findings, key=Finding.sort_key):
        document = documents.setdefault(finding.location.path, Document(finding.location.path))
        document.entries.append(Entry(finding, normalise(finding, today)))
    return Inventory(
        list(documents.values()), list(result.errors), result.files_checked, today, title
    )


def render(inventory: Inventory, output_format: str) -> str:
    return importlib.import_module(FORMATS[output_format]).render(inventory)
