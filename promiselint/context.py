"""Context checks: what else in a match's sentence turns a risky phrase into a safe one.

A hedge ("typically", "we aim to"), a negation ("we do not guarantee") or evidence ("according
to", a footnote, a link) near a match drops or downgrades it, as each rule's ``context`` says;
a rule may also require a cue ("on 3 April" is a commitment only beside "will", "launch"...).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # spaCy is imported by the compiler, when a language is first compiled
    from spacy.tokens import Doc, Span

    from promiselint.ruleset.compiler import RuleMatch, Spans
    from promiselint.ruleset.model import CueSet

# Punctuation that closes a clause: a negation before a comma does not reach past it.
_CLAUSE_BREAKS = frozenset({",", ";", ":", "\u2014", "\u2013", "(", ")", "،", "؛"})
_STRENGTH = {"keep": 0, "downgrade": 1, "drop": 2}


@dataclass(frozen=True)
class Verdict:
    action: str  # "keep", "downgrade" or "drop"
    cue: str | None = None  # the cue set's name
    cue_text: str | None = None


def _clause_open(doc: Doc, start: int, end: int) -> bool:
    return not any(doc[i].text in _CLAUSE_BREAKS for i in range(start, end))


def _in_scope(
    cue: CueSet, span: tuple[int, int], match: RuleMatch, sentence: Span, doc: Doc
) -> bool:
    start, end = span
    if start < sentence.start or end > sentence.end:
        return False
    if start >= match.start and end <= match.end:  # part of the match itself ("never fails")
        return False
    if cue.scope == "sentence":
        return True
    if cue.scope == "before":
        gap_start = min(end, match.start)
        return (
            start < match.start
            and match.start - gap_start < cue.window
            and _clause_open(doc, gap_start, match.start)
        )
    gap_end = max(start, match.end)
    return (
        end > match.end
        and gap_end - match.end < cue.window
        and _clause_open(doc, match.end, gap_end)
    )


def judge(match: RuleMatch, doc: Doc, cues: dict[str, CueSet], found: dict[str, Spans]) -> Verdict:
    """The strongest action any cue in scope asks of this match, by the rule's ``context``."""
    for start, end in found.get(f"exclude:{match.rule.id}", []):
        if start < match.end and end > match.start:
            return Verdict("drop", "exclude", doc[start:end].text)
    sentence = doc[match.start].sent
    verdict = Verdict("keep")
    for name, action in match.rule.context.items():
        cue_span = next(
            (
                span
                for span in found.get(f"cue:{name}", [])
                if _in_scope(cues[name], span, match, sentence, doc)
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
