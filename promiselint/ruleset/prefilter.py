"""The anchor prefilter: which tokens of a doc a token pattern can match near, from its shape alone.

spaCy's token Matcher costs about a microsecond per token it scans (more with IN and REGEX
values, which are Python predicates), plus ~10 µs per call, and has no index on the first
token. So each token pattern is *gated* by its shape alone:

- its *anchor* is one required token's literal values (ORTH/TEXT, LOWER, NORM, LEMMA strings or
  IN lists), a token flag (LIKE_NUM...), the morphological features it must have (MORPH
  IS_SUPERSET), or its REGEX when no required token has anything else;
- its *reach* is how many tokens a match can extend before and after that anchor token;
- its *companions* are the anchors of its other required tokens, which a match must contain too.

Patterns with the same anchor share a Matcher (ruleset/compiler.py). One pass over the doc's
attribute arrays finds every anchor's tokens; a Matcher then runs only on the tokens within
reach of its anchor's occurrences, and only where every companion of one of its patterns occurs
within that reach. A pattern without an anchor runs on the whole doc. The matches are the same
as without any of this (tests/test_prefilter.py).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from spacy.tokens import Doc

Spans = list[tuple[int, int]]
# The attributes an anchor may test, as the Matcher names them (TEXT is ORTH).
_ANCHOR_ATTRS = {"ORTH": "ORTH", "TEXT": "ORTH", "LOWER": "LOWER", "NORM": "NORM", "LEMMA": "LEMMA"}
# A token's features (Tense=Fut...) are rarer than most words but commoner than a content word.
_MORPH_COST = 1
_QUANTIFIER = re.compile(r"\{(\d*),?(\d*)\}")
_REGEX_COST = 50  # a REGEX anchors only when no required token has anything cheaper to test
# Token flags that make anchors, with how common their tokens are (weighed like stop words when
# a pattern's anchor is chosen). Flags most tokens have (IS_ALPHA, IS_TITLE) never anchor.
_FLAG_ANCHORS = {"LIKE_URL": 0, "LIKE_EMAIL": 0, "LIKE_NUM": 1, "IS_DIGIT": 1}


@dataclass(frozen=True)
class Anchor:
    attr: str
    values: frozenset[str] = frozenset()
    regex: str | None = None
    flag: bool = False  # the attribute is a token flag (LIKE_NUM...) that must be true
    features: frozenset[str] = frozenset()  # MORPH: the features a token must have all of


@dataclass(frozen=True)
class Gate:
    """Where a pattern can match around one occurrence of its anchor: ``before``/``after``
    tokens of reach (None: unbounded), and the companion anchors a match must also contain."""

    before: int | None
    after: int | None
    companions: tuple[Anchor, ...] = ()


def _required(token: dict[str, Any]) -> bool:
    """True when every match includes this token (OP absent, "+", "{n}", "{n,m}" with n > 0)."""
    op = token.get("OP", "1")
    if op in ("1", "+"):
        return True
    quantifier = _QUANTIFIER.fullmatch(str(op))
    return bool(quantifier and quantifier.group(1) and int(quantifier.group(1)) > 0)


def _max_count(token: dict[str, Any]) -> int | None:
    """How many tokens one pattern token can consume; None when unbounded ("*", "+")."""
    op = str(token.get("OP", "1"))
    if op in ("*", "+"):
        return None
    quantifier = _QUANTIFIER.fullmatch(op)
    if quantifier is None:
        return 1
    if not quantifier.group(2) and "," in op:  # "{n,}"
        return None
    return int(quantifier.group(2) or quantifier.group(1) or 0)


def max_length(pattern: Sequence[dict[str, Any]]) -> int | None:
    """The most tokens a match of ``pattern`` can span; None when unbounded."""
    total = 0
    for token in pattern:
        count = _max_count(token)
        if count is None:
            return None
        total += count
    return total


def _plus(*lengths: int | None) -> int | None:
    return None if None in lengths else sum(lengths)  # type: ignore[arg-type]


def _token_anchors(token: dict[str, Any]) -> Iterable[Anchor]:
    for attr in _FLAG_ANCHORS:
        if token.get(attr) is True:
            yield Anchor(attr, flag=True)
    for name, attr in _ANCHOR_ATTRS.items():
        value = token.get(name)
        if isinstance(value, str):
            yield Anchor(attr, frozenset([value]))
        elif isinstance(value, dict):
            if isinstance(value.get("IN"), list):
                values = frozenset(v for v in value["IN"] if isinstance(v, str))
                if values:
                    yield Anchor(attr, values)
            elif isinstance(value.get("REGEX"), str):
                yield Anchor(attr, regex=value["REGEX"])
    morph = token.get("MORPH")
    if isinstance(morph, dict) and isinstance(morph.get("IS_SUPERSET"), list):
        features = frozenset(v for v in morph["IS_SUPERSET"] if isinstance(v, str))
        if features:
            yield Anchor("MORPH", features=features)


def pattern_gate(
    pattern: list[dict[str, Any]], stop_words: frozenset[str]
) -> tuple[Anchor, Gate] | None:
    """The pattern's anchor and gate; None when no required token has an anchor. The anchor is
    the most selective one: literal values before a regex, fewer stop words ("the", "of")
    first, then fewer values."""

    def cost(anchor: Anchor) -> tuple[int, int]:
        if anchor.flag:
            return (_FLAG_ANCHORS[anchor.attr], 0)
        if anchor.features:
            return (_MORPH_COST, 0)
        if anchor.regex is not None:
            return (_REGEX_COST, 0)
        return (sum(value.lower() in stop_words for value in anchor.values), len(anchor.values))

    # Each required token's most selective anchor: any one of them is a necessary condition.
    by_token = {
        index: min(anchors, key=cost)
        for index, token in enumerate(pattern)
        if isinstance(token, dict) and _required(token)
        for anchors in [list(_token_anchors(token))]
        if anchors
    }
    if not by_token:
        return None
    index = min(by_token, key=lambda i: cost(by_token[i]))
    count = _max_count(pattern[index])
    # A repeated anchor token ("{1,3}") may be any token of its run: reach covers the run.
    extra = None if count is None else count - 1
    gate = Gate(
        before=_plus(max_length(pattern[:index]), extra),
        after=_plus(max_length(pattern[index + 1 :]), extra),
        companions=tuple(dict.fromkeys(a for i, a in by_token.items() if i != index)),
    )
    return by_token[index], gate


class Anchors:
    """Every anchor in use, numbered, and which tokens of a doc each one occurs at. The rule
    and context matchers share one, so that a doc's attribute arrays are read once."""

    def __init__(self, vocab: Any) -> None:
        self._vocab = vocab
        self._strings = vocab.strings
        self.ids: dict[Anchor, int] = {}
        # attr -> string hash (1 for a true flag) -> the numbers of the anchors it meets
        self.hits: dict[str, dict[int, list[int]]] = {}
        # attr -> the anchors found by testing each distinct value (a regex, features)
        self.tests: dict[str, list[tuple[Callable[[int], bool], int]]] = {}
        self._tested: dict[str, set[int]] = {}  # values tested already
        self._attr_ids: list[int] = []
        self._scanned: tuple[Doc, dict[int, list[int]]] | None = None  # the last doc's

    def add(self, anchor: Anchor) -> int:
        from spacy.attrs import IDS

        number = self.ids.get(anchor)
        if number is not None:
            return number
        number = self.ids[anchor] = len(self.ids)
        hits = self.hits.setdefault(anchor.attr, {})
        test = self._test_of(anchor)
        if test is not None:
            self.tests.setdefault(anchor.attr, []).append((test, number))
            self._tested[anchor.attr] = set()
        if anchor.flag:
            hits.setdefault(1, []).append(number)  # to_array gives a true flag as 1
        for value in anchor.values:
            hits.setdefault(self._strings.add(value), []).append(number)
        self._attr_ids = [IDS[attr] for attr in self.hits]
        return number

    def positions(self, doc: Doc) -> dict[int, list[int]]:
        """The sorted token indices where each anchor occurring in ``doc`` occurs."""
        if self._scanned is not None and self._scanned[0] is doc:
            return self._scanned[1]
        found: dict[int, list[int]] = defaultdict(list)
        # to_array squeezes a one-token doc's row: reshape keeps one column per attribute.
        attrs: list[int | str] = list(self._attr_ids)
        # token attributes are uint64 ids; spaCy's stubs type the array as floats
        array = doc.to_array(attrs).reshape(len(doc), len(attrs))
        columns = cast(list[list[int]], array.T.tolist())
        for attr, column in zip(self.hits, columns, strict=True):
            hits = self.hits[attr]
            distinct = set(column)
            if attr in self.tests:
                self._test_values(attr, distinct - self._tested[attr])
            values = distinct & hits.keys()  # set operations: no per-token Python work yet
            if not values:
                continue
            for index, value in enumerate(column):
                if value in values:
                    for number in hits[value]:
                        found[number].append(index)
        self._scanned = (doc, found)
        return found

    def _test_of(self, anchor: Anchor) -> Callable[[int], bool] | None:
        """How to tell whether an attribute value (a string hash) meets ``anchor``, when that
        takes more than comparing hashes; as the Matcher tells, so that gating changes nothing."""
        from spacy.strings import get_string_id
        from spacy.tokens import MorphAnalysis

        strings = self._strings
        if anchor.regex is not None:
            regex = re.compile(anchor.regex)
            return lambda value: bool(regex.search(strings[value]))
        if anchor.features:
            vocab = self._vocab
            wanted = {vocab.morphology.add(feature) for feature in anchor.features}
            return lambda key: wanted <= set(map(get_string_id, MorphAnalysis.from_id(vocab, key)))
        return None

    def _test_values(self, attr: str, values: set[int]) -> None:
        hits = self.hits[attr]
        for value in values:
            numbers = [number for test, number in self.tests[attr] if test(value)]
            if numbers:
                hits[value] = [*hits.get(value, ()), *numbers]
        self._tested[attr] |= values


def _occurs(positions: list[int], first: int, last: int) -> bool:
    """Whether a sorted ``positions`` has one in [first, last)."""
    at = bisect_left(positions, first)
    return at < len(positions) and positions[at] < last


@dataclass
class Group:
    """The token patterns sharing one anchor, one Matcher for them all, and their gates."""

    anchor: int
    matcher: Any
    gates: dict[Gate, tuple[int, ...]] = field(default_factory=dict)  # -> companion numbers

    def windows(self, positions: dict[int, list[int]], size: int) -> Spans:
        """Disjoint token ranges of a doc of ``size`` tokens holding every match of the
        group's patterns that includes one of its anchor's occurrences."""
        ranges = []
        for index in positions.get(self.anchor, ()):
            first, last = size, 0
            for gate, companions in self.gates.items():
                start = 0 if gate.before is None else max(0, index - gate.before)
                end = size if gate.after is None else min(size, index + gate.after + 1)
                if all(_occurs(positions.get(c, []), start, end) for c in companions):
                    first, last = min(first, start), max(last, end)
            if first < last:
                ranges.append((first, last))
        return merged(ranges)


def merged(ranges: Spans) -> Spans:
    merged: Spans = []
    for first, last in sorted(ranges):
        if merged and first <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return merged
