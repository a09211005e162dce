"""Inline suppressions: directives in the source of text formats switch rules off for some lines.

    <!-- promiselint: disable-next-line absolute.guarantee -->   (Markdown, HTML; MDX: {/* */})
    <!-- promiselint: disable delivery-commitment -- approved by legal -->
    ...
    <!-- promiselint: enable -->
    promiselint: disable-next-line                                 (.txt: any line holding it)

Names are rule ids (or their former ids, the registry's aliases) or categories, separated by
commas or spaces; none means every rule; text after
` -- ` is a free reason. `disable-next-line` covers its own line and the next line that is neither
blank nor another directive (so directives can be stacked); `disable` lasts until an `enable`
naming the same rule (or a bare `enable`), or to the end of the file. A finding is judged by the
line it starts on. The readers drop comments, so the raw lines are scanned here; .docx and .pdf
have no comments a writer could use, so they have no directives.
"""

from __future__ import annotations

import io
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from promiselint.documents.text import iter_lines
from promiselint.errors import ReadError
from promiselint.findings import CATEGORIES, Finding, Location, RuleInfo, Severity

# Where a directive may stand: inside a comment of the format, or anywhere on a .txt line.
_COMMENT = r"(?:<!--|\{/\*)\s*"
_SYNTAX = {
    **dict.fromkeys((".md", ".markdown", ".mdx", ".html", ".htm", ".xhtml"), _COMMENT),
    **dict.fromkeys((".txt", ".text"), r"\b"),
}
_DIRECTIVE = r"promiselint:\s*(?P<action>disable-next-line|disable|enable)(?![\w-])(?P<rest>.*)"
_END_OF_NAMES = re.compile(r"-->|\*/|\s--(?:\s|$)")
_NAME = re.compile(r"[^\s,]+")
_ALL = "*"

UNKNOWN_RULE = RuleInfo(
    id="suppression.unknown-rule",
    category="suppression",
    severity=Severity.warning,
    explanation=(
        "A promiselint directive names a rule id or category that does not exist, so it "
        "suppresses nothing (often a typo, or a rule that was renamed)."
    ),
    suggestion="Use an id from `promiselint rules` or a category name, or delete the directive.",
)
RULES = {UNKNOWN_RULE.id: UNKNOWN_RULE}


@dataclass(frozen=True)
class _Directive:
    line: int
    action: str
    names: tuple[tuple[str, int], ...]  # (name, 1-based column)
    source: str  # the line, quoted by a finding about the directive


@dataclass(frozen=True)
class _Span:
    """Findings of ``name`` starting on lines first..last (inclusive) are suppressed."""

    name: str
    first: int
    last: float


def _scan(lines: Iterable[str], prefix: str) -> Iterable[tuple[_Directive | None, str]]:
    pattern = re.compile(prefix + _DIRECTIVE)
    for number, line in enumerate(lines, start=1):
        match = pattern.search(line)
        if match is None:
            yield None, line
            continue
        rest = match.group("rest")
        end = _END_OF_NAMES.search(rest)
        names_part = rest[: end.start()] if end else rest
        offset = match.start("rest") + 1
        names = tuple((m.group(), offset + m.start()) for m in _NAME.finditer(names_part))
        yield _Directive(number, match.group("action"), names, line.strip()), line


def _spans(
    lines: Iterable[str], prefix: str, aliases: Mapping[str, str]
) -> tuple[list[_Span], list[_Directive]]:
    spans: list[_Span] = []
    directives: list[_Directive] = []
    open_since: dict[str, int] = {}
    pending: list[_Directive] = []  # disable-next-line directives still looking for their line
    for number, (directive, line) in enumerate(_scan(lines, prefix), start=1):
        if directive is None:
            if pending and line.strip():
                names = [name for d in pending for name in _names(d, aliases)]
                spans.extend(_Span(name, number, number) for name in names)
                pending = []
            continue
        directives.append(directive)
        names = _names(directive, aliases)
        if directive.action == "disable-next-line":
            spans.extend(_Span(name, number, number) for name in names)
            pending.append(directive)
        elif directive.action == "disable":
            for name in names:
                open_since.setdefault(name, number)
        else:
            closing = list(open_since) if not directive.names else names
            for name in closing:
                if name in open_since:
                    spans.append(_Span(name, open_since.pop(name), number))
    spans.extend(_Span(name, first, float("inf")) for name, first in open_since.items())
    return spans, directives


def _names(directive: _Directive, aliases: Mapping[str, str]) -> list[str]:
    """The rules a directive names, by their current ids."""
    return [aliases.get(name, name) for name, _ in directive.names] or [_ALL]


def _suppressed(finding: Finding, spans: list[_Span]) -> bool:
    line = finding.location.line
    names = {_ALL, finding.rule_id, finding.category}
    return any(span.name in names and span.first <= line <= span.last for span in spans)


def _unknown_names(
    directives: list[_Directive], known: Collection[str], display: str
) -> list[Finding]:
    findings = []
    for directive in directives:
        for name, column in directive.names:
            if name in known or name in CATEGORIES:
                continue
            findings.append(
                Finding(
                    rule_id=UNKNOWN_RULE.id,
                    category=UNKNOWN_RULE.category,
                    severity=UNKNOWN_RULE.severity,
                    message=f"unknown rule id or category {name!r} in a promiselint directive",
                    text=name,
                    sentence=directive.source,
                    lang="und",
                    suggestion=UNKNOWN_RULE.suggestion,
                    location=Location(
                        display, directive.line, column, directive.line, column + len(name)
                    ),
                )
            )
    return findings


def apply_suppressions(
    findings: list[Finding],
    path: str,
    known: Collection[str],
    aliases: Mapping[str, str] | None = None,
    *,
    display: str | None = None,
    data: bytes | None = None,
) -> list[Finding]:
    """``findings`` of one file without the suppressed ones, plus a finding for every directive
    naming an unknown rule; ``known`` holds every id and former id, ``aliases`` maps a former id to
    the rule's id. ``path`` picks the syntax (and is read unless ``data`` is given);
    ``display`` is the path findings report."""
    prefix = _SYNTAX.get(Path(path).suffix.lower())
    if prefix is None:
        return findings
    try:
        if data is None:
            data = Path(path).read_bytes()
    except OSError as exc:
        raise ReadError(exc.strerror or str(exc)) from None
    if b"promiselint:" not in data:  # the common case: no directives, no decoding
        return findings
    spans, directives = _spans(iter_lines(io.BytesIO(data)), prefix, aliases or {})
    kept = [finding for finding in findings if not _suppressed(finding, spans)]
    unknown = _unknown_names(directives, known, display or path)
    return sorted(kept + unknown, key=Finding.sort_key) if unknown else kept
