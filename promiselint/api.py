"""The one entry point the CLI, the tests and other programs use: lint_paths() and lint_text()."""

from __future__ import annotations

import fnmatch
import io
import os
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from promiselint.config import DEFAULT_EXCLUDES, Config
from promiselint.documents import Segment, is_supported, reader_for, supported_extensions
from promiselint.engine import Engine, RulePolicy
from promiselint.errors import ReadError
from promiselint.findings import Finding, InputError, LintResult, RuleInfo
from promiselint.ruleset.loader import load_ruleset, shipped_rules_dir
from promiselint.ruleset.model import Ruleset
from promiselint.suppress import RULES as SUPPRESSION_RULES
from promiselint.suppress import apply_suppressions

STDIN = "-"


def load_rules(config: Config) -> Ruleset:
    """The shipped rules plus the config's rule folders; checks the config's rule names."""
    ruleset = load_ruleset([shipped_rules_dir(), *config.rule_dirs])
    config.check_rule_names(ruleset.rule_ids())
    return ruleset


def make_engine(config: Config, ruleset: Ruleset | None = None) -> Engine:
    ruleset = ruleset or load_rules(config)
    policy = RulePolicy(frozenset(config.select), frozenset(config.ignore), config.severity)
    return Engine(ruleset, policy, config.language, dict(config.pipelines))


def _excluded(path: Path, patterns: tuple[str, ...]) -> bool:
    text = path.as_posix()
    return any(
        fnmatch.fnmatch(text, pattern) or fnmatch.fnmatch(path.name, pattern)
        for pattern in patterns
    )


def collect_files(paths: list[str], exclude: tuple[str, ...] = ()) -> Iterator[str | InputError]:
    """Files to lint, in a stable order: given files as they are, directories walked for supported
    extensions (skipping DEFAULT_EXCLUDES and the config's globs); problems as InputErrors."""
    for given in paths:
        if given == STDIN:
            yield STDIN
            continue
        path = Path(given)
        if path.is_dir():
            yield from _walk(path, exclude)
        elif path.exists() or path.is_symlink():
            if not _excluded(path, exclude):
                yield given
        else:
            yield InputError(given, "cannot read: no such file or directory")


def _walk(root: Path, exclude: tuple[str, ...]) -> Iterator[str | InputError]:
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
                yield str(path)


def _skipped_folder(root: Path, folder: Path, exclude: tuple[str, ...]) -> bool:
    if any(part in DEFAULT_EXCLUDES for part in folder.relative_to(root).parts):
        return True
    return folder != root and _excluded(folder, exclude)


def read_segments(path: str, stream: BinaryIO | None = None) -> Iterator[Segment]:
    """The segments of one file, raising ReadError with a one-line reason."""
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
            yield from reader(handle)
        except ReadError:
            raise
        except MemoryError:
            raise ReadError("too large to read in memory") from None
        except Exception as exc:  # a reader library's own error on a broken file
            detail = " ".join(str(exc).split()) or type(exc).__name__
            raise ReadError(f"{type(exc).__name__}: {detail}"[:300]) from None


def lint_file(engine: Engine, path: str, display: str | None = None,
              data: bytes | None = None) -> list[Finding]:
    """One file's findings, its inline suppressions applied; ``data`` are its bytes when they do
    not come from ``path`` (standard input, a string)."""
    stream = None if data is None else io.BytesIO(data)
    findings = engine.lint(display or path, read_segments(path, stream))
    return apply_suppressions(findings, path, engine.ruleset.rule_ids(), display=display, data=data)


def describe_rules(engine: Engine, findings: list[Finding]) -> dict[str, RuleInfo]:
    """The rules behind ``findings``, each as written for the language it fired in."""
    rules: dict[str, RuleInfo] = {}
    for finding in findings:
        if finding.rule_id in rules:
            continue
        language = engine.ruleset.languages.get(finding.lang)
        rule = language.rules.get(finding.rule_id) if language else None
        if rule is not None:
            rules[rule.id] = RuleInfo(rule.id, rule.category, engine.policy.severity_of(rule),
                                      rule.explanation, rule.suggestion)
        elif finding.rule_id in SUPPRESSION_RULES:
            rules[finding.rule_id] = SUPPRESSION_RULES[finding.rule_id]
    return rules


def lint_paths(paths: list[str], config: Config | None = None, engine: Engine | None = None,
               stdin_name: str = "stdin.md") -> LintResult:
    """Lint files and folders; unreadable inputs become errors while the rest is still linted."""
    config = config or Config()
    engine = engine or make_engine(config)
    result = LintResult()
    for item in collect_files(paths, config.exclude):
        if isinstance(item, InputError):
            result.errors.append(item)
            continue
        try:
            if item == STDIN:
                import sys

                findings = lint_file(engine, stdin_name, STDIN, sys.stdin.buffer.read())
            else:
                findings = lint_file(engine, item)
        except ReadError as exc:
            result.errors.append(InputError(item, f"cannot read: {exc}"))
            continue
        result.findings.extend(findings)
        result.files_checked += 1
    result.notices.extend(engine.notices)
    result.rules = describe_rules(engine, result.findings)
    return result


def lint_text(text: str, config: Config | None = None, engine: Engine | None = None,
              filename: str = "text.md") -> list[Finding]:
    """Findings in a string, read as the file type that ``filename``'s extension says."""
    engine = engine or make_engine(config or Config())
    return lint_file(engine, filename, data=text.encode("utf-8"))
