"""The rule registry: registry.yaml declares every YAML rule once (category, severity, English
words, former ids), and rules/<lang>/messages.yaml holds a language's own words, for those rules
and for the Python checks (declared beside their code, promiselint/registry.py). Loading gives
each language's variant of a rule its declaration, so the matchers, the findings and every
description of a rule read the same declaration."""

from __future__ import annotations

from pathlib import Path

from promiselint.checks.rules import PYTHON_CHECKS
from promiselint.errors import RuleError
from promiselint.findings import Severity
from promiselint.ruleset.model import Declaration, LanguageRules, Words
from promiselint.ruleset.yamlfile import check_schema, read_yaml

REGISTRY_FILE = "registry.yaml"
MESSAGES_FILE = "messages.yaml"


def _words(spec: dict[str, str]) -> Words:
    return Words(spec["message"], spec["explanation"].strip(), spec.get("suggestion"))


def load_registry(path: Path) -> dict[str, Declaration]:
    data = read_yaml(path)
    check_schema(path, data, "registry.schema.json")
    return {
        rule_id: Declaration(
            rule_id,
            spec["category"],
            Severity.parse(spec["severity"]),
            _words(spec),
            tuple(spec.get("aliases", ())),
        )
        for rule_id, spec in data["rules"].items()
    }


def load_messages(path: Path) -> dict[str, Words]:
    """A language's words by rule id; a missing suggestion is filled in from English later."""
    data = read_yaml(path)
    check_schema(path, data, "messages.schema.json")
    return {rule_id: _words(spec) for rule_id, spec in data["rules"].items()}


def check_aliases(declarations: dict[str, Declaration]) -> None:
    owner: dict[str, str] = {}
    for declaration in declarations.values():
        for alias in declaration.aliases:
            taken = owner.get(alias) or (alias if alias in declarations else None)
            if taken:
                raise RuleError(
                    f"{REGISTRY_FILE}: rule {declaration.id!r}: alias {alias!r} is already "
                    f"{'an id' if taken == alias else f'an alias of {taken!r}'}"
                )
            owner[alias] = declaration.id


def apply_declarations(language: LanguageRules, declarations: dict[str, Declaration]) -> None:
    """Every variant of ``language`` gets its declaration's category and severity, and its
    words in its own language where messages.yaml gives them, else in English. An undeclared
    rule, or words for an id neither declared nor a Python check's, is an error."""
    for rule_id in language.words:
        if rule_id not in declarations and rule_id not in PYTHON_CHECKS:
            raise RuleError(
                f"{language.lang}/{MESSAGES_FILE}: rule {rule_id!r}: not declared in "
                f"{REGISTRY_FILE} (nor a Python check's)"
            )
    for rule in language.rules.values():
        declaration = declarations.get(rule.id)
        if declaration is None:
            raise RuleError(
                f"{rule.source}: rule {rule.id!r}: not declared in the rule registry "
                f"(add it to {REGISTRY_FILE} with its category, severity and English words)"
            )
        english = declaration.words
        words = language.words.get(rule.id, english)
        rule.category = declaration.category
        rule.severity = declaration.severity
        rule.message = words.message
        rule.explanation = words.explanation
        rule.suggestion = words.suggestion or english.suggestion
