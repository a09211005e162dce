"""HTML: the text a visitor sees, plus the title and description metadata that search engines and
link previews show (marketing copy too), with line/column positions into the source file.

The stdlib parser is fed decoded lines as they are read (bounded memory) with entity conversion
off, so that ``getpos()`` is exact for every text run; entities are decoded here, each as its
own run so that the columns after it stay right.

Block boundaries follow the rendered layout: display-level elements, <br>, list items and table
cells end a block, and so does an element styled as one (an inline ``display: block``, flex or
grid) or a badge beside a link (class badge, chip, pill, tag, status). A table's data cells are
read after their row's label and column's header (see tables.py). A page whose body has no text
but scripts is built by JavaScript, which is not run: a notice says so.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import BinaryIO

from promiselint.documents.base import Notice, Segment, SegmentBuilder
from promiselint.documents.dates import DATE_KEYS, DocumentDate, latest
from promiselint.documents.tables import TABLE_TAGS, Cell, MarkupTables
from promiselint.documents.text import iter_lines


def _names(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Elements whose content a visitor never reads as text.
_INVISIBLE = frozenset({"script", "style", "noscript", "template", "svg", "math"})
# Elements that start a new block of text: a sentence never runs across their boundaries.
_BLOCKS = _names(
    "address article aside blockquote body br button caption dd details dialog div dl dt "
    "fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html label "
    "legend li main nav ol option p pre section select summary table tbody td textarea "
    "tfoot th thead title tr ul audio canvas center dir embed iframe img menu object "
    "optgroup picture search video"
)
# An element given a box of its own by its inline style or by a badge-like class.
_STYLED_BLOCK = re.compile(r"display\s*:\s*(?:block|flex|grid|list-item|table)", re.IGNORECASE)
_BADGE_CLASS = re.compile(r"(?:^|[\s_-])(?:badge|chip|pill|tag|status)(?:$|[\s_-])", re.IGNORECASE)
_VOID = _names("area base br col embed hr img input link meta param source track wbr")
# Elements whose end tag may be left out: the next sibling of the same name closes them.
_OPTIONAL_END = frozenset({"dd", "dt", "li", "option", "p", "td", "th", "tr"})
# What <head> holds: any other element starts the page's body.
_HEAD = _names("html head title meta link script style base noscript template")
# <meta> tags whose content is shown to people (search results, link previews).
_META_COPY = {
    ("name", "description"): "meta description",
    ("property", "og:title"): "meta og:title",
    ("property", "og:description"): "meta og:description",
    ("name", "twitter:description"): "meta twitter:description",
}
_ENTITY = re.compile(r"&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);?")
_DISPLAY_NONE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.IGNORECASE)


def read_html(stream: BinaryIO) -> Iterator[Segment | Notice | DocumentDate]:
    start = stream.tell()
    declared = _META_CHARSET.search(stream.read(2048))
    stream.seek(start)
    parser = _TextParser()
    for line in iter_lines(stream, declared.group(1).decode("ascii") if declared else None):
        parser.feed(line + "\n")
        yield from parser.take()
    parser.close()
    parser.flush()
    parser.head_over = True
    yield from parser.take()
    if parser.scripts and not parser.body_text:
        yield Notice(
            "the page's body has no text, only scripts: it is built by JavaScript, "
            "which is not run, so only its title and metadata were checked"
        )


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.lang: str | None = None
        self.ready: list[Segment] = []
        self.builder = SegmentBuilder()
        self.where: str | None = None
        self.langs: list[tuple[str, str]] = []  # elements with a lang attribute, innermost last
        # The hidden element being skipped and how deep inside nested same-name elements we are
        self.hidden: tuple[str, int] | None = None
        self.tables = MarkupTables()
        # Elements made blocks by style or class, innermost last, with same-name nesting depth
        self.styled: list[tuple[str, int]] = []
        self.scripts = 0
        self.body_text = False  # whether any text outside <title> and <meta> was read
        # The page's own date is in <head> (<meta name="date">...): the head's segments (title,
        # description) wait until the head is over, so that the date comes before them all.
        self.head_over = False
        self.dates: list[str] | None = []  # None once the date has been given

    def take(self) -> list[Segment | DocumentDate]:
        if not self.head_over:
            return []
        ready: list[Segment | DocumentDate] = []
        if self.dates is not None:
            date = latest(self.dates)
            ready.extend([date] if date is not None else [])
            self.dates = None
        ready.extend(self.ready)
        self.ready = []
        return ready

    def current_lang(self) -> str | None:
        return self.langs[-1][1] if self.langs else self.lang

    def flush(self) -> None:
        cell = self.tables.cell()
        if cell is not None:  # a block inside a table cell: a word boundary in the cell
            cell.add_space()
            return
        if self.builder:
            self.body_text = self.body_text or self.where is None
            self.ready.append(self.builder.build(lang=self.current_lang(), where=self.where))
        self.builder = SegmentBuilder()

    def _table_tag(self, tag: str, start: bool) -> None:
        for segment in self.tables.tag(tag, start, lang=self.current_lang()):
            self.body_text = True
            self.ready.append(segment)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.hidden is not None:
            if tag != self.hidden[0] or tag in _VOID:
                return
            if tag not in _OPTIONAL_END or self.hidden[1] > 1:
                self.hidden = (tag, self.hidden[1] + 1)
                return
            self.hidden = None  # a sibling <li> or <p> implies the hidden one's end
        values = {name: value or "" for name, value in attrs}
        if tag == "meta":
            self._meta(values)
            return
        self.head_over = self.head_over or tag not in _HEAD
        if tag == "script":
            self.scripts += 1
        if tag in _BLOCKS:
            self.flush()
        if tag not in _VOID and self._is_hidden(tag, values):
            self.hidden = (tag, 1)
            return
        if tag in TABLE_TAGS:
            self._table_tag(tag, start=True)
        if self.styled and self.styled[-1][0] == tag:
            self.styled[-1] = (tag, self.styled[-1][1] + 1)
        elif tag not in _BLOCKS and tag not in _VOID and self._styled_block(values):
            self.flush()
            self.styled.append((tag, 1))
        if self.langs and self.langs[-1][0] == tag and tag in _OPTIONAL_END:
            self.langs.pop()
        if values.get("lang") and tag not in _VOID:
            lang = values["lang"].split("-")[0].split("_")[0].lower()
            if tag == "html":
                self.lang = lang
            else:
                self.langs.append((tag, lang))
        if tag == "title":
            self.where = "title"

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # Browsers ignore the slash in <div/>: it opens the element like <div>
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if self.hidden is not None:
            if tag == self.hidden[0]:
                depth = self.hidden[1] - 1
                self.hidden = (tag, depth) if depth else None
            return
        if tag in _BLOCKS:
            self.flush()
        if tag in TABLE_TAGS:
            self._table_tag(tag, start=False)
        if self.styled and self.styled[-1][0] == tag:
            depth = self.styled[-1][1] - 1
            if depth:
                self.styled[-1] = (tag, depth)
            else:
                self.styled.pop()
                self.flush()
        if self.langs and self.langs[-1][0] == tag:
            self.langs.pop()
        if tag == "title":
            self.where = None
        self.head_over = self.head_over or tag == "head"

    def handle_data(self, data: str) -> None:
        if self.hidden is None:
            line, offset = self.getpos()
            self._sink().add(data, line, offset + 1)

    def _sink(self) -> SegmentBuilder | Cell:
        cell = self.tables.cell()
        return cell if cell is not None else self.builder

    def handle_entityref(self, name: str) -> None:
        self._reference(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self._reference(f"&#{name};")

    def _reference(self, source: str) -> None:
        if self.hidden is None:
            line, offset = self.getpos()
            self._sink().add(html.unescape(source), line, offset + 1)

    @staticmethod
    def _styled_block(values: dict[str, str]) -> bool:
        return bool(
            _STYLED_BLOCK.search(values.get("style", ""))
            or _BADGE_CLASS.search(values.get("class", ""))
        )

    @staticmethod
    def _is_hidden(tag: str, values: dict[str, str]) -> bool:
        return (
            tag in _INVISIBLE
            or "hidden" in values
            or values.get("aria-hidden") == "true"
            or bool(_DISPLAY_NONE.search(values.get("style", "")))
        )

    def _meta(self, values: dict[str, str]) -> None:
        names = {values.get(key, "").lower() for key in ("name", "property", "itemprop")}
        names.add(values.get("http-equiv", "").lower())
        if self.dates is not None and names & DATE_KEYS and values.get("content"):
            self.dates.append(values["content"])
            return
        where = next(
            (
                label
                for (key, name), label in _META_COPY.items()
                if values.get(key, "").lower() == name
            ),
            None,
        )
        content = values.get("content")
        if where is None or not content:
            return
        self.flush()
        raw, index = self._raw_attribute("content")
        line, column = self._position_in_tag(index)
        builder = SegmentBuilder()
        _add_with_entities(builder, raw, line, column)
        self.ready.append(builder.build(lang=self.current_lang(), where=where))

    def _raw_attribute(self, name: str) -> tuple[str, int]:
        """An attribute's value as written in this tag (entities undecoded) and its index."""
        match = _attribute(name).search(self.get_starttag_text() or "")
        if match is None:
            return "", 0
        group = next(g for g in (1, 2, 3) if match.group(g) is not None)
        return match.group(group), match.start(group)

    def _position_in_tag(self, index: int) -> tuple[int, int]:
        line, offset = self.getpos()
        return _position_in(self.get_starttag_text() or "", index, line, offset + 1)


def _attribute(name: str) -> re.Pattern[str]:
    return re.compile(
        rf"""\s{re.escape(name)}\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE
    )


def _position_in(text: str, index: int, line: int, column: int) -> tuple[int, int]:
    """Source (line, column) of text[index], for a text that starts at (line, column)."""
    newlines = text.count("\n", 0, index)
    if newlines:
        return line + newlines, index - text.rfind("\n", 0, index)
    return line, column + index


def _add_with_entities(builder: SegmentBuilder, raw: str, line: int, column: int) -> None:
    """Add raw attribute text, decoding entities one run each so later columns stay right."""
    position = 0
    for match in [*_ENTITY.finditer(raw), None]:
        end = match.start() if match else len(raw)
        if position < end:
            builder.add(raw[position:end], *_position_in(raw, position, line, column))
        if match:
            builder.add(html.unescape(match.group()), *_position_in(raw, end, line, column))
            position = match.end()
