"""Markdown via markdown-it-py: prose only, with positions into the original file.

Code (fenced, indented, inline), front matter, raw HTML, HTML comments and link URLs never reach
a segment: only the text children of inline tokens do, each located in the source lines of its
block so that findings point at the right line and column. A table's data rows are read with
their label and column headers (see tables.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO, Protocol

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from promiselint.documents.base import Notice, Segment, SegmentBuilder
from promiselint.documents.dates import DATE_KEYS, DocumentDate, latest
from promiselint.documents.tables import Cell, row_segments
from promiselint.documents.text import iter_lines

# The commonmark preset stops at 20 levels of nesting and drops what is deeper without a word.
# Each level costs a few Python frames while parsing: 100 stays far from the recursion limit
# (2,000 nested quotes parse in milliseconds); deeper text is dropped with a notice.
MAX_NESTING = 100
_PARSER = MarkdownIt("commonmark", {"maxNesting": MAX_NESTING}).enable("table")
_PARSER.use(front_matter_plugin)
_SKIPPED_INLINE = {"code_inline", "html_inline", "image"}


class _Sink(Protocol):
    def add(self, text: str, line: int, column: int) -> None: ...
    def add_space(self) -> None: ...


def read_markdown(stream: BinaryIO) -> Iterator[Segment | Notice | DocumentDate]:
    lines = list(iter_lines(stream))
    locator = _Locator(lines)
    tokens = _PARSER.parse("\n".join(lines))
    if tokens and tokens[0].type == "front_matter":
        date = _front_matter_date(tokens[0].content)
        if date is not None:
            yield date
    if tokens and max(token.level for token in tokens) >= MAX_NESTING - 1:
        yield Notice(
            f"Markdown nested more than {MAX_NESTING} levels deep (quotes, lists): "
            "the text below that depth was not checked"
        )
    header: list[Cell] | None = None
    row: list[Cell] | None = None
    in_head = False
    for token in tokens:
        if token.type in ("thead_open", "thead_close"):
            in_head = token.type == "thead_open"
        elif token.type == "table_open":
            header = None
        elif token.type == "tr_open":
            row = []
        elif token.type == "tr_close" and row is not None:
            yield from row_segments(row, header, is_header=in_head)
            header = row if in_head else header
            row = None
        elif token.type == "inline" and token.map:
            if row is not None:
                cell = Cell()
                _read_inline(token, locator, cell)
                row.append(cell)
                continue
            builder = SegmentBuilder()
            _read_inline(token, locator, builder)
            if builder:
                yield builder.build()


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


def _read_inline(token: Token, locator: _Locator, sink: _Sink) -> None:
    assert token.map is not None
    locator.enter(token.map[0], token.map[1])
    for child in token.children or []:
        if child.type == "text" and child.content:
            line, column = locator.find(child.content)
            sink.add(child.content, line, column)
        elif child.type in ("softbreak", "hardbreak"):
            sink.add_space()
        elif child.type in _SKIPPED_INLINE:
            locator.skip(child.content)
            sink.add_space()


def _front_matter_date(text: str) -> DocumentDate | None:
    """The document's date from its YAML front matter (``date:``, ``lastmod:``...), or None; a
    front matter that is not YAML dates nothing (it is not prose, and is not read either)."""
    import yaml

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return None
    if not isinstance(data, dict):
        return None
    return latest(value for key, value in data.items() if str(key).lower() in DATE_KEYS)
