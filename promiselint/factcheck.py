"""Judging copy against the product facts: the facts compiled into spaCy matchers per language.

Mentions are found with PhraseMatchers on NORM and on LEMMA (case, plural and inflection alike:
"SAML logins" is "SAML login"), never by substring search. Then, per mention, in its sentence:

- a feature: a *cue* decides how it is presented. Cues are the language's `available` words
  ("now supports", "includes", "with") within 4 tokens, or `future` words ("coming soon",
  "will", "roadmap") and the rules' feature-promise matches within 8; an `available` word right
  after a future one ("will support", "sarà disponibile") counts as future, and any future cue
  in reach wins over available ones ("SSO support is coming soon" promises, it does not present).
  A planned or not-planned feature presented as available is an error; promised for later, a
  planned feature is a warning (with its target) and a not-planned one an error. A negation
  (the rules' `negation` cue set) before or between the mention and its cue cancels the check.
- an unknown feature: a feature-promise rule match in a sentence naming no registered feature.
  Without a parser, the feature phrase is a window of tokens: up to 4 content words (not stop
  words, punctuation, numbers or cue words) right after the match, skipping up to 2 stop words
  ("will support *a new audit log*"), else right before it ("*Audit logs* are coming soon");
  phrases made only of generic nouns ("more features") are left alone.
- an approved claim: absolute-claim rule matches overlapping it or at most one token away
  ("guaranteed 99.9% uptime") are dropped, and the claim is reported as info with its evidence.
- a service level: the nearest duration within 8 tokens of its wording ("reply", "response")
  that is shorter than the committed maximum, compared in hours (see quantities.py), is an error.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from promiselint.context import judge
from promiselint.facts import Facts, Feature
from promiselint.findings import Severity
from promiselint.nlp import Pipeline
from promiselint.quantities import Duration, find_durations, words
from promiselint.ruleset.compiler import CompiledRules, RuleMatch
from promiselint.ruleset.model import Rule
from promiselint.spans import clause_open, longest_first

if TYPE_CHECKING:  # spaCy is imported with the pipelines (promiselint/nlp.py), when first needed
    from spacy.tokens import Doc, Span, Token

_AVAILABLE_WINDOW = 4
_FUTURE_WINDOW = 8
_LEVEL_WINDOW = 8
_NEGATION_WINDOW = 4
_PHRASE_TOKENS = 4
# Only a semicolon ends the clause a feature and its cue share; brackets hold an aside
# ("Native SSO (SAML and OIDC) will be available").
_CLAUSE_BREAKS = frozenset({";"})
_PHRASE_OPENERS = frozenset({":", "-", "\u2013", "\u2014"})  # "Coming soon: SSO"


def _rule(
    rule_id: str, category: str, severity: Severity, explanation: str, suggestion: str
) -> Rule:
    # Rule records for the fact checks, so that select/ignore/severity in the config apply to
    # them as to any rule; the message is written per finding.
    return Rule(
        id=rule_id,
        lang="*",
        category=category,
        severity=severity,
        message="",
        explanation=explanation,
        suggestion=suggestion,
        source=Path(__file__),
    )


FACT_RULES = {
    rule.id: rule
    for rule in (
        _rule(
            "facts.unreleased-feature",
            "feature-promise",
            Severity.error,
            "The copy presents a feature as available that the facts file lists as planned or "
            "not planned.",
            "Describe only what ships today, or say when it is planned.",
        ),
        _rule(
            "facts.planned-feature",
            "feature-promise",
            Severity.warning,
            "The copy promises a planned feature; the facts file says when it is due.",
            "State the planned timeframe with a caveat, or leave the feature out.",
        ),
        _rule(
            "facts.not-planned-feature",
            "feature-promise",
            Severity.error,
            "The copy promises a feature that the facts file lists as not planned.",
            "Remove the promise: the feature is not on the roadmap.",
        ),
        _rule(
            "facts.unknown-feature",
            "feature-promise",
            Severity.warning,
            "The copy promises a feature the facts file does not know.",
            "Add the feature with its status to the facts file, or remove the promise.",
        ),
        _rule(
            "facts.backed-claim",
            "absolute-claim",
            Severity.info,
            "The claim is approved in the facts file, with evidence.",
            "Keep the wording as approved; cite the evidence where the reader can see it.",
        ),
        _rule(
            "facts.exceeds-service-level",
            "delivery-commitment",
            Severity.error,
            "The copy promises a faster time than the committed service level.",
            "Promise no more than the committed service level.",
        ),
    )
}


@dataclass(frozen=True)
class FactMatch(RuleMatch):
    """A finding of the fact checks: a rule match whose message is written for this instance."""

    message: str = ""


def _gap(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Tokens between two spans (0 when they touch or overlap)."""
    return max(b[0] - a[1], a[0] - b[1], 0)


def _clause_open(doc: Doc, a: tuple[int, int], b: tuple[int, int]) -> bool:
    """No clause break between the two spans."""
    return clause_open(doc, min(a[1], b[1]), max(a[0], b[0]), _CLAUSE_BREAKS)


class PhraseSet:
    """Phrases by key, matched on NORM and on LEMMA: case, plural and inflection alike.
    ``exact`` phrases are matched on NORM only: a tense form ("sarà") whose lemma ("essere")
    would also match every other form of the verb."""

    def __init__(
        self,
        pipeline: Pipeline,
        groups: dict[str, list[str]],
        exact: dict[str, list[str]] | None = None,
    ) -> None:
        from spacy.matcher import PhraseMatcher

        nlp = pipeline.nlp
        self._strings = nlp.vocab.strings
        norm, lemma = (PhraseMatcher(nlp.vocab, attr=attr) for attr in ("NORM", "LEMMA"))
        self._matchers = [norm, lemma]
        for matchers, by_key in (((norm, lemma), groups), ((norm,), exact or {})):
            for key, phrases in by_key.items():
                if phrases:
                    docs = list(nlp.pipe(phrases))
                    for matcher in matchers:
                        matcher.add(key, docs)

    def find(self, doc: Doc) -> list[tuple[str, int, int]]:
        """(key, start, end) of every match, each once, in document order."""
        found = {
            (self._strings[key], start, end)
            for matcher in self._matchers
            for key, start, end in matcher(doc)
        }
        return sorted(found, key=lambda item: (item[1], item[2], item[0]))


class _LanguageFacts:
    """The facts and the language's cue words, compiled for one language."""

    def __init__(self, facts: Facts, lang: str, pipeline: Pipeline) -> None:
        self.lang = lang
        self._phrases = PhraseSet(
            pipeline,
            {
                **{f"feature:{i}": f.phrases(lang) for i, f in enumerate(facts.features)},
                **{f"claim:{i}": c.phrases(lang) for i, c in enumerate(facts.claims)},
                **{f"level:{i}": s.phrases(lang) for i, s in enumerate(facts.service_levels)},
                "cue:available": words(lang, "available"),
                "cue:future": words(lang, "future"),
            },
            exact={"cue:future": words(lang, "future_exact")},
        )
        self.generic = {
            token.lemma_ for doc in pipeline.nlp.pipe(words(lang, "generic")) for token in doc
        }
        self.skip = {word.lower() for word in words(lang, "skip")}

    def is_stop(self, token: Token) -> bool:
        return token.is_stop or token.lower_ in self.skip

    def find(self, doc: Doc) -> dict[str, list[tuple[int, int, str]]]:
        """Spans by kind ("feature", "claim", "level", "cue"), each with its key's index/name;
        within a kind the longest mention wins ("SAML SSO" over "SSO")."""
        by_kind: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
        for key, start, end in self._phrases.find(doc):
            kind, _, name = key.partition(":")
            by_kind[kind].append((start, end, name))
        found = {kind: longest_first(spans) for kind, spans in by_kind.items() if kind != "cue"}
        found["cue"] = by_kind.get("cue", [])  # "coming soon" and "soon" may both be cues
        return found


class CompiledFacts:
    """The facts, compiled per language on first use; ``judge`` runs them on one doc."""

    def __init__(self, facts: Facts) -> None:
        self.facts = facts
        self._languages: dict[str, _LanguageFacts] = {}

    def judge(
        self, lang: str, doc: Doc, matches: list[RuleMatch], compiled: CompiledRules
    ) -> tuple[list[RuleMatch], list[FactMatch]]:
        """The rule matches to keep (those an approved claim backs, or a feature finding
        replaces, are dropped) and the fact checks' own matches."""
        if lang not in self._languages:
            self._languages[lang] = _LanguageFacts(self.facts, lang, compiled.pipeline)
        found = self._languages[lang].find(doc)
        promised = any(m.rule.category == "feature-promise" for m in matches)
        if not (found.get("feature") or found.get("claim") or found.get("level") or promised):
            return matches, []
        run = _Run(self.facts, self._languages[lang], doc, compiled, found, matches)
        extra = [*run.features(), *run.claims(), *run.service_levels()]
        return [m for i, m in enumerate(matches) if i not in run.dropped], extra


class _Run:
    """The fact checks on one doc."""

    def __init__(
        self,
        facts: Facts,
        language: _LanguageFacts,
        doc: Doc,
        compiled: CompiledRules,
        found: dict[str, list[tuple[int, int, str]]],
        matches: list[RuleMatch],
    ) -> None:
        self.facts = facts
        self.language = language
        self.doc = doc
        self.found = found
        self.matches = matches
        self.cues = compiled.cues
        self.context = compiled.context(doc)
        self.negations = self.context.get("cue:negation", [])
        self.dropped: set[int] = set()  # indices into self.matches

    def _same_sentence(self, a: tuple[int, int], b: tuple[int, int]) -> bool:
        return self.doc[a[0]].sent.start == self.doc[b[0]].sent.start

    def _negated(self, *spans: tuple[int, int]) -> bool:
        low, high = min(s[0] for s in spans), max(s[1] for s in spans)
        sentence = self.doc[low].sent
        return any(
            sentence.start <= start
            and end <= sentence.end
            and low - _NEGATION_WINDOW <= start < high
            and _clause_open(self.doc, (start, end), (low, high))
            for start, end in self.negations
        )

    def _cues(self, promises: list[RuleMatch]) -> list[tuple[int, int, str]]:
        """(start, end, "available" | "future"), an available cue just after a future one
        ("will support") counting as future."""
        vocab_cues = [(s, e, name) for s, e, name in self.found.get("cue", [])]
        future = [(s, e) for s, e, name in vocab_cues if name == "future"]
        future += [(m.start, m.end) for m in promises]
        cues = [(s, e, "future") for s, e in future]
        for start, end, name in vocab_cues:
            if name == "available":
                after_future = any(0 <= start - fe <= 2 and fs < start for fs, fe in future)
                cues.append((start, end, "future" if after_future else "available"))
        return cues

    def _nearest_cue(
        self, mention: tuple[int, int], cues: list[tuple[int, int, str]]
    ) -> tuple[int, int, str] | None:
        best = None
        for cue in cues:
            span = (cue[0], cue[1])
            window = _AVAILABLE_WINDOW if cue[2] == "available" else _FUTURE_WINDOW
            if span[0] < mention[1] and span[1] > mention[0]:
                continue  # a feature name containing a cue word ("Live chat") is not its cue
            gap = _gap(mention, span)
            if (
                gap > window
                or not self._same_sentence(mention, span)
                or not _clause_open(self.doc, mention, span)
            ):
                continue
            # A feature announced for later anywhere in reach is never "presented as
            # available" ("SSO support is coming soon"): future first, then nearest, longest.
            rank = (cue[2] != "future", gap, span[0] - span[1])
            if best is None or rank < best[0]:
                best = (rank, cue)
        return best[1] if best else None

    def features(self) -> list[FactMatch]:
        # Only promises the rules would report: a hedged or negated one is no promise context.
        promises = [
            (i, m)
            for i, m in enumerate(self.matches)
            if m.rule.category == "feature-promise"
            and judge(m, self.doc, self.cues, self.context).action != "drop"
        ]
        cues = self._cues([m for _, m in promises])
        out: list[FactMatch] = []
        named_sentences = set()
        for start, end, index in self.found.get("feature", []):
            feature = self.facts.features[int(index)]
            named_sentences.add(self.doc[start].sent.start)
            cue = self._nearest_cue((start, end), cues)
            if cue is None or feature.available or self._negated((start, end), cue[:2]):
                continue
            out.append(self._feature_finding(feature, start, end, cue))
            # The fact finding says more than the rules' findings about the same promise.
            self.dropped.update(
                i
                for i, m in promises
                if self._same_sentence((start, end), (m.start, m.end))
                and _gap((start, end), (m.start, m.end)) <= _FUTURE_WINDOW
            )
        reported = set()  # two rules matching one promise make one unknown feature
        for _, match in promises:
            if self.doc[match.start].sent.start in named_sentences:
                continue
            phrase = self._feature_phrase(match)
            if phrase is not None and (phrase.start, phrase.end) not in reported:
                reported.add((phrase.start, phrase.end))
                cue_text = self.doc[match.start : match.end].text
                out.append(
                    FactMatch(
                        FACT_RULES["facts.unknown-feature"],
                        phrase.start,
                        phrase.end,
                        f"'{phrase.text}' is promised ('{cue_text}') but is not in the product "
                        f"facts file ({self.facts.source.name}); add it with its status",
                    )
                )
        return out

    def _feature_finding(
        self, feature: Feature, start: int, end: int, cue: tuple[int, int, str]
    ) -> FactMatch:
        text = self.doc[start:end].text
        cue_text = self.doc[cue[0] : cue[1]].text
        status = feature.describe()
        if cue[2] == "available":
            return FactMatch(
                FACT_RULES["facts.unreleased-feature"],
                start,
                end,
                f"'{text}' is presented as available ('{cue_text}'), but "
                f"{feature.name} is {status}",
            )
        if feature.status == "planned":
            return FactMatch(
                FACT_RULES["facts.planned-feature"],
                start,
                end,
                f"'{text}' is promised ('{cue_text}'): {feature.name} is {status}; "
                "make sure the copy says no more than that",
            )
        return FactMatch(
            FACT_RULES["facts.not-planned-feature"],
            start,
            end,
            f"'{text}' is promised ('{cue_text}'), but {feature.name} is not planned",
        )

    def _content(self, index: int, cue_tokens: set[int]) -> bool:
        token = self.doc[index]
        return (
            not (self.language.is_stop(token) or token.is_punct or token.like_num)
            and any(char.isalpha() for char in token.text)
            and index not in cue_tokens
        )

    def _feature_phrase(self, match: RuleMatch) -> Span | None:
        sentence = self.doc[match.start].sent
        cue_tokens = {i for s, e, _ in self.found.get("cue", []) for i in range(s, e)}
        # After the match, past at most 2 stop words or a colon/dash: "coming soon: SSO".
        index, skipped = match.end, 0
        while (
            index < sentence.end
            and skipped < 2
            and (self.language.is_stop(self.doc[index]) or self.doc[index].text in _PHRASE_OPENERS)
        ):
            index, skipped = index + 1, skipped + 1
        end = index
        while (
            end < sentence.end and end - index < _PHRASE_TOKENS and self._content(end, cue_tokens)
        ):
            end += 1
        if end > index:
            return self._specific(self.doc[index:end])
        # Before the match, past at most 3 stop words: "Audit logs are coming soon".
        index, skipped = match.start - 1, 0
        while index >= sentence.start and skipped < 3 and self.language.is_stop(self.doc[index]):
            index, skipped = index - 1, skipped + 1
        start = index + 1
        while (
            start > sentence.start
            and index + 1 - start < _PHRASE_TOKENS
            and self._content(start - 1, cue_tokens)
        ):
            start -= 1
        return self._specific(self.doc[start : index + 1]) if start <= index else None

    def _specific(self, phrase: Span) -> Span | None:
        if all(token.lemma_ in self.language.generic for token in phrase):
            return None
        return phrase

    def claims(self) -> list[FactMatch]:
        out: list[FactMatch] = []
        for start, end, index in self.found.get("claim", []):
            if self._negated((start, end)):
                continue
            claim = self.facts.claims[int(index)]
            for i, match in enumerate(self.matches):
                span = (match.start, match.end)
                # the claim's own words are approved whatever rule reads them ("99.9% uptime" is
                # also a service level); absolute wording right beside it ("we guarantee") too
                overlaps = match.start < end and start < match.end
                if overlaps or (
                    match.rule.category == "absolute-claim"
                    and _gap(span, (start, end)) <= 1
                    and self._same_sentence(span, (start, end))
                ):
                    self.dropped.add(i)
            out.append(
                FactMatch(
                    FACT_RULES["facts.backed-claim"],
                    start,
                    end,
                    f"'{self.doc[start:end].text}' is an approved claim "
                    f"(evidence: {claim.describe_evidence()})",
                )
            )
        return out

    def service_levels(self) -> list[FactMatch]:
        out: list[FactMatch] = []
        durations: dict[int, list[tuple[Span, Duration]]] = {}
        for start, end, index in self.found.get("level", []):
            level = self.facts.service_levels[int(index)]
            sentence = self.doc[start].sent
            if sentence.start not in durations:
                durations[sentence.start] = self._durations(sentence)
            candidates = [
                (_gap((start, end), (span.start, span.end)), span, duration)
                for span, duration in durations[sentence.start]
                if _gap((start, end), (span.start, span.end)) <= _LEVEL_WINDOW
                and _clause_open(self.doc, (start, end), (span.start, span.end))
            ]
            if not candidates:
                continue
            _, span, duration = min(candidates, key=lambda c: (c[0], c[1].start))
            if duration.hours >= level.max.hours or self._negated(
                (start, end), (span.start, span.end)
            ):
                continue
            self.dropped.update(  # the rules' turnaround finding on the same words says less
                i
                for i, m in enumerate(self.matches)
                if m.rule.category == "delivery-commitment"
                and m.start < span.end
                and m.end > span.start
            )
            out.append(
                FactMatch(
                    FACT_RULES["facts.exceeds-service-level"],
                    span.start,
                    span.end,
                    f"'{span.text}' promises a faster {level.name} than the committed "
                    f"{level.max.text} ({_hours(duration)} vs {_hours(level.max)})",
                )
            )
        return out

    def _durations(self, sentence: Span) -> list[tuple[Span, Duration]]:
        spans = []
        for duration in find_durations(sentence.text, self.language.lang):
            span = self.doc.char_span(
                sentence.start_char + duration.start,
                sentence.start_char + duration.end,
                alignment_mode="expand",
            )
            if span is not None:
                spans.append((span, duration))
        return spans


def _hours(duration: Duration) -> str:
    hours = f"{duration.hours:g} h"
    return f"{hours} of business time" if duration.business else hours
