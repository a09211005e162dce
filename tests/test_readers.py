"""The document readers on the real fixture files, with the real libraries: exact positions of
text in the segments, and of findings by a rule that surely exists (absolute.guarantee)."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from docx.oxml import OxmlElement, parse_xml

from promiselint.api import lint_file, read_segments
from promiselint.documents.base import Segment
from promiselint.documents.html import read_html
from promiselint.documents.text import read_text
from promiselint.findings import Finding, Severity
from tests.conftest import FIXTURES, engine_for


def segments(name: str) -> list[Segment]:
    return list(read_segments(str(FIXTURES / name)))


def segment_with(items: list[Segment], text: str) -> Segment:
    found = [segment for segment in items if text in segment.text]
    assert len(found) == 1, f"{text!r} in {len(found)} segments"
    return found[0]


def where_is(segment: Segment, text: str) -> tuple[int, int]:
    return segment.position(segment.text.index(text))


def findings(name: str) -> list[Finding]:
    return lint_file(engine_for("en"), str(FIXTURES / name))


def shown(name: str) -> list[Finding]:
    """The findings the CLI shows by default (backed claims are softened to info)."""
    return [f for f in findings(name) if f.severity >= Severity.warning]


def guarantees(name: str) -> list[Finding]:
    return [f for f in findings(name) if f.rule_id == "absolute.guarantee"]


# --- PDF -----------------------------------------------------------------------------------------


def test_pdf_joins_a_word_hyphenated_across_lines_and_keeps_its_place() -> None:
    paragraph = segment_with(segments("brochure.pdf"), "results are guaranteed for every customer")
    assert paragraph.page == 1
    assert where_is(paragraph, "guaranteed") == (3, 57)  # "guaran-" ends line 3
    assert "guaran-" not in paragraph.text
    start = paragraph.text.index("guaranteed")
    assert paragraph.span_position(start, start + len("guaranteed")) == (3, 57, 4, 5)


def test_pdf_wrapped_sentence_is_one_segment_per_paragraph() -> None:
    items = segments("brochure.pdf")
    wrapped = segment_with(items, "will support SAML in the next release.")
    assert wrapped.page == 2
    assert wrapped.text == (
        "SSO support is coming soon, and Northwind will support SAML in the next release."
    )
    assert where_is(wrapped, "next release") == (3, 1)
    assert next(s.text for s in items if s.page == 1) == "Northwind Analytics"  # the title alone


def test_pdf_ligatures_are_expanded_and_columns_count_the_letters() -> None:
    paragraph = segment_with(segments("brochure.pdf"), "finance and fleet dashboards")
    assert "busy office teams." in paragraph.text
    # A ligature glyph (U+FB01 and friends) counts as the letters it stands for, in the text
    # and in the columns alike: a finding's end_column - column is the length of its text
    assert where_is(paragraph, "finance") == (5, 5)
    assert where_is(paragraph, "dashboards") == (5, 23)
    assert where_is(paragraph, "office") == (6, 10)
    assert where_is(paragraph, "teams") == (6, 17)


def test_pdf_finding_has_page_line_and_column() -> None:
    (finding,) = guarantees("brochure.pdf")
    location = finding.location
    assert (location.page, location.line, location.column) == (1, 3, 57)
    assert (location.end_line, location.end_column) == (4, 5)
    assert finding.text == "guaranteed"


def test_pdf_hedged_and_backed_statements_are_not_flagged() -> None:
    # "typically respond", "do not guarantee", "Rated #1 by G2 (Spring 2026)": at most info
    page_one = {f.location.line for f in shown("brochure.pdf") if f.location.page == 1}
    assert page_one == {3, 5}


# --- .docx ---------------------------------------------------------------------------------------


def test_docx_paragraphs_in_reading_order_with_where() -> None:
    items = segments("proposal.docx")
    assert [(s.paragraph, s.where) for s in items][:3] == [(1, "header"), (2, "body"), (3, "body")]
    assert items[0].text == "Northwind Analytics \u2014 Proposal for Contoso Ltd."
    cell = segment_with(items, "go live by March 15, 2027")
    assert (cell.paragraph, cell.where) == (10, "table 1, row 2, cell 3")
    assert where_is(cell, "by March") == (10, 24)
    assert (items[-1].paragraph, items[-1].where) == (20, "footer")


def test_docx_runs_split_inside_a_word_still_match() -> None:
    paragraph = docx.Document(str(FIXTURES / "proposal.docx")).paragraphs[1]
    assert "teed" in [run.text for run in paragraph.runs]  # the fixture really splits the word
    body = segment_with(segments("proposal.docx"), "your results are guaranteed")
    assert body.text == (
        "Our platform is 100% secure and your results are guaranteed from the first week."
    )
    header, footer = guarantees("proposal.docx")
    assert (header.location.paragraph, header.location.where) == (3, "body")
    assert (header.location.line, header.location.column) == (3, 50)
    assert (footer.location.paragraph, footer.location.where) == (20, "footer")


def test_docx_hedged_and_backed_statements_are_not_flagged() -> None:
    flagged = {f.location.paragraph for f in shown("proposal.docx")}
    assert not flagged & {16, 17, 18}


def test_docx_nested_tables_first_page_header_text_boxes_and_revisions(tmp_path: Path) -> None:
    document = docx.Document()
    section = document.sections[0]
    section.different_first_page_header_footer = True
    section.first_page_header.paragraphs[0].text = "Cover: results guaranteed"
    section.header.paragraphs[0].text = "Running header"
    paragraph = document.add_paragraph("Kept ")
    deleted = OxmlElement("w:del")
    deleted_run = OxmlElement("w:r")
    deleted_text = OxmlElement("w:delText")
    deleted_text.text = "struck out "
    deleted_run.append(deleted_text)
    deleted.append(deleted_run)
    paragraph._p.append(deleted)
    inserted = OxmlElement("w:ins")
    inserted_run = paragraph.add_run("inserted text")._r
    inserted.append(inserted_run)  # moves the run into the tracked insertion
    paragraph._p.append(inserted)
    table = document.add_table(rows=2, cols=2)
    table.cell(1, 1).paragraphs[0].text = "Outer cell"
    inner = table.cell(1, 1).add_table(rows=1, cols=2)
    inner.cell(0, 1).text = "Inner cell"
    path = tmp_path / "nested.docx"
    document.save(str(path))

    items = list(read_segments(str(path)))
    assert [(s.paragraph, s.where, s.text) for s in items] == [
        (1, "first-page header", "Cover: results guaranteed"),
        (2, "header", "Running header"),
        (3, "body", "Kept inserted text"),
        (4, "table 1, row 2, cell 2", "Outer cell"),
        (5, "table 1, row 2, cell 2 > table 1, row 1, cell 2", "Inner cell"),
    ]


_NAMESPACES = " ".join(
    [
        'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"',
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"',
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"',
        'xmlns:v="urn:schemas-microsoft-com:vml"',
    ]
)


def test_docx_text_box_is_read_once_after_its_paragraph() -> None:
    # Word writes a text box twice: the modern drawing and a VML fallback copy
    box = (
        "<w:txbxContent><w:p><w:r><w:t>Boxed: results guaranteed.</w:t></w:r></w:p></w:txbxContent>"
    )
    xml = (
        f'<w:p {_NAMESPACES}><w:r><w:t xml:space="preserve">Before the box. </w:t></w:r>'
        f'<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx>{box}'
        f"</wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox>{box}"
        "</v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
        "<w:r><w:t>After.</w:t></w:r></w:p>"
    )
    document = docx.Document()
    document.element.body.insert(0, parse_xml(xml))
    data = io.BytesIO()
    document.save(data)

    items = list(read_segments("box.docx", io.BytesIO(data.getvalue())))

    assert [(s.paragraph, s.where, s.text) for s in items] == [
        (1, "body", "Before the box. After."),
        (2, "text box", "Boxed: results guaranteed."),
    ]


# --- HTML ----------------------------------------------------------------------------------------


def test_html_title_and_meta_descriptions_are_read_with_positions() -> None:
    items = segments("landing.html")
    title = items[0]
    assert (title.where, title.text) == ("title", "Northwind Analytics \u2014 Results guaranteed")
    assert where_is(title, "Northwind") == (5, 10)
    assert where_is(title, "Results") == (5, 38)  # after the &mdash; entity
    description = segment_with(items, "The best platform for product analytics.")
    assert description.where == "meta description"
    assert where_is(description, "100% secure") == (7, 59)
    preview = segment_with(items, "SSO support is coming soon.")
    assert preview.where == "meta og:description"
    assert where_is(preview, "SSO") == (9, 5)  # the attribute value runs onto the next line


def test_html_script_style_comments_and_hidden_content_are_skipped() -> None:
    text = " | ".join(segment.text for segment in segments("landing.html"))
    for hidden in ("money back", "content:", "TODO legal", "Enable JavaScript", "promo"):
        assert hidden not in text


def test_html_inline_elements_stay_in_the_sentence_blocks_end_it() -> None:
    items = segments("landing.html")
    body = segment_with(items, "Onboarding is fast and results are guaranteed")
    assert where_is(body, "fast") == (21, 74)  # inside <strong>
    assert where_is(body, "guaranteed") == (22, 23)
    assert segment_with(items, "Pilots go live").text == "Pilots go live by March 15, 2027."
    copyright_line = segment_with(items, "partners")
    assert copyright_line.text == "\u00a9 2026 Northwind Analytics & partners."
    assert where_is(copyright_line, "partners") == (33, 52)


def test_html_lang_attributes_become_segment_hints() -> None:
    items = segments("landing.html")
    assert segment_with(items, "Risultati garantiti").lang == "it"
    assert {s.lang for s in items if "Risultati" not in s.text} == {"en"}


def test_html_finding_line_and_column() -> None:
    located = [
        (f.location.line, f.location.column, f.location.where) for f in guarantees("landing.html")
    ]
    assert located == [(5, 46, "title"), (22, 23, None)]


def test_html_declared_legacy_charset_is_honoured() -> None:
    page = (
        '<html><head><meta charset="windows-1251"></head>'
        "<body><p>Результат гарантирован.</p></body></html>"
    ).encode("cp1251")
    (segment,) = read_html(io.BytesIO(page))
    assert segment.text == "Результат гарантирован."


# --- Markdown and plain text --------------------------------------------------------------------


def test_markdown_fixture_skips_front_matter_and_code() -> None:
    text = " | ".join(segment.text for segment in segments("pricing.md"))
    assert "description:" not in text and "sla:" not in text and "uptime:" not in text
    assert "We typically respond within 2 business days." in text


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Résultats garantis à 100 % : la meilleure plateforme, élue n°1 en 2025.", "cp1252"),
        ("Risultati garantiti, è la piattaforma più sicura: perché aspettare?", "cp1252"),
        ("Гарантированный результат: лучшая платформа для вашей команды.", "cp1251"),
    ],
)
def test_legacy_encodings_decode_right(text: str, encoding: str) -> None:
    (segment,) = read_text(io.BytesIO(text.encode(encoding) + b"\r\n"))
    assert segment.text == text


def test_utf16_with_byte_order_mark() -> None:
    (segment,) = read_text(io.BytesIO("Résultats garantis.\n".encode("utf-16")))
    assert segment.text == "Résultats garantis."


@pytest.mark.parametrize(
    ("name", "source"),
    [
        ("terms.html", "<p>Support replies within 24&nbsp;hours, every day.</p>"),
        ("terms.md", "Support replies within 24\u00a0hours, every day.\n"),
        ("terms.txt", "Support replies within\u00a024\u00a0hours, every day.\n"),
    ],
)
def test_a_no_break_space_joins_words_as_a_space_does(name: str, source: str) -> None:
    # Typeset copy puts a no-break space between a number and its unit; a rule's pattern spans
    # it, and the finding keeps the place of its first word in the source.
    found = lint_file(engine_for("en"), name, data=source.encode())
    [turnaround] = [f for f in found if f.rule_id == "delivery.turnaround"]
    assert turnaround.text == "replies within 24 hours"
    place = (turnaround.location.line, turnaround.location.column)
    assert place == (1, source.index("replies") + 1)


@pytest.mark.parametrize(
    ("name", "source"),
    [
        ("offer.html", "<p>Results guaran&shy;teed: we reply with&shy;in 24 hours.</p>"),
        ("offer.md", "Results guaran\u00adteed: we reply with\u200bin 24\u2060 hours.\n"),
        ("offer.txt", "Results \ufeffguaran\u00adteed: we reply within \u200b 24 hours.\n"),
    ],
)
def test_invisible_characters_do_not_cut_words(name: str, source: str) -> None:
    # A soft hyphen or a zero-width character inside a word shows nothing on the page, but the
    # tokenizer would read two words and no pattern would span them.
    found = {f.rule_id: f for f in lint_file(engine_for("en"), name, data=source.encode())}
    assert found["absolute.guarantee"].text == "guaranteed"
    assert found["delivery.turnaround"].text.endswith("24 hours")
    place = (
        found["delivery.turnaround"].location.line,
        found["delivery.turnaround"].location.column,
    )
    assert place == (1, source.index("reply") + 1)


def test_a_no_break_hyphen_joins_a_compound_as_a_hyphen_does() -> None:
    found = lint_file(
        engine_for("en"), "deck.txt", data="Best\u2011in\u2011class support.\n".encode()
    )
    # the finding quotes the text as read, with plain hyphens, as a no-break space reads " "
    assert [f.text for f in found if f.rule_id == "absolute.superlative"] == ["Best-in-class"]
