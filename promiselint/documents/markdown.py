"""Markdown via markdown-it-py: prose only, with positions into the original file.

Code (fenced, indented, inline), front matter, raw HTML, HTML comments and link URLs never reach
a segment: only the text children of inline tokens do, each located in the source lines of its
block so that findings point at the right line and column.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from promiselint.documents.base import Segment, SegmentBuilder
from promiselint.documents.text import iter_lines

_PARSER = MarkdownIt("commonmark").enable("table").use(front_matter_plugin)
_SKIPPED_INLINE = {"code_inline", "html_inline", "image"}


def read_markdown(stream: BinaryIO) -> Iterator[Segment]:
    lines = list(iter_lines(stream))
    locator = _Locator(lines)
    for token in _PARSER.parse("\n".join(lines)):
        if token.type == "inline" and token.map:
            segment = _inline_segment(token, locator)
            if segment.text:
                yield segment


class _Locator:
    """Finds inline text in the source lines of its block, moving forward like a reader's eye
    (cells of one table row share the row's lines, so the search goes on where the last stopped)."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.block: tuple[int, int] | None = None
        self.text = ""
        self.line_starts: list[int] = []
        self.cursor = 0

    def enter(self, first: int, stop: int) -> None:
        if self.block == (first, stop):
            return
        self.block = (first, stop)
        self.text = "\n".join(self.lines[first:stop])
        self.line_starts = [0]
        for line in self.lines[first : stop - 1]:
            self.line_starts.append(self.line_starts[-1] + len(line) + 1)
        self.cursor = 0

    def find(self, fragment: str) -> tuple[int, int]:
        """1-based (line, column) of ``fragment`` at or after the cursor; advances the cursor."""
        probe = fragment.strip() or fragment
        index = self.text.find(probe, self.cursor)
        if index < 0:  # text rewritten by the parser (entities, escapes): keep the last place
            index = self.cursor
        else:
            index -= len(fragment) - len(fragment.lstrip())
            self.cursor = index + len(fragment)
        return self._line_column(max(index, 0))

    def skip(self, fragment: str) -> None:
        index = self.text.find(fragment, self.cursor)
        if index >= 0:
            self.cursor = index + len(fragment)

    def _line_column(self, index: int) -> tuple[int, int]:
        row = 0
        while row + 1 < len(self.line_starts) and self.line_starts[row + 1] <= index:
            row += 1
        assert self.block is not None
        return self.block[0] + row + 1, index - self.line_starts[row] + 1


def _inline_segment(token: Token, locator: _Locator) -> Segment:
    assert token.map is not None
    locator.enter(token.map[0], token.map[1])
    builder = SegmentBuilder()
    for child in token.children or []:
        if child.type == "text" and child.content:
            line, column = locator.find(child.content)
            builder.add(child.content, line, column)
        elif child.type in ("softbreak", "hardbreak"):
            builder.add_space()
        elif child.type in _SKIPPED_INLINE:
            locator.skip(child.content)
            builder.add_space()
    return builder.build()
