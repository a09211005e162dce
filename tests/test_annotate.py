"""`promiselint annotate`: Word comments on exactly the matched words, PDF highlights over the
matched words, read back with the libraries a reviewer's tools use (python-docx, pdfplumber,
pypdf) and opened by LibreOffice and poppler where they are installed."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

import docx
import pdfplumber
import pytest
from click.testing import CliRunner
from docx.enum.text import WD_COLOR_INDEX
from pypdf import PdfReader

from promiselint.api import lint_paths, read_segments
from promiselint.cli import main

from .conftest import FIXTURES

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _annotate(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["annotate", *args])
    return result.exit_code, result.stderr


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _anchored_texts(path: Path) -> dict[int, str]:
    """Comment id -> the text between its range start and end, in the main document."""
    document = docx.Document(str(path))
    open_ranges: dict[int, list[str]] = {}
    anchored: dict[int, str] = {}
    for element in document.element.body.iter():
        if element.tag == f"{W}commentRangeStart":
            open_ranges[int(element.get(f"{W}id"))] = []
        elif element.tag == f"{W}commentRangeEnd":
            comment_id = int(element.get(f"{W}id"))
            anchored[comment_id] = "".join(open_ranges.pop(comment_id))
        elif element.tag == f"{W}t":
            for parts in open_ranges.values():
                parts.append(element.text or "")
    return anchored


def _segment_texts(path: Path) -> list[str]:
    return [segment.text for segment in read_segments(str(path))]


@pytest.fixture(scope="module")
def reviewed_proposal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("docx") / "proposal.reviewed.docx"
    before = _digest(FIXTURES / "proposal.docx")
    code, stderr = _annotate(str(FIXTURES / "proposal.docx"), "-o", str(out))
    assert code == 0, stderr
    assert _digest(FIXTURES / "proposal.docx") == before  # the original is never modified
    return out


def test_every_comment_is_anchored_on_its_findings_words(reviewed_proposal: Path):
    findings = lint_paths([str(FIXTURES / "proposal.docx")]).findings
    findings = [f for f in findings if f.severity.name != "info"]  # --min-severity default
    comments = list(docx.Document(str(reviewed_proposal)).comments)
    anchored = _anchored_texts(reviewed_proposal)
    assert len(comments) == len(findings)
    # the fixture has findings in the body, in a table and in the footer
    wheres = {(f.location.where or "").split(",")[0] for f in findings}
    assert {"body", "table 1", "footer"} <= wheres
    for finding, comment in zip(findings, comments, strict=True):
        assert comment.author == "promiselint"
        assert finding.rule_id in comment.text and finding.message in comment.text
        assert f"Suggestion: {finding.suggestion}" in comment.text
        if finding.location.where == "footer":
            # Word allows no comment in a footer: the last body paragraph carries it
            assert comment.text.startswith(f'In the footer: "{finding.sentence}"')
            assert (
                anchored[comment.comment_id] == "Northwind is the best platform for growing teams."
            )
        else:
            assert anchored[comment.comment_id] == finding.text


def test_the_documents_text_and_formatting_are_unchanged(reviewed_proposal: Path):
    assert _segment_texts(reviewed_proposal) == _segment_texts(FIXTURES / "proposal.docx")
    original = docx.Document(str(FIXTURES / "proposal.docx"))
    copy = docx.Document(str(reviewed_proposal))
    assert [p.text for p in copy.paragraphs] == [p.text for p in original.paragraphs]
    # "100% secure" was one bold run and stays bold; "guaran" + italic "teed" keep their looks
    runs = {run.text: run for run in copy.paragraphs[1].runs}
    assert runs["100% secure"].bold
    assert runs["teed"].italic and not runs["guaran"].italic


def test_a_match_inside_a_run_splits_it_and_keeps_its_formatting(tmp_path: Path):
    source = tmp_path / "offer.docx"
    document = docx.Document()
    run = document.add_paragraph().add_run("Onboarding is simple and results are guaranteed today.")
    run.bold = True
    run.font.highlight_color = WD_COLOR_INDEX.YELLOW
    cell = document.add_table(rows=1, cols=1).rows[0].cells[0]
    cell.text = "Our desk will answer within 2 hours, always."
    document.sections[0].header.paragraphs[0].text = "The best platform for growing teams."
    document.save(str(source))

    code, stderr = _annotate(str(source))
    out = tmp_path / "offer.reviewed.docx"
    assert code == 0, stderr
    assert sorted(_anchored_texts(out).values()) == [
        "Onboarding is simple and results are guaranteed today.",  # the header's finding
        "guaranteed",
        "within 2 hours",  # in the table cell
    ]
    # the runs without text hold the comments' reference marks
    runs = [run for run in docx.Document(str(out)).paragraphs[0].runs if run.text]
    assert [r.text for r in runs] == [
        "Onboarding is simple and results are ",
        "guaranteed",
        " today.",
    ]
    assert all(r.bold and r.font.highlight_color == WD_COLOR_INDEX.YELLOW for r in runs)
    header_comment = next(c for c in docx.Document(str(out)).comments if "header" in c.text)
    assert header_comment.text.startswith('In the header: "The best platform')


def test_each_sections_footer_is_commented_in_its_own_section(tmp_path: Path):
    source = tmp_path / "two-parts.docx"
    document = docx.Document()
    for text in ("Part one opens here.", "Part one closes here."):
        document.add_paragraph(text)
    document.add_section()
    for text in ("Part two opens here.", "Part two closes here."):
        document.add_paragraph(text)
    first, second = document.sections
    first.footer.paragraphs[0].text = "Part one: results guaranteed."
    second.footer.is_linked_to_previous = False
    second.footer.paragraphs[0].text = "Part two: we reply within 1 hour."
    document.save(str(source))

    code, stderr = _annotate(str(source))
    assert code == 0, stderr
    out = tmp_path / "two-parts.reviewed.docx"
    anchored = _anchored_texts(out)
    places = {
        comment.text.splitlines()[0]: anchored[comment.comment_id]
        for comment in docx.Document(str(out)).comments
    }
    assert places == {
        'In the section 1 footer: "Part one: results guaranteed."': "Part one closes here.",
        'In the section 2 footer: "Part two: we reply within 1 hour."': "Part two closes here.",
    }


TEXT_BOX = (
    '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:pict>'
    '<v:shape xmlns:v="urn:schemas-microsoft-com:vml"><v:textbox><w:txbxContent><w:p><w:r>'
    "<w:t>Results guaranteed, says the box.</w:t></w:r></w:p></w:txbxContent></v:textbox>"
    "</v:shape></w:pict></w:r>"
)


def test_a_text_box_finding_is_commented_on_the_paragraph_holding_it(tmp_path: Path):
    from lxml import etree

    source = tmp_path / "boxed.docx"
    document = docx.Document()
    document.add_paragraph("An opening paragraph without promises.")
    holder = document.add_paragraph("The paragraph that holds the box.")
    holder._p.append(etree.fromstring(TEXT_BOX))
    document.add_paragraph("A closing paragraph without promises.")
    document.save(str(source))

    code, stderr = _annotate(str(source))
    assert code == 0, stderr
    out = tmp_path / "boxed.reviewed.docx"
    [comment] = docx.Document(str(out)).comments
    assert comment.text.startswith('In the text box: "Results guaranteed, says the box."')
    assert _anchored_texts(out)[comment.comment_id].startswith("The paragraph that holds the box.")


def test_select_and_baseline_choose_the_comments_as_check_does(tmp_path: Path):
    source = tmp_path / "proposal.docx"
    shutil.copy(FIXTURES / "proposal.docx", source)
    code, stderr = _annotate(str(source), "--select", "delivery-commitment")
    assert code == 0, stderr
    assert sorted(_anchored_texts(tmp_path / "proposal.reviewed.docx").values()) == [
        "by March 15",
        "reply within 1 hour",
    ]
    baseline = tmp_path / "baseline.json"
    CliRunner().invoke(main, ["check", "--write-baseline", str(baseline), str(source)])
    code, stderr = _annotate(
        str(source), "--baseline", str(baseline), "-o", str(tmp_path / "b.docx")
    )
    assert code == 0, stderr
    assert list(docx.Document(str(tmp_path / "b.docx")).comments) == []


@pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"
)
def test_libreoffice_converts_the_commented_copy(reviewed_proposal: Path, tmp_path: Path):
    profile = (tmp_path / "profile").as_uri()  # its own profile: no clash with another soffice
    done = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(reviewed_proposal),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    with pdfplumber.open(tmp_path / "proposal.reviewed.pdf") as pdf:
        text = "".join(page.extract_text() for page in pdf.pages)
    assert "your results are guaranteed from the first week" in " ".join(text.split())


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("broken.docx", b"not a zip", "not a .docx file"),
        ("broken.pdf", b"%PDF-1.7\n1 0 obj", "truncated or corrupt PDF"),
        ("notes.md", b"Results guaranteed.", "annotate writes reviewed copies of .docx and .pdf"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_nothing_written(tmp_path: Path, name, content, message):
    source = tmp_path / name
    source.write_bytes(content)
    code, stderr = _annotate(str(source))
    assert code == 2
    assert stderr.count("\n") == 1 and message in stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]  # no copy, no temporary file


def test_the_copy_may_not_replace_the_original(tmp_path: Path):
    source = tmp_path / "proposal.docx"
    shutil.copy(FIXTURES / "proposal.docx", source)
    code, stderr = _annotate(str(source), "-o", str(source))
    assert code == 2 and "must not replace the original" in stderr
    assert _digest(source) == _digest(FIXTURES / "proposal.docx")


@pytest.fixture(scope="module")
def highlighted_brochure(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pdf") / "brochure.reviewed.pdf"
    before = _digest(FIXTURES / "brochure.pdf")
    code, stderr = _annotate(str(FIXTURES / "brochure.pdf"), "-o", str(out))
    assert code == 0, stderr
    assert _digest(FIXTURES / "brochure.pdf") == before
    return out


def _quads(annotation) -> list[tuple[float, float, float, float]]:
    """The highlighted boxes (x0, y0, x1, y1) from /QuadPoints."""
    points = [float(value) for value in annotation["/QuadPoints"]]
    boxes = []
    for index in range(0, len(points), 8):
        xs, ys = points[index : index + 8 : 2], points[index + 1 : index + 8 : 2]
        boxes.append((min(xs), min(ys), max(xs), max(ys)))
    return boxes


def _words_under(boxes, words, height: float) -> str:
    """The page's words whose centre lies in one of the boxes, a hyphenated break joined."""
    inside = []
    for word in words:
        x, y = (word["x0"] + word["x1"]) / 2, height - (word["top"] + word["bottom"]) / 2
        if any(x0 <= x <= x1 and y0 <= y <= y1 for x0, y0, x1, y1 in boxes):
            inside.append(word["text"])
    return " ".join(inside).replace("- ", "").strip(".,;:")


def test_highlights_cover_exactly_the_findings_words(highlighted_brochure: Path):
    findings = lint_paths([str(FIXTURES / "brochure.pdf")]).findings
    findings = [f for f in findings if f.severity.name != "info"]
    reader = PdfReader(highlighted_brochure)
    annotations = [
        (number, annotation.get_object())
        for number, page in enumerate(reader.pages, start=1)
        for annotation in page.get("/Annots", [])
    ]
    assert len(annotations) == len(findings) > 0
    with pdfplumber.open(highlighted_brochure) as pdf:
        for finding, (number, annotation) in zip(findings, annotations, strict=True):
            assert annotation["/Subtype"] == "/Highlight" and number == finding.location.page
            assert finding.rule_id in annotation["/Contents"] and annotation["/T"] == "promiselint"
            page = pdf.pages[number - 1]
            boxes = _quads(annotation)
            for x0, y0, x1, y1 in boxes:
                assert 0 <= x0 < x1 <= page.width and 0 <= y0 < y1 <= page.height
            words = page.extract_words(expand_ligatures=True)
            assert _words_under(boxes, words, page.height) == finding.text
    wrapped = next(a for _, a in annotations if "guarantee" in a["/Contents"])
    assert len(_quads(wrapped)) == 2  # "guaran-" / "teed": one box on each line


def test_the_page_text_is_unchanged(highlighted_brochure: Path):
    with (
        pdfplumber.open(FIXTURES / "brochure.pdf") as before,
        pdfplumber.open(highlighted_brochure) as after,
    ):
        assert [p.extract_text() for p in after.pages] == [p.extract_text() for p in before.pages]


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils is not installed")
def test_the_highlighted_copy_renders(highlighted_brochure: Path, tmp_path: Path):
    done = subprocess.run(
        ["pdftoppm", "-r", "30", "-png", str(highlighted_brochure), str(tmp_path / "page")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0 and not done.stderr, done.stderr
    assert len(list(tmp_path.glob("page-*.png"))) == 2
