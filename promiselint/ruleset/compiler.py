"""Compiling one language's rules into spaCy matchers, by rule kind (token patterns, phrase
lists, dependency patterns), never by individual rule.

spaCy's token Matcher costs about a microsecond per token per pattern (IN and REGEX values
are Python predicates) and has no index on the first token. So every token pattern gets, by its
shape alone, an *anchor*: a required token's literal values (ORTH/TEXT, LOWER, NORM, LEMMA
strings or IN lists) or its REGEX. Patterns with the same anchor share a Matcher, which runs
only where its anchor occurs, on the tokens around it that a match of its longest pattern could
reach. A pattern without an anchor runs on every whole doc. The anchors are looked up in one
pass over the doc's attribute arrays; the matches are the same as without any of this.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from promiselint.errors import RuleError
from promiselint.nlp import Pipeline
from promiselint.ruleset.model import CueSet, Rule

if TYPE_CHECKING:
    from spacy.tokens import Doc

Spans = list[tuple[int, int]]
# The attributes an anchor may test, as the Matcher names them (TEXT is ORTH).
_ANCHOR_ATTRS = {"ORTH": "ORTH", "TEXT": "ORTH", "LOWER": "LOWER", "NORM": "NORM", "LEMMA": "LEMMA"}
_QUANTIFIER = re.compile(r"\{(\d*),?(\d*)\}")
_REGEX_COST = 50  # a REGEX anchor is used only when no required token has literal values


@dataclass(frozen=True)
class RuleMatch:
    rule: Rule
    start: int  # token index
    end: int


@dataclass(frozen=True)
class _Anchor:
    attr: str
    values: frozenset[str] = frozenset()
    regex: str | None = None


def _required(token: dict[str, Any]) -> bool:
    """True when every match includes this token (OP absent, "+", "{n}", "{n,m}" with n > 0)."""
    op = token.get("OP", "1")
    if op in ("1", "+"):
        return True
    quantifier = _QUANTIFIER.fullmatch(str(op))
    return bool(quantifier and quantifier.group(1) and int(quantifier.group(1)) > 0)


def _max_length(pattern: list[dict[str, Any]]) -> int | None:
    """The most tokens a match of ``pattern`` can span; None when unbounded ("*", "+")."""
    total = 0
    for token in pattern:
        op = str(token.get("OP", "1"))
        if op in ("*", "+"):
            return None
        quantifier = _QUANTIFIER.fullmatch(op)
        if quantifier:
            if not quantifier.group(2) and "," in op:
                return None
            total += int(quantifier.group(2) or quantifier.group(1) or 0)
        else:
            total += 1
    return total


def _token_anchors(token: dict[str, Any]) -> Iterable[_Anchor]:
    for name, attr in _ANCHOR_ATTRS.items():
        value = token.get(name)
        if isinstance(value, str):
            yield _Anchor(attr, frozenset([value]))
        elif isinstance(value, dict):
            if isinstance(value.get("IN"), list):
                yield _Anchor(attr, frozenset(v for v in value["IN"] if isinstance(v, str)))
            elif isinstance(value.get("REGEX"), str):
                yield _Anchor(attr, regex=value["REGEX"])


def _pattern_anchor(pattern: list[dict[str, Any]], stop_words: frozenset[str]) -> _Anchor | None:
    """The most selective anchor of a pattern's required tokens: literal values before a regex,
    fewer stop words ("the", "of") first, then fewer values; None when it has none."""

    def cost(anchor: _Anchor) -> tuple[int, int]:
        if anchor.regex is not None:
            return (_REGEX_COST, 0)
        return (sum(value.lower() in stop_words for value in anchor.values), len(anchor.values))

    candidates = [
        anchor for token in pattern if isinstance(token, dict) and _required(token)
        for anchor in _token_anchors(token) if anchor.regex is not None or anchor.values
    ]
    return min(candidates, key=cost, default=None)


@dataclass
class _Anchors:
    """Which pattern groups each attribute value (or a regex over it) wakes up."""

    literal: dict[str, dict[int, set[int]]] = field(default_factory=dict)  # attr -> hash -> groups
    regexes: dict[str, list[tuple[re.Pattern[str], int]]] = field(default_factory=dict)
    _regex_hits: dict[tuple[str, int], frozenset[int]] = field(default_factory=dict)

    def add(self, key: int, anchor: _Anchor, strings: Any) -> None:
        if anchor.regex is not None:
            self.regexes.setdefault(anchor.attr, []).append((re.compile(anchor.regex), key))
            self.literal.setdefault(anchor.attr, {})
            return
        by_value = self.literal.setdefault(anchor.attr, {})
        for value in anchor.values:
            by_value.setdefault(strings.add(value), set()).add(key)

    def attrs(self) -> list[str]:
        return sorted(self.literal)

    def positions(self, doc: Doc, attrs: list[str], attr_ids: list[int]) -> dict[int, set[int]]:
        """The token indices where each group's anchor occurs in ``doc``."""
        found: dict[int, set[int]] = defaultdict(set)
        strings = doc.vocab.strings
        # to_array squeezes a one-token doc's row: reshape keeps one column per attribute.
        columns = doc.to_array(attr_ids).reshape(len(doc), len(attr_ids)).T.tolist()
        for attr, column in zip(attrs, columns, strict=True):
            by_value = self.literal[attr]
            regexes = self.regexes.get(attr)
            for index, value in enumerate(column):
                keys = by_value.get(value, ())
                if regexes:
                    keys = (*keys, *self._regex_keys(attr, value, strings[value], regexes))
                for key in keys:
                    found[key].add(index)
        return found

    def _regex_keys(self, attr: str, value: int, text: str,
                    regexes: list[tuple[re.Pattern[str], int]]) -> frozenset[int]:
        # Token strings repeat (Zipf): each distinct one is tested against the regexes once.
        cached = self._regex_hits.get((attr, value))
        if cached is None:
            cached = frozenset(key for regex, key in regexes if regex.search(text))
            self._regex_hits[(attr, value)] = cached
        return cached


class _MatcherSet:
    """Token Matchers (one per anchor, one for the patterns that always run), a PhraseMatcher,
    and a DependencyMatcher when there is a parser, all in one key space;
    ``find`` returns token spans by key. ``prefilter=False`` runs every token pattern on every
    doc (the tests compare both ways)."""

    def __init__(self, pipeline: Pipeline, prefilter: bool = True) -> None:
        from spacy.matcher import DependencyMatcher, Matcher, PhraseMatcher

        self._pipeline = pipeline
        self._prefilter = prefilter
        vocab = pipeline.nlp.vocab
        self._new_matcher = lambda: Matcher(vocab, validate=True)
        self._always = self._new_matcher()
        self._groups: dict[_Anchor, int] = {}
        self._group_matchers: list[tuple[Any, int | None]] = []  # (Matcher, longest match)
        self._anchors = _Anchors()
        self._stop_words = frozenset(pipeline.nlp.Defaults.stop_words)
        # NORM: lower case, plus each language's normalisation (curly apostrophes, Arabic letter
        # variants...), applied alike to the phrase and to the text.
        self._phrases = PhraseMatcher(vocab, attr="NORM")
        self._dependencies = (
            DependencyMatcher(vocab, validate=True) if pipeline.has_parser else None
        )
        self._attrs: list[str] = []
        self._attr_ids: list[int] = []

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
        from spacy.attrs import IDS

        for pattern in patterns:
            anchor = _pattern_anchor(pattern, self._stop_words) if self._prefilter else None
            if anchor is None:
                self._always.add(key, [pattern])
                continue
            group = self._groups.get(anchor)
            if group is None:
                group = self._groups[anchor] = len(self._group_matchers)
                self._group_matchers.append((self._new_matcher(), 0))
                self._anchors.add(group, anchor, self._pipeline.nlp.vocab.strings)
            matcher, longest = self._group_matchers[group]
            matcher.add(key, [pattern])
            length = _max_length(pattern)
            longest = None if longest is None or length is None else max(longest, length)
            self._group_matchers[group] = (matcher, longest)
        self._attrs = self._anchors.attrs()
        self._attr_ids = [IDS[attr] for attr in self._attrs]

    def find(self, doc: Doc | object) -> dict[str, Spans]:
        found: dict[str, Spans] = defaultdict(list)
        strings = self._pipeline.nlp.vocab.strings
        # len() counts rules: calling an empty matcher only makes spaCy warn.
        for matcher in (self._always, self._phrases):
            if len(matcher):
                for key, start, end in matcher(doc):
                    found[strings[key]].append((start, end))
        if self._group_matchers:
            positions = self._anchors.positions(doc, self._attrs, self._attr_ids)
            for group in sorted(positions):
                matcher, length = self._group_matchers[group]
                for first, last in _windows(positions[group], length, len(doc)):
                    for key, start, end in matcher(doc[first:last]):
                        found[strings[key]].append((first + start, first + end))
        if self._dependencies is not None and len(self._dependencies):
            for key, token_ids in self._dependencies(doc):
                found[strings[key]].append((min(token_ids), max(token_ids) + 1))
        return found


def _windows(positions: set[int], length: int | None, size: int) -> list[tuple[int, int]]:
    """Disjoint token ranges holding every match of at most ``length`` tokens that includes
    one of ``positions`` (the whole doc when the length is unbounded)."""
    if length is None:
        return [(0, size)]
    merged: list[tuple[int, int]] = []
    for index in sorted(positions):
        first, last = max(0, index - length + 1), min(size, index + length)
        if merged and first <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return merged


def _longest_first(spans: Spans) -> Spans:
    """Non-overlapping spans, preferring the longest (and then the earliest)."""
    kept: Spans = []
    for start, end in sorted(set(spans), key=lambda span: (span[0] - span[1], span[0])):
        if all(end <= other_start or start >= other_end for other_start, other_end in kept):
            kept.append((start, end))
    return sorted(kept)


class CompiledRules:
    """One language's enabled rules, exclusions and context cues, ready to run on docs."""

    def __init__(self, pipeline: Pipeline, rules: Iterable[Rule], cues: dict[str, CueSet],
                 prefilter: bool = True) -> None:
        self.pipeline = pipeline
        self.rules = {rule.id: rule for rule in rules}
        self.cues = cues
        self._rule_matchers = _MatcherSet(pipeline, prefilter)
        self._context_matchers = _MatcherSet(pipeline, prefilter)
        for rule in self.rules.values():
            self._compile(f"{rule.source}: rule {rule.id!r}", lambda r=rule: self._add_rule(r))
        for cue in cues.values():
            self._compile(
                f"{pipeline.name}: context cue {cue.name!r}",
                lambda c=cue: self._context_matchers.add(f"cue:{c.name}", c.patterns, c.phrases),
            )

    def _add_rule(self, rule: Rule) -> None:
        self._rule_matchers.add(rule.id, rule.patterns, rule.phrases, rule.dependency_patterns)
        self._context_matchers.add(
            f"exclude:{rule.id}", rule.exclude_patterns, rule.exclude_phrases
        )

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
        found = self._rule_matchers.find(doc)
        return [
            RuleMatch(self.rules[rule_id], start, end)
            for rule_id, spans in found.items()
            for start, end in _longest_first(spans)
        ]

    def context(self, doc: Doc) -> dict[str, Spans]:
        """Cue spans by cue name ("cue:hedge") and exclusion spans by rule ("exclude:<id>")."""
        return self._context_matchers.find(doc)
