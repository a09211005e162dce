"""promiselint on a local Spark (`local[2]`) against `promiselint check --jobs 2`, same corpus.

    python benchmarks/bench_spark.py [--words 500000] [--runs 2] [--seed 7]

Needs `pip install -e .[spark]` and Java. The corpus is bench_throughput.py's generated Markdown
(seeded; seven languages, one per folder). It prints a Markdown table:

- `promiselint check --jobs 2 --no-cache` on the folder (wall time, process start included);
- `lint_documents` over `spark.read.format("binaryFile")`, the findings written to Spark's
  `noop` sink (every row and column produced, nothing stored), on warm executors: each Python
  worker has already built its engine and pipelines in an earlier run, as on a long job where
  start-up is paid once per worker;
- the same documents through RDD `mapPartitions` with the same per-document code (the
  alternative to `mapInPandas`' Arrow batches);
- `lint_documents` grouped by folder (the consistency check per group: one shuffle more);
- the per-executor start-up: the first job of the session (one small document per language, in
  one partition, so one new Python worker) minus the same job once that worker is warm: what a
  new worker pays to import promiselint and spaCy, unpickle the engine and build the seven
  pipelines.

Words/s are the corpus's words over wall time, the best of --runs rounds; each round runs every
measurement once, so that a change in the load of a shared machine falls on all of them.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_throughput import generate

from promiselint.config import Config

CLI = "promiselint check --jobs 2"
# One short paragraph a language, for the start-up job: each builds its language's pipeline.
START_UP_PAGES = {
    "en": "We answer every ticket within 2 hours.",
    "it": "Garantiamo risultati immediati a ogni cliente.",
    "es": "Garantizamos resultados inmediatos para cada tienda.",
    "fr": "Nous garantissons des résultats immédiats pour chaque boutique.",
    "de": "Wir garantieren sofortige Ergebnisse für jeden Laden.",
    "ru": "Мы гарантируем мгновенный результат для каждого магазина.",
    "ar": "نحن نضمن نتائج فورية لكل متجر.",
}


def _seconds(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def _best_interleaved(actions: dict[str, Callable[[], object]], runs: int) -> dict[str, float]:
    """The best time of each action over ``runs`` rounds, one run of each per round: a change
    in the machine's load then falls on every action alike, not on one."""
    best = dict.fromkeys(actions, float("inf"))
    for _ in range(runs):
        for name, action in actions.items():
            best[name] = min(best[name], _seconds(action))
    return best


def _cli(directory: Path) -> None:
    command = [
        sys.executable,
        "-m",
        "promiselint",
        "check",
        "--format",
        "json",
        "--no-cache",
        "--jobs",
        "2",
        str(directory),
    ]
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    if done.returncode not in (0, 1):
        sys.exit(f"promiselint check failed ({done.returncode}): {done.stderr.decode()[-2000:]}")


def _session():
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]")
        .appName("promiselint-bench")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    return session


def _map_partitions(spark, documents, config: Config):
    """The alternative to mapInPandas: plain Python rows through RDD mapPartitions."""
    from promiselint.spark import COLUMNS, LintJob, output_schema

    job = LintJob.prepare(spark, config)

    def lint(rows):
        for row in rows:
            for found in job.document_rows(row.path, row.content, None):
                yield tuple(found.get(name) for name in COLUMNS)

    return spark.createDataFrame(
        documents.select("path", "content").rdd.mapPartitions(lint), output_schema()
    )


def _write(frame) -> None:
    frame.write.format("noop").mode("overwrite").save()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=500_000)
    parser.add_argument("--runs", type=int, default=3, help="rounds of measurements (best)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    from pyspark.sql import functions

    from promiselint.spark import lint_documents

    directory = Path(tempfile.mkdtemp(prefix="promiselint-bench-spark-"))
    try:
        files, words, _ = generate(directory / "corpus", args.words, args.seed)
        print(f"corpus: {files} Markdown files, {words:,} words")

        start = time.perf_counter()
        spark = _session()
        session_start = time.perf_counter() - start
        documents = (
            spark.read.format("binaryFile")
            .option("recursiveFileLookup", "true")
            .load(str(directory / "corpus"))
            .withColumn("folder", functions.regexp_extract("path", r"/(\w+)/[^/]+$", 1))
        )
        partitions = documents.rdd.getNumPartitions()
        config = Config()
        # First, while no worker has linted anything: the start-up of one new worker.
        pages = directory / "start-up"
        pages.mkdir()
        for lang, text in START_UP_PAGES.items():
            (pages / f"{lang}.md").write_text(text + "\n", encoding="utf-8")
        small = spark.read.format("binaryFile").load(str(pages)).coalesce(1)
        cold = _seconds(lambda: _write(lint_documents(small, config)))
        warm = min(_seconds(lambda: _write(lint_documents(small, config))) for _ in range(2))
        modes = {
            CLI: lambda: _cli(directory / "corpus"),
            "lint_documents (mapInPandas)": lambda: _write(lint_documents(documents, config)),
            "RDD mapPartitions": lambda: _write(_map_partitions(spark, documents, config)),
            "lint_documents, grouped": lambda: _write(
                lint_documents(documents, config, group_column="folder")
            ),
        }
        for action in modes.values():  # warm every worker: engines and pipelines built
            action()
        timed = _best_interleaved(modes, args.runs)
        spark.stop()
    finally:
        shutil.rmtree(directory, ignore_errors=True)

    print(
        f"Spark session start-up (driver, JVM): {session_start:.1f} s; "
        f"{partitions} input partitions\n"
    )
    print(f"| {'run':<34} | {'seconds':>7} | {'words/s':>9} | vs check --jobs 2")
    print(f"|{'-' * 36}|{'-' * 9}|{'-' * 11}|{'-' * 19}")
    cli = timed[CLI]
    for name, seconds in timed.items():
        print(f"| {name:<34} | {seconds:>7.1f} | {words / seconds:>9,.0f} | {cli / seconds:.2f}x")
    print(
        f"\nper-executor start-up (7 languages, one worker): {cold - warm:.1f} s "
        f"({cold:.1f} s cold, {warm:.1f} s warm)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
