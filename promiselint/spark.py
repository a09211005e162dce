"""Lint a document archive on Apache Spark: ``lint_documents(df)`` gives one row per finding.

``pip install promiselint[spark]``. The input is a DataFrame with ``path`` and ``content``
(bytes), as ``spark.read.format("binaryFile")`` gives it; each document is read by the reader its
extension picks, exactly as ``promiselint check`` reads a file. The output has the JSON report's
finding fields as columns plus ``error``: a document that cannot be read gives one row with
``error`` set and the finding columns null. Files with an extension promiselint does not read,
and paths matching the config's ``exclude`` globs, are skipped, as when the CLI walks a folder.

How the work is spread:

- The driver builds the engine from the config (rules parsed and validated, facts file read), so
  a mistake there is one ``PromiselintError`` before any task starts. The engine, not yet holding
  any spaCy pipeline, is pickled once and broadcast; each executor's Python worker unpickles it
  once into a module-level cache keyed by the pickle's digest and builds a language's pipeline
  the first time it meets the language. Spark reuses Python workers across tasks
  (``spark.python.worker.reuse``, on by default), so that happens once per worker process, not
  per partition, let alone per row.
- Documents go through ``mapInPandas`` (Arrow batches). benchmarks/bench_spark.py measures it
  against RDD ``mapPartitions`` running the same per-document code: within a few percent of
  each other either way (linting is nearly all the time; figures in benchmarks/README.md), so
  the DataFrame path stays: no Python-to-JVM conversion of rows, and the group stage takes the
  same Arrow batches (``applyInPandas``).
- The cross-document consistency check (``consistency.conflict``) compares the documents of one
  group: those sharing a value of ``group_column``, e.g. a ``collection`` column. Each document's
  numeric statements then travel with its findings through one shuffle by that column; the
  documents themselves are linted before it, where they were read. Without ``group_column``, or
  where its value is null, a document is compared only with itself.
"""

from __future__ import annotations

import hashlib
import pickle
import posixpath
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from promiselint.api import make_engine
from promiselint.checks.consistency import Statement, conflicts
from promiselint.checks.rules import CONFLICT_RULE
from promiselint.config import Config
from promiselint.discovery import excluded
from promiselint.documents import is_supported
from promiselint.engine import Engine
from promiselint.errors import PromiselintError, ReadError
from promiselint.findings import FIELDS, OPTIONAL_LOCATION_FIELDS, Finding, Severity
from promiselint.outcome import FileTask, lint_one

if TYPE_CHECKING:
    import pandas as pd
    from pyspark.broadcast import Broadcast
    from pyspark.sql import DataFrame, SparkSession
    from pyspark.sql.types import StructType

# The output's columns: Finding.to_dict's keys (the optional ones null when absent), then error.
_INT_COLUMNS = ("line", "column", "end_line", "end_column", "page", "paragraph")
COLUMNS = (*FIELDS, *OPTIONAL_LOCATION_FIELDS, "conflicts_with", "confidence", "error")
# Between the lint and the group stage only: a document's pickled numeric statements.
_STATEMENTS = "_statements"
_GROUP = "_group"

# One engine per executor Python process, keyed by the digest of the pickled engine (config,
# rules and facts): its pipelines are built on first use and kept for every later task. A worker
# serving jobs with other configs keeps the last two engines only: each holds its pipelines.
_ENGINES: dict[str, Engine] = {}
_KEPT_ENGINES = 2


def output_schema(staged: bool = False) -> StructType:
    """The findings DataFrame's schema; ``staged`` adds what the group stage needs."""
    from pyspark.sql.types import BinaryType, IntegerType, StringType, StructField, StructType

    fields = [
        StructField(name, IntegerType() if name in _INT_COLUMNS else StringType())
        for name in COLUMNS
    ]
    if staged:
        fields += [StructField(_GROUP, StringType()), StructField(_STATEMENTS, BinaryType())]
    return StructType(fields)


@dataclass(frozen=True)
class LintJob:
    """What every task of one lint_documents call gets: the broadcast engine and the settings
    applied after linting."""

    key: str  # the pickled engine's digest: the executors' cache key
    shipped: Broadcast
    min_severity: Severity
    exclude: tuple[str, ...]
    compare: bool  # whether the consistency check runs (its rule is selected)

    @classmethod
    def prepare(cls, spark: SparkSession, config: Config) -> LintJob:
        """The engine built here on the driver (a mistake in the config, rules or facts raises
        now, before any task) and broadcast to the executors."""
        engine = make_engine(config)
        engine.ruleset.load_all()  # every language's rules validated here, and shipped parsed
        payload = pickle.dumps(engine)
        return cls(
            hashlib.sha256(payload).hexdigest(),
            spark.sparkContext.broadcast(payload),
            config.min_severity,
            config.exclude,
            engine.policy.enabled(CONFLICT_RULE),
        )

    def engine(self) -> Engine:
        engine = _ENGINES.get(self.key)
        if engine is None:
            while len(_ENGINES) >= _KEPT_ENGINES:
                del _ENGINES[next(iter(_ENGINES))]  # the oldest
            engine = _ENGINES[self.key] = pickle.loads(self.shipped.value)
        return engine

    # A method rather than a function given the job by functools.partial: Spark reads the
    # callable's type hints, which a partial lacks (it warns on every call then).
    def lint_batches(self, batches: Iterable[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        """On an executor: each batch of documents as finding, error and statement rows."""
        for batch in batches:
            rows: list[dict[str, Any]] = []
            for path, content, group in zip(
                batch["path"], batch["content"], batch[_GROUP], strict=True
            ):
                rows.extend(self.document_rows(path, content, group))
            yield _frame(rows, staged=True)

    def document_rows(
        self, path: str, content: bytes | None, group: str | None
    ) -> Iterator[dict[str, Any]]:
        """One document's rows: its findings, or its error; with a ``group``, one more row
        carrying its numeric statements to the group stage (without one, they are compared
        here)."""
        if not is_supported(path) or excluded(PurePosixPath(path), self.exclude):
            return
        if content is None:
            yield {"path": path, "error": "cannot read: no content"}
            return
        engine = self.engine()
        try:
            outcome = lint_one(engine, FileTask(path, path), bytes(content))
        except ReadError as exc:
            yield {"path": path, "error": f"cannot read: {exc}"}
            return
        findings = outcome.findings
        if group is None and outcome.statements:
            findings = findings + conflicts(outcome.statements, engine.ruleset)
        elif outcome.statements:
            yield {"path": path, _GROUP: group, _STATEMENTS: pickle.dumps(outcome.statements)}
        for finding in findings:
            if finding.severity >= self.min_severity:
                yield {**_finding_row(finding), _GROUP: group}

    def group_conflicts(self, rows: pd.DataFrame) -> pd.DataFrame:
        """On an executor: one group's findings and errors, plus its documents' conflicts."""
        carriers = rows[_STATEMENTS].notna()
        # In the order the CLI walks a folder (folder, then name): a conflict's message names
        # the first disagreeing statement, so the order decides which one.
        documents = sorted(
            zip(rows.loc[carriers, "path"], rows.loc[carriers, _STATEMENTS], strict=True),
            key=lambda document: posixpath.split(document[0]),
        )
        statements: list[Statement] = [
            statement for _, blob in documents for statement in pickle.loads(blob)
        ]
        passed = rows.loc[~carriers, list(COLUMNS)]
        found = conflicts(statements, self.engine().ruleset) if statements else []
        shown = [_finding_row(f) for f in found if f.severity >= self.min_severity]
        return _frame([*passed.to_dict("records"), *shown]) if shown else passed


def lint_documents(
    df: DataFrame, config: Config | None = None, group_column: str | None = None
) -> DataFrame:
    """One row per finding in the documents of ``df`` (columns ``path``, ``content``), one row
    per unreadable document (``error`` set), with ``config``'s rules, select/ignore, severities,
    facts and ``min_severity`` as ``promiselint check`` applies them; inline suppressions apply
    too. The consistency check compares the documents sharing a value of ``group_column``."""
    missing = [
        name
        for name in ("path", "content", group_column)
        if name is not None and name not in df.columns
    ]
    if missing:
        raise PromiselintError(
            f"lint_documents: the DataFrame has no column {', '.join(map(repr, missing))} "
            f"(it has: {', '.join(df.columns)})"
        )
    job = LintJob.prepare(df.sparkSession, config or Config())
    grouped = group_column is not None and job.compare
    group = (
        df[group_column].cast("string") if group_column is not None and grouped else _null_string()
    )
    documents = df.select("path", "content", group.alias(_GROUP))
    staged = documents.mapInPandas(job.lint_batches, output_schema(staged=True))
    if not grouped:
        return staged.select(*COLUMNS)

    # Spark calls a grouped function with the group's key too when it takes two arguments, and
    # counts a bound method's `self`: hence a plain function of the rows, without type hints
    # (Spark would try to read them).
    def group_conflicts(rows):
        return job.group_conflicts(rows)

    return staged.groupBy(_GROUP).applyInPandas(group_conflicts, output_schema())


def _null_string() -> Any:
    from pyspark.sql import functions

    return functions.lit(None).cast("string")


def _finding_row(finding: Finding) -> dict[str, Any]:
    row = finding.to_dict()
    unknown = set(row) - set(COLUMNS)
    if unknown:  # a new Finding field must get a column, never be dropped silently
        raise ValueError(f"finding fields without a column: {', '.join(sorted(unknown))}")
    return row


def _frame(rows: list[dict[str, Any]], staged: bool = False) -> pd.DataFrame:
    """Rows as a DataFrame with the output's columns; integers nullable, so Arrow keeps them."""
    import pandas as pd

    names = (*COLUMNS, _GROUP, _STATEMENTS) if staged else COLUMNS
    return pd.DataFrame(
        {
            name: pd.array(
                [row.get(name) for row in rows], dtype="Int32" if name in _INT_COLUMNS else object
            )
            for name in names
        }
    )
