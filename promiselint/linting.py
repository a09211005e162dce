"""One file through the pipeline: its reader's segments, the engine's findings, the file's own
suppressions; and the engine itself, built from the config. Below the process pool
(promiselint/parallel.py), which calls these in this process or in its workers."""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from promiselint.cache import Cache, default_cache_dir
from promiselint.checks import DocumentCheck
from promiselint.checks.facts import FactsCheck
from promiselint.config import Config
from promiselint.documents import Notice, Reader, Segment, reader_for, supported_extensions
from promiselint.documents.dates import DocumentDate
from promiselint.engine import Engine
from promiselint.errors import ReadError
from promiselint.facts import load_facts
from promiselint.findings import Finding, RuleInfo
from promiselint.policy import RulePolicy
from promiselint.registry import describe, known_names
from promiselint.ruleset.loader import open_ruleset, shipped_rules_dir
from promiselint.ruleset.model import Ruleset
from promiselint.suppress import apply_suppressions


def open_cache(config: Config, directory: Path | None = None) -> Cache:
    """The cache for runs with ``config`` (default folder: $XDG_CACHE_HOME/promiselint)."""
    return Cache(directory or default_cache_dir(), config, _rule_dirs(config))


def _rule_dirs(config: Config) -> list[Path]:
    return [shipped_rules_dir(), *config.rule_dirs]


def load_rules(config: Config, cache: Cache | None = None) -> Ruleset:
    """The shipped rules plus the config's rule folders; checks the config's rule names against
    the registry. A language's shipped rules are loaded when a text in it is first linted,
    the languages of the config's folders now (ruleset/loader.py). With a cache, unchanged
    rule files are not parsed and validated again."""
    ruleset = open_ruleset(_rule_dirs(config), cache, load_now=config.rule_dirs)
    config.check_rule_names(known_names(ruleset))
    return ruleset


def make_engine(config: Config, ruleset: Ruleset | None = None) -> Engine:
    ruleset = ruleset or load_rules(config)
    renamed = ruleset.aliases()  # a former rule id names the rule it became
    policy = RulePolicy(
        frozenset(renamed.get(name, name) for name in config.select),
        frozenset(renamed.get(name, name) for name in config.ignore),
        tuple((renamed.get(name, name), severity) for name, severity in config.severity),
    )
    # The document checks for every document; the consistency check is one per file (outcome.py)
    checks = [FactsCheck(load_facts(config.facts), policy)] if config.facts else []
    return Engine(ruleset, policy, config.language, dict(config.pipelines), checks)


def read_segments(
    path: str, stream: BinaryIO | None = None, notices: list[Notice] | None = None
) -> Iterator[Segment]:
    """The segments of one file, raising ReadError with a one-line reason; what the reader
    says about the file as a whole goes to ``notices`` (dropped when it is None), and the
    document's own date (its metadata) to every segment after it (Segment.date)."""
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
        date = None  # the document's own date, once its metadata has given it
        try:
            for item in _in_parts(reader, handle):
                if isinstance(item, Notice):
                    if notices is not None:
                        notices.append(item)
                elif isinstance(item, DocumentDate):
                    date = item.date
                else:
                    item.date = item.date or date
                    yield item
        except ReadError:
            raise
        except MemoryError:
            raise ReadError("too large to read in memory") from None
        except Exception as exc:  # a reader library's own error on a broken file
            detail = " ".join(str(exc).split()) or type(exc).__name__
            raise ReadError(f"{type(exc).__name__}: {detail}"[:300]) from None


def _in_parts(reader: Reader, handle: BinaryIO) -> Iterator[Segment | Notice | DocumentDate]:
    """The reader's output; Markdown is parsed part by part, so memory stays bounded."""
    # reader_for() has imported the Markdown module if this is Markdown; no need otherwise.
    markdown = sys.modules.get("promiselint.documents.markdown")
    if markdown is None or reader is not markdown.read_markdown:
        return reader(handle)
    from promiselint.streaming import markdown_in_parts

    return markdown_in_parts(handle, reader)


@dataclass
class FileLint:
    """One file's findings (its inline suppressions applied), the notices of the languages it
    was checked in, and the reader's notices about the file itself, without its name."""

    findings: list[Finding]
    notices: list[str]
    file_notices: list[str]


def lint_document(
    engine: Engine,
    path: str,
    display: str | None = None,
    data: bytes | None = None,
    checks: Sequence[DocumentCheck] = (),
) -> FileLint:
    """One file linted; ``data`` are its bytes when they do not come from ``path`` (standard
    input, a string); ``checks`` are document checks for this file only, besides the engine's.
    A low-confidence reader notice marks every finding ``confidence: low``."""
    stream = None if data is None else io.BytesIO(data)
    read_notices: list[Notice] = []
    segments = read_segments(path, stream, read_notices)
    linted = engine.lint(display or path, segments, checks)
    findings = _once_per_place(linted.findings)
    if any(notice.low_confidence for notice in read_notices):
        for finding in findings:
            finding.extra["confidence"] = "low"
    known = known_names(engine.ruleset)
    aliases = engine.ruleset.aliases()
    findings = apply_suppressions(findings, path, known, aliases, display=display, data=data)
    return FileLint(findings, linted.notices, [notice.message for notice in read_notices])


def lint_file(
    engine: Engine,
    path: str,
    display: str | None = None,
    data: bytes | None = None,
) -> list[Finding]:
    """One file's findings, as ``lint_document`` gives them."""
    return lint_document(engine, path, display, data).findings


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
    severity the config gives it. Only the findings' languages are looked at: the others'
    rules need not be loaded."""
    rules: dict[str, RuleInfo] = {}
    for finding in findings:
        if finding.rule_id in rules:
            continue
        entry = describe(engine.ruleset, finding.rule_id, finding.lang)
        if entry is None:
            continue
        written = entry.variants[0] if entry.variants else entry
        rules[entry.id] = RuleInfo(
            entry.id,
            entry.category,
            engine.policy.severity_of(entry),
            written.explanation,
            written.suggestion,
        )
    return rules
