"""SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.

Paths inside the current directory become URIs relative to %SRCROOT% (the current directory, which
is the repository root in CI); others become absolute file: URIs. Columns count Unicode code points
(`columnKind`), as promiselint's do. PDFs and Word files have no lines a viewer could show, so
their page, paragraph and part of the document also go into the result's `properties`, the
region's message and a logical location. Each result carries a fingerprint built like a baseline
key (rule, file, sentence, match), so a viewer can follow a finding when lines move.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import quote

from promiselint import __version__
from promiselint.findings import Finding, LintResult, RuleInfo, Severity

from . import FormatOptions, relative_path

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVELS = {Severity.error: "error", Severity.warning: "warning", Severity.info: "note"}
_SRCROOT = "%SRCROOT%"
_SENTENCE_END = re.compile(r"(?<=[.!?])\s")


def _artifact(path: str) -> dict[str, str]:
    return dict(_artifact_of(relative_path(path)))


@functools.lru_cache(maxsize=4096)  # a report names each file once per finding in it
def _artifact_of(shown: str) -> dict[str, str]:
    if Path(shown).is_absolute():
        return {"uri": Path(shown).as_uri()}
    return {"uri": quote(shown), "uriBaseId": _SRCROOT}


def _rule_name(rule_id: str) -> str:
    """A readable identifier, as SARIF wants for `name`: absolute.guarantee -> AbsoluteGuarantee."""
    return "".join(part.capitalize() for part in re.split(r"[^0-9A-Za-z]+", rule_id))


def _descriptor(rule_id: str, info: RuleInfo | None, example: Finding) -> dict[str, Any]:
    if info is None:  # a result built without rule metadata: describe the rule by its message
        info = RuleInfo(
            rule_id, example.category, example.severity, example.message, example.suggestion
        )
    explanation = " ".join(info.explanation.split())
    return {
        "id": rule_id,
        "name": _rule_name(rule_id),
        "shortDescription": {"text": _SENTENCE_END.split(explanation, maxsplit=1)[0]},
        "fullDescription": {"text": explanation},
        "help": {"text": info.suggestion or explanation},
        "defaultConfiguration": {"level": _LEVELS[info.severity]},
        "properties": {"category": info.category, "tags": [info.category]},
    }


def _place(finding: Finding) -> dict[str, Any]:
    loc = finding.location
    return {
        key: value
        for key, value in (("page", loc.page), ("paragraph", loc.paragraph), ("where", loc.where))
        if value is not None
    }


def _location(finding: Finding, place: dict[str, Any]) -> dict[str, Any]:
    loc = finding.location
    region: dict[str, Any] = {
        "startLine": loc.line,
        "startColumn": loc.column,
        "endLine": loc.end_line,
        "endColumn": loc.end_column,
    }
    location: dict[str, Any] = {
        "physicalLocation": {"artifactLocation": _artifact(loc.path), "region": region},
    }
    if place:
        words = ", ".join(
            f"{key} {value}" if key != "where" else str(value) for key, value in place.items()
        )
        region["message"] = {"text": words}
        location["logicalLocations"] = [{"name": words, "kind": "element"}]
    return location


def _fingerprint(finding: Finding, occurrence: int) -> str:
    key = "\0".join(
        (
            finding.rule_id,
            relative_path(finding.location.path),
            finding.sentence,
            finding.text,
            str(occurrence),
        )
    )
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def render(result: LintResult, options: FormatOptions) -> str:
    rule_index: dict[str, int] = {}
    rules: list[dict[str, Any]] = []
    results: list[dict[str, Any]] = []
    seen: Counter[tuple[str, str, str, str]] = Counter()
    for finding in result.findings:
        if finding.rule_id not in rule_index:
            rule_index[finding.rule_id] = len(rules)
            rules.append(_descriptor(finding.rule_id, result.rules.get(finding.rule_id), finding))
        key = (finding.rule_id, finding.location.path, finding.sentence, finding.text)
        seen[key] += 1
        place = _place(finding)
        results.append(
            {
                "ruleId": finding.rule_id,
                "ruleIndex": rule_index[finding.rule_id],
                "level": _LEVELS[finding.severity],
                "message": {"text": finding.message},
                "locations": [_location(finding, place)],
                "partialFingerprints": {"promiselintMatch/v1": _fingerprint(finding, seen[key])},
                "properties": {
                    "category": finding.category,
                    "lang": finding.lang,
                    "match": finding.text,
                    **place,
                },
            }
        )
    notifications = [
        {
            "level": "error",
            "message": {"text": error.message},
            "locations": [{"physicalLocation": {"artifactLocation": _artifact(error.path)}}],
        }
        for error in result.errors
    ] + [{"level": "note", "message": {"text": notice}} for notice in result.notices]
    run = {
        "tool": {
            "driver": {
                "name": "promiselint",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": rules,
            }
        },
        "invocations": [
            {
                "executionSuccessful": not result.errors,
                "toolExecutionNotifications": notifications,
            }
        ],
        "originalUriBaseIds": {_SRCROOT: {"uri": Path.cwd().as_uri().rstrip("/") + "/"}},
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    document = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
