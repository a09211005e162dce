"""What the fact checks share: their rule records, their match type, the facts and cue words
compiled for one language, and one doc's run (``FactRun``) that the checks read and record the
rule matches they replace in (``dropped``). The checks themselves: features.py, claims.py,
service_levels.py; facts.py runs them."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from promiselint.checks.phrases import PhraseSet
from promiselint.facts import Facts
from promiselint.findings import Severity
from promiselint.nlp import Pipeline
from promiselint.quantities import words
from promiselint.ruleset.compiler import CompiledRules, RuleMatch
from promiselint.ruleset.model import Rule
from promiselint.spans import clause_open, longest_first

if TYPE_CHECKING:  # spaCy is imported with the pipelines (promiselint/nlp.py), when first needed
    from spacy.tokens import Doc, Token

_NEGATION_WINDOW = 4
# Only a semicolon ends the clause a feature and its cue share; brackets hold an aside
# ("Native SSO (SAML and OIDC) will be available").
_CLAUSE_BREAKS = frozenset({";"})


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
