"""The service-level check: a duration promised faster than the facts file's committed maximum
is an error, and replaces the rules' turnaround finding on the same words."""

from __future__ import annotations

from typing import TYPE_CHECKING

from promiselint.checks.fact_run import FactMatch, FactRun, clause_between
from promiselint.checks.rules import FACT_RULES
from promiselint.quantities import Duration, find_durations
from promiselint.spans import gap

if TYPE_CHECKING:  # spaCy is imported with the pipelines (promiselint/nlp.py), when first needed
    from spacy.tokens import Span

_LEVEL_WINDOW = 8


def service_levels(run: FactRun) -> list[FactMatch]:
    out: list[FactMatch] = []
    durations: dict[int, list[tuple[Span, Duration]]] = {}
    for start, end, index in run.found.get("level", []):
        level = run.facts.service_levels[int(index)]
        sentence = run.doc[start].sent
        if sentence.start not in durations:
            durations[sentence.start] = _durations(run, sentence)
        candidates = [
            (gap((start, end), (span.start, span.end)), span, duration)
            for span, duration in durations[sentence.start]
            if gap((start, end), (span.start, span.end)) <= _LEVEL_WINDOW
            and clause_between(run.doc, (start, end), (span.start, span.end))
        ]
        if not candidates:
            continue
        _, span, duration = min(candidates, key=lambda c: (c[0], c[1].start))
        if duration.hours >= level.max.hours or run.negated((start, end), (span.start, span.end)):
            continue
        run.dropped.update(  # the rules' turnaround finding on the same words says less
            i
            for i, m in enumerate(run.matches)
            if m.rule.category == "delivery-commitment"
            and m.start < span.end
            and m.end > span.start
        )
        out.append(
            FactMatch(
                FACT_RULES["facts.exceeds-service-level"],
                span.start,
                span.end,
                (
                    ("level", level.name),
                    ("committed", level.max.text),
                    ("found", _hours(duration)),
                    ("maximum", _hours(level.max)),
                ),
            )
        )
    return out


def _durations(run: FactRun, sentence: Span) -> list[tuple[Span, Duration]]:
    spans = []
    for duration in find_durations(sentence.text, run.language.lang):
        span = run.doc.char_span(
            sentence.start_char + duration.start,
            sentence.start_char + duration.end,
            alignment_mode="expand",
        )
        if span is not None:
            spans.append((span, duration))
    return spans


def _hours(duration: Duration) -> str:
    hours = f"{duration.hours:g} h"
    return f"{hours} of business time" if duration.business else hours
