"""What "today" is: the date that tells history from promises (a year already over is history)
and dates the promise report. PROMISELINT_TODAY=YYYY-MM-DD fixes it, for a reproducible run
(CI reviewing old copy as of its publication, the test suite)."""

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
