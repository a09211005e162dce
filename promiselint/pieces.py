"""Reading, before language detection: a segment too long for one spaCy doc as several pieces,
each mapped to the same source positions."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator

from promiselint.documents.base import Segment, SourceRun

# Longer segments are linted in pieces: spaCy refuses texts over nlp.max_length (1,000,000
# characters), and one huge doc costs memory in proportion. A piece ends at a sentence end, else
# at a space, found in its last _CUT_WINDOW characters; a sentence longer than that is cut where
# it must be (a match across the cut is lost, which only a machine-made text would notice).
MAX_PIECE = 100_000
_CUT_WINDOW = 10_000
_SENTENCE_END = re.compile(r"[.!?\u061f\u3002]\s")


def _cut(text: str, start: int) -> int:
    """Where the piece of ``text`` beginning at ``start`` ends: after the last sentence end, else
    the last space, near MAX_PIECE characters on; exactly there when there is neither."""
    limit = start + MAX_PIECE
    if limit >= len(text):
        return len(text)
    window = text[limit - _CUT_WINDOW : limit]
    ends = [found.end() for found in _SENTENCE_END.finditer(window)]
    if ends:
        return limit - _CUT_WINDOW + ends[-1]
    space = window.rfind(" ")
    return limit - _CUT_WINDOW + space + 1 if space >= 0 else limit


def _piece(segment: Segment, offsets: list[int], start: int, end: int) -> Segment:
    """text[start:end] of ``segment`` as a segment of its own, mapped to the same source
    (``offsets``: where each of its runs begins)."""
    first = max(bisect.bisect_right(offsets, start) - 1, 0)
    run = segment.runs[first]
    runs = [SourceRun(0, run.line, run.column + max(start - run.offset, 0))]
    runs.extend(
        SourceRun(later.offset - start, later.line, later.column)
        for later in segment.runs[first + 1 : bisect.bisect_left(offsets, end)]
    )
    return Segment(
        segment.text[start:end],
        runs,
        page=segment.page,
        paragraph=segment.paragraph,
        where=segment.where,
        lang=segment.lang,
        date=segment.date,
    )


def in_pieces(segments: Iterable[Segment]) -> Iterator[Segment]:
    """The segments, each longer than MAX_PIECE characters as several, positions kept."""
    for segment in segments:
        if len(segment.text) <= MAX_PIECE:
            yield segment
            continue
        offsets = [run.offset for run in segment.runs]
        start = 0
        while start < len(segment.text):
            end = _cut(segment.text, start)
            yield _piece(segment, offsets, start, end)
            start = end
