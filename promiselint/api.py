"""The one entry point the CLI, the tests and other programs use: lint_paths() and lint_text()."""

from __future__ import annotations

import fnmatch
import io
import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from promiselint.cache import Cache, default_cache_dir
from promiselint.cache import prune as prune_cache
from promiselint.config import DEFAULT_EXCLUDES, Config
from promiselint.consistency import CONFLICT_RULE, ConsistencyCheck
from promiselint.documents import (
    Notice,
    Reader,
    Segment,
    is_supported,
    reader_for,
    supported_extensions,
)
from promiselint.engine import Engine, RulePolicy
from promiselint.errors import ReadError
from promiselint.factcheck import CompiledFacts
from promiselint.facts import load_facts
from promiselint.findings import Finding, InputError, LintResult, RuleInfo
from promiselint.parallel import FileTask, lint_many
from promiselint.registry import PYTHON_CHECKS, build_registry
from promiselint.ruleset.loader import load_ruleset, shipped_rules_dir
from promiselint.ruleset.model import Ruleset
from promiselint.suppress import apply_suppressions

STDIN = "-"
# Checks written in Python rather than YAML; their ids work in select/ignore/severity alike.


def open_cache(config: Config, directory: Path | None = None) -> Cache:
    """The cache for runs with ``config`` (default folder: $XDG_CACHE_HOME/promiselint)."""
    return Cache(directory or default_cache_dir(), config, _rule_dirs(config))


def _rule_dirs(config: Config) -> list[Path]:
    return [shipped_rules_dir(), *config.rule_dirs]


def load_rules(config: Config, cache: Cache | None = None) -> Ruleset:
    """The shipped rules plus the config's rule folders; checks the config's rule names.
    With a cache, unchanged rule files are not parsed and validated again."""
    dirs = _rule_dirs(config)
    ruleset = cache.ruleset(lambda: load_ruleset(dirs)) if cache else load_ruleset(dirs)
    config.check_rule_names(set(build_registry(ruleset)))
    return ruleset


def make_engine(config: Config, ruleset: Ruleset | None = None) -> Engine:
    ruleset = ruleset or load_rules(config)
    policy = RulePolicy(frozenset(config.select), frozenset(config.ignore), config.severity)
    facts = CompiledFacts(load_facts(config.facts)) if config.facts else None
    return Engine(ruleset, policy, config.language, dict(config.pipelines), facts)


def _excluded(path: Path, patterns: tuple[str, ...]) -> bool:
    text = path.as_posix()
    return any(
        fnmatch.fnmatch(text, pattern) or fnmatch.fnmatch(path.name, pattern)
        for pattern in patterns
    )


def _not_regular(path: Path) -> str | None:
    """What ``path`` is when it exists but is no regular file (opening a named pipe waits for a
    writer forever; a device may never end), else None."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return None  # missing or a broken link: reading it reports why
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "not a regular file"


def collect_files(paths: list[str], exclude: tuple[str, ...] = (),
                  skipped: list[str] | None = None) -> Iterator[str | InputError]:
    """Files to lint, in a stable order: given files as they are, directories walked for supported
    extensions (skipping DEFAULT_EXCLUDES and the config's globs); problems as InputErrors.
    Only regular files are read: others (named pipes, devices) go to ``skipped`` as notices."""
    skipped = skipped if skipped is not None else []
    for given in paths:
        if given == STDIN:
            yield STDIN
            continue
        path = Path(given)
        if path.is_dir():
            yield from _walk(path, exclude, skipped)
        elif path.exists() or path.is_symlink():
            if _excluded(path, exclude):
                continue
            kind = _not_regular(path)
            if kind:
                skipped.append(f"{given}: skipped: {kind}, not a regular file")
            else:
                yield given
        else:
            yield InputError(given, "cannot read: no such file or directory")


def _walk(root: Path, exclude: tuple[str, ...], skipped: list[str]) -> Iterator[str | InputError]:
    # A folder that cannot be listed is reported and skipped; the rest of the tree is still walked
    problems: list[OSError] = []
    entries = sorted(os.walk(root, onerror=problems.append))
    for problem in problems:
        folder = str(problem.filename or root)
        if not _skipped_folder(root, Path(folder), exclude):
            yield InputError(folder, f"cannot read: {problem.strerror or problem}")
    for folder, _dirs, files in entries:
        folder_path = Path(folder)
        if _skipped_folder(root, folder_path, exclude):
            continue
        if not os.access(folder, os.R_OK | os.X_OK):
            yield InputError(folder, "cannot read: permission denied")
            continue
        for name in sorted(files):
            path = folder_path / name
            if is_supported(path) and not _excluded(path, exclude):
                kind = _not_regular(path)
                if kind:
                    skipped.append(f"{path}: skipped: {kind}, not a regular file")
                else:
                    yield str(path)


def _skipped_folder(root: Path, folder: Path, exclude: tuple[str, ...]) -> bool:
    if any(part in DEFAULT_EXCLUDES for part in folder.relative_to(root).parts):
        return True
    return folder != root and _excluded(folder, exclude)


def read_segments(path: str, stream: BinaryIO | None = None,
                  notices: list[Notice] | None = None) -> Iterator[Segment]:
    """The segments of one file, raising ReadError with a one-line reason; what the reader
    says about the file as a whole goes to ``notices`` (dropped when it is None)."""
    reader = reader_for(path)
    if reader is None:
        known = ", ".join(sorted(supported_extensions()))
        raise ReadError(f"unsupported file type (supported: {known})")
    try:
        handle = stream if stream is not None else open(path, "rb")  # noqa: SIM115
    except IsADirectoryError:
        raise ReadError("is a directory") from None
    except OSError as exc:
        raise ReadError(exc.strerror or str(exc)) from None
    with handle:
        try:
            for item in _in_parts(reader, handle):
                if isinstance(item, Notice):
                    if notices is not None:
                        notices.append(item)
                else:
                    yield item
        except ReadError:
            raise
        except MemoryError:
            raise ReadError("too large to read in memory") from None
        except Exception as exc:  # a reader library's own error on a broken file
            detail = " ".join(str(exc).split()) or type(exc).__name__
            raise ReadError(f"{type(exc).__name__}: {detail}"[:300]) from None


def _in_parts(reader: Reader, handle: BinaryIO) -> Iterator[object]:
    """The reader's output; Markdown is parsed part by part, so memory stays bounded."""
    # reader_for() has imported the Markdown module if this is Markdown; no need otherwise.
    markdown = sys.modules.get("promiselint.documents.markdown")
    if markdown is None or reader is not markdown.read_markdown:
        return reader(handle)
    from promiselint.streaming import markdown_in_parts

    return markdown_in_parts(handle, reader)


def lint_file(engine: Engine, path: str, display: str | None = None, data: bytes | None = None,
              consistency: ConsistencyCheck | None = None,
              notices: list[str] | None = None) -> list[Finding]:
    """One file's findings, its inline suppressions applied; ``data`` are its bytes when they do
    not come from ``path`` (standard input, a string). The reader's notices about the file go to
    ``notices``, without its name; a low-confidence one marks every finding ``confidence: low``."""
    stream = None if data is None else io.BytesIO(data)
    read_notices: list[Notice] = []
    segments = read_segments(path, stream, read_notices)
    observe = consistency.observe if consistency is not None else None
    findings = _once_per_place(engine.lint(display or path, segments, observe))
    if notices is not None:
        notices.extend(notice.message for notice in read_notices)
    if any(notice.low_confidence for notice in read_notices):
        for finding in findings:
            finding.extra["confidence"] = "low"
    known = engine.ruleset.rule_ids() | set(PYTHON_CHECKS)
    return apply_suppressions(findings, path, known, display=display, data=data)


def _once_per_place(findings: list[Finding]) -> list[Finding]:
    """A rule reports a place once: a table's row label is read where it stands and again as
    the context of the row's other cells (documents/tables.py), and must not repeat there."""
    seen: set[tuple[object, ...]] = set()
    kept = []
    for finding in findings:
        loc = finding.location
        place = (finding.rule_id, loc.page, loc.line, loc.column, loc.end_line, loc.end_column)
        if place not in seen:
            seen.add(place)
            kept.append(finding)
    return kept


def describe_rules(engine: Engine, findings: list[Finding]) -> dict[str, RuleInfo]:
    """The rules behind ``findings``, each as written for the language it fired in, at the
    severity the config gives it."""
    registry = build_registry(engine.ruleset)
    rules: dict[str, RuleInfo] = {}
    for finding in findings:
        entry = registry.get(finding.rule_id)
        if entry is None or finding.rule_id in rules:
            continue
        written = next((r for r in entry.variants if r.lang == finding.lang), None) or entry
        rules[entry.id] = RuleInfo(entry.id, entry.category, engine.policy.severity_of(entry),
                                   written.explanation, written.suggestion)
    return rules


def _tasks(paths: list[str], config: Config, stdin_name: str,
           skipped: list[str]) -> Iterator[FileTask | InputError]:
    for item in collect_files(paths, config.exclude, skipped):
        if item == STDIN:
            import sys

            yield FileTask(stdin_name, STDIN, sys.stdin.buffer.read())
        else:
            yield item if isinstance(item, InputError) else FileTask(item, item)


def lint_paths(paths: list[str], config: Config | None = None, engine: Engine | None = None,
               stdin_name: str = "stdin.md", cache: Cache | None = None,
               jobs: int | None = 1) -> LintResult:
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
        result.findings.extend(ConsistencyCheck(engine).conflicts(statements))
        result.findings.sort(key=Finding.sort_key)
    result.rules = describe_rules(engine, result.findings)
    if cache is not None and cache.written:
        prune_cache(cache.root)
    return result


def lint_text(text: str, config: Config | None = None, engine: Engine | None = None,
              filename: str = "text.md") -> list[Finding]:
    """Findings in a string, read as the file type that ``filename``'s extension says."""
    engine = engine or make_engine(config or Config())
    return lint_file(engine, filename, data=text.encode("utf-8"))
