"""Compiling one language's rules into spaCy matchers, by rule kind (token patterns, phrase
lists, dependency patterns), never by individual rule. Token patterns are gated by their anchor
(ruleset/prefilter.py): a Matcher runs only near the tokens a match must contain.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from promiselint.errors import RuleError
from promiselint.nlp import Pipeline
from promiselint.ruleset.model import CueSet, Rule
from promiselint.ruleset.prefilter import Anchors, Group, Spans, pattern_gate
from promiselint.spans import longest_first

if TYPE_CHECKING:
    from spacy.tokens import Doc


@dataclass(frozen=True)
class RuleMatch:
    rule: Rule
    start: int  # token index
    end: int


class _MatcherSet:
    """Token Matchers (one per anchor, one for the patterns that always run), a PhraseMatcher,
    and a DependencyMatcher when there is a parser, all in one key space; ``find`` returns
    token spans by key. ``prefilter=False`` runs every token pattern on the whole doc (the
    tests compare both ways)."""

    def __init__(self, pipeline: Pipeline, anchors: Anchors, prefilter: bool = True) -> None:
        from spacy.matcher import DependencyMatcher, Matcher, PhraseMatcher

        self._pipeline = pipeline
        self._prefilter = prefilter
        vocab = pipeline.nlp.vocab
        # The loader has validated every pattern already (with spaCy's own schema).
        self._new_matcher = lambda: Matcher(vocab)
        self._always = self._new_matcher()
        self._groups: dict[int, Group] = {}  # by anchor number
        self._anchors = anchors
        self._stop_words = frozenset(pipeline.nlp.Defaults.stop_words)
        # NORM: lower case, plus each language's normalisation (curly apostrophes, Arabic letter
        # variants...), applied alike to the phrase and to the text.
        self._phrases = PhraseMatcher(vocab, attr="NORM")
        self._dependencies = (
            DependencyMatcher(vocab, validate=True) if pipeline.has_parser else None
        )

    def add(
        self,
        key: str,
        patterns: list | None = None,
        phrases: Iterable[str] = (),
        dependency_patterns: list | None = None,
    ) -> None:
        if patterns:
            self._add_patterns(key, patterns)
        phrases = list(phrases)
        if phrases:
            self._phrases.add(key, list(self._pipeline.nlp.pipe(phrases)))
        if dependency_patterns and self._dependencies is not None:
            self._dependencies.add(key, dependency_patterns)

    def _add_patterns(self, key: str, patterns: list) -> None:
        for pattern in patterns:
            gated = pattern_gate(pattern, self._stop_words) if self._prefilter else None
            if gated is None:
                self._always.add(key, [pattern])
                continue
            anchor, gate = gated
            number = self._anchors.add(anchor)
            group = self._groups.get(number)
            if group is None:
                group = self._groups[number] = Group(number, self._new_matcher())
            group.matcher.add(key, [pattern])
            group.gates[gate] = tuple(self._anchors.add(a) for a in gate.companions)

    def find(self, doc: Doc) -> dict[str, Spans]:
        """Token spans by key."""
        found: dict[str, Spans] = defaultdict(list)
        strings = self._pipeline.nlp.vocab.strings
        # len() counts rules: calling an empty matcher only makes spaCy warn.
        for matcher in (self._phrases, self._dependencies):
            if matcher is not None and len(matcher):
                for key, start, end in _spans_of(matcher, doc):
                    found[strings[key]].append((start, end))
        if len(self._always):
            _scan(self._always, doc, 0, len(doc), found)
        if self._groups:
            positions = self._anchors.positions(doc)
            for number in sorted(positions.keys() & self._groups.keys()):
                group = self._groups[number]
                for first, last in group.windows(positions, len(doc)):
                    _scan(group.matcher, doc, first, last, found)
        return found


def _spans_of(matcher: Any, doc: Doc) -> Iterable[tuple[int, int, int]]:
    """(key, start, end) of a PhraseMatcher's or DependencyMatcher's matches in ``doc``."""
    for key, *where in matcher(doc):
        if len(where) == 1:  # a DependencyMatcher gives the matched token indices
            yield key, min(where[0]), max(where[0]) + 1
        else:
            yield key, where[0], where[1]


def _scan(matcher: Any, doc: Doc, first: int, last: int, found: dict[str, Spans]) -> None:
    """Run a token Matcher on doc[first:last], adding its matches to ``found`` by key."""
    strings = doc.vocab.strings
    doclike = doc if (first, last) == (0, len(doc)) else doc[first:last]
    for key, start, end in matcher(doclike):
        found[strings[key]].append((first + start, first + end))


class CompiledRules:
    """One language's enabled rules, exclusions and context cues, ready to run on docs."""

    def __init__(
        self,
        pipeline: Pipeline,
        rules: Iterable[Rule],
        cues: dict[str, CueSet],
        prefilter: bool = True,
    ) -> None:
        self.pipeline = pipeline
        self.rules = {rule.id: rule for rule in rules}
        self.cues = cues
        anchors = Anchors(pipeline.nlp.vocab)
        self._rule_matchers = _MatcherSet(pipeline, anchors, prefilter)
        self._context_matchers = _MatcherSet(pipeline, anchors, prefilter)
        self._last_context: tuple[Doc, dict[str, Spans]] | None = None
        for rule in self.rules.values():
            self._compile(
                f"{rule.source}: rule {rule.id!r}", functools.partial(self._add_rule, rule)
            )
        for cue in cues.values():
            self._compile(
                f"{pipeline.name}: context cue {cue.name!r}",
                functools.partial(
                    self._context_matchers.add, f"cue:{cue.name}", cue.patterns, cue.phrases
                ),
            )

    def _add_rule(self, rule: Rule) -> None:
        self._rule_matchers.add(rule.id, rule.patterns, rule.phrases, rule.dependency_patterns)
        self._context_matchers.add(
            f"exclude:{rule.id}", rule.exclude_patterns, rule.exclude_phrases
        )
        for matchers, patterns, key in (
            (self._rule_matchers, rule.patterns, rule.id),
            (self._context_matchers, rule.exclude_patterns, f"exclude:{rule.id}"),
        ):
            open_ended = [p for p in map(_without_trailing_negatives, patterns) if p]
            if open_ended:
                matchers.add(_AT_END + key, open_ended, [])

    @staticmethod
    def _compile(subject: str, add: Callable[[], None]) -> None:
        try:
            add()
        except (ValueError, KeyError, TypeError) as exc:  # spaCy's MatchPatternError: ValueError
            detail = " ".join(str(exc).split())
            raise RuleError(f"{subject}: invalid pattern: {detail}") from None

    @property
    def skipped_for_parser(self) -> list[str]:
        if self.pipeline.has_parser:
            return []
        return sorted(rule.id for rule in self.rules.values() if rule.needs_parser)

    def matches(self, doc: Doc) -> list[RuleMatch]:
        found = _fold_at_end(self._rule_matchers.find(doc), len(doc))
        return [
            RuleMatch(self.rules[rule_id], start, end)
            for rule_id, spans in found.items()
            for start, end in longest_first(spans)
        ]

    def context(self, doc: Doc) -> dict[str, Spans]:
        """Cue spans by cue name ("cue:hedge") and exclusion spans by rule ("exclude:<id>").
        Found once per doc: the engine, the lead-in of a list, the fact checks and the
        consistency check all ask for the same doc's."""
        if self._last_context is None or self._last_context[0] is not doc:
            found = _fold_at_end(self._context_matchers.find(doc), len(doc))
            self._last_context = (doc, found)
        return self._last_context[1]


# A pattern that ends in "any token but these" ("in the" + not "making", "zero downtime" + not
# "fees") also matches where the text stops before that token: nothing follows, so none of the
# words it rules out follows. Its shorter form is kept under this prefix and counts at the end only.
_AT_END = "at-end:"


def _fold_at_end(found: dict[str, Spans], length: int) -> dict[str, Spans]:
    for key in [key for key in found if key.startswith(_AT_END)]:
        at_end = [span for span in found.pop(key) if span[1] == length]
        if at_end:
            found[key.removeprefix(_AT_END)].extend(at_end)
    return found


def _negative_only(token: dict[str, Any]) -> bool:
    """True for a token that excludes words and requires none ({LOWER: {NOT_IN: [...]}})."""
    return "OP" not in token and all(
        isinstance(value, dict) and set(value) == {"NOT_IN"} for value in token.values()
    )


def _without_trailing_negatives(pattern: list[dict[str, Any]]) -> list[dict[str, Any]] | None:
    """``pattern`` without its trailing negative-only tokens, or None when it has none (or
    nothing else)."""
    end = len(pattern)
    while end and _negative_only(pattern[end - 1]):
        end -= 1
    return pattern[:end] if 0 < end < len(pattern) else None
