"""The feature checks: a feature of the facts file presented as available or promised, and a
promised feature the facts file does not know (see facts.py for how each is decided)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from promiselint.checks.fact_run import FactMatch, FactRun, clause_between
from promiselint.checks.rules import FACT_RULES
from promiselint.context import judge
from promiselint.facts import Feature
from promiselint.ruleset.compiler import RuleMatch
from promiselint.spans import gap

if TYPE_CHECKING:  # spaCy is imported with the pipelines (promiselint/nlp.py), when first needed
    from spacy.tokens import Span

_AVAILABLE_WINDOW = 4
_FUTURE_WINDOW = 8
_PHRASE_TOKENS = 4
_PHRASE_OPENERS = frozenset({":", "-", "\u2013", "\u2014"})  # "Coming soon: SSO"


def _cues(run: FactRun, promises: list[RuleMatch]) -> list[tuple[int, int, str]]:
    """(start, end, "available" | "future"), an available cue just after a future one
    ("will support") counting as future."""
    vocab_cues = [(s, e, name) for s, e, name in run.found.get("cue", [])]
    future = [(s, e) for s, e, name in vocab_cues if name == "future"]
    future += [(m.start, m.end) for m in promises]
    cues = [(s, e, "future") for s, e in future]
    for start, end, name in vocab_cues:
        if name == "available":
            after_future = any(0 <= start - fe <= 2 and fs < start for fs, fe in future)
            cues.append((start, end, "future" if after_future else "available"))
    return cues


def _nearest_cue(
    run: FactRun, mention: tuple[int, int], cues: list[tuple[int, int, str]]
) -> tuple[int, int, str] | None:
    best = None
    for cue in cues:
        span = (cue[0], cue[1])
        window = _AVAILABLE_WINDOW if cue[2] == "available" else _FUTURE_WINDOW
        if span[0] < mention[1] and span[1] > mention[0]:
            continue  # a feature name containing a cue word ("Live chat") is not its cue
        distance = gap(mention, span)
        if (
            distance > window
            or not run.same_sentence(mention, span)
            or not clause_between(run.doc, mention, span)
        ):
            continue
        # A feature announced for later anywhere in reach is never "presented as
        # available" ("SSO support is coming soon"): future first, then nearest, longest.
        rank = (cue[2] != "future", distance, span[0] - span[1])
        if best is None or rank < best[0]:
            best = (rank, cue)
    return best[1] if best else None


def features(run: FactRun) -> list[FactMatch]:
    # Only promises the rules would report: a hedged or negated one is no promise context.
    promises = [
        (i, m)
        for i, m in enumerate(run.matches)
        if m.rule.category == "feature-promise"
        and judge(m, run.doc, run.cues, run.context).action != "drop"
    ]
    cues = _cues(run, [m for _, m in promises])
    out: list[FactMatch] = []
    named_sentences = set()
    for start, end, index in run.found.get("feature", []):
        feature = run.facts.features[int(index)]
        named_sentences.add(run.doc[start].sent.start)
        cue = _nearest_cue(run, (start, end), cues)
        if cue is None or feature.available or run.negated((start, end), cue[:2]):
            continue
        out.append(_feature_finding(run, feature, start, end, cue))
        # The fact finding says more than the rules' findings about the same promise.
        run.dropped.update(
            i
            for i, m in promises
            if run.same_sentence((start, end), (m.start, m.end))
            and gap((start, end), (m.start, m.end)) <= _FUTURE_WINDOW
        )
    reported = set()  # two rules matching one promise make one unknown feature
    for _, match in promises:
        if run.doc[match.start].sent.start in named_sentences:
            continue
        phrase = _feature_phrase(run, match)
        if phrase is not None and (phrase.start, phrase.end) not in reported:
            reported.add((phrase.start, phrase.end))
            cue_text = run.doc[match.start : match.end].text
            out.append(
                FactMatch(
                    FACT_RULES["facts.unknown-feature"],
                    phrase.start,
                    phrase.end,
                    (("cue", cue_text), ("facts_file", run.facts.source.name)),
                )
            )
    return out


def _feature_finding(
    run: FactRun, feature: Feature, start: int, end: int, cue: tuple[int, int, str]
) -> FactMatch:
    values = (
        ("cue", run.doc[cue[0] : cue[1]].text),
        ("feature", feature.name),
        ("status", feature.describe()),
    )
    if cue[2] == "available":
        rule = FACT_RULES["facts.unreleased-feature"]
    elif feature.status == "planned":
        rule = FACT_RULES["facts.planned-feature"]
    else:
        rule = FACT_RULES["facts.not-planned-feature"]
    return FactMatch(rule, start, end, values)


def _content(run: FactRun, index: int, cue_tokens: set[int]) -> bool:
    token = run.doc[index]
    return (
        not (run.language.is_stop(token) or token.is_punct or token.like_num)
        and any(char.isalpha() for char in token.text)
        and index not in cue_tokens
    )


def _feature_phrase(run: FactRun, match: RuleMatch) -> Span | None:
    sentence = run.doc[match.start].sent
    cue_tokens = {i for s, e, _ in run.found.get("cue", []) for i in range(s, e)}
    # After the match, past at most 2 stop words or a colon/dash: "coming soon: SSO".
    index, skipped = match.end, 0
    while (
        index < sentence.end
        and skipped < 2
        and (run.language.is_stop(run.doc[index]) or run.doc[index].text in _PHRASE_OPENERS)
    ):
        index, skipped = index + 1, skipped + 1
    end = index
    while end < sentence.end and end - index < _PHRASE_TOKENS and _content(run, end, cue_tokens):
        end += 1
    if end > index:
        return _specific(run, run.doc[index:end])
    # Before the match, past at most 3 stop words: "Audit logs are coming soon".
    index, skipped = match.start - 1, 0
    while index >= sentence.start and skipped < 3 and run.language.is_stop(run.doc[index]):
        index, skipped = index - 1, skipped + 1
    start = index + 1
    while (
        start > sentence.start
        and index + 1 - start < _PHRASE_TOKENS
        and _content(run, start - 1, cue_tokens)
    ):
        start -= 1
    return _specific(run, run.doc[start : index + 1]) if start <= index else None


def _specific(run: FactRun, phrase: Span) -> Span | None:
    if all(token.lemma_ in run.language.generic for token in phrase):
        return None
    return phrase
