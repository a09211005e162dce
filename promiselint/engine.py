"""The engine: segments in, findings out.

Segments are grouped by language and run through that language's pipeline in batches; the
compiled rules find matches, the document checks (promiselint/checks/) see each parsed segment
and may drop matches, the context checks judge the rest, and what survives becomes a Finding;
the document checks add their own findings when the document is done.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from promiselint.checks import DocumentCheck, Parsed, fill, finding_at
from promiselint.context import is_list_item, judge, negated_lead_in
from promiselint.detection import LanguageChooser
from promiselint.documents.base import Segment
from promiselint.findings import Finding, Severity
from promiselint.pieces import in_pieces
from promiselint.policy import RulePolicy
from promiselint.ruleset.model import Ruleset
from promiselint.timings import stage, timed

# spaCy is imported when a language is first compiled, not with this module: a run whose files
# all hit the cache (and `rules`, `explain`) never pays for it.
if TYPE_CHECKING:
    from promiselint.ruleset.compiler import CompiledRules, RuleMatch

_BATCH = 256


def _strongest_per_category(
    judged: list[tuple[RuleMatch, Severity, str]],
) -> list[tuple[RuleMatch, Severity, str]]:
    """One finding per category for one phrase: "will soon support" is one feature promise, not
    one from each rule that matched it, and "100% satisfaction" + "guarantee" side by side are
    one absolute claim. Matches of a category that overlap or touch merge into the most severe,
    then longest, which then spans them all."""
    kept: list[tuple[RuleMatch, Severity, str]] = []
    for group in _touching_groups(judged):
        kept.extend(_merge_touching(group))
    return sorted(kept, key=lambda item: (item[0].start, item[0].rule.id))


def _touching_groups(
    judged: list[tuple[RuleMatch, Severity, str]],
) -> Iterator[list[tuple[RuleMatch, Severity, str]]]:
    """The matches of each category in runs that overlap or touch one another: only matches of
    one run can merge, so a long text's many findings are not each compared with all others."""
    by_category: dict[str, list[tuple[RuleMatch, Severity, str]]] = {}
    for item in judged:
        by_category.setdefault(item[0].rule.category, []).append(item)
    for items in by_category.values():
        items.sort(key=lambda item: item[0].start)
        group = [items[0]]
        reach = items[0][0].end
        for item in items[1:]:
            if item[0].start > reach:
                yield group
                group = []
            group.append(item)
            reach = max(reach, item[0].end)
        yield group


def _merge_touching(
    judged: list[tuple[RuleMatch, Severity, str]],
) -> list[tuple[RuleMatch, Severity, str]]:
    ranked = sorted(judged, key=lambda item: (-item[1], item[0].start - item[0].end, item[0].start))
    kept: list[tuple[RuleMatch, Severity, str]] = []
    for match, severity, softened in ranked:
        for number, (other, other_severity, other_softened) in enumerate(kept):
            if (
                other.rule.category == match.rule.category
                and match.start <= other.end
                and other.start <= match.end
            ):
                kept[number] = (
                    replace(
                        other, start=min(other.start, match.start), end=max(other.end, match.end)
                    ),
                    other_severity,
                    other_softened,
                )
                break
        else:
            kept.append((match, severity, softened))
    return kept


@dataclass
class DocumentLint:
    """What linting one document gives: its findings in document order, the languages it was
    checked in, and the notices those languages raised (no rules, rules skipped)."""

    findings: list[Finding]
    languages: list[str]
    notices: list[str]


class Engine:
    def __init__(
        self,
        ruleset: Ruleset,
        policy: RulePolicy | None = None,
        language: str | None = None,
        pipelines: dict[str, str] | None = None,
        checks: Sequence[DocumentCheck] = (),
    ) -> None:
        self.ruleset = ruleset
        self.policy = policy or RulePolicy()
        self.pipelines = pipelines or {}
        self.chooser = LanguageChooser(language, set(ruleset.languages))
        # What compiling each language raised (no rules, rules skipped): a document's result
        # carries its languages' notices, so that a file's cache entry keeps its own.
        self._notices: dict[str, list[str]] = {}
        self._compiled: dict[str, CompiledRules | None] = {}
        self.checks = tuple(checks)  # document checks for every document (the product facts)

    def compiled(self, lang: str) -> CompiledRules | None:
        """The compiled rules for ``lang`` (built once), or None when it has no rules."""
        if lang not in self._compiled:
            self._notices[lang] = []
            self._compiled[lang] = self._compile(lang, self._notices[lang])
        return self._compiled[lang]

    def _compile(self, lang: str, notices: list[str]) -> CompiledRules | None:
        language = self.ruleset.languages.get(lang)
        if language is None or not language.rules:
            notices.append(
                f"no rules for language {lang!r}: text detected as {lang!r} was not checked "
                f"(rules exist for: {', '.join(sorted(self.ruleset.languages))})"
            )
            return None
        from promiselint.nlp import build_pipeline, import_spacy
        from promiselint.ruleset.compiler import CompiledRules

        # spaCy is imported here only: a document with nothing to check never needs it.
        with stage("spaCy import"):
            import_spacy()
        with stage("pipeline"):
            pipeline = build_pipeline(lang, self.pipelines.get(lang))
        rules = [rule for rule in language.rules.values() if self.policy.enabled(rule)]
        with stage("matchers"):
            compiled = CompiledRules(pipeline, rules, language.cues)
        skipped = compiled.skipped_for_parser
        if skipped:
            notices.append(
                f"{len(skipped)} {lang} rule(s) need a parser and were skipped "
                f"({', '.join(skipped)}); set `pipelines: {{{lang}: <trained spaCy package>}}` "
                "in the config to enable them"
            )
        return compiled

    def lint(
        self, path: str, segments: Iterable[Segment], checks: Sequence[DocumentCheck] = ()
    ) -> DocumentLint:
        """One document's findings in document order, its languages and their notices.
        ``checks`` are document checks for this document only, after the engine's own (the
        consistency check, which keeps each file's statements)."""
        every_check = (*self.checks, *checks)
        with stage("linting"):
            try:
                findings, languages = self._lint_document(path, segments, every_check)
            finally:  # also when reading fails: no check keeps a document's state for the next
                done = [finding for check in every_check for finding in check.finish()]
        findings.extend(done)
        findings.sort(key=Finding.sort_key)
        notices = [note for lang in languages for note in self._notices.get(lang, [])]
        return DocumentLint(findings, languages, notices)

    def _lint_document(
        self, path: str, segments: Iterable[Segment], checks: Sequence[DocumentCheck]
    ) -> tuple[list[Finding], list[str]]:
        findings: list[Finding] = []
        batches: dict[str, list[Segment]] = {}
        assigned = self.chooser.assign(in_pieces(timed("reading", segments)))
        for segment, lang in timed("detection", assigned):
            batch = batches.get(lang)
            if batch is None:
                # Compiled when first met, not at its first batch: a first run builds the rules
                # and pipeline while the detection model, which later text may need, is still
                # being unpacked on a thread (detection/model.py). It is built either way.
                self.compiled(lang)
                batch = batches[lang] = []
            batch.append(segment)
            if len(batch) >= _BATCH:
                findings.extend(self._lint_batch(path, lang, batch, checks))
                batches[lang] = []
        for lang, batch in batches.items():
            findings.extend(self._lint_batch(path, lang, batch, checks))
        return findings, list(batches)

    def _lint_batch(
        self, path: str, lang: str, segments: list[Segment], checks: Sequence[DocumentCheck]
    ) -> Iterator[Finding]:
        compiled = self.compiled(lang)
        if compiled is None or not segments:
            return
        docs = compiled.pipeline.nlp.pipe(segment.text for segment in segments)
        words = self.ruleset.languages[lang].words
        lead_in: str | None = None  # the negation of a lead-in ("We do not offer:") above a list
        previous: Segment | None = None
        for segment, doc in zip(segments, docs, strict=True):
            parsed = Parsed(path, lang, segment, doc, compiled, words)
            matches = compiled.matches(doc)
            for check in checks:
                matches = check.observe(parsed, matches)
            governed = previous is not None and is_list_item(doc, segment, previous)
            lead_in = lead_in if governed else None
            yield from self._findings(parsed, matches, lead_in)
            if len(doc) and doc[-1].text == ":":
                lead_in = negated_lead_in(doc, compiled.context(doc))
            previous = segment

    def _findings(
        self, parsed: Parsed, matches: list[RuleMatch], lead_in: str | None = None
    ) -> Iterator[Finding]:
        if not matches:
            return
        doc, compiled = parsed.doc, parsed.compiled
        context = compiled.context(doc)
        judged = []
        for match in matches:
            verdict = judge(match, doc, compiled.cues, context, lead_in, parsed.segment.date)
            if verdict.action == "drop":
                continue
            severity = self.policy.severity_of(match.rule)
            softened = ""
            if verdict.action == "downgrade":
                severity = severity.lowered()
                softened = f" (softened by {verdict.cue}: '{verdict.cue_text}')"
            judged.append((match, severity, softened))
        for match, severity, softened in _strongest_per_category(judged):
            message = fill(match.rule.message, {"match": doc[match.start : match.end].text})
            yield finding_at(parsed, match, severity, message + softened, match.rule.suggestion)
