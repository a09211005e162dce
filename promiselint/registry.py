"""Every rule promiselint knows, once per id: the YAML rules of the loaded ruleset and the
Python checks (facts, consistency, suppression). `rules`, `explain`, SARIF's rule metadata,
the LSP's hover and config validation all read it, so a rule is described the same way
everywhere.

A YAML rule id may have a variant per language (its patterns and examples are the language's
own); its words — explanation, suggestion — are read in the reader's language when that
language has a variant, else in English, else in the first language that has one. The severity
and category are the rule's; a variant that disagrees is a mistake the tests catch.
"""

from __future__ import annotations

from dataclasses import dataclass

from promiselint.consistency import CONFLICT_RULE
from promiselint.factcheck import FACT_RULES
from promiselint.findings import RuleInfo, Severity
from promiselint.ruleset.model import Rule, Ruleset
from promiselint.suppress import RULES as SUPPRESSION_RULES

DEFAULT_LANGUAGE = "en"

# The rules written in Python: one declaration each, in their own modules.
PYTHON_CHECKS: dict[str, RuleInfo] = {
    **{
        rule.id: RuleInfo(rule.id, rule.category, rule.severity, rule.explanation, rule.suggestion)
        for rule in (*FACT_RULES.values(), CONFLICT_RULE)
    },
    **SUPPRESSION_RULES,
}


@dataclass(frozen=True)
class RegistryEntry:
    id: str
    category: str
    severity: Severity
    explanation: str
    suggestion: str | None
    kind: str  # "pattern": a YAML rule; "check": written in Python, every language
    variants: tuple[Rule, ...] = ()  # the YAML rule's variant per language, with its examples

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(rule.lang for rule in self.variants)

    def info(self, severity: Severity | None = None) -> RuleInfo:
        return RuleInfo(
            self.id, self.category, severity or self.severity, self.explanation, self.suggestion
        )


def _words_of(variants: list[Rule], lang: str | None) -> Rule:
    by_lang = {rule.lang: rule for rule in variants}
    return by_lang.get(lang or "") or by_lang.get(DEFAULT_LANGUAGE) or variants[0]


def build_registry(ruleset: Ruleset, lang: str | None = None) -> dict[str, RegistryEntry]:
    """Every rule id, sorted: the ruleset's YAML rules (words in ``lang`` where it has them)
    and the Python checks."""
    entries: dict[str, RegistryEntry] = {}
    for rule_id, variants in ruleset.rules_by_id().items():
        words = _words_of(variants, lang)
        entries[rule_id] = RegistryEntry(
            rule_id,
            words.category,
            words.severity,
            words.explanation,
            words.suggestion,
            "pattern",
            tuple(variants),
        )
    for rule_id, check in PYTHON_CHECKS.items():
        entries.setdefault(
            rule_id,
            RegistryEntry(
                rule_id,
                check.category,
                check.severity,
                check.explanation,
                check.suggestion,
                "check",
            ),
        )
    return dict(sorted(entries.items()))
