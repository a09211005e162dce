"""Finding: the one record every stage after matching passes along."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any


class Severity(enum.IntEnum):
    info = 1
    warning = 2
    error = 3

    @classmethod
    def parse(cls, name: str) -> Severity:
        try:
            return cls[name.lower()]
        except KeyError:
            raise ValueError(
                f"unknown severity {name!r} (expected one of: {', '.join(s.name for s in cls)})"
            ) from None

    def lowered(self) -> Severity:
        return Severity(max(self.value - 1, Severity.info.value))


@dataclass(frozen=True)
class Category:
    id: str
    title: str  # the report's heading
    summary: str  # what the report says the category holds


# The categories of what the rules find, in the order reports list them: the one definition the
# rule registry's schema, config validation, `rules --category` and the report read.
CATEGORY_INFO = (
    Category(
        "absolute-claim",
        "Absolute claims",
        "Guarantees, superlatives, \u201c100%\u201d: claims that need proof.",
    ),
    Category(
        "feature-promise",
        "Feature promises",
        "Features announced before they ship, or not at all.",
    ),
    Category(
        "delivery-commitment",
        "Delivery commitments",
        "Dates, deadlines, response and project times.",
    ),
)
CATEGORIES = tuple(category.id for category in CATEGORY_INFO)

# A finding's JSON fields (Finding.to_dict), in order: always these, then the location's optional
# ones where it has them, then the extras a check adds (conflicts_with, confidence).
FIELDS = (
    "path",
    "line",
    "column",
    "end_line",
    "end_column",
    "rule_id",
    "category",
    "severity",
    "message",
    "text",
    "sentence",
    "lang",
    "suggestion",
)
OPTIONAL_LOCATION_FIELDS = ("page", "paragraph", "where")


@dataclass(frozen=True)
class Location:
    """Where a finding sits in its source file.

    ``line`` and ``column`` are 1-based and count characters, not bytes; ``end_column`` is the
    column just past the last matched character (as in SARIF). Documents without lines give
    their own coordinates too: ``page`` for PDFs, ``paragraph`` and ``where`` for Word files
    (where the paragraph number also stands in as the line).
    """

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    page: int | None = None
    paragraph: int | None = None
    where: str | None = None


@dataclass
class Finding:
    rule_id: str
    category: str
    severity: Severity
    message: str
    text: str
    location: Location
    sentence: str
    lang: str
    suggestion: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def sort_key(self) -> tuple:
        loc = self.location
        return (loc.path, loc.page or 0, loc.line, loc.column, self.rule_id)

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON shape (documented in the README)."""
        # Field by field: dataclasses.asdict deep-copies every value, which took longer than
        # the rest of a large report's output.
        loc = self.location
        data: dict[str, Any] = {
            "path": loc.path,
            "line": loc.line,
            "column": loc.column,
            "end_line": loc.end_line,
            "end_column": loc.end_column,
            "rule_id": self.rule_id,
            "category": self.category,
            "severity": self.severity.name,
            "message": self.message,
            "text": self.text,
            "sentence": self.sentence,
            "lang": self.lang,
            "suggestion": self.suggestion,
        }
        for name in OPTIONAL_LOCATION_FIELDS:
            value = getattr(loc, name)
            if value is not None:
                data[name] = value
        data.update(self.extra)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Finding:
        known = {*FIELDS, *OPTIONAL_LOCATION_FIELDS}
        return cls(
            rule_id=data["rule_id"],
            category=data["category"],
            severity=Severity[data["severity"]],
            message=data["message"],
            text=data["text"],
            sentence=data["sentence"],
            lang=data["lang"],
            suggestion=data.get("suggestion"),
            location=Location(
                path=data["path"],
                line=data["line"],
                column=data["column"],
                end_line=data["end_line"],
                end_column=data["end_column"],
                page=data.get("page"),
                paragraph=data.get("paragraph"),
                where=data.get("where"),
            ),
            extra={k: v for k, v in data.items() if k not in known},
        )


@dataclass(frozen=True)
class InputError:
    """An input that could not be read: reported, and the run goes on."""

    path: str
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"path": self.path, "message": self.message}


@dataclass(frozen=True)
class RuleInfo:
    """A rule as reports describe it (SARIF's rule metadata): the words, not the matchers."""

    id: str
    category: str
    severity: Severity  # as configured, before any context downgrade
    explanation: str
    suggestion: str | None = None


@dataclass
class LintResult:
    findings: list[Finding] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    files_checked: int = 0
    files: list[str] = field(default_factory=list)  # the paths checked, as findings name them
    # The rules behind the findings, by id, for formats that describe them (SARIF).
    rules: dict[str, RuleInfo] = field(default_factory=dict)
