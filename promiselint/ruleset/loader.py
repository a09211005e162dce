"""Loading rule folders: rules/<lang>/*.yaml, validated against the documented schemas.

Every problem becomes a RuleError naming the file, the rule id where there is one, and what is
wrong; nothing here imports spaCy's pipelines, so listing and explaining rules stays fast.
"""

from __future__ import annotations

import functools
import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from promiselint.errors import RuleError, yaml_error_message
from promiselint.findings import Severity
from promiselint.ruleset.model import CueSet, LanguageRules, Rule, Ruleset
from promiselint.ruleset.regexes import regex_problem, regexes_in

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


@functools.cache
def _schema(name: str) -> Any:
    from jsonschema import Draft202012Validator

    text = resources.files("promiselint.ruleset").joinpath(name).read_text(encoding="utf-8")
    return Draft202012Validator(json.loads(text))


# libyaml's parser when PyYAML has it: the pure-Python one takes seconds on the shipped rules.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _WordSafeLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """YAML 1.2 booleans: only true/false. Under YAML 1.1 the words "on", "off", "no" and "yes"
    in a word list would silently become booleans, and rule files are full of such words."""


_WordSafeLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_WordSafeLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _read_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.load(handle, Loader=_WordSafeLoader)
    except yaml.YAMLError as exc:
        raise RuleError(yaml_error_message(path, exc)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(f"{path}: cannot read: {exc}") from None


def _schema_error(path: Path, data: Any, schema: str) -> None:
    errors = sorted(_schema(schema).iter_errors(data), key=lambda e: list(e.absolute_path))
    if not errors:
        return
    error = errors[0]
    location = list(error.absolute_path)
    rule_id = None
    if len(location) >= 2 and location[0] == "rules" and isinstance(data, dict):
        rule = data["rules"][location[1]]
        rule_id = rule.get("id") if isinstance(rule, dict) else None
        location = location[2:]
    field = ".".join(str(part) for part in location)
    subject = f"rule {rule_id!r}: " if rule_id else ""
    at = f"{field}: " if field else ""
    raise RuleError(f"{path}: {subject}{at}{error.message}")


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
    data = _read_yaml(path)
    _schema_error(path, data, "lists-file.schema.json")
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
    data = _read_yaml(path)
    _schema_error(path, data, "context-file.schema.json")
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


def load_rule_file(path: Path, lang: str, lists: dict[str, list[str]] | None = None) -> list[Rule]:
    data = _read_yaml(path)
    _schema_error(path, data, "rule-file.schema.json")
    lang = data.get("language", lang)
    defaults = data.get("defaults", {})
    rules = []
    for spec in data["rules"]:
        rule_id = spec["id"]
        spec = _expand_lists(spec, lists or {}, f"{path}: rule {rule_id!r}")
        flag_examples, expected_matches = _flag_examples(spec)
        category = spec.get("category", data.get("category"))
        if category is None:
            raise RuleError(
                f"{path}: rule {rule_id!r}: no category (set it on the rule or the file)"
            )
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
                category=category,
                severity=Severity.parse(spec.get("severity", defaults.get("severity", "warning"))),
                message=spec["message"],
                explanation=spec["explanation"].strip(),
                suggestion=spec.get("suggestion"),
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


def load_ruleset(directories: list[Path]) -> Ruleset:
    """Rules from each directory in turn; a later directory's rule replaces an earlier one with
    the same id and language, so a user's folder can override a shipped rule."""
    ruleset = Ruleset()
    for directory in directories:
        if not directory.is_dir():
            raise RuleError(f"{directory}: rule folder not found")
        for lang_dir in sorted(p for p in directory.iterdir() if p.is_dir()):
            lang = lang_dir.name
            language = ruleset.languages.setdefault(lang, LanguageRules(lang))
            lists_file = lang_dir / LISTS_FILE
            if lists_file.is_file():
                language.lists.update(load_lists_file(lists_file))
            context_file = lang_dir / CONTEXT_FILE
            if context_file.is_file():
                language.cues.update(load_context_file(context_file, lang, language.lists))
            for path in sorted(lang_dir.glob("*.y*ml")):
                if path.name in (CONTEXT_FILE, LISTS_FILE, VOCABULARY_FILE):
                    continue
                seen: set[str] = set()
                for rule in load_rule_file(path, lang, language.lists):
                    if rule.id in seen:
                        raise RuleError(f"{path}: rule {rule.id!r}: duplicate id in this file")
                    seen.add(rule.id)
                    language.rules[rule.id] = rule
    for language in ruleset.languages.values():
        for rule in language.rules.values():
            unknown = sorted(set(rule.context) - set(language.cues))
            if unknown:
                raise RuleError(
                    f"{rule.source}: rule {rule.id!r}: context names unknown cue set(s) "
                    f"{', '.join(unknown)} (defined in {language.lang}/{CONTEXT_FILE}: "
                    f"{', '.join(sorted(language.cues)) or 'none'})"
                )
    return ruleset
