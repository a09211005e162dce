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

from typing import TYPE_CHECKING

from promiselint.checks import Parsed, fill, finding_at, written
from promiselint.checks.claims import claims
from promiselint.checks.fact_run import FactMatch, FactRun, LanguageFacts
from promiselint.checks.features import features
from promiselint.checks.service_levels import service_levels
from promiselint.facts import Facts
from promiselint.findings import Finding
from promiselint.policy import RulePolicy
from promiselint.ruleset.compiler import CompiledRules, RuleMatch

if TYPE_CHECKING:  # spaCy is imported with the pipelines (promiselint/nlp.py), when first needed
    from spacy.tokens import Doc


class FactsCheck:
    """The product facts as a document check: the facts compiled per language on first use;
    each doc's rule matches an approved claim backs, or a feature finding replaces, are
    dropped, and the fact checks' own findings (the config's policy applied) come at
    ``finish``."""

    def __init__(self, facts: Facts, policy: RulePolicy) -> None:
        self.facts = facts
        self.policy = policy
        self._languages: dict[str, LanguageFacts] = {}
        self._found: list[Finding] = []

    def observe(self, parsed: Parsed, matches: list[RuleMatch]) -> list[RuleMatch]:
        kept, fact_matches = self._judge(parsed.lang, parsed.doc, matches, parsed.compiled)
        for fact in fact_matches:
            if self.policy.enabled(fact.rule):
                severity = self.policy.severity_of(fact.rule)
                words = written(fact.rule, parsed.words)
                values = {"match": parsed.doc[fact.start : fact.end].text, **dict(fact.values)}
                message = fill(words.message, values)
                self._found.append(finding_at(parsed, fact, severity, message, words.suggestion))
        return kept

    def finish(self) -> list[Finding]:
        found, self._found = self._found, []
        return found

    def _judge(
        self, lang: str, doc: Doc, matches: list[RuleMatch], compiled: CompiledRules
    ) -> tuple[list[RuleMatch], list[FactMatch]]:
        """The rule matches to keep and the fact checks' own matches."""
        if lang not in self._languages:
            self._languages[lang] = LanguageFacts(self.facts, lang, compiled.pipeline)
        found = self._languages[lang].find(doc)
        promised = any(m.rule.category == "feature-promise" for m in matches)
        if not (found.get("feature") or found.get("claim") or found.get("level") or promised):
            return matches, []
        run = FactRun(self.facts, self._languages[lang], doc, compiled, found, matches)
        extra = [*features(run), *claims(run), *service_levels(run)]
        return [m for i, m in enumerate(matches) if i not in run.dropped], extra
