"""What every reader produces: segments of plain text that remember where they came from."""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, BinaryIO, Protocol

from promiselint.documents.dates import DocumentDate

# A no-break space joins words as a space does ("24\u00a0hours", "99,9\u00a0%"): spaCy's tokenizer
# splits only on " " and would make it a token of its own, between the words a pattern spans.
# Replaced one for one, so that offsets still copy the source; so is a no-break hyphen
# ("best\u2011in\u2011class" in typeset PDFs), which the tokenizer does not know as a hyphen.
_NO_BREAK = str.maketrans({"\u00a0": " ", "\u2011": "-"})
# Characters that show nothing but would cut a word in two for the tokenizer: a soft hyphen
# ("guaran\u00adteed", left by CMS hyphenation), zero-width spaces and joiners, a word joiner, a
# stray byte order mark. Dropped, with a new run after each, so positions still point at the source;
# a word is a run of non-space characters with at least one visible one.
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_VISIBLE = re.compile(f"[^{_INVISIBLE}]+")
_WORD = f"[{_INVISIBLE}]*[^\\s{_INVISIBLE}]\\S*"
_CHUNK = re.compile(f"{_WORD}(?:[ \u00a0]{_WORD})*")


@dataclass(frozen=True)
class SourceRun:
    """From ``offset`` in the segment text on, characters are copied one for one from the source
    starting at (``line``, ``column``), until the next run begins."""

    offset: int
    line: int
    column: int


@dataclass
class Segment:
    """A block of running text (a paragraph, a heading, a table cell, a PDF page...).

    Sentences never cross segments. Whitespace inside ``text`` is single spaces (a line break, a
    no-break space or a double space would split spaCy's token patterns), so ``runs`` map offsets
    back to the source.
    """

    text: str
    runs: list[SourceRun]
    page: int | None = None
    paragraph: int | None = None
    where: str | None = None
    lang: str | None = None  # a language the document itself declares (e.g. <html lang>)
    date: dt.date | None = None  # the document's own date, from its metadata (documents/dates.py)
    # Offset ranges of text copied from elsewhere to give context (a table's column header,
    # the separators around it): a finding that runs on past it is placed where it goes on.
    borrowed: list[tuple[int, int]] = field(default_factory=list)
    _run_offsets: list[int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.runs:
            self.runs = [SourceRun(0, 1, 1)]
        self._run_offsets = [run.offset for run in self.runs]

    def position(self, offset: int) -> tuple[int, int]:
        """Source (line, column) of the character at ``offset`` in ``text``."""
        run = self.runs[max(bisect.bisect_right(self._run_offsets, offset) - 1, 0)]
        return run.line, run.column + max(offset - run.offset, 0)

    def span_position(self, start: int, end: int) -> tuple[int, int, int, int]:
        """(line, column, end_line, end_column) of text[start:end]; end_column is exclusive.
        A span that starts in borrowed text and goes on past it starts where it goes on
        ("Response time: 1 hour" in a table row points at the cell "1 hour")."""
        for first, stop in self.borrowed:
            if first <= start < stop < end:
                start = stop
        while start < end - 1 and self.text[start] == " ":
            start += 1
        line, column = self.position(start)
        end_line, last_column = self.position(max(end - 1, start))
        return line, column, end_line, last_column + 1


class SegmentBuilder:
    """Collects source fragments into one segment, folding whitespace and recording runs."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._runs: list[SourceRun] = []
        self._length = 0
        self._pending_space = False
        self._borrowed: list[tuple[int, int]] = []

    def add(self, text: str, line: int, column: int) -> None:
        """Append ``text``, found verbatim in the source at (line, column); it may span lines."""
        if text[:1].isspace():
            self.add_space()
        line_start = 0
        for chunk in _CHUNK.finditer(text):
            newlines = text.count("\n", line_start, chunk.start())
            if newlines:
                line += newlines
                line_start = text.rfind("\n", 0, chunk.start()) + 1
                column_here = 1 + chunk.start() - line_start
            else:
                column_here = column + chunk.start() - line_start
            self._append(chunk.group(), line, column_here)
            if chunk.end() < len(text):
                self._pending_space = True

    def add_space(self) -> None:
        """Mark a word boundary that the source shows by markup rather than by a character."""
        self._pending_space = bool(self._parts)

    def borrow(self, text: str, line: int, column: int) -> None:
        """Add ``text`` from elsewhere in the source as context (see Segment.borrowed)."""
        start = self._length
        self.add(text, line, column)
        self._borrowed.append((start, self._length))

    def punctuate(self, mark: str) -> None:
        """Append a mark the source shows by layout, not by a character (the colon between a
        table's header and a cell), glued to the text before it and borrowed."""
        if not self._parts:
            return
        run = self._runs[-1]
        self._pending_space = False
        start = self._length
        self._append(mark, run.line, run.column + self._length - run.offset)
        self._borrowed.append((start, self._length))

    def _append(self, chunk: str, line: int, column: int) -> None:
        if self._pending_space and self._parts:
            self._parts.append(" ")
            self._length += 1
        self._pending_space = False
        for piece in _VISIBLE.finditer(chunk):
            self._runs.append(SourceRun(self._length, line, column + piece.start()))
            self._parts.append(piece.group().translate(_NO_BREAK))
            self._length += len(piece.group())

    def __bool__(self) -> bool:
        return bool(self._parts)

    def build(self, **where: Any) -> Segment:
        return Segment("".join(self._parts), self._runs, borrowed=self._merged_borrowed(), **where)

    def _merged_borrowed(self) -> list[tuple[int, int]]:
        """Borrowed ranges with the single spaces between them joined in."""
        merged: list[tuple[int, int]] = []
        for start, stop in self._borrowed:
            if merged and start - merged[-1][1] <= 1:
                merged[-1] = (merged[-1][0], stop)
            else:
                merged.append((start, stop))
        return merged


@dataclass(frozen=True)
class Notice:
    """Something the user must know about how a file was read (pages not checked, text that
    looks garbled...). A reader yields it among its segments; ``low_confidence`` marks every
    finding in the file as less trustworthy (the JSON output's ``"confidence": "low"``)."""

    message: str
    low_confidence: bool = False


class Reader(Protocol):
    """A reader turns the bytes of one file into segments (and notices about the file as a
    whole, and the document's own date where its metadata has one), raising ReadError when it
    cannot."""

    def __call__(self, stream: BinaryIO) -> Iterator[Segment | Notice | DocumentDate]: ...
