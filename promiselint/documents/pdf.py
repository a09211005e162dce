"""PDF via pdfplumber: the text lines of every page, grouped into paragraphs by vertical gaps.

A finding's ``page`` is the page number and its line the text line within that page (top to
bottom), its column the character in that line. Within a paragraph, a word hyphenated at a line
break is joined ("guaran-" + "teed") and the lines are joined by a space, so a sentence that wraps
is one sentence. Ligature glyphs (ﬁ, ﬂ...) are expanded, each as its own run so the columns after
them stay those of the PDF line.
"""

from __future__ import annotations

import contextlib
import logging
import statistics
from collections.abc import Iterator
from typing import Any, BinaryIO

from promiselint.documents.base import Segment, SegmentBuilder
from promiselint.errors import ReadError

_LIGATURES = {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
_HYPHENS = ("-", "\u00ad", "\u2010")  # hyphen-minus, soft hyphen, hyphen
_BULLETS = ("•", "◦", "▪", "‣", "·", "■", "●")
# A gap between two lines larger than this share of the line height starts a new paragraph
# (ordinary leading leaves about 0.2; paragraph spacing is usually half a line or more).
_PARAGRAPH_GAP = 0.5
# A change of font size this large (a heading above body text) starts a new paragraph too.
_SIZE_CHANGE = 1.2
# The end-of-file marker must be in the file's tail; without it the file was cut short.
_TAIL = 4096


def read_pdf(stream: BinaryIO) -> Iterator[Segment]:
    if not _check_shape(stream):
        return  # an empty file is an empty document
    import pdfplumber
    from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

    with _quiet_pdfminer():
        try:
            with pdfplumber.open(stream) as pdf:
                for number, page in enumerate(pdf.pages, start=1):
                    lines = page.extract_text_lines(return_chars=True, expand_ligatures=False)
                    yield from _paragraphs(lines, number)
                    page.close()  # drops the page's cached objects: memory stays flat
        except (PdfminerException, MalformedPDFException) as exc:
            raise _read_error(exc) from None


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


def _paragraphs(lines: list[dict[str, Any]], page: int) -> Iterator[Segment]:
    builder = SegmentBuilder()
    joined = False  # this line completes a word hyphenated at the end of the previous one
    for number, line in enumerate(lines, start=1):
        following = lines[number] if number < len(lines) else None
        ends = following is None or _starts_paragraph(line, following)
        breaks = not ends and _hyphenated(line["text"], following["text"])  # type: ignore[index]
        _add_line(builder, line["text"], number, space_before=not joined, drop_last=breaks)
        joined = breaks
        if ends and builder:
            yield builder.build(page=page)
            builder = SegmentBuilder()


def _size(line: dict[str, Any]) -> float:
    sizes = [char["size"] for char in line["chars"] if char["text"].strip()]
    return statistics.median(sizes) if sizes else line["bottom"] - line["top"]


def _starts_paragraph(previous: dict[str, Any], line: dict[str, Any]) -> bool:
    height = min(previous["bottom"] - previous["top"], line["bottom"] - line["top"]) or 1
    gap = line["top"] - previous["bottom"]
    sizes = sorted((_size(previous), _size(line)))
    return (
        gap > _PARAGRAPH_GAP * height
        or line["top"] < previous["top"]  # back up the page: the next column or a sidebar
        or sizes[1] > _SIZE_CHANGE * sizes[0]
        or line["text"].startswith(_BULLETS)
    )


def _hyphenated(text: str, following: str) -> bool:
    """True when ``text`` ends with a word broken by a hyphen that the next line completes
    ("guaran-" / "teed"); a compound ("state-of-the-" / "art") keeps its hyphen."""
    if len(text) < 2 or not text.endswith(_HYPHENS) or not text[-2].isalpha():
        return False
    word = text[:-1].rsplit(" ", 1)[-1]
    return "-" not in word and following[:1].islower()


def _add_line(builder: SegmentBuilder, text: str, number: int, space_before: bool,
              drop_last: bool) -> None:
    """Add one PDF line, expanding ligatures; ``drop_last`` drops a line-break hyphen."""
    if space_before:
        builder.add_space()
    if drop_last:
        text = text[:-1]
    start = 0
    for index, char in enumerate(text):
        expansion = _LIGATURES.get(char)
        if expansion is None:
            continue
        if start < index:
            builder.add(text[start:index], number, start + 1)
        builder.add(expansion, number, index + 1)
        start = index + 1
    if start < len(text):
        builder.add(text[start:], number, start + 1)
