"""The same commitment stated differently across the linted files (or within one document).

It needs the whole set, so it runs after every file is linted: as a document check, one per
file, it keeps the numeric statements of the parsed docs holding a digit (only those can state
a number), plain data that travels with the file's outcome (through worker processes and the
cache); ``conflicts`` then reports each disagreement among every file's statements as a
`consistency.conflict` finding at both places, each naming the other.

Subject detection is deliberately simple, without a parser: a quantity is attached to a head
noun from the language's `subjects` list (implementation, onboarding, response, uptime,
requirement...) written within 3 tokens after it ("an 18-week implementation", "99.9% uptime",
"23 of 25 requirements") or, failing that, within 4 tokens before it ("implementation takes
18 weeks", "uptime of 99.9%"). Quantities are durations (compared in hours), percentages, and
parts of a whole: "23 of 25" and "all 25 requirements" (25 of 25). A part of a whole without a
subject nearby ("23 of 25 built today") is compared with any subject having the same total.

A conflict needs two *committed* figures about the same subject in the same scope:
- a sentence the language's `hedge` cues qualify ("up to 24 hours", "typically 4 weeks") states
  no committed figure and is left out;
- where both sentences carry the copy's own scope markers (the language's `scopes` words with
  their name or number: "Standard plan", "Phase 2", "P1", and its `scope_words`: "routine",
  "production-down", "Enterprise"), they must be the same, so that plans, phases and priorities
  that differ on purpose are not compared ("99.9% on all plans" still meets "99.5% on Basic");
- across files, only files of one folder are compared (a folder is taken as one deal, customer
  or product: proposal, SOW and brochure side by side); unrelated documents elsewhere are not.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from promiselint.checks import Parsed, fill, written
from promiselint.checks.phrases import PhraseSet
from promiselint.checks.rules import CONFLICT_RULE
from promiselint.findings import Finding, Location
from promiselint.nlp import Pipeline
from promiselint.quantities import find_durations, words
from promiselint.ruleset.model import Ruleset, Words

if TYPE_CHECKING:  # spaCy is imported with the pipelines (promiselint/nlp.py), when first needed
    from spacy.tokens import Doc, Span

    from promiselint.ruleset.compiler import RuleMatch

_AFTER, _BEFORE = 3, 4
_DIGIT = re.compile(r"\d")
_PERCENT = re.compile(r"(?<![\w.,])(\d+(?:[.,]\d+)?)\s*%")


@dataclass(frozen=True)
class Statement:
    subject: str | None  # the head noun's lemmas; None: a part of a whole without one
    kind: str  # "duration", "percent", "part"
    value: float  # hours, percent, or the part
    total: float | None  # the whole, for parts
    text: str
    sentence: str
    lang: str
    location: Location
    scope: tuple[str, ...] = ()  # the copy's own qualifiers: "standard plan", "phase 2", "p1"

    def __post_init__(self) -> None:
        # A statement read back from JSON (cache, worker) has a list here; compare as tuples.
        object.__setattr__(self, "scope", tuple(self.scope))

    def conflicts_with(self, other: Statement) -> bool:
        if self.kind != other.kind or self.value == other.value:
            return False
        if self.scope and other.scope and self.scope != other.scope:
            return False  # "Standard plan" and "Enterprise plan" differ on purpose
        if Path(self.location.path).parent != Path(other.location.path).parent:
            return False
        if self.kind == "part":
            # "23 of 25" with no subject matches any one subject ("all 25 requirements").
            subjects = {self.subject, other.subject} - {None}
            return self.total == other.total and len(subjects) == 1
        return self.subject == other.subject

    @property
    def place(self) -> str:
        loc = self.location
        return f"{loc.path}:{loc.line}:{loc.column}"


class _Subjects:
    def __init__(self, lang: str, pipeline: Pipeline) -> None:
        self._phrases = PhraseSet(pipeline, {"subject": words(lang, "subjects")})
        fraction = "|".join(re.escape(word) for word in words(lang, "fraction"))
        every = "|".join(
            re.escape(word) for word in sorted(words(lang, "all"), key=len, reverse=True)
        )
        # None when the language lists no such words
        self.fraction = (
            re.compile(rf"\b(\d+)\s+(?:{fraction})\s+(\d+)\b", re.I) if fraction else None
        )
        self.all = re.compile(rf"\b(?:{every})\s+(\d+)\b", re.I) if every else None
        self.scope = _scope_regex(lang)

    def find(self, doc: Doc) -> list[Span]:
        return [doc[start:end] for _, start, end in self._phrases.find(doc)]


@functools.cache  # one per pipeline, shared by every ConsistencyCheck (one per linted file)
def _subjects_for(lang: str, pipeline: Pipeline) -> _Subjects:
    return _Subjects(lang, pipeline)


class ConsistencyCheck:
    """A document check collecting the numeric statements of one file's parsed docs (nothing
    is parsed twice); its findings come from ``conflicts``, once every file is done."""

    def __init__(self) -> None:
        self._found: list[Statement] = []

    def observe(self, parsed: Parsed, matches: list[RuleMatch]) -> list[RuleMatch]:
        """Keep the numeric statements of one linted doc; the matches stay as they are."""
        lang = parsed.lang
        if _DIGIT.search(parsed.segment.text) and words(lang, "subjects"):
            subjects = _subjects_for(lang, parsed.compiled.pipeline)
            self._found.extend(_in_doc(parsed, subjects))
        return matches

    def finish(self) -> list[Finding]:
        """None yet: a conflict needs every file's statements (``conflicts``)."""
        return []

    def statements(self) -> list[Statement]:
        """The numeric statements of the docs observed so far."""
        return list(self._found)


def _in_doc(parsed: Parsed, subjects: _Subjects) -> Iterator[Statement]:
    """The numeric statements in one parsed doc, each at its place in the file."""
    path, lang, segment, doc, compiled = (
        parsed.path,
        parsed.lang,
        parsed.segment,
        parsed.doc,
        parsed.compiled,
    )
    heads = sorted(subjects.find(doc), key=lambda head: head.start)
    head_starts = [head.start for head in heads]
    hedge_starts = sorted(start for start, _ in compiled.context(doc).get("cue:hedge", []))
    stop_words = compiled.pipeline.nlp.Defaults.stop_words
    for sentence in doc.sents:
        offset = sentence.start_char
        text = segment.text[offset : sentence.end_char]  # Span.text would join its tokens
        if not _DIGIT.search(text):
            continue
        if _any_within(hedge_starts, sentence.start, sentence.end):
            continue  # "up to 24 hours", "typically 6 weeks": no committed figure
        scope = _scope_of(text, subjects.scope, stop_words)
        # Durations and percentages count only beside a subject; parts of a whole also alone.
        first = bisect.bisect_left(head_starts, sentence.start)
        inside = heads[first : bisect.bisect_left(head_starts, sentence.end)]
        inside = [head for head in inside if head.end <= sentence.end]
        alone = not _any_within(head_starts, sentence.start, sentence.end)
        quantities = _quantities(text, lang, subjects, parts_only=alone)
        for kind, start, end, value, total in quantities:
            span = doc.char_span(offset + start, offset + end, alignment_mode="expand")
            if span is None:
                continue
            head = _head(span, inside)
            if head is None and kind != "part":
                continue
            whole = doc[min(span.start, head.start) : max(span.end, head.end)] if head else span
            line, column, end_line, end_column = segment.span_position(
                whole.start_char, whole.end_char
            )
            yield Statement(
                subject=" ".join(token.lemma_ for token in head) if head else None,
                kind=kind,
                value=value,
                total=total,
                text=whole.text,
                sentence=sentence.text,
                lang=lang,
                location=Location(
                    path,
                    line,
                    column,
                    end_line,
                    end_column,
                    page=segment.page,
                    paragraph=segment.paragraph,
                    where=segment.where,
                ),
                scope=scope,
            )


def conflicts(statements: list[Statement], ruleset: Ruleset) -> list[Finding]:
    """Disagreements among ``statements``, gathered file by file (in this process, from worker
    processes and from the cache): one finding at each statement that has any, in the words
    of the statement's language (``ruleset``'s messages.yaml)."""
    findings = []
    statements = list({_place_and_value(s): s for s in statements}.values())
    # Statements that agree on everything conflicts_with looks at conflict with the same
    # others: each is compared with one of every such bucket, not with every statement, so a
    # long file's many figures stay linear.
    buckets: dict[tuple[object, ...], dict[tuple[object, ...], list[int]]] = {}
    for index, statement in enumerate(statements):
        alike = (statement.value, statement.scope, statement.subject)
        buckets.setdefault(_comparable_key(statement), {}).setdefault(alike, []).append(index)
    for statement in statements:
        conflicting = [
            indices
            for indices in buckets[_comparable_key(statement)].values()
            if statement.conflicts_with(statements[indices[0]])
        ]
        if conflicting:
            first = statements[min(indices[0] for indices in conflicting)]
            count = sum(map(len, conflicting))
            language = ruleset.languages.get(statement.lang)
            words_of = language.words if language else {}
            findings.append(_finding(statement, first, count, words_of))
    return findings


def _comparable_key(statement: Statement) -> tuple[object, ...]:
    """What two statements must share to conflict (Statement.conflicts_with checks the rest)."""
    folder = str(Path(statement.location.path).parent)
    if statement.kind == "part":
        return (statement.kind, folder, statement.total)  # a part without subject matches any
    return (statement.kind, folder, statement.subject)


def _place_and_value(statement: Statement) -> tuple[object, ...]:
    """One statement read twice (a table row's label is read where it stands and again before
    each of the row's cells, documents/tables.py) is one statement."""
    loc = statement.location
    where = (loc.path, loc.page, loc.line, loc.column, loc.end_line, loc.end_column)
    return (*where, statement.kind, statement.value, statement.total)


def _finding(
    statement: Statement, other: Statement, count: int, words: Mapping[str, Words]
) -> Finding:
    """The conflict at ``statement``, naming the first ``other`` of ``count`` it conflicts with."""
    written_words = written(CONFLICT_RULE, words)
    more = ""
    if count > 1:
        own = CONFLICT_RULE.id in words
        more = f" (+{count - 1})" if own else f" (and {count - 1} more)"
    values = {"match": statement.text, "other": other.text, "place": other.place, "more": more}
    return Finding(
        rule_id=CONFLICT_RULE.id,
        category=CONFLICT_RULE.category,
        severity=CONFLICT_RULE.severity,
        message=fill(written_words.message, values),
        text=statement.text,
        sentence=statement.sentence,
        lang=statement.lang,
        suggestion=written_words.suggestion,
        location=statement.location,
        extra={"conflicts_with": other.place},
    )


def _quantities(
    text: str,
    lang: str,
    subjects: _Subjects,
    parts_only: bool = False,
) -> Iterator[tuple[str, int, int, float, float | None]]:
    """(kind, start, end, value, total) for each quantity in a sentence's text."""
    if not parts_only:
        for duration in find_durations(text, lang):
            yield "duration", duration.start, duration.end, duration.hours, None
        for match in _PERCENT.finditer(text):
            value = float(match.group(1).replace(",", "."))
            yield "percent", match.start(), match.end(), value, None
    if subjects.fraction:
        for match in subjects.fraction.finditer(text):
            yield "part", match.start(), match.end(), float(match.group(1)), float(match.group(2))
    if subjects.all:
        for match in subjects.all.finditer(text):
            whole = float(match.group(1))
            yield "part", match.start(), match.end(), whole, whole


def _scope_regex(lang: str) -> re.Pattern[str] | None:
    """Scope markers: a scope noun with its name or number ("Standard plan", "Phase 2",
    "priority 1"), a priority code ("P1", "Sev 2"), or one of the language's scope words."""
    nouns = "|".join(re.escape(word) for word in words(lang, "scopes"))
    named = "|".join(re.escape(word) for word in words(lang, "scope_words"))
    if not nouns and not named:
        return None
    parts = [r"\b(?:p|sev|severity\s*)[0-4]\b"]
    if nouns:
        # a capitalised name or a number before the noun, or after it: "Standard plan",
        # "Phase 2", "Tier III" (not "plan includes")
        name = r"(?-i:[A-Z\d][\w-]*)"
        parts += [rf"\b{name}\s+(?:{nouns})\b", rf"\b(?:{nouns})\s+{name}"]
    if named:
        parts.append(rf"\b(?:{named})\b")
    return re.compile("|".join(parts), re.IGNORECASE)


def _scope_of(text: str, scope: re.Pattern[str] | None, stop_words: set[str]) -> tuple[str, ...]:
    """The scope markers in a sentence; "We plan", "Every plan" (a stop word first) are none."""
    if scope is None:
        return ()
    found = set()
    for match in scope.finditer(text):
        marker = match.group(0).lower().split()
        if marker[0] not in stop_words:
            found.add(" ".join(marker))
    return tuple(sorted(found))


def _any_within(starts: list[int], start: int, end: int) -> bool:
    """Whether any of the sorted ``starts`` lies in [start, end)."""
    at = bisect.bisect_left(starts, start)
    return at < len(starts) and starts[at] < end


def _head(quantity: Span, inside: list[Span]) -> Span | None:
    """The subject noun a quantity is attached to (among the sentence's ``inside``): just
    after it, else just before it."""
    after = [h for h in inside if 0 <= h.start - quantity.end < _AFTER]
    if after:
        return after[0]
    before = [h for h in inside if 0 <= quantity.start - h.end < _BEFORE]
    return before[-1] if before else None
