"""What the fact checks share (their rules: rules.py): their match type, the facts and cue words
compiled for one language, and one doc's run (``FactRun``) that the checks read and record the
rule matches they replace in (``dropped``). The checks themselves: features.py, claims.py,
service_levels.py; facts.py runs them."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from promiselint.checks.phrases import PhraseSet
from promiselint.facts import Facts
from promiselint.nlp import Pipeline
from promiselint.quantities import words
from promiselint.ruleset.compiler import CompiledRules, RuleMatch
from promiselint.spans import clause_open, longest_first

if TYPE_CHECKING:  # spaCy is imported with the pipelines (promiselint/nlp.py), when first needed
    from spacy.tokens import Doc, Token

_NEGATION_WINDOW = 4
# Only a semicolon ends the clause a feature and its cue share; brackets hold an aside
# ("Native SSO (SAML and OIDC) will be available").
_CLAUSE_BREAKS = frozenset({";"})


@dataclass(frozen=True)
class FactMatch(RuleMatch):
    """A finding of the fact checks: a rule match with the values its message names."""

    values: tuple[tuple[str, str], ...] = ()


class LanguageFacts:
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


class FactRun:
    """The fact checks on one doc."""

    def __init__(
        self,
        facts: Facts,
        language: LanguageFacts,
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

    def same_sentence(self, a: tuple[int, int], b: tuple[int, int]) -> bool:
        return self.doc[a[0]].sent.start == self.doc[b[0]].sent.start

    def negated(self, *spans: tuple[int, int]) -> bool:
        low, high = min(s[0] for s in spans), max(s[1] for s in spans)
        sentence = self.doc[low].sent
        return any(
            sentence.start <= start
            and end <= sentence.end
            and low - _NEGATION_WINDOW <= start < high
            and clause_between(self.doc, (start, end), (low, high))
            for start, end in self.negations
        )


def clause_between(doc: Doc, a: tuple[int, int], b: tuple[int, int]) -> bool:
    """No clause break between the two spans."""
    return clause_open(doc, min(a[1], b[1]), max(a[0], b[0]), _CLAUSE_BREAKS)
