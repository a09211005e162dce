"""PDF via pdfplumber: the text lines of every page in reading order, grouped into paragraphs.

A finding's ``page`` is the page number and its line the text line within that page in reading
order (on a two-column page: the full-width lines and the left column's, then the right
column's, band by band; see pdf_layout), its column the character in that line. A ligature
glyph (ﬁ, ﬂ...) counts as the letters it stands for, in the text and in the columns alike.

Lines are grouped into paragraphs by the space between them, judged against the page's usual
line pitch (a double-spaced page is not one paragraph per line). Within a paragraph, a word
hyphenated at a line break is joined ("guaran-" + "teed"), also across a wider gap or into the
next column, and the lines are joined by a space, so a sentence that wraps is one sentence; a
sentence cut at the foot of a column (no final stop, a lower-case word next) goes on in the next.

Running headers and footers are read once (on the first page that has them), contents lines
("Guarantees ..... 12") not at all. Notices say how many pages have no text layer (scans: not
checked, there is no OCR) and which pages' text looks garbled by a broken font map (the file's
findings are then marked low confidence).
"""

from __future__ import annotations

import contextlib
import itertools
import logging
from collections.abc import Iterator
from typing import BinaryIO

from promiselint.documents.base import Notice, Segment, SegmentBuilder
from promiselint.documents.dates import DocumentDate, latest
from promiselint.documents.pdf_layout import (
    Line,
    garbled_example,
    is_contents_line,
    page_lines,
    repeated_lines,
)
from promiselint.errors import ReadError

_HYPHENS = ("-", "\u00ad", "\u2010")  # hyphen-minus, soft hyphen, hyphen
_BULLETS = ("•", "◦", "▪", "‣", "·", "■", "●")
_SENTENCE_ENDS = (".", "!", "?", ":", ";", "\u3002")
# A gap between two lines larger than this share of the line height starts a new paragraph
# (ordinary leading leaves about 0.2; paragraph spacing is usually half a line or more).
_PARAGRAPH_GAP = 0.5
# A page whose usual line pitch is this many font sizes is double-spaced: there a new paragraph
# is a pitch this much wider than the usual one, and a plain double-spaced line is not.
_DOUBLE_SPACED = 1.9
_WIDER_THAN_USUAL = 1.25
_MIN_PITCHES = 3
# A change of font size this large (a heading above body text) starts a new paragraph too.
_SIZE_CHANGE = 1.2
# The end-of-file marker must be in the file's tail; without it the file was cut short.
_TAIL = 4096


def read_pdf(stream: BinaryIO) -> Iterator[Segment | Notice | DocumentDate]:
    if not _check_shape(stream):
        return  # an empty file is an empty document
    import pdfplumber
    from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

    pages: list[list[Line]] = []
    image_only = 0
    with _quiet_pdfminer():
        try:
            with pdfplumber.open(stream) as pdf:  # type: ignore[arg-type]  # any binary file
                date = latest(pdf.metadata.get(key) for key in ("CreationDate", "ModDate"))
                for page in pdf.pages:
                    lines = page_lines(page)
                    image_only += not lines and bool(page.images)
                    pages.append(lines)
                    page.close()  # drops the page's cached objects: memory stays flat
        except (PdfminerException, MalformedPDFException) as exc:
            raise _read_error(exc) from None
    if date is not None:
        yield date
    if image_only:
        yield Notice(
            f"{image_only} of {len(pages)} pages have no text layer; they were not checked"
        )
    yield from _garbled_notice(pages)
    # Headers and footers are read once: they are known only once every page has been seen.
    repeated = repeated_lines(pages)
    for index, lines in enumerate(pages):
        kept = [
            line
            for line in lines
            if (index, line.number) not in repeated and not is_contents_line(line.text)
        ]
        yield from _paragraphs(kept, index + 1)


def _garbled_notice(pages: list[list[Line]]) -> Iterator[Notice]:
    garbled = [
        (number, word)
        for number, lines in enumerate(pages, start=1)
        if (word := garbled_example(lines)) is not None
    ]
    if garbled:
        numbers = ", ".join(str(number) for number, _ in garbled)
        yield Notice(
            f"the text of {len(garbled)} of {len(pages)} pages (page {numbers}) looks garbled "
            f"(words like {garbled[0][1]!r}: a broken font map); findings in this file are "
            "marked low confidence",
            low_confidence=True,
        )


def _read_error(exc: Exception) -> ReadError:
    """pdfplumber wraps pdfminer's exception: name the problem from the original one."""
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    cause = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
    if isinstance(cause, PDFPasswordIncorrect):
        return ReadError("encrypted PDF (it needs a password to open)")
    detail = " ".join(str(cause).split()) or type(cause).__name__
    if isinstance(cause, PDFEncryptionError):
        return ReadError(f"encrypted PDF ({detail})")
    return ReadError(f"corrupt PDF ({detail})"[:300])


def _check_shape(stream: BinaryIO) -> bool:
    """False for an empty file; ReadError for what is no PDF or was cut short."""
    head = stream.read(1024)
    if not head:
        return False
    if b"%PDF-" not in head:
        raise ReadError("not a PDF file (no %PDF header)")
    stream.seek(0, 2)
    size = stream.tell()
    stream.seek(max(size - _TAIL, 0))
    if b"%%EOF" not in stream.read():
        raise ReadError("truncated or corrupt PDF (no end-of-file marker)")
    stream.seek(0)
    return True


@contextlib.contextmanager
def _quiet_pdfminer() -> Iterator[None]:
    """pdfminer logs warnings about every oddity of a broken file; the reader reports one line."""
    logger = logging.getLogger("pdfminer")
    saved = logger.level, logger.propagate
    logger.setLevel(logging.CRITICAL + 1)
    logger.propagate = False
    try:
        yield
    finally:
        logger.setLevel(saved[0])
        logger.propagate = saved[1]


def _paragraphs(lines: list[Line], page: int) -> Iterator[Segment]:
    usual = _usual_pitch(lines)
    builder = SegmentBuilder()
    joined = False  # this line completes a word hyphenated at the end of the previous one
    for index, line in enumerate(lines):
        following = lines[index + 1] if index + 1 < len(lines) else None
        # A broken word continues the paragraph whatever the gap (or the column) after it
        breaks = (
            following is not None
            and _hyphenated(line.text, following.text)
            and not _size_changes(line, following)
        )
        ends = following is None or (not breaks and _starts_paragraph(line, following, usual))
        if not joined:
            builder.add_space()
        builder.add(line.text[:-1] if breaks else line.text, line.number, 1)
        joined = breaks
        if ends and builder:
            yield builder.build(page=page)
            builder = SegmentBuilder()


def _usual_pitch(lines: list[Line]) -> float | None:
    """The page's usual distance from one line's top to the next one's, in the same column
    and type size: the lower quartile, since paragraph breaks only ever widen it (a page of
    one-line paragraphs must not look double-spaced); None when too few lines to tell."""
    pitches = [
        following.top - line.top
        for line, following in itertools.pairwise(lines)
        if following.column == line.column
        and following.top > line.top
        and not _size_changes(line, following)
    ]
    return sorted(pitches)[len(pitches) // 4] if len(pitches) >= _MIN_PITCHES else None


def _size_changes(previous: Line, line: Line) -> bool:
    sizes = sorted((previous.size, line.size))
    return sizes[1] > _SIZE_CHANGE * sizes[0]


def _starts_paragraph(previous: Line, line: Line, usual: float | None) -> bool:
    if _size_changes(previous, line) or line.text.startswith(_BULLETS):
        return True
    if line.column != previous.column or line.top < previous.top:
        # The next column (or a sidebar): a sentence cut at the foot of a column goes on there
        return previous.text.endswith(_SENTENCE_ENDS) or not line.text[:1].islower()
    if usual is not None and usual >= _DOUBLE_SPACED * previous.size:
        return line.top - previous.top > _WIDER_THAN_USUAL * usual
    height = min(previous.bottom - previous.top, line.bottom - line.top) or 1
    return line.top - previous.bottom > _PARAGRAPH_GAP * height


def _hyphenated(text: str, following: str) -> bool:
    """True when ``text`` ends with a word broken by a hyphen that the next line completes
    ("guaran-" / "teed"); a compound ("state-of-the-" / "art") keeps its hyphen."""
    if len(text) < 2 or not text.endswith(_HYPHENS) or not text[-2].isalpha():
        return False
    word = text[:-1].rsplit(" ", 1)[-1]
    return "-" not in word and following[:1].islower()
