"""Table cells read the way a person reads them: a data cell after its row's label and its
column's header, so that a commitment split across cells is one sentence for the rules.

    | Priority  | Response time | Resolution     |
    | P1 outage | 1 hour        | 1 business day |

reads "P1 outage, Response time: 1 hour" and "P1 outage, Resolution: 1 business day". The label
and the header are borrowed (see Segment.borrowed): each is also read where it stands, as its
own segment, and a finding that starts in them is placed at the cell it runs into.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
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


def row_segments(
    row: list[Cell],
    header: list[Cell] | None,
    is_header: bool = False,
    where: Callable[[int], dict[str, object]] | None = None,
) -> Iterator[Segment]:
    """A row's cells, each a segment; a data cell after the row's label (its first cell)
    and its column's header. ``where`` gives a cell's location fields by its index."""
    label = row[0] if len(row) > 1 and row[0] else None
    for column, cell in enumerate(row):
        if not cell:
            continue
        builder = SegmentBuilder()
        if column > 0 and not is_header:
            heading = header[column] if header and column < len(header) else None
            write_context(builder, label, heading if heading else None)
        cell.write(builder)
        yield builder.build(**(where(column) if where else {}))
