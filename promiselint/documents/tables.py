"""Table cells read the way a person reads them: a data cell after its row's label and its
column's header, so that a commitment split across cells is one sentence for the rules.

    | Priority  | Response time | Resolution     |
    | P1 outage | 1 hour        | 1 business day |

reads "P1 outage, Response time: 1 hour" and "P1 outage, Resolution: 1 business day". The label
and the header are borrowed (see Segment.borrowed): each is also read where it stands, as its
own segment, and a finding that starts in them is placed at the cell it runs into.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from promiselint.documents.base import Segment, SegmentBuilder


@dataclass
class Cell:
    """One cell's text as it was found: (text, line, column) pieces; a piece of whitespace
    only marks a word boundary."""

    pieces: list[tuple[str, int, int]] = field(default_factory=list)

    def add(self, text: str, line: int, column: int) -> None:
        self.pieces.append((text, line, column))

    def add_space(self) -> None:
        self.pieces.append((" ", 0, 0))

    def __bool__(self) -> bool:
        return any(text.strip() for text, _, _ in self.pieces)

    def write(self, builder: SegmentBuilder, borrowed: bool = False) -> None:
        builder.add_space()
        for text, line, column in self.pieces:
            if not text.strip():
                builder.add_space()
            elif borrowed:
                builder.borrow(text, line, column)
            else:
                builder.add(text, line, column)


def write_context(builder: SegmentBuilder, label: Cell | None, heading: Cell | None) -> None:
    """The borrowed "label, heading:" that a data cell's own text follows."""
    if label:
        label.write(builder, borrowed=True)
    if heading:
        if builder:
            builder.punctuate(",")
        heading.write(builder, borrowed=True)
    builder.punctuate(":")
    builder.add_space()


def row_segments(
    row: list[Cell], header: list[Cell] | None, is_header: bool = False, **where: object
) -> Iterator[Segment]:
    """A row's cells, each a segment (with the ``where`` fields); a data cell after the row's
    label (its first cell) and its column's header."""
    label = row[0] if len(row) > 1 and row[0] else None
    for column, cell in enumerate(row):
        if not cell:
            continue
        builder = SegmentBuilder()
        if column > 0 and not is_header:
            heading = header[column] if header and column < len(header) else None
            write_context(builder, label, heading if heading else None)
        cell.write(builder)
        yield builder.build(**where)


@dataclass
class _OpenTable:
    header: list[Cell] | None = None
    row: list[Cell] | None = None
    in_cell: bool = False
    in_head: bool = False  # inside <thead>
    all_header_cells: bool = True  # every cell of the row so far is a <th>


TABLE_TAGS = frozenset({"table", "thead", "tr", "td", "th"})


class MarkupTables:
    """Tables read from markup events (HTML), nested ones each with their own rows. A row in
    <thead>, or a first row of <th> cells only, is the header; optional end tags are implied."""

    def __init__(self) -> None:
        self.open: list[_OpenTable] = []

    def tag(self, tag: str, start: bool, **where: object) -> Iterator[Segment]:
        """A start or end tag of TABLE_TAGS; yields the rows it finishes, cell by cell."""
        if tag == "table" and start:
            self.start_table()
        elif tag == "table":
            yield from self.end_table(**where)
        elif tag == "thead":
            self.head(start)
        elif tag == "tr":
            yield from self.start_row(**where) if start else self.end_row(**where)
        elif start:
            yield from self.start_cell(tag == "th", **where)
        else:
            self.end_cell()

    def cell(self) -> Cell | None:
        """The cell that text goes to now, if any."""
        table = self.open[-1] if self.open else None
        return table.row[-1] if table and table.in_cell and table.row else None

    def start_table(self) -> None:
        self.open.append(_OpenTable())

    def end_table(self, **where: object) -> Iterator[Segment]:
        if self.open:
            yield from self.end_row(**where)
            self.open.pop()

    def head(self, inside: bool) -> None:
        if self.open:
            self.open[-1].in_head = inside

    def start_row(self, **where: object) -> Iterator[Segment]:
        yield from self.end_row(**where)
        if self.open:
            self.open[-1].row = []
            self.open[-1].all_header_cells = True

    def end_row(self, **where: object) -> Iterator[Segment]:
        table = self.open[-1] if self.open else None
        if table is None or table.row is None:
            return
        row, table.row, table.in_cell = table.row, None, False
        is_header = table.in_head or (table.header is None and table.all_header_cells)
        yield from row_segments(row, table.header, is_header, **where)
        if is_header:
            table.header = row

    def start_cell(self, header_cell: bool, **where: object) -> Iterator[Segment]:
        if not self.open:
            return
        table = self.open[-1]
        if table.row is None:  # a cell without its <tr>
            yield from self.start_row(**where)
        assert table.row is not None
        table.row.append(Cell())
        table.in_cell = True
        table.all_header_cells = table.all_header_cells and header_cell

    def end_cell(self) -> None:
        if self.open:
            self.open[-1].in_cell = False
