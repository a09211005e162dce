"""One file's outcome (findings, the notices its languages raised, the reader's notices, its
numeric statements for the cross-file consistency check), computed by ``lint_one`` in this
process or a worker, and its plain form: what travels between processes and what the cache
keeps."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from promiselint.checks.consistency import ConsistencyCheck, Statement
from promiselint.checks.rules import CONFLICT_RULE
from promiselint.engine import Engine
from promiselint.findings import Finding, Location
from promiselint.linting import lint_document


@dataclass
class FileOutcome:
    findings: list[Finding] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    path: str = ""  # the name the file's findings carry
    # What the reader said about the file, without its name (put in front when reported)
    file_notices: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class FileTask:
    """One input: ``path`` picks the reader (and is read unless ``data`` is given), ``display``
    is the name findings carry (``-`` for standard input)."""

    path: str
    display: str
    data: bytes | None = None


def lint_one(engine: Engine, task: FileTask, data: bytes | None) -> FileOutcome:
    """One file's outcome; raises ReadError."""
    # The file's numeric statements, for the consistency check's final stage (conflicts)
    consistency = ConsistencyCheck() if engine.policy.enabled(CONFLICT_RULE) else None
    display = task.display if task.display != task.path else None
    checks = [consistency] if consistency is not None else []
    linted = lint_document(engine, task.path, display, data, checks)
    statements = consistency.statements() if consistency is not None else []
    return FileOutcome(
        linted.findings, linted.notices, statements, file_notices=linted.file_notices
    )


def to_plain(outcome: FileOutcome) -> dict[str, Any]:
    """The outcome as JSON-ready dicts, without the file's path (it is put back on load)."""
    findings = [finding.to_dict() for finding in outcome.findings]
    statements = [dataclasses.asdict(statement) for statement in outcome.statements]
    for item in findings:
        del item["path"]
    for item in statements:
        del item["location"]["path"]
    return {
        "findings": findings,
        "notices": outcome.notices,
        "file_notices": outcome.file_notices,
        "statements": statements,
    }


def from_plain(plain: dict[str, Any], display: str) -> FileOutcome:
    return FileOutcome(
        findings=[Finding.from_dict({**item, "path": display}) for item in plain["findings"]],
        # A cache entry is shared by files with the same bytes: each notice names its own file
        notices=[
            *plain["notices"],
            *(f"{display}: {note}" for note in plain.get("file_notices", [])),
        ],
        statements=[
            Statement(**{**item, "location": Location(**{**item["location"], "path": display})})
            for item in plain.get("statements", [])
        ],
        path=display,
    )
