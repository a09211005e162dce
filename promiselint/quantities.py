"""Durations and dates in copy, parsed from per-language words (rules/<lang>/vocabulary.yaml).

Shared by the service-level check, the consistency check and the report. Everything is
compared in hours, by one documented convention: a minute is 1/60 h, an hour 1 h, a day 24 h,
a week 168 h, a month 30 days; *business* (working) units count working time, so a business
day is 8 h, a business week 40 h and a business month 160 h. "1 hour" vs "4 business hours"
therefore compares 1 < 4; "24 hours" vs "4 business hours" compares 24 > 4 (not flagged).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Any

import yaml

_HOURS = {"minute": 1 / 60, "hour": 1, "day": 24, "week": 168, "month": 720}
_BUSINESS_HOURS = {"minute": 1 / 60, "hour": 1, "day": 8, "week": 40, "month": 160}
_ISO = {
    "minute": ("PT", "M"),
    "hour": ("PT", "H"),
    "day": ("P", "D"),
    "week": ("P", "W"),
    "month": ("P", "M"),
}


@functools.cache
def vocab() -> dict[str, dict[str, Any]]:
    """The language data of the shipped languages, by language code."""
    from promiselint.ruleset.loader import VOCABULARY_FILE, shipped_rules_dir

    found = {}
    for path in sorted(shipped_rules_dir().glob(f"*/{VOCABULARY_FILE}")):
        with path.open(encoding="utf-8") as handle:
            found[path.parent.name] = yaml.load(
                handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)
            )
    return found


def words(lang: str, key: str) -> list[str]:
    """One list of words or phrases for ``lang`` (empty when the language has none)."""
    return list(vocab().get(lang, {}).get(key, []))


@dataclass(frozen=True)
class Duration:
    amount: float
    unit: str  # minute, hour, day, week, month
    business: bool
    text: str
    start: int = 0  # character offsets in the text it was found in
    end: int = 0

    @property
    def hours(self) -> float:
        return self.amount * (_BUSINESS_HOURS if self.business else _HOURS)[self.unit]

    @property
    def iso(self) -> str:
        """ISO 8601 duration of the nominal amount ("P14D", "PT24H"); business units say so
        separately, as ISO 8601 has no notion of working time."""
        prefix, suffix = _ISO[self.unit]
        amount = int(self.amount) if self.amount == int(self.amount) else self.amount
        return f"{prefix}{amount}{suffix}"

    def describe(self) -> str:
        return f"{self.iso} (business)" if self.business else self.iso


def _alternatives(items: list[str]) -> str:
    return "|".join(re.escape(item) for item in sorted(items, key=len, reverse=True))


@functools.cache
def _duration_regex(lang: str) -> re.Pattern[str] | None:
    data = vocab().get(lang)
    if not data or "units" not in data:
        return None
    number = rf"\d+(?:[.,]\d+)?|{_alternatives(list(data.get('numbers', {})))}"
    unit = _alternatives([word for forms in _unit_forms(data).values() for word in forms])
    before = _alternatives(data.get("business", [])) or "(?!)"
    after = _alternatives(data.get("business_after", [])) or "(?!)"
    return re.compile(
        # No space is needed after a digit or an elision ("24h", "un'ora"), but "an"+"d" is "and".
        rf"(?<![\w.,])(?P<number>{number})(?:\s*-\s*|\s+|(?<=[\d']))(?:(?P<before>{before})[\s-]+)?"
        rf"(?P<unit>{unit})(?:\s+(?P<after>{after}))?(?!\w)",
        re.IGNORECASE,
    )


def _unit_forms(data: dict[str, Any]) -> dict[str, list[str]]:
    """Every written form of each unit, the business compounds ("Werktage") among them."""
    forms: dict[str, list[str]] = {}
    for key in ("units", "business_units"):
        for unit, words_ in data.get(key, {}).items():
            forms.setdefault(unit, []).extend(words_)
    return forms


@functools.cache
def _fixed_durations(lang: str) -> tuple[re.Pattern[str] | None, dict[str, tuple[float, str]]]:
    """Words that are a whole duration ("fortnight", the Arabic dual "ساعتين"), as one regex and
    their (amount, unit) by lower-cased form."""
    fixed = vocab().get(lang, {}).get("fixed_durations", {})
    values = {}
    for form, value in fixed.items():
        amount, unit = str(value).split()
        values[form.lower()] = (float(amount), unit)
    if not values:
        return None, values
    return re.compile(rf"(?<![\w.,])(?:{_alternatives(list(fixed))})(?!\w)", re.IGNORECASE), values


def find_durations(text: str, lang: str) -> list[Duration]:
    """Every duration in ``text`` ("1 hour", "4 business hours", "24h", "48-hour", "un'ora",
    "drei Werktage", "ساعتين")."""
    regex = _duration_regex(lang)
    if regex is None:
        return []
    data = vocab()[lang]
    numbers = {key.lower(): value for key, value in data.get("numbers", {}).items()}
    units = {form.lower(): unit for unit, forms in data["units"].items() for form in forms}
    business_units = {
        form.lower(): unit
        for unit, forms in data.get("business_units", {}).items()
        for form in forms
    }
    found = []
    for match in regex.finditer(text):
        raw = match.group("number").lower()
        amount = float(raw.replace(",", ".")) if raw[0].isdigit() else float(numbers[raw])
        written = match.group("unit").lower()
        business = bool(match.group("before") or match.group("after")) or written in business_units
        unit = business_units.get(written) or units[written]
        found.append(Duration(amount, unit, business, match.group(), match.start(), match.end()))
    fixed, values = _fixed_durations(lang)
    if fixed is not None:
        taken = [(d.start, d.end) for d in found]
        for match in fixed.finditer(text):
            if any(start < match.end() and match.start() < end for start, end in taken):
                continue  # "24 ore" already holds it
            amount, unit = values[match.group().lower()]
            found.append(Duration(amount, unit, False, match.group(), match.start(), match.end()))
    return sorted(found, key=lambda duration: duration.start)


def parse_duration(text: str) -> Duration | None:
    """A duration written on its own (a facts file's "4 business hours"), in any known language."""
    for lang in vocab():
        for duration in find_durations(text, lang):
            if duration.start == 0 and duration.end == len(text.strip()):
                return duration
    return None


@dataclass(frozen=True)
class DateMention:
    date: dt.date
    year_assumed: bool
    text: str
    start: int = 0

    def describe(self) -> str:
        iso = self.date.isoformat()
        return f"{iso} (year assumed)" if self.year_assumed else iso


@functools.cache
def _date_regexes(lang: str) -> tuple[re.Pattern[str], ...]:
    months = words(lang, "months")
    if not months:
        return (re.compile(r"(?<!\d)(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?!\d)"),)
    # Full names and their three-letter abbreviations ("Mar." / "mar").
    names = _alternatives(months + sorted({month[:3] for month in months}))
    # "15th", "1er", "15." (German), "1°"; words between day, month and year: "15 de marzo de"
    day = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th|er|°|º|\.)?"
    joiners = _alternatives(words(lang, "date_joiners"))
    joiner = rf"(?:\s+(?:{joiners}))?" if joiners else ""
    year = rf"(?:,?{joiner}\s+(?P<y>\d{{4}}))?"
    return (
        re.compile(r"(?<!\d)(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?!\d)"),
        re.compile(rf"\b(?P<name>{names})\.?\s+{day}(?!\w){year}", re.IGNORECASE),
        re.compile(rf"\b{day}{joiner}\s+(?P<name>{names})\b\.?{year}", re.IGNORECASE),
    )


def find_dates(text: str, lang: str, today: dt.date) -> list[DateMention]:
    """Calendar dates in ``text``. A date without a year is taken as its next occurrence on or
    after ``today`` (copy says "live by March 15" about the coming March 15), and marked so."""
    months = [month.lower() for month in words(lang, "months")]
    found = []
    for regex in _date_regexes(lang):
        for match in regex.finditer(text):
            groups = match.groupdict()
            if groups.get("name"):
                name = groups["name"].lower()
                month = next(i for i, full in enumerate(months, 1) if full.startswith(name))
            else:
                month = int(groups["m"])
            day = int(groups["d"])
            year = int(groups["y"]) if groups.get("y") else None
            try:
                date = dt.date(year or today.year, month, day)
                if year is None and date < today:
                    date = date.replace(year=today.year + 1)
            except ValueError:  # "February 30": not a date
                continue
            found.append(DateMention(date, year is None, match.group(), match.start()))
    return sorted(found, key=lambda mention: mention.start)
