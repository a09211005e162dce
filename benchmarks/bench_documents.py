"""How fast the document readers plus the engine go, and how much memory they hold.

    pip install -e '.[test]'            # fpdf2 writes the PDF
    python benchmarks/bench_documents.py [--text-mb 50]

Generates, in a temporary folder, a 100-page PDF, a 200-paragraph .docx and a large plain text
file, then lints each in its own child process so that the peak resident memory (ru_maxrss) is
that document's alone; "engine" is the peak of a child that only builds the engine, i.e. the
floor every run pays; "read only" runs the reader without the engine. Prints seconds per page /
paragraph / MB and the peaks.
"""

from __future__ import annotations

import argparse
import json
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
        started = time.perf_counter()
        count = sum(1 for _ in read_segments(path))
        print(json.dumps({"seconds": time.perf_counter() - started, "segments": count,
                          "peak_rss_mb": peak_rss_mb()}))
        return
    config = Config(language="en")
    engine = make_engine(config)
    engine.compiled("en")  # build the pipeline now, so the timing is the document's alone
    started = time.perf_counter()
    result = lint_paths([path], config, engine) if path else None
    seconds = time.perf_counter() - started
    print(json.dumps({
        "seconds": seconds,
        "findings": len(result.findings) if result else 0,
        "errors": [e.message for e in result.errors] if result else [],
        "peak_rss_mb": peak_rss_mb(),
    }))


def measure(path: Path | None, read_only: bool = False) -> dict:
    command = [sys.executable, __file__, "--child", str(path) if path else ""]
    if read_only:
        command.append("--read-only")
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--text-mb", type=int, default=50)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--read-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        child(args.child or None, args.read_only)
        return
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        cases = [
            ("pdf", base / "brochure.pdf", make_pdf, "page"),
            ("docx", base / "proposal.docx", make_docx, "paragraph"),
            ("text", base / "big.txt", lambda p: make_text(p, args.text_mb), "MB"),
        ]
        floor = measure(None)["peak_rss_mb"]
        print(f"engine alone: peak RSS {floor:.0f} MB")
        for name, path, make, unit in cases:
            units = make(path)
            reading = measure(path, read_only=True)
            print(f"{name:5} read only: {reading['seconds']:.2f} s, "
                  f"{reading['segments']} segments, peak RSS {reading['peak_rss_mb']:.0f} MB")
            figures = measure(path)
            if figures["errors"]:
                raise SystemExit(f"{name}: {figures['errors']}")
            print(
                f"{name:5} {units:4} {unit}s: {figures['seconds']:.2f} s, "
                f"{figures['seconds'] / units * 1000:.1f} ms/{unit}, "
                f"{figures['findings']} findings, peak RSS {figures['peak_rss_mb']:.0f} MB "
                f"(+{figures['peak_rss_mb'] - floor:.0f} MB over the engine)"
            )


if __name__ == "__main__":
    main()
