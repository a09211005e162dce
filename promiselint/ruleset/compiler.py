"""Compiling one language's rules into spaCy matchers, by rule kind (token patterns, phrase
lists, dependency patterns), never by individual rule."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from spacy.matcher import DependencyMatcher, Matcher, PhraseMatcher
from spacy.tokens import Doc

from promiselint.errors import RuleError
from promiselint.nlp import Pipeline
from promiselint.ruleset.model import CueSet, Rule

Spans = list[tuple[int, int]]


@dataclass(frozen=True)
class RuleMatch:
    rule: Rule
    start: int  # token index
    end: int


class _MatcherSet:
    """A token Matcher and a PhraseMatcher (and a DependencyMatcher when there is a parser)
    sharing one key space; ``find`` returns token spans by key."""

    def __init__(self, pipeline: Pipeline) -> None:
        self._pipeline = pipeline
        vocab = pipeline.nlp.vocab
        self._tokens = Matcher(vocab, validate=True)
        # NORM: lower case, plus each language's normalisation (curly apostrophes, Arabic letter
        # variants...), applied alike to the phrase and to the text.
        self._phrases = PhraseMatcher(vocab, attr="NORM")
        self._dependencies = DependencyMatcher(vocab, validate=True) if pipeline.has_parser else None

    def add(
        self,
        key: str,
        patterns: list | None = None,
        phrases: Iterable[str] = (),
        dependency_patterns: list | None = None,
    ) -> None:
        if patterns:
            self._tokens.add(key, patterns)
        phrases = list(phrases)
        if phrases:
            self._phrases.add(key, list(self._pipeline.nlp.pipe(phrases)))
        if dependency_patterns and self._dependencies is not None:
            self._dependencies.add(key, dependency_patterns)

    def find(self, doc: Doc | object) -> dict[str, Spans]:
        found: dict[str, Spans] = defaultdict(list)
        strings = self._pipeline.nlp.vocab.strings
        # len() counts rules: calling an empty matcher only makes spaCy warn.
        for matcher in (self._tokens, self._phrases):
            if len(matcher):
                for key, start, end in matcher(doc):
                    found[strings[key]].append((start, end))
        if self._dependencies is not None and len(self._dependencies):
            for key, token_ids in self._dependencies(doc):
                found[strings[key]].append((min(token_ids), max(token_ids) + 1))
        return found


def _longest_first(spans: Spans) -> Spans:
    """Non-overlapping spans, preferring the longest (and then the earliest)."""
    kept: Spans = []
    for start, end in sorted(set(spans), key=lambda span: (span[0] - span[1], span[0])):
        if all(end <= other_start or start >= other_end for other_start, other_end in kept):
            kept.append((start, end))
    return sorted(kept)


class CompiledRules:
    """One language's enabled rules, exclusions and context cues, ready to run on docs."""

    def __init__(self, pipeline: Pipeline, rules: Iterable[Rule], cues: dict[str, CueSet]) -> None:
        self.pipeline = pipeline
        self.rules = {rule.id: rule for rule in rules}
        self.cues = cues
        self._rule_matchers = _MatcherSet(pipeline)
        self._context_matchers = _MatcherSet(pipeline)
        for rule in self.rules.values():
            self._compile(f"{rule.source}: rule {rule.id!r}", lambda r=rule: self._add_rule(r))
        for cue in cues.values():
            self._compile(
                f"{pipeline.name}: context cue {cue.name!r}",
                lambda c=cue: self._context_matchers.add(f"cue:{c.name}", c.patterns, c.phrases),
            )

    def _add_rule(self, rule: Rule) -> None:
        self._rule_matchers.add(rule.id, rule.patterns, rule.phrases, rule.dependency_patterns)
        self._context_matchers.add(f"exclude:{rule.id}", rule.exclude_patterns, rule.exclude_phrases)

    @staticmethod
    def _compile(subject: str, add: Callable[[], None]) -> None:
        try:
            add()
        except (ValueError, KeyError, TypeError) as exc:  # spaCy's MatchPatternError is a ValueError
            detail = " ".join(str(exc).split())
            raise RuleError(f"{subject}: invalid pattern: {detail}") from None

    @property
    def skipped_for_parser(self) -> list[str]:
        if self.pipeline.has_parser:
            return []
        return sorted(rule.id for rule in self.rules.values() if rule.needs_parser)

    def matches(self, doc: Doc) -> list[RuleMatch]:
        found = self._rule_matchers.find(doc)
        return [
            RuleMatch(self.rules[rule_id], start, end)
            for rule_id, spans in found.items()
            for start, end in _longest_first(spans)
        ]

    def context(self, doc: Doc) -> dict[str, Spans]:
        """Cue spans by cue name ("cue:hedge") and exclusion spans by rule ("exclude:<id>")."""
        return self._context_matchers.find(doc)
