"""What "today" is: the date that tells history from promises in a document that does not say
when it was written (a date already past is history), and that dates the promise report.
PROMISELINT_TODAY=YYYY-MM-DD fixes it, for a reproducible run (CI reviewing old copy as of its
publication, the test suite). A document that does say (its metadata: documents/dates.py) is
read as of its own date instead."""

from __future__ import annotations

import datetime as dt
import os

from promiselint.errors import ConfigError

ENVIRONMENT_VARIABLE = "PROMISELINT_TODAY"


def today() -> dt.date:
    value = os.environ.get(ENVIRONMENT_VARIABLE)
    if not value:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ConfigError(
            f"{ENVIRONMENT_VARIABLE}={value!r} is not a date (write it as YYYY-MM-DD)"
        ) from None


def as_of(document_date: dt.date | None) -> dt.date:
    """The date a document's dated statements are history against: its own, else today. A
    proposal written in 2019 promising "delivery by March 2020" made a commitment."""
    return document_date or today()
