"""Start-up time of `promiselint check` on one small Markdown file: the pre-commit case.

    python benchmarks/bench_startup.py [--runs 7]

Each figure is the median wall time of --runs runs of the real CLI in a subprocess, including
the interpreter's start:

- cold: an empty cache folder each run (nothing cached: rules parsed and validated, spaCy
  imported, the pipeline built, the file linted);
- file changed: the rules are cached but the file is new to the cache (an edited file);
- warm: the file unchanged since the last run (its findings come from the cache; spaCy is not
  imported, which the script checks);
- `--version` and `python -c pass` for reference.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PAGE = """# Acme Cloud

Acme Cloud keeps your team's documents in one place. We guarantee 99.99% uptime and reply
to every ticket within 2 hours. SSO is coming soon.

- Unlimited projects
- Exports to PDF and Word
"""
CLI = [sys.executable, "-m", "promiselint"]


def _time(command: list[str]) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        sys.exit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return elapsed, done.stderr


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="promiselint-startup-"))
    try:
        page = work / "page.md"
        page.write_text(PAGE, encoding="utf-8")
        rows: list[tuple[str, float]] = []

        cold = []
        for run in range(args.runs):
            empty = ["--cache-dir", str(work / f"cold-{run}")]
            cold.append(_time([*CLI, "check", *empty, str(page)])[0])
        rows.append(("cold (empty cache)", statistics.median(cold)))

        cache = ["--cache-dir", str(work / "cache")]
        changed = []
        for run in range(args.runs):
            page.write_text(PAGE + f"\nRevision {run}.\n", encoding="utf-8")
            changed.append(_time([*CLI, "check", *cache, str(page)])[0])
        rows.append(("file changed (rules cached)", statistics.median(changed)))

        probe = ["-X", "importtime"]
        _, stderr = _time([sys.executable, *probe, "-m", "promiselint", "check", *cache, str(page)])
        spacy_imported = any(line.rstrip().endswith(" spacy") for line in stderr.splitlines())
        warm = [_time([*CLI, "check", *cache, str(page)])[0] for _ in range(args.runs)]
        name = f"warm (unchanged; spaCy imported: {spacy_imported})"
        rows.append((name, statistics.median(warm)))

        rows.append(("--version", statistics.median(
            _time([*CLI, "--version"])[0] for _ in range(args.runs))))
        rows.append(("python -c pass", statistics.median(
            _time([sys.executable, "-c", "pass"])[0] for _ in range(args.runs))))
        print(f"\n| {'run (median of ' + str(args.runs) + ')':<45} | {'wall s':>7} |")
        print(f"|{'-' * 47}|{'-' * 9}|")
        for name, seconds in rows:
            print(f"| {name:<45} | {seconds:>7.2f} |")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
