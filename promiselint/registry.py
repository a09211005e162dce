"""Every rule promiselint knows, once per id: the YAML rules the ruleset declares (its rule
registry, rules/registry.yaml, and a user folder's registry.yaml) and the Python checks (facts,
consistency, suppression), declared beside their code. `rules`, `explain`, SARIF's rule
metadata, the LSP's hover, the report, docs/rules.md and config validation all read it, so a
rule is described the same way everywhere.

A YAML rule id may have a variant per language (its patterns and examples are the language's
own); its words, and a Python check's, are read in the reader's language where
rules/<lang>/messages.yaml has them, else in English.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from promiselint.checks.rules import PYTHON_CHECKS
from promiselint.findings import RuleInfo, Severity
from promiselint.ruleset.model import Declaration, Rule, Ruleset, Words

__all__ = ["PYTHON_CHECKS", "RegistryEntry", "build_registry", "describe", "known_names"]


@dataclass(frozen=True)
class RegistryEntry:
    id: str
    category: str
    severity: Severity
    explanation: str
    suggestion: str | None
    kind: str  # "pattern": a YAML rule; "check": written in Python, every language
    variants: tuple[Rule, ...] = ()  # the YAML rule's variant per language, with its examples
    aliases: tuple[str, ...] = ()  # former ids

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(rule.lang for rule in self.variants)


def _pattern_entry(
    declaration: Declaration, written: Words, variants: Iterable[Rule]
) -> RegistryEntry:
    return RegistryEntry(
        declaration.id,
        declaration.category,
        declaration.severity,
        written.explanation,
        written.suggestion or declaration.words.suggestion,
        "pattern",
        tuple(variants),
        declaration.aliases,
    )


def _check_entry(check: RuleInfo, written: Words | None = None) -> RegistryEntry:
    """A Python check's entry, in the words of a language's messages.yaml if given."""
    explanation = written.explanation if written is not None else check.explanation
    suggestion = (written.suggestion if written is not None else None) or check.suggestion
    return RegistryEntry(check.id, check.category, check.severity, explanation, suggestion, "check")


def build_registry(ruleset: Ruleset, lang: str | None = None) -> dict[str, RegistryEntry]:
    """Every rule id, sorted: the ruleset's declared rules (words in ``lang`` where it has
    them, else English) and the Python checks. Loads every language (for the variants)."""
    variants = ruleset.rules_by_id()
    language = ruleset.languages.get(lang) if lang is not None else None
    words = language.words if language is not None else {}
    entries = {
        rule_id: _pattern_entry(
            declaration, words.get(rule_id, declaration.words), variants.get(rule_id, ())
        )
        for rule_id, declaration in ruleset.declarations.items()
    }
    for rule_id, check in PYTHON_CHECKS.items():
        entries.setdefault(rule_id, _check_entry(check, words.get(rule_id)))
    return dict(sorted(entries.items()))


def describe(ruleset: Ruleset, rule_id: str, lang: str) -> RegistryEntry | None:
    """One rule's entry (English words) with its variant in ``lang`` only, if it has one: no
    other language's rules are loaded; a Python check's words are ``lang``'s. None for an id
    nothing declares."""
    declaration = ruleset.declarations.get(rule_id)
    language = ruleset.languages.get(lang)
    if declaration is None:
        check = PYTHON_CHECKS.get(rule_id)
        words = language.words.get(rule_id) if language is not None else None
        return None if check is None else _check_entry(check, words)
    variant = language.rules.get(rule_id) if language is not None else None
    in_lang = [variant] if variant is not None and variant.lang == lang else []
    return _pattern_entry(declaration, declaration.words, in_lang)


def known_names(ruleset: Ruleset) -> set[str]:
    """Every name a config or a directive may use for a rule: ids and former ids."""
    return set(ruleset.declarations) | set(PYTHON_CHECKS) | set(ruleset.aliases())
