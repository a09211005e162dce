"""Checks on the REGEX values of token patterns, made when a rule file is loaded.

spaCy compiles a pattern's REGEX with Python's backtracking `re` module only when a language's
matcher is built, so a broken one used to crash `check` mid-run (and passed `promiselint rules`).
A safe engine such as RE2 cannot be swapped in: spaCy's Matcher calls `re` itself. So each regex
is compiled here, and rejected when it can backtrack exponentially: a repetition whose body
repeats too (`(a+)+`, `(\\w+\\s?)+`, `(x\\w*)*`) or alternates between branches that begin alike
(`(a|ab)+`) matches one string in exponentially many ways, and a single long token (a pasted
hash, 100 KB of "aaaa") would then stall the run. Nested repetition stays allowed when a
required character that the inner repetition cannot match separates the rounds, as in
`^\\d+(\\.\\d+)*$`.

The structure is read with `re._parser`, the parser `re.compile` itself uses (Python 3.11+).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from re import _compiler, _parser  # type: ignore[attr-defined]
from re._constants import (
    ANY,
    ASSERT,
    ASSERT_NOT,
    ATOMIC_GROUP,
    BRANCH,
    GROUPREF_EXISTS,
    IN,
    LITERAL,
    MAX_REPEAT,
    MIN_REPEAT,
    NOT_LITERAL,
    SUBPATTERN,
)
from typing import Any

_REPEATS = (MAX_REPEAT, MIN_REPEAT)  # POSSESSIVE_REPEAT never backtracks into its body
_ONE_CHARACTER = (LITERAL, NOT_LITERAL, IN, ANY)
# The characters tried when asking whether two one-character items can match the same one:
# Latin, Greek, Cyrillic and Arabic letters, digits, punctuation and spaces.
_SAMPLE = (
    "".join(map(chr, (*range(0x20, 0x250), *range(0x370, 0x530), *range(0x600, 0x700))))
    + "\t\n\u00a0\u2013\u2014\u2019"
)


def regex_problem(pattern: str) -> str | None:
    """Why ``pattern`` cannot be used as a REGEX, or None when it can."""
    try:
        parsed = _parser.parse(pattern)
        re.compile(pattern)
    except re.error as exc:
        return f"invalid regular expression: {exc}"
    except (RecursionError, OverflowError):
        return "regular expression too deeply nested"
    if _exponential(parsed):
        return (
            "can take exponential time on a long word (a repetition over parts that can "
            "match the same text, as in (a+)+ or (a|ab)+); separate the rounds with a "
            "required character, or make the inner repetition possessive (a++)"
        )
    return None


def regexes_in(value: Any) -> Iterator[str]:
    """Every REGEX string anywhere in a (dependency) token pattern or a list of them."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "REGEX" and isinstance(item, str):
                yield item
            else:
                yield from regexes_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from regexes_in(item)


def _children(op: Any, av: Any) -> Iterator[Any]:
    """The sub-patterns directly inside one parsed item."""
    if op in _REPEATS or op is SUBPATTERN:
        yield av[-1]
    elif op is BRANCH:
        yield from av[1]
    elif op is ATOMIC_GROUP:
        yield av
    elif op in (ASSERT, ASSERT_NOT):
        yield av[1]
    elif op is GROUPREF_EXISTS:
        yield from (branch for branch in av[1:] if branch is not None)
    elif op is not IN and isinstance(av, tuple) and av and isinstance(av[-1], _parser.SubPattern):
        yield av[-1]  # POSSESSIVE_REPEAT: its body may hold ordinary repeats


def _exponential(sub: Any) -> bool:
    for op, av in sub:
        if op in _REPEATS and av[1] > 1 and _ambiguous_round(av[2]):
            return True
        if any(_exponential(child) for child in _children(op, av)):
            return True
    return False


def _sequence(sub: Any) -> list[tuple[Any, Any]]:
    """The items of ``sub``, looking through a group that wraps all of them."""
    items = list(sub)
    while len(items) == 1 and items[0][0] is SUBPATTERN:
        items = list(items[0][1][-1])
    return items


def _ambiguous_round(body: Any) -> bool:
    """Whether one round of a repetition over ``body`` can be split or chosen in more ways
    than one: a repetition inside it that nothing required tells apart from the next round,
    or alternatives that can begin with the same character."""
    items = _sequence(body)
    inner = list(_inner_repeats(items))
    if inner:
        separators = [
            item for item in items if item[0] in _ONE_CHARACTER and not _contains_repeat(item)
        ]
        for repeated in inner:
            if repeated[0] not in _ONE_CHARACTER:
                return True  # a repeated group inside a repeated group
            if not any(_disjoint(repeated, separator, body.state) for separator in separators):
                return True
    return any(op is BRANCH and _branches_overlap(av[1], body.state) for op, av in items)


def _inner_repeats(items: list[tuple[Any, Any]]) -> Iterator[tuple[Any, Any]]:
    """The one repeated item of each repetition (with more than one round) inside ``items``."""
    for op, av in items:
        if op in _REPEATS and av[1] > 1:
            body = _sequence(av[2])
            yield body[0] if len(body) == 1 else (SUBPATTERN, None)
        for child in _children(op, av):
            yield from _inner_repeats(list(child))


def _contains_repeat(item: tuple[Any, Any]) -> bool:
    return item[0] in _REPEATS or any(
        _contains_repeat(inner) for child in _children(*item) for inner in child
    )


def _branches_overlap(branches: list[Any], state: Any) -> bool:
    firsts = []
    for branch in branches:
        items = _sequence(branch)
        if not items or items[0][0] not in _ONE_CHARACTER:
            return True  # an empty branch, or one that starts with a group: assume the worst
        firsts.append(items[0])
    return any(
        not _disjoint(first, other, state)
        for index, first in enumerate(firsts)
        for other in firsts[index + 1 :]
    )


def _disjoint(first: tuple[Any, Any], second: tuple[Any, Any], state: Any) -> bool:
    """Whether two one-character items match no common character (tried on _SAMPLE)."""
    one, two = _single(first, state), _single(second, state)
    return not any(one.match(char) and two.match(char) for char in _SAMPLE)


def _single(item: tuple[Any, Any], state: Any) -> re.Pattern[str]:
    return _compiler.compile(_parser.SubPattern(state, [item]))
