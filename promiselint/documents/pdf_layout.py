"""The lines of a PDF page in the order a person reads them, and what a whole document's lines
say about themselves (running headers and footers, contents lines, garbled text).

pdfplumber builds lines by height alone, so on a two-column page a line runs across both
columns. Here the gutter between columns is found from the word boxes, and the page is read as
bands: a line that crosses the gutter (a title, a full-width figure caption) is a band of its
own, and between two of those the left column is read top to bottom, then the right one.
Glyphs drawn twice at (almost) the same place, the "fake bold" of some brochures, are read once.
"""

from __future__ import annotations

import re
import statistics
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# The gutter is looked for in the middle of the page, where two- and three-way splits put it.
_GUTTER_SEARCH = (0.3, 0.7)
_GUTTER_STEP = 2.0  # points between candidate gutter positions
# At most this share of lines (or two: a title and a footer) may cross the gutter ...
_MAX_CROSSING = 0.15
_ALWAYS_ALLOWED_CROSSING = 2
# ... and each side needs this many lines, of text rather than table labels: a column's lines
# are long (a share of the page width), a table's label cells are short.
_MIN_COLUMN_LINES = 3
_MIN_COLUMN_WIDTH = 0.25
# Rules or cell borders across the gutter at this many heights make the page a table, not
# columns; a shape taller than this share of the page is a background, not a row.
_MIN_RULED_ROWS = 3
_MAX_RULED = 0.5
# Characters further apart than this share of their size are separate words.
_WORD_GAP = 0.3
# A running header or footer: the same line (digits aside) near the same height on at least
# half of the pages with text, and on three pages or more.
_REPEATED_SHARE = 0.5
_REPEATED_MIN_PAGES = 3
_SAME_PLACE = 6.0  # points
_MARGIN = 0.15  # of the page height, at the top and at the bottom
_EDGE_LINES = 2  # and among the page's first two or last two lines
# A contents line: dotted (or underscored) leaders, then a page number.
_CONTENTS_LINE = re.compile(r"(?:[.·…_]\s?){4,}\s*(?:\d+|[ivxlcdm]+)\s*$", re.IGNORECASE)
# A word with one of these between two letters ("func?ons", "so<ware", "Pla[orm") was
# extracted through a broken font map; so was U+FFFD, a private-use glyph or pdfminer's "(cid:n)".
_GARBLED_WORD = re.compile(
    r"([^\W\d_])[?<>\[\]{}|\\^~`]([^\W\d_])|\ufffd|[\ue000-\uf8ff]|\(cid:\d+\)"
)
# Code ("a=b", "x+y") and words run together by a PDF without spaces ("system[MIME]to") are
# not garbled: a broken map puts its stray character between lower-case letters of one word.
_WORD_LENGTH = 25
_GARBLED_SHARE = 0.03
_GARBLED_MIN_WORDS = 3


@dataclass
class Line:
    """One text line of a page: ``number`` counts the page's lines in reading order."""

    text: str
    number: int
    top: float
    bottom: float
    size: float  # the median font size of its characters
    column: int  # 0: the page's only column or a full-width band; 1, 2: left, right
    in_margin: bool  # where running headers and footers sit: at the page's top or bottom


def page_lines(page: Any) -> list[Line]:
    """The page's text lines in reading order, duplicate glyphs removed, ligatures expanded
    (a ligature counts as the letters it stands for, in the text and in the columns)."""
    if _has_doubled_glyphs(page.chars):  # pdfplumber's dedupe costs more than reading a page
        page = page.dedupe_chars()
    lines = _extract(page)
    gutter = _gutter(lines, float(page.bbox[0]), float(page.bbox[2]))
    if gutter is not None and _ruled_across(page, gutter):
        gutter = None  # a ruled table: its rows are read across, cell after cell
    placed = [(line, 0) for line in lines] if gutter is None else _columns(page, lines, gutter)
    top, bottom = float(page.bbox[1]), float(page.bbox[3])
    margin = _MARGIN * (bottom - top)
    by_height = sorted(line["top"] for line, _ in placed)
    edges = {*by_height[:_EDGE_LINES], *by_height[-_EDGE_LINES:]}

    def in_margin(line: dict[str, Any]) -> bool:
        near_edge = line["top"] < top + margin or line["bottom"] > bottom - margin
        return near_edge and line["top"] in edges

    return [
        Line(
            line["text"], number, line["top"], line["bottom"], _size(line), column, in_margin(line)
        )
        for number, (line, column) in enumerate(placed, start=1)
    ]


def _has_doubled_glyphs(chars: list[dict[str, Any]]) -> bool:
    """Whether a glyph is drawn again less than a point from itself (fake bold): each glyph
    is filed by its whole-point position, and a double lands in a neighbouring cell."""
    seen: set[tuple[str, int, int]] = set()
    for char in chars:
        text = char["text"]
        if not text.strip():
            continue
        x, y = int(char["x0"]), int(char["top"])
        if any((text, x + dx, y + dy) in seen for dx in (-1, 0, 1) for dy in (-1, 0, 1)):
            return True
        seen.add((text, x, y))
    return False


def _extract(page: Any) -> list[dict[str, Any]]:
    return page.extract_text_lines(return_chars=True, expand_ligatures=True)


def _size(line: dict[str, Any]) -> float:
    sizes = [char["size"] for char in line["chars"] if char["text"].strip()]
    return statistics.median(sizes) if sizes else line["bottom"] - line["top"]


def _ink(line: dict[str, Any]) -> list[tuple[float, float]]:
    """The horizontal extents of the line's words."""
    spans: list[tuple[float, float]] = []
    for char in sorted(line["chars"], key=lambda char: char["x0"]):
        if not char["text"].strip():
            continue
        if spans and char["x0"] - spans[-1][1] <= _WORD_GAP * char["size"]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], char["x1"]))
        else:
            spans.append((char["x0"], char["x1"]))
    return spans


def _gutter(lines: list[dict[str, Any]], left: float, right: float) -> float | None:
    """The x of the empty strip between two columns of text, or None for a one-column page."""
    if len(lines) < 2 * _MIN_COLUMN_LINES:
        return None
    inks = [spans for spans in map(_ink, lines) if spans]
    width = right - left
    best: tuple[int, float, float] | None = None  # (lines crossing, distance from centre, x)
    x = left + _GUTTER_SEARCH[0] * width
    while x <= left + _GUTTER_SEARCH[1] * width:
        crossing = sum(1 for spans in inks if any(a < x < b for a, b in spans))
        candidate = (crossing, abs(x - (left + right) / 2), x)
        if best is None or candidate < best:
            best = candidate
        x += _GUTTER_STEP
    if best is None or best[0] > max(_MAX_CROSSING * len(inks), _ALWAYS_ALLOWED_CROSSING):
        return None
    x = best[2]
    lefts = [_width(spans, right=x) for spans in inks]
    rights = [_width(spans, left=x) for spans in inks]
    long_enough = _MIN_COLUMN_WIDTH * width
    if (
        sum(1 for w in lefts if w >= long_enough) < _MIN_COLUMN_LINES
        or sum(1 for w in rights if w >= long_enough) < _MIN_COLUMN_LINES
    ):
        return None
    return x


def _ruled_across(page: Any, gutter: float) -> bool:
    """Whether rules or cell borders cross the gutter at several heights, as a table's rows
    do (a page background or a single box around a figure is one height, or none)."""
    height = float(page.bbox[3]) - float(page.bbox[1])
    heights = {
        round(shape["top"])
        for shape in (*page.lines, *page.rects)
        if shape["x0"] < gutter < shape["x1"]
        and shape["bottom"] - shape["top"] < _MAX_RULED * height
    }
    return len(heights) >= _MIN_RULED_ROWS


def _width(
    spans: list[tuple[float, float]], left: float = float("-inf"), right: float = float("inf")
) -> float:
    """How far the line's words reach on one side of the gutter (first word to last)."""
    inside = [(a, b) for a, b in spans if a >= left and b <= right]
    return inside[-1][1] - inside[0][0] if inside else 0.0


def _columns(
    page: Any, lines: list[dict[str, Any]], gutter: float
) -> list[tuple[dict[str, Any], int]]:
    """Bands top to bottom: full-width lines alone, and between them the left column's lines,
    then the right column's (each column's characters taken by their centre, and its lines
    built again from them)."""
    full = [line for line in lines if any(a < gutter < b for a, b in _ink(line))]
    placed: list[tuple[dict[str, Any], int]] = []
    band_top = float("-inf")
    for line in [*full, None]:
        band_bottom = line["top"] if line is not None else float("inf")
        for column, side in ((1, -1), (2, 1)):
            part = page.filter(_in_region(band_top, band_bottom, gutter, side))
            placed.extend((found, column) for found in _extract(part))
        if line is not None:
            placed.append((line, 0))
            band_top = line["bottom"]
    return placed


def _in_region(top: float, bottom: float, gutter: float, side: int) -> Callable[[Any], bool]:
    """A filter for the characters whose centre is in the band, on ``side`` of the gutter
    (-1: left, 1: right); other objects stay."""

    def keep(obj: dict[str, Any]) -> bool:
        if obj.get("object_type") != "char":
            return True
        middle = (obj["top"] + obj["bottom"]) / 2
        centre = (obj["x0"] + obj["x1"]) / 2
        return top < middle < bottom and (centre - gutter) * side > 0

    return keep


def repeated_lines(pages: list[list[Line]]) -> set[tuple[int, int]]:
    """(page index, line number) of every running header or footer line after its first
    occurrence: the same text, digits aside, near the same height in the top or bottom margin
    of most pages."""
    places: dict[str, list[tuple[int, Line]]] = defaultdict(list)
    for index, lines in enumerate(pages):
        for line in (line for line in lines if line.in_margin):
            places[re.sub(r"\d+", "#", line.text.strip().lower())].append((index, line))
    with_text = sum(1 for lines in pages if lines)
    needed = max(_REPEATED_MIN_PAGES, _REPEATED_SHARE * with_text)
    repeated: set[tuple[int, int]] = set()
    for occurrences in places.values():
        if len({index for index, _ in occurrences}) < needed:
            continue
        usual = statistics.median(line.top for _, line in occurrences)
        same_place = [(i, line) for i, line in occurrences if abs(line.top - usual) <= _SAME_PLACE]
        if len({index for index, _ in same_place}) >= needed:
            repeated.update((index, line.number) for index, line in same_place[1:])
    return repeated


def is_contents_line(text: str) -> bool:
    """A table-of-contents entry ("Guarantees ........ 12"): not copy, and its heading is
    read where the section itself begins."""
    return bool(_CONTENTS_LINE.search(text))


def _garbled(word: str) -> bool:
    for match in _GARBLED_WORD.finditer(word):
        if match.group(1) is None or (match.group(1).islower() and match.group(2).islower()):
            return True
    return False


def garbled_example(lines: list[Line]) -> str | None:
    """A word of the page that shows its text was extracted through a broken font map, when
    enough of its words do; None when the page reads cleanly."""
    words = [word for line in lines for word in line.text.split() if "/" not in word]
    garbled = [word for word in words if len(word) <= _WORD_LENGTH and _garbled(word)]
    if len(garbled) >= _GARBLED_MIN_WORDS and len(garbled) >= _GARBLED_SHARE * len(words):
        return garbled[0]
    return None
