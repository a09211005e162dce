"""A document's own date, from its metadata, decides what is history: real files written by the
real libraries (python-docx, fpdf2), and Markdown and HTML as people write them."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import docx
import pytest

from promiselint import streaming
from promiselint.api import lint_file, read_segments
from promiselint.documents.dates import DocumentDate, parse_date
from promiselint.documents.markdown import read_markdown
from tests.conftest import engine_for

# Dated in the past of the test suite's "today" (2026-12-04, tests/conftest.py).
PROMISE = "We hand over the signed acceptance report by 15 March 2026."


def _flagged(path: Path) -> list[str]:
    return [finding.text for finding in lint_file(engine_for("en"), str(path))]


def _dates(path: Path) -> set[dt.date | None]:
    return {segment.date for segment in read_segments(str(path))}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("D:20250131093000+01'00'", dt.date(2025, 1, 31)),
        ("D:20250131", dt.date(2025, 1, 31)),
        ("2025-01-31T09:30:00Z", dt.date(2025, 1, 31)),
        (" 2025-1-31", dt.date(2025, 1, 31)),
        (dt.datetime(2025, 1, 31, 23, 59), dt.date(2025, 1, 31)),
        (dt.date(2025, 1, 31), dt.date(2025, 1, 31)),
        (b"D:20250131", dt.date(2025, 1, 31)),
        ("2025-13-01", None),  # no month 13
        ("last Tuesday", None),  # free text is not guessed at
        (20250131, None),
        (None, None),
    ],
)
def test_metadata_values_parse_as_dates(value: object, expected: dt.date | None) -> None:
    assert parse_date(value) == expected


def _markdown(tmp_path: Path, front_matter: str) -> Path:
    path = tmp_path / "plan.md"
    path.write_text(f"{front_matter}\n{PROMISE}\n\nMore text.\n", encoding="utf-8")
    return path


def test_markdown_front_matter_dates_the_document(tmp_path: Path) -> None:
    written_before = _markdown(tmp_path, "---\ntitle: Plan\ndate: 2026-01-10\n---\n")
    assert _dates(written_before) == {dt.date(2026, 1, 10)}
    assert _flagged(written_before) == ["by 15 March"]


def test_the_latest_front_matter_date_is_the_documents(tmp_path: Path) -> None:
    updated_after = _markdown(tmp_path, "---\ndate: 2026-01-10\nlastmod: 2026-04-02\n---\n")
    assert _dates(updated_after) == {dt.date(2026, 4, 2)}
    assert _flagged(updated_after) == []


def test_without_a_date_today_decides(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    undated = _markdown(tmp_path, "")
    assert _dates(undated) == {None}
    assert _flagged(undated) == []
    monkeypatch.setenv("PROMISELINT_TODAY", "2026-02-01")
    assert _flagged(undated) == ["by 15 March"]


@pytest.mark.parametrize(
    "front_matter",
    [
        "---\ntitle: [unclosed\n---\n",  # not YAML
        "---\n- a list\n---\n",  # YAML, but no keys
        "---\ndate: sometime in spring\n---\n",
        "---\nexpiryDate: 2026-01-10\n---\n",  # a date the page announces, not its own
    ],
)
def test_front_matter_without_a_date_dates_nothing(tmp_path: Path, front_matter: str) -> None:
    assert _dates(_markdown(tmp_path, front_matter)) == {None}


def test_a_long_markdown_file_read_in_parts_keeps_its_date(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(streaming, "PART_CHARS", 200)
    body = "\n\n".join(f"Paragraph {n} describes the plan in some words." for n in range(40))
    path = tmp_path / "long.md"
    path.write_text(f"---\ndate: 2026-01-10\n---\n\n{body}\n\n{PROMISE}\n", encoding="utf-8")
    parts = list(streaming.markdown_in_parts(path.open("rb"), read_markdown, 200))
    assert parts[0] == DocumentDate(dt.date(2026, 1, 10))
    assert _dates(path) == {dt.date(2026, 1, 10)}
    assert _flagged(path) == ["by 15 March"]


def _docx(path: Path, modified: dt.datetime | None) -> Path:
    document = docx.Document()
    document.add_paragraph(PROMISE)
    if modified is not None:
        document.core_properties.created = dt.datetime(2025, 11, 3, 8, 0)
        document.core_properties.modified = modified
    document.save(str(path))
    return path


def test_docx_core_properties_date_the_document(tmp_path: Path) -> None:
    written_before = _docx(tmp_path / "before.docx", dt.datetime(2026, 1, 10, 9, 30))
    assert _dates(written_before) == {dt.date(2026, 1, 10)}
    assert _flagged(written_before) == ["by 15 March"]
    written_after = _docx(tmp_path / "after.docx", dt.datetime(2026, 3, 20, 9, 30))
    assert _flagged(written_after) == []


def test_python_docx_template_date_is_no_date(tmp_path: Path) -> None:
    # python-docx dates every document 2013-12-23 unless its writer sets a date
    unset = _docx(tmp_path / "unset.docx", None)
    assert _dates(unset) == {None}


def _pdf(path: Path, created: dt.datetime) -> Path:
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF()
    pdf.set_creation_date(created)
    pdf.set_font("Helvetica", size=11)
    pdf.add_page()
    pdf.cell(text=PROMISE)
    pdf.output(str(path))
    return path


def test_pdf_info_dictionary_dates_the_document(tmp_path: Path) -> None:
    written_before = _pdf(tmp_path / "before.pdf", dt.datetime(2026, 1, 10, tzinfo=dt.UTC))
    assert _dates(written_before) == {dt.date(2026, 1, 10)}
    assert _flagged(written_before) == ["by 15 March"]
    written_after = _pdf(tmp_path / "after.pdf", dt.datetime(2026, 3, 20, tzinfo=dt.UTC))
    assert _flagged(written_after) == []


def _html(tmp_path: Path, meta: str) -> Path:
    path = tmp_path / "page.html"
    path.write_text(
        f"<html><head><title>Delivery guaranteed by 15 March 2026</title>{meta}</head>"
        f"<body><p>{PROMISE}</p></body></html>",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(
    "meta",
    [
        '<meta name="date" content="2026-01-10">',
        '<meta property="article:published_time" content="2026-01-10T08:00:00+00:00">',
        '<meta name="DC.date" content="2026-01-10">',
    ],
)
def test_html_meta_dates_the_page_title_included(tmp_path: Path, meta: str) -> None:
    page = _html(tmp_path, meta)
    # the title comes before the <meta> in the source, and is dated all the same
    assert _dates(page) == {dt.date(2026, 1, 10)}
    assert "by 15 March" in _flagged(page)


def test_html_without_a_date_meta_is_read_as_before(tmp_path: Path) -> None:
    page = _html(tmp_path, '<meta name="description" content="Support you can count on.">')
    assert _dates(page) == {None}
    texts = [segment.text for segment in read_segments(str(page))]
    assert texts == [
        "Delivery guaranteed by 15 March 2026",
        "Support you can count on.",
        PROMISE,
    ]


def test_a_date_meta_is_not_read_as_copy(tmp_path: Path) -> None:
    page = _html(tmp_path, '<meta name="date" content="2026-01-10">')
    texts = [segment.text for segment in read_segments(str(page))]
    assert "2026-01-10" not in " ".join(texts)


def test_a_fragment_without_head_is_read_and_undated() -> None:
    segments = list(read_segments("x.html", io.BytesIO(b"<p>We reply within 1 hour.</p>")))
    assert [(segment.text, segment.date) for segment in segments] == [
        ("We reply within 1 hour.", None)
    ]
