"""Word comments on a copy of a .docx, each anchored on exactly the words of its finding.

A finding locates its words by paragraph number, ``where`` and column (see the .docx reader). The
paragraph is found again here among the document's paragraphs by what the finding saw (its words
at its column and its sentence), with the reader's own rules for what counts as text, so that the
offsets agree. Runs are split where a match starts or ends inside one (each half keeps the run's
formatting); the comment range then covers whole runs, as Word requires.

Word allows no comments in headers, footers and text boxes: a finding there is commented on the
nearest body paragraph (the first of its section for a header, the last for a footer, the one
holding the text box), with a line saying where the words are.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.text.run import Run
from lxml import etree

from promiselint.annotate import AUTHOR, note
from promiselint.api import read_segments

# The reader's rules for the visible text of a paragraph: sharing them keeps columns aligned.
from promiselint.documents.docx import _ONE_LINE, _P, _R, _RUN_TEXT, _SKIPPED, _TXBX, _W
from promiselint.findings import Finding

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

_RPR = f"{{{_W}}}rPr"
_BODY = f"{{{_W}}}body"
_SECT_PR = f"{{{_W}}}sectPr"
_SECTION_END = f"{{{_W}}}pPr/{_SECT_PR}"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_MARGIN_PARTS = (RT.HEADER, RT.FOOTER)


@dataclass(frozen=True)
class _Piece:
    """One run child that shows text: ``text`` starts at ``start`` in the paragraph's text."""

    start: int
    text: str
    run: etree._Element
    node: etree._Element

    @property
    def end(self) -> int:
        return self.start + len(self.text)


def _pieces(paragraph: etree._Element) -> list[_Piece]:
    pieces: list[_Piece] = []
    _walk(paragraph, pieces)
    return pieces


def _walk(element: etree._Element, pieces: list[_Piece]) -> None:
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIPPED or tag == _TXBX:
            continue
        if tag in _RUN_TEXT and element.tag == _R:
            shown = _RUN_TEXT[tag]
            text = shown if shown is not None else (child.text or "")
            start = pieces[-1].end if pieces else 0
            pieces.append(_Piece(start, text.translate(_ONE_LINE), element, child))
        else:
            _walk(child, pieces)


def _text(pieces: list[_Piece]) -> str:
    return "".join(piece.text for piece in pieces)


def _folded(text: str) -> str:
    """Whitespace as the reader leaves it in a finding's text and sentence."""
    return " ".join(text.split())


@dataclass
class _Candidate:
    paragraph: etree._Element
    part: object  # the header/footer part holding it, None in the main document
    in_text_box: bool


def write_commented_docx(source: Path, target: Path, findings: list[Finding]) -> int:
    import docx

    # The reader's checks first (not a .docx, zip bomb, corrupt): one-line errors, nothing written
    for _ in read_segments(str(source)):
        pass
    document = docx.Document(str(source))
    commenter = _Commenter(document)
    for finding in findings:
        commenter.comment(finding)
    document.save(str(target))
    return len(findings)


class _Commenter:
    def __init__(self, document: DocxDocument) -> None:
        self.document = document
        self.candidates = list(_candidates(document))
        self.taken: dict[int, etree._Element] = {}  # paragraph number -> its element

    def comment(self, finding: Finding) -> None:
        candidate = self._find(finding)
        if candidate is None:
            # The words are not where the finding says (a reader and this walk disagree): the
            # comment still reaches the reviewer, on the first paragraph, quoting the sentence.
            self._comment_paragraph(self._body_paragraphs()[0], finding, "Not located")
            return
        if candidate.part is None and not candidate.in_text_box:
            start = finding.location.column - 1
            end = finding.location.end_column - 1
            first, last = _isolate(candidate.paragraph, start, end)
            self.document.add_comment([first, last], note(finding), AUTHOR, "PL")
            return
        where = finding.location.where or "text box"
        self._comment_paragraph(self._nearest_body_paragraph(candidate), finding, f"In the {where}")

    def _find(self, finding: Finding) -> _Candidate | None:
        """The paragraph that shows the finding's words at its column, preferring one that
        holds its sentence (or is held by it: a table cell's sentence starts with the row label
        and column header the reader lends it, and a match that starts there is placed at the
        cell's own words, which then end the finding's text)."""
        where = finding.location.where or "body"
        in_margin = "header" in where or "footer" in where
        in_box = "text box" in where
        number = finding.location.paragraph or finding.location.line
        start, end = finding.location.column - 1, finding.location.end_column - 1
        words, sentence = _folded(finding.text), _folded(finding.sentence)
        elsewhere = {id(element) for key, element in self.taken.items() if key != number}
        showing = []
        for candidate in self.candidates:
            if (candidate.part is not None) != in_margin or candidate.in_text_box != in_box:
                continue
            if id(candidate.paragraph) in elsewhere:
                continue  # the same words in another paragraph already claimed by its number
            raw = _text(_pieces(candidate.paragraph))
            text, shown = _folded(raw), _folded(raw[start:end])
            if shown and words.endswith(shown):
                showing.append((candidate, sentence in text or text in sentence))
        chosen = next((c for c, holds in showing if holds), showing[0][0] if showing else None)
        if chosen is not None:
            self.taken[number] = chosen.paragraph
        return chosen

    def _comment_paragraph(self, paragraph: etree._Element, finding: Finding, place: str) -> None:
        own_runs = [run for run in paragraph.iter(_R) if next(run.iterancestors(_P)) is paragraph]
        if not own_runs:
            own_runs = [paragraph.add_r()]  # an empty run: something to anchor on, no text
        runs = [Run(own_runs[0], None), Run(own_runs[-1], None)]  # type: ignore[arg-type]
        text = f'{place}: "{_folded(finding.sentence)}"\n{note(finding)}'
        self.document.add_comment(runs, text, AUTHOR, "PL")

    def _body_paragraphs(self) -> list[etree._Element]:
        """The main text's paragraphs with text; failing those, its first paragraph (made when
        the body has none, as in a document written all in its header)."""
        body = [c.paragraph for c in self.candidates if c.part is None and not c.in_text_box]
        with_text = [p for p in body if _text(_pieces(p)).strip()]
        if with_text:
            return with_text
        if not body:
            body = [self.document.add_paragraph()._p]
            self.candidates.insert(0, _Candidate(body[0], None, False))
        return body[:1]

    def _nearest_body_paragraph(self, candidate: _Candidate) -> etree._Element:
        body = self._body_paragraphs()
        if candidate.part is None:  # a text box in the body: the paragraph that holds it
            holder = _outermost_paragraph(candidate.paragraph)
            order = {id(c.paragraph): index for index, c in enumerate(self.candidates)}
            here = order.get(id(holder), 0)
            return min(body, key=lambda p: abs(order[id(p)] - here))
        blocks = _section_blocks(self.document, candidate.part)
        in_section = [p for p in body if _top_level(p) in blocks] or body
        is_header = any(candidate.part is part for part in _parts(self.document, RT.HEADER))
        return in_section[0] if is_header else in_section[-1]


def _candidates(document: DocxDocument) -> Iterator[_Candidate]:
    """Every paragraph a finding can be in: the main document's (text boxes marked), then the
    headers' and footers'. The fallback copy Word keeps of a text box is skipped, as the reader
    skips it."""
    for paragraph in document.element.body.iter(_P):
        in_box, fallback = _ancestry(paragraph)
        if not fallback:
            yield _Candidate(paragraph, None, in_box)
    for kind in _MARGIN_PARTS:
        for part in _parts(document, kind):
            for paragraph in part.element.iter(_P):
                in_box, fallback = _ancestry(paragraph)
                if not fallback:
                    yield _Candidate(paragraph, part, in_box)


def _ancestry(paragraph: etree._Element) -> tuple[bool, bool]:
    """(inside a text box, inside the fallback copy of a drawing)."""
    in_box = fallback = False
    for ancestor in paragraph.iterancestors():
        in_box = in_box or ancestor.tag == _TXBX
        fallback = fallback or ancestor.tag in _SKIPPED
    return in_box, fallback


def _outermost_paragraph(paragraph: etree._Element) -> etree._Element:
    holders = [a for a in paragraph.iterancestors() if a.tag == _P]
    return holders[-1] if holders else paragraph


def _parts(document: DocxDocument, kind: str) -> list[Any]:
    return [rel.target_part for rel in document.part.rels.values() if rel.reltype == kind]


def _section_blocks(document: DocxDocument, part: object) -> set[etree._Element]:
    """The body's top-level elements in the first section whose header or footer is ``part``.
    A section ends with the paragraph holding its w:sectPr; the last one's is the body's own."""
    blocks: set[etree._Element] = set()
    for element in document.element.body:
        properties = element if element.tag == _SECT_PR else element.find(_SECTION_END)
        if element.tag != _SECT_PR:
            blocks.add(element)
        if properties is None:
            continue
        for reference in properties:
            if document.part.related_parts.get(reference.get(_R_ID)) is part:
                return blocks
        blocks = set()
    return set()


def _top_level(paragraph: etree._Element) -> etree._Element:
    """The body's child that holds ``paragraph`` (itself, or the table it is in)."""
    top = paragraph
    for ancestor in paragraph.iterancestors():
        if ancestor.tag == _BODY:
            break
        top = ancestor
    return top


def _isolate(paragraph: etree._Element, start: int, end: int) -> tuple[Run, Run]:
    """Split runs so that text[start:end] is exactly whole runs; the first and last of them.
    The end is split first: the nodes found for the start stay where they are."""
    pieces = [piece for piece in _pieces(paragraph) if piece.text]
    last_piece = next(piece for piece in reversed(pieces) if piece.start < end)
    if end < last_piece.end:
        _split_run(last_piece.run, last_piece.node, end - last_piece.start)
    first_piece = next(piece for piece in pieces if start < piece.end)
    first = _split_run(first_piece.run, first_piece.node, start - first_piece.start)
    last = first if first_piece.run is last_piece.run else last_piece.run
    return Run(first, None), Run(last, None)  # type: ignore[arg-type]


def _split_run(run: etree._Element, node: etree._Element, at: int) -> etree._Element:
    """Split ``run`` before character ``at`` of its child ``node``; the run that starts there.
    Both halves keep the run's properties (its formatting)."""
    content = [child for child in run if child.tag != _RPR]
    index = content.index(node)
    if index == 0 and at == 0:
        return run
    tail = copy.deepcopy(run)
    tail_content = [child for child in tail if child.tag != _RPR]
    for child in content[index + 1 :]:
        run.remove(child)
    for child in tail_content[:index]:
        tail.remove(child)
    if at == 0:
        run.remove(node)
    else:  # only text can be cut inside: a tab or a break is one character
        tail_node = tail_content[index]
        node.text, tail_node.text = node.text[:at], node.text[at:]
        node.set(_XML_SPACE, "preserve")
        tail_node.set(_XML_SPACE, "preserve")
    run.addnext(tail)
    return tail
