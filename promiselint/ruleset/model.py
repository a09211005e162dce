"""Rules and context cues as loaded from YAML: plain data, no spaCy objects."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from promiselint.findings import Severity

TokenPattern = list[dict[str, Any]]


class RuleLike(Protocol):
    """What the config's select/ignore/severity look at: a YAML rule or a Python check."""

    @property
    def id(self) -> str: ...
    @property
    def category(self) -> str: ...
    @property
    def severity(self) -> Severity: ...


@dataclass(frozen=True)
class Words:
    """What a rule says, in one language: rules/registry.yaml (English) or
    rules/<lang>/messages.yaml."""

    message: str
    explanation: str
    suggestion: str | None = None


@dataclass(frozen=True)
class Declaration:
    """A rule as rules/registry.yaml declares it, once for every language."""

    id: str
    category: str
    severity: Severity
    words: Words  # English
    aliases: tuple[str, ...] = ()  # former ids, still accepted wherever an id is named


@dataclass
class Rule:
    """One language's variant of a rule: its matchers and examples from rules/<lang>/, and its
    declaration's category, severity and words (in this language where it has them), filled in
    when the ruleset is loaded."""

    id: str
    lang: str
    source: Path
    category: str = ""
    severity: Severity = Severity.warning
    message: str = ""
    explanation: str = ""
    suggestion: str | None = None
    patterns: list[TokenPattern] = field(default_factory=list)
    phrases: list[str] = field(default_factory=list)
    dependency_patterns: list[list[dict[str, Any]]] = field(default_factory=list)
    exclude_patterns: list[TokenPattern] = field(default_factory=list)
    exclude_phrases: list[str] = field(default_factory=list)
    context: dict[str, str] = field(default_factory=dict)
    flag_examples: list[str] = field(default_factory=list)
    # flag example text -> the words the rule must match in it, where the example states them
    expected_matches: dict[str, str] = field(default_factory=dict)
    pass_examples: list[str] = field(default_factory=list)

    @property
    def needs_parser(self) -> bool:
        """True when the rule has nothing to match with unless a parser is available."""
        return bool(self.dependency_patterns) and not (self.patterns or self.phrases)


@dataclass
class CueSet:
    name: str
    scope: str  # "sentence", "before" or "after"
    window: int
    phrases: list[str] = field(default_factory=list)
    patterns: list[TokenPattern] = field(default_factory=list)
    # What the cue does to every rule whose own ``context`` does not name it (None: nothing).
    every_rule: str | None = None


@dataclass
class LanguageRules:
    lang: str
    rules: dict[str, Rule] = field(default_factory=dict)
    cues: dict[str, CueSet] = field(default_factory=dict)
    lists: dict[str, list[str]] = field(default_factory=dict)
    words: dict[str, Words] = field(default_factory=dict)  # by rule id: messages.yaml


class Languages(Mapping[str, LanguageRules]):
    """Each language's rules by code, loaded by ``load`` when first asked for: a run parses and
    validates only the rule files of the languages its text is in. The codes are known without
    loading anything (the rule folders' subfolders), so listing them, or testing whether a
    language has a folder, loads nothing; reading the values loads every language."""

    def __init__(
        self,
        names: Iterable[str],
        load: Callable[[str], LanguageRules] | None = None,
        loaded: Mapping[str, LanguageRules] | None = None,
    ) -> None:
        self._loaded = dict(loaded or {})
        self._names = tuple(dict.fromkeys([*names, *self._loaded]))
        self._load = load

    def __getitem__(self, lang: str) -> LanguageRules:
        language = self._loaded.get(lang)
        if language is None:
            if self._load is None or lang not in self._names:
                raise KeyError(lang)
            language = self._loaded[lang] = self._load(lang)
        return language

    def __contains__(self, lang: object) -> bool:
        return lang in self._names

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)

    def loaded(self) -> list[str]:
        """The codes of the languages loaded so far."""
        return [lang for lang in self._names if lang in self._loaded]

    def __repr__(self) -> str:
        return f"Languages({list(self._names)}, loaded={self.loaded()})"


@dataclass
class Ruleset:
    languages: Mapping[str, LanguageRules] = field(default_factory=dict)
    declarations: dict[str, Declaration] = field(default_factory=dict)  # by id: registry.yaml

    def load_all(self) -> Ruleset:
        """Every language loaded, and so validated, now (a lazy ruleset otherwise loads each
        language when a text in it is first linted)."""
        self.languages = dict(self.languages)
        return self

    def aliases(self) -> dict[str, str]:
        """Former id -> current id."""
        return {old: d.id for d in self.declarations.values() for old in d.aliases}

    def rule_ids(self) -> set[str]:
        return {rule_id for lang in self.languages.values() for rule_id in lang.rules}

    def rules_by_id(self) -> dict[str, list[Rule]]:
        """Every rule id with its variants in each language (an id may exist in several)."""
        by_id: dict[str, list[Rule]] = {}
        for lang in sorted(self.languages):
            for rule in self.languages[lang].rules.values():
                by_id.setdefault(rule.id, []).append(rule)
        return dict(sorted(by_id.items()))
