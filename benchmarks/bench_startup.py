"""Start-up time of `promiselint check` on one small Markdown file: the pre-commit case.

    python benchmarks/bench_startup.py [--runs 7] [--throughput-words 200000]

Each figure is the median wall time (and CPU time, steadier on a busy machine) of --runs runs of
the real CLI in a subprocess, including the interpreter's start:

- cold: an empty cache folder each run (nothing cached: rules parsed and validated, spaCy
  imported, the pipeline built, the file linted);
- file changed: the rules are cached but the file is new to the cache (an edited file);
- warm: the file unchanged since the last run (its findings come from the cache; spaCy is not
  imported, which the script checks);
- `--version` and `python -c pass` for reference.

Then, for the cold and the file-changed cases, where the time goes: each run is repeated with
PROMISELINT_PROFILE=1, which makes the CLI print each stage's wall and CPU time on exit
(promiselint/timings.py), and the table gives each stage's median. "interpreter + CLI" is what
no stage covers: the interpreter's start, imports, the config and the content cache. CPU
seconds are the steadier figure on a loaded machine; the load average is printed with them.
"""

from __future__ import annotations

import argparse
import os
import resource
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
PROFILE_PREFIX = "promiselint-profile:"
# The table's rows, in the order a run meets them; "interpreter + CLI" is the rest.
STAGES = (
    "interpreter + CLI",
    "rules",
    "spaCy import",
    "pipeline",
    "matchers",
    "detection",
    "reading",
    "linting",
    "output",
)


def _run(command: list[str], env: dict[str, str] | None = None) -> tuple[float, float, str]:
    """Wall seconds, CPU seconds (user + system, the process and its children) and standard
    error of one run of ``command``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    if done.returncode not in (0, 1):
        sys.exit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return elapsed, cpu, done.stderr


def _stages(command: list[str]) -> dict[str, tuple[float, float]]:
    """(wall s, CPU s) by stage of one profiled run of ``command``."""
    wall, _, stderr = _run(command, {**os.environ, "PROMISELINT_PROFILE": "1"})
    stages: dict[str, tuple[float, float]] = {}
    process_cpu = 0.0
    for line in stderr.splitlines():
        if not line.startswith(PROFILE_PREFIX):
            continue
        fields = line.removeprefix(PROFILE_PREFIX).strip()
        if fields.startswith("process-cpu "):
            process_cpu = float(fields.split()[1])
        else:
            name, stage_wall, stage_cpu = fields.rsplit(maxsplit=2)
            stages[name] = (float(stage_wall), float(stage_cpu))
    staged_wall = sum(w for w, _ in stages.values())
    staged_cpu = sum(c for _, c in stages.values())
    stages["interpreter + CLI"] = (wall - staged_wall, process_cpu - staged_cpu)
    stages["total"] = (wall, process_cpu)
    return stages


def _stage_table(title: str, runs: list[dict[str, tuple[float, float]]]) -> None:
    names = [*STAGES, *sorted({n for run in runs for n in run} - {*STAGES, "total"}), "total"]
    print(f"\n{title} (median of {len(runs)} profiled runs; load average {os.getloadavg()[0]:.1f})")
    print(f"| {'stage':<20} | {'wall s':>7} | {'CPU s':>7} |")
    print(f"|{'-' * 22}|{'-' * 9}|{'-' * 9}|")
    for name in names:
        wall = statistics.median(run.get(name, (0.0, 0.0))[0] for run in runs)
        cpu = statistics.median(run.get(name, (0.0, 0.0))[1] for run in runs)
        print(f"| {name:<20} | {wall:>7.3f} | {cpu:>7.3f} |")


def _throughput(work: Path, words: int, runs: int) -> None:
    """promiselint (no cache, detection on) and proselint (its cap of 1,000 errors lifted) on
    one English Markdown file of about ``words`` words, from bench_throughput's generator."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_throughput import generate

    generate(work / "corpus", words * 7, seed=7)  # one file in seven is English
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(work.glob("corpus/en/*.md")))
    book = work / "english.md"
    book.write_text(text, encoding="utf-8")
    count = len(text.split())
    commands = {"promiselint": [*CLI, "check", "--no-cache", str(book)]}
    proselint = shutil.which("proselint", path=str(Path(sys.executable).parent))
    if proselint:
        config = work / "proselintrc.json"
        config.write_text('{"max_errors": 1000000000}', encoding="utf-8")
        commands["proselint"] = [proselint, "--config", str(config), "check", str(book)]
    print(
        f"\nOne English file of {count:,} words (median of {runs}; "
        f"load average {os.getloadavg()[0]:.1f})"
    )
    print(f"| {'linter':<12} | {'wall s':>7} | {'words/s':>9} | {'CPU s':>7} |")
    print(f"|{'-' * 14}|{'-' * 9}|{'-' * 11}|{'-' * 9}|")
    for name, command in commands.items():
        timings = [_run(command) for _ in range(runs)]
        seconds = statistics.median(wall for wall, _, _ in timings)
        cpu = statistics.median(cpu for _, cpu, _ in timings)
        print(f"| {name:<12} | {seconds:>7.2f} | {count / seconds:>9,.0f} | {cpu:>7.2f} |")
    if not proselint:
        print("proselint is not installed (pip install -e .[bench])")


def _medians(runs: list[tuple[float, float, str]]) -> tuple[float, float]:
    """The median wall and CPU seconds of ``runs`` (from ``_run``)."""
    return (
        statistics.median(wall for wall, _, _ in runs),
        statistics.median(cpu for _, cpu, _ in runs),
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument(
        "--throughput-words",
        type=int,
        default=0,
        metavar="N",
        help="also time promiselint and proselint on one N-word English file",
    )
    args = parser.parse_args()
    print(f"load average before the runs: {os.getloadavg()[0]:.1f}")
    work = Path(tempfile.mkdtemp(prefix="promiselint-startup-"))
    try:
        page = work / "page.md"
        page.write_text(PAGE, encoding="utf-8")
        rows: list[tuple[str, float, float]] = []

        cold = []
        for run in range(args.runs):
            empty = ["--cache-dir", str(work / f"cold-{run}")]
            cold.append(_run([*CLI, "check", *empty, str(page)]))
        rows.append(("cold (empty cache)", *_medians(cold)))

        cache = ["--cache-dir", str(work / "cache")]
        changed = []
        for run in range(args.runs):
            page.write_text(PAGE + f"\nRevision {run}.\n", encoding="utf-8")
            changed.append(_run([*CLI, "check", *cache, str(page)]))
        rows.append(("file changed (rules cached)", *_medians(changed)))

        probe = [sys.executable, "-X", "importtime", "-m", "promiselint"]
        _, _, stderr = _run([*probe, "check", *cache, str(page)])
        spacy_imported = any(line.rstrip().endswith(" spacy") for line in stderr.splitlines())
        warm = [_run([*CLI, "check", *cache, str(page)]) for _ in range(args.runs)]
        name = f"warm (unchanged; spaCy imported: {spacy_imported})"
        rows.append((name, *_medians(warm)))
        rows.append(("--version", *_medians([_run([*CLI, "--version"]) for _ in range(args.runs)])))
        python = [_run([sys.executable, "-c", "pass"]) for _ in range(args.runs)]
        rows.append(("python -c pass", *_medians(python)))
        title = f"run (median of {args.runs})"
        print(f"\n| {title:<45} | {'wall s':>7} | {'CPU s':>7} |")
        print(f"|{'-' * 47}|{'-' * 9}|{'-' * 9}|")
        for name, seconds, cpu in rows:
            print(f"| {name:<45} | {seconds:>7.2f} | {cpu:>7.2f} |")
        print(f"load average after the runs: {os.getloadavg()[0]:.1f}")

        cold_stages = [
            _stages([*CLI, "check", "--cache-dir", str(work / f"profiled-{run}"), str(page)])
            for run in range(args.runs)
        ]
        _stage_table("cold (empty cache)", cold_stages)
        changed_stages = []
        for run in range(args.runs):
            page.write_text(PAGE + f"\nProfiled revision {run}.\n", encoding="utf-8")
            changed_stages.append(_stages([*CLI, "check", *cache, str(page)]))
        _stage_table("file changed (rules cached)", changed_stages)
        if args.throughput_words:
            _throughput(work, args.throughput_words, args.runs)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
