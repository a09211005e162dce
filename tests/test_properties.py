"""Property tests (Hypothesis): arbitrary Unicode through every reader and the engine.

Text of every kind (mixed scripts, right-to-left, combining marks, control characters, CRLF and
lone CR line ends, very long words and paragraphs, with real promises mixed in) never makes
linting raise anything but a one-line ReadError, never yields a position outside the document,
and the text at each finding's reported span is the finding's text. Segments are cut into
pieces of a few hundred characters here (instead of 100,000), so that every example also
exercises the long-segment path. Example counts are bounded so that CI stays fast.
"""

from __future__ import annotations

import functools
import html
import io
import re
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from promiselint import pieces as pieces_module
from promiselint.api import lint_file, make_engine
from promiselint.config import Config
from promiselint.engine import Engine
from promiselint.errors import ReadError
from promiselint.findings import Finding
from promiselint.spans import longest_first
from tests.conftest import shipped_ruleset

PROPERTIES = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Copy that the rules flag, in several languages and scripts, so that findings do occur.
_PROMISES = [
    "Results guaranteed.",
    "We reply within 2 hours.",
    "The new dashboard is coming soon.",
    "Your site will be live by March 15, 2027.",
    "Risultati garantiti al 100%.",
    "Мы гарантируем результат.",
    "نضمن لكم النتائج.",
    "Resultados garantizados.",
]
_ODD = [
    "\u200f",  # right-to-left mark
    "\u202e",  # right-to-left override
    "\u0301\u0308",  # combining marks
    "e\u0301",
    "\ufeff",
    "\u00a0",
    "\t",
    "\x0b",
    "\x0c",
    "\x1f",
    "\x85",
    "\u2028",
    "\r\n",
    "\r",
    "\n\n",
    "\U0001f680",
    "x" * 700,  # a very long word
    "\u0627" * 300,  # a very long right-to-left word
    "\u0645\u0631\u062d\u0628\u0627 hello \u05e9\u05dc\u05d5\u05dd",
]
_FRAGMENT = st.one_of(
    st.sampled_from(_PROMISES),
    st.sampled_from(_ODD),
    st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), max_size=40),
    st.text(st.sampled_from("abc ABC.,;:!?-'\"()%$#/"), max_size=60),
)
DOCUMENTS = st.lists(_FRAGMENT, max_size=40).map(" ".join)
# XML (and so .docx) cannot hold control characters other than tab and line ends.
_XML_SAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SPACE = re.compile(r"\s+")


@functools.cache
def detecting_engine() -> Engine:
    """Every shipped rule, the language detected per paragraph."""
    return make_engine(Config(), shipped_ruleset())


@pytest.fixture(autouse=True)
def _short_pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pieces_module, "MAX_PIECE", 300)
    monkeypatch.setattr(pieces_module, "_CUT_WINDOW", 60)


def lint(name: str, data: bytes) -> list[Finding]:
    try:
        return lint_file(detecting_engine(), name, data=data)
    except ReadError:
        return []  # reported to the user as one line; not a crash


def source_lines(data: bytes) -> list[str]:
    """The file's lines as the readers count them: CRLF, CR and LF end a line."""
    text = data.decode("utf-8-sig")
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def folded(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def at_span(lines: list[str], finding: Finding) -> str:
    """The source text between a finding's start and end, checking both lie in the document."""
    loc = finding.location
    assert 1 <= loc.line <= loc.end_line <= len(lines), (loc, len(lines))
    assert 1 <= loc.column <= len(lines[loc.line - 1]) + 1, loc
    assert 1 <= loc.end_column <= len(lines[loc.end_line - 1]) + 1, loc
    if loc.line == loc.end_line:
        assert loc.column < loc.end_column, loc
        return lines[loc.line - 1][loc.column - 1 : loc.end_column - 1]
    middle = lines[loc.line : loc.end_line - 1]
    first = lines[loc.line - 1][loc.column - 1 :]
    return "\n".join([first, *middle, lines[loc.end_line - 1][: loc.end_column - 1]])


def check_spans(data: bytes, findings: list[Finding], unescape: Callable[[str], str]) -> None:
    lines = source_lines(data)
    for finding in findings:
        source = at_span(lines, finding)
        if source == finding.text:
            continue
        # Whitespace is folded into single spaces in segments, and markup (entities, Markdown
        # escapes and emphasis) may sit between the words of a match: the words must agree.
        assert folded(unescape(source)) == folded(finding.text), (source, finding)


@PROPERTIES
@given(DOCUMENTS)
def test_plain_text(text: str) -> None:
    data = text.encode("utf-8")
    check_spans(data, lint("page.txt", data), lambda source: source)


_MARKDOWN_MARKUP = re.compile(r"\\(?=[!-/:-@\[-`{-~])|[*_`~]")


@PROPERTIES
@given(DOCUMENTS)
def test_markdown(text: str) -> None:
    data = text.encode("utf-8")

    def unescape(source: str) -> str:
        return html.unescape(_MARKDOWN_MARKUP.sub("", source))

    findings = lint("page.md", data)
    lines = source_lines(data)
    for finding in findings:
        source = at_span(lines, finding)
        if "&" in source or "[" in source or "<" in source:
            continue  # entities, links and raw HTML: their text is not the source's
        assert folded(unescape(source)) == folded(_MARKDOWN_MARKUP.sub("", finding.text)), (
            source,
            finding,
        )


@PROPERTIES
@given(st.lists(DOCUMENTS, min_size=1, max_size=4))
def test_html(paragraphs: list[str]) -> None:
    body = "\n".join(f"<p>{html.escape(paragraph)}</p>" for paragraph in paragraphs)
    data = f"<!doctype html><html><body>\n{body}\n</body></html>\n".encode()
    check_spans(data, lint("page.html", data), html.unescape)


@settings(PROPERTIES, max_examples=25)
@given(st.lists(DOCUMENTS, min_size=1, max_size=4))
def test_docx(paragraphs: list[str]) -> None:
    from docx import Document

    document = Document()
    texts = [_XML_SAFE.sub(" ", paragraph) for paragraph in paragraphs]
    for text in texts:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    findings = lint("page.docx", buffer.getvalue())
    # A finding's line is the paragraph's number among those with text; its columns count
    # characters in that paragraph (as python-docx reads it back: line ends become breaks).
    written = [paragraph.text for paragraph in Document(io.BytesIO(buffer.getvalue())).paragraphs]
    with_text = [text for text in written if text.strip()]
    for finding in findings:
        loc = finding.location
        assert loc.paragraph is not None and 1 <= loc.paragraph <= len(with_text), loc
        paragraph = with_text[loc.paragraph - 1]
        assert 1 <= loc.column < loc.end_column <= len(paragraph) + 1, (loc, paragraph)
        source = paragraph[loc.column - 1 : loc.end_column - 1]
        assert folded(source) == folded(finding.text), (source, finding)


_SPANS = st.lists(
    st.tuples(st.integers(0, 60), st.integers(1, 12)).map(lambda s: (s[0], s[0] + s[1])),
    max_size=40,
)


@given(_SPANS)
def test_longest_first_keeps_the_longest_of_overlapping_spans(spans: list[tuple[int, int]]) -> None:
    # Kept against its neighbours only (a long text has thousands of spans): the result must be
    # what comparing each span with every kept one gives.
    expected: list[tuple[int, int]] = []
    for span in sorted(set(spans), key=lambda s: (s[0] - s[1], s[0])):
        if all(span[1] <= other[0] or span[0] >= other[1] for other in expected):
            expected.append(span)
    assert longest_first(spans) == sorted(expected)
