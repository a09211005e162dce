"""The one entry point the CLI, the tests and other programs use: lint_paths() and lint_text();
the building blocks they are made of are re-exported from the stages below."""

from __future__ import annotations

from collections.abc import Iterator

from promiselint.cache import Cache
from promiselint.cache import prune as prune_cache
from promiselint.checks.consistency import conflicts
from promiselint.checks.rules import CONFLICT_RULE
from promiselint.config import Config
from promiselint.discovery import STDIN, collect_files
from promiselint.engine import Engine
from promiselint.filters import filter_findings
from promiselint.findings import Finding, InputError, LintResult
from promiselint.linting import (
    describe_rules,
    lint_document,
    lint_file,
    load_rules,
    make_engine,
    open_cache,
    read_segments,
)
from promiselint.parallel import FileTask, lint_many

__all__ = [
    "STDIN",
    "collect_files",
    "describe_rules",
    "filter_findings",
    "lint_document",
    "lint_file",
    "lint_paths",
    "lint_text",
    "load_rules",
    "make_engine",
    "open_cache",
    "read_segments",
]


def _tasks(
    paths: list[str], config: Config, stdin_name: str, skipped: list[str]
) -> Iterator[FileTask | InputError]:
    for item in collect_files(paths, config.exclude, skipped):
        if item == STDIN:
            import sys

            yield FileTask(stdin_name, STDIN, sys.stdin.buffer.read())
        else:
            yield item if isinstance(item, InputError) else FileTask(item, item)


def lint_paths(
    paths: list[str],
    config: Config | None = None,
    engine: Engine | None = None,
    stdin_name: str = "stdin.md",
    cache: Cache | None = None,
    jobs: int | None = 1,
) -> LintResult:
    """Lint files and folders; unreadable inputs become errors while the rest is still linted.
    ``cache`` skips unchanged files; ``jobs`` is the number of processes (None: one per CPU
    when there is enough to lint); the result is the same either way."""
    config = config or Config()
    engine = engine or make_engine(config)
    result = LintResult()
    statements = []
    tasks = _tasks(paths, config, stdin_name, result.notices)
    for outcome in lint_many(engine, config, tasks, cache, jobs):
        if isinstance(outcome, InputError):
            result.errors.append(outcome)
            continue
        result.findings.extend(outcome.findings)
        result.notices.extend(n for n in outcome.notices if n not in result.notices)
        statements.extend(outcome.statements)
        result.files_checked += 1
        result.files.append(outcome.path)
    # A final stage: conflicts need every file's statements.
    if engine.policy.enabled(CONFLICT_RULE):
        result.findings.extend(conflicts(statements, engine.ruleset))
        result.findings.sort(key=Finding.sort_key)
    result.rules = describe_rules(engine, result.findings)
    if cache is not None and cache.written:
        prune_cache(cache.root)
    return result


def lint_text(
    text: str, config: Config | None = None, engine: Engine | None = None, filename: str = "text.md"
) -> list[Finding]:
    """Findings in a string, read as the file type that ``filename``'s extension says."""
    engine = engine or make_engine(config or Config())
    return lint_file(engine, filename, data=text.encode("utf-8"))
