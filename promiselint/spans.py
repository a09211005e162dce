"""Token-span helpers shared by the stages after matching (context, document checks, the
compiler's exclusions): where a clause breaks, and which of overlapping spans to keep."""

from __future__ import annotations

import bisect
from collections.abc import Collection, Iterable
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from spacy.tokens import Doc

SpanT = TypeVar("SpanT", bound=tuple)


def clause_open(doc: Doc, start: int, end: int, breaks: Collection[str]) -> bool:
    """No token in ``doc[start:end]`` breaks the clause. Where brackets are no break (not in
    ``breaks``), what they enclose is an aside and its own punctuation does not count either
    ("Native SSO (SAML; OIDC) will be available"); an unclosed bracket is a break."""
    depth = 0
    for i in range(start, end):
        text = doc[i].text
        if text in breaks:
            if not depth:
                return False
        elif text == "(":
            depth += 1
        elif text == ")":
            if not depth:
                return False
            depth -= 1
    return depth == 0


def gap(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Tokens between two spans (0 when they touch or overlap)."""
    return max(b[0] - a[1], a[0] - b[1], 0)


def longest_first(spans: Iterable[SpanT]) -> list[SpanT]:
    """Non-overlapping spans (start, end, ...), preferring the longest, then the earliest; in
    document order."""
    kept: list[SpanT] = []  # in document order, never overlapping: only neighbours can clash
    for span in sorted(set(spans), key=lambda s: (s[0] - s[1], s[0])):
        at = bisect.bisect_left(kept, (span[0],))
        clear_before = at == 0 or kept[at - 1][1] <= span[0]
        clear_after = at == len(kept) or span[1] <= kept[at][0]
        if clear_before and clear_after:
            kept.insert(at, span)
    return kept
