"""Highlight annotations on a copy of a PDF, over each finding's words, the message as the note.

Each finding is found again on its page by its words, not by its line and column: the page's
words (pdfplumber, duplicate "fake bold" glyphs dropped, ligatures expanded) are laid end to end
with one space between them, and the finding's sentence is searched for there, then its words
inside the sentence (the first occurrence not already highlighted, when the sentence is there
twice). A word hyphenated at a line break matches its joined form, as the reader joins it. The
highlight is one box per text line, around the matched characters.

The copy is written with pypdf: it adds the annotations to each page's /Annots and leaves the
content streams alone, so the page text stays exactly what it was.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from promiselint.annotate import AUTHOR, note
from promiselint.api import read_segments
from promiselint.findings import Finding

_YELLOW = "ffeb3b"
_HYPHENS = "-\u00ad\u2010"
Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in PDF user space (y up)


def write_highlighted_pdf(source: Path, target: Path, findings: list[Finding]) -> int:
    """Write the highlighted copy; returns how many findings were placed."""
    import pdfplumber
    from pypdf import PdfWriter

    # The reader's checks first (not a PDF, encrypted, cut short): one-line errors, nothing written
    for _ in read_segments(str(source)):
        pass
    by_page: dict[int, list[Finding]] = {}
    for finding in findings:
        by_page.setdefault(finding.location.page or 1, []).append(finding)
    writer = PdfWriter(clone_from=str(source))
    placed = 0
    with pdfplumber.open(str(source)) as pdf:
        for number, page_findings in sorted(by_page.items()):
            page = pdf.pages[number - 1]
            words = PageWords(page)
            bottom = float(writer.pages[number - 1].mediabox.bottom)
            for finding in page_findings:
                boxes = words.boxes(finding, bottom)
                if boxes:
                    writer.add_annotation(number - 1, _highlight(boxes, note(finding)))
                    placed += 1
            page.close()
    with open(target, "wb") as out:
        writer.write(out)
    return placed


@dataclass
class PageWords:
    """A page's words end to end, one space between them, each character knowing its glyph."""

    text: str
    glyphs: list[dict[str, Any] | None]  # behind each character of ``text``; None for a space

    def __init__(self, page: Any) -> None:
        from pdfplumber.utils.text import LIGATURES

        parts: list[str] = []
        self.glyphs = []
        for word in page.dedupe_chars().extract_words(return_chars=True):
            if parts:
                parts.append(" ")
                self.glyphs.append(None)
            for char in word["chars"]:
                shown = LIGATURES.get(char["text"], char["text"])
                parts.append(shown)
                self.glyphs.extend([char] * len(shown))
        self.text = "".join(parts)
        self._used: set[int] = set()  # starts of the matches already highlighted

    def boxes(self, finding: Finding, bottom: float = 0.0) -> list[Box]:
        """Boxes around the finding's words, one per text line; [] when they are not found."""
        span = self._locate(finding)
        if span is None:
            return []
        self._used.add(span[0])
        chars = [glyph for glyph in self.glyphs[span[0] : span[1]] if glyph is not None]
        return [_around(line, bottom) for line in _by_line(chars)]

    def _locate(self, finding: Finding) -> tuple[int, int] | None:
        words = _pattern(finding.text)
        for sentence in _pattern(finding.sentence).finditer(self.text):
            match = words.search(self.text, sentence.start(), sentence.end())
            if match and match.start() not in self._used:
                return match.span()
        # The sentence is not in one piece (it crosses columns): the words alone
        for match in words.finditer(self.text):
            if match.start() not in self._used:
                return match.span()
        return None


def _pattern(text: str) -> re.Pattern[str]:
    """``text`` as the reader gives it, matching it as the page's words show it: a space may be
    missing (words set tight are one pdfplumber word), and between two letters may come a space
    (a word set loose is two) or a line-break hyphen and the space after it."""
    parts: list[str] = []
    for index, char in enumerate(text):
        if char.isspace():
            if parts and parts[-1] != " ?":
                parts.append(" ?")
            continue
        parts.append(re.escape(char))
        following = text[index + 1 : index + 2]
        if char.isalnum() and following.isalnum():
            parts.append(f"(?:[{_HYPHENS}]? )?")
        elif char in _HYPHENS:
            parts.append(" ?")
    return re.compile("".join(parts))


def _by_line(chars: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Consecutive characters grouped by the text line they stand on."""
    lines: list[list[dict[str, Any]]] = []
    for char in chars:
        previous = lines[-1][-1] if lines else None
        if previous is not None and abs(char["top"] - previous["top"]) < previous["size"] / 2:
            lines[-1].append(char)
        else:
            lines.append([char])
    return lines


def _around(chars: list[dict[str, Any]], bottom: float) -> Box:
    # pdfminer's y0/y1 count from the bottom of the MediaBox; user space counts from its origin
    return (
        min(char["x0"] for char in chars),
        bottom + min(char["y0"] for char in chars),
        max(char["x1"] for char in chars),
        bottom + max(char["y1"] for char in chars),
    )


def _highlight(boxes: list[Box], text: str) -> Any:
    from pypdf.annotations import Highlight
    from pypdf.generic import ArrayObject, FloatObject, NameObject, TextStringObject

    # QuadPoints, per box: upper-left, upper-right, lower-left, lower-right (as Acrobat writes)
    quads = [
        FloatObject(value) for x0, y0, x1, y1 in boxes for value in (x0, y1, x1, y1, x0, y0, x1, y0)
    ]
    rect = (
        min(box[0] for box in boxes),
        min(box[1] for box in boxes),
        max(box[2] for box in boxes),
        max(box[3] for box in boxes),
    )
    annotation = Highlight(
        rect=rect, quad_points=ArrayObject(quads), highlight_color=_YELLOW, printing=True
    )
    annotation[NameObject("/Contents")] = TextStringObject(text)
    annotation[NameObject("/T")] = TextStringObject(AUTHOR)
    return annotation
