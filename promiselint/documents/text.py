"""Plain text: UTF-8 (with or without BOM) or a detected legacy encoding, read in bounded memory."""

from __future__ import annotations

import codecs
import io
from collections.abc import Iterator
from typing import BinaryIO

from promiselint.documents.base import Segment, SegmentBuilder
from promiselint.errors import ReadError

_CHUNK = 1 << 20
_SAMPLE = 1 << 16
# A paragraph longer than this is cut at a line break: sentences rarely span thousands of
# lines, and memory stays bounded on huge files without blank lines.
_MAX_PARAGRAPH_LINES = 200
# Legacy encodings by how much text is written in them (Western, Cyrillic, Central European
# Windows code pages first): the tie-break between guesses that decode a sample equally cleanly.
_COMMON_ENCODINGS = (
    "cp1252",
    "cp1251",
    "cp1250",
    "cp1253",
    "cp1254",
    "cp1257",
    "cp1256",
    "cp1255",
    "koi8_r",
    "shift_jis",
    "cp932",
    "euc_jp",
    "gb18030",
    "gb2312",
    "big5",
    "euc_kr",
    "cp949",
    "cp874",
    "iso8859_15",
    "mac_roman",
)
_CHAOS_TIE = 0.01
# Longest first: the UTF-32-LE mark starts with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def detect_encoding(stream: BinaryIO, declared: str | None = None) -> str:
    """The encoding of a seekable byte stream; raises ReadError for binary data.

    A UTF-16/32 byte-order mark decides at once. Otherwise the whole stream is validated as UTF-8
    chunk by chunk (fast, bounded memory); only when that fails is the encoding the document
    ``declared`` (an HTML meta charset) tried, and then a legacy encoding guessed from a sample.
    """
    start = stream.tell()
    head = stream.read(_SAMPLE)
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            stream.seek(start)
            return encoding
    if b"\x00" in head:
        raise ReadError("binary file (contains NUL bytes)")
    decoder = codecs.getincrementaldecoder("utf-8")()
    chunk = head
    try:
        while chunk:
            decoder.decode(chunk)
            chunk = stream.read(_CHUNK)
        decoder.decode(b"", final=True)
        encoding = "utf-8-sig"
    except UnicodeDecodeError:
        encoding = _declared_encoding(head, declared) or _guess_legacy_encoding(head)
    stream.seek(start)
    return encoding


def _declared_encoding(sample: bytes, declared: str | None) -> str | None:
    """``declared`` when it names a codec that decodes the sample, else None (labels lie)."""
    if not declared:
        return None
    try:
        name = codecs.lookup(declared).name
        codecs.getincrementaldecoder(name)().decode(sample)  # the sample may end mid-character
    except (LookupError, UnicodeDecodeError):
        return None
    # Browsers read the latin-1 label as cp1252 (WHATWG), and so do the documents that use it
    return "cp1252" if name in ("latin-1", "iso8859-1", "ascii") else name


def _guess_legacy_encoding(sample: bytes) -> str:
    """charset-normalizer's guess; among the guesses that read equally cleanly (a short French
    text is as clean in cp1252 as in ISO-8859-14), the most widely used code page wins."""
    from charset_normalizer import from_bytes

    matches = list(from_bytes(sample))
    if not matches:
        raise ReadError("not a text file (neither UTF-8 nor a recognisable legacy encoding)")
    cleanest = min(match.chaos for match in matches)
    tied = [match for match in matches if match.chaos <= cleanest + _CHAOS_TIE]
    best = min(tied, key=lambda match: _rank(match.encoding))
    if _looks_binary(str(best)):
        raise ReadError("not a text file (neither UTF-8 nor a recognisable legacy encoding)")
    return best.encoding


def _rank(encoding: str) -> int:
    try:
        return _COMMON_ENCODINGS.index(encoding)
    except ValueError:
        return len(_COMMON_ENCODINGS)


def _looks_binary(text: str) -> bool:
    control = sum(1 for ch in text if ord(ch) < 32 and ch not in "\r\n\t\f")
    return control > max(8, len(text) // 100)


def iter_lines(stream: BinaryIO, declared: str | None = None) -> Iterator[str]:
    """Lines of a text stream, without line endings (CRLF, LF or CR), decoded after detection
    (``declared``: the encoding the document names for itself, tried if it is not UTF-8)."""
    encoding = detect_encoding(stream, declared)
    text = io.TextIOWrapper(stream, encoding=encoding, newline=None, errors="replace")
    try:
        for line in text:
            yield line.rstrip("\n")
    finally:
        text.detach()


def read_text(stream: BinaryIO) -> Iterator[Segment]:
    """One segment per paragraph (lines up to a blank line)."""
    block = SegmentBuilder()
    lines_in_block = 0
    for number, line in enumerate(iter_lines(stream), start=1):
        if not line.strip() or lines_in_block >= _MAX_PARAGRAPH_LINES:
            if block:
                yield block.build()
            block, lines_in_block = SegmentBuilder(), 0
        if line.strip():
            block.add(line, number, 1)
            block.add_space()
            lines_in_block += 1
    if block:
        yield block.build()
