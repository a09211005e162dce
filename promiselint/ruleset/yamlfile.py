"""Reading the rule folders' YAML files and validating them against their JSON schemas, with
one-line errors naming the file, the rule id where there is one, and the problem."""

from __future__ import annotations

import functools
import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from promiselint.errors import RuleError, yaml_error_message
from promiselint.findings import CATEGORIES


@functools.cache
def schema(name: str) -> Any:
    """The validator for a schema of promiselint/ruleset/; a schema's category list is
    promiselint.findings.CATEGORIES, the one place categories are defined."""
    from jsonschema import Draft202012Validator

    text = resources.files("promiselint.ruleset").joinpath(name).read_text(encoding="utf-8")
    document = json.loads(text)
    if "category" in document.get("$defs", {}):
        document["$defs"]["category"]["enum"] = list(CATEGORIES)
    return Draft202012Validator(document)


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


def read_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.load(handle, Loader=_WordSafeLoader)
    except yaml.YAMLError as exc:
        raise RuleError(yaml_error_message(path, exc)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(f"{path}: cannot read: {exc}") from None


def check_schema(path: Path, data: Any, schema_name: str) -> None:
    """A RuleError for the first way ``data`` breaks the schema. Rules are a list of mappings
    with an ``id`` (rule files) or a mapping by id (registry, messages)."""
    errors = sorted(schema(schema_name).iter_errors(data), key=lambda e: list(e.absolute_path))
    if not errors:
        return
    error = errors[0]
    location = list(error.absolute_path)
    rule_id = None
    if len(location) >= 2 and location[0] == "rules" and isinstance(data, dict):
        rule = location[1] if isinstance(location[1], str) else data["rules"][location[1]]
        rule_id = rule.get("id") if isinstance(rule, dict) else rule
        location = location[2:]
    field = ".".join(str(part) for part in location)
    subject = f"rule {rule_id!r}: " if rule_id else ""
    at = f"{field}: " if field else ""
    raise RuleError(f"{path}: {subject}{at}{error.message}")
