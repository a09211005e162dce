"""Large Markdown files read part by part, so that memory stays bounded.

markdown-it parses a whole document into tokens at once: a 20 MB file took about 300 MB for its
tokens alone, before a single segment was linted. So a file is decoded line by line and handed
to the Markdown reader in parts of about PART_CHARS characters, each cut where no block can
continue across the cut: at a blank line followed by a line that starts in the first column
(and not with "---"), outside fenced code, front matter and the HTML blocks that may hold blank
lines (comments, <pre>, <script>, <style>, <textarea>...). Each part's segments have their lines
moved to where the part starts in the file. A file shorter than one part is read exactly as
before; in a longer one, a reference-style link whose definition sits in another part stays
plain text (its words are linted all the same).
"""

from __future__ import annotations

import dataclasses
import io
import re
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from promiselint.documents.base import Notice, Reader, Segment, SourceRun
from promiselint.documents.dates import DocumentDate
from promiselint.documents.text import iter_lines

PART_CHARS = 1 << 20
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
# CommonMark's HTML blocks that blank lines do not end, and what does end each.
_RAW_BLOCK = re.compile(r" {0,3}<(pre|script|style|textarea|!--|\?|!\[CDATA\[)", re.IGNORECASE)
_RAW_END = {
    "pre": "</pre>",
    "script": "</script>",
    "style": "</style>",
    "textarea": "</textarea>",
    "!--": "-->",
    "?": "?>",
    "![cdata[": "]]>",
}


class _Blocks:
    """Tracks the constructs a cut must not fall inside, one line at a time."""

    def __init__(self) -> None:
        self.fence: str | None = None  # the opening fence while inside fenced code
        self.raw_end: str | None = None  # what ends the HTML block we are in
        self.front_matter = False

    def feed(self, number: int, line: str) -> None:
        if number == 0 and line.rstrip() == "---":
            self.front_matter = True
            return
        if self.front_matter:
            self.front_matter = line.rstrip() not in ("---", "...")
            return
        if self.raw_end is not None:
            if self.raw_end in line.lower():
                self.raw_end = None
            return
        fence = _FENCE.match(line)
        if self.fence is not None:
            if (
                fence
                and fence.group(1)[0] == self.fence[0]
                and len(fence.group(1)) >= len(self.fence)
                and not line[fence.end() :].strip()
            ):
                self.fence = None
            return
        if fence:
            self.fence = fence.group(1)
            return
        raw = _RAW_BLOCK.match(line)
        if raw:
            end = _RAW_END[raw.group(1).lower()]
            if end not in line[raw.end() :].lower():
                self.raw_end = end

    def open(self) -> bool:
        return self.front_matter or self.fence is not None or self.raw_end is not None


def _parts(lines: Iterable[str], part_chars: int) -> Iterator[tuple[int, list[str]]]:
    """(number of the part's first line, 0-based; its lines)."""
    blocks = _Blocks()
    part: list[str] = []
    first = size = 0
    after_blank = False
    for number, line in enumerate(lines):
        # "---" would open front matter at the start of a part (it is a rule anywhere else)
        starts_block = bool(line) and not line[0].isspace() and not line.startswith("---")
        if size >= part_chars and after_blank and starts_block and not blocks.open():
            yield first, part
            part, first, size = [], number, 0
        blocks.feed(number, line)
        part.append(line)
        size += len(line) + 1
        after_blank = not line.strip() and not blocks.open()
    if part:
        yield first, part


def _moved(segment: Segment, lines: int) -> Segment:
    runs = [SourceRun(run.offset, run.line + lines, run.column) for run in segment.runs]
    return dataclasses.replace(segment, runs=runs)


def markdown_in_parts(
    stream: BinaryIO, read: Reader, part_chars: int | None = None
) -> Iterator[Segment | Notice | DocumentDate]:
    """What the Markdown reader ``read`` gives for ``stream``, read part by part (of about
    ``part_chars`` characters; default PART_CHARS)."""
    for first, lines in _parts(iter_lines(stream), part_chars or PART_CHARS):
        data = "\n".join(lines).encode("utf-8")
        for item in read(io.BytesIO(data)):
            yield _moved(item, first) if isinstance(item, Segment) and first else item
