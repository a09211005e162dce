"""A document's own date, from its metadata: what a dated statement in it is history against.

"Vested on 31 December 2024" is history in a report written in 2025, and "we deliver by
31 March 2025" is a commitment in a proposal written in January 2025, whatever today is. Readers
find the date where their format keeps it (docx core properties, a PDF's info dictionary, HTML
<meta>, Markdown front matter) and yield it as a DocumentDate before the segments it dates.
Of several dates (created, modified) the latest is the document's: its text stood as of then.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

# The date part of ISO 8601 and of a PDF date ("D:20250131093000+01'00'"), at the start.
_ISO_DATE = re.compile(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
_PDF_DATE = re.compile(r"\s*(?:D:)?(\d{4})(\d{2})(\d{2})")
# Front matter keys and <meta> names (lower case) that date the document itself; not the
# dates it announces (expiryDate, event dates).
DATE_KEYS = frozenset(
    {
        "date",
        "lastmod",
        "last_modified",
        "last-modified",
        "modified",
        "updated",
        "published",
        "pubdate",
        "publishdate",
        "created",
        "dcterms.date",
        "dcterms.modified",
        "dcterms.created",
        "dc.date",
        "article:published_time",
        "article:modified_time",
        "og:updated_time",
        "datepublished",
        "datemodified",
    }
)


@dataclass(frozen=True)
class DocumentDate:
    """The date a document was (last) written, from its metadata: readers yield it before the
    segments, and every segment after it carries it (Segment.date)."""

    date: dt.date


def parse_date(value: object) -> dt.date | None:
    """A date from a metadata value: a date or datetime, an ISO 8601 string, or a PDF date
    string; None for anything else (a free-text date is not guessed at)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bytes):
        value = value.decode("latin-1")
    if not isinstance(value, str):
        return None
    found = _ISO_DATE.match(value) or _PDF_DATE.match(value)
    if found is None:
        return None
    try:
        return dt.date(*(int(part) for part in found.groups()))
    except ValueError:  # month 13, day 0: not a date
        return None


def latest(values: Iterable[object]) -> DocumentDate | None:
    """The latest of the values that are dates, as the document's date, or None."""
    dates = [date for date in map(parse_date, values) if date is not None]
    return DocumentDate(max(dates)) if dates else None
