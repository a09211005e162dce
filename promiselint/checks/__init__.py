"""Document checks, the stage after rule matching and before context: each check sees every
parsed segment of a document with its rule matches, may drop matches it says more about, and
gives its own findings when the document is done.

- ``facts``: the copy judged against the product facts file (``FactsCheck``), one doc at a
  time; its checks are ``features``, ``claims`` and ``service_levels``, sharing ``fact_run``.
- ``consistency``: the same commitment stated differently across the linted files; it keeps
  each document's numeric statements (plain data) and compares them once every file is done.
- ``phrases``: the phrase matching both use.

The engine knows only ``DocumentCheck``: the config decides which checks run (linting.py).
A check's rules declare their English words beside its code; rules/<lang>/messages.yaml gives
them in the language (``written``), placeholders such as ``{match}`` kept.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from promiselint.findings import Finding, Location, Severity
from promiselint.ruleset.model import Rule, Words

if TYPE_CHECKING:  # spaCy is imported with the pipelines (promiselint/nlp.py), when first needed
    from spacy.tokens import Doc

    from promiselint.documents.base import Segment
    from promiselint.ruleset.compiler import CompiledRules, RuleMatch


@dataclass(frozen=True)
class Parsed:
    """One parsed segment of a document, as the engine hands it to the checks."""

    path: str  # the name the document's findings carry
    lang: str
    segment: Segment
    doc: Doc
    compiled: CompiledRules  # the language's rules, pipeline and context matchers
    words: Mapping[str, Words]  # the language's words by rule id (its messages.yaml)


class DocumentCheck(Protocol):
    def observe(self, parsed: Parsed, matches: list[RuleMatch]) -> list[RuleMatch]:
        """Sees one parsed segment and its rule matches (before context); returns the matches
        to keep (all of them, for a check that replaces none)."""
        ...

    def finish(self) -> list[Finding]:
        """The check's findings for the document observed since the last ``finish``."""
        ...


_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def written(rule: Rule, words: Mapping[str, Words]) -> Words:
    """A check's words in the language of ``words`` where it has them, else English (a missing
    suggestion is the English one)."""
    own = words.get(rule.id)
    if own is None:
        return Words(rule.message, rule.explanation, rule.suggestion)
    return Words(own.message, own.explanation, own.suggestion or rule.suggestion)


def fill(template: str, values: Mapping[str, str]) -> str:
    """``template`` with each ``{name}`` replaced by its value, in one pass (a value holding
    braces is not read again)."""
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), template)


def finding_at(
    parsed: Parsed, match: RuleMatch, severity: Severity, message: str, suggestion: str | None
) -> Finding:
    """A finding on ``match``'s words in ``parsed``, located in the original file."""
    span = parsed.doc[match.start : match.end]
    segment = parsed.segment
    line, column, end_line, end_column = segment.span_position(span.start_char, span.end_char)
    return Finding(
        rule_id=match.rule.id,
        category=match.rule.category,
        severity=severity,
        message=message,
        text=span.text,
        sentence=span.sent.text,
        lang=parsed.lang,
        suggestion=suggestion,
        location=Location(
            path=parsed.path,
            line=line,
            column=column,
            end_line=end_line,
            end_column=end_column,
            page=segment.page,
            paragraph=segment.paragraph,
            where=segment.where,
        ),
    )
