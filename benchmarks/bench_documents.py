"""How fast the document readers plus the engine go, and how much memory they hold.

    pip install -e '.[test]'            # fpdf2 writes the PDFs
    python benchmarks/bench_documents.py [--text-mb 50] [--before REF]

Generates, in a temporary folder, one document per kind: a 100-page one-column PDF, a 50-page
two-column PDF, a 200-paragraph .docx with a table, an HTML page and a Markdown file with
tables, a large plain text file. Each is read in its own child process so that the peak
resident memory (ru_maxrss) is that document's alone: "read" runs the reader only, and prints
milliseconds per page (PDF), per paragraph (.docx, HTML, Markdown) or per MB (text) and the peak.
``--before REF`` reads the same documents with the readers of git revision REF too (its
``promiselint`` package, unpacked with ``git archive``), for a before/after table. Then each
document is linted whole with the current code; "engine alone" is the peak of a child that only
builds the engine, the floor every run pays.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

NEUTRAL = [
    "Northwind turns raw event data into dashboards that every team in the company can read "
    "without writing a single query, and it connects to the warehouse you already run.",
    "We typically respond within 2 business days; enterprise customers get a named engineer.",
    "Reports can be exported to spreadsheets, shared by link or sent on a schedule to a channel.",
]
PROMISES = [
    "Results are guaranteed for every customer, and the platform is 100% secure.",
    "SSO support is coming soon, and we will support SAML in the next release.",
    "Every pilot will go live by March 15, 2027, and we reply within 1 hour.",
]
# Brochures and proposals: every other paragraph promises something
PARAGRAPHS = [text for pair in zip(NEUTRAL, PROMISES, strict=True) for text in pair]


def make_two_column_pdf(path: Path, pages: int = 50) -> int:
    """A whitepaper page: a title across the page, then two columns of wrapped text."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_font("helvetica", size=9)
    for _ in range(pages):
        pdf.add_page()
        pdf.set_font("helvetica", size=16)
        pdf.cell(0, 10, "Northwind Platform overview", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("helvetica", size=9)
        top = pdf.get_y()
        for left in (10, 110):
            pdf.set_xy(left, top)
            for index in range(5):
                pdf.set_x(left)
                pdf.multi_cell(90, 4, PARAGRAPHS[index % len(PARAGRAPHS)])
                pdf.ln(3)
    pdf.output(str(path))
    return pages


def make_html(path: Path, paragraphs: int = 400) -> int:
    rows = "".join(f"<tr><th>Plan {n}</th><td>{PARAGRAPHS[n % 6]}</td></tr>" for n in range(20))
    body = "".join(f"<p>{PARAGRAPHS[n % 6]}</p>" for n in range(paragraphs - 20))
    path.write_text(
        f"<html lang='en'><body>{body}<table><tr><th>Plan</th><th>Terms</th></tr>"
        f"{rows}</table></body></html>",
        encoding="utf-8",
    )
    return paragraphs


def make_markdown(path: Path, paragraphs: int = 400) -> int:
    rows = "".join(f"| Plan {n} | {PARAGRAPHS[n % 6]} |\n" for n in range(20))
    body = "".join(f"{PARAGRAPHS[n % 6]}\n\n" for n in range(paragraphs - 20))
    path.write_text(f"{body}| Plan | Terms |\n|---|---|\n{rows}", encoding="utf-8")
    return paragraphs


def make_pdf(path: Path, pages: int = 100) -> int:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_font("helvetica", size=10)
    for _ in range(pages):
        pdf.add_page()
        for index in range(8):
            pdf.multi_cell(0, 5, PARAGRAPHS[index % len(PARAGRAPHS)] * 2)
            pdf.ln(4)
    pdf.output(str(path))
    return pages


def make_docx(path: Path, paragraphs: int = 200) -> int:
    import docx

    document = docx.Document()
    for index in range(paragraphs - 20):
        document.add_paragraph(PARAGRAPHS[index % len(PARAGRAPHS)])
    table = document.add_table(rows=10, cols=2)  # 20 more paragraphs, one per cell
    for index, cell in enumerate(cell for row in table.rows for cell in row.cells):
        cell.text = PARAGRAPHS[index % len(PARAGRAPHS)]
    document.save(str(path))
    return paragraphs


def make_text(path: Path, megabytes: int) -> int:
    """Mostly neutral prose with a promise every 40 paragraphs, like a long handbook: the
    findings list (which the API returns whole) stays small, so the peak is the reading's."""
    block = "\n\n".join([*NEUTRAL * 13, PROMISES[0]]) + "\n\n"
    with path.open("w", encoding="utf-8") as handle:
        for _ in range(megabytes * (1 << 20) // len(block) + 1):
            handle.write(block)
    return megabytes


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def child(path: str | None, read_only: bool) -> None:
    """Lint one file (or none: the engine alone), or only read its segments, and print seconds,
    findings (or segments) and peak RSS."""
    from promiselint.api import lint_paths, make_engine, read_segments
    from promiselint.config import Config

    if read_only and path:
        import promiselint

        started = time.perf_counter()
        count = sum(1 for _ in read_segments(path))
        print(
            json.dumps(
                {
                    "seconds": time.perf_counter() - started,
                    "segments": count,
                    "peak_rss_mb": peak_rss_mb(),
                    "code": promiselint.__file__,
                }
            )
        )
        return
    config = Config(language="en")
    engine = make_engine(config)
    engine.compiled("en")  # build the pipeline now, so the timing is the document's alone
    started = time.perf_counter()
    result = lint_paths([path], config, engine) if path else None
    seconds = time.perf_counter() - started
    print(
        json.dumps(
            {
                "seconds": seconds,
                "findings": len(result.findings) if result else 0,
                "errors": [e.message for e in result.errors] if result else [],
                "peak_rss_mb": peak_rss_mb(),
            }
        )
    )


def measure(path: Path | None, read_only: bool = False, code: Path | None = None) -> dict:
    """One child's figures; ``code``: a folder whose ``promiselint`` package is used instead."""
    command = [sys.executable, __file__, "--child", str(path) if path else ""]
    if read_only:
        command.append("--read-only")
    env = dict(os.environ)
    if code is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(code), env.get("PYTHONPATH")]))
    output = subprocess.run(command, check=True, capture_output=True, text=True, env=env).stdout
    return json.loads(output.strip().splitlines()[-1])


def unpack(ref: str, folder: Path) -> Path:
    """The ``promiselint`` package of git revision ``ref``, in ``folder``."""
    folder.mkdir()
    root = Path(__file__).resolve().parent.parent
    archive = subprocess.run(
        ["git", "-C", str(root), "archive", ref, "promiselint"], check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--text-mb", type=int, default=50)
    parser.add_argument("--before", metavar="REF", help="also read with the readers of REF")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--read-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        child(args.child or None, args.read_only)
        return
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        before = unpack(args.before, base / "before") if args.before else None
        cases = [
            ("pdf", base / "brochure.pdf", make_pdf, "page"),
            ("pdf 2-col", base / "whitepaper.pdf", make_two_column_pdf, "page"),
            ("docx", base / "proposal.docx", make_docx, "paragraph"),
            ("html", base / "landing.html", make_html, "paragraph"),
            ("md", base / "pricing.md", make_markdown, "paragraph"),
            ("text", base / "big.txt", lambda p: make_text(p, args.text_mb), "MB"),
        ]
        floor = measure(None)["peak_rss_mb"]
        print(f"engine alone: peak RSS {floor:.0f} MB")
        for name, path, make, unit in cases:
            units = make(path)
            for label, code in (("before", before), ("after", None)):
                if label == "before" and code is None:
                    continue
                reading = measure(path, read_only=True, code=code)
                assert code is None or reading["code"].startswith(str(code)), reading["code"]
                print(
                    f"{name:9} read ({label:6}): {reading['seconds'] / units * 1000:7.2f} "
                    f"ms/{unit}, {reading['segments']} segments, "
                    f"peak RSS {reading['peak_rss_mb']:.0f} MB"
                )
            figures = measure(path)
            if figures["errors"]:
                raise SystemExit(f"{name}: {figures['errors']}")
            print(
                f"{name:9} lint {units:4} {unit}s: {figures['seconds']:.2f} s, "
                f"{figures['seconds'] / units * 1000:.1f} ms/{unit}, "
                f"{figures['findings']} findings, peak RSS {figures['peak_rss_mb']:.0f} MB "
                f"(+{figures['peak_rss_mb'] - floor:.0f} MB over the engine)"
            )


if __name__ == "__main__":
    main()
