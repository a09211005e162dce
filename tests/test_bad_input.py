"""Bad input through the real CLI: one line `path: cannot read: reason` on stderr, exit code 2,
no traceback, and a good file in the same run still linted and reported."""

from __future__ import annotations

import json
import os
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from promiselint.cli import main
from tests.conftest import FIXTURES

GOOD = "Results guaranteed for every customer.\n"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["check", "--lang", "en", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if not line.startswith("promiselint: notice")]


def pdf_bytes(text: str = "Results guaranteed.", user_password: str | None = None) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.text(20, 20, text)
    if user_password is not None:
        pdf.set_encryption(owner_password="owner", user_password=user_password)
    return bytes(pdf.output())


def zip_without_document(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/styles.xml", "<styles/>")


def zip_bomb(path: Path) -> None:
    """A .docx whose document.xml inflates to 300 MB of zeros (about 300 KB on disk)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            zeros = bytes(1 << 20)
            for _ in range(300):
                member.write(zeros)


def truncated_pdf(path: Path) -> None:
    data = (FIXTURES / "brochure.pdf").read_bytes()
    path.write_bytes(data[: len(data) // 2])


def binary(path: Path) -> None:
    path.write_bytes(bytes(range(256)) * 16)  # NUL bytes and every control character


BAD_FILES: dict[str, tuple[str, Callable[[Path], None], str]] = {
    "docx-not-a-zip": (
        "report.docx",
        lambda p: p.write_bytes(b"plain text, no zip"),
        "not a .docx file (not a zip archive, or a truncated one)",
    ),
    "docx-legacy-doc": (
        "old.docx",
        lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0" + bytes(600)),
        "not a .docx file (an old binary .doc, or a password-protected document)",
    ),
    "docx-no-document-xml": (
        "empty-package.docx",
        zip_without_document,
        "not a Word document (the archive has no word/document.xml)",
    ),
    "docx-zip-bomb": (
        "bomb.docx",
        zip_bomb,
        "refused: the archive would inflate to 300 MB (limit 200 MB; a zip bomb?)",
    ),
    "pdf-truncated": (
        "brochure.pdf",
        truncated_pdf,
        "truncated or corrupt PDF (no end-of-file marker)",
    ),
    "pdf-corrupt": (
        "broken.pdf",
        lambda p: p.write_bytes(b"%PDF-1.7\n1 0 obj\n<<\n%%EOF\n"),
        "corrupt PDF (",
    ),
    "pdf-not-a-pdf": (
        "fake.pdf",
        lambda p: p.write_bytes(b"<html>not a pdf</html>"),
        "not a PDF file (no %PDF header)",
    ),
    "pdf-encrypted": (
        "locked.pdf",
        lambda p: p.write_bytes(pdf_bytes(user_password="secret")),
        "encrypted PDF (it needs a password to open)",
    ),
    "binary-md": ("image.md", binary, "binary file (contains NUL bytes)"),
    "binary-txt": ("data.txt", binary, "binary file (contains NUL bytes)"),
    "binary-html": ("page.html", binary, "binary file (contains NUL bytes)"),
    "unsupported": (
        "sheet.xlsx",
        lambda p: p.write_bytes(b"PK\x03\x04"),
        "unsupported file type (supported: .docx, .htm, .html, .markdown, .md, ",
    ),
}


@pytest.mark.parametrize("case", BAD_FILES, ids=list(BAD_FILES))
def test_bad_file_is_one_line_and_the_good_file_is_still_linted(case: str, tmp_path: Path) -> None:
    name, make, reason = BAD_FILES[case]
    bad = tmp_path / name
    make(bad)
    good = tmp_path / "good.md"
    good.write_text(GOOD, encoding="utf-8")

    code, out, err = run(str(bad), str(good))

    assert code == 2
    (line,) = error_lines(err)  # nothing else: no traceback, no library warning
    assert line.startswith(f"{bad}: cannot read: {reason}")
    assert f"{good}:1:9: " in out and "absolute.guarantee" in out


def test_errors_go_to_json_and_the_rest_is_reported(tmp_path: Path) -> None:
    bad = tmp_path / "locked.pdf"
    bad.write_bytes(pdf_bytes(user_password="secret"))
    good = tmp_path / "open.pdf"
    good.write_bytes(pdf_bytes())

    code, out, _ = run("--format", "json", str(bad), str(good))

    report = json.loads(out)
    assert code == 2
    message = "cannot read: encrypted PDF (it needs a password to open)"
    assert report["errors"] == [{"path": str(bad), "message": message}]
    assert [(f["path"], f["page"], f["rule_id"]) for f in report["findings"]] == [
        (str(good), 1, "absolute.guarantee")
    ]


def test_a_pdf_with_only_an_owner_password_is_read(tmp_path: Path) -> None:
    # Restricting printing or copying does not stop reading: no password is needed to open it
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.text(20, 20, "Results guaranteed.")
    pdf.set_encryption(owner_password="owner")
    path = tmp_path / "restricted.pdf"
    path.write_bytes(bytes(pdf.output()))

    code, out, err = run(str(path))

    assert (code, error_lines(err)) == (1, [])
    assert f"{path}:1:9: " in out


@pytest.mark.parametrize("name", ["empty.md", "empty.txt", "empty.html", "empty.docx", "empty.pdf"])
def test_an_empty_file_is_not_an_error(name: str, tmp_path: Path) -> None:
    (tmp_path / name).write_bytes(b"")
    code, out, err = run(str(tmp_path / name))
    assert (code, error_lines(err)) == (0, [])
    assert "0 findings in 1 file" in out


def test_a_missing_file_is_reported_and_the_rest_linted(tmp_path: Path) -> None:
    good = tmp_path / "good.md"
    good.write_text(GOOD, encoding="utf-8")
    missing = tmp_path / "nowhere.md"

    code, out, err = run(str(missing), str(good))

    assert code == 2
    assert error_lines(err) == [f"{missing}: cannot read: no such file or directory"]
    assert f"{good}:1:9: " in out


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every folder whatever its permissions")
def test_an_unreadable_folder_is_reported_and_the_rest_of_the_tree_linted(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "secret.md").write_text(GOOD, encoding="utf-8")
    (tmp_path / "good.md").write_text(GOOD, encoding="utf-8")
    locked.chmod(0)
    try:
        code, out, err = run(str(tmp_path))
    finally:
        locked.chmod(0o755)

    assert code == 2
    assert error_lines(err) == [f"{locked}: cannot read: Permission denied"]
    assert f"{tmp_path / 'good.md'}:1:9: " in out


@pytest.mark.parametrize(
    ("text", "encoding", "suffix"),
    [
        ("Nos résultats sont garantis, même en été.\n", "cp1252", ".txt"),
        ("I risultati sono garantiti, è così.\n", "cp1252", ".md"),
        ("Результаты гарантированы для каждого клиента.\n", "cp1251", ".txt"),
    ],
)
def test_legacy_encoded_text_is_read_not_refused(
    text: str, encoding: str, suffix: str, tmp_path: Path
) -> None:
    path = tmp_path / f"legacy{suffix}"
    path.write_bytes(text.encode(encoding))
    code, out, err = run("--format", "json", str(path))
    assert code in (0, 1) and error_lines(err) == []
    assert json.loads(out)["summary"]["files"] == 1
