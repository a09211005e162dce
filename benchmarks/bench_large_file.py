"""Wall time and peak memory of `promiselint check` on one large Markdown file.

    python benchmarks/bench_large_file.py [--megabytes 20] [--clean] [--one-line] [--keep FILE]

The file is generated from original sentences (headings, paragraphs and bullet lists; a promise
in about every third sentence, or none with --clean), then linted once by the real CLI in a
subprocess with `--no-cache --lang en --format json`; the peak memory is the child's max RSS.
Without findings, memory should stay flat as the file grows (the Markdown is parsed part by
part and segments are linted batch by batch); with findings, they are all kept for the report.
--one-line writes the sentences as one paragraph without a line break, with an implementation
length that changes from sentence to sentence: every stage that looks at a whole segment or at
all of a file's figures at once (merging findings, the consistency check) must stay linear.
"""

from __future__ import annotations

import argparse
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

_SENTENCES = (
    "Our onboarding team walks every new customer through the first import.",
    "The dashboard shows each region's open tickets next to last month's figures.",
    "Invoices can be exported as spreadsheets for the finance team.",
    "Results guaranteed for every campaign we run.",
    "We reply within 2 hours to every request.",
    "The new reporting module is coming soon.",
    "Most teams finish their setup in an afternoon, depending on the data.",
    "Your storefront will be live by June 3, 2027.",
    "Administrators decide which roles may edit shared templates.",
    "Backups are kept in two separate data centres.",
)
_PROMISES = {_SENTENCES[3], _SENTENCES[4], _SENTENCES[5], _SENTENCES[7]}


def generate(path: Path, megabytes: float, clean: bool = False, seed: int = 7) -> None:
    rng = random.Random(seed)
    sentences = [s for s in _SENTENCES if s not in _PROMISES] if clean else list(_SENTENCES)
    target = int(megabytes * 1024 * 1024)
    written = 0
    with path.open("w", encoding="utf-8") as out:
        section = 0
        while written < target:
            section += 1
            parts = [f"## Section {section}\n\n"]
            for _ in range(rng.randint(2, 5)):
                parts.append(" ".join(rng.choices(sentences, k=rng.randint(2, 6))) + "\n\n")
            parts.extend(f"- {rng.choice(sentences)}\n" for _ in range(rng.randint(0, 4)))
            parts.append("\n")
            chunk = "".join(parts)
            out.write(chunk)
            written += len(chunk.encode("utf-8"))


def generate_one_line(path: Path, megabytes: float, seed: int = 7) -> None:
    rng = random.Random(seed)
    target = int(megabytes * 1024 * 1024)
    written = 0
    with path.open("w", encoding="utf-8") as out:
        while written < target:
            weeks = rng.randint(2, 40)
            chunk = f"{rng.choice(_SENTENCES)} We plan a {weeks}-week implementation. "
            out.write(chunk)
            written += len(chunk.encode("utf-8"))
        out.write("\n")


def measure(path: Path) -> tuple[float, float, int]:
    """(seconds, peak RSS in MB, exit code) of one uncached run on ``path``."""
    command = [
        sys.executable,
        "-m",
        "promiselint",
        "check",
        "--no-cache",
        "--lang",
        "en",
        "--format",
        "json",
        "--output",
        "/dev/null",
        str(path),
    ]
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1):
        sys.exit(f"promiselint failed ({done.returncode}): {done.stderr.strip()[-500:]}")
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # Linux: kilobytes
    return seconds, peak_kb / 1024, done.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=20.0)
    parser.add_argument("--clean", action="store_true", help="no promises: no findings to hold")
    parser.add_argument("--one-line", action="store_true", help="one paragraph, changing figures")
    parser.add_argument("--keep", type=Path, help="write the generated file here and keep it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        path = args.keep or Path(scratch) / "large.md"
        if args.one_line:
            generate_one_line(path, args.megabytes)
        else:
            generate(path, args.megabytes, args.clean)
        size = path.stat().st_size / (1024 * 1024)
        seconds, peak, _ = measure(path)
        shape = "one-line Markdown" if args.one_line else "Markdown"
        print(f"{size:.1f} MB {shape}: {seconds:.1f} s, peak RSS {peak:.0f} MB")


if __name__ == "__main__":
    main()
