"""Word .docx via python-docx: body paragraphs, tables (nested too), text boxes, headers and
footers, in reading order (each section's headers, its body, its footers).

Every paragraph with text is one segment; ``paragraph`` counts those segments from 1 and stands
in as the line, the column being the character in the paragraph + 1. ``where`` says which part of
the document it is in ("body", "table 2, row 3, cell 1", "first-page header", ...).

A table's first row is its header: each later cell's paragraphs are read after the row's label
(its first cell) and the column's header, borrowed (see tables.py), so "Response time: 1 hour"
is one sentence; ``where`` and the paragraph stay the cell's. Table-of-contents paragraphs (the
TOC styles Word gives them) are not read: the headings they repeat are read where they stand.

The archive's declared sizes are checked before python-docx inflates anything, so a zip bomb is
refused instead of filling memory. A part that is not well-formed XML (a bare "&", which Word
repairs on opening) is repaired the same way, and a notice says so; an archive that cannot be
opened, or a part that even a recovering parse cannot read, is refused.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Iterator
from typing import TYPE_CHECKING, BinaryIO

from lxml import etree

from promiselint.documents.base import Notice, Segment, SegmentBuilder
from promiselint.documents.dates import DocumentDate, latest
from promiselint.documents.docx_repair import corrupt, repaired_archive
from promiselint.documents.tables import Cell, write_context
from promiselint.errors import ReadError

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.section import Section

Context = tuple[Cell | None, Cell | None] | None  # a table cell's row label and column header

# A real proposal, images included, is a few MB; anything that inflates past this is refused.
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
_MAIN_PART = "word/document.xml"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"
# python-docx's template dates every document it writes whose writer sets no date: no date at all
_TEMPLATE_DATE = dt.datetime(2013, 12, 23, 23, 15, tzinfo=dt.UTC)

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _tag(namespace: str, name: str) -> str:
    return f"{{{namespace}}}{name}"


_P, _TBL, _TR, _TC, _R = (_tag(_W, name) for name in ("p", "tbl", "tr", "tc", "r"))
_TXBX = _tag(_W, "txbxContent")
_SECTION_END = f"{_tag(_W, 'pPr')}/{_tag(_W, 'sectPr')}"
_STYLE = f"{_tag(_W, 'pPr')}/{_tag(_W, 'pStyle')}"
_STYLE_VALUE = _tag(_W, "val")
_CONTENTS_STYLE = re.compile(r"^(?:TOC|TableofFigures|contents)", re.IGNORECASE)
_ONE_LINE = str.maketrans("\n\r\v", "   ")  # the paragraph number is the line: no line breaks
# Run content and what it reads as; everything else in a run (field codes, deleted text,
# footnote marks, drawings) is not running text.
_RUN_TEXT = {
    _tag(_W, "t"): None,  # the element's own text
    _tag(_W, "tab"): " ",
    _tag(_W, "ptab"): " ",
    _tag(_W, "br"): " ",
    _tag(_W, "cr"): " ",
    _tag(_W, "noBreakHyphen"): "-",
}
# Subtrees that are not read: deleted revisions, and the fallback copy of drawings that Word
# writes next to the modern one (the same text box twice).
_SKIPPED = {
    _tag(_W, "del"),
    _tag(_W, "moveFrom"),
    _tag(_MC, "Fallback"),
    _tag(_W, "pPr"),
    _tag(_W, "rPr"),
}
_CONTAINERS = {
    _tag(_W, "sdt"),
    _tag(_W, "sdtContent"),
    _tag(_W, "customXml"),
    _tag(_W, "ins"),
    _tag(_W, "moveTo"),
}


def read_docx(stream: BinaryIO) -> Iterator[Segment | Notice | DocumentDate]:
    if not stream.read(1):
        return  # an empty file is an empty document
    stream.seek(0)
    document, repaired = _open(stream)
    properties = document.core_properties
    date = latest(
        when for when in (properties.created, properties.modified) if when != _TEMPLATE_DATE
    )
    if date is not None:
        yield date
    if repaired:
        yield Notice(
            f"malformed XML in {', '.join(repaired)} was repaired (as Word does on "
            "opening); the text read may differ from what Word shows"
        )
    walker = _Walker()
    sections = list(document.sections)
    numbered = len(sections) > 1
    body = document.element.body
    index = 0
    for number, section in enumerate(sections, start=1):
        prefix = f"section {number} " if numbered else ""
        for label, part in _headers_footers(document, section, "header"):
            yield from walker.blocks(part, prefix + label)
        # A section's body ends with the paragraph that carries its properties (w:sectPr),
        # the last one with the body's own w:sectPr.
        while index < len(body):
            element = body[index]
            index += 1
            yield from walker.blocks_of([element], "body")
            if element.tag == _P and element.find(_SECTION_END) is not None:
                break
        for label, part in _headers_footers(document, section, "footer"):
            yield from walker.blocks(part, prefix + label)


def _open(stream: BinaryIO) -> tuple[DocxDocument, list[str]]:
    """The document, and the parts that had to be repaired to read it."""
    head = stream.read(4)
    stream.seek(0)
    if head == _OLE_MAGIC:
        raise ReadError("not a .docx file (an old binary .doc, or a password-protected document)")
    try:
        archive = zipfile.ZipFile(stream)
    except zipfile.BadZipFile:
        raise ReadError("not a .docx file (not a zip archive, or a truncated one)") from None
    with archive:
        names = set(archive.namelist())
        declared = sum(info.file_size for info in archive.infolist())
    if _MAIN_PART not in names:
        raise ReadError(f"not a Word document (the archive has no {_MAIN_PART})")
    if declared > MAX_UNCOMPRESSED_BYTES:
        raise ReadError(
            f"refused: the archive would inflate to {declared // (1024 * 1024)} MB "
            f"(limit {MAX_UNCOMPRESSED_BYTES // (1024 * 1024)} MB; a zip bomb?)"
        )
    stream.seek(0)
    import docx

    try:
        return docx.Document(stream), []
    except etree.XMLSyntaxError:
        repaired, parts = repaired_archive(stream)
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise corrupt(exc) from None
    try:
        return docx.Document(repaired), parts
    except (zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as exc:
        raise corrupt(exc) from None


def _headers_footers(
    document: DocxDocument, section: Section, kind: str
) -> Iterator[tuple[str, etree._Element]]:
    """The header or footer parts a reader of this section sees: the default one, plus the
    first-page and even-page ones when the document turns them on."""
    variants = [("", getattr(section, kind))]
    if section.different_first_page_header_footer:
        variants.insert(0, ("first-page ", getattr(section, f"first_page_{kind}")))
    if document.settings.odd_and_even_pages_header_footer:
        variants.append(("even-page ", getattr(section, f"even_page_{kind}")))
    for label, part in variants:
        # A linked header repeats the previous section's: already read there
        if not part.is_linked_to_previous:
            yield label + kind, part._element


class _Walker:
    """Walks block-level XML (paragraphs, tables, content controls) in document order."""

    def __init__(self) -> None:
        self.paragraphs = 0
        self.tables: dict[str, int] = {}  # tables seen so far in each container

    def blocks(
        self, container: etree._Element, where: str, context: Context = None
    ) -> Iterator[Segment]:
        yield from self.blocks_of(list(container), where, context)

    def blocks_of(
        self, elements: list[etree._Element], where: str, context: Context = None
    ) -> Iterator[Segment]:
        """``context``: the row label and column header a table cell's paragraphs follow."""
        for element in elements:
            if element.tag == _P:
                yield from self._paragraph(element, where, context)
            elif element.tag == _TBL:
                yield from self._table(element, where)
            elif element.tag in _CONTAINERS:
                yield from self.blocks(element, where)

    def _table(self, table: etree._Element, where: str) -> Iterator[Segment]:
        number = self.tables[where] = self.tables.get(where, 0) + 1
        # A nested table is named inside its cell: "table 1, row 2, cell 1 > table 1, ..."
        prefix = "" if where == "body" else f"{where} > "
        rows = list(_children(table, _TR))
        header: list[Cell] = []
        for row_number, row in enumerate(rows, start=1):
            label: Cell | None = None
            for cell_number, cell in enumerate(_children(row, _TC), start=1):
                place = f"{prefix}table {number}, row {row_number}, cell {cell_number}"
                heading = header[cell_number - 1] if cell_number <= len(header) else None
                context = (label, heading) if cell_number > 1 and row_number > 1 else None
                read = Cell()
                for segment in self.blocks(cell, place, context):
                    if segment.where == place:  # the cell's own paragraphs, not nested ones
                        _own_text(segment, read)
                    yield segment
                if row_number == 1 and len(rows) > 1:
                    header.append(read)
                if cell_number == 1:
                    label = read

    def _paragraph(
        self, paragraph: etree._Element, where: str, context: Context
    ) -> Iterator[Segment]:
        if _is_contents(paragraph):
            return
        parts: list[str] = []
        boxes: list[etree._Element] = []
        _collect(paragraph, parts, boxes)
        text = "".join(parts).translate(_ONE_LINE)
        if text.strip():
            self.paragraphs += 1
            builder = SegmentBuilder()
            if context is not None:
                write_context(builder, *context)
            builder.add(text, self.paragraphs, 1)
            yield builder.build(paragraph=self.paragraphs, where=where)
        for box in boxes:
            yield from self.blocks(box, "text box" if where == "body" else f"{where} > text box")


def _is_contents(paragraph: etree._Element) -> bool:
    style = paragraph.find(_STYLE)
    return style is not None and bool(_CONTENTS_STYLE.match(style.get(_STYLE_VALUE, "")))


def _own_text(segment: Segment, cell: Cell) -> None:
    """A paragraph's own text (no borrowed context) into ``cell``, as context for others."""
    start = segment.borrowed[-1][1] if segment.borrowed else 0
    own = segment.text[start:].lstrip()
    if own:
        cell.add_space()
        cell.add(own, *segment.position(len(segment.text) - len(own)))


def _children(element: etree._Element, tag: str) -> Iterator[etree._Element]:
    """Child elements with ``tag``, looking through content controls that may wrap them."""
    for child in element:
        if child.tag == tag:
            yield child
        elif child.tag in _CONTAINERS:
            yield from _children(child, tag)


def _collect(element: etree._Element, parts: list[str], boxes: list[etree._Element]) -> None:
    """The visible text of a paragraph into ``parts`` (its runs joined as Word shows them, so
    a bold word inside a sentence stays inside it); text boxes into ``boxes``."""
    for child in element:
        tag = child.tag
        if tag in _SKIPPED or not isinstance(tag, str):
            continue
        if tag == _TXBX:
            boxes.append(child)
        elif tag in _RUN_TEXT and element.tag == _R:
            replacement = _RUN_TEXT[tag]
            # Line breaks and tabs become spaces: the line number is the paragraph number
            parts.append(replacement if replacement is not None else (child.text or ""))
        else:
            _collect(child, parts, boxes)
