"""Baselines: record today's findings once, then report only the new ones.

A finding is known by its rule id, its file (relative to the baseline file's folder, so the
baseline works whatever the current directory) and the matched text with its sentence; never by
line numbers, so edits elsewhere in a file do not bring baselined findings back. Rewording the
sentence does, on purpose: the new wording deserves a look. The same promise twice in one file
is counted, so a third copy is new.

The file is JSON, one entry per (file, rule, sentence, text) with a count, sorted, so that a
pull request adding or fixing findings shows them as small diffs.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Mapping
from pathlib import Path

from promiselint.errors import PromiselintError
from promiselint.findings import Finding

FORMAT_VERSION = 1
_FIELDS = ("path", "rule_id", "sentence", "text")
Key = tuple[str, str, str, str]  # in _FIELDS order, which is also the file's sort order


class BaselineError(PromiselintError):
    """A baseline file is missing, unreadable or not a baseline (exit code 2)."""


def _relative(path: str, root: Path) -> str:
    if path == "-":  # standard input has no place on disk
        return path
    try:
        return Path(os.path.relpath(Path(path).resolve(), root)).as_posix()
    except ValueError:  # another drive
        return Path(path).resolve().as_posix()


def _key(finding: Finding, root: Path) -> Key:
    return (_relative(finding.location.path, root), finding.rule_id, finding.sentence, finding.text)


class Baseline:
    def __init__(self, known: Counter[Key], root: Path) -> None:
        self.known = known
        self.root = root

    def new_findings(
        self, findings: list[Finding], aliases: Mapping[str, str] | None = None
    ) -> list[Finding]:
        """``findings`` without the recorded ones (an entry absorbs ``count`` of them). An entry
        recorded under a rule's former id (``aliases``: former id -> id) counts as the rule's."""
        left: Counter[Key] = Counter()
        for (path, rule_id, sentence, text), count in self.known.items():
            left[(path, (aliases or {}).get(rule_id, rule_id), sentence, text)] += count
        new = []
        for finding in findings:
            key = _key(finding, self.root)
            if left[key] > 0:
                left[key] -= 1
            else:
                new.append(finding)
        return new


def save_baseline(path: Path, findings: list[Finding]) -> int:
    """Record ``findings`` in ``path`` (replacing it); returns how many were recorded."""
    root = path.resolve().parent
    counts = Counter(_key(finding, root) for finding in findings)
    entries = [
        {**dict(zip(_FIELDS, key, strict=True)), "count": counts[key]} for key in sorted(counts)
    ]
    document = {"promiselint_baseline": FORMAT_VERSION, "findings": entries}
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    partial = path.with_name(path.name + ".tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, path)  # a reader never sees half a baseline
    except OSError as exc:
        raise BaselineError(f"{path}: cannot write baseline: {exc.strerror or exc}") from None
    return len(findings)


def load_baseline(path: Path) -> Baseline:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BaselineError(
            f"{path}: baseline not found (create it with --write-baseline)"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8"
        raise BaselineError(f"{path}: cannot read baseline: {reason}") from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BaselineError(f"{path}: corrupt baseline: {exc.msg} at line {exc.lineno}") from None
    return Baseline(_parse(document, path), path.resolve().parent)


def _parse(document: object, path: Path) -> Counter[Key]:
    if not isinstance(document, dict) or document.get("promiselint_baseline") != FORMAT_VERSION:
        raise BaselineError(
            f"{path}: not a promiselint baseline (version {FORMAT_VERSION}); "
            "rewrite it with --write-baseline"
        )
    entries = document.get("findings")
    if not isinstance(entries, list):
        raise BaselineError(f"{path}: corrupt baseline: 'findings' must be a list")
    known: Counter[Key] = Counter()
    for number, entry in enumerate(entries, start=1):
        valid = (
            isinstance(entry, dict)
            and all(isinstance(entry.get(name), str) for name in _FIELDS)
            and type(entry.get("count")) is int
            and entry["count"] >= 1
        )
        if not valid:
            raise BaselineError(
                f"{path}: corrupt baseline: entry {number} needs string "
                f"{', '.join(_FIELDS)} and a positive integer count"
            )
        known[tuple(entry[name] for name in _FIELDS)] += entry["count"]
    return known
