"""Context checks: what else in a match's sentence turns a risky phrase into a safe one.

A hedge ("typically", "we aim to"), a negation ("we do not guarantee") or evidence ("according
to", a footnote, a link) near a match drops or downgrades it, as each rule's ``context`` says;
a rule may also require a cue ("on 3 April" is a commitment only beside "will", "launch"...).
A negated lead-in ("We do not offer:") reaches the list items under it, which are segments of
their own: the engine passes its negation to the items it governs.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from promiselint.clock import as_of
from promiselint.quantities import find_dates
from promiselint.spans import clause_open

if TYPE_CHECKING:  # spaCy is imported by the compiler, when a language is first compiled
    from spacy.tokens import Doc, Span

    from promiselint.documents.base import Segment
    from promiselint.ruleset.compiler import RuleMatch, Spans
    from promiselint.ruleset.model import CueSet

# Punctuation that closes a clause: a negation before a comma does not reach past it.
_CLAUSE_BREAKS = frozenset({",", ";", ":", "\u2014", "\u2013", "(", ")", "،", "؛"})
# Punctuation between two statements of one sentence: a sentence-wide cue stays on its side
# ("Sev 1 is answered 24/7; other response targets apply in office hours").
_STATEMENT_BREAKS = frozenset({";", "؛"})
_STRENGTH = {"keep": 0, "downgrade": 1, "drop": 2}
# A list item is short and is no full sentence; the first segment that is one ends the list.
_LIST_ITEM_TOKENS = 15
_LIST_GAP = 2  # lines from a list's lead-in or item to the next item: one blank line between
_SENTENCE_ENDS = frozenset({".", "!", "?", "\u061f", "\u3002"})
# A year, alone or in a numeric date (2024, 2024-12-31, 31/12/2024, 31.12.24 is too short to tell)
_YEAR = re.compile(r"(?<!\d)(19\d\d|20\d\d)(?!\d)")
# How far after a match its date may go on ("by 30 June" + "2024")
_DATE_REACH = 3


@dataclass(frozen=True)
class Verdict:
    action: str  # "keep", "downgrade" or "drop"
    cue: str | None = None  # the cue set's name
    cue_text: str | None = None


def _in_scope(
    cue: CueSet,
    span: tuple[int, int],
    match: RuleMatch,
    sentence: Span,
    doc: Doc,
    turns: list[int],
) -> bool:
    start, end = span
    if start < sentence.start or end > sentence.end:
        return False
    if start >= match.start and end <= match.end:  # part of the match itself ("never fails")
        return False
    if cue.scope == "sentence":
        low, high = min(start, match.start), max(end, match.end)
        if any(min(end, match.end) <= turn < max(start, match.start) for turn in turns):
            return False  # "we do not guarantee refunds, but we reply within 24 hours"
        return not any(doc[i].text in _STATEMENT_BREAKS for i in range(low, high))
    if cue.scope == "before":
        gap_start = min(end, match.start)
        return (
            start < match.start
            and match.start - gap_start < cue.window
            and clause_open(doc, gap_start, match.start, _CLAUSE_BREAKS)
        )
    gap_end = max(start, match.end)
    return (
        end > match.end
        and gap_end - match.end < cue.window
        and clause_open(doc, match.end, gap_end, _CLAUSE_BREAKS)
    )


def negated_lead_in(doc: Doc, found: dict[str, Spans]) -> str | None:
    """The negation of a lead-in that ends in a colon ("We do not offer:"), or None: the
    list below it is what is not offered. ``found`` holds the doc's cue spans."""
    if not len(doc) or doc[-1].text != ":":
        return None
    sentence = doc[-1].sent
    return next(
        (
            doc[start:end].text
            for start, end in found.get("cue:negation", [])
            if start >= sentence.start and end <= sentence.end
        ),
        None,
    )


def is_list_item(doc: Doc, segment: Segment, previous: Segment) -> bool:
    """Whether a segment reads as an item of the list that ``previous`` (its lead-in or an
    item before it) belongs to: short, no closing full stop, no lead-in of its own, and on the
    next line or the one after. A governing lead-in reaches it; the first segment that is not
    one ends the list (a heading further down, after a rule or blank lines, is no item)."""
    return (
        0 < len(doc) <= _LIST_ITEM_TOKENS
        and doc[-1].text not in _SENTENCE_ENDS
        and doc[-1].text != ":"
        and (
            segment.page != previous.page
            or segment.runs[0].line - previous.position(len(previous.text) - 1)[0] <= _LIST_GAP
        )
    )


def _past_date(match: RuleMatch, doc: Doc, sentence: Span, reference: dt.date) -> str | None:
    """A date before ``reference`` in the match or just after it, within its clause: a full date
    ("31 March 2025") before the reference day, else a year before its year; the words that name
    it, or None."""
    end = match.end
    while end < min(match.end + _DATE_REACH, sentence.end) and doc[end].text not in _CLAUSE_BREAKS:
        end += 1
    span = doc[match.start : end]
    for mention in find_dates(span.text, match.rule.lang, reference):
        if not mention.year_assumed and mention.date < reference:
            return mention.text
    for token in span:
        year = _YEAR.search(token.text)
        if year and int(year.group()) < reference.year:
            return token.text
    return None


def _in_sentence(spans: Spans, sentence: Span) -> bool:
    return any(start >= sentence.start and end <= sentence.end for start, end in spans)


def judge(
    match: RuleMatch,
    doc: Doc,
    cues: dict[str, CueSet],
    found: dict[str, Spans],
    lead_in: str | None = None,
    document_date: dt.date | None = None,
) -> Verdict:
    """The strongest action any cue in scope asks of this match, by the rule's ``context``;
    ``lead_in`` is the negation of a lead-in that governs this segment as a list item, and
    ``document_date`` the document's own date (history is told from it, else from today)."""
    for start, end in found.get(f"exclude:{match.rule.id}", []):
        if start < match.end and end > match.start:
            return Verdict("drop", "exclude", doc[start:end].text)
    sentence = doc[match.start].sent
    # History: a rule that history drops (its `past` cue) also drops a dated match whose date is
    # before the document's own (or today), unless the sentence speaks of the future ("will
    # enter beta on 3 December 2015" was a commitment when it was written; "vested on
    # 31 December 2024" never was).
    if match.rule.context.get("past") == "drop" and not _in_sentence(
        found.get("cue:future", []), sentence
    ):
        past = _past_date(match, doc, sentence, as_of(document_date))
        if past is not None:
            return Verdict("drop", "past", past)
    verdict = Verdict("keep")
    negation = match.rule.context.get("negation")
    if lead_in is not None and negation in ("drop", "downgrade"):
        if negation == "drop":
            return Verdict("drop", "negation", lead_in)
        verdict = Verdict(negation, "negation", lead_in)
    # Cue sets declared for every rule (`every_rule:` in context.yaml) join the rule's own.
    for_all = [
        (name, cue.every_rule)
        for name, cue in cues.items()
        if cue.every_rule and name not in match.rule.context
    ]
    # A turn ("..., but we ...", the language's `turn` cue set) starts another statement: a
    # sentence-wide cue on one side does not reach the other.
    turns = [start for start, _ in found.get("cue:turn", [])]
    for name, action in [*match.rule.context.items(), *for_all]:
        cue_span = next(
            (
                span
                for span in found.get(f"cue:{name}", [])
                if _in_scope(cues[name], span, match, sentence, doc, turns)
            ),
            None,
        )
        if action == "require":
            if cue_span is None:
                return Verdict("drop", name)
            continue
        if cue_span is not None and _STRENGTH[action] > _STRENGTH[verdict.action]:
            verdict = Verdict(action, name, doc[cue_span[0] : cue_span[1]].text)
    return verdict
