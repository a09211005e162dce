"""Loading rule folders: the rule registry (registry.yaml) and rules/<lang>/*.yaml, validated
against the documented schemas.

Every problem becomes a RuleError naming the file, the rule id where there is one, and what is
wrong; nothing here imports spaCy's pipelines, so listing and explaining rules stays fast.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from promiselint.cache import REGISTRY_PART, Cache
from promiselint.errors import RuleError
from promiselint.ruleset.declarations import (
    MESSAGES_FILE,
    REGISTRY_FILE,
    apply_declarations,
    check_aliases,
    load_messages,
    load_registry,
)
from promiselint.ruleset.model import CueSet, Declaration, LanguageRules, Languages, Rule, Ruleset
from promiselint.ruleset.regexes import regex_problem, regexes_in
from promiselint.ruleset.yamlfile import check_schema, read_yaml
from promiselint.timings import stage

CONTEXT_FILE = "context.yaml"
LISTS_FILE = "lists.yaml"
VOCABULARY_FILE = "vocabulary.yaml"  # the Python checks' words (promiselint/quantities.py)
_DEFAULT_CONTEXT = {"negation": "drop"}
# "$months" inside a pattern's list stands for the language's named word list (lists.yaml).
_LIST_REFERENCE = re.compile(r"^\$([a-z][a-z0-9_]*)$")


def shipped_rules_dir() -> Path:
    """The rules shipped with promiselint: inside the wheel, or the source tree's rules/."""
    packaged = Path(__file__).resolve().parent.parent / "_rules"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent.parent / "rules"


def _pattern_errors(patterns: list[Any], token_patterns: bool = True) -> str | None:
    """The first problem in ``patterns`` (token patterns, else dependency patterns, which spaCy
    validates when it builds the matcher): spaCy's schema, then every REGEX."""
    from promiselint.nlp import import_spacy

    import_spacy()  # without spaCy's own command line, which validation never needs
    from spacy.schemas import validate_token_pattern

    for number, pattern in enumerate(patterns, start=1):
        problems = validate_token_pattern(pattern) if token_patterns else []
        if problems:
            return f"pattern {number}: {problems[0]}"
        for regex in regexes_in(pattern):
            problem = regex_problem(regex)
            if problem:
                return f"pattern {number}: REGEX {regex!r}: {problem}"
    return None


def load_lists_file(path: Path) -> dict[str, list[str]]:
    """A language's named word lists (months, number words, time units...), which patterns use
    as "$name" items inside IN/NOT_IN lists instead of repeating the words."""
    data = read_yaml(path)
    check_schema(path, data, "lists-file.schema.json")
    return {name: [str(word) for word in words] for name, words in data["lists"].items()}


def _expand_lists(value: Any, lists: dict[str, list[str]], where: str) -> Any:
    """``value`` with every "$name" list item replaced by the words of that named list."""
    if isinstance(value, dict):
        return {key: _expand_lists(item, lists, where) for key, item in value.items()}
    if not isinstance(value, list):
        return value
    expanded: list[Any] = []
    for item in value:
        reference = _LIST_REFERENCE.match(item) if isinstance(item, str) else None
        if reference is None:
            expanded.append(_expand_lists(item, lists, where))
        elif reference.group(1) in lists:
            expanded.extend(lists[reference.group(1)])
        else:
            known = ", ".join(sorted(lists)) or "none"
            raise RuleError(f"{where}: unknown word list {item!r} (known: {known})")
    return expanded


def load_context_file(
    path: Path, lang: str, lists: dict[str, list[str]] | None = None
) -> dict[str, CueSet]:
    data = read_yaml(path)
    check_schema(path, data, "context-file.schema.json")
    cues = {}
    for name, spec in data["cues"].items():
        spec = _expand_lists(spec, lists or {}, f"{path}: cue {name!r}")
        problem = _pattern_errors(spec.get("patterns", []))
        if problem:
            raise RuleError(f"{path}: cue {name!r}: {problem}")
        cues[name] = CueSet(
            name=name,
            scope=spec["scope"],
            window=spec.get("window", 4),
            phrases=spec.get("phrases", []),
            patterns=spec.get("patterns", []),
            every_rule=spec.get("every_rule"),
        )
    return cues


def _flag_examples(spec: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    """Flag examples as texts, and the match each one states it expects, where it states one."""
    texts, matches = [], {}
    for example in spec["examples"]["flag"]:
        if isinstance(example, str):
            texts.append(example)
        else:
            texts.append(example["text"])
            matches[example["text"]] = example["match"]
    return texts, matches


# Keys a rule file had before the rule registry: they are declared once in registry.yaml now.
_REGISTRY_KEYS = ("category", "severity", "message", "explanation", "suggestion")


def _registry_keys_error(path: Path, data: Any) -> None:
    if not isinstance(data, dict):
        return
    rules = data["rules"] if isinstance(data.get("rules"), list) else []
    places = [
        ("", data, ("category",)),
        ("defaults: ", data.get("defaults"), ("severity",)),
        *((f"rule {r.get('id')!r}: ", r, _REGISTRY_KEYS) for r in rules if isinstance(r, dict)),
    ]
    for subject, mapping, keys in places:
        found = [key for key in keys if isinstance(mapping, dict) and key in mapping]
        if found:
            raise RuleError(
                f"{path}: {subject}{', '.join(found)}: declared in the rule registry now "
                f"({REGISTRY_FILE} beside the language folders; words in another language: "
                f"<lang>/{MESSAGES_FILE})"
            )


def load_rule_file(path: Path, lang: str, lists: dict[str, list[str]] | None = None) -> list[Rule]:
    """A rule file's variants, without the words and category their declarations give them."""
    data = read_yaml(path)
    _registry_keys_error(path, data)
    check_schema(path, data, "rule-file.schema.json")
    lang = data.get("language", lang)
    defaults = data.get("defaults", {})
    rules = []
    for spec in data["rules"]:
        rule_id = spec["id"]
        spec = _expand_lists(spec, lists or {}, f"{path}: rule {rule_id!r}")
        flag_examples, expected_matches = _flag_examples(spec)
        for key, patterns in (
            ("patterns", spec.get("patterns", [])),
            ("exclude.patterns", spec.get("exclude", {}).get("patterns", [])),
            ("dependency_patterns", spec.get("dependency_patterns", [])),
        ):
            problem = _pattern_errors(patterns, token_patterns=key != "dependency_patterns")
            if problem:
                raise RuleError(f"{path}: rule {rule_id!r}: {key}: {problem}")
        rules.append(
            Rule(
                id=rule_id,
                lang=lang,
                source=path,
                patterns=spec.get("patterns", []),
                phrases=spec.get("phrases", []),
                dependency_patterns=spec.get("dependency_patterns", []),
                exclude_patterns=spec.get("exclude", {}).get("patterns", []),
                exclude_phrases=spec.get("exclude", {}).get("phrases", []),
                context={
                    **_DEFAULT_CONTEXT,
                    **defaults.get("context", {}),
                    **spec.get("context", {}),
                },
                flag_examples=flag_examples,
                expected_matches=expected_matches,
                pass_examples=spec["examples"]["pass"],
            )
        )
    return rules


def load_language(
    directories: tuple[Path, ...], lang: str, declarations: dict[str, Declaration]
) -> LanguageRules:
    """One language's rules from each directory's <lang>/ in turn (a later directory's rule
    replaces an earlier one with the same id, so a user's folder can override a shipped rule),
    validated and given their declarations."""
    language = LanguageRules(lang)
    for lang_dir in (directory / lang for directory in directories):
        if not lang_dir.is_dir():
            continue
        lists_file = lang_dir / LISTS_FILE
        if lists_file.is_file():
            language.lists.update(load_lists_file(lists_file))
        context_file = lang_dir / CONTEXT_FILE
        if context_file.is_file():
            language.cues.update(load_context_file(context_file, lang, language.lists))
        if (lang_dir / MESSAGES_FILE).is_file():
            language.words.update(load_messages(lang_dir / MESSAGES_FILE))
        for path in sorted(lang_dir.glob("*.y*ml")):
            if path.name in (CONTEXT_FILE, LISTS_FILE, VOCABULARY_FILE, MESSAGES_FILE):
                continue
            seen: set[str] = set()
            for rule in load_rule_file(path, lang, language.lists):
                if rule.id in seen:
                    raise RuleError(f"{path}: rule {rule.id!r}: duplicate id in this file")
                seen.add(rule.id)
                language.rules[rule.id] = rule
    for rule in language.rules.values():
        unknown = sorted(set(rule.context) - set(language.cues))
        if unknown:
            raise RuleError(
                f"{rule.source}: rule {rule.id!r}: context names unknown cue set(s) "
                f"{', '.join(unknown)} (defined in {lang}/{CONTEXT_FILE}: "
                f"{', '.join(sorted(language.cues)) or 'none'})"
            )
    apply_declarations(language, declarations)
    return language


def load_declarations(directories: tuple[Path, ...]) -> dict[str, Declaration]:
    """Each directory's registry.yaml in turn (a later one may redeclare an id)."""
    declarations: dict[str, Declaration] = {}
    for directory in directories:
        if (directory / REGISTRY_FILE).is_file():
            declarations.update(load_registry(directory / REGISTRY_FILE))
    check_aliases(declarations)
    return declarations


@dataclass(frozen=True)
class _LanguageSource:
    """How a lazy ruleset loads a language: from the rule folders, through the cache when
    there is one (each language's entry is keyed by its own files and the registry's).
    Picklable: --jobs workers load the languages they meet as this process would."""

    directories: tuple[Path, ...]
    declarations: dict[str, Declaration]
    cache: Cache | None = None

    def __call__(self, lang: str) -> LanguageRules:
        with stage("rules"):
            if self.cache is None:
                return self._load(lang)
            language: LanguageRules = self.cache.rule_part(
                lang, LanguageRules, functools.partial(self._load, lang)
            )
            return language

    def _load(self, lang: str) -> LanguageRules:
        return load_language(self.directories, lang, self.declarations)


def open_ruleset(
    directories: list[Path], cache: Cache | None = None, load_now: tuple[Path, ...] = ()
) -> Ruleset:
    """The ruleset of ``directories``, each language's rules loaded and validated when first
    asked for (the registry now): checking an English page never parses the Russian rules.
    The languages of the ``load_now`` directories are loaded at once, so that a mistake in
    a user's own rules is reported whatever the text's language. Every rule must be declared
    in a directory's registry.yaml."""
    for directory in directories:
        if not directory.is_dir():
            raise RuleError(f"{directory}: rule folder not found")
    folders = tuple(directories)
    if cache is None:
        declarations = load_declarations(folders)
    else:
        declarations = cache.rule_part(
            REGISTRY_PART, dict[str, Declaration], functools.partial(load_declarations, folders)
        )
    names = {
        directory: sorted(p.name for p in directory.iterdir() if p.is_dir())
        for directory in folders
    }
    source = _LanguageSource(folders, declarations, cache)
    ruleset = Ruleset(
        Languages([n for found in names.values() for n in found], source), declarations
    )
    for lang in sorted({lang for directory in load_now for lang in names.get(directory, ())}):
        ruleset.languages[lang]  # loaded, and so validated
    return ruleset


def load_ruleset(directories: list[Path]) -> Ruleset:
    """The ruleset of ``directories`` with every language loaded and validated now."""
    return open_ruleset(directories).load_all()
